/*--------------------------------------------------------------------*/
/*--- cprofgrind: exact profiles for pprof.              cp_main.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of cprofgrind, a Valgrind tool that writes exact
   CPU, heap and synchronisation profiles in pprof's format, execution
   timelines, and data-race reports.

   Overview
   --------
   This file registers the tool with the core, owns instrument(), the
   client requests and the end of the run; each concern lives in its own
   module:

     cp_clo.c      options
     cp_context.c  calling-context tree and shadow stacks (call/return)
     cp_sbinfo.c   basic blocks' shapes (instruction offsets, exits)
     cp_cost.c     instruction counters per (superblock, context)
     cp_objects.c  loaded objects, build-ids (pprof mappings)
     cp_cpuprof.c  the CPU profile
     cp_pprof.c    profile.proto writer; cp_pb.c wire format;
     cp_gzip.c     deflate; cp_out.c output files
     cp_heap.c     heap blocks and profiles; cp_leak.c the leak check
     cp_race.c     the race detector's accesses (inline checks, helpers)
     cp_shadow.c   its shadow memory; cp_hb.c happens-before (clocks)
     cp_racerep.c  race reports; cp_sync.c the program's synchronisation
     cp_block.c    block, mutex and threads profiles (waits)
     cp_trace.c    the timeline (Chrome trace JSON), task/region labels
     cp_monitor.c  vgdb monitor commands (dump, zero, threads)
     cp_annot.c    helgrind/DRD/cprofgrind race annotations, TSan
                   suppression files
     cp_lockorder.c the lock-order graph: potential deadlocks

   instrument() adds, to every superblock:
     - with --race=yes, once the program has two threads: an inline check
       of each load and store against its shadow cell (cp_race.c);
     - when counting: a counter-cell lookup and an entry increment at the
       first instruction, and one add per side exit (cp_cost.c);
     - at a call: a helper that pushes a shadow frame (cp_context.c);
     - at a return or an indirect jump: an inline test of the stack
       pointer against the innermost shadow frame, and a helper call
       only when frames have died.
   Guest chasing across branches is turned off, as callgrind does, so
   that every call and return ends a superblock and is seen.
*/

#include "pub_tool_basics.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_options.h"
#include "pub_tool_machine.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_transtab.h"
#include "pub_tool_clientstate.h"
#include "pub_tool_vki.h"
#include "pub_tool_vkiscnums.h"

#include "cp_basics.h"
#include "cp_clo.h"
#include "cp_context.h"
#include "cp_cost.h"
#include "cp_objects.h"
#include "cp_mem.h"
#include "cp_cpuprof.h"
#include "cp_out.h"
#include "cp_coreext.h"
#include "cp_initstack.h"
#include "cp_block.h"
#include "cp_trace.h"
#include "cp_monitor.h"
#include "cp_annot.h"
#include "cp_lockorder.h"
#include "cp_heap.h"
#include "cp_leak.h"
#include "cp_race.h"
#include "cp_racerep.h"
#include "cp_sync.h"
#include "cprofgrind.h"

/* Whether instruction counting is on now (--collect-atstart, START/STOP). */
static Bool s_collecting = True;
/* Dumps made so far by CPROFGRIND_DUMP (numbers the files). */
static UInt s_n_dumps = 0;

/*------------------------------------------------------------*/
/*--- Instrumentation                                      ---*/
/*------------------------------------------------------------*/

static IRExpr* mkHW ( IRType ty, ULong n )
{
   return ty == Ity_I64 ? IRExpr_Const(IRConst_U64(n))
                        : IRExpr_Const(IRConst_U32((UInt)n));
}

static IRTemp get_sp ( IRSB* sbOut, const VexGuestLayout* layout, IRType ty )
{
   IRTemp sp = newIRTemp(sbOut->tyenv, ty);
   addStmtToIRSB(sbOut, IRStmt_WrTmp(sp, IRExpr_Get(layout->offset_SP, ty)));
   return sp;
}

/* At a call: push a shadow frame.  The call instruction has already
   pushed the return address, so SP points at it. */
