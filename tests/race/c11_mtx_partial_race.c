// c11_mtx_partial_race: one C11 thread writes under an mtx_t, the other
// reads without locking it.
// VERDICT: racy
// TSAN: crash -- GCC 12's libtsan has no C11 thread interceptors and
// glibc's thrd_create calls pthread_create internally (not through the
// PLT), so the new thread runs without TSan state and the first
// instrumented call in it dies with SEGV: TSan cannot check this program.
#include <stdio.h>
#include <threads.h>
#include <unistd.h>

static mtx_t lock;
static long balance;

static int depositor(void *arg)
{
    (void)arg;
    mtx_lock(&lock);
    balance += 100;                                     /* RACE */
    mtx_unlock(&lock);
    return 0;
}

static int auditor(void *arg)
{
    usleep(50 * 1000);          /* apart in time, not ordered */
    *(long *)arg = balance;                             /* RACE */
    return 0;
}

int main(void)
{
    thrd_t d, a;
    long seen;
    mtx_init(&lock, mtx_plain);
    thrd_create(&d, depositor, NULL);
    thrd_create(&a, auditor, &seen);
    thrd_join(d, NULL);
    thrd_join(a, NULL);
    mtx_destroy(&lock);
    printf("balance = %ld\n", balance);
    return 0;
}
