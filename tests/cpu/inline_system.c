/* Code of the C library and of the program, both with inlined calls:
   libc's qsort and snprintf (inlined helpers in glibc's -O2 build, seen
   with the libc6-dbg debug info), and the program's own static inline
   helper at -O2. */
#include <stdio.h>
#include <stdlib.h>

static inline int twice ( int x ) { return 2 * x + 1; }

static int cmp ( const void* a, const void* b )
{
   int x = *(const int*)a, y = *(const int*)b;
   return (x > y) - (x < y);
}

int main ( void )
{
   static int v[20000];
   char buf[64];
   unsigned s = 1;
   long sum = 0;
   for (int i = 0; i < 20000; i++) { s = s * 1103515245u + 12345u; v[i] = (int)(s >> 8); }
   qsort(v, 20000, sizeof v[0], cmp);
   for (int i = 0; i < 2000; i++) sum += snprintf(buf, sizeof buf, "%d %s %x", twice(v[i]), "abc", i);
   printf("%ld\n", sum > 0);
   return 0;
}
