/*--------------------------------------------------------------------*/
/*--- cprofgrind: the race detector's accesses.          cp_race.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   Every load and store of the client is checked against the recent
   accesses to the same bytes (cp_shadow.h), FastTrack style: a cell
   holds one access as (thread, epoch, bytes, write, atomic) and two
   accesses race when they come from different threads, share a byte,
   one writes, not both are atomic, and the older one's epoch is not
   known to the newer one's thread (cp_hb.c).

   Fast path, inline IR per access of up to 16 bytes in one granule: find
   the granule's cells through the translation cache and compare cell 0
   with the current access.  Cell 0 is the latest access; when it is the
   same thread in the same epoch, covering these bytes, of the same kind
   (a write covers a later read), nothing can be learnt and nothing needs
   to be stored.  Otherwise -- another thread, a new epoch, a cache miss,
   an access crossing granules -- the checker (a helper call) runs.
   Accesses of 32 bytes are checked as 16-byte pieces.

   Which code is checked.  Nothing runs until the program makes its
   second thread: everything before pthread_create happens before the
   new thread, so the first thread's accesses cannot race (translations
   are then discarded and remade with the checks).  After that, all code
   except the C library and the dynamic loader: their internal memory is
   protected by their internal locks, which are not the program's
   synchronisation (malloc's arena lock would otherwise order unrelated
   threads and hide their races, and stdio's buffers would look racy).
   What the C library does to the program's memory on its behalf is
   checked: the string and memory functions (memcpy, strlen, ...) when
   called from outside the library, and system calls (read() writes its
   buffer) through the core's memory events.  Synchronisation in the C
   library comes from the wrappers of the preload library (cp_sync.c).

   Atomic read-modify-write instructions (lock-prefixed, xchg: IRCAS) are
   an atomic write and acquire+release on their address.  Other atomic
   operations compile to plain moves on x86-64 and cannot be told apart
   here (see docs/race.md). */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_machine.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_debuginfo.h"
#include "pub_tool_vki.h"
#include "pub_tool_vkiscnums.h"
#include "pub_tool_transtab.h"
#include "cp_race.h"
#include "cp_racerep.h"
#include "cp_shadow.h"
#include "cp_annot.h"
#include "cp_dwarf.h"
#include "cp_clo.h"
#include "cp_context.h"
#include "cp_objects.h"
#include "cp_coreext.h"

/* Packed description of one access, the second argument of the
   helpers: piece size, kind, flags, full size, piece number, site. */
#define P_SIZE(p)    ((UInt)((p) & 0x1F))
#define P_WRITE      (1UL << 5)
#define P_ATOMIC     (1UL << 6)
#define P_LIBC       (1UL << 7)       /* check only if called from outside */
#define P_FULL(p)    ((UInt)(((p) >> 8) & 0xFF))
#define P_PIECE(p)   ((UInt)(((p) >> 16) & 0xF))
#define P_SITE(p)    ((UInt)((p) >> 32))
#define SITE(sb, i)  (((UWord)(sb) << 7) | (i))
#define MAX_SITE_INSTRS 128

static ThreadId s_tid = VG_INVALID_THREADID;   /* running thread */
static Bool     s_checking = False;            /* a second thread exists */

static ULong stats__slow = 0, stats__atomics = 0, stats__ranges = 0;
static ULong stats__straddles = 0, stats__swaps = 0, stats__overflows = 0;
static ULong stats__races = 0;

/*------------------------------------------------------------*/
/*--- Sites: where an access was made                      ---*/
/*------------------------------------------------------------*/

static Addr site_pc ( UInt site )
{
   const SBInfo* sb = CP_(sb_by_id)(site >> 7);
   if (!sb || (site & 127) >= sb->n_instrs) return 0;
   return sb->addr + sb->ioff[site & 127];
}

/* A site for an instruction outside generated code (a client request
   or a system call): a one-instruction block at pc. */
static UInt site_of_pc ( Addr pc )
{
   static SBShape shape;
   shape.n_instrs = 1;
   shape.n_exits  = 0;
   shape.iaddr[0] = pc;
   const SBInfo* sb = CP_(sb_get)(&shape, VG_(current_DiEpoch)());
   return sb ? SITE(sb->id, 0) : 0;   /* 0: no line in reports */
}

/*------------------------------------------------------------*/
/*--- Wheres: (context, site) pairs as 32-bit numbers      ---*/
/*------------------------------------------------------------*/

/* A cell keeps where its access was made as a number (cp_shadow.h): the
   64-bit key context id | site << 32 interned here, so that a cell is 12
   bytes instead of 16.  Numbers are never given back (a program has a
   few thousand to a few million distinct pairs).  Number 0 is none. */
static ULong* s_wkeys   = NULL;   /* number -> key */
static UInt   s_wn      = 1;      /* numbers given */
static UInt   s_wcap    = 0;
static UInt*  s_whash   = NULL;   /* key -> number, open addressing */
static UWord  s_whmask  = 0;
#define WCACHE_BITS 10
static struct { ULong key; UInt id; } s_wcache[1 << WCACHE_BITS];

static void where_rehash ( void )
{
   UWord size = s_whash ? 2 * (s_whmask + 1) : 1 << 12;
   if (s_whash) CP_FREE(s_whash);
   s_whash  = CP_CALLOC("cp.race.where_rehash.1", size, sizeof(UInt));
   s_whmask = size - 1;
   for (UInt id = 1; id < s_wn; id++) {
      UWord h = (UWord)CP_(mix64)(s_wkeys[id]) & s_whmask;
      while (s_whash[h]) h = (h + 1) & s_whmask;
      s_whash[h] = id;
   }
}

static UInt where_id_slow ( ULong key, UWord mix )
{
   if (s_whash == NULL) where_rehash();
   UWord h = mix & s_whmask;
   for (; s_whash[h]; h = (h + 1) & s_whmask)
      if (s_wkeys[s_whash[h]] == key) return s_whash[h];
   if (s_wn >= s_wcap) {
      s_wcap  = s_wcap ? 2 * s_wcap : 1 << 12;
      s_wkeys = CP_REALLOC("cp.race.where_id.1", s_wkeys, s_wcap * sizeof(ULong));
   }
   UInt id = s_wn++;
   s_wkeys[id] = key;
   s_whash[h]  = id;
   if ((UWord)s_wn * 2 > s_whmask + 1) where_rehash();
   return id;
}

static inline UInt where_id ( ULong key )
{
   UWord mix = (UWord)CP_(mix64)(key);
   UWord slot = mix >> (64 - WCACHE_BITS);
   if (LIKELY(s_wcache[slot].key == key) && LIKELY(s_wcache[slot].id != 0))
      return s_wcache[slot].id;
   UInt id = where_id_slow(key, mix);
   s_wcache[slot].key = key;
   s_wcache[slot].id  = id;
   return id;
}

static inline ULong where_key ( UInt id )
{
   return id ? s_wkeys[id] : 0;
}

Where CP_(race_where_now) ( ThreadId tid )
{
   Where w;
   w.node = CP_(cct_current)(tid)->id;
   w.pc   = VG_(get_IP)(tid);
   return w;
}

/*------------------------------------------------------------*/
/*--- The checker                                          ---*/
/*------------------------------------------------------------*/

