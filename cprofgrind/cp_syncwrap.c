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

/* Whether the tool wants to hear from these wrappers at all: asked once
   (a heap-only run does not, and a program like sqlite3 locks a mutex
   around every allocation: each request costs a trip to the scheduler).
   Every thread stores the same answer, so the unsynchronised static is
   harmless (and this library's accesses are never checked). */
static long s_sync_modes = -1;
#define SYNC_OFF() \
   (__builtin_expect(s_sync_modes < 0, 0)                                  \
       ? (s_sync_modes = (long)REQ(CP_REQ__SYNC_MODES, 0, 0, 0, 0)) == 0 \
       : s_sync_modes == 0)

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

SYNC_FN(int, pthreadZujoinZa, pthread_t t, void** ret)
{
   ORIG; int r;
   REQ(CP_REQ__JOIN_PRE, W_(t), 0, 0, 0);   /* a second join is misuse */
   r = pthread_tryjoin_np(t, ret);   /* wrapped: tells the join itself */
   if (r != EBUSY) return r;
   WAIT_BEGIN(CP_WAIT_JOIN, t);
   CALL_FN_W_WW(r, fn, t, ret);
   if (r == 0) REQ(CP_REQ__THREAD_JOINED, W_(t), 0, 0, 0);
   WAIT_END(CP_WAIT_JOIN, t, r == 0);
   return r;
}

SYNC_FN(int, pthreadZutryjoinZunpZa, pthread_t t, void** ret)
{
   ORIG; int r;
   CALL_FN_W_WW(r, fn, t, ret);
   if (r == 0) REQ(CP_REQ__THREAD_JOINED, W_(t), 0, 0, 0);
   return r;
}

SYNC_FN(int, pthreadZutimedjoinZunpZa, pthread_t t, void** ret,
        const struct timespec* ts)
{
   ORIG; int r;
   REQ(CP_REQ__JOIN_PRE, W_(t), 0, 0, 0);
   r = pthread_tryjoin_np(t, ret);
   if (r != EBUSY) return r;
   WAIT_BEGIN(CP_WAIT_JOIN, t);
   CALL_FN_W_WWW(r, fn, t, ret, ts);
   if (r == 0) REQ(CP_REQ__THREAD_JOINED, W_(t), 0, 0, 0);
   WAIT_END(CP_WAIT_JOIN, t, r == 0);
   return r;
}

