// rep_asm_race: both racing accesses are single string instructions in
// inline assembly: one thread fills a shared buffer with rep stosb, the
// other copies part of it out with rep movsb.  A write and a read of the
// same bytes, unordered.
// VERDICT: racy
// TSAN: race-free -- TSan instruments only the memory accesses the compiler
// emits; inline assembly is invisible to it.  A binary-level detector sees
// the rep instructions.
#include <pthread.h>
#include <stdio.h>

#define SIZE 4096

static char shared_buf[SIZE];
static char copy[512];

static void fill(char *dst, char c, unsigned long n)
{
    __asm__ volatile("rep stosb"                        /* RACE */
                     : "+D"(dst), "+c"(n) : "a"(c) : "memory");
}

static void copy_out(char *dst, const char *src, unsigned long n)
{
    __asm__ volatile("rep movsb"                        /* RACE */
                     : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}

static void *filler(void *arg)
{
    (void)arg;
    fill(shared_buf, 'f', SIZE);
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    copy_out(copy, shared_buf + 1024, sizeof copy);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, filler, NULL);
    pthread_create(&b, NULL, reader, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d\n", copy[0]);
    return 0;
}
