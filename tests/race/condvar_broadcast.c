// condvar_broadcast: three waiters block on one condition variable; main
// writes a configuration, sets the predicate under the mutex and wakes all
// of them with pthread_cond_broadcast; each waiter then reads the
// configuration and writes its own result slot.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int go;
static int config[4];
static int result[3];

static void *waiter(void *arg)
{
    int id = (int)(long)arg;
    pthread_mutex_lock(&lock);
    while (!go)
        pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    result[id] = config[0] + config[id + 1];
    return NULL;
}

int main(void)
{
    pthread_t t[3];
    for (long i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, waiter, (void *)i);
    for (int i = 0; i < 4; i++)
        config[i] = 10 * i + 1;
    pthread_mutex_lock(&lock);
    go = 1;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("%d %d %d\n", result[0], result[1], result[2]);
    return result[2] != 32;
}