SYNC_FN(int, pthreadZuclockjoinZunpZa, pthread_t t, void** ret, long clk,
        const struct timespec* ts)
{
   ORIG; int r;
   REQ(CP_REQ__JOIN_PRE, W_(t), 0, 0, 0);
   r = pthread_tryjoin_np(t, ret);
   if (r != EBUSY) return r;
   WAIT_BEGIN(CP_WAIT_JOIN, t);
   CALL_FN_W_WWWW(r, fn, t, ret, clk, ts);
   if (r == 0) REQ(CP_REQ__THREAD_JOINED, W_(t), 0, 0, 0);
   WAIT_END(CP_WAIT_JOIN, t, r == 0);
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

/* lock(m): try first; only if the lock is taken, wait for it. */
#define LOCK1(zname, kind, write, wk, tryfn)                              \
   SYNC_FN(int, zname, void* m)                                           \
   {                                                                       \
      ORIG; int r;                                                         \
      if (SYNC_OFF()) { CALL_FN_W_W(r, fn, m); return r; }                 \
      if (RACE_ON()) REQ(CP_REQ__LOCK_INTENT, W_(m), 0, 0, 0);           \
      r = tryfn(m);   /* wrapped: tells the acquisition itself */          \
      if (r != EBUSY) return r;                                            \
      REQ(CP_REQ__LOCK_PRE, W_(m), kind, write, 0);                        \
      WAIT_BEGIN(wk, m);                                                   \
      CALL_FN_W_W(r, fn, m);                                               \
      REQ(CP_REQ__LOCK_POST, W_(m), kind, write, r == 0);                  \
      WAIT_END(wk, m, r == 0);                                             \
      return r;                                                            \
   }

/* trylock(m) */
#define TRYLOCK(zname, kind, write)                                        \
   SYNC_FN(int, zname, void* m)                                           \
   {                                                                       \
      ORIG; int r;                                                         \
      CALL_FN_W_W(r, fn, m);                                               \
      if (!RACE_ON()) return r;                                            \
      REQ(CP_REQ__LOCK_POST, W_(m), (kind) | CP_LOCK_TRY, write, r == 0);  \
      return r;                                                            \
   }

/* timedlock(m, ts) */
#define LOCK2(zname, kind, write, wk, tryfn)                              \
   SYNC_FN(int, zname, void* m, void* ts)                                 \
   {                                                                       \
      ORIG; int r;                                                         \
      if (SYNC_OFF()) { CALL_FN_W_WW(r, fn, m, ts); return r; }            \
      if (RACE_ON()) REQ(CP_REQ__LOCK_INTENT, W_(m), 0, 0, 0);           \
      r = tryfn(m);                                                        \
      if (r != EBUSY) return r;                                            \
      REQ(CP_REQ__LOCK_PRE, W_(m), kind, write, 0);                        \
      WAIT_BEGIN(wk, m);                                                   \
      CALL_FN_W_WW(r, fn, m, ts);                                          \
      REQ(CP_REQ__LOCK_POST, W_(m), kind, write, r == 0);                  \
      WAIT_END(wk, m, r == 0);                                             \
      return r;                                                            \
   }

/* clocklock(m, clock, ts) */
#define LOCK3(zname, kind, write, wk, tryfn)                              \
   SYNC_FN(int, zname, void* m, long clk, void* ts)                       \
   {                                                                       \
      ORIG; int r;                                                         \
      if (SYNC_OFF()) { CALL_FN_W_WWW(r, fn, m, clk, ts); return r; }      \
      if (RACE_ON()) REQ(CP_REQ__LOCK_INTENT, W_(m), 0, 0, 0);           \
      r = tryfn(m);                                                        \
      if (r != EBUSY) return r;                                            \
      REQ(CP_REQ__LOCK_PRE, W_(m), kind, write, 0);                        \
      WAIT_BEGIN(wk, m);                                                   \
      CALL_FN_W_WWW(r, fn, m, clk, ts);                                    \
      REQ(CP_REQ__LOCK_POST, W_(m), kind, write, r == 0);                  \
      WAIT_END(wk, m, r == 0);                                             \
      return r;                                                            \
   }

#define UNLOCK(zname, kind)                                                \
   SYNC_FN(int, zname, void* m)                                           \
   {                                                                       \
      ORIG; int r;                                                         \
      if (!SYNC_OFF()) REQ(CP_REQ__UNLOCK_PRE, W_(m), kind, 0, 0);         \
      CALL_FN_W_W(r, fn, m);                                               \
      return r;                                                            \
   }

LOCK_INIT   (pthreadZumutexZuinitZa,       CP_LOCK_MUTEX, 0)
LOCK_DESTROY(pthreadZumutexZudestroyZa,    CP_LOCK_MUTEX)
LOCK1       (pthreadZumutexZulockZa,       CP_LOCK_MUTEX, 1, CP_WAIT_MUTEX, pthread_mutex_trylock)
TRYLOCK     (pthreadZumutexZutrylockZa,    CP_LOCK_MUTEX, 1)
LOCK2       (pthreadZumutexZutimedlockZa,  CP_LOCK_MUTEX, 1, CP_WAIT_MUTEX, pthread_mutex_trylock)
LOCK3       (pthreadZumutexZuclocklockZa,  CP_LOCK_MUTEX, 1, CP_WAIT_MUTEX, pthread_mutex_trylock)
UNLOCK      (pthreadZumutexZuunlockZa,     CP_LOCK_MUTEX)

LOCK_INIT   (pthreadZurwlockZuinitZa,        CP_LOCK_RWLOCK, 0)
LOCK_DESTROY(pthreadZurwlockZudestroyZa,     CP_LOCK_RWLOCK)
LOCK1       (pthreadZurwlockZurdlockZa,      CP_LOCK_RWLOCK, 0, CP_WAIT_RDLOCK, pthread_rwlock_tryrdlock)
TRYLOCK     (pthreadZurwlockZutryrdlockZa,   CP_LOCK_RWLOCK, 0)
LOCK2       (pthreadZurwlockZutimedrdlockZa, CP_LOCK_RWLOCK, 0, CP_WAIT_RDLOCK, pthread_rwlock_tryrdlock)
LOCK3       (pthreadZurwlockZuclockrdlockZa, CP_LOCK_RWLOCK, 0, CP_WAIT_RDLOCK, pthread_rwlock_tryrdlock)
LOCK1       (pthreadZurwlockZuwrlockZa,      CP_LOCK_RWLOCK, 1, CP_WAIT_WRLOCK, pthread_rwlock_trywrlock)
TRYLOCK     (pthreadZurwlockZutrywrlockZa,   CP_LOCK_RWLOCK, 1)
LOCK2       (pthreadZurwlockZutimedwrlockZa, CP_LOCK_RWLOCK, 1, CP_WAIT_WRLOCK, pthread_rwlock_trywrlock)
LOCK3       (pthreadZurwlockZuclockwrlockZa, CP_LOCK_RWLOCK, 1, CP_WAIT_WRLOCK, pthread_rwlock_trywrlock)
UNLOCK      (pthreadZurwlockZuunlockZa,      CP_LOCK_RWLOCK)

LOCK_DESTROY(pthreadZuspinZudestroyZa,     CP_LOCK_SPIN)
LOCK1       (pthreadZuspinZulockZa,        CP_LOCK_SPIN, 1, CP_WAIT_SPIN, pthread_spin_trylock)
TRYLOCK     (pthreadZuspinZutrylockZa,     CP_LOCK_SPIN, 1)
UNLOCK      (pthreadZuspinZuunlockZa,      CP_LOCK_SPIN)

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

C11_FN(int, mtxZulockZa, mtx_t* m)
{
   ORIG; int r;
   REQ(CP_REQ__LOCK_INTENT, W_(m), 0, 0, 0);
   r = mtx_trylock(m);
   if (r != thrd_busy) return r;
   REQ(CP_REQ__LOCK_PRE, W_(m), CP_LOCK_MUTEX, 1, 0);
   WAIT_BEGIN(CP_WAIT_MUTEX, m);
   CALL_FN_W_W(r, fn, m);
   REQ(CP_REQ__LOCK_POST, W_(m), CP_LOCK_MUTEX, 1, r == thrd_success);
   WAIT_END(CP_WAIT_MUTEX, m, r == thrd_success);
   return r;
}

C11_FN(int, mtxZutrylockZa, mtx_t* m)
{
   ORIG; int r;
   CALL_FN_W_W(r, fn, m);
   REQ(CP_REQ__LOCK_POST, W_(m), CP_LOCK_MUTEX | CP_LOCK_TRY, 1, r == thrd_success);
   return r;
}

C11_FN(int, mtxZutimedlockZa, mtx_t* m, const struct timespec* ts)
{
   ORIG; int r;
   REQ(CP_REQ__LOCK_INTENT, W_(m), 0, 0, 0);
   r = mtx_trylock(m);
   if (r != thrd_busy) return r;
   REQ(CP_REQ__LOCK_PRE, W_(m), CP_LOCK_MUTEX, 1, 0);
   WAIT_BEGIN(CP_WAIT_MUTEX, m);
   CALL_FN_W_WW(r, fn, m, ts);
   REQ(CP_REQ__LOCK_POST, W_(m), CP_LOCK_MUTEX, 1, r == thrd_success);
   WAIT_END(CP_WAIT_MUTEX, m, r == thrd_success);
   return r;
}

C11_FN(int, mtxZuunlockZa, mtx_t* m)
{
   ORIG; int r;
   REQ(CP_REQ__UNLOCK_PRE, W_(m), CP_LOCK_MUTEX, 0, 0);
   CALL_FN_W_W(r, fn, m);
   return r;
}

/*------------------------------------------------------------*/
/*--- Condition variables                                  ---*/
/*------------------------------------------------------------*/

SYNC_FN(int, pthreadZucondZusignalZa, pthread_cond_t* c)
{
   ORIG; int r;
   REQ(CP_REQ__COND_SIGNAL, W_(c), 0, 0, 0);
   CALL_FN_W_W(r, fn, c);
   return r;
}

SYNC_FN(int, pthreadZucondZubroadcastZa, pthread_cond_t* c)
{
   ORIG; int r;
   REQ(CP_REQ__COND_SIGNAL, W_(c), 0, 0, 0);
   CALL_FN_W_W(r, fn, c);
   return r;
}

SYNC_FN(int, pthreadZucondZuwaitZa, pthread_cond_t* c, pthread_mutex_t* m)
{
   ORIG; int r;
   REQ(CP_REQ__COND_WAIT_PRE, W_(c), W_(m), 0, 0);
   WAIT_BEGIN(CP_WAIT_COND, c);
   CALL_FN_W_WW(r, fn, c, m);
   REQ(CP_REQ__COND_WAIT_POST, W_(c), W_(m), r == 0, 0);
   WAIT_END(CP_WAIT_COND, c, r == 0);
   return r;
}

SYNC_FN(int, pthreadZucondZutimedwaitZa, pthread_cond_t* c, pthread_mutex_t* m,
        const struct timespec* ts)
{
   ORIG; int r;
   REQ(CP_REQ__COND_WAIT_PRE, W_(c), W_(m), 0, 0);
   WAIT_BEGIN(CP_WAIT_COND, c);
   CALL_FN_W_WWW(r, fn, c, m, ts);
   REQ(CP_REQ__COND_WAIT_POST, W_(c), W_(m), r == 0, 0);
   WAIT_END(CP_WAIT_COND, c, r == 0);
   return r;
}

SYNC_FN(int, pthreadZucondZuclockwaitZa, pthread_cond_t* c, pthread_mutex_t* m,
        long clk, const struct timespec* ts)
{
   ORIG; int r;
   REQ(CP_REQ__COND_WAIT_PRE, W_(c), W_(m), 0, 0);
   WAIT_BEGIN(CP_WAIT_COND, c);
   CALL_FN_W_WWWW(r, fn, c, m, clk, ts);
   REQ(CP_REQ__COND_WAIT_POST, W_(c), W_(m), r == 0, 0);
   WAIT_END(CP_WAIT_COND, c, r == 0);
   return r;
}

C11_FN(int, cndZusignalZa, cnd_t* c)
{
   ORIG; int r;
   REQ(CP_REQ__COND_SIGNAL, W_(c), 0, 0, 0);
   CALL_FN_W_W(r, fn, c);
   return r;
}

C11_FN(int, cndZubroadcastZa, cnd_t* c)
{
   ORIG; int r;
   REQ(CP_REQ__COND_SIGNAL, W_(c), 0, 0, 0);
   CALL_FN_W_W(r, fn, c);
   return r;
}

C11_FN(int, cndZuwaitZa, cnd_t* c, mtx_t* m)
{
   ORIG; int r;
   REQ(CP_REQ__COND_WAIT_PRE, W_(c), W_(m), 0, 0);
   WAIT_BEGIN(CP_WAIT_COND, c);
   CALL_FN_W_WW(r, fn, c, m);
   REQ(CP_REQ__COND_WAIT_POST, W_(c), W_(m), r == thrd_success, 0);
   WAIT_END(CP_WAIT_COND, c, r == thrd_success);
   return r;
}

C11_FN(int, cndZutimedwaitZa, cnd_t* c, mtx_t* m, const struct timespec* ts)
{
   ORIG; int r;
   REQ(CP_REQ__COND_WAIT_PRE, W_(c), W_(m), 0, 0);
   WAIT_BEGIN(CP_WAIT_COND, c);
   CALL_FN_W_WWW(r, fn, c, m, ts);
   REQ(CP_REQ__COND_WAIT_POST, W_(c), W_(m), r == thrd_success, 0);
   WAIT_END(CP_WAIT_COND, c, r == thrd_success);
   return r;
}

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

SYNC_FN(int, semZuwaitZa, sem_t* s)
{
   ORIG; int r;
   r = sem_trywait(s);   /* wrapped: tells the acquisition itself */
   if (r == 0 || errno != EAGAIN) return r;
   REQ(CP_REQ__SEM_WAIT_PRE, W_(s), 0, 0, 0);
   WAIT_BEGIN(CP_WAIT_SEM, s);
   CALL_FN_W_W(r, fn, s);
   REQ(CP_REQ__SEM_WAIT_POST, W_(s), r == 0, 0, 0);
   WAIT_END(CP_WAIT_SEM, s, r == 0);
   return r;
}

SYNC_FN(int, semZutrywaitZa, sem_t* s)
{
   ORIG; int r;
   CALL_FN_W_W(r, fn, s);
   REQ(CP_REQ__SEM_WAIT_POST, W_(s), r == 0, 0, 0);
   return r;
}

SYNC_FN(int, semZutimedwaitZa, sem_t* s, const struct timespec* ts)
{
   ORIG; int r;
   r = sem_trywait(s);
   if (r == 0 || errno != EAGAIN) return r;
   REQ(CP_REQ__SEM_WAIT_PRE, W_(s), 0, 0, 0);
   WAIT_BEGIN(CP_WAIT_SEM, s);
   CALL_FN_W_WW(r, fn, s, ts);
   REQ(CP_REQ__SEM_WAIT_POST, W_(s), r == 0, 0, 0);
   WAIT_END(CP_WAIT_SEM, s, r == 0);
   return r;
}

SYNC_FN(int, semZuclockwaitZa, sem_t* s, long clk, const struct timespec* ts)
{
   ORIG; int r;
   r = sem_trywait(s);
   if (r == 0 || errno != EAGAIN) return r;
   REQ(CP_REQ__SEM_WAIT_PRE, W_(s), 0, 0, 0);
   WAIT_BEGIN(CP_WAIT_SEM, s);
   CALL_FN_W_WWW(r, fn, s, clk, ts);
   REQ(CP_REQ__SEM_WAIT_POST, W_(s), r == 0, 0, 0);
   WAIT_END(CP_WAIT_SEM, s, r == 0);
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
