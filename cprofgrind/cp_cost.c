/*--------------------------------------------------------------------*/
/*--- cprofgrind: instruction counters per context.    cp_cost.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   Exact instruction counts per (calling context, instruction), with
   inline IR on the hot path and a helper call only when a context runs a
   superblock for the first time.

   What is counted.  Chasing is off (cp_main.c), so a superblock is one
   basic block, entered only at its first instruction.  Per (context,
   superblock) one counter holds the number of entries: every instruction
   of the block ran that many times, except after a side exit held by an
   instruction before the last one ("mid-block exit", rare: some string
   and system instructions), which has its own counter of times taken.
   Exits held by the last instruction change nothing: that instruction
   has run when its exit is taken, as cachegrind counts it.

   Where.  Each context (CtxNode) owns an open-addressing table of 8-byte
   cells.  A cell is one 64-bit word: the count in the low 32 bits, and
   in the high 32 bits twice the tag (the tag is the superblock id, 23
   bits, with a mid-block exit number above it).  A context runs few
   distinct superblocks, so its table is small and stable.  Generated
   code loads the current node (CP_(cur_node)), loads the cell in the
   superblock's home slot, compares its tag and adds one to it in place;
   when the tag differs it calls cost_miss, which finds or inserts the
   cell by probing, moves it to its home slot, adds one there, and grows
   the table when lookups miss too often.  When a count wraps, the add carries into the
   low bit of the stored tag: the next lookup then fails to match, and
   cost_miss moves the carry (2^32) to a side table and clears the bit.
   So a count never needs a check of its own.

   Memory: per context 16 bytes in the node plus 8 bytes per cell (a
   table of 2^k slots grows when it is full, so about 12 bytes a cell on
   cc1); per basic block 28 bytes + 2 per instruction
   (cp_sbinfo.c).  Tables come from size-class
   free lists carved out of large chunks, to avoid the allocator's
   per-block overhead on millions of small tables.  The tables of
   contexts that have stopped running are packed into a log at about 4
   bytes a cell (see "Cold tables" below), and all of them at exit,
   before the profile is read. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_hashtable.h"
#include "pub_tool_machine.h"
#include "cp_cost.h"
#include "cp_mem.h"
#include "cp_clo.h"
#include "cp_pb.h"

/* A cell's tag: the block id, and above it a mid-block exit number + 1 */
#define TAG_BITS      CP_SB_ID_BITS

/* A cell: count in the low half, 2 * tag (+1 while a carry is pending)
   in the high half. */
#define STAG(tag)        ((ULong)(tag) << 33)
#define CELL_TAG(c)      ((UInt)((c) >> 33))
#define CELL_CARRY(c)    (((c) >> 32) & 1)
#define CELL_COUNT(c)    ((UInt)(c))

/* stats */
static ULong stats__misses  = 0;
static ULong stats__inserts = 0;
static ULong stats__grows   = 0;
static ULong stats__spills  = 0;
static ULong stats__mid     = 0;
static ULong stats__swaps   = 0;
/* (context, instruction) pairs that have a cell: the CPU profile's
   samples if it is written per instruction. */
static ULong s_instr_pairs  = 0;

ULong CP_(cost_instr_pairs) ( void ) { return s_instr_pairs; }

/*------------------------------------------------------------*/
/*--- Table memory: size classes over big chunks           ---*/
/*------------------------------------------------------------*/

#define CHUNK_BYTES  (8 << 20)
#define MAX_TAB_CHUNKS 4096   /* 32 GB */
/* The biggest class carved from chunks must fit in one; bigger tables
   come from VG_(malloc). */
#define TAB_BYTES(cells) ((SizeT)(cells) * sizeof(ULong))
#define MAX_CLASS    19
STATIC_ASSERT(TAB_BYTES(1u << MAX_CLASS) <= CHUNK_BYTES);

static void* s_free[MAX_CLASS + 1];   /* free lists, by log2(cells) */
static UChar* s_chunk_cur = NULL;
static SizeT  s_chunk_left = 0;
static UChar** s_tab_chunks = NULL;
static UInt   s_n_tab_chunks = 0;
static ULong  stats__table_bytes = 0;
static UInt   stats__peak_chunks = 0;

/* The first chunk is in ordinary pages, so that a small program does
   not pay for huge pages it half uses; later ones are in huge pages. */
static UChar* s_plain_chunk = NULL;
static Bool   s_plain_made  = False;

static UChar* chunk_alloc ( void )
{
   if (s_plain_made) return CP_(big_alloc)("cp.cost.chunk_alloc.1", CHUNK_BYTES);
   s_plain_made = True;
   return s_plain_chunk = CP_(plain_alloc)("cp.cost.chunk_alloc.2", CHUNK_BYTES);
}

static void chunk_free ( UChar* c )
{
   if (c == s_plain_chunk) { CP_(plain_free)(c, CHUNK_BYTES); s_plain_chunk = NULL; }
   else                    CP_(big_free)(c, CHUNK_BYTES);
}

static UInt log2_of ( UInt cells )
{
   UInt k = 0;
   while ((1u << k) < cells) k++;
   return k;
}

