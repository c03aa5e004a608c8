// adjacent_int_fields: two threads read-modify-write their own int of
// struct { int x; int y; } (the two halves of one 8-byte word) without
// synchronisation: no race.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>

struct point { int x; int y; };
static struct point shared;

static void *bump_x(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        shared.x += 2;
    return NULL;
}

static void *bump_y(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        shared.y += 3;
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, bump_x, NULL);
    pthread_create(&t2, NULL, bump_y, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("%d %d\n", shared.x, shared.y);
    return shared.x != 200 || shared.y != 300;
}
