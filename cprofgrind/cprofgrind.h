/*--------------------------------------------------------------------*/
/*--- cprofgrind: public client requests.            cprofgrind.h ---*/
/*--------------------------------------------------------------------*/

/* Include this header in a program to control cprofgrind from inside it,
   as Go programs use runtime/pprof:

      #include <cprofgrind.h>

      CPROFGRIND_STOP();            // like pprof.StopCPUProfile
      CPROFGRIND_START();           // like pprof.StartCPUProfile
      CPROFGRIND_ZERO();            // forget everything counted so far
      CPROFGRIND_DUMP("phase1");    // write numbered profiles now
      CPROFGRIND_REGION_BEGIN("parse");   // like trace.WithRegion
      CPROFGRIND_REGION_END("parse");

   Every macro is a handful of no-op instructions when the program does not
   run under cprofgrind, so it can stay in production builds.  The header
   needs only <valgrind/valgrind.h> (Debian package valgrind). */

#ifndef __CPROFGRIND_H
#define __CPROFGRIND_H

#include <valgrind/valgrind.h>

/* Request codes: 'C','P' << 16, public ones below 0x100.  Never reorder:
   programs built against an older header keep working. */
typedef enum {
   CPROFGRIND_USERREQ__START = VG_USERREQ_TOOL_BASE('C','P'),
   CPROFGRIND_USERREQ__STOP,
   CPROFGRIND_USERREQ__ZERO,
   CPROFGRIND_USERREQ__DUMP,           /* arg1: const char* name or NULL */
   CPROFGRIND_USERREQ__TASK_BEGIN,     /* arg1: const char* name */
   CPROFGRIND_USERREQ__TASK_END,       /* arg1: const char* name or NULL */
   CPROFGRIND_USERREQ__REGION_BEGIN,   /* arg1: const char* name */
   CPROFGRIND_USERREQ__REGION_END,     /* arg1: const char* name or NULL */
   CPROFGRIND_USERREQ__LOG,            /* arg1: category, arg2: message */
   CPROFGRIND_USERREQ__RUNNING,        /* returns 1 under cprofgrind */
   CPROFGRIND_USERREQ__HAPPENS_BEFORE, /* arg1: object */
   CPROFGRIND_USERREQ__HAPPENS_AFTER,  /* arg1: object */
   CPROFGRIND_USERREQ__BENIGN_RACE,    /* arg1: address, arg2: size */
   CPROFGRIND_USERREQ__IGNORE_READS_BEGIN,
   CPROFGRIND_USERREQ__IGNORE_READS_END,
   CPROFGRIND_USERREQ__IGNORE_WRITES_BEGIN,
   CPROFGRIND_USERREQ__IGNORE_WRITES_END,
   CPROFGRIND_USERREQ__CLEAN_MEMORY    /* arg1: address, arg2: size */
} CprofgrindClientRequest;

/* Every macro below is one request with at most two arguments. */
#define CPROFGRIND__REQ(req, a1, a2)                                       \
   VALGRIND_DO_CLIENT_REQUEST_STMT(CPROFGRIND_USERREQ__##req, (a1), (a2),  \
                                   0, 0, 0)

/* Start counting (after --collect-atstart=no or CPROFGRIND_STOP). */
#define CPROFGRIND_START() CPROFGRIND__REQ(START, 0, 0)

/* Stop counting; calling contexts are still followed. */
#define CPROFGRIND_STOP() CPROFGRIND__REQ(STOP, 0, 0)

/* Zero every counter (instructions, and the per-run heap totals). */
#define CPROFGRIND_ZERO() CPROFGRIND__REQ(ZERO, 0, 0)

/* Write every enabled profile now, as <out-file>.<n>.<name>.<kind>.pb.gz
   (n counts dumps from 1).  The name may be NULL. */
#define CPROFGRIND_DUMP(name) CPROFGRIND__REQ(DUMP, (name), 0)

/* Tasks and regions, like Go's runtime/trace: slices on the thread's track
   of the timeline (--trace=yes), and labels task=NAME / region=NAME on the
   CPU, heap and block samples taken inside them (go tool pprof
   -tagfocus=region=parse).  Regions nest; an END names the region it ends
   (NULL: the innermost).  A task or region also ends when the function
   that began it returns.  Names are copied. */
#define CPROFGRIND_TASK_BEGIN(name) CPROFGRIND__REQ(TASK_BEGIN, (name), 0)
#define CPROFGRIND_TASK_END(name) CPROFGRIND__REQ(TASK_END, (name), 0)
#define CPROFGRIND_REGION_BEGIN(name) CPROFGRIND__REQ(REGION_BEGIN, (name), 0)
#define CPROFGRIND_REGION_END(name) CPROFGRIND__REQ(REGION_END, (name), 0)

/* An instant event on the thread's track: CPROFGRIND_LOG("io", "retry"). */
#define CPROFGRIND_LOG(category, message) CPROFGRIND__REQ(LOG, (category), (message))

/* The race detector's annotations (--race=yes), as helgrind.h's and
   drd.h's, which cprofgrind also understands:
      CPROFGRIND_HAPPENS_BEFORE(&obj)   before publishing through obj
      CPROFGRIND_HAPPENS_AFTER(&obj)    after receiving through obj
      CPROFGRIND_BENIGN_RACE(&var, sizeof var)   never report races on it
      CPROFGRIND_IGNORE_READS_BEGIN() ... _END()   this thread's reads are
      CPROFGRIND_IGNORE_WRITES_BEGIN() ... _END()  not checked (they nest)
      CPROFGRIND_CLEAN_MEMORY(p, n)     forget the history of [p, p+n): a
                                        custom allocator's recycled block */
#define CPROFGRIND_HAPPENS_BEFORE(obj) CPROFGRIND__REQ(HAPPENS_BEFORE, (obj), 0)
#define CPROFGRIND_HAPPENS_AFTER(obj) CPROFGRIND__REQ(HAPPENS_AFTER, (obj), 0)
#define CPROFGRIND_BENIGN_RACE(addr, size) CPROFGRIND__REQ(BENIGN_RACE, (addr), (size))
#define CPROFGRIND_IGNORE_READS_BEGIN() CPROFGRIND__REQ(IGNORE_READS_BEGIN, 0, 0)
#define CPROFGRIND_IGNORE_READS_END() CPROFGRIND__REQ(IGNORE_READS_END, 0, 0)
#define CPROFGRIND_IGNORE_WRITES_BEGIN() CPROFGRIND__REQ(IGNORE_WRITES_BEGIN, 0, 0)
#define CPROFGRIND_IGNORE_WRITES_END() CPROFGRIND__REQ(IGNORE_WRITES_END, 0, 0)
#define CPROFGRIND_CLEAN_MEMORY(addr, size) CPROFGRIND__REQ(CLEAN_MEMORY, (addr), (size))

/* 1 when running under cprofgrind, 0 otherwise. */
#define CPROFGRIND_RUNNING()                                               \
   ((int)VALGRIND_DO_CLIENT_REQUEST_EXPR(0, CPROFGRIND_USERREQ__RUNNING,   \
                                         0, 0, 0, 0, 0))

#endif /* __CPROFGRIND_H */

/*--------------------------------------------------------------------*/
/*--- end                                              cprofgrind.h ---*/
/*--------------------------------------------------------------------*/