static ULong* tab_alloc ( UInt cells )
{
   UInt   k     = log2_of(cells);
   SizeT  bytes = TAB_BYTES(cells);
   ULong* t;
   stats__table_bytes += bytes;
   if (k > MAX_CLASS) {
      t = CP_MALLOC("cp.cost.tab_alloc.1", bytes);
   } else if (s_free[k]) {
      t = s_free[k];
      s_free[k] = *(void**)t;
   } else {
      if (s_chunk_left < bytes) {
         if (s_n_tab_chunks == MAX_TAB_CHUNKS)
            VG_(tool_panic)("cprofgrind: more than 32 GB of counter tables");
         s_tab_chunks = CP_REALLOC("cp.cost.tab_alloc.2", s_tab_chunks,
                                   (s_n_tab_chunks + 1) * sizeof(UChar*));
         s_chunk_cur = chunk_alloc();
         s_tab_chunks[s_n_tab_chunks++] = s_chunk_cur;
         if (s_n_tab_chunks > stats__peak_chunks) stats__peak_chunks = s_n_tab_chunks;
         s_chunk_left = CHUNK_BYTES;
      }
      t = (ULong*)s_chunk_cur;
      s_chunk_cur  += bytes;
      s_chunk_left -= bytes;
   }
   VG_(memset)(t, 0, bytes);
   return t;
}

static void tab_free ( ULong* t, UInt cells )
{
   UInt k = log2_of(cells);
   stats__table_bytes -= TAB_BYTES(cells);
   if (k > MAX_CLASS) { CP_FREE(t); return; }
   *(void**)t = s_free[k];
   s_free[k] = t;
}

/*------------------------------------------------------------*/
/*--- Context tables                                       ---*/
/*------------------------------------------------------------*/

/* A node that has counted nothing points at this one-cell table, whose
   tag 0 never matches: its first lookup takes the slow path, which gives
   it a table of its own. */
static ULong s_empty_tab[1] = { 0 };

void CP_(cost_node_init) ( CtxNode* n )
{
   n->cost_tab    = s_empty_tab;
   n->cost_mask   = 0;
   n->cost_blob = 0;
   n->cost_misses = 0;
   n->cost_hot    = False;
}

static inline UInt home ( UInt hash, UInt mask ) { return hash & mask; }

/* A tag's spread, whose low bits are its home slot; generated code has
   a block's (its entry tag's) as a constant.  Computed from the id, not
   read from the block's SBInfo, so that the slow path, packing and
   unpacking do not miss cache on it for every cell. */
static UInt tag_hash ( UInt tag )
{
   UInt id = tag & CP_SB_MAX_ID;   /* mid-block exit cells hash near their block */
   return (UInt)(CP_(mix64)(id) >> 32) + (tag >> TAG_BITS) * 0x9E3779B1u;
}

/* Cell of tag in n's table, or the empty cell where it belongs, or NULL
   if it is absent from a full table. */
static inline __attribute__((always_inline))
ULong* probe_from ( const CtxNode* n, UInt tag, UInt i )   /* i: its home */
{
   UInt   mask = n->cost_mask;
   ULong* t    = n->cost_tab;
   for (UInt k = 0; k <= mask; k++, i = (i + 1) & mask)
      if (t[i] == 0 || CELL_TAG(t[i]) == tag) return &t[i];
   return NULL;
}

static ULong* probe ( const CtxNode* n, UInt tag )
{
   return probe_from(n, tag, home(tag_hash(tag), n->cost_mask));
}

/* The same as probe, but a cell found away from its home slot trades
   places with the cell there, so that the cells in use now are where
   generated code looks.  Linear probing allows it: every slot from home
   to the found one is taken, so the cell moved out is still reached
   from its own home.  A cell whose own home it is stays: two cells of
   one home that ran in turn would otherwise trade places, and both
   miss, on every run (on cc1: 280 M moves; 236 M helper calls instead
   of 307 M, 2 s less) -- unless the one found has run a quarter more
   often (and 16 times more): the hotter block then takes the home
   (cc1: 240 M slow lookups instead of 275 M).  The other one misses
   until the misses make the table grow. */
static ULong* probe_to_home ( const CtxNode* n, UInt tag )
{
   UInt   mask = n->cost_mask;
   ULong* t    = n->cost_tab;
   UInt   hi   = home(tag_hash(tag), mask);
   ULong* h    = &t[hi];
   ULong* c    = probe_from(n, tag, hi);
   if (c == NULL || *c == 0 || c == h) return c;
   /* the cell at home belongs there: leave it (two cells of one home
      would otherwise trade places, and miss, on every run), unless this
      one has clearly run more often */
   ULong owner = CELL_COUNT(*h);
   if (&t[home(tag_hash(CELL_TAG(*h)), mask)] == h
       && CELL_COUNT(*c) <= owner + owner / 4 + 16) return c;
   ULong x = *c;
   *c = *h;
   *h = x;
   stats__swaps++;
   return h;
}

static void grow ( CtxNode* n, UInt cells )
{
   ULong* old      = n->cost_tab;
   UInt   old_size = old == s_empty_tab ? 0 : n->cost_mask + 1;
   n->cost_tab     = tab_alloc(cells);
   n->cost_mask    = cells - 1;
   n->cost_misses  = 0;
   for (UInt i = 0; i < old_size; i++)
      if (old[i]) *probe(n, CELL_TAG(old[i])) = old[i];
   if (old_size) tab_free(old, old_size);
   stats__grows++;
}