static void describe_cell ( ULong m, UInt wid, Addr g, RaceAccess* r )
{
   ULong where = where_key(wid);
   UInt  mk = (UInt)(m & CP_M_MASK);
   UInt  lo = 0, n = 0;
   while (!(mk & (1u << lo))) lo++;
   for (UInt b = lo; b < CP_GRANULE && (mk & (1u << b)); b++) n++;
   r->a      = g + lo;
   r->size   = n;
   r->write  = (m & CP_M_WRITE) != 0;
   r->atomic = (m & CP_M_ATOMIC) != 0;
   r->tid    = VG_INVALID_THREADID;   /* may be gone */
   r->slot   = CP_M_TID(m);
   r->clock  = CP_M_CLK(m);
   r->where.node = (UInt)where;
   r->where.pc   = site_pc((UInt)(where >> 32));
}

/* Can the cell old be replaced by the access cur without losing a
   race?  Yes when every later access that races with old also races
   with cur: old happens before cur (or is the same thread's), its bytes
   are among cur's, and cur conflicts with at least what old conflicts
   with (a write with more than a read, a plain access with more than an
   atomic one). */
static inline Bool subsumes ( ULong cur, ULong old, Bool old_before )
{
   if (!old_before) return False;
   if ((old & CP_M_MASK) & ~(cur & CP_M_MASK)) return False;
   if ((old & CP_M_WRITE) && !(cur & CP_M_WRITE)) return False;
   if ((cur & CP_M_ATOMIC) && !(old & CP_M_ATOMIC)) return False;
   return True;
}

/* One access as the checker sees it; turned into a RaceAccess (with its
   instruction address) only when it races. */
typedef struct {
   Addr  a;        /* first byte of the whole access */
   UInt  size;     /* its size */
   UWord packed;   /* P_WRITE, P_ATOMIC */
   ULong where;    /* context id | site << 32 */
   UInt  wid;      /* where's number, 0 until asked for (acc_wid) */
} Acc;

/* The number of x's where, made when first needed (most checks merge
   into a cell that already has it). */
static inline UInt acc_wid ( Acc* x )
{
   if (x->wid == 0) x->wid = where_id(x->where);
   return x->wid;
}

static void to_race_access ( const Acc* x, RaceAccess* r )
{
   r->a      = x->a;
   r->size   = x->size;
   r->write  = (x->packed & P_WRITE) != 0;
   r->atomic = (x->packed & P_ATOMIC) != 0;
   r->tid    = s_tid;
   r->slot   = CP_M_TID(CP_(hb_meta));
   r->clock  = CP_M_CLK(CP_(hb_meta));
   r->where.node = (UInt)x->where;
   r->where.pc   = site_pc((UInt)(x->where >> 32));
}

static Bool s_dwarf_atomics = False;   /* the debug info named some (cp_dwarf.c) */

/* The running thread's clock (its VC struct does not move). */
static const VC* s_vc = NULL;

/* --race-mode=hybrid (Eraser's lockset discipline on top of the
   happens-before that remains): two conflicting accesses are protected
   when both threads held a common lock, in write mode for each side
   that writes.  Each lockset change starts a new epoch, so the locks
   held at an access are those of its (slot, clock).  When that history
   is gone (the log wrapped), the pair counts as protected: no report
   rather than a doubtful one. */
static Bool common_lock ( ULong prev, ULong cur )
{
   UInt pid[16], cid[16];
   Bool pwr[16], cwr[16];
   Int np = CP_(hb_locks_at)(CP_M_TID(prev), CP_M_CLK(prev), pid, pwr, 16);
   Int nc = CP_(hb_locks_at)(CP_M_TID(cur), CP_M_CLK(cur), cid, cwr, 16);
   if (np < 0 || nc < 0) return True;
   for (Int i = 0; i < np; i++)
      for (Int j = 0; j < nc; j++) {
         if (pid[i] != cid[j]) continue;
         if ((prev & CP_M_WRITE) && !pwr[i]) continue;
         if ((cur & CP_M_WRITE) && !cwr[j]) continue;
         return True;
      }
   return False;
}

/* Can a remembered access pm race with the access cur, on bytes m?
   Another thread's, not before cur, on those bytes, one of them a write,
   not both atomic.  (Before any filter: benign ranges, hybrid locks.) */
static inline Bool may_race ( ULong pm, ULong cur, ULong m, Bool before )
{
   return !before && (pm & m) && ((cur | pm) & CP_M_WRITE)
          && !((cur & pm) & CP_M_ATOMIC);
}

static inline Bool happened_before ( ULong pm )
{
   return CP_M_CLK(pm) <= CP_(vc_get)(s_vc, CP_M_TID(pm));
}

/* Does some cell say the bytes m are an atomic location? */
static inline Bool any_atomic ( Gran c, Addr g, ULong m )
{
   for (UInt k = 0; k < CP_CELLS; k++)
      if ((c.meta[k] & CP_M_ATOMIC) && (c.meta[k] & m)) return True;
   if (LIKELY(!CP_(gran_more)(c))) return False;
   More* e = CP_(shadow_more)(g, False);
   for (UInt k = 0; e && k < e->n; k++)
      if ((e->meta[k] & CP_M_ATOMIC) && (e->meta[k] & m)) return True;
   return False;
}

/* Record (meta, where) in cell 0 of c, the cells before slot moving one
   place back (the one at slot is overwritten). */
static inline void put_front ( Gran c, UInt slot, ULong meta, UInt wid )
{
   ULong more = CP_(gran_more)(c) ? CP_M_MORE : 0;   /* stays marked */
   for (UInt k = slot; k > 0; k--) {
      c.meta[k]  = c.meta[k - 1];
      c.where[k] = c.where[k - 1];
   }
   c.meta[0]  = meta | more;
   c.where[0] = wid;
}

/* Does cell k of c belong to the calling context of x? */
static inline Bool same_context ( Gran c, UInt k, ULong where )
{
   return (UInt)where_key(c.where[k]) == (UInt)where;
}

/* The meta bits that must be equal for a cell to stand for an access:
   thread, epoch, atomicity, and the kind for a write (a write covers a
   later read).  Used by the inline check too. */
static inline ULong match_keep ( Bool write )
{
   return write ? ~CP_M_NOTID : ~(CP_M_NOTID | CP_M_WRITE);
}

/* Does the cell pm already say the access cur to bytes m? */
static inline Bool covers ( ULong pm, ULong cur, ULong m )
{
   return ((pm ^ cur) & match_keep((cur & CP_M_WRITE) != 0)) == 0
          && (pm & m) == m;
}

/* Cell k and cell 0 change places. */
static inline void swap_front ( Gran c, UInt k )
{
   ULong tm = c.meta[k];  c.meta[k]  = c.meta[0];  c.meta[0]  = tm;
   UInt  tw = c.where[k]; c.where[k] = c.where[0]; c.where[0] = tw;
   stats__swaps++;
}

/* The access cur (bytes m of granule g) against a remembered access of
   another thread (meta pm, where number wid): report a race.  Did pm
   happen before cur? */
static Bool check_pair ( ULong pm, UInt wid, ULong cur, ULong m, Addr g,
                         const Acc* x )
{
   Bool before = happened_before(pm);
   if (!may_race(pm, cur, m, before)) return before;
   if (UNLIKELY(CP_(annot_benign)(g + (UInt)__builtin_ctzll(pm & m))))
      return before;   /* ANNOTATE_BENIGN_RACE_SIZED and friends */
   if (CP_(clo).race_hybrid && common_lock(pm, cur))
      return before;
   RaceAccess now, prev;
   to_race_access(x, &now);
   describe_cell(pm, wid, g, &prev);
   stats__races++;
   CP_(racerep_race)(&now, &prev);
   return before;
}

