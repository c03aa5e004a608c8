/*--------------------------------------------------------------------*/
/*--- cprofgrind: instruction counters per context.    cp_cost.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   Exact instruction counts per (calling context, instruction), with
   inline IR on the hot path and no helper call per superblock.

   Counting.  Superblocks are single basic blocks (chasing is off, see
   cp_main.c), entered only at their first instruction.  For each
   (superblock, context) there is one counter cell:

      cell[0]      tag: the context id the cell belongs to
      cell[1]      times the superblock was entered
      cell[2 + i]  times side exit i was taken

   Instruction j of the superblock then ran
      entries - sum(taken[i] for exits i held by an instruction before j)
   times (the instruction holding an exit counts, as in cachegrind: it
   executed).  Counting exits instead of instructions keeps the
   generated code to one increment per superblock plus one add per side
   exit; per-instruction counts are derived at dump time.

   Finding the cell.  Each superblock has a small direct-mapped table of
   cells indexed by (context id & mask).  Generated code loads the
   current context id (CP_(cur_ctx)), indexes the table and compares the
   tag; only on a mismatch does it call sb_miss, which swaps the wanted
   cell in from an overflow hash (or creates it) and evicts the previous
   one there.  Tables start with one slot and quadruple when a
   superblock misses often (code run from many contexts, like memcpy),
   up to MAX_SLOTS.

   Memory: per superblock ~64 bytes + 4 bytes per instruction; per
   (superblock, context) pair seen, one cell of (2 + exits) words, in the
   table or in the overflow hash. */

#include "pub_tool_libcbase.h"
#include "pub_tool_hashtable.h"
#include "pub_tool_machine.h"
#include "cp_cost.h"
#include "cp_context.h"

#define MAX_SLOTS   4096
#define EMPTY_TAG   (~0ULL)

/*------------------------------------------------------------*/
/*--- Superblock infos, by address                         ---*/
/*------------------------------------------------------------*/

static SBInfo** s_sb_hash      = NULL;
static UWord    s_sb_hash_mask = 0;
static UWord    s_n_sbs        = 0;

/* stats */
static ULong stats__misses     = 0;
static ULong stats__grows      = 0;
static ULong stats__overflowed = 0;
static ULong stats__cells      = 0;

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

static Bool same_shape ( const SBInfo* sb, const SBShape* sh )
{
   if (sb->n_instrs != sh->n_instrs || sb->n_exits != sh->n_exits)
      return False;
   for (UInt i = 0; i < sh->n_instrs; i++)
      if (sb->ioff[i] != (UInt)(sh->iaddr[i] - sb->addr)) return False;
   for (UInt i = 0; i < sh->n_exits; i++)
      if (sb->exit_after[i] != sh->exit_after[i]) return False;
   return True;
}

static ULong* new_table ( UWord slots, UInt cell_words )
{
   ULong* t = CP_MALLOC("cp.cost.new_table.1",
                        slots * cell_words * sizeof(ULong));
   for (UWord s = 0; s < slots; s++) {
      ULong* c = t + s * cell_words;
      c[0] = EMPTY_TAG;
      for (UInt w = 1; w < cell_words; w++) c[w] = 0;
   }
   return t;
}

SBInfo* CP_(cost_get_sbinfo) ( const SBShape* sh, DiEpoch ep )
{
   CP_ASSERT(sh->n_instrs > 0 && sh->n_instrs <= 0xFFFF);
   Addr  addr = sh->iaddr[0];
   UWord h    = CP_(mix64)(addr) & s_sb_hash_mask;
   for (SBInfo* sb = s_sb_hash[h]; sb; sb = sb->hnext)
      if (sb->addr == addr && same_shape(sb, sh))
         return sb;   /* a retranslation: keep counting into the same cells */

   SBInfo* sb = CP_MALLOC("cp.cost.get_sbinfo.1", sizeof(SBInfo));
   sb->addr       = addr;
   sb->n_instrs   = sh->n_instrs;
   sb->n_exits    = sh->n_exits;
   sb->cell_words = 2 + sh->n_exits;
   sb->ioff       = CP_MALLOC("cp.cost.get_sbinfo.2", sh->n_instrs * sizeof(UInt));
   for (UInt i = 0; i < sh->n_instrs; i++)
      sb->ioff[i] = (UInt)(sh->iaddr[i] - addr);
   sb->exit_after = NULL;
   if (sh->n_exits) {
      sb->exit_after = CP_MALLOC("cp.cost.get_sbinfo.3",
                                 sh->n_exits * sizeof(UShort));
      for (UInt i = 0; i < sh->n_exits; i++)
         sb->exit_after[i] = sh->exit_after[i];
   }
   sb->ep     = ep;
   sb->misses = 0;
   sb->mask   = 0;
   sb->table  = new_table(1, sb->cell_words);
   sb->hnext  = s_sb_hash[h];
   s_sb_hash[h] = sb;
   if (++s_n_sbs > s_sb_hash_mask)
      sb_hash_grow();
   return sb;
}

