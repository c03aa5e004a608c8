// labels: tasks and regions of cprofgrind.h become labels of the CPU,
// heap and block samples taken inside them, like Go's pprof.Do labels:
// go tool pprof -tagfocus=region=parse keeps only the parse region.
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <cprofgrind.h>

static volatile long sink;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void parse_work(void) { for (long i = 0; i < 200000; i++) sink += i; }
static void render_work(void) { for (long i = 0; i < 100000; i++) sink ^= i; }

static void *holder(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&mu);
    usleep(200 * 1000);
    pthread_mutex_unlock(&mu);
    return NULL;
}

int main(void)
{
    pthread_t t;
    CPROFGRIND_TASK_BEGIN("request");
    CPROFGRIND_REGION_BEGIN("parse");
    parse_work();
    void *p = malloc(4096);          /* a heap sample in parse */
    CPROFGRIND_REGION_END("parse");
    CPROFGRIND_REGION_BEGIN("render");
    render_work();
    pthread_mutex_lock(&mu);         /* the holder thread is not yet made */
    pthread_mutex_unlock(&mu);
    pthread_create(&t, NULL, holder, NULL);
    usleep(50 * 1000);
    pthread_mutex_lock(&mu);         /* a block sample in render, usually */
    pthread_mutex_unlock(&mu);
    CPROFGRIND_REGION_END("render");
    CPROFGRIND_TASK_END("request");
    pthread_join(t, NULL);
    free(p);
    return 0;
}
