// dcl: a correct double-checked lazy initialisation: an `_Atomic` pointer
// read with an acquire load outside the lock, written with a release store
// inside it.
// VERDICT: race-free
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct config { int verbose; int level; };
static struct config *_Atomic instance;
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;

static struct config *get(void)
{
    struct config *c = atomic_load_explicit(&instance, memory_order_acquire);
    if (!c) {
        pthread_mutex_lock(&init_lock);
        c = atomic_load_explicit(&instance, memory_order_relaxed);
        if (!c) {
            c = malloc(sizeof *c);
            c->verbose = 1;
            c->level = 3;
            atomic_store_explicit(&instance, c, memory_order_release);
        }
        pthread_mutex_unlock(&init_lock);
    }
    return c;
}

static void *user(void *arg)
{
    (void)arg;
    return (void *)(long)get()->level;
}

int main(void)
{
    pthread_t t[3];
    for (int i = 0; i < 3; i++) pthread_create(&t[i], NULL, user, NULL);
    long sum = 0;
    for (int i = 0; i < 3; i++) { void *r; pthread_join(t[i], &r); sum += (long)r; }
    printf("%ld %d\n", sum, get()->verbose);
    free(get());
    return 0;
}