/* The overflow cells of a granule against cur; those cur subsumes (and
   those emptied by frees) are dropped. */
static void check_more ( More* e, ULong cur, ULong m, Addr g, const Acc* x )
{
   UInt me = CP_M_TID(cur), n = 0;
   for (UInt k = 0; k < e->n; k++) {
      ULong pm = e->meta[k];
      if (pm == 0) continue;
      Bool before = CP_M_TID(pm) == me || check_pair(pm, e->where[k], cur, m, g, x);
      if (subsumes(cur, pm, before)) continue;
      e->meta[n]  = pm;
      e->where[n] = e->where[k];
      n++;
   }
   e->n = n;
}

/* Check and record one access to bytes m of the granule at g, whose
   cells are c. */
static void check_cells ( Gran c, Addr g, ULong m, Acc* x )
{
   ULong cur = CP_(hb_meta) | m
               | ((x->packed & P_WRITE) ? CP_M_WRITE : 0)
               | ((x->packed & P_ATOMIC) ? CP_M_ATOMIC : 0);
   UInt me = CP_M_TID(cur);   /* the running thread's slot */
   Bool before[CP_CELLS];
   Int  same = -1;   /* a cell of this thread, epoch, kind and place */

   /* A cell that already says it (same thread and epoch, these bytes,
      same kind or a write for a read): move it to the front for the
      inline check, and nothing else to do. */
   for (UInt k = 0; k < CP_CELLS; k++)
      if (covers(c.meta[k], cur, m)) {
         if (k) swap_front(c, k);
         return;
      }

   for (UInt k = 0; k < CP_CELLS; k++) {
      ULong pm = c.meta[k];
      before[k] = True;
      if (pm == 0) continue;
      if (CP_M_TID(pm) == me) {
         if (((pm ^ cur) & ~CP_M_NOTID) == 0
             && same_context(c, k, x->where))
            same = (Int)k;
         continue;
      }
      before[k] = check_pair(pm, c.where[k], cur, m, g, x);
   }
   More* e = CP_(gran_more)(c) ? CP_(shadow_more)(g, False) : NULL;
   if (e) check_more(e, cur, m, g, x);

   Int slot = -1;
   if (same >= 0) {
      /* the same calling context (function instance), epoch and kind, on
         other bytes of the granule (a loop over an array, the fields of
         a struct): one cell for all, which keeps the newest instruction.
         A report then shows the right context and thread, and a line of
         that function that touched the granule in that epoch; keeping a
         cell per instruction instead makes byte-by-byte code thrash the
         two cells and take the slow path on nearly every access. */
      cur |= c.meta[same] & CP_M_MASK;
      slot = same;
   }
   /* Where to keep it: a cell it subsumes, else an empty one, else one
      that happened before -- first one that is not this thread's in this
      epoch (a struct whose fields the thread reads and writes in turn
      keeps both, instead of the two evicting each other at every access
      while an older write, its initialisation, stays) --, else the
      oldest (the last, to the overflow cells); then it moves to cell 0,
      where the fast path looks first. */
   for (UInt k = 0; k < CP_CELLS && slot < 0; k++)
      if (c.meta[k] && subsumes(cur, c.meta[k], before[k])) slot = (Int)k;
   for (UInt k = 0; k < CP_CELLS && slot < 0; k++)
      if (c.meta[k] == 0) slot = (Int)k;
   for (UInt k = 0; k < CP_CELLS && slot < 0; k++)
      if (before[k] && ((c.meta[k] ^ cur) & ~(CP_M_NOTID | CP_M_WRITE)) != 0)
         slot = (Int)k;   /* not this thread's in this epoch */
   for (UInt k = 0; k < CP_CELLS && slot < 0; k++)
      if (before[k]) slot = (Int)k;
   if (slot < 0) {
      /* every cell is another thread's access that this one is not
         ordered with: the oldest goes to the overflow cells */
      slot = CP_CELLS - 1;
      if (!e) e = CP_(shadow_more)(g, True);   /* newly marked */
      CP_(shadow_more_push)(e, c.meta[slot], c.where[slot]);
      c.meta[0] |= CP_M_MORE;   /* put_front keeps it */
      stats__overflows++;
   }
   put_front(c, (UInt)slot, cur, acc_wid(x));
}

static void check_granule ( Addr g, ULong m, Acc* x )
{
   Gran c;
   CP_(shadow_gran)(g, True, &c);
   check_cells(c, g, m, x);
}

/* Bytes [a, a+size) of one access (any size, any alignment). */
static void check_range ( Addr a, SizeT size, Acc* x )
{
   Addr end = a + size;
   while (a < end) {
      Addr  g  = a & ~(Addr)(CP_GRANULE - 1);
      UInt  lo = (UInt)(a - g);
      UInt  hi = end - g < CP_GRANULE ? (UInt)(end - g) : CP_GRANULE;
      ULong m  = ((1ULL << hi) - 1) & ~((1ULL << lo) - 1);
      check_granule(g, m, x);
      a = g + CP_GRANULE;
   }
}

static ULong stats__merged = 0;

/* The commonest miss of the inline check: this thread already has a cell
   of this epoch, kind and calling context in cell 0, for other bytes of
   the granule (code walking a buffer byte by byte, the fields of a
   struct).  If cell 1 cannot race with the new bytes and says nothing of
   atomics, the bytes join cell 0 (what check_granule would do, minus its
   searches).  Anything else goes the long way. */
static inline __attribute__((always_inline))
Bool merge_own ( Gran c, ULong m, Acc* x )
{
   ULong cur = CP_(hb_meta) | ((x->packed & P_WRITE) ? CP_M_WRITE : 0);
   ULong c0  = c.meta[0];
   ULong c1  = c.meta[1];
   if (((c0 ^ cur) & ~CP_M_NOTID) != 0 || CP_(gran_more)(c)) return False;
   ULong w0 = where_key(c.where[0]);
   if ((UInt)w0 != (UInt)x->where) return False;   /* another context */
   if ((c1 & CP_M_ATOMIC) && (c1 & m)) return False;
   /* (cell 1's clock is looked up only if it holds some of these bytes) */
   if ((c1 & m) && CP_M_TID(c1) != CP_M_TID(cur)
       && may_race(c1, cur, m, happened_before(c1)))
      return False;   /* a race to report: the long way */
   c.meta[0] = c0 | m;
   /* the newest instruction (most often the same one) */
   if (w0 != x->where) c.where[0] = acc_wid(x);
   stats__merged++;
   return True;
}

/* An access that synchronises on its address a: an acquire before it,
   a release after it (a read-modify-write does both), checked as atomic. */
static void sync_access ( Addr a, UInt size, Acc* x, Bool acquire, Bool release )
{
   SyncObj* o = CP_(hb_sync)(a, SyncAtomic, True);
   x->packed |= P_ATOMIC;
   if (acquire) CP_(hb_acquire)(s_tid, o);
   check_range(a, size, x);
   if (release) CP_(hb_release)(s_tid, o);
}

/* Bytes m of the granule g, not atomic: join the thread's own cell or
   go through the full check; one shadow lookup either way. */
static inline void plain_part ( Addr g, ULong m, Acc* x )
{
   Gran c;
   CP_(shadow_gran)(g, True, &c);
   if (!merge_own(c, m, x)) check_cells(c, g, m, x);
}

/* ANNOTATE_IGNORE_READS/WRITES: this thread's accesses of that kind are
   neither checked nor remembered. */
