/* Three threads doing different work: samples carry a numeric "thread"
   label (1 = main, then 2, 3 in creation order), so
   `go tool pprof -tagfocus=thread=2` shows one thread. */
#include <pthread.h>
#include <stdio.h>

static volatile long sink_a, sink_b, sink_m;

__attribute__((noinline)) static void work_a(void) { for (int i = 0; i < 20000; i++) sink_a += i; }
__attribute__((noinline)) static void work_b(void) { for (int i = 0; i < 30000; i++) sink_b += i; }
__attribute__((noinline)) static void work_main(void) { for (int i = 0; i < 10000; i++) sink_m += i; }

static void* thread_a(void* arg) { work_a(); return arg; }
static void* thread_b(void* arg) { work_b(); return arg; }

int main(void)
{
   pthread_t a, b;
   pthread_create(&a, NULL, thread_a, NULL);
   pthread_join(a, NULL);          /* a is T2, b is T3, in that order */
   pthread_create(&b, NULL, thread_b, NULL);
   work_main();
   pthread_join(b, NULL);
   printf("%ld %ld %ld\n", sink_a, sink_b, sink_m);
   return 0;
}
