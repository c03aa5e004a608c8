// struct_member: an `_Atomic` member of a global struct publishes its
// plain neighbours (the member's offset comes from the debug info).
// VERDICT: race-free
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static struct channel {
    int value[3];
    _Atomic int full;
} ch;

static void *sender(void *arg)
{
    (void)arg;
    ch.value[0] = 1; ch.value[1] = 2; ch.value[2] = 3;
    atomic_store_explicit(&ch.full, 1, memory_order_release);
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, sender, NULL);
    while (!atomic_load_explicit(&ch.full, memory_order_acquire)) {}
    printf("%d\n", ch.value[0] + ch.value[1] + ch.value[2]);
    pthread_join(t, NULL);
    return 0;
}
