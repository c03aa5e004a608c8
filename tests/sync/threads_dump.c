// threads_dump: three threads block in sem_wait while main writes every
// profile with CPROFGRIND_DUMP("live"); the threads profile of that dump
// shows 4 live threads (3 in waiter), and 3 creations in main.
#include <pthread.h>
#include <semaphore.h>
#include <cprofgrind.h>

static sem_t go_on, started;

static void *waiter(void *arg)
{
    (void)arg;
    sem_post(&started);
    sem_wait(&go_on);
    return NULL;
}

int main(void)
{
    pthread_t t[3];
    sem_init(&go_on, 0, 0);
    sem_init(&started, 0, 0);
    for (int i = 0; i < 3; i++) pthread_create(&t[i], NULL, waiter, NULL);
    for (int i = 0; i < 3; i++) sem_wait(&started);
    CPROFGRIND_DUMP("live");
    for (int i = 0; i < 3; i++) sem_post(&go_on);
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
    return 0;
}
