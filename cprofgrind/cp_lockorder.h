/*--------------------------------------------------------------------*/
/*--- cprofgrind: lock-order inversions.           cp_lockorder.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_LOCKORDER_H
#define __CP_LOCKORDER_H

#include "cp_basics.h"
#include "cp_hb.h"

/* An edge of the lock-order graph: a thread acquired lock "to" (at
   to_where) while holding "from" (acquired at from_where). */
typedef struct {
   UInt  from, to;          /* SyncObj ids */
   Where from_where, to_where;
   UInt  serial;            /* the thread (1 = main) */
} LockEdge;

void CP_(lockorder_init)     ( void );
/* A blocking acquisition (not a trylock) of lock id by tid. */
void CP_(lockorder_acquired) ( ThreadId tid, UInt id, Where w );
void CP_(lockorder_released) ( ThreadId tid, UInt id );
void CP_(lockorder_thread_exit) ( ThreadId tid );

#endif /* __CP_LOCKORDER_H */

/*--------------------------------------------------------------------*/
/*--- end                                           cp_lockorder.h ---*/
/*--------------------------------------------------------------------*/
