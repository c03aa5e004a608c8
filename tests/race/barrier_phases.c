// barrier_phases: two threads alternate through a pthread barrier.  In
// phase 0 A writes x; after the barrier B reads x and writes y (phase 1);
// after the second barrier A reads y (phase 2).  Every hand-off crosses a
// barrier.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>

static pthread_barrier_t barrier;
static int x, y, result;

static void *thread_a(void *arg)
{
    (void)arg;
    x = 10;
    pthread_barrier_wait(&barrier);
    pthread_barrier_wait(&barrier);
    result = y + 1;
    return NULL;
}

static void *thread_b(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&barrier);
    y = x * 2;
    pthread_barrier_wait(&barrier);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_barrier_init(&barrier, NULL, 2);
    pthread_create(&a, NULL, thread_a, NULL);
    pthread_create(&b, NULL, thread_b, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    pthread_barrier_destroy(&barrier);
    printf("result = %d\n", result);
    return result != 21;
}
