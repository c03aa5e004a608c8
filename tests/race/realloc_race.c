// realloc_race: a worker writes into a heap block while main, unordered
// with it, grows the block with realloc.  The block cannot grow in place
// (a second block sits right after it and the new size is 1 MiB), so
// realloc copies it and frees the old one: a read and a write of the old
// block that race with the worker's write.  Main sleeps first only so that
// the worker's write comes first in time.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char *block;

static void *worker(void *arg)
{
    (void)arg;
    block[3] = 'w';                                     /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    block = malloc(32);
    char *fence = malloc(32);
    for (int i = 0; i < 32; i++)
        block[i] = fence[i] = 'a';
    char *old = block;
    pthread_create(&t, NULL, worker, NULL);
    usleep(300 * 1000);
    char *moved = realloc(old, 1 << 20);                /* RACE */
    pthread_join(t, NULL);
    if (moved == old) {
        fprintf(stderr, "realloc_race: the block did not move\n");
        return 3;
    }
    printf("moved[0] = %c\n", moved[0]);
    free(moved);
    free(fence);
    return 0;
}
