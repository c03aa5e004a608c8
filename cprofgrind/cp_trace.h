/*--------------------------------------------------------------------*/
/*--- cprofgrind: the execution timeline.              cp_trace.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_TRACE_H
#define __CP_TRACE_H

#include "cp_basics.h"
#include "pub_tool_threadstate.h"

void CP_(trace_init) ( void );

/* The scheduler: a thread starts or stops running client code. */
void CP_(trace_run_start) ( ThreadId tid );
void CP_(trace_run_stop)  ( ThreadId tid );

/* Threads. */
void CP_(trace_thread_create) ( ThreadId parent, ThreadId child );
void CP_(trace_thread_exit)   ( ThreadId tid );
void CP_(trace_thread_pthread)( ThreadId parent, UWord pthread );  /* created as */
void CP_(trace_thread_name)   ( ThreadId tid, UWord pthread, const HChar* name );

/* Waits in synchronisation calls (from cp_block.c).  An unlock while
   threads wait is remembered (track and time) by the caller; the waiter
   that gets the lock passes it to wait_end, which draws the arrow. */
typedef struct { UInt track; ULong ts; } TraceMark;
void CP_(trace_wait_begin) ( ThreadId tid, UInt kind, Addr obj );
void CP_(trace_wait_end)   ( ThreadId tid, UInt kind, Addr obj, Bool ok,
                             TraceMark from );
TraceMark CP_(trace_mark)  ( ThreadId tid );

/* Blocking system calls. */
void CP_(trace_pre_syscall)  ( ThreadId tid, UInt sysno, UWord* args );
void CP_(trace_post_syscall) ( ThreadId tid, UInt sysno );

/* cprofgrind.h annotations: tasks, regions, log messages. */
Bool CP_(trace_handle_request) ( ThreadId tid, UWord* args, UWord* ret );

/* Instructions run so far, for --trace-clock=instructions: generated
   code adds each superblock's count (cp_main.c). */
extern ULong CP_(trace_icount);

/* Write <out>.trace.json (at exit, also after a fatal signal), or
   <out>.<n>.<name>.trace.json at a dump: everything so far, the slices
   still open cut at this moment. */
void  CP_(trace_write) ( UInt dump_no, const HChar* dump_name );
ULong CP_(trace_clock_now) ( void );   /* the timeline's clock, for dumps */

#endif /* __CP_TRACE_H */

/*--------------------------------------------------------------------*/
/*--- end                                               cp_trace.h ---*/
/*--------------------------------------------------------------------*/
