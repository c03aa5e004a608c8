// condvar_timedwait: like condvar_signal, but the consumer waits with
// pthread_cond_timedwait and a generous deadline, looping until the
// predicate holds; the producer signals well before the deadline.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready;
static double payload[8];

static void *producer(void *arg)
{
    (void)arg;
    usleep(20000);
    for (int i = 0; i < 8; i++)
        payload[i] = i * 0.5;
    pthread_mutex_lock(&lock);
    ready = 1;
    pthread_cond_signal(&cond);
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *consumer(void *arg)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 60;
    pthread_mutex_lock(&lock);
    while (!ready)
        if (pthread_cond_timedwait(&cond, &lock, &deadline) != 0)
            break;
    int ok = ready;
    pthread_mutex_unlock(&lock);
    double sum = 0;
    if (ok)
        for (int i = 0; i < 8; i++)
            sum += payload[i];
    *(double *)arg = sum;
    return NULL;
}

int main(void)
{
    pthread_t p, c;
    double sum = 0;
    pthread_create(&c, NULL, consumer, &sum);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    printf("sum = %g\n", sum);
    return sum != 14.0;
}
