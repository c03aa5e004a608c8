// rwlock_write_under_rdlock: two threads increment a counter while holding
// the rwlock only for reading.  Read locks are shared: the two holders run
// at the same time and neither unlock orders the other.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int counter;

static void *worker(void *arg)
{
    if (arg)
        usleep(50 * 1000);      /* apart in time, not ordered */
    pthread_rwlock_rdlock(&rw);
    counter++;                                          /* RACE */
    pthread_rwlock_unlock(&rw);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, worker, NULL);
    pthread_create(&t2, NULL, worker, (void *)1);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("counter = %d\n", counter);
    return 0;
}
