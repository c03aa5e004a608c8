/*--------------------------------------------------------------------*/
/*--- cprofgrind: wrappers of the synchronisation functions.       ---*/
/*---                                                 cp_syncwrap.c ---*/
/*--------------------------------------------------------------------*/

/* Part of the preload library (see cp_intercepts.c for the rules: runs
   on the simulated CPU, never calls what it wraps except through
   CALL_FN_*, keeps no state, no thread-local storage).

   A blocking call that may not block (a lock, a join, a semaphore wait)
   first tries without blocking (trylock, tryjoin, trywait: the same
   effect when it succeeds); only when that fails does the thread wait,
   between WAIT_BEGIN and WAIT_END requests.  So the block profile counts
   exactly the calls that blocked, whatever the timing.

   Each wrapper tells the tool (cp_sync.c) what the program's
   synchronisation did, around the call to the original: the race
   detector builds happens-before from it, and the contention profiles
   time the waits.  Requests before the call are about what the thread
   gives (an unlock releases before anyone can take the lock); requests
   after it are about what it got (a lock is acquired only once held).

   POSIX threads live in libc.so.6 since glibc 2.34 (libpthread.so.0
   before): every wrapper is defined for both sonames.  C11 threads
   (thrd_*, mtx_*, cnd_*, call_once) call glibc's internal pthread
   functions directly, not through these symbols, so they have wrappers
   of their own.  Symbol versions (pthread_cond_wait@GLIBC_2.2.5 and
   @@GLIBC_2.3.2) are matched by a trailing wildcard. */

#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <pthread.h>
#include <semaphore.h>
#include <threads.h>
#include <time.h>
#include "cp_clientreq.h"
#include "pub_tool_redir.h"

#define REQ(req, a, b, c, d) \
   VALGRIND_DO_CLIENT_REQUEST_EXPR(0, (req), (a), (b), (c), (d), 0)

#define STR_(x) #x
#define STR(x)  STR_(x)

/* ret NAME(args) for libc.so*, and the same function for
   libpthread.so.0 by a weak alias. */
#define SYNC_FN(ret, zname, args...)                                       \
   ret VG_WRAP_FUNCTION_ZZ(VG_Z_LIBC_SONAME, zname)(args);                 \
   extern __typeof(VG_WRAP_FUNCTION_ZZ(VG_Z_LIBC_SONAME, zname))           \
      VG_WRAP_FUNCTION_ZZ(VG_Z_LIBPTHREAD_SONAME, zname)                   \
      __attribute__((weak, alias(STR(VG_WRAP_FUNCTION_ZZ(VG_Z_LIBC_SONAME, zname))))); \
   ret VG_WRAP_FUNCTION_ZZ(VG_Z_LIBC_SONAME, zname)(args)

/* C11 threads are in libc.so.6 only. */
#define C11_FN(ret, zname, args...)                                        \
   ret VG_WRAP_FUNCTION_ZZ(VG_Z_LIBC_SONAME, zname)(args);                 \
   ret VG_WRAP_FUNCTION_ZZ(VG_Z_LIBC_SONAME, zname)(args)

#define ORIG OrigFn fn; VALGRIND_GET_ORIG_FN(fn)
#define W_(x) ((unsigned long)(x))

/* Whether the tool wants to hear from these wrappers at all (asked
   once): a heap-only run does not, and a program like sqlite3 locks a
   mutex around every allocation: each request costs a trip to the
   scheduler. */
static long s_sync_modes = -1;
#define SYNC_OFF() (CP_ASK_ONCE(s_sync_modes, CP_REQ__SYNC_MODES) == 0)

/* Only the race detector wants every acquisition (SYNC_OFF() first). */
#define RACE_ON() (!SYNC_OFF() && (s_sync_modes & CP_SYNC_RACE))

#define WAIT_BEGIN(k, o)   REQ(CP_REQ__WAIT_BEGIN, (k), W_(o), 0, 0)
#define WAIT_END(k, o, ok) REQ(CP_REQ__WAIT_END, (k), W_(o), (ok), 0)

