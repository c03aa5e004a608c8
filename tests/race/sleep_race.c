// sleep_race: one thread writes a global; the other sleeps 100 ms and then
// reads it.  In practice the write always comes first, but sleeping is
// not synchronisation: under happens-before the accesses are unordered.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

int shared_value;

static void *early(void *arg)
{
    (void)arg;
    shared_value = 42;                                  /* RACE */
    return NULL;
}

static void *late(void *arg)
{
    usleep(100 * 1000);
    *(int *)arg = shared_value;                         /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    int seen = 0;
    pthread_create(&a, NULL, early, NULL);
    pthread_create(&b, NULL, late, &seen);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("seen = %d\n", seen);
    return 0;
}
