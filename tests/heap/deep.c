/* Allocations at the bottom of a recursion deeper than --max-depth.  A
   context followed call by call (--cpu=yes) keeps its outermost frames,
   then the pseudo frame that deeper calls run in; one found by unwinding
   (--cpu=no) keeps its innermost frames, under a pseudo frame for the
   outer ones it did not read (deep_*.vgtest). */
#include <stdlib.h>

static void* volatile keep[2];

__attribute__((noinline)) static long dive(long n)
{
   if (n == 0) { keep[0] = malloc(123); return 0; }
   long r = dive(n - 1) + 1;   /* not a tail call */
   return r;
}

__attribute__((noinline)) static void shallow(void)
{
   keep[1] = malloc(77);
}

int main(void)
{
   shallow();
   return dive(300) == 300 ? 0 : 1;
}
