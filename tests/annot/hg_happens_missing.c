// hg_happens_missing: as hg_happens, but the consumer forgets
// ANNOTATE_HAPPENS_AFTER: the data is not ordered, a real race.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include <valgrind/helgrind.h>

static int data[8];
static volatile int ready;

static void *producer(void *arg)
{
    (void)arg;
    usleep(50 * 1000);
    for (int i = 0; i < 8; i++) data[i] = i;            /* RACE */
    ANNOTATE_HAPPENS_BEFORE(&ready);
    ready = 1;
    return NULL;
}

int main(void)
{
    pthread_t t;
    ANNOTATE_BENIGN_RACE_SIZED(&ready, sizeof ready, "the flag itself");
    pthread_create(&t, NULL, producer, NULL);
    while (!ready) usleep(1000);
    printf("%d\n", data[7]);                            /* RACE */
    pthread_join(t, NULL);
    return 0;
}
