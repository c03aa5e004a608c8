// fences: relaxed atomic accesses ordered by a release fence and an
// acquire fence (which compile to nothing on x86-64).  The flag is
// `_Atomic`, so its accesses synchronise.
// VERDICT: race-free
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static long payload;
static _Atomic int flag;

static void *producer(void *arg)
{
    (void)arg;
    payload = 42;
    atomic_thread_fence(memory_order_release);
    atomic_store_explicit(&flag, 1, memory_order_relaxed);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    while (!atomic_load_explicit(&flag, memory_order_relaxed)) {}
    atomic_thread_fence(memory_order_acquire);
    printf("%ld\n", payload);
    pthread_join(t, NULL);
    return 0;
}
