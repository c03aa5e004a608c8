// struct_fields_many: three threads each write their own field of 4096
// 16-byte structs at once, then main reads them all after joining: no
// race (different bytes, and the join orders the reads).  Every struct
// holds accesses of three unordered threads, more than a granule's two
// cells, so thousands of granules get overflow cells and the overflow
// table grows several times while it is in use.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>

#define N 4096
static struct { int f[3]; int pad; } __attribute__((aligned(16))) s[N];

static void *writer(void *arg)
{
    long k = (long)arg;
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < N; i++)
            s[i].f[k] = i + round;
    return NULL;
}

int main(void)
{
    pthread_t t[3];
    for (long k = 0; k < 3; k++)
        pthread_create(&t[k], NULL, writer, (void *)k);
    for (int k = 0; k < 3; k++)
        pthread_join(t[k], NULL);
    long sum = 0;
    for (int i = 0; i < N; i++)
        sum += s[i].f[0] + s[i].f[1] + s[i].f[2];
    printf("%ld\n", sum);
    return 0;
}
