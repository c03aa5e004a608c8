// race_8byte: one thread stores a whole 8-byte word, the other stores only
// its last byte: the race is on byte 7, which the 8-byte access covers.
// VERDICT: racy
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

union word { uint64_t whole; unsigned char bytes[8]; };
union word shared __attribute__((aligned(8)));

static void *store_word(void *arg)
{
    (void)arg;
    shared.whole = 0x1122334455667788ull;               /* RACE */
    return NULL;
}

static void *store_byte(void *arg)
{
    (void)arg;
    usleep(50 * 1000);          /* apart in time, not ordered */
    shared.bytes[7] = 0xff;                             /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, store_word, NULL);
    pthread_create(&b, NULL, store_byte, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%016llx\n", (unsigned long long)shared.whole);
    return 0;
}