static void carry ( const CtxNode* n, ULong* c );
static void expand ( CtxNode* n );

/* The cell of (n, tag), created if needed, without a pending carry. */
static void compact_pass ( void );
static ULong s_pass_at;   /* table bytes that start the next compaction */

static ULong* cell_of ( CtxNode* n, UInt tag )
{
   /* before n is used: the pass may pack n's table too */
   if (UNLIKELY(stats__table_bytes >= s_pass_at)) compact_pass();
   n->cost_hot = True;
   if (n->cost_tab == s_empty_tab) {
      if (n->cost_blob) expand(n); else grow(n, 1);
   }
   /* mid-block exit cells are counted by a helper: they need no home */
   ULong* c = tag >> TAG_BITS ? probe(n, tag) : probe_to_home(n, tag);
   if (c == NULL || *c == 0) {
      /* Grow only when full (a probe then ends after a lap): collisions
         at high load cost the hot path nothing that the misses rule below
         does not bound, and a load of 0.7 left cc1's tables 46% full on
         average (448 MB of chunks; 344 when they grew one slot before
         full, 312 now, for 1-2% more time: a context that runs one block
         has a table of one slot, one that runs two of two). */
      if (c == NULL) {
         grow(n, 2 * (n->cost_mask + 1));
         c = probe(n, tag);
      }
      *c = STAG(tag);
      stats__inserts++;
      if (tag >> TAG_BITS == 0) s_instr_pairs += CP_(sb_instrs)(tag);
   } else if (CELL_CARRY(*c)) {
      carry(n, c);
   } else if (++n->cost_misses > 32 * (n->cost_mask + 1)) {
      /* Cells that share a home slot and run in turn each miss (and
         trade places) on every run: after enough misses, spread the
         table out. */
      grow(n, 2 * (n->cost_mask + 1));
      c = probe(n, tag);
   }
   return c;
}

/* Generated code: the home slot of sb in n's table does not hold its
   tag (or its count has just wrapped): count the entry here. */
static VG_REGPARM(1) void cost_miss ( SBInfo* sb )
{
   stats__misses++;
   (*cell_of(CP_(cur_node), sb->id))++;   /* a wrap leaves a pending carry */
}

/*--- 2^32 carries ---*/

typedef struct SpillNode {
   struct SpillNode* next;   /* VgHashTable chain: first */
   UWord             key;    /* (node id << 32) | tag: second */
   ULong             high;   /* multiples of 2^32 */
} SpillNode;

static VgHashTable* s_spill = NULL;

static ULong spill_of ( UInt node_id, UInt tag )   /* carried, so far */
{
   if (VG_(HT_count_nodes)(s_spill) == 0) return 0;
   SpillNode* s = VG_(HT_lookup)(s_spill, ((UWord)node_id << 32) | tag);
   return s ? s->high : 0;
}

/* Move a pending carry of c to the side table. */
static void carry ( const CtxNode* n, ULong* c )
{
   stats__spills++;
   UWord key = ((UWord)n->id << 32) | CELL_TAG(*c);
   SpillNode* s = VG_(HT_lookup)(s_spill, key);
   if (!s) {
      s = CP_MALLOC("cp.cost.spill.1", sizeof(SpillNode));
      s->key = key;
      s->high = 0;
      VG_(HT_add_node)(s_spill, s);
   }
   s->high += 1ULL << 32;
   *c &= ~(1ULL << 32);
}

/* Generated code: mid-block exit k of sb was taken. */
static VG_REGPARM(2) void cost_mid_exit ( SBInfo* sb, UWord k )
{
   stats__mid++;
   ULong* c = cell_of(CP_(cur_node), sb->id | ((UInt)(k + 1) << TAG_BITS));
   (*c)++;   /* a wrap leaves a pending carry, as in generated code */
}

/*------------------------------------------------------------*/
/*--- Cold tables: compact copies in a log                 ---*/
/*------------------------------------------------------------*/

/* Many contexts of a big program run for a while and then seldom or
   never again (cc1: 2.9 million contexts, 27 million cells).  Their tables are kept
   at up to full load for the hot path, about 12 bytes a cell.  With
   --compact-mb=N, each time the tables have grown by N MB (or by a
   quarter) since the last pass, every table that has taken no slow-path
   lookup, not been entered by a call-site cache miss and not been on a
   thread's stack since that pass is written to the log as its cells sorted by tag, each a varint tag
   delta and a varint count (about 4 bytes a cell), and given back.  The
   node then points at the empty table again, so the next superblock it
   runs misses, and cell_of expands the copy into a fresh table first.
   By default this is done only at exit: while running it costs cc1
   7-11% for about 95 MB less (0.4 s in the passes; the rest probably
   because new tables then fill the holes packed ones left, scattered,
   instead of lying side by side in the order the contexts run).  Nothing is lost
   either way: a hot table taken by mistake (one whose every lookup hit
   inline) only costs one expansion.

   The log is chunks of LOG_CHUNK bytes; a copy never straddles two.
   Each copy starts with its node's id and its length, so that the log
   can be walked: when more than half of it is dead (copies expanded
   again, or rewritten), the live copies slide down over the dead ones,
   in place, and the freed chunks go back. */