static void add_call ( IRSB* sbOut, const VexGuestLayout* layout, IRType ty,
                       Addr callsite )
{
   IRTemp sp = get_sp(sbOut, layout, ty);
   IRDirty* di = unsafeIRDirty_0_N(2, "cct_call",
                                   VG_(fnptr_to_fnentry)(&CP_(cct_call)),
                                   mkIRExprVec_2(mkHW(ty, (HWord)CP_(cct_callsite)(callsite)),
                                                 IRExpr_RdTmp(sp)));
   addStmtToIRSB(sbOut, IRStmt_Dirty(di));
}

/* At a return or an indirect jump: unwind only if SP rose above the
   innermost frame.  One load and one compare on the common path. */
static void add_unwind_check ( IRSB* sbOut, const VexGuestLayout* layout,
                               IRType ty, Bool in_main )
{
   IRTemp sp  = get_sp(sbOut, layout, ty);
   IRTemp top = newIRTemp(sbOut->tyenv, ty);
   addStmtToIRSB(sbOut, IRStmt_WrTmp(top, IRExpr_Load(Iend_LE, ty,
                        mkHW(ty, (HWord)&CP_(cur_top_sp)))));
   IRTemp rose = newIRTemp(sbOut->tyenv, Ity_I1);
   addStmtToIRSB(sbOut, IRStmt_WrTmp(rose, IRExpr_Binop(
                        ty == Ity_I64 ? Iop_CmpLT64U : Iop_CmpLT32U,
                        IRExpr_RdTmp(top), IRExpr_RdTmp(sp))));
   IRDirty* di = in_main
      ? unsafeIRDirty_0_N(1, "cct_unwind_main",
                          VG_(fnptr_to_fnentry)(&CP_(cct_unwind_main)),
                          mkIRExprVec_1(IRExpr_RdTmp(sp)))
      : unsafeIRDirty_0_N(1, "cct_unwind",
                          VG_(fnptr_to_fnentry)(&CP_(cct_unwind)),
                          mkIRExprVec_1(IRExpr_RdTmp(sp)));
   /* main's return is always noted (without shadow frames nothing rose) */
   if (!in_main) di->guard = IRExpr_RdTmp(rose);
   addStmtToIRSB(sbOut, IRStmt_Dirty(di));
}

/* --trace-clock=instructions: the timeline's clock counts the
   instructions of every superblock entered (a deterministic clock; a side
   exit still counts the whole block). */
static void add_icount ( IRSB* sbOut, UInt n )
{
   IRTemp old = newIRTemp(sbOut->tyenv, Ity_I64);
   IRTemp upd = newIRTemp(sbOut->tyenv, Ity_I64);
   IRExpr* addr = IRExpr_Const(IRConst_U64((ULong)(Addr)&CP_(trace_icount)));
   addStmtToIRSB(sbOut, IRStmt_WrTmp(old, IRExpr_Load(Iend_LE, Ity_I64, addr)));
   addStmtToIRSB(sbOut, IRStmt_WrTmp(upd, IRExpr_Binop(Iop_Add64, IRExpr_RdTmp(old),
                                          IRExpr_Const(IRConst_U64(n)))));
   addStmtToIRSB(sbOut, IRStmt_Store(Iend_LE, addr, IRExpr_RdTmp(upd)));
}

