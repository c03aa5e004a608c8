/*--------------------------------------------------------------------*/
/*--- cprofgrind: block, mutex and thread profiles.    cp_block.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   Go's block, mutex, goroutine and threadcreate profiles for native
   threads (--sync=yes), fed by the wrappers of the preload library:

   - A wrapper that is about to block (a lock that a try found taken, a
     condition wait, a join of a running thread, a semaphore at zero, a
     barrier) sends WAIT_BEGIN, and WAIT_END when the call returns.  The
     delay between them, in wall-clock nanoseconds, is one contention of
     the block profile, at the waiter's calling context.
   - An unlock while threads wait for the lock records the unlocker's
     context.  When a waiter gets the lock, its delay is charged there in
     the mutex profile: as in Go, the mutex profile points at the
     critical sections that made others wait, not at the waiters.
   - The threads profile holds the context of every live thread when it
     is written (goroutine/count) and where each thread was created
     (threadcreate/count).

   Each sample's stack is the context of the call into the library, with
   a pseudo frame naming the call on top ("pthread_mutex_lock"), the way
   Go's profiles show sync.(*Mutex).Lock. */

#include "pub_tool_libcbase.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_wordfm.h"
#include "pub_tool_vkiscnums.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_options.h"
#include "pub_tool_vki.h"
#include "pub_tool_machine.h"
#include "pub_tool_debuginfo.h"
#include "cp_block.h"
#include "cp_clientreq.h"
#include "cp_clo.h"
#include "cp_mem.h"
#include "cp_context.h"
#include "cp_coreext.h"
#include "cp_out.h"
#include "cp_pprof.h"
#include "cp_profctx.h"
#include "cp_trace.h"

ULong CP_(wall_ns) ( void )
{
   struct vki_timespec ts;
   SysRes r = VG_(do_syscall)(__NR_clock_gettime, VKI_CLOCK_MONOTONIC,
                              (UWord)&ts, 0, 0, 0, 0, 0, 0);
   if (sr_isError(r)) return 0;
   return (ULong)ts.tv_sec * 1000000000ULL + (ULong)ts.tv_nsec;
}

const HChar* CP_(block_wait_name) ( UInt kind )
{
   switch (kind) {
      case CP_WAIT_MUTEX:   return "pthread_mutex_lock";
      case CP_WAIT_RDLOCK:  return "pthread_rwlock_rdlock";
      case CP_WAIT_WRLOCK:  return "pthread_rwlock_wrlock";
      case CP_WAIT_SPIN:    return "pthread_spin_lock";
      case CP_WAIT_COND:    return "pthread_cond_wait";
      case CP_WAIT_JOIN:    return "pthread_join";
      case CP_WAIT_SEM:     return "sem_wait";
      case CP_WAIT_BARRIER: return "pthread_barrier_wait";
      case CP_WAIT_ONCE:    return "pthread_once";
      default:              return "wait";
   }
}

static Bool is_lock ( UInt kind )
{
   return kind == CP_WAIT_MUTEX || kind == CP_WAIT_RDLOCK
          || kind == CP_WAIT_WRLOCK || kind == CP_WAIT_SPIN;
}

/*------------------------------------------------------------*/
/*--- Samples: (context, kind) -> contentions, delay       ---*/
/*------------------------------------------------------------*/

typedef struct { UInt node; UInt kind; ULong count; ULong delay; } Agg;
typedef struct {
   Agg*    e;   UInt n, cap;   /* in order of first sight */
   WordFM* idx;                /* node << 8 | kind -> index in e */
} AggTab;

static AggTab s_block, s_mutex, s_created;

static void agg_add ( AggTab* t, UInt node, UInt kind, ULong count,
                      ULong delay )
{
   UWord key = ((UWord)node << 8) | kind, i;
   if (!t->idx) t->idx = VG_(newFM)(VG_(malloc), "cp.block.agg.1", VG_(free), NULL);
   if (VG_(lookupFM)(t->idx, NULL, &i, key)) {
      t->e[i].count += count;
      t->e[i].delay += delay;
      return;
   }
   if (t->n == t->cap) {
      t->cap = t->cap ? 2 * t->cap : 64;
      t->e = CP_REALLOC("cp.block.agg.2", t->e, t->cap * sizeof(Agg));
   }
   t->e[t->n] = (Agg){ node, kind, count, delay };
   VG_(addToFM)(t->idx, key, t->n++);
}