/*------------------------------------------------------------*/
/*--- Threads                                              ---*/
/*------------------------------------------------------------*/

/* The new thread's clock comes from the core's thread-creation event;
   the wrapper only tells which pthread_t it got, for the join. */
SYNC_FN(int, pthreadZucreateZa, pthread_t* t, const pthread_attr_t* attr,
        void* (*start)(void*), void* arg)
{
   ORIG; int r;
   CALL_FN_W_WWWW(r, fn, t, attr, start, arg);
   if (r == 0) REQ(CP_REQ__THREAD_CREATED, W_(*t), 0, 0, 0);
   return r;
}

/* join(t, ret, ...): a second join is misuse; try first, and only a
   thread still running is waited for.  CALL calls the original with the
   parameters after ret. */
#define JOIN(zname, CALL, ...)                                             \
   SYNC_FN(int, zname, pthread_t t, void** ret, ##__VA_ARGS__)            \
   {                                                                       \
      ORIG; int r;                                                         \
      REQ(CP_REQ__JOIN_PRE, W_(t), 0, 0, 0);                               \
      r = pthread_tryjoin_np(t, ret);   /* wrapped: tells the join */      \
      if (r != EBUSY) return r;                                            \
      WAIT_BEGIN(CP_WAIT_JOIN, t);                                         \
      CALL;                                                                \
      if (r == 0) REQ(CP_REQ__THREAD_JOINED, W_(t), 0, 0, 0);              \
      WAIT_END(CP_WAIT_JOIN, t, r == 0);                                   \
      return r;                                                            \
   }

JOIN(pthreadZujoinZa,          CALL_FN_W_WW(r, fn, t, ret))
JOIN(pthreadZutimedjoinZunpZa, CALL_FN_W_WWW(r, fn, t, ret, ts),
     const struct timespec* ts)
JOIN(pthreadZuclockjoinZunpZa, CALL_FN_W_WWWW(r, fn, t, ret, clk, ts),
     long clk, const struct timespec* ts)

SYNC_FN(int, pthreadZutryjoinZunpZa, pthread_t t, void** ret)
{
   ORIG; int r;
   CALL_FN_W_WW(r, fn, t, ret);
   if (r == 0) REQ(CP_REQ__THREAD_JOINED, W_(t), 0, 0, 0);
   return r;
}

C11_FN(int, thrdZucreateZa, thrd_t* t, thrd_start_t start, void* arg)
{
   ORIG; int r;
   CALL_FN_W_WWW(r, fn, t, start, arg);
   if (r == thrd_success) REQ(CP_REQ__THREAD_CREATED, W_(*t), 0, 0, 0);
   return r;
}

C11_FN(int, thrdZujoinZa, thrd_t t, int* res)
{
   ORIG; int r;
   REQ(CP_REQ__JOIN_PRE, W_(t), 0, 0, 0);
   WAIT_BEGIN(CP_WAIT_JOIN, t);   /* glibc has no tryjoin for thrd_t */
   CALL_FN_W_WW(r, fn, t, res);
   if (r == thrd_success) REQ(CP_REQ__THREAD_JOINED, W_(t), 0, 0, 0);
   WAIT_END(CP_WAIT_JOIN, t, r == thrd_success);
   return r;
}

/* Thread names, for the timeline's tracks. */
SYNC_FN(int, pthreadZusetnameZunpZa, pthread_t t, const char* name)
{
   ORIG; int r;
   CALL_FN_W_WW(r, fn, t, name);
   if (r == 0) REQ(CP_REQ__THREAD_NAME, W_(t), W_(name), 0, 0);
   return r;
}

/*------------------------------------------------------------*/
/*--- Locks: mutexes, rwlocks, spin locks, C11 mutexes     ---*/
/*------------------------------------------------------------*/

#define LOCK_INIT(zname, kind, ok)                                         \
   SYNC_FN(int, zname, void* m, void* a)                                  \
   {                                                                       \
      ORIG; int r;                                                         \
      CALL_FN_W_WW(r, fn, m, a);                                           \
      if (r == (ok)) REQ(CP_REQ__LOCK_INIT, W_(m), kind, 0, 0);            \
      return r;                                                            \
   }

#define LOCK_DESTROY(zname, kind)                                          \
   SYNC_FN(int, zname, void* m)                                           \
   {                                                                       \
      ORIG; int r;                                                         \
      REQ(CP_REQ__LOCK_DESTROY, W_(m), kind, 0, 0);                        \
      CALL_FN_W_W(r, fn, m);                                               \
      return r;                                                            \
   }

/* lock(m, ...): try first; only if the lock is taken, wait for it.
   DEF is SYNC_FN or C11_FN, T the lock's type, BUSY what the try returns
   when the lock is taken, OK success; CALL calls the original with the
   parameters after m.  Without the race detector a free lock costs no
   request (the block and mutex profiles want only waits and unlocks). */
#define LOCK(DEF, zname, T, kind, write, wk, tryfn, BUSY, OK, CALL, ...)   \
   DEF(int, zname, T m, ##__VA_ARGS__)                                    \
   {                                                                       \
      ORIG; int r;                                                         \
      if (SYNC_OFF()) { CALL; return r; }                                  \
      if (RACE_ON()) REQ(CP_REQ__LOCK_INTENT, W_(m), 0, 0, 0);             \
      r = tryfn(m);   /* wrapped: tells the acquisition itself */          \
      if (r != (BUSY)) return r;                                           \
      REQ(CP_REQ__LOCK_PRE, W_(m), kind, write, 0);                        \
      WAIT_BEGIN(wk, m);                                                   \
      CALL;                                                                \
      REQ(CP_REQ__LOCK_POST, W_(m), kind, write, r == (OK));               \
      WAIT_END(wk, m, r == (OK));                                          \
      return r;                                                            \
   }

/* trylock(m) */
#define TRYLOCK(DEF, zname, T, kind, write, OK)                            \
   DEF(int, zname, T m)                                                   \
   {                                                                       \
      ORIG; int r;                                                         \
      CALL_FN_W_W(r, fn, m);                                               \
      if (!RACE_ON()) return r;                                            \
      REQ(CP_REQ__LOCK_POST, W_(m), (kind) | CP_LOCK_TRY, write, r == (OK)); \
      return r;                                                            \
   }

/* The three pthread forms of a lock call: lock(m), timedlock(m, ts),
   clocklock(m, clock, ts). */
#define PLOCKS(zlock, ztimed, zclock, kind, write, wk, tryfn)              \
   LOCK(SYNC_FN, zlock, void*, kind, write, wk, tryfn, EBUSY, 0,           \
        CALL_FN_W_W(r, fn, m))                                             \
   LOCK(SYNC_FN, ztimed, void*, kind, write, wk, tryfn, EBUSY, 0,          \
        CALL_FN_W_WW(r, fn, m, ts), void* ts)                              \
   LOCK(SYNC_FN, zclock, void*, kind, write, wk, tryfn, EBUSY, 0,          \
        CALL_FN_W_WWW(r, fn, m, clk, ts), long clk, void* ts)

#define UNLOCK(DEF, zname, T, kind)                                        \
   DEF(int, zname, T m)                                                   \
   {                                                                       \
      ORIG; int r;                                                         \
      if (!SYNC_OFF()) REQ(CP_REQ__UNLOCK_PRE, W_(m), kind, 0, 0);         \
      CALL_FN_W_W(r, fn, m);                                               \
      return r;                                                            \
   }

LOCK_INIT   (pthreadZumutexZuinitZa,       CP_LOCK_MUTEX, 0)
LOCK_DESTROY(pthreadZumutexZudestroyZa,    CP_LOCK_MUTEX)
PLOCKS(pthreadZumutexZulockZa, pthreadZumutexZutimedlockZa,
       pthreadZumutexZuclocklockZa, CP_LOCK_MUTEX, 1, CP_WAIT_MUTEX,
       pthread_mutex_trylock)
TRYLOCK(SYNC_FN, pthreadZumutexZutrylockZa, void*, CP_LOCK_MUTEX, 1, 0)
UNLOCK(SYNC_FN, pthreadZumutexZuunlockZa, void*, CP_LOCK_MUTEX)

LOCK_INIT   (pthreadZurwlockZuinitZa,        CP_LOCK_RWLOCK, 0)
LOCK_DESTROY(pthreadZurwlockZudestroyZa,     CP_LOCK_RWLOCK)
PLOCKS(pthreadZurwlockZurdlockZa, pthreadZurwlockZutimedrdlockZa,
       pthreadZurwlockZuclockrdlockZa, CP_LOCK_RWLOCK, 0, CP_WAIT_RDLOCK,
       pthread_rwlock_tryrdlock)
PLOCKS(pthreadZurwlockZuwrlockZa, pthreadZurwlockZutimedwrlockZa,
       pthreadZurwlockZuclockwrlockZa, CP_LOCK_RWLOCK, 1, CP_WAIT_WRLOCK,
       pthread_rwlock_trywrlock)
TRYLOCK(SYNC_FN, pthreadZurwlockZutryrdlockZa, void*, CP_LOCK_RWLOCK, 0, 0)
TRYLOCK(SYNC_FN, pthreadZurwlockZutrywrlockZa, void*, CP_LOCK_RWLOCK, 1, 0)
UNLOCK(SYNC_FN, pthreadZurwlockZuunlockZa, void*, CP_LOCK_RWLOCK)

LOCK_DESTROY(pthreadZuspinZudestroyZa,     CP_LOCK_SPIN)
LOCK(SYNC_FN, pthreadZuspinZulockZa, void*, CP_LOCK_SPIN, 1, CP_WAIT_SPIN,
     pthread_spin_trylock, EBUSY, 0, CALL_FN_W_W(r, fn, m))
TRYLOCK(SYNC_FN, pthreadZuspinZutrylockZa, void*, CP_LOCK_SPIN, 1, 0)
UNLOCK(SYNC_FN, pthreadZuspinZuunlockZa, void*, CP_LOCK_SPIN)

/* No wrapper for pthread_spin_init: on x86-64 glibc it is the same code
   as pthread_spin_unlock (both store 0; one is an alias of the other), so
   Valgrind can redirect only one of the two names.  The unlock wrapper
   sees both: an init is then a release by a thread that holds nothing,
   which adds no edge that the thread's later unlocks would not add. */

/* C11: mtx_init(m, type); thrd_success is 0 */
C11_FN(int, mtxZuinitZa, mtx_t* m, int type)
{
   ORIG; int r;
   CALL_FN_W_WW(r, fn, m, type);
   if (r == thrd_success) REQ(CP_REQ__LOCK_INIT, W_(m), CP_LOCK_MUTEX, 0, 0);
   return r;
}

C11_FN(void, mtxZudestroyZa, mtx_t* m)
{
   ORIG;
   REQ(CP_REQ__LOCK_DESTROY, W_(m), CP_LOCK_MUTEX, 0, 0);
   CALL_FN_v_W(fn, m);
}

LOCK(C11_FN, mtxZulockZa, mtx_t*, CP_LOCK_MUTEX, 1, CP_WAIT_MUTEX,
     mtx_trylock, thrd_busy, thrd_success, CALL_FN_W_W(r, fn, m))
LOCK(C11_FN, mtxZutimedlockZa, mtx_t*, CP_LOCK_MUTEX, 1, CP_WAIT_MUTEX,
     mtx_trylock, thrd_busy, thrd_success, CALL_FN_W_WW(r, fn, m, ts),
     const struct timespec* ts)
TRYLOCK(C11_FN, mtxZutrylockZa, mtx_t*, CP_LOCK_MUTEX, 1, thrd_success)

UNLOCK(C11_FN, mtxZuunlockZa, mtx_t*, CP_LOCK_MUTEX)

/*------------------------------------------------------------*/
/*--- Condition variables                                  ---*/
/*------------------------------------------------------------*/

/* signal(c), broadcast(c): release into c */
#define COND_SIGNAL(DEF, zname, CT)                                        \
   DEF(int, zname, CT* c)                                                 \
   {                                                                       \
      ORIG; int r;                                                         \
      REQ(CP_REQ__COND_SIGNAL, W_(c), 0, 0, 0);                            \
      CALL_FN_W_W(r, fn, c);                                               \
      return r;                                                            \
   }

/* wait(c, m, ...): the mutex is given up, the thread waits, the mutex is
   held again; OK is success (a timeout is not woken). */
#define COND_WAIT(DEF, zname, CT, MT, OK, CALL, ...)                       \
   DEF(int, zname, CT* c, MT* m, ##__VA_ARGS__)                           \
   {                                                                       \
      ORIG; int r;                                                         \
      REQ(CP_REQ__COND_WAIT_PRE, W_(c), W_(m), 0, 0);                      \
      WAIT_BEGIN(CP_WAIT_COND, c);                                         \
      CALL;                                                                \
      REQ(CP_REQ__COND_WAIT_POST, W_(c), W_(m), r == (OK), 0);             \
      WAIT_END(CP_WAIT_COND, c, r == (OK));                                \
      return r;                                                            \
   }

COND_SIGNAL(SYNC_FN, pthreadZucondZusignalZa,    pthread_cond_t)
COND_SIGNAL(SYNC_FN, pthreadZucondZubroadcastZa, pthread_cond_t)
COND_WAIT(SYNC_FN, pthreadZucondZuwaitZa, pthread_cond_t, pthread_mutex_t, 0,
          CALL_FN_W_WW(r, fn, c, m))
COND_WAIT(SYNC_FN, pthreadZucondZutimedwaitZa, pthread_cond_t, pthread_mutex_t, 0,
          CALL_FN_W_WWW(r, fn, c, m, ts), const struct timespec* ts)
COND_WAIT(SYNC_FN, pthreadZucondZuclockwaitZa, pthread_cond_t, pthread_mutex_t, 0,
          CALL_FN_W_WWWW(r, fn, c, m, clk, ts), long clk, const struct timespec* ts)
COND_SIGNAL(C11_FN, cndZusignalZa,    cnd_t)
COND_SIGNAL(C11_FN, cndZubroadcastZa, cnd_t)
COND_WAIT(C11_FN, cndZuwaitZa, cnd_t, mtx_t, thrd_success,
          CALL_FN_W_WW(r, fn, c, m))
COND_WAIT(C11_FN, cndZutimedwaitZa, cnd_t, mtx_t, thrd_success,
          CALL_FN_W_WWW(r, fn, c, m, ts), const struct timespec* ts)

/*------------------------------------------------------------*/
/*--- Semaphores and barriers                              ---*/
/*------------------------------------------------------------*/

SYNC_FN(int, semZuinitZa, sem_t* s, long pshared, unsigned long value)
{
   ORIG; int r;
   CALL_FN_W_WWW(r, fn, s, pshared, value);
   if (r == 0) REQ(CP_REQ__SEM_INIT, W_(s), value, 0, 0);
   return r;
}

SYNC_FN(int, semZudestroyZa, sem_t* s)
{
   ORIG; int r;
   REQ(CP_REQ__SEM_DESTROY, W_(s), 0, 0, 0);
   CALL_FN_W_W(r, fn, s);
   return r;
}

SYNC_FN(int, semZupostZa, sem_t* s)
{
   ORIG; int r;
   REQ(CP_REQ__SEM_POST, W_(s), 0, 0, 0);
   CALL_FN_W_W(r, fn, s);
   return r;
}

/* sem_wait(s, ...): try first; only a semaphore at zero is waited for. */
#define SEM_WAIT(zname, CALL, ...)                                         \
   SYNC_FN(int, zname, sem_t* s, ##__VA_ARGS__)                           \
   {                                                                       \
      ORIG; int r;                                                         \
      r = sem_trywait(s);   /* wrapped: tells the acquisition itself */    \
      if (r == 0 || errno != EAGAIN) return r;                             \
      REQ(CP_REQ__SEM_WAIT_PRE, W_(s), 0, 0, 0);                           \
      WAIT_BEGIN(CP_WAIT_SEM, s);                                          \
      CALL;                                                                \
      REQ(CP_REQ__SEM_WAIT_POST, W_(s), r == 0, 0, 0);                     \
      WAIT_END(CP_WAIT_SEM, s, r == 0);                                    \
      return r;                                                            \
   }

SEM_WAIT(semZuwaitZa,      CALL_FN_W_W(r, fn, s))
SEM_WAIT(semZutimedwaitZa, CALL_FN_W_WW(r, fn, s, ts), const struct timespec* ts)
SEM_WAIT(semZuclockwaitZa, CALL_FN_W_WWW(r, fn, s, clk, ts),
         long clk, const struct timespec* ts)

SYNC_FN(int, semZutrywaitZa, sem_t* s)
{
   ORIG; int r;
   CALL_FN_W_W(r, fn, s);
   REQ(CP_REQ__SEM_WAIT_POST, W_(s), r == 0, 0, 0);
   return r;
}

SYNC_FN(int, pthreadZubarrierZuinitZa, pthread_barrier_t* b,
        const pthread_barrierattr_t* a, unsigned long count)
{
   ORIG; int r;
   CALL_FN_W_WWW(r, fn, b, a, count);
   if (r == 0) REQ(CP_REQ__BARRIER_INIT, W_(b), count, 0, 0);
   return r;
}

SYNC_FN(int, pthreadZubarrierZuwaitZa, pthread_barrier_t* b)
{
   ORIG; int r;
   REQ(CP_REQ__BARRIER_WAIT_PRE, W_(b), 0, 0, 0);
   WAIT_BEGIN(CP_WAIT_BARRIER, b);
   CALL_FN_W_W(r, fn, b);
   REQ(CP_REQ__BARRIER_WAIT_POST, W_(b), 0, 0, 0);
   WAIT_END(CP_WAIT_BARRIER, b, 1);
   return r;
}

SYNC_FN(int, pthreadZubarrierZudestroyZa, pthread_barrier_t* b)
{
   ORIG; int r;
   REQ(CP_REQ__BARRIER_DESTROY, W_(b), 0, 0, 0);
   CALL_FN_W_W(r, fn, b);
   return r;
}

/*------------------------------------------------------------*/
/*--- pthread_once, call_once                              ---*/
/*------------------------------------------------------------*/

/* The original runs this trampoline instead of the init function: it
   asks the tool which function the thread is initialising with (no
   state here), runs it, and says it returned, so that every caller that
   returns from pthread_once later acquires what the init did. */
static void once_trampoline ( void )
{
   void (*init)(void) = (void (*)(void))REQ(CP_REQ__ONCE_FN, 0, 0, 0, 0);
   if (init) init();
   REQ(CP_REQ__ONCE_DONE, 0, 0, 0, 0);
}

SYNC_FN(int, pthreadZuonceZa, pthread_once_t* ctl, void (*init)(void))
{
   ORIG; int r;
   /* glibc's call_once calls pthread_once (at the same address as its
      internal name): already wrapped, it passes our trampoline on */
   if (init == once_trampoline) {
      CALL_FN_W_WW(r, fn, ctl, init);
      return r;
   }
   REQ(CP_REQ__ONCE_PRE, W_(ctl), W_(init), 0, 0);
   CALL_FN_W_WW(r, fn, ctl, once_trampoline);
   REQ(CP_REQ__ONCE_POST, W_(ctl), 0, 0, 0);
   return r;
}

C11_FN(void, callZuonceZa, once_flag* ctl, void (*init)(void))
{
   ORIG;
   REQ(CP_REQ__ONCE_PRE, W_(ctl), W_(init), 0, 0);
   CALL_FN_v_WW(fn, ctl, once_trampoline);
   REQ(CP_REQ__ONCE_POST, W_(ctl), 0, 0, 0);
}

/*--------------------------------------------------------------------*/
/*--- end                                            cp_syncwrap.c ---*/
/*--------------------------------------------------------------------*/
