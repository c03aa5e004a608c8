/*--------------------------------------------------------------------*/
/*--- cprofgrind: gdbserver monitor commands.          cp_monitor.c ---*/
/*--------------------------------------------------------------------*/

/* What a running program can be asked through vgdb (Valgrind's gdbserver
   is on by default): "vgdb --pid=PID dump NAME" writes every profile
   now, as CPROFGRIND_DUMP(NAME) would; "zero" forgets the counts so far;
   "threads" lists the threads.  scripts/cprofgrind_serve builds Go's
   /debug/pprof endpoints on these.  Output goes back to vgdb (one
   "key value" line per fact, for scripts). */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_gdbserver.h"
#include "pub_tool_machine.h"
#include "pub_tool_debuginfo.h"
#include "pub_tool_threadstate.h"
#include "cp_monitor.h"
#include "cp_clo.h"
#include "cp_context.h"
#include "cp_coreext.h"
#include "cp_cost.h"
#include "cp_heap.h"
#include "cp_out.h"
#include "cp_trace.h"

static void help ( void )
{
   VG_(gdb_printf)(
"cprofgrind monitor commands:\n"
"  dump [NAME]   write every enabled profile now, as CPROFGRIND_DUMP(NAME):\n"
"                <out>.<n>.<NAME>.<kind>.pb.gz (and .trace.json)\n"
"  zero          forget the instructions and heap totals counted so far\n"
"  threads       list the live threads\n"
"  info          the output prefix, the enabled modes, the clocks\n");
}

static void info ( void )
{
   HChar* prefix = CP_(out_name)("x", 0, NULL);
   SizeT n = VG_(strlen)(prefix);
   if (n >= 2) prefix[n - 2] = '\0';     /* drop ".x" */
   VG_(gdb_printf)("prefix %s\n", prefix);
   VG_(gdb_printf)("pid %d\n", VG_(getpid)());
   VG_(gdb_printf)("modes%s%s%s%s%s\n", CP_(clo).cpu ? " cpu" : "",
                   CP_(clo).heap ? " heap" : "", CP_(clo).sync ? " sync" : "",
                   CP_(clo).trace ? " trace" : "", CP_(clo).race ? " race" : "");
   if (CP_(clo).trace)
      VG_(gdb_printf)("trace_clock %llu\n", CP_(trace_clock_now)());
   CP_FREE(prefix);
}

static void threads ( void )
{
   DiEpoch ep = VG_(current_DiEpoch)();
   for (ThreadId tid = 1; tid < VG_N_THREADS; tid++) {
      if (!VG_(is_valid_tid)(tid)) continue;
      const HChar* fn = "?";
      Addr ip = VG_(get_IP)(tid);
      VG_(get_fnname)(ep, ip, &fn);
      VG_(gdb_printf)("thread %u tid %u at %#lx %s\n",
                      CP_(cct_thread_serial)(tid), tid, ip, fn);
   }
}

Bool CP_(monitor_command) ( ThreadId tid, HChar* cmd )
{
   (void)tid;
   HChar* save;
   HChar* word = VG_(strtok_r)(cmd, " ", &save);
   if (!word) return False;
   switch (VG_(keyword_id)("help dump zero threads info", word,
                           kwd_report_none)) {
      case 0:
         help();
         return True;
      case 1: {
         HChar* name = VG_(strtok_r)(NULL, " ", &save);
         UInt n = CP_(main_dump)(name);
         VG_(gdb_printf)("dump %u\n", n);
         info();
         return True;
      }
      case 2:
         CP_(cost_zero)();
         CP_(heap_zero)();
         VG_(gdb_printf)("zeroed\n");
         return True;
      case 3:
         threads();
         return True;
      case 4:
         info();
         return True;
      default:
         return False;
   }
}

/*--------------------------------------------------------------------*/
/*--- end                                             cp_monitor.c ---*/
/*--------------------------------------------------------------------*/