/*------------------------------------------------------------*/
/*--- Locks being waited for                               ---*/
/*------------------------------------------------------------*/

/* Only locks that threads wait for get an entry; an unlock of any other
   costs one probe. */
typedef struct { Addr a; UInt waiters; UInt unlock_node; TraceMark mark; } LockWait;
#define N_LOCKWAIT 1024   /* locks waited for at once; more: not charged */
static LockWait s_locks[N_LOCKWAIT];

static LockWait* lock_wait ( Addr a, Bool create )
{
   UInt h = (UInt)CP_(mix64)(a) & (N_LOCKWAIT - 1);
   LockWait* free_slot = NULL;
   for (UInt i = 0; i < N_LOCKWAIT; i++, h = (h + 1) & (N_LOCKWAIT - 1)) {
      LockWait* l = &s_locks[h];
      if (l->a == a && l->waiters) return l;
      if (l->a == 0) { if (!free_slot) free_slot = l; break; }
      if (l->waiters == 0 && !free_slot) free_slot = l;
   }
   if (!create || !free_slot) return NULL;
   free_slot->a = a;
   free_slot->waiters = 0;
   free_slot->unlock_node = 0;
   free_slot->mark = (TraceMark){ 0, 0 };
   return free_slot;
}

/*------------------------------------------------------------*/
/*--- Waits                                                ---*/
/*------------------------------------------------------------*/

typedef struct { Bool on; UInt kind; Addr obj; ULong t0; UInt node; } Wait;
static Wait* s_wait = NULL;   /* by ThreadId */

void CP_(block_init) ( void )
{
   s_wait = CP_(plain_alloc)("cp.block.init.1", VG_N_THREADS * sizeof(Wait));   /* untouched where unused */
}

void CP_(block_wait_begin) ( ThreadId tid, UInt kind, Addr obj )
{
   if (!s_wait || tid >= VG_N_THREADS) return;
   Wait* w = &s_wait[tid];
   w->on   = True;
   w->kind = kind;
   w->obj  = obj;
   w->node = CP_(cct_current)(tid)->id;
   w->t0   = CP_(wall_ns)();
   if (is_lock(kind)) {
      LockWait* l = lock_wait(obj, True);
      if (l) l->waiters++;
   }
   if (CP_(clo).trace) CP_(trace_wait_begin)(tid, kind, obj);
}

void CP_(block_wait_end) ( ThreadId tid, UInt kind, Addr obj, Bool ok )
{
   if (!s_wait || tid >= VG_N_THREADS) return;
   Wait* w = &s_wait[tid];
   if (!w->on || w->obj != obj) return;
   w->on = False;
   ULong now   = CP_(wall_ns)();
   ULong delay = now > w->t0 ? now - w->t0 : 0;
   agg_add(&s_block, w->node, kind, 1, delay);
   TraceMark from = { 0, 0 };
   if (is_lock(kind)) {
      LockWait* l = lock_wait(obj, False);
      if (l) {
         if (ok && l->unlock_node) agg_add(&s_mutex, l->unlock_node, kind, 1, delay);
         if (ok) from = l->mark;
         l->mark = (TraceMark){ 0, 0 };
         l->waiters--;
      }
   }
   if (CP_(clo).trace) CP_(trace_wait_end)(tid, kind, obj, ok, from);
}

void CP_(block_unlock) ( ThreadId tid, Addr obj )
{
   LockWait* l = lock_wait(obj, False);
   if (!l || l->waiters == 0) return;
   l->unlock_node = CP_(cct_current)(tid)->id;
   if (CP_(clo).trace) l->mark = CP_(trace_mark)(tid);
}

/*------------------------------------------------------------*/
/*--- Threads                                              ---*/
/*------------------------------------------------------------*/

void CP_(block_thread_create) ( ThreadId parent, ThreadId child )
{
   (void)child;
   if (parent == VG_INVALID_THREADID || !VG_(is_valid_tid)(parent)) return;
   agg_add(&s_created, CP_(cct_current)(parent)->id, 0, 1, 0);
}

/*------------------------------------------------------------*/
/*--- Writing                                              ---*/
/*------------------------------------------------------------*/

#define MAX_LOCS 1002

static UInt stack_of ( Prof* p, UInt node_id, const HChar* leaf, ULong* locs )
{
   UInt n = 0;
   if (leaf) locs[n++] = CP_(prof_loc_pseudo)(p, leaf);
   n += CP_(ctx_locs)(p, CP_(cct_node)(node_id), locs + n, MAX_LOCS - 1 - n);
   return n;
}

