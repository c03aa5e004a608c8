/*--------------------------------------------------------------------*/
/*--- cprofgrind: shadow memory of the race detector.  cp_shadow.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   Shadow exists only for memory that was accessed since two threads
   existed: 64 KB of client address space (a chunk) gets 96 KB of cells
   the first time one of its bytes is accessed, from anonymous mappings
   (zero = empty).  Chunks are found in a primary map indexed by chunk
   number, which generated code reads inline (as memcheck's primary
   map); the rare chunks beyond its reach are in a hash table that only
   the checker uses.

   Memory: 1.5 bytes of shadow per byte of client memory touched, by 64 KB
   chunks (two 12-byte cells per 16-byte granule, cp_shadow.h).  A chunk
   is never unmapped, but when client memory is freed or
   unmapped the whole pages of its shadow are given back to the kernel
   (madvise): they read as zero, empty cells, and the resident size
   follows the client's instead of growing with every buffer the program
   ever used. */

#include "pub_tool_aspacemgr.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_vkiscnums.h"
#include "cp_coreext.h"
#include "cp_shadow.h"

UWord CP_(shadow_primary)[1 << CP_PRIMARY_BITS];

/* zeroed: the shadow of chunks that have none (offset 0).  In the tool's
   own bss: never written, so never resident, and below 2 GB, so that
   generated code adds it as an instruction's displacement. */
UChar CP_(shadow_dummy)[CP_CHUNK_SHADOW] __attribute__((aligned(4096)));
#define s_dummy CP_(shadow_dummy)

typedef struct { UWord page; UChar* base; } ChunkSlot;   /* base 0: empty */
static ChunkSlot* s_chunks = NULL;
static UWord      s_mask   = 0;
static UWord      s_used   = 0;

static ULong stats__chunks = 0, stats__released = 0;

#define SHADOW_PAGE 4096UL
#define MADV_DONTNEED_ 4     /* Linux; not in Valgrind's vki headers */

/* Give back the shadow pages [s, e) (page aligned). */
static void release_shadow ( Addr s, Addr e )
{
   if (e <= s) return;
   VG_(do_syscall)(__NR_madvise, s, e - s, MADV_DONTNEED_, 0, 0, 0, 0, 0);
   stats__released += e - s;
}

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
   void* p = VG_(am_shadow_alloc)(CP_CHUNK_SHADOW);
   if (p == NULL)
      VG_(out_of_memory_NORETURN)("cprofgrind:shadow", CP_CHUNK_SHADOW);
   stats__chunks++;
   return p;
}

