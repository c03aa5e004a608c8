// heap_reuse: thread A mallocs a block, writes it and frees it; thread B,
// which A never synchronises with, then mallocs blocks of the same size
// (the allocator may hand out A's old address) and writes them.  A block
// is a new object from malloc on: memory reuse starts clean.  B sleeps
// first only so that A's free comes before B's mallocs in time, which
// makes the reuse likely.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define SIZE 48

static void *thread_a(void *arg)
{
    (void)arg;
    char *p = malloc(SIZE);
    for (int i = 0; i < SIZE; i++)
        p[i] = (char)i;
    free(p);
    return NULL;
}

static void *thread_b(void *arg)
{
    usleep(200 * 1000);
    long sum = 0;
    for (int round = 0; round < 8; round++) {
        char *q = malloc(SIZE);
        for (int i = 0; i < SIZE; i++)
            q[i] = (char)round;
        sum += q[SIZE - 1];
        free(q);
    }
    *(long *)arg = sum;
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    long sum = 0;
    pthread_create(&a, NULL, thread_a, NULL);
    pthread_create(&b, NULL, thread_b, &sum);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("sum = %ld\n", sum);
    return sum != 28;
}
