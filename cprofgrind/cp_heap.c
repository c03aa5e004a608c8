/*--------------------------------------------------------------------*/
/*--- cprofgrind: heap blocks and heap profiles.        cp_heap.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   The preload library wraps the C and C++ heap functions and reports
   each allocation and free (cp_intercepts.c); or, with
   --heap-allocator=valgrind, asks this module for the blocks, which come
   from Valgrind's client arena.  This module keeps:

   - the live blocks: an open-addressing table keyed by address, 16 bytes
     an entry (address, record index, kind), kept under 70% full: about
     23 bytes per live block, whatever the program;
   - one record per (allocation context, block size), as Go's memory
     profile keys its buckets by (stack, size): objects allocated, objects
     live now, objects live at the peak (48 bytes a record);
   - totals: allocations, frees and bytes allocated counted as memcheck
     counts them (a realloc is a free and an allocation, realloc(NULL, n)
     an allocation, realloc(p, 0) a free, free(NULL) nothing), and the
     bytes and blocks in use now and at the peak.

   The allocation context is the calling context the wrapper was called
   in (cp_context.c): full, not cut at some depth, and found without
   unwinding the stack.

   The peak, exactly.  A new maximum of bytes in use may be reached at
   every allocation; copying the live set each time would be quadratic.
   Instead every record carries the event number of its last change
   (stamp) and its count at the peak: when a record changes, if it had
   not changed since the peak, its current count is its count at the
   peak, and is saved first.  Reaching a new peak is then just noting
   the event number.  At the end, a record not changed since the peak
   has its current count as its peak count.

   Client bugs are reported, not crashed on: a free of a pointer that is
   not a live block (a double free included) is reported with its stack
   and not passed on to glibc, which would abort; a block freed by the
   wrong function (free of new[]) is reported and freed. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_options.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_replacemalloc.h"
#include "cp_heap.h"
#include "cp_clo.h"
#include "cp_context.h"
#include "cp_profctx.h"
#include "cp_pprof.h"
#include "cp_out.h"
#include "cp_clientreq.h"
#include "cp_objects.h"
#include "pub_tool_stacktrace.h"
#include "pub_tool_libcfile.h"
#include "cp_race.h"

/*------------------------------------------------------------*/
/*--- Records: (context, size)                             ---*/
/*------------------------------------------------------------*/

typedef struct {
   UInt  ctx;          /* allocation context (CtxNode id) */
   UInt  pad;
   ULong size;         /* block size */
   ULong allocs;       /* blocks allocated here (since the last zero) */
   ULong inuse;        /* blocks live now */
   ULong peak_inuse;   /* blocks live at the peak, if stamp > peak */
   ULong stamp;        /* event number of the last change */
} Rec;

static Rec*  s_recs      = NULL;   /* index 0 unused */
static UInt  s_n_recs    = 1;
static UInt  s_cap_recs  = 0;
static UInt* s_rec_index = NULL;   /* open addressing: rec numbers */
static UInt  s_rec_mask  = 0;

static inline UInt rec_hash ( UInt ctx, ULong size )
{
   return (UInt)CP_(mix64)(((ULong)ctx << 40) ^ size);
}

static void rec_index_grow ( void )
{
   UInt size = s_rec_index ? 2 * (s_rec_mask + 1) : 1 << 12;
   if (s_rec_index) CP_FREE(s_rec_index);
   s_rec_index = CP_CALLOC("cp.heap.rec_index_grow.1", size, sizeof(UInt));
   s_rec_mask  = size - 1;
   for (UInt r = 1; r < s_n_recs; r++) {
      UInt i = rec_hash(s_recs[r].ctx, s_recs[r].size) & s_rec_mask;
      while (s_rec_index[i]) i = (i + 1) & s_rec_mask;
      s_rec_index[i] = r;
   }
}

