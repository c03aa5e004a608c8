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
} CpPrivateRequest;

#endif /* __CP_CLIENTREQ_H */

/*--------------------------------------------------------------------*/
/*--- end                                           cp_clientreq.h ---*/
/*--------------------------------------------------------------------*/
