/* One block lost in each of memcheck's ways, and some freed properly:
     - a list whose head is lost: the head definitely lost (32 bytes),
       the two others indirectly (64 bytes);
     - a block reachable only through an interior pointer: possibly lost
       (100 bytes);
     - a block reachable from a global: still reachable (64 bytes);
     - a cycle of two lost blocks: one definitely (32), one indirectly (32)
       lost, the lowest address heading the cycle as in memcheck.
   Totals: 12 allocs, 5 frees, 451 bytes allocated; 324 bytes in 7 blocks
   in use at exit. */
#include <stdlib.h>
#include <string.h>
struct node { struct node* next; char pad[24]; };
static void* global_keep;
int main(void) {
   /* 1. a list whose head is lost: head definitely, 2 others indirectly */
   struct node* a = malloc(sizeof *a), *b = malloc(sizeof *b), *c = malloc(sizeof *c);
   a->next = b; b->next = c; c->next = NULL; a = b = c = NULL;
   /* 2. a block reachable only through an interior pointer */
   static char* interior;
   interior = (char*)malloc(100) + 10;
   /* 3. reachable from a global */
   global_keep = malloc(64);
   /* 4. a cycle of lost blocks */
   struct node* x = malloc(sizeof *x), *y = malloc(sizeof *y);
   x->next = y; y->next = x; x = y = NULL;
   /* freed properly */
   void* f = malloc(10); free(f);
   f = calloc(3, 7); free(f);
   f = realloc(NULL, 30); f = realloc(f, 60); f = realloc(f, 0);
   char* s = strdup("hello"); free(s);
   return 0;
}