static UInt rec_get ( UInt ctx, ULong size )
{
   UInt i = rec_hash(ctx, size) & s_rec_mask;
   for (UInt r; (r = s_rec_index[i]) != 0; i = (i + 1) & s_rec_mask)
      if (s_recs[r].ctx == ctx && s_recs[r].size == size) return r;
   if (s_n_recs == s_cap_recs) {
      s_cap_recs = s_cap_recs ? 2 * s_cap_recs : 1 << 12;
      s_recs = CP_REALLOC("cp.heap.rec_get.1", s_recs, s_cap_recs * sizeof(Rec));
   }
   UInt r = s_n_recs++;
   s_recs[r] = (Rec){ ctx, 0, size, 0, 0, 0, 0 };
   s_rec_index[i] = r;
   if (2 * s_n_recs > s_rec_mask + 1) rec_index_grow();
   return r;
}

/*------------------------------------------------------------*/
/*--- Totals and the peak                                  ---*/
/*------------------------------------------------------------*/

static ULong s_seq          = 0;   /* heap events so far */
static ULong s_peak_seq     = 0;   /* event that reached the peak */
static ULong s_n_allocs     = 0;   /* as memcheck counts them */
static ULong s_n_frees      = 0;
static ULong s_bytes_alloc  = 0;
static ULong s_inuse_bytes  = 0;
static ULong s_inuse_blocks = 0;
static ULong s_peak_bytes   = 0;
static ULong s_peak_blocks  = 0;
static ULong s_n_errors     = 0;

ULong CP_(heap_inuse_bytes) ( void ) { return s_inuse_bytes; }

static void rec_change ( UInt r, Long d_inuse )
{
   Rec* rec = &s_recs[r];
   if (rec->stamp <= s_peak_seq) rec->peak_inuse = rec->inuse;
   rec->inuse += d_inuse;
   rec->stamp  = s_seq;
}

static ULong rec_at_peak ( const Rec* rec )
{
   return rec->stamp <= s_peak_seq ? rec->inuse : rec->peak_inuse;
}

/*------------------------------------------------------------*/
/*--- Live blocks                                          ---*/
/*------------------------------------------------------------*/

typedef struct {
   Addr  a;      /* 0: empty slot */
   UInt  rec;    /* its (context, size) record */
   UInt  kind;   /* CP_ALLOC_MALLOC, _NEW or _NEW_VEC */
} Block;

static Block* s_blocks     = NULL;
static UWord  s_block_mask = 0;

static inline UWord block_home ( Addr a )
{
   return (UWord)CP_(mix64)(a) & s_block_mask;
}

static Block* block_find ( Addr a )
{
   for (UWord i = block_home(a); s_blocks[i].a; i = (i + 1) & s_block_mask)
      if (s_blocks[i].a == a) return &s_blocks[i];
   return NULL;
}

static void block_insert_raw ( Block b )
{
   UWord i = block_home(b.a);
   while (s_blocks[i].a) i = (i + 1) & s_block_mask;
   s_blocks[i] = b;
}

static void blocks_grow ( void )
{
   UWord  old_size = s_blocks ? s_block_mask + 1 : 0;
   Block* old      = s_blocks;
   UWord  size     = old ? 2 * old_size : 1 << 14;
   s_blocks     = CP_CALLOC("cp.heap.blocks_grow.1", size, sizeof(Block));
   s_block_mask = size - 1;
   for (UWord i = 0; i < old_size; i++)
      if (old[i].a) block_insert_raw(old[i]);
   if (old) CP_FREE(old);
}

/* Remove by backward shift: later entries of the cluster move up, so
   lookups never need tombstones. */
static void block_remove ( Block* b )
{
   UWord i = b - s_blocks;
   UWord j = i;
   for (;;) {
      j = (j + 1) & s_block_mask;
      if (s_blocks[j].a == 0) break;
      UWord h = block_home(s_blocks[j].a);
      /* can the entry at j move to i?  yes if its home is not in (i, j] */
      Bool between = i <= j ? (h > i && h <= j) : (h > i || h <= j);
      if (!between) { s_blocks[i] = s_blocks[j]; i = j; }
   }
   s_blocks[i].a = 0;
}

