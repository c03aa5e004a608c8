// mutex_errorcheck: a PTHREAD_MUTEX_ERRORCHECK mutex protects a counter;
// each thread also tries a relock while holding it, which fails with
// EDEADLK and must change nothing.  (No unlock by a non-owner here: TSan's
// interceptor records such an unlock before the call fails with EPERM and
// reports "unlock of an unlocked mutex".)
// VERDICT: race-free
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock;
static int counter;
static int errors;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 500; i++) {
        pthread_mutex_lock(&lock);
        if (pthread_mutex_lock(&lock) == EDEADLK)
            errors++;
        counter++;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&lock, &attr);
    pthread_mutexattr_destroy(&attr);

    pthread_t t1, t2;
    pthread_create(&t1, NULL, worker, NULL);
    pthread_create(&t2, NULL, worker, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    pthread_mutex_destroy(&lock);
    printf("counter = %d, errors = %d\n", counter, errors);
    return counter != 1000 || errors != 1000;
}
