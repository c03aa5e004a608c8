/*--------------------------------------------------------------------*/
/*--- cprofgrind: the program's synchronisation.         cp_sync.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   One model of the program's synchronisation, fed by the wrappers of the
   preload library (cp_syncwrap.c), for every mode that needs it: the
   race detector takes happens-before edges from it (cp_hb.c), and the
   contention profiles and the timeline will take waits from it.

   What each call means for happens-before:
     lock (any kind, once held)   acquire the lock's clock
     unlock                       release into it (a read unlock of a
                                  rwlock into its read clock, which only
                                  writers acquire)
     cond signal / broadcast      release into the condition variable
     cond wait                    unlock the mutex before, lock it after,
                                  and acquire the condition variable when
                                  woken (not on a timeout)
     sem_post / successful wait   release / acquire
     barrier                      every thread releases on arrival and
                                  acquires on leaving
     pthread_once                 the init function's end releases; every
                                  caller acquires when pthread_once returns
     create / join                the core's thread events, and the join
                                  acquires the joined thread's final clock
   The objects themselves are memory too, as in ThreadSanitizer: lock and
   unlock are atomic reads of the object, init and destroy are writes, so
   a mutex destroyed or re-initialised while another thread uses it is a
   reported race. */

#include "pub_tool_libcbase.h"
#include "pub_tool_threadstate.h"
#include "cp_sync.h"
#include "cp_clientreq.h"
#include "cp_clo.h"
#include "cp_mem.h"
#include "cp_hb.h"
#include "cp_race.h"
#include "cp_racerep.h"
#include "cp_lockorder.h"
#include "cp_block.h"
#include "cp_trace.h"

/*------------------------------------------------------------*/
/*--- pthread_once: the init functions being run           ---*/
/*------------------------------------------------------------*/

#define MAX_ONCE 16
typedef struct { Addr ctl; Addr fn; Bool running; } OncePending;
typedef struct { OncePending e[MAX_ONCE]; UInt n; } OnceStack;
static OnceStack* s_once = NULL;   /* by ThreadId */

static OnceStack* once_of ( ThreadId tid )
{
   /* per possible thread (500 by default): in untouched zero pages, not
      in the arena, whose calloc writes them all */
   if (!s_once) s_once = CP_(plain_alloc)("cp.sync.once_of.1", VG_N_THREADS * sizeof(OnceStack));
   return &s_once[tid];
}

/* Is another thread running an init function of pthread_once(ctl)?  Then
   this caller will wait for it (the block profile's pthread_once). */
static UInt s_once_running = 0;   /* init functions running now */

static Bool once_running_elsewhere ( ThreadId tid, Addr ctl )
{
   if (s_once_running == 0) return False;   /* the usual case: no scan */
   for (ThreadId t = 1; t < VG_N_THREADS; t++) {
      if (t == tid || s_once[t].n == 0) continue;
      for (UInt i = 0; i < s_once[t].n; i++)
         if (s_once[t].e[i].ctl == ctl && s_once[t].e[i].running) return True;
   }
   return False;
}

/*------------------------------------------------------------*/
/*--- Helpers                                              ---*/
/*------------------------------------------------------------*/

#define LOCK_TRY 0x10   /* or'ed into the kind by trylock wrappers */
static Addr* s_intent = NULL;   /* by ThreadId: a blocking lock's object */

static SyncKind lock_kind ( UWord k )
{
   k &= ~(UWord)LOCK_TRY;
   return k == CP_LOCK_RWLOCK ? SyncRwlock : k == CP_LOCK_SPIN ? SyncSpin
                                                               : SyncMutex;
}

static SyncObj* obj ( ThreadId tid, Addr a, SyncKind kind )
{
   SyncObj* o = CP_(hb_sync)(a, kind, False);
   if (!o) {
      o = CP_(hb_sync)(a, kind, True);
      o->created = CP_(race_where_now)(tid);   /* first use: statically
                                                  initialised */
   }
   return o;
}

/* (Re)initialisation: a write to the object, and a fresh clock. */
static void init_obj ( ThreadId tid, Addr a, SyncKind kind )
{
   CP_(race_access_here)(tid, a, 1, True, False);
   CP_(hb_sync_forget)(a);
   SyncObj* o = CP_(hb_sync)(a, kind, True);
   o->created = CP_(race_where_now)(tid);
}

static void destroy_obj ( ThreadId tid, Addr a )
{
   SyncObj* o = CP_(hb_sync)(a, SyncPlain, False);
   if (o && o->holders > 0 && (o->kind == SyncMutex || o->kind == SyncRwlock))
      CP_(racerep_misuse)(tid, o->kind == SyncMutex
                               ? "destroying a locked mutex"
                               : "destroying a locked rwlock");
   CP_(race_access_here)(tid, a, 1, True, False);
   CP_(hb_sync_forget)(a);
}

