// ignore_reads: a statistics reader that tolerates stale values wraps its
// racy read in ANNOTATE_IGNORE_READS_BEGIN/END (helgrind.h, which sends
// them as named requests): not reported.  The writers' own race (two
// threads incrementing) is still reported.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include <valgrind/helgrind.h>

static long hits;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++) hits++;               /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, worker, NULL);
    usleep(20 * 1000);
    ANNOTATE_IGNORE_READS_BEGIN();
    long seen = hits;
    ANNOTATE_IGNORE_READS_END();
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    printf("%ld %ld\n", seen >= 0, hits);
    return 0;
}