static inline Bool ignored ( UWord packed )
{
   UChar ig = CP_(annot_ignore)[s_tid];
   return UNLIKELY(ig) && (ig & ((packed & P_WRITE) ? CP_IGNORE_WRITES
                                                    : CP_IGNORE_READS));
}

/* Cell 1 says it already (what the inline check asks of cell 0): the
   two cells change places, nothing else.  The commonest miss after the
   merges: a struct whose fields a thread reads and writes in turn in one
   granule (zlib's deflate_state) keeps a read cell and a write cell, and
   each access finds the other one in cell 0.  (check_cells does this
   too, after more work.) */
static inline Bool swap_found ( Gran c, ULong m, UWord packed )
{
   ULong cur = CP_(hb_meta) | ((packed & P_WRITE) ? CP_M_WRITE : 0);
   if (!covers(c.meta[1], cur, m)) return False;
   swap_front(c, 1);
   return True;
}

static VG_REGPARM(2) void race_access ( Addr a, UWord packed )
{
   CtxNode* node = CP_(cur_node);
   if ((packed & P_LIBC) && node->from_sys) return;
   if (ignored(packed)) return;
   stats__slow++;
   Acc x;
   x.a      = a - P_SIZE(packed) * P_PIECE(packed);
   x.size   = P_FULL(packed);
   x.where  = (ULong)node->id | ((ULong)P_SITE(packed) << 32);
   x.wid    = 0;
   x.packed = packed;
   UInt sz  = P_SIZE(packed);
   Addr g   = a & ~(Addr)(CP_GRANULE - 1);
   UInt lo  = (UInt)(a - g);
   if (UNLIKELY(lo + sz > CP_GRANULE)) {
      /* straddles two granules (unaligned loads in compressors, string
         code): never an atomic location; each part on its own */
      UInt s1 = CP_GRANULE - lo;
      stats__straddles++;
      plain_part(g, ((1ULL << s1) - 1) << lo, &x);
      plain_part(g + CP_GRANULE, (1ULL << (sz - s1)) - 1, &x);
      return;
   }
   ULong m  = ((1ULL << sz) - 1) << lo;
   Gran  c;
   CP_(shadow_gran)(g, True, &c);
   /* x86-64 compiles atomic loads and stores to plain moves.  A plain
      access to bytes that a locked read-modify-write has used (a cell
      says atomic), or whose type the debug info says is atomic, is taken
      for one of those: atomic itself, and an acquire (a load) or a
      release (a store), as the hardware's ordering gives them.
      (std::shared_ptr's release reads its counts this way.) */
   if (UNLIKELY(any_atomic(c, g, m))
       || (s_dwarf_atomics && UNLIKELY(CP_(dwarf_is_atomic)(a)))) {
      Bool write = (packed & P_WRITE) != 0;
      sync_access(a, sz, &x, !write, write);
      return;
   }
   if (LIKELY(merge_own(c, m, &x))) return;
   if (swap_found(c, m, packed)) return;
   check_cells(c, g, m, &x);
}

static VG_REGPARM(3) void race_range ( Addr a, UWord size, UWord packed )
{
   CtxNode* node = CP_(cur_node);
   if ((packed & P_LIBC) && node->from_sys) return;
   if (ignored(packed)) return;
   stats__ranges++;
   Acc x = { a, (UInt)size, packed, (ULong)node->id | ((ULong)P_SITE(packed) << 32), 0 };
   check_range(a, size, &x);
}

/* An atomic read-modify-write: acquire, an atomic write, release. */
static VG_REGPARM(2) void race_atomic ( Addr a, UWord packed )
{
   CtxNode* node = CP_(cur_node);
   if ((packed & P_LIBC) && node->from_sys) return;
   stats__atomics++;
   Acc x = { a, P_FULL(packed), packed, (ULong)node->id | ((ULong)P_SITE(packed) << 32), 0 };
   sync_access(a, P_FULL(packed), &x, True, True);
}

void CP_(race_access_here) ( ThreadId tid, Addr a, SizeT size, Bool write,
                             Bool atomic )
{
   /* the core reports some writes for threads that are gone (the
      kernel clearing an exited thread's tid word) */
   if (!s_checking || size == 0 || !VG_(is_valid_tid)(tid)) return;
   /* called from syscall wrappers before the scheduler says the thread
      runs again (after a blocking call): it is the running thread */
   if (tid != s_tid) CP_(race_start_client)(tid);
   Where w = CP_(race_where_now)(tid);
   Acc x;
   x.a      = a;
   x.size   = size > 0xFFFFFFFFUL ? 0xFFFFFFFFu : (UInt)size;
   x.packed = (write ? P_WRITE : 0) | (atomic ? P_ATOMIC : 0);
   x.where  = (ULong)w.node | ((ULong)site_of_pc(w.pc) << 32);
   x.wid    = 0;
   check_range(a, size, &x);
}

/*------------------------------------------------------------*/
/*--- Instrumentation                                      ---*/
/*------------------------------------------------------------*/

static struct {
   Bool    on;
   UWord   flags;       /* P_LIBC or 0 */
   UInt    sb_id;
   IRTemp  meta;        /* CP_(hb_meta), loaded at the first access */
   IRTemp  metaw;       /* meta | CP_M_WRITE, made at the first store */
   Bool    atomic_instr[MAX_SITE_INSTRS];
   Bool    plain_atomic[MAX_SITE_INSTRS];  /* a load/store of std::atomic */
   UChar*  skip;        /* per statement of sbIn: its check is redundant */
   Int     n_skip;
} s_sb;

/* Plain accesses of a superblock whose check another one makes
   redundant (the same address expression -- one IR temporary, or one
   constant -- in the same epoch: no atomic helper between them):
     - a load followed by a store of at least as many bytes, with no side
       exit between (the store's check covers the read: a write
       conflicts with everything a read does, and reports the same
       instruction pair for a read-modify-write);
     - an access after one of at least as many bytes, a write, or a read
       when it is a read itself: the earlier check has recorded it. */
static Bool same_addr ( const IRExpr* e1, const IRExpr* e2 )
{
   if (e1->tag != e2->tag) return False;
   if (e1->tag == Iex_RdTmp) return e1->Iex.RdTmp.tmp == e2->Iex.RdTmp.tmp;
   if (e1->tag == Iex_Const)
      return e1->Iex.Const.con->tag == Ico_U64 && e2->Iex.Const.con->tag == Ico_U64
             && e1->Iex.Const.con->Ico.U64 == e2->Iex.Const.con->Ico.U64;
   return False;
}

/* A plain load or store: its address, size and kind. */
static Bool plain_access ( const IRTypeEnv* tyenv, const IRStmt* st,
                           const IRExpr** addr, UInt* size, Bool* write )
{
   if (st->tag == Ist_WrTmp && st->Ist.WrTmp.data->tag == Iex_Load) {
      *addr  = st->Ist.WrTmp.data->Iex.Load.addr;
      *size  = sizeofIRType(st->Ist.WrTmp.data->Iex.Load.ty);
      *write = False;
      return True;
   }
   if (st->tag == Ist_Store) {
      *addr  = st->Ist.Store.addr;
      *size  = sizeofIRType(typeOfIRExpr(tyenv, st->Ist.Store.data));
      *write = True;
      return True;
   }
   return False;
}

