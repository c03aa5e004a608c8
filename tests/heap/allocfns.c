/* Every C allocation function once (or more), with known sizes, from
   known functions, so that the heap profile's numbers are known:
     alloc_space:  malloc_site 1000, calloc_site 300, realloc_site
                   100 + 200, aligned_site 64 + 128 + 256 + 4096, and
                   strdup 6 (under strdup_site)
     in use at exit: 1000 from malloc_site, 64 from aligned_site
   and memcheck counts the same.  With an argument, pvalloc too (memcheck
   stops the program there: "pvalloc is not implemented"). */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

static void* keep[2];

__attribute__((noinline)) static void malloc_site(void)  { keep[0] = malloc(1000); }
__attribute__((noinline)) static void calloc_site(void)  { free(calloc(30, 10)); }
__attribute__((noinline)) static void realloc_site(void)
{
   char* p = realloc(NULL, 100);   /* an allocation */
   p = realloc(p, 200);            /* a free and an allocation */
   p = realloc(p, 0);              /* a free */
   (void)p;
}
__attribute__((noinline)) static void aligned_site(void)
{
   void* p;
   if (posix_memalign(&p, 64, 64) == 0) keep[1] = p;
   free(aligned_alloc(64, 128));
   free(memalign(32, 256));
   free(valloc(4096));
}
__attribute__((noinline)) static void pvalloc_site(void) { free(pvalloc(4096)); }
__attribute__((noinline)) static void strdup_site(void) { free(strdup("hello")); }

int main(int argc, char** argv)
{
   (void)argv;
   malloc_site();
   calloc_site();
   realloc_site();
   aligned_site();
   strdup_site();
   if (argc > 1) pvalloc_site();
   printf("usable >= 1000: %d\n", malloc_usable_size(keep[0]) >= 1000);
   free(NULL);                      /* not counted */
   return 0;
}
