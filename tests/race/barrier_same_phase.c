// barrier_same_phase: two threads meet at a barrier, but A writes x and B
// reads x in the same phase (both before the first barrier), so the
// barrier orders neither access.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_barrier_t barrier;
static int x;

static void *thread_a(void *arg)
{
    (void)arg;
    x = 10;                                             /* RACE */
    pthread_barrier_wait(&barrier);
    return NULL;
}

static void *thread_b(void *arg)
{
    usleep(50 * 1000);          /* apart in time, not ordered */
    int seen = x;                                       /* RACE */
    pthread_barrier_wait(&barrier);
    *(int *)arg = seen;
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    int seen;
    pthread_barrier_init(&barrier, NULL, 2);
    pthread_create(&a, NULL, thread_a, NULL);
    pthread_create(&b, NULL, thread_b, &seen);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    pthread_barrier_destroy(&barrier);
    printf("seen = %d\n", seen);
    return 0;
}
