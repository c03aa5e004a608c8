/* The program of the tests of scripts/ (cprof_annotate, cprof_folded,
   valgrind2pprof): two hot functions, one of them through an always-inline
   helper (an inlined frame) and the other recursive (cum counted once per
   sample), and heap blocks: one reached through two callers, short-lived
   ones, four live together at the peak, and a 100-byte one that massif
   puts "below threshold". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile unsigned long sink;

static inline __attribute__((always_inline)) unsigned long step(unsigned long x)
{
   return x * 2654435761UL + 1;
}

__attribute__((noinline)) static void spin(long n)
{
   for (long i = 0; i < n; i++)
      sink += step(i);
}

__attribute__((noinline)) static void hot_a(void)
{
   spin(100000);
}

__attribute__((noinline)) static long hot_b(int depth)
{
   long s = 0;
   for (long i = 0; i < 20000; i++)
      s ^= i * 3;
   if (depth > 0)
      s += hot_b(depth - 1);
   return s;
}

__attribute__((noinline)) static char* make_block(size_t n)
{
   char* p = malloc(n);
   memset(p, 7, n);
   return p;
}

__attribute__((noinline)) static char* keep_block(size_t n)
{
   return make_block(n);
}

__attribute__((noinline)) static char* tiny_block(void)
{
   return malloc(100);
}

int main(void)
{
   hot_a();
   sink += hot_b(3);
   char* kept = keep_block(10000);
   char* tiny = tiny_block();
   for (int i = 0; i < 5; i++)
      free(make_block(1000 * (i + 1)));
   char* peak[4];
   for (int i = 0; i < 4; i++)
      peak[i] = make_block(50000);
   for (int i = 0; i < 4; i++)
      free(peak[i]);
   printf("%lu %d\n", sink, kept[0]);
   free(tiny);
   free(kept);
   return 0;
}
