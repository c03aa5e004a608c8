// tls_race: main hands the address of its own __thread variable to a
// thread; both write it without synchronisation.  Thread-local storage is
// ordinary memory once its address escapes.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

__thread int tls_value;

static void *worker(void *arg)
{
    usleep(50 * 1000);          /* apart in time, not ordered */
    *(int *)arg = 1;                                    /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, &tls_value);
    tls_value = 2;                                      /* RACE */
    pthread_join(t, NULL);
    printf("tls_value = %d\n", tls_value);
    return 0;
}
