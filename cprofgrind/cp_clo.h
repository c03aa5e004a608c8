/*--------------------------------------------------------------------*/
/*--- cprofgrind: command line options.                 cp_clo.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_CLO_H
#define __CP_CLO_H

#include "cp_basics.h"

/* Every option of the tool, with its default in cp_clo.c.  Modules read
   the fields after option processing; nothing writes them afterwards
   except the client requests that toggle collection. */
typedef enum { CpuDetailAuto, CpuDetailInstr, CpuDetailLine } CpuDetail;
typedef enum { LeakCheckNo, LeakCheckSummary, LeakCheckFull } LeakCheck;
typedef enum { HeapAllocAuto, HeapAllocProgram, HeapAllocValgrind } HeapAlloc;

typedef struct {
   Bool         cpu;             /* --cpu: count instructions per context */
   Bool         heap;            /* --heap: track heap blocks */
   Bool         heap_peak;       /* --heap-peak: profile at the peak */
   HeapAlloc    heap_allocator;  /* --heap-allocator, as given */
   Bool         heap_tool;       /* resolved: the tool is the allocator */
   LeakCheck    leak_check;      /* --leak-check */
   Int          leak_exitcode;   /* --leak-exitcode: 0 = off */
   const HChar* out_file;        /* --out-file: output name pattern */
   Bool         collect_atstart; /* --collect-atstart */
   Int          max_depth;       /* --max-depth: frames per context */
   Int          compact_mb;      /* --compact-mb: table growth between
                                    compactions of cold tables, 0: never */
   CpuDetail    cpu_detail;      /* --cpu-detail: sample granularity */
   Long         max_samples;     /* --max-samples: CPU profile budget */
   Bool         trace_calls;     /* --trace-calls (debug) */
   Int          max_blocks;      /* --max-blocks (debug): block ids, for
                                    tests of running out of them */
   Bool         cpu_given;       /* --cpu was on the command line */
   Bool         heap_given;      /* --heap was on the command line */
   Bool         race;            /* --race: the data race detector */
   Int          race_exitcode;   /* --race-exitcode: 0 = off */
   Bool         race_halt;       /* --race-halt-on-error */
   const HChar* race_log_file;   /* --race-log-file: copy of the reports */
   const HChar* race_json;       /* --race-json: one JSON object per race */
   Bool         sync;            /* --sync: block, mutex, threads profiles */
   Bool         sync_given;
   Bool         trace;           /* --trace: the timeline */
   Bool         trace_clock_instr; /* --trace-clock=instructions */
   Int          trace_max_mb;    /* --trace-max-mb */
   Bool         lock_order;      /* --lock-order: potential deadlocks */
   Bool         inline_system;   /* --inline-system: inlined frames of
                                    system libraries too */
   Bool         race_hybrid;     /* --race-mode=hybrid (else hb) */
   const HChar* tsan_supp[8];    /* --tsan-suppressions (may repeat) */
   Int          n_tsan_supp;
} CpOptions;

extern CpOptions CP_(clo);

Bool CP_(clo_process) ( const HChar* arg );
/* After all options: defaults that depend on others (--race=yes makes
   --cpu, --heap and --sync default to no; --heap-allocator=auto is
   valgrind without the CPU profile). */
void CP_(clo_finish)  ( void );
void CP_(clo_print_usage) ( void );
void CP_(clo_print_debug_usage) ( void );

/* Exit before the client runs, with one line on stderr. */
__attribute__((noreturn, format(printf, 1, 2)))
void CP_(clo_fail) ( const HChar* fmt, ... );

#endif /* __CP_CLO_H */

/*--------------------------------------------------------------------*/
/*--- end                                                 cp_clo.h ---*/
/*--------------------------------------------------------------------*/
