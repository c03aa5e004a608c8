// c11_call_once: three C11 threads call call_once on one initialiser that
// fills a table; each reads the table after call_once returns.
// VERDICT: race-free
// TSAN: crash -- GCC 12's libtsan has no C11 thread interceptors and
// glibc's thrd_create calls pthread_create internally (not through the
// PLT), so the new thread runs without TSan state and the first
// instrumented call in it dies with SEGV: TSan cannot check this program.
#include <stdio.h>
#include <threads.h>

static once_flag once = ONCE_FLAG_INIT;
static int table[16];

static void init(void)
{
    for (int i = 0; i < 16; i++)
        table[i] = i + 100;
}

static int worker(void *arg)
{
    call_once(&once, init);
    int sum = 0;
    for (int i = 0; i < 16; i++)
        sum += table[i];
    *(int *)arg = sum;
    return 0;
}

int main(void)
{
    thrd_t t[3];
    int sums[3];
    for (int i = 0; i < 3; i++)
        thrd_create(&t[i], worker, &sums[i]);
    for (int i = 0; i < 3; i++)
        thrd_join(t[i], NULL);
    printf("sum = %d\n", sums[0]);
    return sums[0] != 1720 || sums[2] != 1720;
}
