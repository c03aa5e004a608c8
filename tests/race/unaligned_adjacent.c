// unaligned_adjacent: one thread stores a 4-byte int at offset 6 of an
// 8-aligned buffer (bytes 6..9, crossing the 8-byte boundary); the other
// stores the bytes just outside it, 5 and 10, in both 8-byte words.  No
// byte is shared: race-free, if the detector splits the unaligned access
// exactly at the boundary.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>

struct __attribute__((packed)) layout { char pad[6]; int value; char tail[6]; };
union buf { struct layout l; unsigned char bytes[16]; long align; };
union buf shared;

static void *store_unaligned(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++)
        shared.l.value = 0x01020304 + i;
    return NULL;
}

static void *store_neighbours(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10; i++) {
        shared.bytes[5] = (unsigned char)i;
        shared.bytes[10] = (unsigned char)(i + 1);
    }
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, store_unaligned, NULL);
    pthread_create(&b, NULL, store_neighbours, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%x %d %d\n", shared.l.value, shared.bytes[5], shared.bytes[10]);
    return shared.l.value != 0x0102030d || shared.bytes[5] != 9
        || shared.bytes[10] != 10;
}