#define LOG_CHUNK_BITS   22
#define LOG_CHUNK        (1u << LOG_CHUNK_BITS)        /* 4 MB */
#define LOG_MAX_CHUNKS   1024                          /* offsets fit a UInt */
#define COMPACT_MAX      4096            /* slots: bigger tables stay */
#define COMPACT_ALL_MAX  (1u << (MAX_CLASS - 1))   /* slots, at exit: bigger stay */
#define MAX_COPY_CELLS   COMPACT_ALL_MAX   /* a table keeps one slot empty */
#define COPY_MAX         (16 + MAX_COPY_CELLS * 10)        /* bytes of a copy */
STATIC_ASSERT(COPY_MAX <= LOG_CHUNK);

typedef struct { UChar* base; UInt fill; } LogChunk;

static LogChunk s_log[LOG_MAX_CHUNKS];
static UInt     s_log_n    = 0;      /* chunks in use; the last one fills */
static ULong    s_log_live = 0;      /* bytes of live copies */
static ULong    s_log_dead = 0;
static ULong    s_pass_at  = ~0ULL;   /* set by cost_init */
/* One table's cells while a copy is made or read: tag, whether the cell
   sat in its home slot, count.  Sorting them sorts by tag. */
#define SC(tag, home, count) (((ULong)(tag) << 33) | ((ULong)(home) << 32) | (count))
#define SC_TAG(x)   ((UInt)((x) >> 33))
#define SC_HOME(x)  ((UInt)((x) >> 32) & 1)
#define SC_COUNT(x) ((UInt)(x))
static ULong    s_cells[MAX_COPY_CELLS];
static UInt     s_cells_log2;        /* log2 of the table they came from */
static UChar    s_copy[COPY_MAX];
static ULong    stats__passes = 0, stats__compacted = 0, stats__expanded = 0;
static ULong    stats__slides = 0;
static UInt     stats__pass_ms = 0;
static UInt     stats__exit_ms = 0;

/* The log is ours: its varints need no bounds (cp_dwarf.c's do). */
static ULong get_uv ( const UChar** pp )
{
   const UChar* p = *pp;
   ULong v = 0;
   UInt  sh = 0;
   while (*p & 0x80) { v |= (ULong)(*p++ & 0x7F) << sh; sh += 7; }
   v |= (ULong)*p++ << sh;
   *pp = p;
   return v;
}

static inline UChar* log_at ( UInt off )
{
   return s_log[off >> LOG_CHUNK_BITS].base + (off & (LOG_CHUNK - 1));
}

/* A copy: the node's id (4 bytes) and a varint length of the rest; the
   rest is a varint number of cells, a byte log2 of the table's size,
   then per cell a varint tag delta and a varint 2 * count + home. */
static UInt copy_bytes ( const UChar* c )
{
   const UChar* p = c + 4;
   ULong len = get_uv(&p);
   return (UInt)(p - c) + (UInt)len;
}

/* Cells of n's copy into s_cells, sorted by tag; their number. */
static UInt copy_read ( const CtxNode* n )
{
   const UChar* p = log_at(n->cost_blob - 1) + 4;
   (void)get_uv(&p);
   UInt k = (UInt)get_uv(&p), tag = 0;
   s_cells_log2 = *p++;
   for (UInt i = 0; i < k; i++) {
      tag += (UInt)get_uv(&p);
      ULong v = get_uv(&p);
      s_cells[i] = SC(tag, v & 1, (UInt)(v >> 1));
   }
   return k;
}

static void copy_drop ( CtxNode* n )
{
   UInt bytes = copy_bytes(log_at(n->cost_blob - 1));
   s_log_live -= bytes;
   s_log_dead += bytes;
   n->cost_blob = 0;
}

/* Append the copy of s_cells[0 .. k) (sorted) and s_cells_log2 for n;
   False if the log is full. */
static Bool copy_write ( CtxNode* n, UInt k )
{
   UChar* body = s_copy;
   UChar* b = CP_(put_uleb)(body, k);
   *b++ = (UChar)s_cells_log2;
   UInt tag = 0;
   for (UInt i = 0; i < k; i++) {
      b = CP_(put_uleb)(b, SC_TAG(s_cells[i]) - tag);
      b = CP_(put_uleb)(b, 2 * (ULong)SC_COUNT(s_cells[i]) + SC_HOME(s_cells[i]));
      tag = SC_TAG(s_cells[i]);
   }
   UChar head[16];
   UChar* h = head;
   VG_(memcpy)(h, &n->id, 4);
   h = CP_(put_uleb)(h + 4, (ULong)(b - body));
   UInt bytes = (UInt)(h - head) + (UInt)(b - body);
   if (s_log_n == 0 || s_log[s_log_n - 1].fill + bytes > LOG_CHUNK) {
      if (s_log_n == LOG_MAX_CHUNKS) return False;
      s_log[s_log_n].base = CP_MALLOC("cp.cost.copy_write.1", LOG_CHUNK);
      s_log[s_log_n].fill = 0;
      s_log_n++;
   }
   LogChunk* ch = &s_log[s_log_n - 1];
   UInt off = ((s_log_n - 1) << LOG_CHUNK_BITS) | ch->fill;
   VG_(memcpy)(ch->base + ch->fill, head, h - head);
   VG_(memcpy)(ch->base + ch->fill + (h - head), body, b - body);
   ch->fill += bytes;
   s_log_live += bytes;
   n->cost_blob = off + 1;
   return True;
}

