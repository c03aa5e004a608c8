// misuse: four misuses of the threading API, each reported once with its
// stack while the run goes on (as helgrind does): unlocking a mutex that
// is not locked, unlocking a mutex another thread holds, destroying a
// locked mutex, waiting on a condition variable without holding its
// mutex (a timed wait, so that it returns), and joining a thread twice.
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

static void *holder(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&b);     /* and returns holding it */
    return NULL;
}

static void unlock_unlocked(void) { pthread_mutex_unlock(&a); }
static void unlock_others(void)   { pthread_mutex_unlock(&b); }

int main(void)
{
    pthread_t t;
    unlock_unlocked();
    pthread_create(&t, NULL, holder, NULL);
    pthread_join(t, NULL);
    unlock_others();
    pthread_mutex_t c;
    pthread_mutex_init(&c, NULL);
    pthread_mutex_lock(&c);
    pthread_mutex_destroy(&c);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 1000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    pthread_mutex_t d = PTHREAD_MUTEX_INITIALIZER;
    int r = pthread_cond_timedwait(&cv, &d, &ts);
    pthread_join(t, NULL);
    printf("done %d\n", r != 0);
    return 0;
}
