/* A peak known by construction:
     a = 1000; b = 2000; free(a); c = 5000   -> 7000 bytes in use: the peak
     free(b); free(c); d = 100; e = 3000     -> 3100, below the peak
   The peak profile holds exactly b (2000 bytes, from grow_b) and c (5000,
   from grow_c); a, d and e are not in it. */
#include <stdlib.h>

static void* keep[2];

__attribute__((noinline)) static void* grow_a(void) { return malloc(1000); }
__attribute__((noinline)) static void* grow_b(void) { return malloc(2000); }
__attribute__((noinline)) static void* grow_c(void) { return malloc(5000); }
__attribute__((noinline)) static void after(void)
{
   keep[0] = malloc(100);
   keep[1] = malloc(3000);
}

int main(void)
{
   void* a = grow_a();
   void* b = grow_b();
   free(a);
   void* c = grow_c();
   free(b);
   free(c);
   after();
   return 0;
}
