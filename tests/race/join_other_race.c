// join_other_race: main joins the first thread and then reads a value
// written by the second thread, which it joins only afterwards: joining
// one thread says nothing about another.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int value;

static void *first(void *arg)
{
    (void)arg;
    usleep(100 * 1000);
    return NULL;
}

static void *second(void *arg)
{
    (void)arg;
    value = 42;                                         /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, first, NULL);
    pthread_create(&b, NULL, second, NULL);
    pthread_join(a, NULL);
    int seen = value;                                   /* RACE */
    pthread_join(b, NULL);
    printf("seen = %d\n", seen);
    return 0;
}
