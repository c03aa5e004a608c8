// detached_race: main creates a detached thread that writes a global, and
// main writes it too; nothing orders the two (there is no join).  Main
// sleeps afterwards only so that the thread runs before the process exits.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

int status;                     /* not static: the stores must stay */

static void *worker(void *arg)
{
    (void)arg;
    usleep(50 * 1000);          /* apart in time, not ordered */
    status = 1;                                         /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_create(&t, &attr, worker, NULL);
    pthread_attr_destroy(&attr);
    status = 2;                                         /* RACE */
    usleep(300 * 1000);
    return 0;
}