/*------------------------------------------------------------*/
/*--- Overflow: cells evicted from their table             ---*/
/*------------------------------------------------------------*/

/* Key (sb, ctx); the node holds a copy of the cell's counters. */
typedef struct OvCell {
   struct OvCell* next;    /* VgHashTable chain: must be first */
   UWord          key;     /* hash of (sb, ctx): must be second */
   SBInfo*        sb;
   UInt           ctx;
   ULong          cnt[0];  /* cell_words - 1 counters */
} OvCell;

static VgHashTable* s_overflow = NULL;

static inline UWord ov_key ( const SBInfo* sb, ULong ctx )
{
   return (UWord)CP_(mix64)((ULong)(Addr)sb ^ (ctx << 48) ^ (ctx >> 16));
}

static OvCell* ov_find ( const SBInfo* sb, UInt ctx, UWord key )
{
   /* Keys may collide: walk every node with this key. */
   OvCell* c = VG_(HT_lookup)(s_overflow, key);
   if (c && c->sb == sb && c->ctx == ctx) return c;
   if (!c) return NULL;
   VG_(HT_ResetIter)(s_overflow);   /* rare: fall back to a full scan */
   while ((c = VG_(HT_Next)(s_overflow)))
      if (c->key == key && c->sb == sb && c->ctx == ctx) return c;
   return NULL;
}

static void evict ( SBInfo* sb, ULong* cell )
{
   if (cell[0] == EMPTY_TAG) return;
   UInt  ctx = (UInt)cell[0];
   UWord key = ov_key(sb, ctx);
   OvCell* c = ov_find(sb, ctx, key);
   if (c == NULL) {
      c = CP_MALLOC("cp.cost.evict.1",
                    sizeof(OvCell) + (sb->cell_words - 1) * sizeof(ULong));
      c->key = key;
      c->sb  = sb;
      c->ctx = ctx;
      for (UInt w = 1; w < sb->cell_words; w++) c->cnt[w - 1] = 0;
      VG_(HT_add_node)(s_overflow, c);
      stats__overflowed++;
   }
   for (UInt w = 1; w < sb->cell_words; w++) c->cnt[w - 1] += cell[w];
   cell[0] = EMPTY_TAG;
}

/* Fill an empty cell for ctx, taking back its counts from the overflow. */
static void fill ( SBInfo* sb, ULong* cell, UInt ctx )
{
   OvCell* c = VG_(HT_count_nodes)(s_overflow) ? ov_find(sb, ctx, ov_key(sb, ctx))
                                               : NULL;
   cell[0] = ctx;
   if (c) {
      for (UInt w = 1; w < sb->cell_words; w++) cell[w] = c->cnt[w - 1];
      VG_(HT_remove)(s_overflow, c->key);
      CP_FREE(c);
   } else {
      for (UInt w = 1; w < sb->cell_words; w++) cell[w] = 0;
      stats__cells++;
   }
}

static void grow_table ( SBInfo* sb )
{
   UWord  old_slots = sb->mask + 1;
   ULong* old       = sb->table;
   UWord  slots     = old_slots * 4;
   if (slots > MAX_SLOTS) slots = MAX_SLOTS;
   sb->table = new_table(slots, sb->cell_words);
   sb->mask  = slots - 1;
   for (UWord s = 0; s < old_slots; s++) {
      ULong* oc = old + s * sb->cell_words;
      if (oc[0] == EMPTY_TAG) continue;
      ULong* nc = sb->table + (oc[0] & sb->mask) * sb->cell_words;
      if (nc[0] != EMPTY_TAG) { evict(sb, oc); continue; }
      for (UInt w = 0; w < sb->cell_words; w++) nc[w] = oc[w];
   }
   CP_FREE(old);
   sb->misses = 0;
   stats__grows++;
}

