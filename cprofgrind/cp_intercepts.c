/*--------------------------------------------------------------------*/
/*--- cprofgrind: the preload library.             cp_intercepts.c ---*/
/*--------------------------------------------------------------------*/

/* This file is the vgpreload_cprofgrind-<platform>.so library that the
   core preloads into every program run under cprofgrind.  It runs on the
   simulated CPU, as part of the client: it may use libc, but never a
   function it wraps.  Its wrappers report events to the tool through the
   private client requests of cp_clientreq.h.  Its own instructions are
   not counted in the CPU profile and its frames are hidden from stacks
   (cp_objects.c recognises it by file name).

   In a run that needs none of its wrappers (CPU profile only) the tool
   removes it from LD_PRELOAD before the program starts (cp_main.c). */

#include "cp_clientreq.h"

/*--------------------------------------------------------------------*/
/*--- end                                           cp_intercepts.c ---*/
/*--------------------------------------------------------------------*/
