/*--------------------------------------------------------------------*/
/*--- cprofgrind: command line options.                 cp_clo.c ---*/
/*--------------------------------------------------------------------*/

/* One if/else chain over the tool's options.  A bad value or an option
   nobody knows ends the run before the client starts, with exactly one
   line on stderr and exit status 1 (the core's own messages for these
   cases take three lines). */

#include "pub_tool_options.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_libcfile.h"
#include "cp_clo.h"
#include "cp_sbinfo.h"

#include <stdarg.h>

CpOptions CP_(clo) = {
   .cpu             = True,
   .heap            = True,
   .heap_peak       = False,
   .heap_allocator  = HeapAllocAuto,
   .leak_check      = LeakCheckSummary,
   .leak_exitcode   = 0,
   .out_file        = "cprofgrind.out.%p",
   .collect_atstart = True,
   .max_depth       = 1000,
   .compact_mb      = 0,   /* packing while running costs cc1 7-11% */
   .cpu_detail      = CpuDetailAuto,
   .max_samples     = 250000,
   .max_blocks      = CP_SB_MAX_ID,
   .trace_calls     = False,
   .race            = False,
   .race_exitcode   = 66,
   .race_halt       = False,
   .race_log_file   = NULL,
   .race_json       = NULL,
   .sync            = True,
   .trace           = False,
   .trace_clock_instr = False,
   .trace_max_mb    = 256,
   .lock_order      = True,
   .inline_system   = False,
};

void CP_(clo_fail) ( const HChar* fmt, ... )
{
   HChar buf[512];
   va_list vargs;
   va_start(vargs, fmt);
   VG_(vsnprintf)(buf, sizeof buf, fmt, vargs);
   va_end(vargs);
   /* Straight to fd 2: the log sink may not be set up yet, and a user
      error must reach the terminal whatever --log-file says. */
   VG_(write)(2, "cprofgrind: ", 12);
   VG_(write)(2, buf, VG_(strlen)(buf));
   VG_(write)(2, "\n", 1);
   VG_(exit)(1);
}

/*------------------------------------------------------------*/
/*--- Recognisers with one-line errors                     ---*/
/*------------------------------------------------------------*/

/* If arg is "<name>=...", return the value part, else NULL. */
static const HChar* value_of ( const HChar* arg, const HChar* name )
{
   SizeT n = VG_(strlen)(name);
   if (VG_(strncmp)(arg, name, n) == 0 && arg[n] == '=')
      return arg + n + 1;
   return NULL;
}

static Bool bool_clo ( const HChar* arg, const HChar* name, Bool* var )
{
   const HChar* v = value_of(arg, name);
   if (!v) return False;
   if      (VG_(strcmp)(v, "yes") == 0) *var = True;
   else if (VG_(strcmp)(v, "no")  == 0) *var = False;
   else CP_(clo_fail)("bad value '%s' for %s: expected yes or no", v, name);
   return True;
}

static Bool long_clo ( const HChar* arg, const HChar* name, Long* var,
                       Long lo, Long hi )
{
   const HChar* v = value_of(arg, name);
   if (!v) return False;
   HChar* end;
   Long n = VG_(strtoll10)(v, &end);
   if (v[0] == '\0' || *end != '\0' || n < lo || n > hi)
      CP_(clo_fail)("bad value '%s' for %s: expected a number from %lld to %lld",
                    v, name, lo, hi);
   *var = n;
   return True;
}

static Bool int_clo ( const HChar* arg, const HChar* name, Int* var,
                      Long lo, Long hi )
{
   Long v;
   if (!long_clo(arg, name, &v, lo, hi)) return False;
   *var = (Int)v;
   return True;
}

/* --name=a|b|c: the index of the value among choices. */
static Bool enum_clo ( const HChar* arg, const HChar* name, Int* var,
                       const HChar* const* choices, Int n_choices )
{
   const HChar* v = value_of(arg, name);
   if (!v) return False;
   for (Int i = 0; i < n_choices; i++)
      if (VG_(strcmp)(v, choices[i]) == 0) { *var = i; return True; }
   HChar list[128] = "";
   for (Int i = 0; i < n_choices; i++) {
      if (i) VG_(strcat)(list, i == n_choices - 1 ? " or " : ", ");
      VG_(strcat)(list, choices[i]);
   }
   CP_(clo_fail)("bad value '%s' for %s: expected %s", v, name, list);
}

static Bool str_clo ( const HChar* arg, const HChar* name, const HChar** var )
{
   const HChar* v = value_of(arg, name);
   if (!v) return False;
   if (v[0] == '\0')
      CP_(clo_fail)("bad value for %s: it must not be empty", name);
   *var = v;
   return True;
}

/*------------------------------------------------------------*/
/*--- The chain                                            ---*/
/*------------------------------------------------------------*/

