// race_unaligned: one thread stores a 4-byte int at offset 6 of an
// 8-aligned buffer (bytes 6..9, crossing the 8-byte boundary, through a
// packed struct); the other stores byte 9 only.  The race is on the part
// of the unaligned access past the boundary.
// VERDICT: racy
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct __attribute__((packed)) layout { char pad[6]; int value; char tail[6]; };
union buf { struct layout l; unsigned char bytes[16]; long align; };
union buf shared;

static void *store_unaligned(void *arg)
{
    (void)arg;
    shared.l.value = 0x01020304;                        /* RACE */
    return NULL;
}

static void *store_byte(void *arg)
{
    (void)arg;
    usleep(50 * 1000);          /* apart in time, not ordered */
    shared.bytes[9] = 0xee;                             /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, store_unaligned, NULL);
    pthread_create(&b, NULL, store_byte, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%x\n", shared.l.value);
    return 0;
}
