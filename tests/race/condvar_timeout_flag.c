// condvar_timeout_flag: the setter stores a flag without the mutex and
// never signals; the waiter's pthread_cond_timedwait times out (nobody
// signals), and it then reads the flag.  Re-acquiring the mutex after the
// timeout orders nothing with the setter, which never touched the mutex.
// VERDICT: racy
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int flag;

static void *setter(void *arg)
{
    (void)arg;
    flag = 1;                                           /* RACE */
    return NULL;
}

static void *waiter(void *arg)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 100 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&lock);
    while (pthread_cond_timedwait(&cond, &lock, &deadline) != ETIMEDOUT)
        ;
    pthread_mutex_unlock(&lock);
    *(int *)arg = flag;                                 /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t s, w;
    int seen = -1;
    pthread_create(&w, NULL, waiter, &seen);
    pthread_create(&s, NULL, setter, NULL);
    pthread_join(s, NULL);
    pthread_join(w, NULL);
    printf("seen = %d\n", seen);
    return 0;
}