static IRSB* cp_instrument ( VgCallbackClosure* closure, IRSB* sbIn,
                             const VexGuestLayout* layout,
                             const VexGuestExtents* vge,
                             const VexArchInfo* archinfo_host,
                             IRType gWordTy, IRType hWordTy )
{
   (void)closure; (void)vge; (void)archinfo_host;
   if (gWordTy != hWordTy)
      VG_(tool_panic)("cprofgrind: host and guest word sizes differ");

   /* The superblock's shape: its instructions and side exits. */
   static SBShape shape;
   shape.n_instrs = shape.n_exits = 0;
   Addr last_instr = 0;
   for (Int i = 0; i < sbIn->stmts_used; i++) {
      const IRStmt* st = sbIn->stmts[i];
      if (st->tag == Ist_IMark && st->Ist.IMark.len > 0
          && shape.n_instrs < sizeof shape.iaddr / sizeof shape.iaddr[0]) {
         last_instr = (Addr)st->Ist.IMark.addr;
         shape.iaddr[shape.n_instrs++] = last_instr;
      } else if (st->tag == Ist_Exit && shape.n_instrs > 0) {
         CP_ASSERT(shape.n_exits < sizeof shape.exit_after / sizeof shape.exit_after[0]);
         shape.exit_after[shape.n_exits++] = (UShort)(shape.n_instrs - 1);
      }
   }

   DiEpoch ep = VG_(current_DiEpoch)();
   SBInfo* sb = NULL;
   Bool count = s_collecting && CP_(clo).cpu;
   if ((count || CP_(clo).race) && shape.n_instrs > 0
       && !CP_(obj_is_ours)(ep, shape.iaddr[0]))
      sb = CP_(sb_get)(&shape, ep);
   Bool race = CP_(clo).race && CP_(race_sb_begin)(sbIn, sb, ep);

   IRSB* sbOut = deepCopyIRSBExceptStmts(sbIn);
   UInt   exit_no = 0;
   Bool   seen_imark = False;
   Int    instr = -1;
   for (Int i = 0; i < sbIn->stmts_used; i++) {
      IRStmt* st = sbIn->stmts[i];
      if (!st || st->tag == Ist_NoOp) continue;
      if (st->tag == Ist_IMark && st->Ist.IMark.len > 0) instr++;
      if (st->tag == Ist_IMark && !seen_imark) {
         seen_imark = True;
         if (sb && count) CP_(cost_sb_entry)(sbOut, sb, hWordTy);
         if (CP_(clo).trace_clock_instr && shape.n_instrs > 0)
            add_icount(sbOut, shape.n_instrs);
      }
      if (st->tag == Ist_Exit && sb && count && seen_imark)
         CP_(cost_exit)(sbOut, sb, &shape, exit_no++,
                        deepCopyIRExpr(st->Ist.Exit.guard), hWordTy);
      if (race && instr >= 0) CP_(race_stmt)(sbOut, st, i, (UInt)instr);
      addStmtToIRSB(sbOut, st);
   }

   /* Calls and returns: followed when contexts are tracked; a return
      from main() is noted for the leak check in any case. */
   Bool tracking = CP_(cct_tracking)();
   switch (sbIn->jumpkind) {
      case Ijk_Call:
      case Ijk_NoRedir:   /* a wrapper's call to the original function */
         if (tracking && last_instr) add_call(sbOut, layout, hWordTy, last_instr);
         break;
      case Ijk_Ret: {
         Bool in_main = last_instr && VG_(get_fnname_kind_from_IP)(ep, last_instr)
                                      == Vg_FnNameMain;
         if (tracking || in_main)
            add_unwind_check(sbOut, layout, hWordTy, in_main);
         break;
      }
      case Ijk_Boring:
         if (tracking && sbIn->next->tag != Iex_Const)   /* longjmp */
            add_unwind_check(sbOut, layout, hWordTy, False);
         break;
      default:
         break;
   }
   return sbOut;
}

/*------------------------------------------------------------*/
/*--- Collection control and dumps                         ---*/
/*------------------------------------------------------------*/

static void set_collecting ( Bool on )
{
   if (on == s_collecting) return;
   s_collecting = on;
   /* Counting code is in the translations: make new ones.  Context
      tracking is in every translation either way, so contexts stay
      right across the switch. */
   VG_(discard_translations_safely)((Addr)0x1000, ~(SizeT)0xfff, "cprofgrind");
}

static void dump_profiles ( UInt dump_no, const HChar* name, Bool at_exit )
{
   if (CP_(clo).heap)
      CP_(heap_write_profiles)(dump_no, name, at_exit);
   if (CP_(clo).sync)
      CP_(block_write_profiles)(dump_no, name);
   if (CP_(clo).trace && !at_exit)
      CP_(trace_write)(dump_no, name);
   if (CP_(clo).cpu) {
      HChar* path = CP_(out_name)("cpu.pb.gz", dump_no, name);
      UInt contexts;
      Long total = CP_(cpuprof_write)(path, &contexts);
      if (total >= 0 && VG_(clo_verbosity) > (at_exit ? 0 : 1)) {
         VG_(umsg)("cprofgrind: %'lld instructions in %'u calling contexts, "
                   "%u thread%s\n", total, contexts,
                   CP_(cct_n_threads)(), CP_(cct_n_threads)() == 1 ? "" : "s");
         if (CP_(sb_uncounted)())
            VG_(umsg)("cprofgrind: warning: the profile is not complete: "
                      "%'llu translations of code first run after the block "
                      "ids ran out were not counted\n", CP_(sb_uncounted)());
         VG_(umsg)("cprofgrind: CPU profile: %s\n", CP_(out_shown)(path));
         if (at_exit)
            VG_(umsg)("cprofgrind: view it with: go tool pprof -http=: %s\n",
                      CP_(out_shown)(path));
         /* a big tree is what memory goes to (cc1: 2.9 million contexts,
            500 MB): name the knob */
         if (at_exit && contexts >= 1000000)
            VG_(umsg)("cprofgrind: so many contexts take memory: --max-depth=N "
                      "bounds them and keeps every function's cost "
                      "(docs/cpu.md, \"Memory against depth\")\n");
      }
      CP_FREE(path);
   }
}