static Int cmp_cells ( const void* a, const void* b )
{
   ULong x = *(const ULong*)a, y = *(const ULong*)b;
   return x < y ? -1 : x > y;
}

static void sort_cells ( UInt k )
{
   if (k > 32) { VG_(ssort)(s_cells, k, sizeof(ULong), cmp_cells); return; }
   for (UInt i = 1; i < k; i++) {   /* most tables hold a few cells */
      ULong c = s_cells[i];
      UInt  j = i;
      for (; j > 0 && s_cells[j - 1] > c; j--) s_cells[j] = s_cells[j - 1];
      s_cells[j] = c;
   }
}

/* n's table into the log; False (n unchanged) if the log is full. */
static Bool compact ( CtxNode* n )
{
   UInt k = 0;
   for (UInt s = 0; s <= n->cost_mask; s++) {
      ULong* c = &n->cost_tab[s];
      if (*c == 0) continue;
      if (CELL_CARRY(*c)) carry(n, c);
      UInt tag = CELL_TAG(*c);
      s_cells[k++] = SC(tag, home(tag_hash(tag), n->cost_mask) == s, CELL_COUNT(*c));
   }
   sort_cells(k);
   s_cells_log2 = log2_of(n->cost_mask + 1);
   ULong* t = n->cost_tab;
   UInt cells = n->cost_mask + 1;
   if (!copy_write(n, k)) return False;
   tab_free(t, cells);
   n->cost_tab    = s_empty_tab;
   n->cost_mask   = 0;
   n->cost_misses = 0;
   stats__compacted++;
   return True;
}

/* The table of a compacted node, back from its copy: of the same size,
   and the cells that were in their home slots, where generated code
   finds them, put back there first. */
static void expand ( CtxNode* n )
{
   UInt k = copy_read(n);
   copy_drop(n);
   grow(n, 1u << s_cells_log2);
   for (UInt pass = 0; pass < 2; pass++)
      for (UInt i = 0; i < k; i++) {
         if (SC_HOME(s_cells[i]) == pass) continue;
         UInt tag = SC_TAG(s_cells[i]);
         *probe(n, tag) = STAG(tag) | SC_COUNT(s_cells[i]);
      }
   stats__expanded++;
}

/* Slide the live copies down over the dead ones. */
static void log_slide ( void )
{
   UInt w = 0, wfill = 0;
   for (UInt r = 0; r < s_log_n; r++) {
      UInt fill = s_log[r].fill;   /* read before w == r overwrites it */
      for (UInt pos = 0; pos < fill; ) {
         UChar* c = s_log[r].base + pos;
         UInt bytes = copy_bytes(c), id;
         VG_(memcpy)(&id, c, 4);
         CtxNode* n = CP_(cct_node)(id);
         UInt off = (r << LOG_CHUNK_BITS) | pos;
         if (n->cost_tab == s_empty_tab && n->cost_blob == off + 1) {
            if (wfill + bytes > LOG_CHUNK) { s_log[w].fill = wfill; w++; wfill = 0; }
            VG_(memmove)(s_log[w].base + wfill, c, bytes);
            n->cost_blob = ((w << LOG_CHUNK_BITS) | wfill) + 1;
            wfill += bytes;
         }
         pos += bytes;
      }
   }
   s_log[w].fill = wfill;
   for (UInt i = w + 1; i < s_log_n; i++) CP_FREE(s_log[i].base);
   s_log_n = w + 1;
   s_log_dead = 0;
   stats__slides++;
}

/* Passes back off when the tables they pack are soon unpacked: a
   program that comes back to its contexts at longer intervals (a
   compiler runs its passes again for every function) would otherwise
   pack and unpack the same tables over and over. */
static UInt  s_backoff = 0;             /* the step is doubled this often */
static ULong s_compacted_last = 0;      /* by the last pass */
static ULong s_expanded_at_pass = 0;    /* stats__expanded then */

static ULong next_pass_at ( void )
{
   ULong step = (ULong)CP_(clo).compact_mb << 20;
   if (step == 0) return ~0ULL;
   if (stats__table_bytes / 4 > step) step = stats__table_bytes / 4;
   return stats__table_bytes + (step << s_backoff);
}

static void adapt_backoff ( ULong compacted )
{
   ULong again = stats__expanded - s_expanded_at_pass;
   if (again > s_compacted_last / 4 && s_backoff < 6) s_backoff++;
   else if (again < s_compacted_last / 16 && s_backoff > 0) s_backoff--;
   s_compacted_last   = compacted;
   s_expanded_at_pass = stats__expanded;
}

