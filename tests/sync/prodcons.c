// prodcons: a producer hands 5 items to a consumer through a condition
// variable, sleeping before each one, so the consumer always waits: the
// block profile shows its pthread_cond_wait calls in consumer.
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static int items, taken;

static void *consumer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 5; i++) {
        pthread_mutex_lock(&mu);
        while (items == 0)
            pthread_cond_wait(&ready, &mu);
        items--;
        taken++;
        pthread_mutex_unlock(&mu);
    }
    return NULL;
}

static void producer(void)
{
    for (int i = 0; i < 5; i++) {
        usleep(50 * 1000);
        pthread_mutex_lock(&mu);
        items++;
        pthread_cond_signal(&ready);
        pthread_mutex_unlock(&mu);
    }
}

int main(void)
{
    pthread_t c;
    pthread_create(&c, NULL, consumer, NULL);
    producer();
    pthread_join(c, NULL);
    return taken != 5;
}
