/*--------------------------------------------------------------------*/
/*--- cprofgrind: basic blocks' shapes.               cp_sbinfo.c ---*/
/*--------------------------------------------------------------------*/

/* What the counters and the CPU profile need of each basic block: its
   address, its instructions' offsets and its mid-block exits, made once
   per distinct block (a retranslation of the same code finds the one
   made before, so its counts go on in the same cells) and kept for the
   whole run: generated code passes its address to the helpers.  Found
   by address (hash) at translation and by id when counters are read. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_hashtable.h"
#include "cp_sbinfo.h"
#include "cp_mem.h"
#include "cp_clo.h"
#include "pub_tool_libcprint.h"

static VgHashTable* s_sb_hash = NULL;   /* by address */
static SBInfo**     s_sbs     = NULL;   /* by id */
static UInt         s_n_sbs   = 0;
static ULong        s_uncounted = 0;   /* translations left without an id */
static UInt         s_cap_sbs = 0;
UInt* CP_(sb_dense) = NULL;
STATIC_ASSERT(__builtin_offsetof(SBInfo, hnext) == __builtin_offsetof(VgHashNode, next)
              && __builtin_offsetof(SBInfo, addr) == __builtin_offsetof(VgHashNode, key));

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
          && CP_SB_EXIT_AFTER(sb)[k++] != sh->exit_after[i]) return False;
   return True;
}

/* A lookup key: the address, and the shape a block there must have. */
typedef struct { void* next; UWord addr; const SBShape* sh; } ShapeKey;

static Word cmp_shape ( const void* key, const void* node )
{
   return same_shape(node, ((const ShapeKey*)key)->sh) ? 0 : 1;
}

SBInfo* CP_(sb_get) ( const SBShape* sh, DiEpoch ep )
{
   CP_ASSERT(sh->n_instrs > 0);
   Addr     addr = sh->iaddr[0];
   ShapeKey key  = { NULL, addr, sh };
   SBInfo*  old  = VG_(HT_gen_lookup)(s_sb_hash, &key, cmp_shape);
   if (old) return old;   /* a retranslation: keep counting into the same cells */

   if (s_n_sbs + 1 > (UInt)CP_(clo).max_blocks) {
      /* Out of ids (cell tags have 23 bits): a program that makes code
         for ever (a JIT running for hours) goes on, and what it runs
         from now on in blocks never seen is not counted -- said once
         now, and at exit with the amount (CP_(sb_uncounted)). */
      if (s_uncounted++ == 0)
         VG_(umsg)("cprofgrind: warning: more than %'d distinct basic blocks: "
                   "code first run from now on is not counted or checked\n",
                   CP_(clo).max_blocks);
      return NULL;
   }
   /* the instruction offsets and mid-block exits in the same block: one
      allocation, and its overhead, per basic block (cc1: 210,000) */
   UInt n_mid = mid_exits(sh);
   if (n_mid > CP_SB_MAX_MID_EXITS)
      VG_(tool_panic)("cprofgrind: superblock with too many mid-block exits");
   if (sh->iaddr[sh->n_instrs - 1] - addr > 0xFFFF)
      VG_(tool_panic)("cprofgrind: basic block longer than 64 KB");
   SBInfo* sb = CP_(perm_alloc)("cp.sb.get.1",
                                __builtin_offsetof(SBInfo, ioff) + (sh->n_instrs + n_mid) * sizeof(UShort));
   sb->id          = ++s_n_sbs;
   sb->addr        = addr;
   sb->n_instrs    = sh->n_instrs;
   sb->n_mid_exits = n_mid;
   for (UInt i = 0; i < sh->n_instrs; i++)
      sb->ioff[i] = (UShort)(sh->iaddr[i] - addr);
   UInt k = 0;
   for (UInt i = 0; i < sh->n_exits; i++)
      if (sh->exit_after[i] + 1u < sh->n_instrs)
         CP_SB_EXIT_AFTER(sb)[k++] = sh->exit_after[i];
   sb->ep    = ep;
   VG_(HT_add_node)(s_sb_hash, sb);
   if (s_n_sbs >= s_cap_sbs) {
      s_cap_sbs = s_cap_sbs ? 2 * s_cap_sbs : 1 << 11;
      s_sbs = CP_REALLOC("cp.sb.get.2", s_sbs, s_cap_sbs * sizeof(SBInfo*));
      CP_(sb_dense) = CP_REALLOC("cp.sb.get.3", CP_(sb_dense),
                               s_cap_sbs * sizeof(UInt));
   }
   s_sbs[sb->id] = sb;
   CP_(sb_dense)[sb->id] = sb->n_instrs | ((UInt)sb->n_mid_exits << 16);
   return sb;
}

const SBInfo* CP_(sb_by_id) ( UInt id )
{
   return id >= 1 && id <= s_n_sbs ? s_sbs[id] : NULL;
}

UInt CP_(sb_count) ( void ) { return s_n_sbs; }

ULong CP_(sb_uncounted) ( void ) { return s_uncounted; }

void CP_(sb_init) ( void ) { s_sb_hash = VG_(HT_construct)("cp.sb.hash"); }

/*--------------------------------------------------------------------*/
/*--- end                                             cp_sbinfo.c ---*/
/*--------------------------------------------------------------------*/
