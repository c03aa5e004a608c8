// c11_cnd_handoff: C11 cnd_wait/cnd_signal with an mtx_t: the producer
// writes the message, sets the predicate under the mutex and signals; the
// consumer reads the message after its cnd_wait loop.
// VERDICT: race-free
// TSAN: crash -- GCC 12's libtsan has no C11 thread interceptors and
// glibc's thrd_create calls pthread_create internally (not through the
// PLT), so the new thread runs without TSan state and the first
// instrumented call in it dies with SEGV: TSan cannot check this program.
#include <stdio.h>
#include <string.h>
#include <threads.h>

static mtx_t lock;
static cnd_t cond;
static int ready;
static char message[32];

static int producer(void *arg)
{
    (void)arg;
    strcpy(message, "c11 says hi");
    mtx_lock(&lock);
    ready = 1;
    cnd_signal(&cond);
    mtx_unlock(&lock);
    return 0;
}

static int consumer(void *arg)
{
    mtx_lock(&lock);
    while (!ready)
        cnd_wait(&cond, &lock);
    mtx_unlock(&lock);
    *(size_t *)arg = strlen(message);
    return 0;
}

int main(void)
{
    thrd_t p, c;
    size_t len = 0;
    mtx_init(&lock, mtx_plain);
    cnd_init(&cond);
    thrd_create(&c, consumer, &len);
    thrd_create(&p, producer, NULL);
    thrd_join(p, NULL);
    thrd_join(c, NULL);
    cnd_destroy(&cond);
    mtx_destroy(&lock);
    printf("len = %zu\n", len);
    return len != 11;
}
