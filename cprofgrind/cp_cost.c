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

   Memory: per context 24 bytes in the node plus 8 bytes per cell (the
   table keeps a load under 0.7); per superblock ~56 bytes + 4 per
   instruction.  Tables come from size-class free lists carved out of
   large chunks, to avoid the allocator's per-block overhead on millions
   of small tables. */

#include "pub_tool_libcbase.h"
#include "pub_tool_hashtable.h"
#include "pub_tool_machine.h"
#include "cp_cost.h"
#include "cp_mem.h"

#define TAG_BITS    23
#define MAX_SB_ID   ((1u << TAG_BITS) - 1)
#define MAX_MID_EXITS 126

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
/*--- Superblock infos                                     ---*/
/*------------------------------------------------------------*/

static SBInfo** s_sb_hash      = NULL;   /* by address */
static UWord    s_sb_hash_mask = 0;
static SBInfo** s_sbs          = NULL;   /* by id */
static UInt     s_n_sbs        = 0;
static UInt     s_cap_sbs      = 0;
/* By id: instructions | mid-block exits << 16.  What a visit of the
   counters needs of each block, in 4 bytes instead of a pointer to a
   SBInfo: visiting millions of cells then misses cache once per cell
   (the cell), not three times. */
static UInt*    s_sb_dense     = NULL;

static void sb_hash_grow ( void )
{
   UWord    old_size = s_sb_hash_mask + 1;
   SBInfo** old      = s_sb_hash;
   UWord    size     = old ? 2 * old_size : 1 << 14;
   s_sb_hash      = CP_CALLOC("cp.cost.sb_hash_grow.1", size, sizeof(SBInfo*));
   s_sb_hash_mask = size - 1;
   for (UWord i = 0; old && i < old_size; i++) {
      SBInfo* sb = old[i];
      while (sb) {
         SBInfo* next = sb->hnext;
         UWord h = CP_(mix64)(sb->addr) & s_sb_hash_mask;
         sb->hnext = s_sb_hash[h];
         s_sb_hash[h] = sb;
         sb = next;
      }
   }
   if (old) CP_FREE(old);
}

/* Mid-block exits of a shape: exits held before the last instruction. */
static UInt mid_exits ( const SBShape* sh )
{
   UInt n = 0;
   for (UInt i = 0; i < sh->n_exits; i++)
      if (sh->exit_after[i] + 1u < sh->n_instrs) n++;
   return n;
}

static Bool same_shape ( const SBInfo* sb, const SBShape* sh )
{
   if (sb->n_instrs != sh->n_instrs || sb->n_mid_exits != mid_exits(sh))
      return False;
   for (UInt i = 0; i < sh->n_instrs; i++)
      if (sb->ioff[i] != (UInt)(sh->iaddr[i] - sb->addr)) return False;
   UInt k = 0;
   for (UInt i = 0; i < sh->n_exits; i++)
      if (sh->exit_after[i] + 1u < sh->n_instrs
          && sb->exit_after[k++] != sh->exit_after[i]) return False;
   return True;
}