UInt CP_(main_dump) ( const HChar* name )
{
   dump_profiles(++s_n_dumps, name, False);
   return s_n_dumps;
}

static Bool cp_handle_client_request ( ThreadId tid, UWord* args, UWord* ret )
{
   if (args[0] == VG_USERREQ__GDB_MONITOR_COMMAND) {
      *ret = CP_(monitor_command)(tid, (HChar*)args[1]);
      return (Bool)*ret;
   }
   if (!VG_IS_TOOL_USERREQ('C', 'P', args[0]))
      return CP_(annot_handle_request)(tid, args, ret);
   if (CP_(annot_handle_request)(tid, args, ret))
      return True;
   *ret = 0;
   if (CP_(heap_handle_request)(tid, args, ret))
      return True;
   if (CP_(sync_handle_request)(tid, args, ret))
      return True;
   if (CP_(trace_handle_request)(tid, args, ret))
      return True;
   switch (args[0]) {
      case CPROFGRIND_USERREQ__START:   set_collecting(True);  break;
      case CPROFGRIND_USERREQ__STOP:    set_collecting(False); break;
      case CPROFGRIND_USERREQ__ZERO:
         CP_(cost_zero)();
         CP_(heap_zero)();
         break;
      case CPROFGRIND_USERREQ__DUMP:
         dump_profiles(++s_n_dumps, (const HChar*)args[1], False);
         break;
      case CPROFGRIND_USERREQ__RUNNING: *ret = 1; break;
      default:
         return False;
   }
   return True;
}

/*------------------------------------------------------------*/
/*--- The preload library: dropped or cut down            ---*/
/*------------------------------------------------------------*/

/* What to do with the preload library before the first instruction,
   from the modes that need its wrappers: no wrappers at all (CPU profile
   only): take it out, so that the program runs exactly as under
   cachegrind or callgrind; only the heap's: load the library that has
   those alone (cp_initstack.c).  Reset once done. */
typedef enum { PreloadKeep, PreloadDrop, PreloadHeapOnly } PreloadPlan;
static PreloadPlan s_preload = PreloadKeep;

static void cp_start_client_code ( ThreadId tid, ULong blocks_done )
{
   if (UNLIKELY(s_preload != PreloadKeep)) {
      if (s_preload == PreloadDrop) CP_(initstack_drop_preload)(tid);
      else                          CP_(initstack_heap_preload)(tid);
      s_preload = PreloadKeep;   /* once, before the first instruction */
   }
   CP_(cct_start_client)(tid, blocks_done);
   if (CP_(clo).race) CP_(race_start_client)(tid);
   if (CP_(clo).trace) CP_(trace_run_start)(tid);
}

static void cp_stop_client_code ( ThreadId tid, ULong blocks_done )
{
   (void)blocks_done;
   if (CP_(clo).trace) CP_(trace_run_stop)(tid);
}

/*------------------------------------------------------------*/
/*--- Setup and end                                        ---*/
/*------------------------------------------------------------*/

