/* The corners of the C allocation API, whichever allocator runs
   (--heap-allocator=program or valgrind): errno and return values as
   glibc gives them, alignments honoured, realloc keeping the contents,
   calloc zeroing, malloc_usable_size at least the size asked for. */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALIGNED(p, a) (((uintptr_t)(p) & ((a) - 1)) == 0)

int main(void)
{
   char* p = malloc(100);
   strcpy(p, "kept");
   p = realloc(p, 100000);
   printf("realloc up: %s, usable >= size: %d\n", p, malloc_usable_size(p) >= 100000);
   p = realloc(p, 3);
   printf("realloc down: %.3s\n", p);
   printf("realloc to 0: %p\n", realloc(p, 0));
   p = realloc(NULL, 10);
   printf("realloc from NULL: %d\n", p != NULL);
   free(p);

   void* q = NULL;
   printf("posix_memalign 4096: %d aligned %d\n", posix_memalign(&q, 4096, 10), ALIGNED(q, 4096));
   free(q);
   printf("posix_memalign 3: %s\n", posix_memalign(&q, 3, 10) == EINVAL ? "EINVAL" : "?");
   void* a = aligned_alloc(64, 128);
   printf("aligned_alloc 64: %d\n", ALIGNED(a, 64));
   free(a);
   a = memalign(48, 10);   /* rounded up to 64, as glibc does */
   printf("memalign 48: %d\n", ALIGNED(a, 64));
   free(a);
   a = valloc(10);
   printf("valloc: %d\n", ALIGNED(a, 4096));
   free(a);

   int* c = calloc(1000, sizeof(int));
   int zero = 1;
   for (int i = 0; i < 1000; i++) zero &= c[i] == 0;
   printf("calloc zeroed: %d\n", zero);
   free(c);

   volatile size_t huge = (size_t)1 << 62, n40 = (size_t)1 << 40;
   errno = 0;
   void* b = malloc(huge);
   printf("malloc 2^62: %p %s\n", b, errno == ENOMEM ? "ENOMEM" : "?");
   errno = 0;
   b = calloc(n40, n40);
   printf("calloc overflow: %p %s\n", b, errno == ENOMEM ? "ENOMEM" : "?");
   errno = 0;
   p = malloc(8);
   b = realloc(p, huge);
   printf("realloc 2^62: %p %s, old kept: %d\n", b, errno == ENOMEM ? "ENOMEM" : "?", p != NULL);
   free(p);
   free(NULL);
   printf("usable size of NULL: %zu\n", malloc_usable_size(NULL));
   return 0;
}
