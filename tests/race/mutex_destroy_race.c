// mutex_destroy_race: a thread locks and unlocks a mutex; main destroys the
// mutex without joining the thread or locking the mutex first, so the
// destroy (a write of the mutex object) is unordered with the thread's
// lock and unlock.  Main sleeps first only so that the thread is done with
// the mutex in time (destroying a mutex in use would be undefined).
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t lock;
static int uses;

static void *user(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock); uses++; pthread_mutex_unlock(&lock); /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_mutex_init(&lock, NULL);
    pthread_create(&t, NULL, user, NULL);
    usleep(300 * 1000);
    pthread_mutex_destroy(&lock);                       /* RACE */
    pthread_join(t, NULL);
    printf("uses = %d\n", uses);
    return 0;
}
