/*--------------------------------------------------------------------*/
/*--- cprofgrind: stacks of calling contexts.        cp_profctx.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_PROFCTX_H
#define __CP_PROFCTX_H

#include "cp_basics.h"
#include "cp_context.h"
#include "cp_pprof.h"

/* The pprof locations of a context's frames: the call site of node,
   then of each caller out to the thread's first function (pseudo frames
   such as "<signal 11 handler>" included).  Returns how many. */
UInt CP_(ctx_locs) ( Prof* p, const CtxNode* node, ULong* out, UInt max );

/* The labels of a sample made in a context: thread=<serial> (1 = main),
   then the labels (task=, region=) it runs under, innermost of each key;
   at most max in out.  Returns how many. */
UInt CP_(ctx_labels) ( const CtxNode* node, ProfLabel* out, UInt max );

/* Print a context as Valgrind prints a stack: "   at 0x..: fn (file:line)"
   then "   by ..." lines, innermost first, inlined frames included.
   If leaf is not 0 it is printed first (the instruction being run). */
void CP_(ctx_print_stack) ( const CtxNode* node, Addr leaf );

#endif /* __CP_PROFCTX_H */

/*--------------------------------------------------------------------*/
/*--- end                                             cp_profctx.h ---*/
/*--------------------------------------------------------------------*/
