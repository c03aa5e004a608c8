/*--------------------------------------------------------------------*/
/*--- cprofgrind: requests from the preload library. cp_clientreq.h ---*/
/*--------------------------------------------------------------------*/

/* Tool-private client requests, sent by cp_intercepts.c (the preload
   library) to the tool.  They start at 0x100 above the tool base so that
   they never collide with the public ones of cprofgrind.h.  Arguments
   are documented per entry; never reorder. */

#ifndef __CP_CLIENTREQ_H
#define __CP_CLIENTREQ_H

#include "cprofgrind.h"

typedef enum {
   CP_REQ__FIRST_PRIVATE = VG_USERREQ_TOOL_BASE('C','P') + 0x100,

   /*--- heap (cp_heap.c) ---*/
   CP_REQ__ALLOC,        /* (ptr, size, kind): a block was allocated */
   CP_REQ__FREE,         /* (ptr, kind) before freeing: returns 1 if ptr
                            is a block, 0 if not (reported; the wrapper
                            then does not free it) */
   CP_REQ__REALLOC_PRE,  /* (ptr) before realloc: 1 if ptr is a block */
   CP_REQ__REALLOC,      /* (old, new, size) after realloc: new is NULL
                            when realloc(old, 0) freed old */
   /* When the tool is the allocator (--heap-allocator): */
   CP_REQ__HEAP_MODE,    /* () 1 if the tool allocates: the wrappers then
                            never call the originals; CP_REQ__FREE frees
                            and returns 0 */
   CP_REQ__MALLOC,       /* (size, alignment or 0, kind | CP_ALLOC_*
                            flags) returns the block or 0 */
   CP_REQ__TOOL_REALLOC, /* (ptr, size) returns the new block or 0 */
   CP_REQ__USABLE_SIZE,  /* (ptr) malloc_usable_size: the block's size */

   /*--- synchronisation (cp_sync.c); obj is the object's address ---*/
   CP_REQ__THREAD_CREATED, /* (pthread_t) in the creator, after a
                              successful pthread_create / thrd_create */
   CP_REQ__THREAD_JOINED,  /* (pthread_t) after a successful join */
   CP_REQ__LOCK_INIT,      /* (obj, kind) mutex, rwlock or spin lock
                              (re)initialised */
   CP_REQ__LOCK_DESTROY,   /* (obj, kind) */
   CP_REQ__LOCK_PRE,       /* (obj, kind, write) before a lock call */
   CP_REQ__LOCK_POST,      /* (obj, kind, write, ok) after it returned */
   CP_REQ__UNLOCK_PRE,     /* (obj, kind) before an unlock */
   CP_REQ__COND_SIGNAL,    /* (cond) before signal or broadcast */
   CP_REQ__COND_WAIT_PRE,  /* (cond, mutex) before a wait: mutex released */
   CP_REQ__COND_WAIT_POST, /* (cond, mutex, woken) after: mutex held again;
                              woken is 0 when the wait timed out */
   CP_REQ__SEM_INIT,       /* (sem, value) */
   CP_REQ__SEM_DESTROY,    /* (sem) */
   CP_REQ__SEM_POST,       /* (sem) before sem_post */
   CP_REQ__SEM_WAIT_PRE,   /* (sem) before a wait */
   CP_REQ__SEM_WAIT_POST,  /* (sem, ok) after it returned */
   CP_REQ__BARRIER_INIT,   /* (barrier, count) */
   CP_REQ__BARRIER_WAIT_PRE,  /* (barrier) */
   CP_REQ__BARRIER_WAIT_POST, /* (barrier) */
   CP_REQ__BARRIER_DESTROY,   /* (barrier) */
   CP_REQ__ONCE_PRE,       /* (control, init) before pthread_once: the
                              tool keeps init for the thread */
   CP_REQ__ONCE_FN,        /* () from the trampoline that pthread_once
                              runs: returns the innermost kept init */
   CP_REQ__ONCE_DONE,      /* (control) the init function returned */
   CP_REQ__ONCE_POST,      /* (control) pthread_once returned */
   CP_REQ__JOIN_PRE,       /* (pthread_t) before a join */

   /*--- waits, for the block and mutex profiles and the timeline
         (cp_block.c, cp_trace.c) ---*/
   CP_REQ__WAIT_BEGIN,     /* (kind, obj) the thread is about to block:
                              a lock that was held (a try failed), a
                              condition wait, a join of a running thread,
                              a semaphore at 0, a barrier */
   CP_REQ__WAIT_END,       /* (kind, obj, ok) the blocking call returned */
   CP_REQ__THREAD_NAME,    /* (pthread_t, name) pthread_setname_np */
   CP_REQ__LOCK_INTENT,    /* (obj) a blocking lock call starts: the
                              trylock it tries first is a lock */
   CP_REQ__SYNC_MODES,     /* () returns CP_SYNC_* bits: what the tool
                              wants to hear from the sync wrappers */
} CpPrivateRequest;

/* For the preload library: the tool's answer to a question that does not
   change during a run (CP_REQ__SYNC_MODES, CP_REQ__HEAP_MODE), asked the
   first time only; var is a static long starting at -1.  Every thread
   stores the same answer, so the unsynchronised static is harmless (and
   the library's own accesses are never checked). */
#define CP_ASK_ONCE(var, req)                                              \
   (__builtin_expect((var) < 0, 0)                                        \
       ? ((var) = (long)VALGRIND_DO_CLIENT_REQUEST_EXPR(0, (req),          \
                                                        0, 0, 0, 0, 0))   \
       : (var))

/* CP_REQ__SYNC_MODES bits (0: the wrappers only call the original). */
#define CP_SYNC_RACE   1   /* --race=yes: happens-before, locks */
#define CP_SYNC_WAITS  2   /* --sync=yes or --trace=yes: waits */

/* What a thread waits for (CP_REQ__WAIT_*). */
#define CP_WAIT_MUTEX    0
#define CP_WAIT_RDLOCK   1
#define CP_WAIT_WRLOCK   2
#define CP_WAIT_SPIN     3
#define CP_WAIT_COND     4
#define CP_WAIT_JOIN     5
#define CP_WAIT_SEM      6
#define CP_WAIT_BARRIER  7
#define CP_WAIT_ONCE     8
#define CP_WAIT_KINDS    9

/* What kind of lock a LOCK_* request is about. */
#define CP_LOCK_MUTEX   0
#define CP_LOCK_RWLOCK  1
#define CP_LOCK_SPIN    2
#define CP_LOCK_TRY     0x10   /* or'ed in by trylocks: no lock-order edge */

/* How a block was allocated, to report mismatched frees. */
#define CP_ALLOC_MALLOC   0   /* malloc, calloc, realloc, memalign, ... */
#define CP_ALLOC_NEW      1   /* operator new */
#define CP_ALLOC_NEW_VEC  2   /* operator new[] */
#define CP_ALLOC_KIND     0xff
#define CP_ALLOC_ZERO     0x100 /* CP_REQ__MALLOC: calloc */
#define CP_ALLOC_THROWS   0x200 /* CP_REQ__MALLOC: operator new, which
                                   cannot fail quietly */

#endif /* __CP_CLIENTREQ_H */

/*--------------------------------------------------------------------*/
/*--- end                                           cp_clientreq.h ---*/
/*--------------------------------------------------------------------*/
