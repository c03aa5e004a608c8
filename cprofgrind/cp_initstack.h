/*--------------------------------------------------------------------*/
/*--- cprofgrind: initial stack without the preload. cp_initstack.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_INITSTACK_H
#define __CP_INITSTACK_H

#include "cp_basics.h"

/* Rebuild the main thread's initial stack as if vgpreload_cprofgrind had
   never been in LD_PRELOAD.  Call once, before the first client
   instruction (first start_client_code of the main thread). */
void CP_(initstack_drop_preload) ( ThreadId tid );
/* Put vgpreload_cpgheap (the heap wrappers alone) in LD_PRELOAD in place
   of vgpreload_cprofgrind, if it is installed beside it.  Same time. */
void CP_(initstack_heap_preload) ( ThreadId tid );

#endif /* __CP_INITSTACK_H */

/*--------------------------------------------------------------------*/
/*--- end                                           cp_initstack.h ---*/
/*--------------------------------------------------------------------*/
