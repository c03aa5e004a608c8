// counter_race: two threads increment a plain global counter without any
// synchronisation: the classic data race (both threads run the same line).
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

int counter;

static void *worker(void *arg)
{
    if (arg)
        usleep(50 * 1000);      /* apart in time, not ordered */
    counter++;                                          /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, worker, NULL);
    pthread_create(&t2, NULL, worker, (void *)1);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("counter = %d\n", counter);
    return 0;
}
