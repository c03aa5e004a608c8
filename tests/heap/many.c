/* N small blocks alive at once (argv[1], default 1,000,000), then freed:
   the tool's memory per live block is bounded (see many.vgtest). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv)
{
   long n = argc > 1 ? atol(argv[1]) : 1000000;
   void** v = malloc(n * sizeof *v);
   for (long i = 0; i < n; i++) v[i] = malloc(16);
   for (long i = 0; i < n; i++) free(v[i]);
   free(v);
   printf("%ld blocks\n", n);
   return 0;
}