static void find_redundant ( const IRSB* sbIn )
{
   Int n = sbIn->stmts_used;
   if (n > s_sb.n_skip) {
      s_sb.skip = CP_REALLOC("cp.race.find_redundant.1", s_sb.skip, n);
      s_sb.n_skip = n;
   }
   VG_(memset)(s_sb.skip, 0, n);
   for (Int i = 0; i < n; i++) {
      const IRExpr* a; UInt sz; Bool w;
      if (!plain_access(sbIn->tyenv, sbIn->stmts[i], &a, &sz, &w)) continue;
      if (a->tag != Iex_RdTmp && a->tag != Iex_Const) continue;
      Bool exit_between = False;
      for (Int j = i + 1; j < n; j++) {
         const IRStmt* st = sbIn->stmts[j];
         if (st->tag == Ist_CAS || st->tag == Ist_LLSC) break;
         if (st->tag == Ist_Exit) { exit_between = True; continue; }
         const IRExpr* a2; UInt sz2; Bool w2;
         if (!plain_access(sbIn->tyenv, st, &a2, &sz2, &w2) || !same_addr(a, a2))
            continue;
         /* j after i: redundant if i covers it */
         if (sz2 <= sz && (w || !w2)) s_sb.skip[j] = 1;
         /* i before a store j that covers it, j surely reached */
         if (!w && w2 && sz2 >= sz && !exit_between) s_sb.skip[i] = 1;
      }
   }
}

static Bool libc_function_checked ( const HChar* fn )
{
   while (*fn == '_') fn++;
   static const HChar* const skip[] = { "strftime", "strptime", "strerror",
                                        "strsignal", "strtok", "strfmon",
                                        "strfrom", "strto", "strcoll",
                                        "strxfrm", NULL };
   for (Int i = 0; skip[i]; i++)
      if (VG_(strncmp)(fn, skip[i], VG_(strlen)(skip[i])) == 0) return False;
   static const HChar* const take[] = { "mem", "str", "stp", "wmem", "wcs",
                                        "bzero", "bcopy", "explicit_bzero",
                                        "rawmemchr", NULL };
   for (Int i = 0; take[i]; i++)
      if (VG_(strncmp)(fn, take[i], VG_(strlen)(take[i])) == 0) return True;
   return False;
}

/* Source files whose loads and stores are atomic operations: the bodies
   of Rust's core::sync::atomic and of libstdc++'s std::atomic, inlined
   into the program (the line table still names them).  On x86-64 their
   acquire loads and release stores are plain moves, which machine code
   alone cannot tell from racy ones; their debug info can. */
static Bool atomic_source ( DiEpoch ep, Addr a )
{
   const HChar* file;
   const HChar* dir = NULL;
   UInt line;
   if (!VG_(get_filename_linenum)(ep, a, &file, &dir, &line)) return False;
   SizeT n = VG_(strlen)(file);
   if (n >= 9 && VG_(strcmp)(file + n - 9, "atomic.rs") == 0) {
      /* core/src/sync/atomic.rs, as a relative or absolute name */
      return VG_(strstr)(file, "sync/atomic.rs") != NULL
             || (dir && VG_(strstr)(dir, "/sync") != NULL);
   }
   if (VG_(strcmp)(file, "atomic_base.h") == 0
       || (n >= 14 && VG_(strcmp)(file + n - 14, "/atomic_base.h") == 0))
      return True;
   /* <atomic> itself: a file named "atomic" in a c++ include folder */
   if (VG_(strcmp)(VG_(basename)(file), "atomic") == 0)
      return VG_(strstr)(file, "c++") != NULL || (dir && VG_(strstr)(dir, "c++") != NULL);
   return False;
}

Bool CP_(race_sb_begin) ( IRSB* sbIn, SBInfo* sb, DiEpoch ep )
{
   s_sb.on = False;
   if (!s_checking || sb == NULL) return False;
   const Obj* o = CP_(obj_of)(ep, sb->addr);
   s_sb.flags = 0;
   if (o && o->is_ours) return False;
   if (o && o->is_sys) {
      const HChar* fn;
      if (VG_(strncmp)(VG_(basename)(o->filename), "libc.so", 7) != 0
          || !VG_(get_fnname)(ep, sb->addr, &fn)
          || !libc_function_checked(fn))
         return False;
      s_sb.flags = P_LIBC;
   }
   /* A threading runtime whose synchronisation is made of plain moves,
      atomics and futexes rather than pthread calls (OpenMP's libgomp):
      each of its loads is an acquire and each store a release, and its
      own accesses never race with each other.  User code it runs (the
      outlined parallel regions) is in the program and checked as usual. */
   Bool runtime = o && VG_(strncmp)(VG_(basename)(o->filename), "libgomp.so", 10) == 0;
   s_sb.on    = True;
   s_sb.sb_id = sb->id;
   s_sb.meta  = s_sb.metaw = IRTemp_INVALID;
   /* Instructions holding a CAS are atomic as a whole: their plain load
      of the old value is part of the read-modify-write. */
   Int idx = -1;
   for (UInt i = 0; i < MAX_SITE_INSTRS; i++)
      s_sb.atomic_instr[i] = s_sb.plain_atomic[i] = False;
   for (Int i = 0; i < sbIn->stmts_used; i++) {
      const IRStmt* st = sbIn->stmts[i];
      if (st->tag == Ist_IMark && st->Ist.IMark.len > 0) {
         idx++;
         if (idx < MAX_SITE_INSTRS && !s_sb.flags)
            s_sb.plain_atomic[idx] = runtime
                                     || atomic_source(ep, st->Ist.IMark.addr);
      }
      else if ((st->tag == Ist_CAS || st->tag == Ist_LLSC)
               && idx >= 0 && idx < MAX_SITE_INSTRS)
         s_sb.atomic_instr[idx] = True;
   }
   find_redundant(sbIn);
   return True;
}

static IRTemp assign ( IRSB* sb, IRType ty, IRExpr* e )
{
   IRTemp t = newIRTemp(sb->tyenv, ty);
   addStmtToIRSB(sb, IRStmt_WrTmp(t, e));
   return t;
}

#define RD(t)      IRExpr_RdTmp(t)
#define U64(n)     IRExpr_Const(IRConst_U64((ULong)(n)))
#define BIN(o,a,b) IRExpr_Binop((o), (a), (b))

static UWord packed_of ( UInt piece_size, Bool write, Bool atomic,
                         UInt full, UInt piece, UInt idx )
{
   return (UWord)piece_size | (write ? P_WRITE : 0) | (atomic ? P_ATOMIC : 0)
          | s_sb.flags | ((UWord)(full > 0xFF ? 0xFF : full) << 8)
          | ((UWord)piece << 16) | ((UWord)SITE(s_sb.sb_id, idx) << 32);
}

/* One piece (at most 16 bytes) of a plain access: the inline comparison
   with cell 0, and the checker when it fails. */
