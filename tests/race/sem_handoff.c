// sem_handoff: ping-pong through two unnamed semaphores.  Main writes the
// request then sem_posts "request"; the worker sem_waits it, reads the
// request, writes the reply and sem_posts "reply"; main sem_waits that
// and reads the reply.  Three rounds.
// VERDICT: race-free
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static sem_t request_ready, reply_ready;
static int request, reply;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 3; i++) {
        sem_wait(&request_ready);
        reply = request * 2;
        sem_post(&reply_ready);
    }
    return NULL;
}

int main(void)
{
    pthread_t t;
    int sum = 0;
    sem_init(&request_ready, 0, 0);
    sem_init(&reply_ready, 0, 0);
    pthread_create(&t, NULL, worker, NULL);
    for (int i = 1; i <= 3; i++) {
        request = i;
        sem_post(&request_ready);
        sem_wait(&reply_ready);
        sum += reply;
    }
    pthread_join(t, NULL);
    sem_destroy(&request_ready);
    sem_destroy(&reply_ready);
    printf("sum = %d\n", sum);
    return sum != 12;
}