/* Called by generated code when the slot for ctx holds another context
   (or nothing).  Returns the cell to count into. */
static VG_REGPARM(2) ULong* sb_miss ( SBInfo* sb, UWord ctx )
{
   stats__misses++;
   if (++sb->misses > 2 * (sb->mask + 1) && sb->mask + 1 < MAX_SLOTS
       && sb->misses > 8)
      grow_table(sb);
   ULong* cell = sb->table + (ctx & sb->mask) * sb->cell_words;
   evict(sb, cell);
   fill(sb, cell, (UInt)ctx);
   return cell;
}

/*------------------------------------------------------------*/
/*--- IR generation                                        ---*/
/*------------------------------------------------------------*/

#define mkU64(n)  IRExpr_Const(IRConst_U64(n))
#define mkU32(n)  IRExpr_Const(IRConst_U32(n))
#define mkexpr(t) IRExpr_RdTmp(t)

static IRExpr* mkHW ( IRType ty, ULong n )
{
   return ty == Ity_I64 ? mkU64(n) : mkU32((UInt)n);
}

static IRTemp assign ( IRSB* sbOut, IRType ty, IRExpr* e )
{
   IRTemp t = newIRTemp(sbOut->tyenv, ty);
   addStmtToIRSB(sbOut, IRStmt_WrTmp(t, e));
   return t;
}

static IRTemp load_word ( IRSB* sbOut, IRType ty, IRExpr* addr )
{
   return assign(sbOut, ty, IRExpr_Load(Iend_LE, ty, addr));
}

/* cell[w] += by (by: an expression of type ty) */
static void bump ( IRSB* sbOut, IRType ty, IRTemp cell, UInt w, IRExpr* by )
{
   Bool   is64 = ty == Ity_I64;
   IRTemp a = assign(sbOut, ty, IRExpr_Binop(is64 ? Iop_Add64 : Iop_Add32,
                                             mkexpr(cell), mkHW(ty, 8 * w)));
   IRTemp v = assign(sbOut, Ity_I64, IRExpr_Load(Iend_LE, Ity_I64, mkexpr(a)));
   IRTemp n = assign(sbOut, Ity_I64, IRExpr_Binop(Iop_Add64, mkexpr(v), by));
   addStmtToIRSB(sbOut, IRStmt_Store(Iend_LE, mkexpr(a), mkexpr(n)));
}

IRTemp CP_(cost_sb_entry) ( IRSB* sbOut, SBInfo* sb, IRType ty )
{
   Bool is64 = ty == Ity_I64;
   IROp add = is64 ? Iop_Add64 : Iop_Add32;
   IROp and = is64 ? Iop_And64 : Iop_And32;
   IROp mul = is64 ? Iop_Mul64 : Iop_Mul32;
   IROp cne = is64 ? Iop_CmpNE64 : Iop_CmpNE32;

   IRTemp ctx  = load_word(sbOut, ty, mkHW(ty, (HWord)&CP_(cur_ctx)));
   IRTemp tab  = load_word(sbOut, ty, mkHW(ty, (HWord)&sb->table));
   IRTemp mask = load_word(sbOut, ty, mkHW(ty, (HWord)&sb->mask));
   IRTemp idx  = assign(sbOut, ty, IRExpr_Binop(and, mkexpr(ctx), mkexpr(mask)));
   IRTemp off  = assign(sbOut, ty, IRExpr_Binop(mul, mkexpr(idx),
                                       mkHW(ty, 8 * sb->cell_words)));
   IRTemp c0   = assign(sbOut, ty, IRExpr_Binop(add, mkexpr(tab), mkexpr(off)));
   /* The tag is a 64-bit word; compare it with the zero-extended id. */
   IRTemp tag  = load_word(sbOut, ty, mkexpr(c0));
   IRTemp miss = assign(sbOut, Ity_I1,
                        IRExpr_Binop(cne, mkexpr(tag), mkexpr(ctx)));

   IRTemp   ret = newIRTemp(sbOut->tyenv, ty);
   IRDirty* di  = unsafeIRDirty_1_N(ret, 2, "sb_miss",
                                    VG_(fnptr_to_fnentry)(&sb_miss),
                                    mkIRExprVec_2(mkHW(ty, (HWord)sb),
                                                  mkexpr(ctx)));
   di->guard = mkexpr(miss);
   addStmtToIRSB(sbOut, IRStmt_Dirty(di));
   IRTemp cell = assign(sbOut, ty, IRExpr_ITE(mkexpr(miss), mkexpr(ret),
                                              mkexpr(c0)));
   bump(sbOut, ty, cell, 1, mkU64(1));
   return cell;
}

