/* Client bugs the tool reports and survives: a double free, a free of a
   pointer that is not a heap block, a mismatched free of a block from
   C++ new[] (here through the mangled operator), a realloc of a freed
   block.  The program goes on and prints "still running". */
#include <stdio.h>
#include <stdlib.h>

void* _Znam(unsigned long);   /* operator new[](unsigned long) */

int main(void)
{
   static int not_heap;
   char* p = malloc(10);
   free(p);
   free(p);                      /* double free */
   free(&not_heap);              /* not a heap block */
   free(_Znam(16));              /* new[] freed by free */
   char* q = realloc(p, 20);     /* realloc of a freed block */
   printf("still running: %d\n", q == NULL);
   return 0;
}