/*------------------------------------------------------------*/
/*--- Events                                               ---*/
/*------------------------------------------------------------*/

static const HChar* kind_alloc_name ( UInt kind )
{
   return kind == CP_ALLOC_NEW ? "new" : kind == CP_ALLOC_NEW_VEC ? "new[]"
                                                                  : "malloc";
}

static const HChar* kind_free_name ( UInt kind )
{
   return kind == CP_ALLOC_NEW ? "delete" : kind == CP_ALLOC_NEW_VEC ? "delete[]"
                                                                     : "free";
}

static void report ( ThreadId tid, const HChar* what, Addr a )
{
   s_n_errors++;
   VG_(umsg)("%s 0x%lx\n", what, a);
   CP_(ctx_print_stack)(CP_(cct_current)(tid), 0);
   VG_(umsg)("\n");
}

/* A new block a of size bytes in context ctx (and, for the race
   detector, memory that starts clean). */
static void on_alloc ( ThreadId tid, const CtxNode* ctx, Addr a, SizeT size,
                       UInt kind )
{
   s_seq++;
   if (10 * (s_inuse_blocks + 1) > 7 * (s_block_mask + 1)) blocks_grow();
   /* one probe sequence finds the free slot, or the block already there */
   UWord i = block_home(a);
   while (s_blocks[i].a && s_blocks[i].a != a) i = (i + 1) & s_block_mask;
   if (s_blocks[i].a == a) {
      /* We missed its free (a free not through a wrapped function):
         forget the old block quietly; its slot is reused. */
      Rec* r = &s_recs[s_blocks[i].rec];
      s_inuse_bytes -= r->size;
      s_inuse_blocks--;
      rec_change(s_blocks[i].rec, -1);
   }
   UInt r = rec_get(ctx->id, size);
   s_recs[r].allocs++;
   rec_change(r, +1);
   s_blocks[i] = (Block){ a, r, kind };
   s_n_allocs++;
   s_bytes_alloc  += size;
   s_inuse_bytes  += size;
   s_inuse_blocks += 1;
   if (s_inuse_bytes > s_peak_bytes) {
      s_peak_bytes  = s_inuse_bytes;
      s_peak_blocks = s_inuse_blocks;
      s_peak_seq    = s_seq;
   }
   if (CP_(clo).race) CP_(race_on_alloc)(tid, a, size);
}

/* Whether the current heap call comes from the C library itself: glibc
   frees blocks it made without malloc (the tcache of a thread, freed by
   tcache_thread_shutdown): those are not ours to judge. */
static Bool called_from_libc ( ThreadId tid )
{
   const CtxNode* n = CP_(cct_current)(tid);
   if (n->site < CP_PSEUDO_LIMIT) return False;   /* pseudo: its own serial */
   const Obj* o = CP_(obj_of)(VG_(current_DiEpoch)(), CP_(node_callsite)(n));
   return o && VG_(strncmp)(VG_(basename)(o->filename), "libc.so", 7) == 0;
}

/* The free of the live block b at a (its kind checked against the
   function freeing it). */
static void free_block ( ThreadId tid, Block* b, Addr a, UInt kind,
                         const HChar* fn )
{
   if (b->kind != kind) {
      HChar what[128];
      VG_(snprintf)(what, sizeof what, "Mismatched %s() of a block allocated "
                    "by %s():", fn, kind_alloc_name(b->kind));
      report(tid, what, a);
   }
   s_seq++;
   Rec* r = &s_recs[b->rec];
   if (CP_(clo).race) CP_(race_on_free)(tid, a, r->size);
   s_inuse_bytes  -= r->size;
   s_inuse_blocks -= 1;
   rec_change(b->rec, -1);
   block_remove(b);
   s_n_frees++;
}

/* The live block a free (by function fn) names, or NULL.  A pointer
   that is no block is reported, unless the C library is freeing memory
   it got elsewhere (a thread's tcache): then *foreign is set and nothing
   is said -- not ours to judge. */
