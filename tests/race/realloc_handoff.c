// realloc_handoff: a worker fills a heap block under a mutex; after joining
// it main grows the block with realloc (it moves: see realloc_race) and
// hands the new block to a second worker through pthread_create; that
// worker appends to it while a third thread, unordered with it, mallocs
// and writes fresh blocks that may reuse the old address.  Everything is
// ordered or on distinct objects.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char *block;

static void *filler(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < 32; i++)
        block[i] = 'a' + i % 26;
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *appender(void *arg)
{
    char *p = arg;
    for (int i = 32; i < 64; i++)
        p[i] = p[i - 32];
    return NULL;
}

static void *recycler(void *arg)
{
    (void)arg;
    for (int round = 0; round < 8; round++) {
        char *q = malloc(32);
        for (int i = 0; i < 32; i++)
            q[i] = (char)round;
        free(q);
    }
    return NULL;
}

int main(void)
{
    pthread_t t1, t2, t3;
    block = malloc(32);
    char *fence = malloc(32);
    pthread_create(&t1, NULL, filler, NULL);
    pthread_join(t1, NULL);
    char *old = block;
    char *moved = realloc(old, 1 << 20);
    if (moved == old) {
        fprintf(stderr, "realloc_handoff: the block did not move\n");
        return 3;
    }
    pthread_create(&t2, NULL, appender, moved);
    pthread_create(&t3, NULL, recycler, NULL);
    pthread_join(t2, NULL);
    pthread_join(t3, NULL);
    printf("%c %c\n", moved[0], moved[63]);
    int bad = moved[63] != moved[31];
    free(moved);
    free(fence);
    return bad;
}
