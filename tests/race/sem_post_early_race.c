// sem_post_early_race: the producer posts the semaphore first and writes
// the data after; the consumer's sem_wait only orders what came before
// the post, so its read races with the late write.
// VERDICT: racy
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

static sem_t ready;
static int data;

static void *producer(void *arg)
{
    (void)arg;
    sem_post(&ready);
    data = 42;                                          /* RACE */
    return NULL;
}

static void *consumer(void *arg)
{
    sem_wait(&ready);
    usleep(50 * 1000);          /* apart in time, not ordered */
    *(int *)arg = data;                                 /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t p, c;
    int seen;
    sem_init(&ready, 0, 0);
    pthread_create(&c, NULL, consumer, &seen);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    sem_destroy(&ready);
    printf("seen = %d\n", seen);
    return 0;
}