/* The table chunks by address, for chunk_of. */
typedef struct { Addr start; UInt index; } ChunkAt;
static ChunkAt s_by_addr[MAX_TAB_CHUNKS];

static Int cmp_chunk_at ( const void* a, const void* b )
{
   Addr x = ((const ChunkAt*)a)->start, y = ((const ChunkAt*)b)->start;
   return x < y ? -1 : x > y;
}

static void chunks_sort ( void )
{
   for (UInt c = 0; c < s_n_tab_chunks; c++)
      s_by_addr[c] = (ChunkAt){ (Addr)s_tab_chunks[c], c };
   VG_(ssort)(s_by_addr, s_n_tab_chunks, sizeof(ChunkAt), cmp_chunk_at);
}

/* Chunk (index into s_tab_chunks) holding table t, or s_n_tab_chunks
   (a table from VG_(malloc)); chunks_sort first. */
static UInt chunk_of ( const ULong* t )
{
   UInt lo = 0, hi = s_n_tab_chunks;   /* the last chunk starting at or below t */
   while (lo < hi) {
      UInt mid = (lo + hi) / 2;
      if (s_by_addr[mid].start <= (Addr)t) lo = mid + 1; else hi = mid;
   }
   if (lo > 0 && (Addr)t < s_by_addr[lo - 1].start + CHUNK_BYTES)
      return s_by_addr[lo - 1].index;
   return s_n_tab_chunks;
}

/* At exit, before the profile is read: every table into the log, chunk
   by chunk, each chunk given back as soon as it is empty, so that the
   log's growth and what writing the profile needs come out of the
   tables' memory, not on top of it (cc1: 168 MB of chunks). */
void CP_(cost_compact_all) ( void )
{
   UInt  t0   = VG_(read_millisecond_timer)();
   UInt  nc   = s_n_tab_chunks;
   UInt  nn   = CP_(cct_n_nodes)();
   UInt* head = CP_CALLOC("cp.cost.compact_all.1", nc + 1, sizeof(UInt));
   chunks_sort();
   /* The nodes that have a table, in one list per chunk, linked through
      cost_misses (no lookup misses again after this): no list of them is
      kept while running (cc1: 17 MB), and none is made here (an array of
      their ids was 12 MB of cc1's peak). */
   for (UInt id = 1; id < nn; id++) {
      CtxNode* n = CP_(cct_node)(id);
      if (n->cost_tab == s_empty_tab) continue;
      UInt c = chunk_of(n->cost_tab);
      n->cost_misses = head[c];
      head[c] = id;
   }
   for (UInt c = 0; c <= nc; c++) {
      Bool empty = True;
      for (UInt id = head[c]; id != 0; ) {
         CtxNode* n = CP_(cct_node)(id);
         id = n->cost_misses;
         n->cost_misses = 0;
         if (n->cost_mask + 1 > COMPACT_ALL_MAX || !compact(n)) empty = False;
      }
      if (c < nc && empty) {   /* its tables are gone: give it back now */
         chunk_free(s_tab_chunks[c]);
         s_tab_chunks[c] = NULL;
      }
   }
   CP_FREE(head);
   /* Keep the chunks that still hold a table.  The free lists may point
      into freed ones: drop them, and carve any new table from a new
      chunk. */
   UInt kept = 0;
   for (UInt c = 0; c < nc; c++)
      if (s_tab_chunks[c]) s_tab_chunks[kept++] = s_tab_chunks[c];
   s_n_tab_chunks = kept;
   s_chunk_cur    = NULL;
   s_chunk_left   = 0;
   for (UInt k = 0; k <= MAX_CLASS; k++) s_free[k] = NULL;
   stats__exit_ms = VG_(read_millisecond_timer)() - t0;
}

/* Compact every table that has not missed since the last pass. */
static void compact_pass ( void )
{
   UInt  t0 = VG_(read_millisecond_timer)();
   ULong before = stats__compacted;
   CP_(cct_mark_stacks_hot)();
   UInt  nn = CP_(cct_n_nodes)();
   for (UInt id = 1; id < nn; id++) {
      CtxNode* n = CP_(cct_node)(id);
      if (n->cost_tab == s_empty_tab) continue;
      if (n->cost_hot || n->cost_mask + 1 > COMPACT_MAX || !compact(n))
         n->cost_hot = False;
   }
   if (s_log_dead > s_log_live && s_log_dead > LOG_CHUNK) log_slide();
   adapt_backoff(stats__compacted - before);
   stats__pass_ms += VG_(read_millisecond_timer)() - t0;
   /* the next pass when --compact-mb more (or a quarter more, for a big
      hot set) is in tables: a table made since this pass is hot until
      the next, so tables stay near twice that plus the hot set */
   s_pass_at = next_pass_at();
   stats__passes++;
}

/*------------------------------------------------------------*/
/*--- IR generation                                        ---*/
/*------------------------------------------------------------*/

#define mkexpr(t) IRExpr_RdTmp(t)
#define mkU32(n)  IRExpr_Const(IRConst_U32(n))

static IRExpr* mkHW ( IRType ty, ULong n )
{
   return ty == Ity_I64 ? IRExpr_Const(IRConst_U64(n))
                        : IRExpr_Const(IRConst_U32((UInt)n));
}