static Block* block_to_free ( ThreadId tid, Addr a, const HChar* fn,
                              Bool* foreign )
{
   Block* b = block_find(a);
   *foreign = b == NULL && called_from_libc(tid);
   if (b == NULL && !*foreign) {
      HChar what[96];
      VG_(snprintf)(what, sizeof what, "Invalid %s() of a pointer that is "
                    "not a heap block (double free?):", fn);
      report(tid, what, a);
   }
   return b;
}

/* Returns False if a is not a live block (reported): the wrapper then
   does not pass it on.  glibc's own memory is passed on. */
static Bool on_free ( ThreadId tid, Addr a, UInt kind, const HChar* fn )
{
   Bool foreign;
   Block* b = block_to_free(tid, a, fn, &foreign);
   if (b) free_block(tid, b, a, kind, fn);
   return b != NULL || foreign;
}

/* One free may reach us several times: operator delete(p, size) calls
   operator delete(p), which calls free(p); realloc(p, 0) calls free(p).
   Only the outermost counts.  When calls are followed the inner ones are
   known from their context (nested).  Otherwise, rather than unwinding
   the stack at every free:
     - realloc's inner free: the pointer a realloc is about to free is
       remembered per thread until the realloc ends;
     - delete's inner frees: the outer one has removed the block, so they
       find none; only then is the stack looked at (a few frames), and a
       caller in our preload library marks the free as inner. */
static Addr* s_realloc_pending = NULL;   /* by ThreadId */

static Bool inner_call ( ThreadId tid )
{
   Addr ips[8];
   UInt n = VG_(get_StackTrace)(tid, ips, 8, NULL, NULL, 0);
   DiEpoch ep = VG_(current_DiEpoch)();
   for (UInt i = 1; i < n; i++)
      if (CP_(obj_is_ours)(ep, ips[i] - 1)) return True;
   return False;
}

/* Whether a heap call in context n is internal: n says so, except below
   --max-depth, where calls are not followed one by one (cp_context.c)
   and it is read from the stack, as when calls are not followed at all
   (an unwound context is never below that depth). */
static Bool nested_in ( ThreadId tid, const CtxNode* n )
{
   return n->nested || (CP_(cct_below_max_depth)(n) && inner_call(tid));
}

static Bool handle_free ( ThreadId tid, Addr p, UInt kind )
{
   if (CP_(cct_tracking)()) {
      if (nested_in(tid, CP_(cct_current)(tid))) return True;
   } else {
      if (s_realloc_pending[tid] == p) return True;
      if (block_find(p) == NULL && inner_call(tid)) return True;
   }
   return on_free(tid, p, kind, kind_free_name(kind));
}

/*------------------------------------------------------------*/
/*--- The tool as the allocator (--heap-allocator=valgrind) ---*/
/*------------------------------------------------------------*/

/* Blocks come from Valgrind's client arena, as memcheck's and massif's
   do: malloc itself then costs one request instead of glibc's code run
   on the simulated CPU.  The arena's superblocks are client-heap
   segments, which the leak check already leaves out of the roots.  The
   preload library checks the arguments as glibc does (alignments are
   powers of two here) and sets errno; this side says 0 on failure. */
#define MIN_ALIGN 16             /* glibc's MALLOC_ALIGNMENT on x86-64 */
#define MAX_ALIGN (16UL << 20)   /* VG_(arena_memalign)'s limit */

static Addr tool_malloc ( ThreadId tid, SizeT n, SizeT align, UInt flags )
{
   /* sizes over 2^63 are "fishy" to memcheck too */
   if ((Long)n < 0 || align > MAX_ALIGN || (align & (align - 1))) return 0;
   if (align < MIN_ALIGN) align = MIN_ALIGN;
   void* p = VG_(cli_malloc)(align, n);
   if (p == NULL) return 0;
   if (flags & CP_ALLOC_ZERO) VG_(memset)(p, 0, n);
   on_alloc(tid, CP_(cct_current_site)(tid), (Addr)p, n, flags & CP_ALLOC_KIND);
   return (Addr)p;
}

