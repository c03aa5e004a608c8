/*--------------------------------------------------------------------*/
/*--- cprofgrind: large tables in huge pages.             cp_mem.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_MEM_H
#define __CP_MEM_H

#include "cp_basics.h"

/* Zeroed memory of its own mapping, asked to be backed by transparent
   huge pages.  For the tables that generated code and helpers read at
   random across hundreds of MB (the child hash, context nodes, counter
   tables): with 4 KB pages nearly every such read misses the TLB as
   well as the cache.  Sizes are rounded up to 2 MB.  Out of memory is
   fatal, as for VG_(malloc). */
void* CP_(big_alloc) ( const HChar* what, SizeT bytes );
void  CP_(big_free)  ( void* p, SizeT bytes );

/* The same in ordinary pages, for a first, small-program table: unlike
   a big block of Valgrind's arena (which VG_(free) writes all over
   before unmapping it) it stays untouched where unused, also when it
   is given back.  Sizes are rounded up to pages. */
void* CP_(plain_alloc) ( const HChar* what, SizeT bytes );
void  CP_(plain_free)  ( void* p, SizeT bytes );

/* Memory that is never given back, for small objects made by the
   hundred thousand (a basic block's shape, a call site): carved from
   1 MB mappings, 8-byte aligned, without the 32 bytes of header and
   redzones that each block of Valgrind's arena carries (cc1: 210,000
   blocks). */
void* CP_(perm_alloc) ( const HChar* what, SizeT bytes );

/* Once the program has exited: give back the pages of its anonymous
   memory (heap, stacks, buffers), which nothing reads any more, so that
   what the profiles take to write comes out of the program's memory,
   not on top of it.  Returns the KB given back.  Not while the leak
   check still has to scan that memory. */
ULong CP_(mem_release_client) ( void );

#endif /* __CP_MEM_H */

/*--------------------------------------------------------------------*/
/*--- end                                                 cp_mem.h ---*/
/*--------------------------------------------------------------------*/
