// mutex_timedlock: threads take the mutex with pthread_mutex_timedlock
// (a deadline far in the future, so it always succeeds) and increment the
// counter while holding it.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 500; i++) {
        struct timespec deadline;
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_sec += 60;
        if (pthread_mutex_timedlock(&lock, &deadline) != 0)
            return (void *)1;
        counter++;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    void *r1, *r2;
    pthread_create(&t1, NULL, worker, NULL);
    pthread_create(&t2, NULL, worker, NULL);
    pthread_join(t1, &r1);
    pthread_join(t2, &r2);
    printf("counter = %d\n", counter);
    return counter != 1000 || r1 || r2;
}
