// serve_target: a small long-running "server" for cprofgrind_serve's test:
// two threads contend on a mutex, handle_request() burns instructions and
// allocates; it prints "ready" and runs until killed (at most 120 s).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static volatile long sink;
static char *keep[64];

static void handle_request(int k)
{
    for (long i = 0; i < 200000; i++) sink += i ^ k;
    free(keep[k % 64]);
    keep[k % 64] = malloc(1000 + k % 7);
}

static void *contender(void *arg)
{
    (void)arg;
    for (int k = 0; k < 100000; k++) {
        pthread_mutex_lock(&mu);
        handle_request(k);
        usleep(1000);
        pthread_mutex_unlock(&mu);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t[2];
    if (argc > 1 && strcmp(argv[1], "--exit") == 0)
        return 0;       /* the test runner's own run: nothing to do */
    for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, contender, NULL);
    printf("ready\n");
    fflush(stdout);
    sleep(120);
    return 0;
}
