// memcpy_memset_race: one thread memcpy()s into a shared buffer while the
// other memset()s an overlapping part of it, unsynchronised.  The accesses
// happen inside libc; the race is reported at the calling lines.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

char shared_buf[256];
static char source[256];
static volatile size_t copy_len = 200, set_len = 100;

static void *copier(void *arg)
{
    (void)arg;
    memcpy(shared_buf, source, copy_len);               /* RACE */
    return NULL;
}

static void *clearer(void *arg)
{
    (void)arg;
    usleep(50 * 1000);          /* apart in time, not ordered */
    memset(shared_buf + 150, 0, set_len);               /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    for (int i = 0; i < 256; i++)
        source[i] = (char)i;
    pthread_create(&a, NULL, copier, NULL);
    pthread_create(&b, NULL, clearer, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d\n", shared_buf[160]);
    return 0;
}