static void tool_free ( ThreadId tid, Addr p, UInt kind, const HChar* fn )
{
   Bool foreign;   /* cannot be a block of the arena either: left alone */
   Block* b = block_to_free(tid, p, fn, &foreign);
   if (b == NULL) return;
   free_block(tid, b, p, kind, fn);
   VG_(cli_free)((void*)p);
}

/* As glibc: realloc(NULL, n) allocates, realloc(p, 0) frees and returns
   NULL, a failure leaves p as it was.  The block always moves (as with
   memcheck): a racing access to the old one is a use after free. */
static Addr tool_realloc ( ThreadId tid, Addr p, SizeT n )
{
   if (p == 0) return tool_malloc(tid, n, 0, CP_ALLOC_MALLOC);
   Block* b = block_find(p);
   if (b == NULL) {
      report(tid, "Invalid realloc() of a pointer that is not a heap block "
                  "(freed already?):", p);
      return 0;
   }
   void* q = NULL;
   if (n > 0) {
      SizeT old = s_recs[b->rec].size;
      if ((Long)n < 0 || (q = VG_(cli_malloc)(MIN_ALIGN, n)) == NULL)
         return 0;
      VG_(memcpy)(q, (void*)p, old < n ? old : n);
   }
   /* b is still valid: nothing above touched the block table */
   free_block(tid, b, p, CP_ALLOC_MALLOC, "realloc");
   VG_(cli_free)((void*)p);
   if (q == NULL) return 0;
   on_alloc(tid, CP_(cct_current_site)(tid), (Addr)q, n, CP_ALLOC_MALLOC);
   return (Addr)q;
}

static Bool tool_request ( ThreadId tid, UWord* args, UWord* ret )
{
   switch (args[0]) {
      case CP_REQ__MALLOC:
         *ret = tool_malloc(tid, args[1], args[2], (UInt)args[3]);
         return True;
      case CP_REQ__FREE:
         tool_free(tid, args[1], (UInt)args[2],
                   kind_free_name((UInt)args[2]));
         *ret = 0;
         return True;
      case CP_REQ__TOOL_REALLOC:
         *ret = tool_realloc(tid, args[1], args[2]);
         return True;
      case CP_REQ__USABLE_SIZE: {
         /* the size asked for, as memcheck says: writing up to the
            usable size must not look like an overflow */
         const Block* b = args[1] ? block_find(args[1]) : NULL;
         *ret = b ? s_recs[b->rec].size : 0;
         return True;
      }
      default:
         return False;   /* wrapping-mode requests: never sent */
   }
}

/*------------------------------------------------------------*/
/*--- Requests                                             ---*/
/*------------------------------------------------------------*/

Bool CP_(heap_handle_request) ( ThreadId tid, UWord* args, UWord* ret )
{
   if (args[0] < CP_REQ__ALLOC || args[0] > CP_REQ__USABLE_SIZE)
      return False;
   if (args[0] == CP_REQ__HEAP_MODE) {
      *ret = CP_(clo).heap_tool;
      return True;
   }
   if (CP_(clo).heap_tool && tool_request(tid, args, ret))
      return True;
   *ret = 1;   /* frees and reallocs go ahead unless told otherwise */
   if (!CP_(clo).heap && !CP_(clo).race)
      return True;
   switch (args[0]) {
      case CP_REQ__FREE:
         *ret = handle_free(tid, args[1], (UInt)args[2]);
         return True;
      case CP_REQ__REALLOC_PRE:
         if (block_find(args[1]) == NULL) {
            report(tid, "Invalid realloc() of a pointer that is not a heap "
                        "block (freed already?):", args[1]);
            *ret = 0;
         } else if (!CP_(cct_tracking)()) {
            s_realloc_pending[tid] = args[1];   /* realloc(p, 0) frees p inside */
         }
         return True;
      default:
         break;
   }
   /* An allocation: its context (one unwind when calls are not followed).
      A heap function called by the original of a wrapped one (realloc's
      own malloc, operator new's malloc) is internal: the outer call is
      what counts. */
   CtxNode* ctx = CP_(cct_current_site)(tid);
   if (args[0] == CP_REQ__REALLOC) s_realloc_pending[tid] = 0;
   if (nested_in(tid, ctx))
      return True;
   if (args[0] == CP_REQ__ALLOC) {
      on_alloc(tid, ctx, args[1], args[2], (UInt)args[3]);
   } else {
      /* as memcheck counts: realloc(p, n) is a free and an allocation;
         realloc(p, 0) a free; realloc(NULL, n) an allocation */
      Addr old = args[1], new = args[2];
      if (old) (void)on_free(tid, old, CP_ALLOC_MALLOC, "realloc");
      if (new) on_alloc(tid, ctx, new, args[3], CP_ALLOC_MALLOC);
   }
   return True;
}

