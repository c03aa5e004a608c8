// sync_builtin_counter: two threads increment a 64-bit counter with the
// legacy __sync_fetch_and_add builtin; main reads it after joining.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>

static long counter;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++)
        __sync_fetch_and_add(&counter, 1);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, worker, NULL);
    pthread_create(&t2, NULL, worker, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("counter = %ld\n", counter);
    return counter != 2000;
}
