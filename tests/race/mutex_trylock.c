// mutex_trylock: threads take the mutex with pthread_mutex_trylock only,
// retrying after EBUSY; the counter is touched only on the success path.
// VERDICT: race-free
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 500; i++) {
        while (pthread_mutex_trylock(&lock) != 0)
            sched_yield();
        counter++;
        pthread_mutex_unlock(&lock);
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
    printf("counter = %d\n", counter);
    return counter != 1000;
}
