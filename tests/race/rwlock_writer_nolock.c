// rwlock_writer_nolock: readers read under the read lock, but the writer
// stores without taking the write lock.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int value;

static void *reader(void *arg)
{
    pthread_rwlock_rdlock(&rw);
    *(int *)arg = value;                                /* RACE */
    pthread_rwlock_unlock(&rw);
    return NULL;
}

static void *writer(void *arg)
{
    (void)arg;
    usleep(50 * 1000);          /* apart in time, not ordered */
    value = 42;                                         /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t r, w;
    int seen;
    pthread_create(&r, NULL, reader, &seen);
    pthread_create(&w, NULL, writer, NULL);
    pthread_join(r, NULL);
    pthread_join(w, NULL);
    printf("value = %d\n", value);
    return 0;
}
