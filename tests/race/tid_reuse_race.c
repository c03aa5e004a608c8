// tid_reuse_race: a detached thread sends its kernel thread id through a
// pipe, writes a global and exits; main waits until that thread id is gone
// (tgkill answers ESRCH; that is not synchronisation), then creates a
// second thread that writes the same global.  Valgrind gives the second
// thread the first one's ThreadId; the two writes are still unordered
// under happens-before (the pipe orders only what came before its write).
// VERDICT: racy
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int shared_value;
static int fds[2];

static void *first(void *arg)
{
    (void)arg;
    pid_t me = (pid_t)syscall(SYS_gettid);
    if (write(fds[1], &me, sizeof me) != sizeof me)
        return NULL;
    shared_value = 1;                                   /* RACE */
    return NULL;
}

static void *second(void *arg)
{
    (void)arg;
    shared_value = 2;                                   /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_attr_t attr;
    pid_t tid;
    if (pipe(fds) != 0)
        return 1;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_create(&a, &attr, first, NULL);
    if (read(fds[0], &tid, sizeof tid) != sizeof tid)
        return 1;
    while (syscall(SYS_tgkill, getpid(), tid, 0) == 0 || errno != ESRCH)
        usleep(1000);
    pthread_create(&b, NULL, second, NULL);
    pthread_join(b, NULL);
    puts("done");   /* not shared_value: main never joined the first */
    return 0;
}
