// struct_three_writers: three threads each write their own field of one
// 16-byte struct at once (not a race: different bytes), then a fourth
// thread reads the first field with nothing ordering it after the first
// writer: a race.  The detector keeps two accesses per 16 bytes; the
// third concurrent one must not make it forget the first (it moves to
// the overflow cells).
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static struct { int a, b, c, d; } __attribute__((aligned(16))) s;

static void *write_a(void *arg) { (void)arg; s.a = 1; return NULL; }  /* RACE */
static void *write_b(void *arg) { (void)arg; usleep(50000); s.b = 2; return NULL; }
static void *write_c(void *arg) { (void)arg; usleep(100000); s.c = 3; return NULL; }

static void *read_a(void *arg)
{
    (void)arg;
    usleep(150000);                 /* apart in time, not ordered */
    return (void *)(long)s.a;                                          /* RACE */
}

int main(void)
{
    pthread_t t[4];
    void *(*fn[4])(void *) = { write_a, write_b, write_c, read_a };
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, fn[i], NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("%d %d %d\n", s.a, s.b, s.c);
    return 0;
}