static IRTemp assign ( IRSB* sbOut, IRType ty, IRExpr* e )
{
   IRTemp t = newIRTemp(sbOut->tyenv, ty);
   addStmtToIRSB(sbOut, IRStmt_WrTmp(t, e));
   return t;
}

static IRExpr* add_hw ( IRType ty, IRExpr* a, IRExpr* b )
{
   return IRExpr_Binop(ty == Ity_I64 ? Iop_Add64 : Iop_Add32, a, b);
}

/* A load of type lty from base + off (flat IR: the address is a temp). */
static IRTemp load_at ( IRSB* sbOut, IRType ty, IRType lty, IRTemp base, UWord off )
{
   IRTemp a = assign(sbOut, ty, add_hw(ty, IRExpr_RdTmp(base), mkHW(ty, off)));
   return assign(sbOut, lty, IRExpr_Load(Iend_LE, lty, IRExpr_RdTmp(a)));
}

void CP_(cost_sb_entry) ( IRSB* sbOut, SBInfo* sb, IRType ty )
{
   Bool is64 = ty == Ity_I64;
   /* n = CP_(cur_node); t = n->cost_tab; m = n->cost_mask */
   IRTemp n = assign(sbOut, ty, IRExpr_Load(Iend_LE, ty,
                     mkHW(ty, (HWord)&CP_(cur_node))));
   IRTemp t = load_at(sbOut, ty, ty, n, offsetof(CtxNode, cost_tab));
   IRTemp m = load_at(sbOut, ty, Ity_I32, n, offsetof(CtxNode, cost_mask));
   /* c = t + 8 * (hash & m); v = *c */
   IRTemp i = assign(sbOut, Ity_I32, IRExpr_Binop(Iop_And32, mkexpr(m),
                                                  mkU32(tag_hash(sb->id))));
   IRTemp iw = is64 ? assign(sbOut, ty, IRExpr_Unop(Iop_32Uto64, mkexpr(i))) : i;
   IRTemp off = assign(sbOut, ty, IRExpr_Binop(is64 ? Iop_Shl64 : Iop_Shl32,
                                               mkexpr(iw), IRExpr_Const(IRConst_U8(3))));
   IRTemp c  = assign(sbOut, ty, add_hw(ty, mkexpr(t), mkexpr(off)));
   IRTemp v  = assign(sbOut, Ity_I64, IRExpr_Load(Iend_LE, Ity_I64, mkexpr(c)));
   /* The cell is in its home slot (the slow path moves a cell it finds
      elsewhere there) with no carry pending when its high half is
      2 * tag: then add one in place; else the helper finds the cell and
      adds.  The hit and the miss are two compares, so that each goes
      straight to the flags of its conditional store or call (one I1 temp
      used twice would be materialised and tested twice).  A second
      inline probe (home + 1) halves the helper calls on cc1 but costs
      more than they do. */
   IRTemp hi = assign(sbOut, Ity_I32, IRExpr_Unop(Iop_64HIto32, mkexpr(v)));
   IRTemp eq = assign(sbOut, Ity_I1, IRExpr_Binop(Iop_CmpEQ32, mkexpr(hi),
                                                  mkU32(2 * sb->id)));
   IRTemp ne = assign(sbOut, Ity_I1, IRExpr_Binop(Iop_CmpNE32, mkexpr(hi),
                                                  mkU32(2 * sb->id)));
   IRTemp v1 = assign(sbOut, Ity_I64, IRExpr_Binop(Iop_Add64, mkexpr(v),
                                                   IRExpr_Const(IRConst_U64(1))));
   addStmtToIRSB(sbOut, IRStmt_StoreG(Iend_LE, mkexpr(c), mkexpr(v1), mkexpr(eq)));
   IRDirty* di = unsafeIRDirty_0_N(1, "cost_miss",
                                   VG_(fnptr_to_fnentry)(&cost_miss),
                                   mkIRExprVec_1(mkHW(ty, (HWord)sb)));
   di->guard = mkexpr(ne);
   addStmtToIRSB(sbOut, IRStmt_Dirty(di));
}

void CP_(cost_exit) ( IRSB* sbOut, SBInfo* sb, const SBShape* sh, UInt i,
                      IRExpr* guard, IRType ty )
{
   if (sh->exit_after[i] + 1u >= sh->n_instrs) return;   /* held by the last */
   UInt k = 0;   /* its number among the mid-block exits */
   for (UInt j = 0; j < i; j++)
      if (sh->exit_after[j] + 1u < sh->n_instrs) k++;
   IRDirty* di = unsafeIRDirty_0_N(2, "cost_mid_exit",
                                   VG_(fnptr_to_fnentry)(&cost_mid_exit),
                                   mkIRExprVec_2(mkHW(ty, (HWord)sb), mkHW(ty, k)));
   di->guard = guard;
   addStmtToIRSB(sbOut, IRStmt_Dirty(di));
}

#undef mkexpr
#undef mkU32

/*------------------------------------------------------------*/
/*--- Reading the counters                                 ---*/
/*------------------------------------------------------------*/

static ULong cell_count ( const CtxNode* n, ULong c )
{
   return spill_of(n->id, CELL_TAG(c)) + (CELL_CARRY(c) << 32) + CELL_COUNT(c);
}

