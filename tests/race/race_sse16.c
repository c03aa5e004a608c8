// race_sse16: one thread stores 16 bytes at once with one SSE store (an
// __m128i assignment: movaps/movdqa, no intrinsic, so that the store's
// line is this file's even at -O0); the other writes only the int at bytes
// 12..15.  The race is in the upper half of the 16-byte access.
// VERDICT: racy
#include <emmintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

union vec { __m128i v; int lanes[4]; };
union vec shared;

static void *store_vector(void *arg)
{
    (void)arg;
    __m128i x = (__m128i)(__v4si){ 1, 2, 3, 4 };
    shared.v = x;                                       /* RACE */
    return NULL;
}

static void *store_lane(void *arg)
{
    (void)arg;
    usleep(50 * 1000);          /* apart in time, not ordered */
    shared.lanes[3] = 99;                               /* RACE */
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, store_vector, NULL);
    pthread_create(&b, NULL, store_lane, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("%d %d\n", shared.lanes[0], shared.lanes[3]);
    return 0;
}