Bool CP_(heap_block_of) ( Addr a, Addr* start, SizeT* size, UInt* ctx )
{
   /* a report's question, rare: a scan rather than an ordered index */
   for (UWord i = 0; s_blocks && i <= s_block_mask; i++) {
      const Block* b = &s_blocks[i];
      if (b->a == 0 || a < b->a) continue;
      const Rec* r = &s_recs[b->rec];
      if (a - b->a < (r->size ? r->size : 1)) {
         *start = b->a;
         *size  = r->size;
         *ctx   = r->ctx;
         return True;
      }
   }
   return False;
}

void CP_(heap_zero) ( void )
{
   for (UInt r = 1; r < s_n_recs; r++) s_recs[r].allocs = 0;
}

/*------------------------------------------------------------*/
/*--- Profiles                                             ---*/
/*------------------------------------------------------------*/

/* The heap profile, as Go writes it (golang/go runtime/pprof
   protomem.go): four values per (stack, block size) and the size as
   numeric label "bytes".  Ours are exact (Go's are sampled, every 512 KB)
   and "in use" is now (Go's: at the last GC). */
static Bool write_heap ( const HChar* path, Bool peak )
{
   Prof* p = CP_(prof_open)(path);
   if (p == NULL) return False;
   if (peak) {
      CP_(prof_sample_type)(p, "inuse_objects", "count");
      CP_(prof_sample_type)(p, "inuse_space", "bytes");
   } else {
      CP_(prof_sample_type)(p, "alloc_objects", "count");
      CP_(prof_sample_type)(p, "alloc_space", "bytes");
      CP_(prof_sample_type)(p, "inuse_objects", "count");
      CP_(prof_sample_type)(p, "inuse_space", "bytes");
   }
   CP_(prof_default_type)(p, "inuse_space");
   CP_(prof_period)(p, "space", "bytes", 1);
   HChar buf[256];
   if (peak)
      VG_(snprintf)(buf, sizeof buf, "cprofgrind: the blocks in use at the "
                    "peak: %'llu bytes in %'llu blocks, after %'llu heap "
                    "events", s_peak_bytes, s_peak_blocks, s_peak_seq);
   else
      VG_(snprintf)(buf, sizeof buf, "cprofgrind: every heap block, exact "
                    "(no sampling); in use now: %'llu bytes in %'llu blocks",
                    s_inuse_bytes, s_inuse_blocks);
   CP_(prof_comment)(p, buf);

   static ULong locs[100002];
   for (UInt r = 1; r < s_n_recs; r++) {
      const Rec* rec = &s_recs[r];
      Long v[4];
      if (peak) {
         ULong at = rec_at_peak(rec);
         if (at == 0) continue;
         v[0] = at;
         v[1] = at * rec->size;
      } else {
         if (rec->allocs == 0 && rec->inuse == 0) continue;
         v[0] = rec->allocs;
         v[1] = rec->allocs * rec->size;
         v[2] = rec->inuse;
         v[3] = rec->inuse * rec->size;
      }
      const CtxNode* node = CP_(cct_node)(rec->ctx);
      UInt n = CP_(ctx_locs)(p, node, locs, 100000);
      ProfLabel lab[5] = { { "bytes", NULL, (Long)rec->size, "bytes" } };
      UInt nl = 1 + CP_(ctx_labels)(node, lab + 1, 4);
      CP_(prof_sample)(p, locs, n, v, lab, nl);
   }
   return CP_(prof_close)(p);
}