static void cp_post_clo_init ( void )
{
   CP_(clo_finish)();
   /* Following calls needs every call and return to end a superblock.
      Heap-only runs do not follow calls, but chasing does not make them
      faster either (cc1: 25-26 s without, 27-31 s with). */
   VG_(clo_vex_control).guest_chase = False;
   s_collecting = CP_(clo).collect_atstart;
   /* The CPU profile and the race detector need the context of every
      instruction; heap-only runs unwind at each allocation instead. */
   CP_(cct_set_tracking)(CP_(clo).cpu || CP_(clo).race);
   CP_(out_check_startup)();
   if (!CP_(clo).race && !CP_(clo).sync && !CP_(clo).trace)
      s_preload = CP_(clo).heap ? PreloadHeapOnly : PreloadDrop;
   /* Errors (race reports) only when looking for races: otherwise no
      suppressions to load and no ERROR SUMMARY (see cp_coreext.h). */
   if (!CP_(clo).race) VG_(needs).tool_errors = False;
   if (CP_(clo).heap) {
      /* Let glibc and libstdc++ free their own buffers at exit, as under
         memcheck, so that the leak check and the totals are the same.
         Not in CPU-only runs: the instructions would not be cachegrind's. */
      VG_(needs_libc_freeres)();
      VG_(needs_cxx_freeres)();
   }
   /* Full directories of inlined frames' sources (see cp_coreext.h). */
   if (VG_(sizeXA)(VG_(clo_fullpath_after)) == 0) {
      const HChar* all = "";
      VG_(addToXA)(VG_(clo_fullpath_after), &all);
   }
   CP_(obj_init)();
   CP_(annot_init)();
   CP_(cct_init)();
   CP_(cost_init)();
   /* the heap's tables (0.5 MB touched): for the heap profiles and the
      race reports' "heap block allocated at" only */
   if (CP_(clo).heap || CP_(clo).race) CP_(heap_init)();
   if (CP_(clo).race) {
      CP_(race_init)();
      CP_(racerep_init)();
      if (CP_(clo).lock_order) CP_(lockorder_init)();
      for (Int i = 0; i < CP_(clo).n_tsan_supp; i++)
         CP_(annot_load_tsan_supp)(CP_(clo).tsan_supp[i]);
   }
   if (CP_(clo).sync || CP_(clo).trace) CP_(block_init)();
   if (CP_(clo).trace) CP_(trace_init)();
}

/* The resident set size now, or its peak so far (VmHWM), in KB (for
   --stats): from /proc. */
static ULong rss_kb ( const HChar* field )
{
   HChar buf[2048];
   SysRes r = VG_(open)("/proc/self/status", VKI_O_RDONLY, 0);
   if (sr_isError(r)) return 0;
   Int n = VG_(read)(sr_Res(r), buf, sizeof buf - 1);
   VG_(close)(sr_Res(r));
   if (n <= 0) return 0;
   buf[n] = '\0';
   const HChar* p = VG_(strstr)(buf, field);
   return p ? VG_(strtoll10)(p + VG_(strlen)(field), NULL) : 0;
}

static void cp_fini ( Int exitcode )
{
   (void)exitcode;
   UInt t0 = VG_(read_millisecond_timer)();
   if (VG_(clo_stats))
      VG_(dmsg)("cprofgrind: run took %u ms, resident %'llu KB (peak %'llu KB)\n",
                t0, rss_kb("VmRSS:"), rss_kb("VmHWM:"));
   /* The program is done; unless the leak check is still to scan its
      memory, give that back before writing (xz -6: 40 MB) */
   if (!CP_(clo).heap) {
      ULong kb = CP_(mem_release_client)();
      if (VG_(clo_stats))
         VG_(dmsg)("cprofgrind: the program's anonymous memory given back (%'llu KB mapped)\n", kb);
   }
   if (CP_(clo).cpu) CP_(cost_compact_all)();
   dump_profiles(0, NULL, True);
   if (CP_(clo).trace) CP_(trace_write)(0, NULL);
   if (VG_(clo_stats))
      VG_(dmsg)("cprofgrind: profiles written in %u ms, resident %'llu KB "
                "(peak %'llu KB)\n", VG_(read_millisecond_timer)() - t0,
                rss_kb("VmRSS:"), rss_kb("VmHWM:"));
   Int force_exit = 0;
   if (CP_(clo).heap) {
      if (VG_(clo_verbosity) > 0) VG_(umsg)("\n");
      CP_(heap_fini)();
      CP_(leak_check)();
      if (CP_(clo).leak_exitcode && CP_(leak_definitely_lost)() > 0) {
         if (VG_(clo_verbosity) > 0)
            VG_(umsg)("cprofgrind: exiting with %d: memory was definitely "
                      "lost (--leak-exitcode)\n", CP_(clo).leak_exitcode);
         force_exit = CP_(clo).leak_exitcode;
      }
   }
   if (CP_(clo).race) {
      Int code = CP_(racerep_fini)();
      if (code) force_exit = code;
   }
   if (VG_(clo_stats)) {
      CP_(cct_print_stats)();
      CP_(cost_print_stats)();
      if (CP_(clo).race) CP_(race_print_stats)();
   }
   if (force_exit) VG_(exit)(force_exit);
}