static void lock_acquired_ex ( ThreadId tid, Addr a, SyncKind kind, Bool write,
                               Bool try )
{
   SyncObj* o = obj(tid, a, kind);
   if (CP_(clo).lock_order && !try && kind != SyncSpin)
      CP_(lockorder_acquired)(tid, o->id, CP_(race_where_now)(tid));
   CP_(race_access_here)(tid, a, 1, False, True);
   if (CP_(clo).race_hybrid) { /* no edge: see lock_released */ }
   else if (kind == SyncRwlock && write) CP_(hb_acquire_all)(tid, o);
   else                                  CP_(hb_acquire)(tid, o);
   o->holders++;
   if (write) o->owner = tid;
   CP_(hb_lock_add)(tid, o, write);
}

static void lock_acquired ( ThreadId tid, Addr a, SyncKind kind, Bool write )
{
   lock_acquired_ex(tid, a, kind, write, False);
}

static void lock_released ( ThreadId tid, Addr a, SyncKind kind )
{
   SyncObj* o = obj(tid, a, kind);
   /* spin locks: glibc's pthread_spin_init is pthread_spin_unlock */
   if (kind == SyncMutex && o->holders == 0)
      CP_(racerep_misuse)(tid, "unlocking a mutex that is not locked");
   else if (kind == SyncMutex && o->owner != tid && o->owner != VG_INVALID_THREADID)
      CP_(racerep_misuse)(tid, "unlocking a mutex held by another thread");
   else if (kind == SyncRwlock && o->holders == 0)
      CP_(racerep_misuse)(tid, "unlocking an rwlock that is not locked");
   CP_(race_access_here)(tid, a, 1, False, True);
   /* --race-mode=hybrid: locks order nothing; the locks held at each
      access decide instead (cp_race.c) */
   Bool hb = !CP_(clo).race_hybrid;
   if (kind == SyncRwlock && o->owner != tid) {
      if (hb) CP_(hb_release_read)(tid, o);
   } else {
      if (hb) CP_(hb_release)(tid, o);
      if (o->owner == tid) o->owner = VG_INVALID_THREADID;
   }
   if (o->holders) o->holders--;
   CP_(hb_lock_remove)(tid, o);
   if (CP_(clo).lock_order) CP_(lockorder_released)(tid, o->id);
}

void CP_(sync_lock_event) ( ThreadId tid, Addr a, Bool rwlock, LockEv ev,
                            Bool write )
{
   if (!CP_(clo).race) return;
   SyncKind k = rwlock ? SyncRwlock : SyncMutex;
   switch (ev) {
      case LockEvInit:     init_obj(tid, a, k); break;
      case LockEvDestroy:  destroy_obj(tid, a); break;
      case LockEvAcquired: lock_acquired(tid, a, k, write); break;
      case LockEvReleased: lock_released(tid, a, k); break;
   }
}

/*------------------------------------------------------------*/
/*--- Requests                                             ---*/
/*------------------------------------------------------------*/

