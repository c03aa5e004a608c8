/*--------------------------------------------------------------------*/
/*--- cprofgrind: happens-before: clocks, threads, sync. cp_hb.h   ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_HB_H
#define __CP_HB_H

#include "cp_basics.h"
#include "cp_context.h"

/* Vector clocks indexed by slot (cp_hb.c: a thread's component).  Sparse in the simple way: an entry
   past n is 0. */
typedef struct { ULong* c; UInt n; } VC;

static inline ULong CP_(vc_get) ( const VC* v, UInt tid )
{
   return tid < v->n ? v->c[tid] : 0;
}

/* The running thread's identity and epoch as a cell's meta bits
   (cp_shadow.h): clock << 20 | tid << 10.  Read by generated code. */
extern ULong CP_(hb_meta);

/* A place in the program, for reports: a context and an instruction. */
typedef struct { UInt node; Addr pc; } Where;

/* One thread as the race detector knows it; kept after it exits (the
   reports name threads that are gone). */
typedef struct {
   UInt     serial;     /* 1 = main thread (printed as T0) */
   ThreadId tid;        /* while it runs */
   UInt     parent;     /* serial of the creator, 0 for main */
   Where    created;    /* where its creator was */
   Bool     finished;
   Bool     joined;
   UWord    pthread;    /* its pthread_t, once known */
   Addr     start_sp;   /* stack pointer when it first ran */
   VC       final;      /* clock at exit, for joiners */
} HbThread;

HbThread* CP_(hb_thread_by_serial) ( UInt serial );
HbThread* CP_(hb_thread_of_tid)    ( ThreadId tid );
/* The thread that ran (slot, clock) -- the tid bits of a cell's meta are
   a slot: slots are reused, clocks grow. */
UInt      CP_(hb_serial_at)        ( UInt slot, ULong clock );
UInt      CP_(hb_n_threads)        ( void );

void CP_(hb_init) ( void );
const VC* CP_(hb_vc) ( ThreadId tid );      /* the thread's clock */
ULong     CP_(hb_epoch) ( ThreadId tid );   /* its own component */

/* Threads (core events and the wrappers of pthread_create/join). */
void CP_(hb_thread_create)  ( ThreadId parent, ThreadId child, Where created );
void CP_(hb_thread_exit)    ( ThreadId tid );
void CP_(hb_thread_running) ( ThreadId tid );   /* scheduler switched */
void CP_(hb_thread_created_as) ( ThreadId parent, UWord pthread );
void CP_(hb_thread_joined)  ( ThreadId tid, UWord pthread );
Bool CP_(hb_pthread_joined)  ( UWord pthread );   /* the newest with it */
Bool CP_(hb_many_threads)   ( void );   /* a second thread was ever made */

/* Synchronisation objects, by address (a mutex, a condition variable, a
   semaphore, an atomic variable, a pipe's inode...). */
typedef enum { SyncPlain, SyncMutex, SyncRwlock, SyncCond, SyncSem,
               SyncBarrier, SyncSpin, SyncOnce, SyncAtomic, SyncFd } SyncKind;

typedef struct SyncObj {
   Addr     a;
   SyncKind kind;
   UInt     id;         /* M<id> in reports */
   VC       clock;      /* released by unlock / post / signal / store */
   VC       rclock;     /* rwlocks: released by read unlocks */
   Where    created;
   UInt     holders;    /* threads holding it now (mutex: 0 or 1) */
   ThreadId owner;      /* write holder */
   struct SyncObj* next;
} SyncObj;

SyncObj* CP_(hb_sync)        ( Addr a, SyncKind kind, Bool create );
void     CP_(hb_sync_forget) ( Addr a );     /* destroyed */
/* Release: obj.clock joins the thread's clock, and the thread moves to a
   new epoch.  Acquire: the thread's clock joins obj.clock. */
void CP_(hb_release) ( ThreadId tid, SyncObj* o );
void CP_(hb_acquire) ( ThreadId tid, SyncObj* o );
void CP_(hb_release_read) ( ThreadId tid, SyncObj* o );  /* rwlock */
void CP_(hb_acquire_all)  ( ThreadId tid, SyncObj* o );  /* clock+rclock */

/* Locks held, for reports.  Each change starts a new epoch, so the
   locks held at an access are those of its (tid, clock). */
void CP_(hb_lock_add)    ( ThreadId tid, SyncObj* o, Bool write );
void CP_(hb_lock_remove) ( ThreadId tid, SyncObj* o );
/* Locks held by the thread in slot at clock: up to max (mutex id, write)
   pairs; returns how many, or -1 when that part of the history is gone. */
Int  CP_(hb_locks_at)    ( UInt slot, ULong clock, UInt* ids, Bool* wr,
                           Int max );
SyncObj* CP_(hb_sync_by_id) ( UInt id );

void CP_(hb_print_stats) ( void );

#endif /* __CP_HB_H */

/*--------------------------------------------------------------------*/
/*--- end                                                  cp_hb.h ---*/
/*--------------------------------------------------------------------*/
