// c11_mtx_counter: C11 <threads.h>: thrd_create/thrd_join, and a counter
// incremented under an mtx_t (mtx_lock/mtx_unlock); the result is handed
// back through thrd_join's result code and read after the join.
// VERDICT: race-free
// TSAN: crash -- GCC 12's libtsan has no C11 thread interceptors and
// glibc's thrd_create calls pthread_create internally (not through the
// PLT), so the new thread runs without TSan state and the first
// instrumented call in it dies with SEGV: TSan cannot check this program.
#include <stdio.h>
#include <threads.h>

static mtx_t lock;
static int counter;
static int partial[2];

static int worker(void *arg)
{
    int id = *(int *)arg;
    for (int i = 0; i < 500; i++) {
        mtx_lock(&lock);
        counter++;
        mtx_unlock(&lock);
    }
    partial[id] = 500;
    return id + 10;
}

int main(void)
{
    thrd_t t[2];
    int ids[2] = { 0, 1 }, res[2];
    mtx_init(&lock, mtx_plain);
    for (int i = 0; i < 2; i++)
        thrd_create(&t[i], worker, &ids[i]);
    for (int i = 0; i < 2; i++)
        thrd_join(t[i], &res[i]);
    mtx_destroy(&lock);
    printf("counter = %d, res = %d %d, partial = %d\n", counter, res[0],
           res[1], partial[0] + partial[1]);
    return counter != 1000 || partial[0] + partial[1] != 1000;
}