void CP_(heap_write_profiles) ( UInt dump_no, const HChar* dump_name,
                                Bool at_exit )
{
   for (Int peak = 0; peak <= (CP_(clo).heap_peak ? 1 : 0); peak++) {
      HChar* path = CP_(out_name)(peak ? "heap-peak.pb.gz" : "heap.pb.gz",
                                  dump_no, dump_name);
      Bool ok = write_heap(path, peak);
      if (ok && VG_(clo_verbosity) > (at_exit ? 0 : 1))
         VG_(umsg)("cprofgrind: heap profile%s: %s\n",
                   peak ? " at the peak" : "", CP_(out_shown)(path));
      CP_FREE(path);
   }
}

/*------------------------------------------------------------*/
/*--- For the leak check                                   ---*/
/*------------------------------------------------------------*/

static Int cmp_live ( const void* a, const void* b )
{
   Addr x = ((const LiveBlock*)a)->a, y = ((const LiveBlock*)b)->a;
   return x < y ? -1 : x > y ? 1 : 0;
}

LiveBlock* CP_(heap_live_blocks) ( UInt* n )
{
   LiveBlock* v = CP_MALLOC("cp.heap.live_blocks.1",
                            (s_inuse_blocks + 1) * sizeof(LiveBlock));
   UInt k = 0;
   for (UWord i = 0; s_blocks && i <= s_block_mask; i++)
      if (s_blocks[i].a) {
         const Rec* r = &s_recs[s_blocks[i].rec];
         v[k++] = (LiveBlock){ s_blocks[i].a, r->size, r->ctx };
      }
   VG_(ssort)(v, k, sizeof(LiveBlock), cmp_live);
   *n = k;
   return v;
}

/*------------------------------------------------------------*/
/*--- Setup and end                                        ---*/
/*------------------------------------------------------------*/

void CP_(heap_init) ( void )
{
   s_cap_recs = 1 << 12;
   s_recs = CP_MALLOC("cp.heap.init.1", s_cap_recs * sizeof(Rec));
   s_realloc_pending = CP_CALLOC("cp.heap.init.2", VG_N_THREADS, sizeof(Addr));
   rec_index_grow();
   blocks_grow();
}

static void heap_print_stats ( void )
{
   UWord table = (s_block_mask + 1) * sizeof(Block);
   VG_(dmsg)("cprofgrind: heap: block table %'lu bytes for up to %'lu live "
             "blocks (%'lu bytes a block at 70%% load); %'u (context, size) "
             "records, %'lu bytes\n", table, (s_block_mask + 1) * 7 / 10,
             table / ((s_block_mask + 1) * 7 / 10), s_n_recs - 1,
             (UWord)s_cap_recs * sizeof(Rec) + (s_rec_mask + 1) * sizeof(UInt));
}

void CP_(heap_fini) ( void )
{
   if (VG_(clo_stats)) heap_print_stats();
   if (VG_(clo_verbosity) == 0) return;
   VG_(umsg)("HEAP SUMMARY:\n");
   VG_(umsg)("    in use at exit: %'llu bytes in %'llu blocks\n",
             s_inuse_bytes, s_inuse_blocks);
   VG_(umsg)("  total heap usage: %'llu allocs, %'llu frees, %'llu bytes "
             "allocated\n", s_n_allocs, s_n_frees, s_bytes_alloc);
   VG_(umsg)("  peak: %'llu bytes in %'llu blocks\n", s_peak_bytes,
             s_peak_blocks);
   if (s_n_errors)
      VG_(umsg)("  heap errors: %'llu (reported above)\n", s_n_errors);
   VG_(umsg)("\n");
}

/*--------------------------------------------------------------------*/
/*--- end                                                cp_heap.c ---*/
/*--------------------------------------------------------------------*/
