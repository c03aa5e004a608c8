/* A tail call: with -O2, step() ends by jumping to finish() instead of
   calling it.  No frame of step() is left when finish() runs, so the
   profile shows finish() directly under main(), as a sampling profiler
   would; step()'s own instructions stay under main;step. */
#include <stdio.h>

static volatile long sink;

__attribute__((noinline)) long finish(long x)
{
   for (int i = 0; i < 5000; i++) sink += i ^ x;
   return sink;
}

__attribute__((noinline)) long step(long x)
{
   for (int i = 0; i < 3000; i++) sink += i;
   return finish(x + 1);   /* compiled as a jump at -O2 */
}

int main(void)
{
   long s = 0;
   for (int i = 0; i < 10; i++) s += step(i);
   printf("%ld\n", s);
   return 0;
}
