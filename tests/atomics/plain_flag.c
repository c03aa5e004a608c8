// plain_flag: the same publication through a plain `volatile int` flag:
// a real race, on the flag and on the data.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>

static int data[4];
static volatile int ready;

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 4; i++) data[i] = i + 1;    /* RACE */
    ready = 1;                                      /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    while (!ready) {}                               /* RACE */
    printf("%d\n", data[0] + data[3]);              /* RACE */
    pthread_join(t, NULL);
    return 0;
}
