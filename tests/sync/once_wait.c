// once_wait: three threads call pthread_once; the first runs an init
// function that sleeps 200 ms, and the others wait for it: the block
// profile counts those waits as pthread_once contentions in caller().
#include <pthread.h>
#include <unistd.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void init(void) { usleep(200 * 1000); }
static void *caller(void *arg) { (void)arg; pthread_once(&once, init); return NULL; }

int main(void)
{
    pthread_t t[3];
    for (int i = 0; i < 3; i++) pthread_create(&t[i], NULL, caller, NULL);
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
    return 0;
}