Bool CP_(clo_process) ( const HChar* arg )
{
   /* Only at startup: none of our options can change later. */
   if (VG_(Clo_Mode)() != cloP)
      return False;
   static const HChar* const details[] = { "auto", "instr", "line" };
   static const HChar* const leaks[]   = { "no", "summary", "full" };
   static const HChar* const allocs[]  = { "auto", "program", "valgrind" };
   static const HChar* const clocks[]  = { "wall", "instructions" };
   Int detail, leak, clock, alloc;
   const HChar* tsan;
   static const HChar* const modes[] = { "hb", "hybrid" };
   Int mode;

   if      (bool_clo(arg, "--cpu", &CP_(clo).cpu)) CP_(clo).cpu_given = True;
   else if (bool_clo(arg, "--heap", &CP_(clo).heap)) CP_(clo).heap_given = True;
   else if (bool_clo(arg, "--heap-peak", &CP_(clo).heap_peak)) {}
   else if (enum_clo(arg, "--heap-allocator", &alloc, allocs, 3))
      CP_(clo).heap_allocator = (HeapAlloc)alloc;
   else if (enum_clo(arg, "--leak-check", &leak, leaks, 3))
      CP_(clo).leak_check = (LeakCheck)leak;
   else if (int_clo (arg, "--leak-exitcode", &CP_(clo).leak_exitcode, 0, 255)) {}
   else if (str_clo (arg, "--out-file", &CP_(clo).out_file)) {}
   else if (bool_clo(arg, "--collect-atstart", &CP_(clo).collect_atstart)) {}
   else if (int_clo (arg, "--max-depth", &CP_(clo).max_depth, 1, 100000)) {}
   else if (int_clo (arg, "--compact-mb", &CP_(clo).compact_mb, 0, 1 << 20)) {}
   else if (enum_clo(arg, "--cpu-detail", &detail, details, 3))
      CP_(clo).cpu_detail = (CpuDetail)detail;
   else if (long_clo(arg, "--max-samples", &CP_(clo).max_samples, 0,
                     1000000000LL)) {}
   else if (bool_clo(arg, "--trace-calls", &CP_(clo).trace_calls)) {}
   else if (int_clo (arg, "--max-blocks", &CP_(clo).max_blocks, 1, CP_SB_MAX_ID)) {}
   else if (bool_clo(arg, "--race", &CP_(clo).race)) {}
   else if (int_clo (arg, "--race-exitcode", &CP_(clo).race_exitcode, 0, 255)) {}
   else if (bool_clo(arg, "--race-halt-on-error", &CP_(clo).race_halt)) {}
   else if (str_clo (arg, "--race-log-file", &CP_(clo).race_log_file)) {}
   else if (str_clo (arg, "--race-json", &CP_(clo).race_json)) {}
   else if (bool_clo(arg, "--sync", &CP_(clo).sync)) CP_(clo).sync_given = True;
   else if (bool_clo(arg, "--lock-order", &CP_(clo).lock_order)) {}
   else if (bool_clo(arg, "--inline-system", &CP_(clo).inline_system)) {}
   else if (enum_clo(arg, "--race-mode", &mode, modes, 2))
      CP_(clo).race_hybrid = mode == 1;
   else if (str_clo (arg, "--tsan-suppressions", &tsan)) {
      if (CP_(clo).n_tsan_supp == 8)
         CP_(clo_fail)("too many --tsan-suppressions (at most 8)");
      CP_(clo).tsan_supp[CP_(clo).n_tsan_supp++] = tsan;
   }
   else if (bool_clo(arg, "--trace", &CP_(clo).trace)) {}
   else if (enum_clo(arg, "--trace-clock", &clock, clocks, 2))
      CP_(clo).trace_clock_instr = clock == 1;
   else if (int_clo (arg, "--trace-max-mb", &CP_(clo).trace_max_mb, 1, 65536)) {}
   else {
      /* Anything that reaches the tool and is not ours is unknown to
         everyone (the core has already taken its own options). */
      HChar name[64];
      Int i;
      for (i = 0; arg[i] && arg[i] != '=' && i < (Int)sizeof name - 1; i++)
         name[i] = arg[i];
      name[i] = '\0';
      CP_(clo_fail)("unknown option %s (valgrind --tool=cprofgrind --help "
                    "lists them)", name);
   }
   VG_(set_Clo_Recognised)();
   return True;
}

void CP_(clo_finish) ( void )
{
   /* A race run is a test run: profiles only when asked for. */
   if (CP_(clo).race) {
      if (!CP_(clo).cpu_given)  CP_(clo).cpu  = False;
      if (!CP_(clo).heap_given) CP_(clo).heap = False;
      if (!CP_(clo).sync_given) CP_(clo).sync = False;
   } else {
      CP_(clo).lock_order = False;   /* it needs the race detector's locks */
   }
   /* Valgrind's allocator (as memcheck and massif use) is much cheaper
      than glibc's run on the simulated CPU, but changes the program's
      instruction counts: by default only when they are not profiled. */
   HeapAlloc a = CP_(clo).heap_allocator;
   CP_(clo).heap_tool = (CP_(clo).heap || CP_(clo).race)
                        && (a == HeapAllocValgrind
                            || (a == HeapAllocAuto && !CP_(clo).cpu));
}

