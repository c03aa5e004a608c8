// mutex100: 100 threads take one mutex around a 10 ms sleep (the seed
// program of Go's mutex profile).  Nearly every lock waits: the block
// profile shows the waits at the lock, the mutex profile charges them to
// the unlock that ends the sleeping critical section.
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long done;

static void critical_section(void)
{
    usleep(10 * 1000);
    done++;
}

static void *worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&mu);
    critical_section();
    pthread_mutex_unlock(&mu);
    return NULL;
}

int main(void)
{
    pthread_t t[100];
    for (int i = 0; i < 100; i++) pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 100; i++) pthread_join(t[i], NULL);
    return done != 100;
}
