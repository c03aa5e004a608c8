// pipe_handoff: the writer fills a plain buffer and then write()s one byte
// to a pipe; the reader read()s that byte and then reads the buffer.  The
// byte can only be read after it was written, so the pipe orders the two
// (ThreadSanitizer models it the same way: a write to a descriptor
// releases, a read from it acquires).
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int fds[2];
static char buffer[128];

static void *writer(void *arg)
{
    (void)arg;
    memset(buffer, 'x', sizeof buffer - 1);
    char token = '!';
    if (write(fds[1], &token, 1) != 1)
        return (void *)1;
    return NULL;
}

static void *reader(void *arg)
{
    char token;
    if (read(fds[0], &token, 1) != 1)
        return (void *)1;
    *(size_t *)arg = strlen(buffer);
    return NULL;
}

int main(void)
{
    pthread_t w, r;
    size_t len = 0;
    if (pipe(fds) != 0)
        return 2;
    pthread_create(&r, NULL, reader, &len);
    pthread_create(&w, NULL, writer, NULL);
    pthread_join(w, NULL);
    pthread_join(r, NULL);
    close(fds[0]);
    close(fds[1]);
    printf("len = %zu\n", len);
    return len != sizeof buffer - 1;
}