void CP_(clo_print_usage) ( void )
{
   VG_(printf)(
"    what to profile:\n"
"    --cpu=no|yes              count instructions per calling context\n"
"                              and thread -> <out>.cpu.pb.gz [yes]\n"
"    --heap=no|yes             track every heap block -> <out>.heap.pb.gz\n"
"                              (alloc/inuse objects and space) [yes]\n"
"    --heap-peak=no|yes        also write the blocks in use at the peak\n"
"                              -> <out>.heap-peak.pb.gz [no]\n"
"    --heap-allocator=auto|program|valgrind  program: wrap the program's\n"
"                              own malloc (its addresses and instruction\n"
"                              counts stay as without Valgrind); valgrind:\n"
"                              replace it, as memcheck and massif do\n"
"                              (faster); auto: valgrind if --cpu=no [auto]\n"
"    --leak-check=no|summary|full  leak check at exit; full lists each\n"
"                              leak and writes <out>.leaks.pb.gz [summary]\n"
"    --leak-exitcode=<n>       exit with n if bytes are definitely lost\n"
"                              (0 = off) [0]\n"
"    synchronisation and timeline:\n"
"    --sync=no|yes             block, mutex and threads profiles\n"
"                              -> <out>.block.pb.gz, .mutex.pb.gz,\n"
"                              .threads.pb.gz [yes]\n"
"    --trace=no|yes            execution timeline (Chrome trace JSON)\n"
"                              -> <out>.trace.json [no]\n"
"    --trace-clock=wall|instructions  timestamps: wall-clock time, or\n"
"                              instructions run (deterministic) [wall]\n"
"    --trace-max-mb=<n>        memory for timeline events; beyond, the\n"
"                              oldest are dropped (1..65536) [256]\n"
"    data races:\n"
"    --race=no|yes             happens-before data race detector; reports\n"
"                              on stderr and <out>.races.pb.gz; makes\n"
"                              --cpu, --heap and --sync default to no [no]\n"
"    --race-exitcode=<n>       exit status when races were found\n"
"                              (0 = keep the program's) [66]\n"
"    --race-halt-on-error=no|yes  stop at the first race [no]\n"
"    --race-log-file=<file>    also write the reports to <file> (%%p,\n"
"                              %%q{VAR} as in --out-file) [none]\n"
"    --race-json=<file>        one JSON object per race, for tools [none]\n"
"    --race-mode=hb|hybrid     hb: happens-before only (no false reports);\n"
"                              hybrid: locks do not order, accesses must\n"
"                              share a lock (finds races a schedule hid) [hb]\n"
"    --lock-order=no|yes       with --race=yes: report lock-order\n"
"                              inversions (potential deadlocks) [yes]\n"
"    --tsan-suppressions=<file>  ThreadSanitizer suppressions (race:,\n"
"                              called_from_lib: lines); may repeat [none]\n"
"    where the output goes:\n"
"    --out-file=<pattern>      output name prefix; %%p is the pid,\n"
"                              %%q{VAR} an environment variable\n"
"                              [cprofgrind.out.%%p]\n"
"    collection control:\n"
"    --collect-atstart=no|yes  count from the start; with 'no', counting\n"
"                              starts at CPROFGRIND_START() [yes]\n"
"    --max-depth=<n>           frames kept per calling context; deeper\n"
"                              calls run in one pseudo frame below depth n\n"
"                              (less memory) (1..100000) [1000]\n"
"    --compact-mb=<n>          each time the CPU counters grow by n MB (or\n"
"                              a quarter), pack the tables of contexts that\n"
"                              have not run since the last time: ~4 bytes\n"
"                              a counter instead of ~13; less memory, a\n"
"                              little slower (0: only at exit) [0]\n"
"    --inline-system=no|yes    also read the inlined calls of system\n"
"                              libraries (/lib, /usr/lib: glibc with\n"
"                              libc6-dbg, ~4 MB); the program's own code\n"
"                              always has them [no]\n"
"    size of the CPU profile:\n"
"    --cpu-detail=auto|instr|line  one sample per (context, instruction) or\n"
"                              per (context, source line); auto: per\n"
"                              instruction if that fits --max-samples [auto]\n"
"    --max-samples=<n>         most samples in the CPU profile: beyond, the\n"
"                              cheapest contexts merge into their callers\n"
"                              (0 = no limit) [250000]\n"
   );
}

void CP_(clo_print_debug_usage) ( void )
{
   VG_(printf)(
"    --trace-calls=no|yes      print every call and return followed [no]\n"
"    --max-blocks=<n>          distinct basic blocks given counters; code\n"
"                              first run beyond is not counted (tests)\n"
"                              [8388607]\n"
   );
}

/*--------------------------------------------------------------------*/
/*--- end                                                 cp_clo.c ---*/
/*--------------------------------------------------------------------*/
