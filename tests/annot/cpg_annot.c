// cpg_annot: cprofgrind.h's own annotations: a hand-off through a plain
// flag (CPROFGRIND_HAPPENS_BEFORE/AFTER, flag CPROFGRIND_BENIGN_RACE), a
// recycled buffer given to another thread (CPROFGRIND_CLEAN_MEMORY), and
// ignored writes (CPROFGRIND_IGNORE_WRITES_BEGIN/END).
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include <cprofgrind.h>

static char pool[64];
static volatile int ready;
static long stats;

static void *second(void *arg)
{
    (void)arg;
    while (!ready) usleep(1000);
    CPROFGRIND_HAPPENS_AFTER(&ready);
    pool[0]++;
    CPROFGRIND_IGNORE_WRITES_BEGIN();
    stats++;
    CPROFGRIND_IGNORE_WRITES_END();
    return NULL;
}

static void *first(void *arg)
{
    (void)arg;
    for (int i = 0; i < 64; i++) pool[i] = (char)i;
    CPROFGRIND_IGNORE_WRITES_BEGIN();
    stats++;
    CPROFGRIND_IGNORE_WRITES_END();
    CPROFGRIND_HAPPENS_BEFORE(&ready);
    ready = 1;
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    CPROFGRIND_BENIGN_RACE(&ready, sizeof ready);
    pthread_create(&b, NULL, second, NULL);
    pthread_create(&a, NULL, first, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    /* the pool goes back to a free list: a new owner starts clean */
    CPROFGRIND_CLEAN_MEMORY(pool, sizeof pool);
    printf("%d\n", pool[0]);
    return 0;
}
