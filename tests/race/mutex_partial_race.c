// mutex_partial_race: one thread increments the counter under a mutex, the
// other increments it without taking the mutex: a lock held on one side
// only orders nothing.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *locked(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    counter++;                                          /* RACE */
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *unlocked(void *arg)
{
    (void)arg;
    usleep(50 * 1000);          /* apart in time, not ordered */
    counter++;                                          /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, locked, NULL);
    pthread_create(&t2, NULL, unlocked, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("counter = %d\n", counter);
    return 0;
}
