/* Mutual recursion (is_even/is_odd, 6 levels) and deep recursion
   (100 000 levels of deep()): contexts follow every level up to
   --max-depth, and memory stays bounded (see recursion.vgtest). */
#include <stdio.h>
#include <stdlib.h>

static volatile long sink;

__attribute__((noinline)) static int is_odd(int n);
__attribute__((noinline)) static int is_even(int n)
{
   sink++;
   return n == 0 ? 1 : is_odd(n - 1);
}
__attribute__((noinline)) static int is_odd(int n)
{
   sink++;
   return n == 0 ? 0 : is_even(n - 1);
}

__attribute__((noinline)) static long deep(long n)
{
   if (n == 0) return 0;
   long r = deep(n - 1) + 1;   /* not a tail call */
   sink += r;
   return r;
}

int main(int argc, char** argv)
{
   long levels = argc > 1 ? atol(argv[1]) : 100000;
   printf("even(5)=%d\n", is_even(5));
   printf("deep=%ld\n", deep(levels));
   return 0;
}