void CP_(cost_exit) ( IRSB* sbOut, SBInfo* sb, IRTemp cell, UInt i,
                      IRExpr* guard, IRType ty )
{
   CP_ASSERT(i < sb->n_exits);
   IRTemp g = assign(sbOut, Ity_I64, IRExpr_Unop(Iop_1Uto64, guard));
   bump(sbOut, ty, cell, 2 + i, mkexpr(g));
}

#undef mkU64
#undef mkU32
#undef mkexpr

/*------------------------------------------------------------*/
/*--- Reading the counters                                 ---*/
/*------------------------------------------------------------*/

static void visit_cell ( const SBInfo* sb, UInt ctx, const ULong* cnt,
                         CostVisitFn fn, void* opaque )
{
   /* cnt[0] = entries, cnt[1 + i] = exit i taken */
   ULong left = cnt[0];
   UInt  e    = 0;
   if (left == 0) return;
   for (UInt j = 0; j < sb->n_instrs; j++) {
      /* exits held by instruction j-1 and before have been subtracted */
      if (left) fn(opaque, ctx, sb->addr + sb->ioff[j], left, sb->ep);
      while (e < sb->n_exits && sb->exit_after[e] == j)
         left -= cnt[1 + e++];
   }
}

void CP_(cost_visit) ( CostVisitFn fn, void* opaque )
{
   for (UWord h = 0; h <= s_sb_hash_mask; h++)
      for (SBInfo* sb = s_sb_hash[h]; sb; sb = sb->hnext)
         for (UWord s = 0; s <= sb->mask; s++) {
            ULong* c = sb->table + s * sb->cell_words;
            if (c[0] != EMPTY_TAG)
               visit_cell(sb, (UInt)c[0], c + 1, fn, opaque);
         }
   VG_(HT_ResetIter)(s_overflow);
   OvCell* c;
   while ((c = VG_(HT_Next)(s_overflow)))
      visit_cell(c->sb, c->ctx, c->cnt, fn, opaque);
}

static void add_total ( void* opaque, UInt ctx, Addr a, ULong n, DiEpoch ep )
{
   (void)ctx; (void)a; (void)ep;
   *(ULong*)opaque += n;
}

ULong CP_(cost_total) ( void )
{
   ULong total = 0;
   CP_(cost_visit)(add_total, &total);
   return total;
}

void CP_(cost_zero) ( void )
{
   for (UWord h = 0; h <= s_sb_hash_mask; h++)
      for (SBInfo* sb = s_sb_hash[h]; sb; sb = sb->hnext)
         for (UWord s = 0; s <= sb->mask; s++) {
            ULong* c = sb->table + s * sb->cell_words;
            for (UInt w = 1; w < sb->cell_words; w++) c[w] = 0;
         }
   VG_(HT_ResetIter)(s_overflow);
   OvCell* c;
   while ((c = VG_(HT_Next)(s_overflow)))
      for (UInt w = 1; w < c->sb->cell_words; w++) c->cnt[w - 1] = 0;
}

void CP_(cost_init) ( void )
{
   sb_hash_grow();
   s_overflow = VG_(HT_construct)("cp.cost.overflow");
}

void CP_(cost_print_stats) ( void )
{
   VG_(dmsg)("cprofgrind: counters: %'lu superblocks, %'llu cells, "
             "%'llu misses, %'llu table grows, %'llu cells overflowed\n",
             s_n_sbs, stats__cells, stats__misses, stats__grows,
             stats__overflowed);
}

/*--------------------------------------------------------------------*/
/*--- end                                                cp_cost.c ---*/
/*--------------------------------------------------------------------*/
