// join_handoff: the worker fills a result array; main reads it only after
// pthread_join returns.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>

static int results[100];

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        results[i] = 3 * i;
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    long sum = 0;
    for (int i = 0; i < 100; i++)
        sum += results[i];
    printf("sum = %ld\n", sum);
    return sum != 14850;
}
