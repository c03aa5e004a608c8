// rwlock_readers: three readers read a table concurrently under the read
// lock (readers never order each other, but they only read); one writer
// updates the table under the write lock.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int table[16];

static void *reader(void *arg)
{
    long sum = 0;
    for (int round = 0; round < 100; round++) {
        pthread_rwlock_rdlock(&rw);
        for (int i = 0; i < 16; i++)
            sum += table[i];
        pthread_rwlock_unlock(&rw);
    }
    *(long *)arg = sum;
    return NULL;
}

static void *writer(void *arg)
{
    (void)arg;
    for (int round = 0; round < 100; round++) {
        pthread_rwlock_wrlock(&rw);
        for (int i = 0; i < 16; i++)
            table[i] += 1;
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}

int main(void)
{
    pthread_t r[3], w;
    long sums[3];
    for (int i = 0; i < 16; i++)
        table[i] = i;
    for (int i = 0; i < 3; i++)
        pthread_create(&r[i], NULL, reader, &sums[i]);
    pthread_create(&w, NULL, writer, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(r[i], NULL);
    pthread_join(w, NULL);
    printf("table[0] = %d\n", table[0]);
    return table[0] != 100;
}