SBInfo* CP_(cost_get_sbinfo) ( const SBShape* sh, DiEpoch ep )
{
   CP_ASSERT(sh->n_instrs > 0);
   Addr  addr = sh->iaddr[0];
   UWord h    = CP_(mix64)(addr) & s_sb_hash_mask;
   for (SBInfo* sb = s_sb_hash[h]; sb; sb = sb->hnext)
      if (sb->addr == addr && same_shape(sb, sh))
         return sb;   /* a retranslation: keep counting into the same cells */

   if (s_n_sbs + 1 > MAX_SB_ID)
      VG_(tool_panic)("cprofgrind: more than 8 million distinct basic blocks");
   SBInfo* sb = CP_MALLOC("cp.cost.get_sbinfo.1", sizeof(SBInfo));
   sb->id          = ++s_n_sbs;
   sb->hash        = (UInt)(CP_(mix64)(sb->id) >> 32);
   sb->addr        = addr;
   sb->n_instrs    = sh->n_instrs;
   sb->n_mid_exits = mid_exits(sh);
   if (sb->n_mid_exits > MAX_MID_EXITS)
      VG_(tool_panic)("cprofgrind: superblock with too many mid-block exits");
   sb->ioff        = CP_MALLOC("cp.cost.get_sbinfo.2", sh->n_instrs * sizeof(UInt));
   for (UInt i = 0; i < sh->n_instrs; i++)
      sb->ioff[i] = (UInt)(sh->iaddr[i] - addr);
   sb->exit_after = NULL;
   if (sb->n_mid_exits) {
      sb->exit_after = CP_MALLOC("cp.cost.get_sbinfo.3",
                                 sb->n_mid_exits * sizeof(UShort));
      UInt k = 0;
      for (UInt i = 0; i < sh->n_exits; i++)
         if (sh->exit_after[i] + 1u < sh->n_instrs)
            sb->exit_after[k++] = sh->exit_after[i];
   }
   sb->ep    = ep;
   sb->hnext = s_sb_hash[h];
   s_sb_hash[h] = sb;
   if (s_n_sbs >= s_cap_sbs) {
      s_cap_sbs = s_cap_sbs ? 2 * s_cap_sbs : 1 << 14;
      s_sbs = CP_REALLOC("cp.cost.get_sbinfo.4", s_sbs, s_cap_sbs * sizeof(SBInfo*));
      s_sb_dense = CP_REALLOC("cp.cost.get_sbinfo.5", s_sb_dense,
                              s_cap_sbs * sizeof(UInt));
   }
   s_sbs[sb->id] = sb;
   s_sb_dense[sb->id] = sb->n_instrs | ((UInt)sb->n_mid_exits << 16);
   if (s_n_sbs > s_sb_hash_mask)
      sb_hash_grow();
   return sb;
}

const SBInfo* CP_(cost_sbinfo) ( UInt id )
{
   return id >= 1 && id <= s_n_sbs ? s_sbs[id] : NULL;
}

/*------------------------------------------------------------*/
/*--- Table memory: size classes over big chunks           ---*/
/*------------------------------------------------------------*/

#define CHUNK_BYTES  (8 << 20)
/* The biggest class carved from chunks must fit in one; bigger tables
   come from VG_(malloc). */
#define TAB_BYTES(cells) ((SizeT)(cells) * sizeof(ULong))
#define MAX_CLASS    19
STATIC_ASSERT(TAB_BYTES(1u << MAX_CLASS) <= CHUNK_BYTES);

static void* s_free[MAX_CLASS + 1];   /* free lists, by log2(cells) */
static UChar* s_chunk_cur = NULL;
static SizeT  s_chunk_left = 0;
static UInt   s_n_tab_chunks = 0;
static ULong  stats__table_bytes = 0;

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
         /* the first chunk from the arena, later ones in huge pages */
         s_chunk_cur  = s_n_tab_chunks++ == 0
                        ? CP_MALLOC("cp.cost.tab_alloc.2", CHUNK_BYTES)
                        : CP_(big_alloc)("cp.cost.tab_alloc.3", CHUNK_BYTES);
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
   n->cost_used   = 0;
   n->cost_misses = 0;
}

static inline UInt home ( UInt hash, UInt mask ) { return hash & mask; }

static UInt tag_hash ( UInt tag )
{
   UInt id = tag & MAX_SB_ID;   /* mid-block exit cells hash near their block */
   return s_sbs[id]->hash + (tag >> TAG_BITS) * 0x9E3779B1u;
}

/* Cell of tag in n's table, or the empty cell where it belongs. */
static ULong* probe ( const CtxNode* n, UInt tag )
{
   UInt   mask = n->cost_mask;
   UInt   i    = home(tag_hash(tag), mask);
   ULong* t    = n->cost_tab;
   while (t[i] != 0 && CELL_TAG(t[i]) != tag) i = (i + 1) & mask;
   return &t[i];
}

/* The same as probe, but a cell found away from its home slot trades
   places with the cell there, so that the cells in use now are where
   generated code looks.  Linear probing allows it: every slot from home
   to the found one is taken, so the cell moved out is still reached
   from its own home.  A cell whose own home it is stays: two cells of
   one home that ran in turn would otherwise trade places, and both
   miss, on every run (on cc1: 280 M moves; 236 M helper calls instead
   of 307 M, 2 s less).  The second one misses until the misses make
   the table grow. */
