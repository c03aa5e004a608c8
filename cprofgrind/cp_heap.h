/*--------------------------------------------------------------------*/
/*--- cprofgrind: heap blocks and heap profiles.        cp_heap.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_HEAP_H
#define __CP_HEAP_H

#include "cp_basics.h"

void CP_(heap_init) ( void );

/* Client requests from the preload library's wrappers (cp_clientreq.h).
   Returns True if the request was a heap one; *ret gets its answer. */
Bool CP_(heap_handle_request) ( ThreadId tid, UWord* args, UWord* ret );

/* The live block holding a (for race reports): start, size and
   allocation context. */
Bool CP_(heap_block_of) ( Addr a, Addr* start, SizeT* size, UInt* ctx );

/* Running totals, for the summary, the timeline and the tests. */
ULong CP_(heap_inuse_bytes) ( void );

/* Write <out>.heap.pb.gz (and .heap-peak.pb.gz with --heap-peak=yes). */
void CP_(heap_write_profiles) ( UInt dump_no, const HChar* dump_name,
                                Bool at_exit );
/* CPROFGRIND_ZERO: forget allocation totals (not the live blocks). */
void CP_(heap_zero) ( void );

/* End of run: the memcheck-style heap summary and the leak check. */
void CP_(heap_fini) ( void );

/*--- For the leak check (cp_leak.c) ---*/

typedef struct {
   Addr  a;       /* start of the block */
   SizeT size;    /* bytes asked for */
   UInt  ctx;     /* allocation context (CtxNode id) */
} LiveBlock;

/* All live blocks, sorted by address (VG_(malloc)ed; caller frees). */
LiveBlock* CP_(heap_live_blocks) ( UInt* n );

#endif /* __CP_HEAP_H */

/*--------------------------------------------------------------------*/
/*--- end                                                cp_heap.h ---*/
/*--------------------------------------------------------------------*/
