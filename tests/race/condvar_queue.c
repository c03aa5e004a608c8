// condvar_queue: a bounded producer/consumer queue (mutex, two condition
// variables "not full" and "not empty").  The producer fills each heap
// item outside the lock and pushes the pointer under it; the consumer
// pops under the lock, reads the item outside it and frees it.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define SLOTS 4
#define ITEMS 200

struct item { int seq; int data[6]; };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static struct item *slots[SLOTS];
static int head, count;

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 0; i < ITEMS; i++) {
        struct item *it = malloc(sizeof *it);
        it->seq = i;
        for (int k = 0; k < 6; k++)
            it->data[k] = i + k;
        pthread_mutex_lock(&lock);
        while (count == SLOTS)
            pthread_cond_wait(&not_full, &lock);
        slots[(head + count) % SLOTS] = it;
        count++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static void *consumer(void *arg)
{
    long sum = 0;
    for (int i = 0; i < ITEMS; i++) {
        pthread_mutex_lock(&lock);
        while (count == 0)
            pthread_cond_wait(&not_empty, &lock);
        struct item *it = slots[head];
        head = (head + 1) % SLOTS;
        count--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&lock);
        sum += it->seq + it->data[5];
        free(it);
    }
    *(long *)arg = sum;
    return NULL;
}

int main(void)
{
    pthread_t p, c;
    long sum = 0;
    pthread_create(&c, NULL, consumer, &sum);
    pthread_create(&p, NULL, producer, NULL);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    printf("sum = %ld\n", sum);
    return sum != 2L * (ITEMS * (ITEMS - 1) / 2) + 5L * ITEMS;
}