static ULong* probe_to_home ( const CtxNode* n, UInt tag )
{
   UInt   mask = n->cost_mask;
   UInt   h    = home(tag_hash(tag), mask);
   ULong* t    = n->cost_tab;
   UInt   i    = h;
   while (t[i] != 0 && CELL_TAG(t[i]) != tag) i = (i + 1) & mask;
   if (t[i] == 0 || i == h) return &t[i];
   /* the cell at home belongs there: leave it (two cells of one home
      would otherwise trade places, and miss, on every run) */
   if (home(tag_hash(CELL_TAG(t[h])), mask) == h) return &t[i];
   ULong c = t[i];
   t[i] = t[h];
   t[h] = c;
   stats__swaps++;
   return &t[h];
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

/* The cell of (n, tag), created if needed, without a pending carry. */
static ULong* cell_of ( CtxNode* n, UInt tag )
{
   if (n->cost_tab == s_empty_tab) grow(n, 4);
   /* mid-block exit cells are counted by a helper: they need no home */
   ULong* c = tag >> TAG_BITS ? probe(n, tag) : probe_to_home(n, tag);
   if (*c == 0) {
      if (10 * (n->cost_used + 1) > 7 * (n->cost_mask + 1)) {   /* load 0.7 */
         grow(n, 2 * (n->cost_mask + 1));
         c = probe(n, tag);
      }
      *c = STAG(tag);
      n->cost_used++;
      stats__inserts++;
      if (tag >> TAG_BITS == 0) s_instr_pairs += s_sbs[tag]->n_instrs;
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
                                                  mkU32(sb->hash)));
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

void CP_(cost_node_visit) ( const CtxNode* n, CellVisitFn fn, void* opaque )
{
   if (n->cost_tab == s_empty_tab) return;
   ULong taken[MAX_MID_EXITS + 1];
   for (UInt s = 0; s <= n->cost_mask; s++) {
      ULong c = n->cost_tab[s];
      if (c == 0 || (CELL_TAG(c) >> TAG_BITS) != 0) continue;   /* entries only */
      UInt id  = CELL_TAG(c);
      UInt mid = s_sb_dense[id] >> 16;
      for (UInt k = 0; k < mid; k++) {
         ULong e = *probe(n, id | ((k + 1) << TAG_BITS));
         taken[k] = e ? cell_count(n, e) : 0;
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
      while (e < sb->n_mid_exits && sb->exit_after[e] == j)
         left -= taken[e++];
   }
   return total;
}

UInt CP_(cost_n_sbs) ( void ) { return s_n_sbs; }
UInt CP_(cost_sb_instrs) ( UInt id ) { return s_sb_dense[id] & 0xFFFF; }

void CP_(cost_zero) ( void )
{
   UInt nn = CP_(cct_n_nodes)();
   for (UInt id = 1; id < nn; id++) {
      CtxNode* n = CP_(cct_node)(id);
      if (n->cost_tab == s_empty_tab) continue;
      for (UInt s = 0; s <= n->cost_mask; s++)
         if (n->cost_tab[s]) n->cost_tab[s] = STAG(CELL_TAG(n->cost_tab[s]));
   }
   VG_(HT_destruct)(s_spill, VG_(free));
   s_spill = VG_(HT_construct)("cp.cost.spill");
}

void CP_(cost_init) ( void )
{
   sb_hash_grow();
   s_spill = VG_(HT_construct)("cp.cost.spill");
}

void CP_(cost_print_stats) ( void )
{
   VG_(dmsg)("cprofgrind: counters: %'u basic blocks, %'llu (context, block) "
             "cells, %'llu MB of tables, %'llu slow lookups, %'llu grows, "
             "%'llu carries, %'llu mid-block exits, %'llu cells moved home\n",
             s_n_sbs, stats__inserts, stats__table_bytes >> 20, stats__misses,
             stats__grows, stats__spills, stats__mid, stats__swaps);
}

/*--------------------------------------------------------------------*/
/*--- end                                                cp_cost.c ---*/
/*--------------------------------------------------------------------*/
