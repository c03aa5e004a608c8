// stack_race: main passes the address of one of its local variables to a
// thread; both write it without synchronisation.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *worker(void *arg)
{
    usleep(50 * 1000);          /* apart in time, not ordered */
    *(int *)arg = 1;                                    /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    int local = 0;
    pthread_create(&t, NULL, worker, &local);
    local = 2;                                          /* RACE */
    pthread_join(t, NULL);
    printf("local = %d\n", local);
    return 0;
}
