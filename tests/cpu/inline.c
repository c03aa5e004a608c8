/* Built with -O2: small functions are inlined into their callers.  The
   profile keeps them as inlined frames (pprof Lines, innermost first), so
   `go tool pprof -list=square` shows square's source lines although no
   call to it exists in the binary. */
#include <stdio.h>

static volatile int seed = 3;

static inline int square(int x) { return x * x + seed; }
static inline int cube(int x) { return square(x) * x - seed; }

__attribute__((noinline)) static long sum_cubes(int n)
{
   long s = 0;
   for (int i = 0; i < n; i++)
      s += cube(i);
   return s;
}

int main(void)
{
   long s = 0;
   for (int r = 0; r < 200; r++)
      s += sum_cubes(1000);
   printf("%ld\n", s);
   return 0;
}
