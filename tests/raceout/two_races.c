// two_races: two unrelated races (a global counter, a heap block), and a
// correct mutex-protected update.  For the race detector's outputs: the
// stderr report, --race-log-file, --race-json, the races profile,
// suppressions, --race-exitcode and --race-halt-on-error.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int counter;
static int *block;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int guarded;

static void bump_counter(void) { counter++; }
static void fill_block(int v) { block[3] = v; }

static void *worker(void *arg)
{
    long me = (long)arg;
    if (me == 1) usleep(20 * 1000);     /* apart in time, still unordered */
    bump_counter();
    fill_block((int)me);
    pthread_mutex_lock(&lock);
    guarded++;
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    block = calloc(10, sizeof *block);
    for (long i = 0; i < 2; i++) pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    printf("%d %d\n", counter, guarded);
    free(block);
    return 0;
}
