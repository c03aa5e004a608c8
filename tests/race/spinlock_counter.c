// spinlock_counter: two threads increment a counter under a
// pthread_spinlock_t.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>

static pthread_spinlock_t spin;
static int counter;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++) {
        pthread_spin_lock(&spin);
        counter++;
        pthread_spin_unlock(&spin);
    }
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
    pthread_create(&t1, NULL, worker, NULL);
    pthread_create(&t2, NULL, worker, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    pthread_spin_destroy(&spin);
    printf("counter = %d\n", counter);
    return counter != 2000;
}
