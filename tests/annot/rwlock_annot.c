// rwlock_annot: a home-made reader-writer spin lock (atomics), annotated
// with ANNOTATE_RWLOCK_CREATE / ACQUIRED / RELEASED from drd.h: its
// critical sections are ordered like a pthread rwlock's.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>
#include <valgrind/drd.h>

static int lockword;    /* -1: writer, n > 0: readers */
static long table[4];

static void wr_lock(void)
{
    int z = 0;
    while (!__atomic_compare_exchange_n(&lockword, &z, -1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) z = 0;
    ANNOTATE_RWLOCK_ACQUIRED(&lockword, 1);
}

static void wr_unlock(void)
{
    ANNOTATE_RWLOCK_RELEASED(&lockword, 1);
    __atomic_store_n(&lockword, 0, __ATOMIC_RELEASE);
}

static void *writer(void *arg)
{
    for (int i = 0; i < 100; i++) {
        wr_lock();
        table[(long)arg] += i;
        table[3]++;
        wr_unlock();
    }
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    ANNOTATE_RWLOCK_CREATE(&lockword);
    for (long i = 0; i < 2; i++) pthread_create(&t[i], NULL, writer, (void *)i);
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    ANNOTATE_RWLOCK_DESTROY(&lockword);
    printf("%ld\n", table[3]);
    return 0;
}
