// atomic_flag_relaxed: as atomic_flag_acqrel, but both read-modify-writes
// on the flag are __ATOMIC_RELAXED.
//
// Decision: race-free.  In C11 terms a relaxed RMW gives no
// synchronizes-with edge, so the data accesses race.  But cprofgrind checks
// the binary, where the memory order is gone: on x86-64 every atomic
// read-modify-write is one lock-prefixed instruction (here lock add and
// lock xadd, the same bytes as in atomic_flag_acqrel), a full barrier.
// The binary cannot race, and no binary-level detector can tell this
// program from atomic_flag_acqrel, so we label it by the instructions and
// count every locked RMW as acquire+release on its address.  (At -O0, as
// tests/run builds it, the compiler does not move the data accesses
// across the builtin either.)
// VERDICT: race-free
// TSAN: racy -- TSan follows the C11 model: relaxed atomics do not
// synchronise, so it reports the data write against the data read.
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static int flag;
static int data;

static void *writer(void *arg)
{
    (void)arg;
    data = 42;                                          /* TSAN-RACE */
    __atomic_fetch_add(&flag, 1, __ATOMIC_RELAXED);
    return NULL;
}

static void *reader(void *arg)
{
    while (__atomic_fetch_add(&flag, 0, __ATOMIC_RELAXED) == 0)
        sched_yield();
    *(int *)arg = data;                                 /* TSAN-RACE */
    return NULL;
}

int main(void)
{
    pthread_t w, r;
    int seen = 0;
    pthread_create(&r, NULL, reader, &seen);
    pthread_create(&w, NULL, writer, NULL);
    pthread_join(w, NULL);
    pthread_join(r, NULL);
    printf("seen = %d\n", seen);
    return seen != 42;
}
