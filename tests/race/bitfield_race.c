// bitfield_race: two threads write different bit-fields of one byte
// (struct { unsigned a:4; unsigned b:4; }).  Adjacent bit-fields are one
// memory location: each store is a read-modify-write of the whole byte.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct flags { unsigned char a : 4; unsigned char b : 4; };
struct flags shared;

static void *set_a(void *arg)
{
    (void)arg;
    shared.a = 5;                                       /* RACE */
    return NULL;
}

static void *set_b(void *arg)
{
    (void)arg;
    usleep(50 * 1000);          /* apart in time, not ordered */
    shared.b = 9;                                       /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, set_a, NULL);
    pthread_create(&t2, NULL, set_b, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("%d %d\n", shared.a, shared.b);
    return 0;
}
