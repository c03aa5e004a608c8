// c11_flag: release/acquire publication of plain data through a C11
// `_Atomic int` flag.  On x86-64 both the release store and the acquire
// load are plain moves; the flag's type in the debug info
// (DW_TAG_atomic_type) makes them atomic, so the data is ordered.
// VERDICT: race-free
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static int data[4];
static atomic_int ready;

static void *producer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 4; i++) data[i] = i + 1;
    atomic_store_explicit(&ready, 1, memory_order_release);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    while (!atomic_load_explicit(&ready, memory_order_acquire)) {}
    printf("%d\n", data[0] + data[3]);
    pthread_join(t, NULL);
    return 0;
}
