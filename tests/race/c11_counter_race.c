// c11_counter_race: two C11 threads (thrd_create) increment a plain
// counter with no mtx_t at all.
// VERDICT: racy
// TSAN: crash -- GCC 12's libtsan has no C11 thread interceptors and
// glibc's thrd_create calls pthread_create internally (not through the
// PLT), so the new thread runs without TSan state and the first
// instrumented call in it dies with SEGV: TSan cannot check this program.
#include <stdio.h>
#include <threads.h>
#include <unistd.h>

static int counter;

static int worker(void *arg)
{
    if (arg)
        usleep(50 * 1000);      /* apart in time, not ordered */
    counter++;                                          /* RACE */
    return 0;
}

int main(void)
{
    thrd_t t1, t2;
    thrd_create(&t1, worker, NULL);
    thrd_create(&t2, worker, (void *)1);
    thrd_join(t1, NULL);
    thrd_join(t2, NULL);
    printf("counter = %d\n", counter);
    return 0;
}
