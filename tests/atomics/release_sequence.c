// release_sequence: a producer publishes data with a release store of a
// counter; two consumers take turns with fetch_add (read-modify-writes
// continue the release sequence), and both may read the data.
// VERDICT: race-free
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static int data[8];
static atomic_int count;

static void *consumer(void *arg)
{
    (void)arg;
    int n;
    while ((n = atomic_load_explicit(&count, memory_order_acquire)) == 0) {}
    atomic_fetch_add_explicit(&count, 1, memory_order_relaxed);
    return (void *)(long)(data[0] + data[7]);
}

int main(void)
{
    pthread_t t[2];
    for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, consumer, NULL);
    for (int i = 0; i < 8; i++) data[i] = i;
    atomic_store_explicit(&count, 1, memory_order_release);
    long sum = 0;
    for (int i = 0; i < 2; i++) { void *r; pthread_join(t[i], &r); sum += (long)r; }
    printf("%ld %d\n", sum, atomic_load(&count));
    return 0;
}
