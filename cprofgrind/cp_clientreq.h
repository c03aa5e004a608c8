/*--------------------------------------------------------------------*/
/*--- cprofgrind: requests from the preload library. cp_clientreq.h ---*/
/*--------------------------------------------------------------------*/

/* Tool-private client requests, sent by cp_intercepts.c (the preload
   library) to the tool.  They start at 0x100 above the tool base so that
   they never collide with the public ones of cprofgrind.h.  Arguments
   are documented per entry; never reorder. */

#ifndef __CP_CLIENTREQ_H
#define __CP_CLIENTREQ_H

#include "cprofgrind.h"

typedef enum {
   CP_REQ__FIRST_PRIVATE = VG_USERREQ_TOOL_BASE('C','P') + 0x100,

   /*--- heap (cp_heap.c) ---*/
   CP_REQ__ALLOC,        /* (ptr, size, kind): a block was allocated */
   CP_REQ__FREE,         /* (ptr, kind) before freeing: returns 1 if ptr
                            is a block, 0 if not (reported; the wrapper
                            then does not free it) */
   CP_REQ__REALLOC_PRE,  /* (ptr) before realloc: 1 if ptr is a block */
   CP_REQ__REALLOC,      /* (old, new, size) after realloc: new is NULL
                            when realloc(old, 0) freed old */
} CpPrivateRequest;

/* How a block was allocated, to report mismatched frees. */
#define CP_ALLOC_MALLOC   0   /* malloc, calloc, realloc, memalign, ... */
#define CP_ALLOC_NEW      1   /* operator new */
#define CP_ALLOC_NEW_VEC  2   /* operator new[] */

#endif /* __CP_CLIENTREQ_H */

/*--------------------------------------------------------------------*/
/*--- end                                           cp_clientreq.h ---*/
/*--------------------------------------------------------------------*/
