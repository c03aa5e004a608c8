// pthread_once_init: four threads call pthread_once on one initialiser that
// fills a table; every caller reads the table after its pthread_once
// returns (the one that ran it and those that waited or found it done).
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int table[32];
static int init_runs;

static void init(void)
{
    init_runs++;
    for (int i = 0; i < 32; i++)
        table[i] = i * i;
}

static void *worker(void *arg)
{
    pthread_once(&once, init);
    long sum = 0;
    for (int i = 0; i < 32; i++)
        sum += table[i];
    *(long *)arg = sum;
    return NULL;
}

int main(void)
{
    pthread_t t[4];
    long sums[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, &sums[i]);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("runs = %d, sum = %ld\n", init_runs, sums[3]);
    return init_runs != 1 || sums[0] != 10416;
}
