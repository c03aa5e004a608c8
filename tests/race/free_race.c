// free_race: the reader reads a heap block while the other thread frees
// it, with nothing ordering the two: free() counts as a write of the whole
// block.  The freeing thread sleeps first only so that the read comes
// first in time (the other order would be a use after free).
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int *block;

static void *reader(void *arg)
{
    *(int *)arg = block[2];                             /* RACE */
    return NULL;
}

static void *freer(void *arg)
{
    (void)arg;
    usleep(300 * 1000);
    free(block);                                        /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t r, f;
    int seen = 0;
    block = malloc(8 * sizeof *block);
    for (int i = 0; i < 8; i++)
        block[i] = i;
    pthread_create(&r, NULL, reader, &seen);
    pthread_create(&f, NULL, freer, NULL);
    pthread_join(r, NULL);
    pthread_join(f, NULL);
    printf("seen = %d\n", seen);
    return 0;
}