/* The shadow of page, or NULL (create: never NULL). */
static UChar* chunk_of ( UWord page, Bool create )
{
   if (LIKELY(page < (1UL << CP_PRIMARY_BITS))) {
      UWord off = CP_(shadow_primary)[page];
      if (off != 0 || !create) return off != 0 ? s_dummy + off : NULL;
      UChar* base = new_chunk();
      CP_(shadow_primary)[page] = (UWord)(base - s_dummy);
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
   chunks_grow();
}

static inline Gran gran_at ( UChar* base, Addr a )
{
   UWord g = (a & (CP_CHUNK_BYTES - 1)) / CP_GRANULE;
   Gran r;
   r.meta  = (ULong*)(base + g * CP_GRANULE_SHADOW);
   r.where = (UInt*)(base + g * CP_GRANULE_SHADOW + CP_CELLS * 8);
   return r;
}

Bool CP_(shadow_gran) ( Addr a, Bool create, Gran* out )
{
   UWord  page = a >> CP_CHUNK_BITS;
   UChar* base;
   UWord  off;
   if (LIKELY(page < (1UL << CP_PRIMARY_BITS))
       && LIKELY((off = CP_(shadow_primary)[page]) != 0)) {
      base = s_dummy + off;   /* the common case */
   } else {
      base = chunk_of(page, create);
      if (base == NULL) return False;
   }
   *out = gran_at(base, a);
   return True;
}

/*------------------------------------------------------------*/
/*--- Overflow cells                                       ---*/
/*------------------------------------------------------------*/

static More** s_more      = NULL;   /* open addressing by granule */
static UWord  s_more_mask = 0;
static UWord  s_more_used = 0;
static ULong  stats__more = 0;

static Bool more_live ( const More* e )
{
   Gran c;
   return CP_(shadow_gran)(e->g, False, &c) && CP_(gran_more)(c);
}

/* Double the table, or rebuild it at its size, keeping only the
   entries whose granule is still marked (freed memory loses its marks
   with its cells). */
static void more_rehash ( void )
{
   UWord  old_size = s_more ? s_more_mask + 1 : 0;
   More** old      = s_more;
   UWord  live     = 0;
   for (UWord i = 0; i < old_size; i++)
      if (old[i] && more_live(old[i])) live++;
      else if (old[i]) { CP_FREE(old[i]); old[i] = NULL; }
   UWord size = 1 << 10;
   while (size < 4 * (live + 1)) size *= 2;
   s_more      = CP_CALLOC("cp.shadow.more_rehash.1", size, sizeof(More*));
   s_more_mask = size - 1;
   s_more_used = live;
   for (UWord i = 0; i < old_size; i++) {
      if (!old[i]) continue;
      UWord h = (UWord)CP_(mix64)(old[i]->g) & s_more_mask;
      while (s_more[h]) h = (h + 1) & s_more_mask;
      s_more[h] = old[i];
   }
   if (old) CP_FREE(old);
}

More* CP_(shadow_more) ( Addr g, Bool fresh )
{
   if (s_more == NULL) {
      if (!fresh) return NULL;
      more_rehash();
   }
   UWord h = (UWord)CP_(mix64)(g) & s_more_mask;
   for (; s_more[h]; h = (h + 1) & s_more_mask)
      if (s_more[h]->g == g) {
         if (fresh) s_more[h]->n = 0;
         return s_more[h];
      }
   if (!fresh) return NULL;
   /* grow before the new entry is in: its granule is not marked yet, so
      a rebuild would take it for a stale one and free it */
   if ((s_more_used + 1) * 2 > s_more_mask + 1) {
      more_rehash();
      h = (UWord)CP_(mix64)(g) & s_more_mask;
      while (s_more[h]) h = (h + 1) & s_more_mask;
   }
   More* e = CP_MALLOC("cp.shadow.more.1", sizeof(More));
   e->g = g;
   e->n = 0;
   s_more[h] = e;
   s_more_used++;
   stats__more++;
   return e;
}

void CP_(shadow_more_push) ( More* e, ULong meta, UInt where )
{
   if (e->n == CP_MORE_CELLS) {
      for (UInt k = 1; k < CP_MORE_CELLS; k++) {
         e->meta[k - 1]  = e->meta[k];
         e->where[k - 1] = e->where[k];
      }
      e->n--;
   }
   e->meta[e->n]  = meta & ~CP_M_MORE;
   e->where[e->n] = where;
   e->n++;
}

/* Clear bytes clear of the cells (metas, wheres, n of them). */
static UInt clear_bytes ( ULong* meta, UInt* where, UInt n, ULong clear )
{
   UInt more = 0;
   for (UInt k = 0; k < n; k++) {
      if (meta[k] == 0) continue;
      more |= (meta[k] & CP_M_MORE) != 0;
      ULong m = meta[k] & CP_M_MASK & ~clear;
      meta[k] = m ? (meta[k] & ~CP_M_MASK) | m : 0;
      if (m == 0) where[k] = 0;
   }
   return more;
}

/* Clear bytes [lo, hi) of the granules [g, gend) of one chunk. */
static void clear_cells ( UChar* base, Addr g, Addr gend, Addr a, Addr end )
{
   for (; g < gend; g += CP_GRANULE) {
      Gran c = gran_at(base, g);
      /* bytes of this granule inside [a, end) */
      UInt lo = g < a ? (UInt)(a - g) : 0;
      UInt hi = g + CP_GRANULE > end ? (UInt)(end - g) : CP_GRANULE;
      ULong clear = ((1ULL << hi) - 1) & ~((1ULL << lo) - 1);
      if (!clear_bytes(c.meta, c.where, CP_CELLS, clear)) continue;
      /* overflow cells lose the bytes too; the mark stays on a cell
         that is left, if any */
      More* e = CP_(shadow_more)(g, False);
      if (e) {
         clear_bytes(e->meta, e->where, e->n, clear);
         for (UInt k = 0; k < CP_CELLS; k++)
            if (c.meta[k]) { c.meta[k] |= CP_M_MORE; break; }
      }
   }
}

void CP_(shadow_clear) ( Addr a, SizeT len )
{
   Addr end = a + len;
   if (len == 0 || end < a) return;
   /* whole granules only: a partial one keeps its cells (the bytes
      around it may belong to someone else) but loses the cleared bytes */
   while (a < end) {
      UWord  page  = a >> CP_CHUNK_BITS;
      Addr   cbeg  = page << CP_CHUNK_BITS;
      Addr   cend  = (page + 1) << CP_CHUNK_BITS;
      Addr   stop  = end < cend ? end : cend;
      UChar* base  = chunk_of(page, False);
      if (base) {
         Addr g0 = a & ~(Addr)(CP_GRANULE - 1);
         /* the shadow of whole granules inside [a, stop), as whole
            shadow pages: given back; the granules before and after
            those pages (including the ones that straddle a page edge)
            are cleared cell by cell */
         UWord gf = (((a + CP_GRANULE - 1) & ~(Addr)(CP_GRANULE - 1)) - cbeg) / CP_GRANULE;
         UWord gl = ((stop & ~(Addr)(CP_GRANULE - 1)) - cbeg) / CP_GRANULE;
         Addr  ps = ((Addr)base + gf * CP_GRANULE_SHADOW + SHADOW_PAGE - 1)
                    & ~(SHADOW_PAGE - 1);
         Addr  pe = ((Addr)base + gl * CP_GRANULE_SHADOW) & ~(SHADOW_PAGE - 1);
         if (gl > gf && pe > ps) {
            /* granules wholly inside [ps, pe) */
            UWord gs = (ps - (Addr)base + CP_GRANULE_SHADOW - 1) / CP_GRANULE_SHADOW;
            UWord ge = (pe - (Addr)base) / CP_GRANULE_SHADOW;
            release_shadow(ps, pe);
            clear_cells(base, g0, cbeg + gs * CP_GRANULE, a, stop);
            clear_cells(base, cbeg + ge * CP_GRANULE, stop, a, stop);
         } else {
            clear_cells(base, g0, stop, a, stop);
         }
      }
      a = stop;
   }
}

void CP_(shadow_print_stats) ( void )
{
   VG_(dmsg)("cprofgrind: shadow: %'llu granules with overflow cells\n",
             stats__more);
   VG_(dmsg)("cprofgrind: shadow: %'llu chunks (%'llu MB mapped), "
             "%'llu MB given back\n",
             stats__chunks, stats__chunks * CP_CHUNK_SHADOW >> 20,
             stats__released >> 20);
}

/*--------------------------------------------------------------------*/
/*--- end                                              cp_shadow.c ---*/
/*--------------------------------------------------------------------*/
