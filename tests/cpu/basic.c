/* The classic profiling lesson: a hot slowOperation beside a cheap
   quickOperation, both calling the same work().  With full calling
   contexts, work() appears twice, under each caller, with 100:1 costs. */
#include <stdio.h>

static volatile long sink;

__attribute__((noinline)) static void work(int n)
{
   for (int i = 0; i < n; i++)
      sink += i;
}

__attribute__((noinline)) static void slowOperation(void) { work(100000); }
__attribute__((noinline)) static void quickOperation(void) { work(1000); }

int main(void)
{
   for (int i = 0; i < 10; i++) {
      slowOperation();
      quickOperation();
   }
   printf("sink %ld\n", sink);
   return 0;
}
