// large_memcpy_race: one thread copies 1 MiB into a shared buffer with
// memcpy while the other clears its last 64 KiB with memset.  At these
// sizes glibc's string functions use rep movsb/stosb (or wide vector
// loops, depending on the CPU); the race is reported at the calling
// lines.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SIZE (1 << 20)

static char *shared_buf, *source;

static void *copier(void *arg)
{
    (void)arg;
    memcpy(shared_buf, source, SIZE);                   /* RACE */
    return NULL;
}

static void *clearer(void *arg)
{
    (void)arg;
    usleep(50 * 1000);          /* apart in time, not ordered */
    memset(shared_buf + SIZE - 65536, 0, 65536);        /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    shared_buf = malloc(SIZE);
    source = malloc(SIZE);
    memset(source, 'x', SIZE);
    pthread_create(&a, NULL, copier, NULL);
    pthread_create(&b, NULL, clearer, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d\n", shared_buf[SIZE - 1]);
    free(shared_buf);
    free(source);
    return 0;
}
