// condvar_signal: the producer fills a plain buffer, then sets a predicate
// under the mutex and signals; the consumer waits for the predicate with
// pthread_cond_wait and reads the buffer after unlocking.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready;
static char buffer[64];

static void *producer(void *arg)
{
    (void)arg;
    strcpy(buffer, "hello from the producer");
    pthread_mutex_lock(&lock);
    ready = 1;
    pthread_cond_signal(&cond);
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *consumer(void *arg)
{
    pthread_mutex_lock(&lock);
    while (!ready)
        pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    *(size_t *)arg = strlen(buffer);
    return NULL;
}

int main(void)
{
    pthread_t p, c;
    size_t len = 0;
    pthread_create(&c, NULL, consumer, &len);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    printf("len = %zu\n", len);
    return len != 23;
}
