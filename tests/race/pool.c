// pool: a thread pool of three workers fed by a mutex + condition variable
// work queue.  Main fills each task's input before queueing it; a worker
// writes the task's output; main reads outputs after shutting the pool
// down and joining the workers.  Per-worker tallies are merged under the
// queue's mutex.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>

#define WORKERS 3
#define TASKS 60

struct task { int input; long output; };

static struct task tasks[TASKS];
static struct task *queue[TASKS];
static int q_head, q_tail, shutting_down;
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
static long done_total;

static void *worker(void *arg)
{
    (void)arg;
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
    pthread_mutex_lock(&q_lock);
    done_total += mine;
    pthread_mutex_unlock(&q_lock);
    return NULL;
}

int main(void)
{
    pthread_t w[WORKERS];
    for (int i = 0; i < WORKERS; i++)
        pthread_create(&w[i], NULL, worker, NULL);
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
    printf("sum = %ld, done = %ld\n", sum, done_total);
    return sum != 70210 || done_total != TASKS;
}
