/*--------------------------------------------------------------------*/
/*--- cprofgrind: block, mutex and thread profiles.    cp_block.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_BLOCK_H
#define __CP_BLOCK_H

#include "cp_basics.h"
#include "pub_tool_threadstate.h"

/* Wall-clock time, nanoseconds (CLOCK_MONOTONIC). */
ULong CP_(wall_ns) ( void );

void CP_(block_init) ( void );

/* A thread starts and stops blocking in a synchronisation call (kind:
   CP_WAIT_* of cp_clientreq.h); obj is the object's address. */
void CP_(block_wait_begin) ( ThreadId tid, UInt kind, Addr obj );
void CP_(block_wait_end)   ( ThreadId tid, UInt kind, Addr obj, Bool ok );
/* An unlock (of a mutex, rwlock or spin lock, or the mutex a condition
   wait gives up): remembered as the critical section to charge when
   threads are waiting for it. */
void CP_(block_unlock)     ( ThreadId tid, Addr obj );

/* Threads: where each was created (threadcreate). */
void CP_(block_thread_create) ( ThreadId parent, ThreadId child );

/* Write block, mutex and threads profiles (dump_no 0: at exit). */
void CP_(block_write_profiles) ( UInt dump_no, const HChar* name );

/* Name of a wait kind for outputs ("pthread_mutex_lock", ...). */
const HChar* CP_(block_wait_name) ( UInt kind );

#endif /* __CP_BLOCK_H */

/*--------------------------------------------------------------------*/
/*--- end                                               cp_block.h ---*/
/*--------------------------------------------------------------------*/
