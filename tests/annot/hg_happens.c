// hg_happens: data published through a plain flag, annotated with
// helgrind.h's ANNOTATE_HAPPENS_BEFORE/AFTER (and the flag itself marked
// benign, as helgrind users do): race-free for cprofgrind as for helgrind.
// VERDICT: race-free
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
    for (int i = 0; i < 8; i++) data[i] = i;
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
    ANNOTATE_HAPPENS_AFTER(&ready);
    printf("%d\n", data[7]);
    pthread_join(t, NULL);
    return 0;
}