static void write_contention ( const HChar* what, AggTab* t, UInt dump_no,
                               const HChar* name, const HChar* comment,
                               Bool unlock )
{
   HChar* path = CP_(out_name)(what, dump_no, name);
   Prof* p = CP_(prof_open)(path);
   if (!p) { CP_FREE(path); return; }
   CP_(prof_sample_type)(p, "contentions", "count");
   CP_(prof_sample_type)(p, "delay", "nanoseconds");
   CP_(prof_default_type)(p, "delay");
   CP_(prof_period)(p, "contentions", "count", 1);
   CP_(prof_comment)(p, comment);
   ULong locs[MAX_LOCS];
   ProfLabel lab[8];
   for (UInt i = 0; i < t->n; i++) {
      Agg* a = &t->e[i];
      const HChar* leaf = unlock
         ? (a->kind == CP_WAIT_MUTEX ? "pthread_mutex_unlock"
            : a->kind == CP_WAIT_SPIN ? "pthread_spin_unlock"
            : "pthread_rwlock_unlock")
         : CP_(block_wait_name)(a->kind);
      UInt n  = stack_of(p, a->node, leaf, locs);
      UInt nl = CP_(ctx_labels)(CP_(cct_node)(a->node), lab, 8);
      Long v[2] = { (Long)a->count, (Long)a->delay };
      CP_(prof_sample)(p, locs, n, v, lab, nl);
   }
   if (CP_(prof_close)(p) && VG_(clo_verbosity) > 1)
      VG_(umsg)("cprofgrind: %s: %s\n", what, CP_(out_shown)(path));
   CP_FREE(path);
}

static void write_threads ( UInt dump_no, const HChar* name )
{
   HChar* path = CP_(out_name)("threads.pb.gz", dump_no, name);
   Prof* p = CP_(prof_open)(path);
   if (!p) { CP_FREE(path); return; }
   CP_(prof_sample_type)(p, "goroutine", "count");
   CP_(prof_sample_type)(p, "threadcreate", "count");
   CP_(prof_default_type)(p, "goroutine");
   CP_(prof_comment)(p, "cprofgrind: goroutine = threads alive when written, "
                        "at their current context; threadcreate = where "
                        "threads were created");
   ULong locs[MAX_LOCS];
   ProfLabel lab[8];
   for (ThreadId tid = 1; tid < VG_N_THREADS; tid++) {
      if (!VG_(is_valid_tid)(tid)) continue;
      UInt node = CP_(cct_current)(tid)->id;
      /* the instruction it is at, then its callers */
      locs[0] = CP_(prof_loc)(p, VG_(get_IP)(tid), VG_(current_DiEpoch)());
      UInt n  = 1 + CP_(ctx_locs)(p, CP_(cct_node)(node), locs + 1, MAX_LOCS - 2);
      UInt nl = CP_(ctx_labels)(CP_(cct_node)(node), lab, 8);
      Long v[2] = { 1, 0 };
      CP_(prof_sample)(p, locs, n, v, lab, nl);
   }
   for (UInt i = 0; i < s_created.n; i++) {
      Agg* a = &s_created.e[i];
      UInt n  = stack_of(p, a->node, "pthread_create", locs);
      UInt nl = CP_(ctx_labels)(CP_(cct_node)(a->node), lab, 8);
      Long v[2] = { 0, (Long)a->count };
      CP_(prof_sample)(p, locs, n, v, lab, nl);
   }
   if (CP_(prof_close)(p) && VG_(clo_verbosity) > 1)
      VG_(umsg)("cprofgrind: threads profile: %s\n", CP_(out_shown)(path));
   CP_FREE(path);
}

void CP_(block_write_profiles) ( UInt dump_no, const HChar* name )
{
   write_contention("block.pb.gz", &s_block, dump_no, name,
                    "cprofgrind: block profile: each time a thread blocked "
                    "in a synchronisation call, at the waiter's stack",
                    False);
   write_contention("mutex.pb.gz", &s_mutex, dump_no, name,
                    "cprofgrind: mutex profile: the delay of waiters, at "
                    "the stack of the unlock that let them in", True);
   write_threads(dump_no, name);
}

/*--------------------------------------------------------------------*/
/*--- end                                               cp_block.c ---*/
/*--------------------------------------------------------------------*/