static void emit_piece ( IRSB* sbOut, IRExpr* addr, UInt off, UInt sz,
                         Bool write, UWord packed, IRExpr* guard )
{
   if (s_sb.meta == IRTemp_INVALID)
      s_sb.meta = assign(sbOut, Ity_I64,
                         IRExpr_Load(Iend_LE, Ity_I64, U64(&CP_(hb_meta))));
   IRTemp a = off ? assign(sbOut, Ity_I64, BIN(Iop_Add64, addr, U64(off)))
                  : assign(sbOut, Ity_I64, addr);
   /* the primary map's entry: one load, (a >> 13) & ~7 being the
      chunk's number times 8 */
   IRTemp eoff = assign(sbOut, Ity_I64, BIN(Iop_Shr64, RD(a), IRExpr_Const(IRConst_U8(CP_CHUNK_BITS - 3))));
   IRTemp eidx = assign(sbOut, Ity_I64, BIN(Iop_And64, RD(eoff), U64(((1UL << CP_PRIMARY_BITS) - 1) << 3)));
   IRTemp ent  = assign(sbOut, Ity_I64, BIN(Iop_Add64, RD(eidx), U64(&CP_(shadow_primary)[0])));
   IRTemp boff = assign(sbOut, Ity_I64, IRExpr_Load(Iend_LE, Ity_I64, RD(ent)));
   /* the chunk's shadow is at dummy + boff (cp_shadow.h); the meta of
      cell 0 of its granule g at that + g * 24 = boff + h + h * 2 + dummy
      with h = g * 8 = (a >> 1) & 0x7ff8: one address mode (base, index
      * 2, 32-bit displacement) */
   IRTemp h1   = assign(sbOut, Ity_I64, BIN(Iop_Shr64, RD(a), IRExpr_Const(IRConst_U8(1))));
   IRTemp h    = assign(sbOut, Ity_I64, BIN(Iop_And64, RD(h1), U64(((CP_CHUNK_BYTES - 1) & ~(UWord)(CP_GRANULE - 1)) >> 1)));
   IRTemp bh   = assign(sbOut, Ity_I64, BIN(Iop_Add64, RD(boff), RD(h)));
   IRTemp h2   = assign(sbOut, Ity_I64, BIN(Iop_Shl64, RD(h), IRExpr_Const(IRConst_U8(1))));
   IRTemp bg   = assign(sbOut, Ity_I64, BIN(Iop_Add64, RD(bh), RD(h2)));
   IRTemp cp   = assign(sbOut, Ity_I64, BIN(Iop_Add64, RD(bg), U64(&CP_(shadow_dummy)[0])));
   IRTemp lo   = assign(sbOut, Ity_I64, BIN(Iop_And64, RD(a), U64(CP_GRANULE - 1)));
   IRTemp lo8  = assign(sbOut, Ity_I8, IRExpr_Unop(Iop_64to8, RD(lo)));
   IRTemp m    = assign(sbOut, Ity_I64, BIN(Iop_Shl64, U64((1ULL << sz) - 1), RD(lo8)));
   /* Cell 0 matches when it is the same thread, epoch and atomicity (and
      kind, for a write: a write covers a later read), covering these
      bytes: (cell ^ (cur | m)) & (keep | m) == 0, where cur is the
      thread's meta (with the write bit for a write), keep the meta bits
      that must be equal, and the bytes m of the cell must all be set. */
   IRTemp cur  = s_sb.meta;
   if (write) {
      if (s_sb.metaw == IRTemp_INVALID)
         s_sb.metaw = assign(sbOut, Ity_I64, BIN(Iop_Or64, RD(s_sb.meta), U64(CP_M_WRITE)));
      cur = s_sb.metaw;
   }
   ULong  keep = match_keep(write);
   IRTemp cell = assign(sbOut, Ity_I64, IRExpr_Load(Iend_LE, Ity_I64, RD(cp)));
   IRTemp curm = assign(sbOut, Ity_I64, BIN(Iop_Or64, RD(cur), RD(m)));
   IRTemp x    = assign(sbOut, Ity_I64, BIN(Iop_Xor64, RD(cell), RD(curm)));
   IRTemp km   = assign(sbOut, Ity_I64, BIN(Iop_Or64, RD(m), U64(keep)));
   IRTemp o    = assign(sbOut, Ity_I64, BIN(Iop_And64, RD(x), RD(km)));
   /* ...and the access is within one granule (m has no bit beyond it; a
      byte never crosses), below the primary map's limit */
   if (sz > 1) {
      IRTemp hi = assign(sbOut, Ity_I64, BIN(Iop_Shr64, RD(m), IRExpr_Const(IRConst_U8(CP_GRANULE))));
      o = assign(sbOut, Ity_I64, BIN(Iop_Or64, RD(o), RD(hi)));
   }
   IRTemp far  = assign(sbOut, Ity_I64, BIN(Iop_Shr64, RD(a), IRExpr_Const(IRConst_U8(CP_PRIMARY_LIMIT_BITS))));
   IRTemp o2   = assign(sbOut, Ity_I64, BIN(Iop_Or64, RD(o), RD(far)));
   IRTemp miss = assign(sbOut, Ity_I1, BIN(Iop_CmpNE64, RD(o2), U64(0)));
   if (guard)
      miss = assign(sbOut, Ity_I1, BIN(Iop_And1, RD(miss), guard));
   IRDirty* di = unsafeIRDirty_0_N(2, "race_access",
                                   VG_(fnptr_to_fnentry)(&race_access),
                                   mkIRExprVec_2(RD(a), U64(packed)));
   di->guard = RD(miss);
   addStmtToIRSB(sbOut, IRStmt_Dirty(di));
}

static void emit_access ( IRSB* sbOut, IRExpr* addr, UInt size, Bool write,
                          UInt idx, IRExpr* guard )
{
   UInt piece = size <= CP_GRANULE && (size & (size - 1)) == 0 ? size
                : size <= 32 && size % CP_GRANULE == 0 ? CP_GRANULE
                : size <= 32 && size % 8 == 0 ? 8 : 0;
   if (piece) {
      for (UInt p = 0; p < size / piece; p++)
         emit_piece(sbOut, addr, piece * p, piece, write,
                    packed_of(piece, write, False, size, p, idx), guard);
   } else {
      IRDirty* di = unsafeIRDirty_0_N(3, "race_range",
                                      VG_(fnptr_to_fnentry)(&race_range),
                                      mkIRExprVec_3(addr, U64(size),
                                         U64(packed_of(0, write, False, size, 0, idx))));
      if (guard) di->guard = guard;
      addStmtToIRSB(sbOut, IRStmt_Dirty(di));
   }
}

/* A load or store of an atomic variable (atomic_source): an atomic access
   and an acquire (load) or a release (store). */
static VG_REGPARM(2) void race_plain_atomic ( Addr a, UWord packed )
{
   CtxNode* node = CP_(cur_node);
   stats__atomics++;
   Bool write = (packed & P_WRITE) != 0;
   Acc x = { a, P_FULL(packed), packed,
             (ULong)node->id | ((ULong)P_SITE(packed) << 32), 0 };
   sync_access(a, P_FULL(packed), &x, !write, write);
}

static void emit_plain_atomic ( IRSB* sbOut, IRExpr* addr, UInt size,
                                Bool write, UInt idx, IRExpr* guard )
{
   IRDirty* di = unsafeIRDirty_0_N(2, "race_plain_atomic",
                                   VG_(fnptr_to_fnentry)(&race_plain_atomic),
                                   mkIRExprVec_2(addr,
                                      U64(packed_of(0, write, True, size, 0, idx))));
   if (guard) di->guard = guard;
   addStmtToIRSB(sbOut, IRStmt_Dirty(di));
   if (write) s_sb.meta = s_sb.metaw = IRTemp_INVALID;   /* a new epoch: reload */
}

static void emit_atomic ( IRSB* sbOut, IRExpr* addr, UInt size, UInt idx )
{
   IRDirty* di = unsafeIRDirty_0_N(2, "race_atomic",
                                   VG_(fnptr_to_fnentry)(&race_atomic),
                                   mkIRExprVec_2(addr,
                                      U64(packed_of(0, True, True, size, 0, idx))));
   addStmtToIRSB(sbOut, IRStmt_Dirty(di));
   s_sb.meta = s_sb.metaw = IRTemp_INVALID;   /* a new epoch: reload */
}

