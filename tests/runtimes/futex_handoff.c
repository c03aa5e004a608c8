// futex_handoff: a hand-written futex flag, as custom locks and language
// runtimes use: the writer fills data, stores the flag with a release
// store (a plain move) and FUTEX_WAKEs; the reader loads the flag with an
// acquire load and FUTEX_WAITs until it is set.  The wake orders the
// writer's past before the woken reader; the flag is a futex word, so
// its plain moves are atomic.
// VERDICT: race-free
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static int word;
static int data[4];

static void *writer(void *arg)
{
    (void)arg;
    usleep(100 * 1000);
    for (int i = 0; i < 4; i++) data[i] = i + 40;
    __atomic_store_n(&word, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, writer, NULL);
    while (__atomic_load_n(&word, __ATOMIC_ACQUIRE) == 0)
        syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    printf("%d\n", data[0] + data[3]);
    pthread_join(t, NULL);
    return 0;
}
