// mutex_recursive: a PTHREAD_MUTEX_RECURSIVE mutex locked twice (outer
// function, then a helper that locks again) by each of two threads; the
// counter is only touched while it is held.  The inner unlock does not
// release the mutex: the outer one does.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock;
static int counter;
static int depth_seen;

static void add_one(void)
{
    pthread_mutex_lock(&lock);
    counter++;
    pthread_mutex_unlock(&lock);
}

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 500; i++) {
        pthread_mutex_lock(&lock);
        add_one();
        depth_seen++;           /* still held after the inner unlock */
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&lock, &attr);
    pthread_mutexattr_destroy(&attr);

    pthread_t t1, t2;
    pthread_create(&t1, NULL, worker, NULL);
    pthread_create(&t2, NULL, worker, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    pthread_mutex_destroy(&lock);
    printf("counter = %d, depth_seen = %d\n", counter, depth_seen);
    return counter != 1000 || depth_seen != 1000;
}