void CP_(race_stmt) ( IRSB* sbOut, IRStmt* st, Int stmt_idx, UInt idx )
{
   if (!s_sb.on || idx >= MAX_SITE_INSTRS || s_sb.skip[stmt_idx]) return;
   IRTypeEnv* tyenv = sbOut->tyenv;
   Bool atomic = s_sb.atomic_instr[idx];
   if (s_sb.plain_atomic[idx] && !atomic) {
      switch (st->tag) {
         case Ist_WrTmp:
            if (st->Ist.WrTmp.data->tag == Iex_Load)
               emit_plain_atomic(sbOut, st->Ist.WrTmp.data->Iex.Load.addr,
                                 sizeofIRType(st->Ist.WrTmp.data->Iex.Load.ty),
                                 False, idx, NULL);
            return;
         case Ist_Store:
            emit_plain_atomic(sbOut, st->Ist.Store.addr,
                              sizeofIRType(typeOfIRExpr(tyenv, st->Ist.Store.data)),
                              True, idx, NULL);
            return;
         default:
            break;   /* guarded loads, dirty helpers: as below */
      }
   }
   switch (st->tag) {
      case Ist_WrTmp: {
         IRExpr* e = st->Ist.WrTmp.data;
         if (e->tag == Iex_Load && !atomic)
            emit_access(sbOut, e->Iex.Load.addr, sizeofIRType(e->Iex.Load.ty),
                        False, idx, NULL);
         break;
      }
      case Ist_Store:
         if (!atomic)
            emit_access(sbOut, st->Ist.Store.addr,
                        sizeofIRType(typeOfIRExpr(tyenv, st->Ist.Store.data)),
                        True, idx, NULL);
         break;
      case Ist_LoadG: {
         IRLoadG* lg = st->Ist.LoadG.details;
         IRType ty_res, ty_arg;
         typeOfIRLoadGOp(lg->cvt, &ty_res, &ty_arg);
         if (!atomic)
            emit_access(sbOut, lg->addr, sizeofIRType(ty_arg), False, idx, lg->guard);
         break;
      }
      case Ist_StoreG: {
         IRStoreG* sg = st->Ist.StoreG.details;
         if (!atomic)
            emit_access(sbOut, sg->addr, sizeofIRType(typeOfIRExpr(tyenv, sg->data)),
                        True, idx, sg->guard);
         break;
      }
      case Ist_CAS: {
         IRCAS* cas = st->Ist.CAS.details;
         UInt size = sizeofIRType(typeOfIRExpr(tyenv, cas->expdLo))
                     * (cas->expdHi ? 2 : 1);
         emit_atomic(sbOut, cas->addr, size, idx);
         break;
      }
      case Ist_LLSC: {
         IRType ty = st->Ist.LLSC.storedata
                     ? typeOfIRExpr(tyenv, st->Ist.LLSC.storedata)
                     : typeOfIRTemp(tyenv, st->Ist.LLSC.result);
         emit_atomic(sbOut, st->Ist.LLSC.addr, sizeofIRType(ty), idx);
         break;
      }
      case Ist_Dirty: {
         IRDirty* d = st->Ist.Dirty.details;
         if (d->mFx == Ifx_None || d->mSize == 0) break;
         Bool write = d->mFx != Ifx_Read;
         IRDirty* di = unsafeIRDirty_0_N(3, "race_range",
                                         VG_(fnptr_to_fnentry)(&race_range),
                                         mkIRExprVec_3(d->mAddr, U64(d->mSize),
                                            U64(packed_of(0, write, False, d->mSize, 0, idx))));
         if (d->guard) di->guard = d->guard;
         addStmtToIRSB(sbOut, IRStmt_Dirty(di));
         break;
      }
      default:
         break;
   }
}

/*------------------------------------------------------------*/
/*--- Memory that starts clean                             ---*/
/*------------------------------------------------------------*/

void CP_(race_on_alloc) ( ThreadId tid, Addr a, SizeT size )
{
   (void)tid;
   if (s_checking) CP_(shadow_clear)(a, size);
}

void CP_(race_on_free) ( ThreadId tid, Addr a, SizeT size )
{
   if (!s_checking) return;
   /* free is a write to the whole block: a use in another thread that
      free does not happen after is a race */
   CP_(race_access_here)(tid, a, size ? size : 1, True, False);
   CP_(shadow_clear)(a, size);
}

static void on_new_mem ( Addr a, SizeT len, Bool rr, Bool ww, Bool xx,
                         ULong di_handle )
{
   (void)rr; (void)ww; (void)xx; (void)di_handle;
   if (s_checking) CP_(shadow_clear)(a, len);
}

static void on_die_mem ( Addr a, SizeT len )
{
   if (s_checking) CP_(shadow_clear)(a, len);
}

static void on_brk ( Addr a, SizeT len, ThreadId tid )
{
   (void)tid;
   if (s_checking) CP_(shadow_clear)(a, len);
}

/* System calls read and write the program's memory for it: read()
   writes its buffer.  Not those the C library makes for itself (stdio
   refilling its buffer: the calling function was called from inside the
   library), and not the synchronisation and thread-management calls,
   whose words belong to the wrapped functions (a futex word is touched
   by every thread that waits on it). */
static UInt* s_sysno = NULL;   /* each thread's system call, by ThreadId */

static Bool syscall_counts ( ThreadId tid, CorePart part )
{
   if (part != Vg_CoreSysCall || !s_checking || !VG_(is_valid_tid)(tid))
      return False;
   switch (s_sysno[tid]) {
      case __NR_futex: case __NR_set_robust_list: case __NR_rseq:
      case __NR_clone: case __NR_clone3: case __NR_set_tid_address:
      case __NR_exit: case __NR_exit_group:
         return False;
      default:
         break;
   }
   return !CP_(cct_current)(tid)->from_sys;
}

static void on_syscall_read ( CorePart part, ThreadId tid, const HChar* s,
                              Addr a, SizeT size )
{
   (void)s;
   if (syscall_counts(tid, part))
      CP_(race_access_here)(tid, a, size, False, False);
}

static void on_syscall_read_asciiz ( CorePart part, ThreadId tid,
                                     const HChar* s, Addr a )
{
   (void)s;
   if (syscall_counts(tid, part))
      CP_(race_access_here)(tid, a, VG_(strlen)((const HChar*)a) + 1, False, False);
}

static void on_syscall_write ( CorePart part, ThreadId tid, Addr a, SizeT size )
{
   if (syscall_counts(tid, part))
      CP_(race_access_here)(tid, a, size, True, False);
}

/*------------------------------------------------------------*/
/*--- Threads                                              ---*/
/*------------------------------------------------------------*/

void CP_(race_thread_create) ( ThreadId parent, ThreadId child )
{
   Where w = { 0, 0 };
   if (parent != VG_INVALID_THREADID) w = CP_(race_where_now)(parent);
   CP_(hb_thread_create)(parent, child, w);
   if (!s_checking && CP_(hb_many_threads)()) {
      /* From now on accesses can race: remake every translation with the
         checks (until now they had none). */
      s_checking = True;
      /* atomic variables by type, now that the program's objects and
         their debug info are loaded */
      CP_(dwarf_scan)();
      s_dwarf_atomics = CP_(dwarf_n_ranges)() > 0;
      VG_(discard_translations)((Addr)0x1000, ~(ULong)0xfff,
                                "cprofgrind race");
   }
}