Bool CP_(sync_handle_request) ( ThreadId tid, UWord* args, UWord* ret )
{
   if (args[0] < CP_REQ__THREAD_CREATED || args[0] > CP_REQ__SYNC_MODES)
      return False;
   *ret = 0;
   OnceStack* os;
   if (!s_intent) s_intent = CP_CALLOC("cp.sync.intent", VG_N_THREADS, sizeof(Addr));
   /* Waits: the block and mutex profiles, the timeline. */
   Bool waits = CP_(clo).sync || CP_(clo).trace;
   switch (args[0]) {
      case CP_REQ__WAIT_BEGIN:
         if (waits) CP_(block_wait_begin)(tid, (UInt)args[1], args[2]);
         return True;
      case CP_REQ__WAIT_END:
         if (waits) CP_(block_wait_end)(tid, (UInt)args[1], args[2], args[3] != 0);
         return True;
      case CP_REQ__THREAD_NAME:
         if (CP_(clo).trace && args[2]) {
            HChar name[64];
            VG_(strncpy)(name, (const HChar*)args[2], sizeof name - 1);
            name[sizeof name - 1] = '\0';
            CP_(trace_thread_name)(tid, args[1], name);
         }
         return True;
      case CP_REQ__UNLOCK_PRE:
         if (waits) CP_(block_unlock)(tid, args[1]);
         break;
      case CP_REQ__COND_WAIT_PRE:   /* gives the mutex up */
         if (waits) CP_(block_unlock)(tid, args[2]);
         break;
      case CP_REQ__THREAD_CREATED:
         if (CP_(clo).trace) CP_(trace_thread_pthread)(tid, args[1]);
         break;
      case CP_REQ__SYNC_MODES:
         *ret = (CP_(clo).race ? CP_SYNC_RACE : 0)
                | (CP_(clo).sync || CP_(clo).trace ? CP_SYNC_WAITS : 0);
         return True;
      case CP_REQ__LOCK_INTENT:
         if (s_intent && tid < VG_N_THREADS) s_intent[tid] = args[1];
         return True;
      default:
         break;
   }
   if (!CP_(clo).race) {
      /* The trampoline still needs its function (and the block profile
         the waits). */
      if (args[0] == CP_REQ__ONCE_PRE || args[0] == CP_REQ__ONCE_FN
          || args[0] == CP_REQ__ONCE_POST) goto once;
      return True;
   }
   switch (args[0]) {
      case CP_REQ__THREAD_CREATED:
         CP_(hb_thread_created_as)(tid, args[1]);
         break;
      case CP_REQ__THREAD_JOINED:
         CP_(hb_thread_joined)(tid, args[1]);
         break;
      case CP_REQ__JOIN_PRE:
         if (CP_(hb_pthread_joined)(args[1]))
            CP_(racerep_misuse)(tid, "joining a thread that was already joined");
         break;
      case CP_REQ__LOCK_INIT:
         init_obj(tid, args[1], lock_kind(args[2]));
         break;
      case CP_REQ__LOCK_DESTROY:
         destroy_obj(tid, args[1]);
         break;
      case CP_REQ__LOCK_PRE:
         break;
      case CP_REQ__LOCK_POST:
      {
         /* a trylock made by a blocking lock's wrapper is that lock */
         Bool try = (args[2] & LOCK_TRY) != 0;
         if (try && s_intent[tid] == args[1]) try = False;
         s_intent[tid] = 0;
         if (args[4]) lock_acquired_ex(tid, args[1], lock_kind(args[2]),
                                       args[3] != 0, try);
      }
         break;
      case CP_REQ__UNLOCK_PRE:
         lock_released(tid, args[1], lock_kind(args[2]));
         break;
      case CP_REQ__COND_SIGNAL:
         CP_(hb_release)(tid, obj(tid, args[1], SyncCond));
         break;
      case CP_REQ__COND_WAIT_PRE: {
         SyncObj* m = obj(tid, args[2], SyncMutex);
         if (m->holders == 0 || (m->owner != tid && m->owner != VG_INVALID_THREADID)) {
            CP_(racerep_misuse)(tid, "waiting on a condition variable with a "
                                     "mutex this thread does not hold");
            break;
         }
         lock_released(tid, args[2], SyncMutex);
         break;
      }
      case CP_REQ__COND_WAIT_POST:
         lock_acquired(tid, args[2], SyncMutex, True);
         if (args[3]) CP_(hb_acquire)(tid, obj(tid, args[1], SyncCond));
         break;
      case CP_REQ__SEM_INIT:
         init_obj(tid, args[1], SyncSem);
         break;
      case CP_REQ__SEM_DESTROY:
      case CP_REQ__BARRIER_DESTROY:
         destroy_obj(tid, args[1]);
         break;
      case CP_REQ__SEM_POST:
         CP_(hb_release)(tid, obj(tid, args[1], SyncSem));
         break;
      case CP_REQ__SEM_WAIT_PRE:
         break;
      case CP_REQ__SEM_WAIT_POST:
         if (args[2]) CP_(hb_acquire)(tid, obj(tid, args[1], SyncSem));
         break;
      case CP_REQ__BARRIER_INIT:
         init_obj(tid, args[1], SyncBarrier);
         break;
      case CP_REQ__BARRIER_WAIT_PRE:
         CP_(hb_release)(tid, obj(tid, args[1], SyncBarrier));
         break;
      case CP_REQ__BARRIER_WAIT_POST:
         CP_(hb_acquire)(tid, obj(tid, args[1], SyncBarrier));
         break;
      case CP_REQ__ONCE_DONE:
         os = once_of(tid);
         if (os->n) CP_(hb_release)(tid, obj(tid, os->e[os->n - 1].ctl, SyncOnce));
         break;
      case CP_REQ__ONCE_PRE:
      case CP_REQ__ONCE_FN:
      case CP_REQ__ONCE_POST:
         goto once;
      default:
         break;
   }
   return True;

  once:
   os = once_of(tid);
   switch (args[0]) {
      case CP_REQ__ONCE_PRE:
         if ((CP_(clo).sync || CP_(clo).trace) && once_running_elsewhere(tid, args[1]))
            CP_(block_wait_begin)(tid, CP_WAIT_ONCE, args[1]);
         if (os->n < MAX_ONCE) os->e[os->n++] = (OncePending){ args[1], args[2], False };
         break;
      case CP_REQ__ONCE_FN:
         *ret = os->n ? os->e[os->n - 1].fn : 0;
         if (os->n && !os->e[os->n - 1].running) {
            os->e[os->n - 1].running = True;
            s_once_running++;
         }
         break;
      case CP_REQ__ONCE_POST:
         if (CP_(clo).sync || CP_(clo).trace)
            CP_(block_wait_end)(tid, CP_WAIT_ONCE, args[1], True);   /* if waiting */
         if (CP_(clo).race)
            CP_(hb_acquire)(tid, obj(tid, args[1], SyncOnce));
         if (os->n && os->e[os->n - 1].ctl == args[1]) {
            os->n--;
            if (os->e[os->n].running && s_once_running) s_once_running--;
         }
         break;
      default:
         break;
   }
   return True;
}

/*--------------------------------------------------------------------*/
/*--- end                                                cp_sync.c ---*/
/*--------------------------------------------------------------------*/
