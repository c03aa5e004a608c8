// consistent: every thread takes A before B before C (and a trylock in
// the other order, which cannot block): no inversion.
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t C = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++) {
        pthread_mutex_lock(&A);
        pthread_mutex_lock(&B);
        pthread_mutex_lock(&C);
        pthread_mutex_unlock(&C);
        pthread_mutex_unlock(&B);
        pthread_mutex_unlock(&A);
        pthread_mutex_lock(&B);
        if (pthread_mutex_trylock(&A) == 0) pthread_mutex_unlock(&A);
        pthread_mutex_unlock(&B);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[3];
    for (int i = 0; i < 3; i++) pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
    puts("done");
    return 0;
}
