// adjacent_char_fields: two threads each write their own one-byte field of
// struct { char a; char b; } (different bytes of one 8-byte word) without
// synchronisation.  Distinct memory locations: no race; a detector must
// be byte precise.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>

struct pair { char a; char b; };
static struct pair shared;

static void *write_a(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        shared.a = (char)i;
    return NULL;
}

static void *write_b(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        shared.b = (char)(i + 1);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, write_a, NULL);
    pthread_create(&t2, NULL, write_b, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("%d %d\n", shared.a, shared.b);
    return shared.a != 99 || shared.b != 100;
}
