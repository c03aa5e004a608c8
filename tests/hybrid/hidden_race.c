// hidden_race: the first thread writes x without a lock, then takes and
// releases a mutex for an unrelated reason; the second thread, later,
// takes and releases the same mutex, then reads x without a lock.  In
// this run the unlock orders the two accesses, so happens-before (hb
// mode, and ThreadSanitizer) sees no race; but nothing protects x, and
// another schedule would race.  --race-mode=hybrid reports it.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int x;
static long log_lines;

static void *first(void *arg)
{
    (void)arg;
    x = 1;                                              /* RACE */
    pthread_mutex_lock(&log_lock);
    log_lines++;
    pthread_mutex_unlock(&log_lock);
    return NULL;
}

static void *second(void *arg)
{
    (void)arg;
    usleep(100 * 1000);
    pthread_mutex_lock(&log_lock);
    log_lines++;
    pthread_mutex_unlock(&log_lock);
    printf("%d\n", x);                                  /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, first, NULL);
    pthread_create(&b, NULL, second, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return 0;
}
