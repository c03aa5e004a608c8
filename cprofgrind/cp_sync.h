/*--------------------------------------------------------------------*/
/*--- cprofgrind: the program's synchronisation.         cp_sync.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_SYNC_H
#define __CP_SYNC_H

#include "cp_basics.h"

/* Client requests from the wrappers of cp_syncwrap.c.  Returns True if
   the request was a synchronisation one; *ret gets its answer. */
Bool CP_(sync_handle_request) ( ThreadId tid, UWord* args, UWord* ret );

/* Locks the program describes with annotations (ANNOTATE_RWLOCK_*,
   VALGRIND_HG_MUTEX_*): the same model as the wrapped ones. */
typedef enum { LockEvInit, LockEvDestroy, LockEvAcquired, LockEvReleased } LockEv;
void CP_(sync_lock_event) ( ThreadId tid, Addr a, Bool rwlock, LockEv ev,
                            Bool write );

#endif /* __CP_SYNC_H */

/*--------------------------------------------------------------------*/
/*--- end                                                cp_sync.h ---*/
/*--------------------------------------------------------------------*/