void CP_(race_thread_exit) ( ThreadId tid )
{
   CP_(hb_thread_exit)(tid);
   /* The stack will be reused (glibc caches thread stacks): it starts
      clean for the next thread. */
   if (s_checking && tid != 1) {
      Addr  max  = VG_(thread_get_stack_max)(tid);
      SizeT size = VG_(thread_get_stack_size)(tid);
      if (max && size && size < max) CP_(shadow_clear)(max - size, size + 1);
   }
}

void CP_(race_start_client) ( ThreadId tid )
{
   s_tid = tid;
   CP_(hb_thread_running)(tid);
   s_vc = CP_(hb_vc)(tid);
}

/*------------------------------------------------------------*/
/*--- Pipes and sockets hand data over                     ---*/
/*------------------------------------------------------------*/

/* The sync object of a file descriptor: a pipe's or file's inode (both
   ends of a pipe share it), one for all sockets (their ends do not);
   0 for other kinds. */
static Addr fd_key ( Int fd )
{
   struct vg_stat st;
   if (VG_(fstat)(fd, &st) != 0) return 0;
   UInt fmt = st.mode & VKI_S_IFMT;
   if (fmt == VKI_S_IFSOCK) return (Addr)1 << 63 | 1;
   if (fmt == VKI_S_IFIFO || fmt == VKI_S_IFREG)
      return (Addr)1 << 63 | (Addr)(CP_(mix64)(st.dev << 32 ^ st.ino) >> 2);
   return 0;
}

static Bool is_send ( UInt sysno )
{
   return sysno == __NR_write || sysno == __NR_writev || sysno == __NR_pwrite64
          || sysno == __NR_sendto || sysno == __NR_sendmsg
          || sysno == __NR_pwritev;
}

static Bool is_recv ( UInt sysno )
{
   return sysno == __NR_read || sysno == __NR_readv || sysno == __NR_pread64
          || sysno == __NR_recvfrom || sysno == __NR_recvmsg
          || sysno == __NR_preadv;
}

/* Futexes used directly (Rust's std, custom locks; not glibc's own,
   whose pthread functions are wrapped): a FUTEX_WAKE releases on the
   futex word, and a FUTEX_WAIT that was woken acquires it, so the waker's
   past happens before the woken thread's future.  Calls that glibc makes
   from inside itself (contexts entered from libc) are left out: they
   would order threads that merely met in malloc's locks. */
#define FUTEX_OP_WAIT 0
#define FUTEX_OP_WAKE 1
#define FUTEX_OP_REQUEUE 3
#define FUTEX_OP_CMP_REQUEUE 4
#define FUTEX_OP_WAKE_OP 5
#define FUTEX_OP_WAIT_BITSET 9
#define FUTEX_OP_WAKE_BITSET 10

/* A futex word is an atomic variable (the kernel reads it atomically,
   and programs access it with atomic loads and stores, which are plain
   moves on x86-64): its cells become atomic, so that the plain moves
   before and after are synchronisation, not races. */
static void futex_word_atomic ( Addr a )
{
   Addr g = a & ~(Addr)(CP_GRANULE - 1);
   if ((a & 3) != 0) return;
   Gran c;
   CP_(shadow_gran)(g, True, &c);
   ULong m = 0xFULL << (a - g);
   Bool any = False;
   for (UInt k = 0; k < CP_CELLS; k++)
      if (c.meta[k] & m) { c.meta[k] |= CP_M_ATOMIC; any = True; }
   if (!any) {   /* no access yet: an atomic read by this thread */
      put_front(c, CP_CELLS - 1, CP_(hb_meta) | m | CP_M_ATOMIC,
                where_id((ULong)CP_(cur_node)->id));
   }
}

static void futex_pre ( ThreadId tid, UWord* args )
{
   if (CP_(cct_current)(tid)->from_sys) return;
   UInt op = (UInt)args[1] & 0x7f;
   if (tid != s_tid) CP_(race_start_client)(tid);
   futex_word_atomic(args[0]);
   if (op != FUTEX_OP_WAKE && op != FUTEX_OP_WAKE_BITSET && op != FUTEX_OP_WAKE_OP
       && op != FUTEX_OP_REQUEUE && op != FUTEX_OP_CMP_REQUEUE) return;
   CP_(hb_release)(tid, CP_(hb_sync)(args[0], SyncAtomic, True));
   if (op == FUTEX_OP_WAKE_OP || op == FUTEX_OP_REQUEUE || op == FUTEX_OP_CMP_REQUEUE)
      CP_(hb_release)(tid, CP_(hb_sync)(args[4], SyncAtomic, True));
}

static void futex_post ( ThreadId tid, UWord* args, SysRes res )
{
   UInt op = (UInt)args[1] & 0x7f;
   if ((op != FUTEX_OP_WAIT && op != FUTEX_OP_WAIT_BITSET) || sr_isError(res))
      return;
   if (CP_(cct_current)(tid)->from_sys) return;
   SyncObj* o = CP_(hb_sync)(args[0], SyncAtomic, False);
   if (!o) return;
   if (tid != s_tid) CP_(race_start_client)(tid);
   CP_(hb_acquire)(tid, o);
}

void CP_(race_pre_syscall) ( ThreadId tid, UInt sysno, UWord* args )
{
   s_sysno[tid] = sysno;
   if (s_checking && sysno == __NR_futex) { futex_pre(tid, args); return; }
   if (!s_checking || !is_send(sysno)) return;
   if (tid != s_tid) CP_(race_start_client)(tid);
   Addr key = fd_key((Int)args[0]);
   if (key) CP_(hb_release)(tid, CP_(hb_sync)(key, SyncFd, True));
}

void CP_(race_post_syscall) ( ThreadId tid, UInt sysno, UWord* args,
                              SysRes res )
{
   s_sysno[tid] = sysno;
   if (s_checking && sysno == __NR_futex) { futex_post(tid, args, res); return; }
   if (!s_checking || !is_recv(sysno) || sr_isError(res) || sr_Res(res) == 0)
      return;
   if (tid != s_tid) CP_(race_start_client)(tid);
   Addr key = fd_key((Int)args[0]);
   SyncObj* o = key ? CP_(hb_sync)(key, SyncFd, False) : NULL;
   if (o) CP_(hb_acquire)(tid, o);
}

/*------------------------------------------------------------*/
/*--- Setup                                                ---*/
/*------------------------------------------------------------*/

void CP_(race_init) ( void )
{
   CP_(shadow_init)();
   CP_(hb_init)();
   s_sysno = CP_CALLOC("cp.race.init.1", VG_N_THREADS, sizeof(UInt));
   VG_(track_new_mem_mmap)        (on_new_mem);
   VG_(track_die_mem_munmap)      (on_die_mem);
   VG_(track_new_mem_brk)         (on_brk);
   VG_(track_pre_mem_read)        (on_syscall_read);
   VG_(track_pre_mem_read_asciiz) (on_syscall_read_asciiz);
   VG_(track_post_mem_write)      (on_syscall_write);
}

void CP_(race_print_stats) ( void )
{
   VG_(dmsg)("cprofgrind: race: %'llu checks (%'llu merged into the "
             "thread's own cell, %'llu across two granules, %'llu found in "
             "cell 1), %'llu ranges, %'llu atomic read-modify-writes, "
             "%'llu conflicting pairs, %'llu cells moved to overflow\n",
             stats__slow, stats__merged, stats__straddles, stats__swaps,
             stats__ranges, stats__atomics, stats__races, stats__overflows);
   CP_(shadow_print_stats)();
   CP_(hb_print_stats)();

}

/*--------------------------------------------------------------------*/
/*--- end                                                cp_race.c ---*/
/*--------------------------------------------------------------------*/
