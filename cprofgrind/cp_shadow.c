/*--------------------------------------------------------------------*/
/*--- cprofgrind: shadow memory of the race detector.  cp_shadow.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   Shadow exists only for memory that was accessed since two threads
   existed: 64 KB of client address space (a chunk) gets 256 KB of cells
   the first time one of its bytes is accessed, from anonymous mappings
   (zero = empty).  Chunks are found in a primary map indexed by chunk
   number, which generated code reads inline (as memcheck's primary
   map); the rare chunks beyond its reach are in a hash table that only
   the checker uses.

   Memory: 4 bytes of shadow per byte of client memory touched, by 64 KB
   chunks.  A chunk is never given back (its cells are cleared instead),
   like memcheck's secondary maps. */

#include "pub_tool_aspacemgr.h"
#include "pub_tool_libcbase.h"
#include "cp_shadow.h"

#define CHUNK_SHADOW_BYTES ((CP_CHUNK_BYTES / CP_GRANULE) * CP_GRANULE_SHADOW)

UChar* CP_(shadow_primary)[1 << CP_PRIMARY_BITS];

static UChar* s_dummy = NULL;   /* zeroed: chunks without shadow point here */

typedef struct { UWord page; UChar* base; } ChunkSlot;   /* base 0: empty */
static ChunkSlot* s_chunks = NULL;
static UWord      s_mask   = 0;
static UWord      s_used   = 0;

static ULong stats__chunks = 0;

static inline UWord page_home ( UWord page )
{
   return (UWord)CP_(mix64)(page) & s_mask;
}

static void chunks_grow ( void )
{
   UWord      old_size = s_chunks ? s_mask + 1 : 0;
   ChunkSlot* old      = s_chunks;
   UWord      size     = old ? 2 * old_size : 1 << 12;
   s_chunks = CP_CALLOC("cp.shadow.chunks_grow.1", size, sizeof(ChunkSlot));
   s_mask   = size - 1;
   for (UWord i = 0; i < old_size; i++) {
      if (!old[i].base) continue;
      UWord h = page_home(old[i].page);
      while (s_chunks[h].base) h = (h + 1) & s_mask;
      s_chunks[h] = old[i];
   }
   if (old) CP_FREE(old);
}

static UChar* new_chunk ( void )
{
   void* p = VG_(am_shadow_alloc)(CHUNK_SHADOW_BYTES);
   if (p == NULL)
      VG_(out_of_memory_NORETURN)("cprofgrind:shadow", CHUNK_SHADOW_BYTES);
   stats__chunks++;
   return p;
}

/* The shadow of page, or NULL (create: never NULL). */
static UChar* chunk_of ( UWord page, Bool create )
{
   if (LIKELY(page < (1UL << CP_PRIMARY_BITS))) {
      UChar* base = CP_(shadow_primary)[page];
      if (base != s_dummy || !create) return base != s_dummy ? base : NULL;
      base = new_chunk();
      CP_(shadow_primary)[page] = base;
      return base;
   }
   UWord h = page_home(page);
   for (; s_chunks[h].base; h = (h + 1) & s_mask)
      if (s_chunks[h].page == page) return s_chunks[h].base;
   if (!create) return NULL;
   UChar* base = new_chunk();
   s_chunks[h].page = page;
   s_chunks[h].base = base;
   if (++s_used * 4 > (s_mask + 1) * 3) chunks_grow();
   return base;
}

void CP_(shadow_init) ( void )
{
   s_dummy = new_chunk();
   stats__chunks = 0;
   for (UWord i = 0; i < (1UL << CP_PRIMARY_BITS); i++)
      CP_(shadow_primary)[i] = s_dummy;
   chunks_grow();
}

Cell* CP_(shadow_cells) ( Addr a, Bool create )
{
   UWord  page = a >> CP_CHUNK_BITS;
   UChar* base;
   if (LIKELY(page < (1UL << CP_PRIMARY_BITS))
       && LIKELY((base = CP_(shadow_primary)[page]) != s_dummy)) {
      /* the common case */
   } else {
      base = chunk_of(page, create);
      if (base == NULL) return NULL;
   }
   UWord g = (a & (CP_CHUNK_BYTES - 1)) / CP_GRANULE;
   return (Cell*)(base + g * CP_GRANULE_SHADOW);
}

void CP_(shadow_clear) ( Addr a, SizeT len )
{
   Addr end = a + len;
   if (len == 0 || end < a) return;
   /* whole granules only: a partial one keeps its cells (the bytes
      around it may belong to someone else) but loses the cleared bytes */
   while (a < end) {
      UWord  page  = a >> CP_CHUNK_BITS;
      Addr   cend  = (page + 1) << CP_CHUNK_BITS;
      Addr   stop  = end < cend ? end : cend;
      UChar* base  = chunk_of(page, False);
      if (base) {
         for (Addr g = a & ~(Addr)(CP_GRANULE - 1); g < stop; g += CP_GRANULE) {
            Cell* c = (Cell*)(base + ((g & (CP_CHUNK_BYTES - 1)) / CP_GRANULE)
                                     * CP_GRANULE_SHADOW);
            /* bytes of this granule inside [a, end) */
            UInt lo = g < a ? (UInt)(a - g) : 0;
            UInt hi = g + CP_GRANULE > end ? (UInt)(end - g) : CP_GRANULE;
            ULong clear = ((1ULL << hi) - 1) & ~((1ULL << lo) - 1);
            for (UInt k = 0; k < CP_CELLS; k++) {
               if (c[k].meta == 0) continue;
               ULong m = c[k].meta & CP_M_MASK & ~clear;
               c[k].meta = m ? (c[k].meta & ~CP_M_MASK) | m : 0;
               if (m == 0) c[k].where = 0;
            }
         }
      }
      a = stop;
   }
}

void CP_(shadow_print_stats) ( void )
{
   VG_(dmsg)("cprofgrind: shadow: %'llu chunks (%'llu MB)\n",
             stats__chunks, stats__chunks * CHUNK_SHADOW_BYTES >> 20);
}

/*--------------------------------------------------------------------*/
/*--- end                                              cp_shadow.c ---*/
/*--------------------------------------------------------------------*/