static void cp_atfork_child ( ThreadId tid )
{
   (void)tid;
   /* The child's profile holds what the child ran; the parent's keeps
      everything before the fork.  Names use the new pid. */
   CP_(cost_zero)();
   s_n_dumps = 0;
}

static void cp_thread_create ( ThreadId parent, ThreadId child )
{
   CP_(leak_thread_create)(child);
   CP_(cct_thread_create)(parent, child);
   if (CP_(clo).race) CP_(race_thread_create)(parent, child);
   if (CP_(clo).sync) CP_(block_thread_create)(parent, child);
   if (CP_(clo).trace) CP_(trace_thread_create)(parent, child);
}

static void cp_thread_exit ( ThreadId tid )
{
   CP_(leak_thread_exit)(tid);
   if (CP_(clo).race) CP_(race_thread_exit)(tid);
   if (CP_(clo).lock_order) CP_(lockorder_thread_exit)(tid);
   /* The last thread runs on after its exit event: Valgrind then runs the
      C library's and libstdc++'s free-resource code on it.  Keep its
      context and its timeline track, so that code is that thread's, not
      a new thread's. */
   for (ThreadId t = 1; t < VG_N_THREADS; t++)
      if (t != tid && VG_(is_valid_tid)(t)) {
         if (CP_(clo).trace) CP_(trace_thread_exit)(tid);
         CP_(cct_thread_exit)(tid);
         return;
      }
}

static void cp_pre_syscall ( ThreadId tid, UInt sysno, UWord* args, UInt n )
{
   (void)n;
   if (sysno == __NR_exit) CP_(leak_thread_exiting)(tid);
   if (sysno == __NR_mmap) CP_(obj_pre_mmap)(args);
   if (CP_(clo).race) CP_(race_pre_syscall)(tid, sysno, args);
   if (CP_(clo).trace) CP_(trace_pre_syscall)(tid, sysno, args);
}

static void cp_post_syscall ( ThreadId tid, UInt sysno, UWord* args, UInt n,
                              SysRes res )
{
   (void)n;
   if (sysno == __NR_mmap) CP_(obj_post_mmap)();
   if (CP_(clo).race) CP_(race_post_syscall)(tid, sysno, args, res);
   if (CP_(clo).trace) CP_(trace_post_syscall)(tid, sysno);
}

static void cp_pre_clo_init ( void )
{
   VG_(details_name)            ("cprofgrind");
   VG_(details_version)         ("0.1.0");
   VG_(details_description)     ("a profiler for pprof: exact CPU, heap "
                                 "and contention profiles, timelines, races");
   VG_(details_copyright_author)("Copyright (C) 2026, the cprofgrind authors.");
   VG_(details_bug_reports_to)  ("the cprofgrind issue tracker");
   VG_(details_avg_translation_sizeB)(400);

   VG_(basic_tool_funcs)(cp_post_clo_init, cp_instrument, cp_fini);
   VG_(needs_command_line_options)(CP_(clo_process), CP_(clo_print_usage),
                                   CP_(clo_print_debug_usage));
   VG_(needs_client_requests)(cp_handle_client_request);
   VG_(needs_syscall_wrapper)(cp_pre_syscall, cp_post_syscall);
   CP_(racerep_pre_clo_init)();

   VG_(track_start_client_code)   (cp_start_client_code);
   VG_(track_stop_client_code)    (cp_stop_client_code);
   VG_(track_pre_thread_ll_create)(cp_thread_create);
   VG_(track_pre_thread_ll_exit)  (cp_thread_exit);
   VG_(track_pre_deliver_signal)  (CP_(cct_signal_enter));
   VG_(track_post_deliver_signal) (CP_(cct_signal_leave));
   VG_(atfork)(NULL, NULL, cp_atfork_child);

   /* Inlined frames become pprof Lines: read them unless told not to.
      Keep the debug info of unloaded objects: a profile written at exit
      names code of a library dlclose()d long before. */
   VG_(clo_read_inline_info) = True;
   VG_(clo_keep_debuginfo)   = True;
}

VG_DETERMINE_INTERFACE_VERSION(cp_pre_clo_init)

/*--------------------------------------------------------------------*/
/*--- end                                                cp_main.c ---*/
/*--------------------------------------------------------------------*/
