// pool_stats_race: the thread pool of pool.c, except that each worker adds
// its tally to a global statistics counter after leaving the queue loop
// without taking the mutex.  Every worker reaches that line after its last
// unlock, and nothing it does afterwards releases anything another worker
// acquires, so the adds of any two workers are unordered in every schedule.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define WORKERS 3
#define TASKS 60

struct task { int input; long output; };

static struct task tasks[TASKS];
static struct task *queue[TASKS];
static int q_head, q_tail, shutting_down;
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
long stats_done;

static void *worker(void *arg)
{
    long id = (long)arg;
    long mine = 0;
    for (;;) {
        pthread_mutex_lock(&q_lock);
        while (q_head == q_tail && !shutting_down)
            pthread_cond_wait(&q_cond, &q_lock);
        if (q_head == q_tail) {
            pthread_mutex_unlock(&q_lock);
            break;
        }
        struct task *t = queue[q_head++];
        pthread_mutex_unlock(&q_lock);
        t->output = (long)t->input * t->input;
        mine++;
    }
    usleep(id * 50 * 1000);     /* apart in time, not ordered */
    stats_done += mine;                                 /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t w[WORKERS];
    for (int i = 0; i < WORKERS; i++)
        pthread_create(&w[i], NULL, worker, (void *)(long)i);
    for (int i = 0; i < TASKS; i++) {
        tasks[i].input = i;
        pthread_mutex_lock(&q_lock);
        queue[q_tail++] = &tasks[i];
        pthread_cond_signal(&q_cond);
        pthread_mutex_unlock(&q_lock);
    }
    pthread_mutex_lock(&q_lock);
    shutting_down = 1;
    pthread_cond_broadcast(&q_cond);
    pthread_mutex_unlock(&q_lock);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(w[i], NULL);
    long sum = 0;
    for (int i = 0; i < TASKS; i++)
        sum += tasks[i].output;
    printf("sum = %ld, done = %ld\n", sum, stats_done);
    return sum != 70210;
}
