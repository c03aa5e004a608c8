// c11_atomic_counter: two threads increment an _Atomic counter with C11
// atomic_fetch_add (and atomic_fetch_add_explicit relaxed for a second,
// byte-sized counter); main reads both with atomic_load after joining.
// VERDICT: race-free
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static atomic_int counter;
static atomic_uchar small;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++) {
        atomic_fetch_add(&counter, 1);
        atomic_fetch_add_explicit(&small, 1, memory_order_relaxed);
    }
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, worker, NULL);
    pthread_create(&t2, NULL, worker, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    int c = atomic_load(&counter);
    int s = atomic_load(&small);
    printf("counter = %d, small = %d\n", c, s);
    return c != 2000 || s != 2000 % 256;
}
