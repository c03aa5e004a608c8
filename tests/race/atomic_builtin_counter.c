// atomic_builtin_counter: two threads increment a counter with GCC's
// __atomic_fetch_add (seq_cst, a lock-prefixed add); main reads it with a
// plain load after joining.  Atomic accesses never race with each other.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>

static int counter;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++)
        __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, worker, NULL);
    pthread_create(&t2, NULL, worker, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("counter = %d\n", counter);
    return counter != 2000;
}
