// futex_late_write: as futex_handoff, but the writer writes data[3] after
// the wake: that write is not ordered before the reader's read.
// VERDICT: racy
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
    for (int i = 0; i < 3; i++) data[i] = i + 40;
    __atomic_store_n(&word, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    data[3] = 43;                                       /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, writer, NULL);
    while (__atomic_load_n(&word, __ATOMIC_ACQUIRE) == 0)
        syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    printf("%d\n", data[0] + data[3]);                  /* RACE */
    pthread_join(t, NULL);
    return 0;
}