/* Count of tag in the sorted s_cells[0 .. k), 0 if absent. */
static ULong copy_count ( const CtxNode* n, UInt k, UInt tag )
{
   UInt lo = 0, hi = k;
   while (lo < hi) {
      UInt mid = (lo + hi) / 2;
      UInt t   = SC_TAG(s_cells[mid]);
      if (t == tag) return spill_of(n->id, tag) + SC_COUNT(s_cells[mid]);
      if (t < tag) lo = mid + 1; else hi = mid;
   }
   return 0;
}

static void visit_copy ( const CtxNode* n, CellVisitFn fn, void* opaque )
{
   ULong taken[CP_SB_MAX_MID_EXITS + 1];
   UInt  k = copy_read(n);
   for (UInt i = 0; i < k && (SC_TAG(s_cells[i]) >> TAG_BITS) == 0; i++) {
      UInt id  = SC_TAG(s_cells[i]);
      UInt mid = CP_(sb_mid_exits)(id);
      for (UInt e = 0; e < mid; e++)
         taken[e] = copy_count(n, k, id | ((e + 1) << TAG_BITS));
      fn(opaque, id, spill_of(n->id, id) + SC_COUNT(s_cells[i]), mid ? taken : NULL);
   }
}

void CP_(cost_node_visit) ( const CtxNode* n, CellVisitFn fn, void* opaque )
{
   if (n->cost_tab == s_empty_tab) {
      if (n->cost_blob) visit_copy(n, fn, opaque);
      return;
   }
   ULong taken[CP_SB_MAX_MID_EXITS + 1];
   for (UInt s = 0; s <= n->cost_mask; s++) {
      ULong c = n->cost_tab[s];
      if (c == 0 || (CELL_TAG(c) >> TAG_BITS) != 0) continue;   /* entries only */
      UInt id  = CELL_TAG(c);
      UInt mid = CP_(sb_mid_exits)(id);
      for (UInt k = 0; k < mid; k++) {
         const ULong* e = probe(n, id | ((k + 1) << TAG_BITS));
         taken[k] = e && *e ? cell_count(n, *e) : 0;
      }
      fn(opaque, id, cell_count(n, c), mid ? taken : NULL);
   }
}

ULong CP_(cost_cell_counts) ( const SBInfo* sb, ULong entries,
                              const ULong* taken, ULong* counts )
{
   ULong left = entries, total = 0;
   UInt  e = 0;
   for (UInt j = 0; j < sb->n_instrs; j++) {
      counts[j] = left;
      total += left;
      while (e < sb->n_mid_exits && CP_SB_EXIT_AFTER(sb)[e] == j)
         left -= taken[e++];
   }
   return total;
}


void CP_(cost_zero) ( void )
{
   UInt nn = CP_(cct_n_nodes)();
   for (UInt id = 1; id < nn; id++) {
      CtxNode* n = CP_(cct_node)(id);
      if (n->cost_tab == s_empty_tab) {
         if (!n->cost_blob) continue;
         /* a compacted table: rewrite its copy with zero counts */
         UInt k = copy_read(n);
         for (UInt i = 0; i < k; i++) s_cells[i] = SC(SC_TAG(s_cells[i]), SC_HOME(s_cells[i]), 0);
         copy_drop(n);
         if (!copy_write(n, k)) VG_(tool_panic)("cprofgrind: counter log full");
         continue;
      }
      for (UInt s = 0; s <= n->cost_mask; s++)
         if (n->cost_tab[s]) n->cost_tab[s] = STAG(CELL_TAG(n->cost_tab[s]));
   }
   VG_(HT_destruct)(s_spill, VG_(free));
   s_spill = VG_(HT_construct)("cp.cost.spill");
}

void CP_(cost_init) ( void )
{
   s_pass_at = next_pass_at();
   CP_(sb_init)();
   s_spill = VG_(HT_construct)("cp.cost.spill");
}

void CP_(cost_print_stats) ( void )
{
   VG_(dmsg)("cprofgrind: counters: %'u basic blocks, %'llu (context, block) "
             "cells, %'llu MB of tables, %'llu slow lookups, %'llu grows, "
             "%'llu carries, %'llu mid-block exits, %'llu cells moved home\n",
             CP_(sb_count)(), stats__inserts, stats__table_bytes >> 20, stats__misses,
             stats__grows, stats__spills, stats__mid, stats__swaps);
   VG_(dmsg)("cprofgrind: counters: %u MB of table chunks at most; "
             "%'llu compactions, %'llu tables compacted, "
             "%'llu expanded again, %'llu MB of compact copies (%'llu MB dead, "
             "%u chunks, %'llu slides), step doubled %u times, %u ms in passes, %u ms at exit\n",
             stats__peak_chunks * (CHUNK_BYTES >> 20),
             stats__passes, stats__compacted, stats__expanded, s_log_live >> 20,
             s_log_dead >> 20, s_log_n, stats__slides, s_backoff, stats__pass_ms, stats__exit_ms);
}

/*--------------------------------------------------------------------*/
/*--- end                                                cp_cost.c ---*/
/*--------------------------------------------------------------------*/
