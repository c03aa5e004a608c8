// three_locks: A then B, B then C, C then A in three threads, one after
// the other: a cycle of three, reported once with its three edges.
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t L[3] = { PTHREAD_MUTEX_INITIALIZER,
                                PTHREAD_MUTEX_INITIALIZER,
                                PTHREAD_MUTEX_INITIALIZER };

static void *pair(void *arg)
{
    long i = (long)arg;
    pthread_mutex_lock(&L[i]);
    pthread_mutex_lock(&L[(i + 1) % 3]);
    pthread_mutex_unlock(&L[(i + 1) % 3]);
    pthread_mutex_unlock(&L[i]);
    return NULL;
}

int main(void)
{
    pthread_t t;
    for (long i = 0; i < 3; i++) {
        pthread_create(&t, NULL, pair, (void *)i);
        pthread_join(t, NULL);
    }
    puts("done");
    return 0;
}
