// atomic_flag_acqrel: the writer fills plain data, then raises a flag with
// a release read-modify-write (__atomic_fetch_add, lock xadd); the reader
// polls the flag with acquire read-modify-writes until it sees it and then
// reads the data.  Release/acquire on the flag orders the data.
// VERDICT: race-free
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static int flag;
static int data[4];

static void *writer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 4; i++)
        data[i] = i + 1;
    __atomic_fetch_add(&flag, 1, __ATOMIC_RELEASE);
    return NULL;
}

static void *reader(void *arg)
{
    while (__atomic_fetch_add(&flag, 0, __ATOMIC_ACQUIRE) == 0)
        sched_yield();
    *(int *)arg = data[0] + data[1] + data[2] + data[3];
    return NULL;
}

int main(void)
{
    pthread_t w, r;
    int sum = 0;
    pthread_create(&r, NULL, reader, &sum);
    pthread_create(&w, NULL, writer, NULL);
    pthread_join(w, NULL);
    pthread_join(r, NULL);
    printf("sum = %d\n", sum);
    return sum != 10;
}
