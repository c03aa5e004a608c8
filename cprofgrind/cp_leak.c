/*--------------------------------------------------------------------*/
/*--- cprofgrind: the leak check.                        cp_leak.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   At exit every block still allocated is classified as memcheck does
   (memcheck/mc_leakcheck.c, "still reachable", "possibly lost",
   "definitely lost", "indirectly lost"), by a conservative scan for
   pointers:

   1. Roots: the registers of every thread, and every client memory
      segment that is readable and writable, except
        - the part of a thread stack below its stack pointer (and its red
          zone), and the stacks of threads that have exited (stale);
        - the allocator's heaps, whose contents are blocks (scanned only
          once reached) and free chunks (stale pointers): the brk segment,
          and, found from the header glibc puts before each block, the
          64 MB heap of each non-main arena and each mmap()ed block; for
          a block whose header is not glibc's (another allocator), the
          whole segment holding it;
      so the data and bss of every object, thread-local storage (at the
      top of each thread's stack mapping, or in ld.so's data for the main
      thread) and other anonymous mappings are scanned.
      Once main() has returned, the main thread's stack below the point
      it returned to is dead too (memcheck knows it from its definedness
      bits: those bytes were not written since).
   2. From the roots, a pointer to the start of a block makes it
      reachable, a pointer inside it possibly reachable; reached blocks
      are scanned in turn (a start pointer from a possibly reachable block
      gives possibly reachable).
   3. Each block not reached heads a "clique": it is definitely lost,
      and the unreached blocks it leads to (through any pointer) are
      indirectly lost.  Leaders are taken in address order, so in a cycle
      of lost blocks the lowest is definitely lost and the others
      indirectly, as memcheck counts them.

   Differences from memcheck: memcheck knows which bytes are defined and
   scans only those; we scan whole segments, so a stale pointer left in
   unused memory of a data segment can keep a block "reachable".
   memcheck's --leak-check-heuristics (std::string, new[] cookies) are not
   applied: such blocks count as possibly lost. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_machine.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_options.h"
#include "cp_leak.h"
#include "cp_heap.h"
#include "cp_clo.h"
#include "cp_context.h"
#include "cp_profctx.h"
#include "cp_pprof.h"
#include "cp_out.h"
#include "cp_coreext.h"

typedef enum { Unreached = 0, Possible, Reachable, IndirectLeak } Reach;

typedef struct {
   Reach state;
   UInt  clique;       /* IndirectLeak: the leader's index */
   ULong indirect;     /* leaders: bytes indirectly lost through them */
} Extra;

static LiveBlock* s_lb     = NULL;
static Extra*     s_ex     = NULL;
static UInt       s_n      = 0;
static UInt*      s_stack  = NULL;   /* mark stack of block indices */
static UInt       s_top    = 0;

/*------------------------------------------------------------*/
/*--- Stacks of threads that have exited                   ---*/
/*------------------------------------------------------------*/

typedef struct { Addr lo, hi; } Range;   /* [lo, hi) */

/* The stack of a thread that ended by itself (the exit system call, as
   pthread_exit and a return from the start routine do): stale.  Threads
   killed by the process's exit_group keep their stacks as roots, as
   memcheck counts them. */
static Range* s_dead     = NULL;
static UInt   s_n_dead   = 0;
static UInt   s_cap_dead = 0;
static Bool*  s_exiting  = NULL;   /* by ThreadId: made the exit syscall */

void CP_(leak_thread_exiting) ( ThreadId tid )
{
   if (s_exiting == NULL)
      s_exiting = CP_CALLOC("cp.leak.exiting.1", VG_N_THREADS, sizeof(Bool));
   s_exiting[tid] = True;
}

/* Each thread's stack as last seen alive: the core forgets it (and asserts)
   once the thread is gone, which at exit is before the leak check. */
static Range* s_last_stack = NULL;   /* by ThreadId */

static Addr stack_max_of ( ThreadId tid )
{
   if (VG_(is_valid_tid)(tid)) return VG_(thread_get_stack_max)(tid);
   return s_last_stack && s_last_stack[tid].hi ? s_last_stack[tid].hi - 1 : 0;
}
/* Threads (by id) that ended by themselves and whose id is not in use:
   their stacks are recorded dead and have no live part. */
static Bool* s_died_alone = NULL;

void CP_(leak_thread_create) ( ThreadId tid )
{
   if (s_died_alone) s_died_alone[tid] = False;
}

static SizeT stack_size_of ( ThreadId tid )
{
   if (VG_(is_valid_tid)(tid)) return VG_(thread_get_stack_size)(tid);
   return s_last_stack ? s_last_stack[tid].hi - s_last_stack[tid].lo : 0;
}

void CP_(leak_thread_exit) ( ThreadId tid )
{
   Addr  hi = VG_(thread_get_stack_max)(tid);
   SizeT sz = VG_(thread_get_stack_size)(tid);
   if (s_last_stack == NULL)
      s_last_stack = CP_CALLOC("cp.leak.thread_exit.2", VG_N_THREADS, sizeof(Range));
   s_last_stack[tid] = (Range){ hi + 1 - sz, hi + 1 };
   if (s_exiting == NULL || !s_exiting[tid]) return;
   s_exiting[tid] = False;
   if (s_died_alone == NULL)
      s_died_alone = CP_CALLOC("cp.leak.thread_exit.3", VG_N_THREADS, sizeof(Bool));
   s_died_alone[tid] = True;
   if (hi == 0 || sz == 0) return;
   if (s_n_dead == s_cap_dead) {
      s_cap_dead = s_cap_dead ? 2 * s_cap_dead : 16;
      s_dead = CP_REALLOC("cp.leak.thread_exit.1", s_dead, s_cap_dead * sizeof(Range));
   }
   s_dead[s_n_dead++] = (Range){ hi + 1 - sz, hi + 1 };
}

/*------------------------------------------------------------*/
/*--- Marking                                              ---*/
/*------------------------------------------------------------*/

/* Index of the block holding address v, or -1. */
static Int block_of ( Addr v )
{
   Int lo = 0, hi = (Int)s_n - 1;
   while (lo <= hi) {
      Int mid = (lo + hi) / 2;
      if (v < s_lb[mid].a) hi = mid - 1;
      else if (v >= s_lb[mid].a + (s_lb[mid].size ? s_lb[mid].size : 1)) lo = mid + 1;
      else return mid;
   }
   return -1;
}

static void push ( UInt i )
{
   s_stack[s_top++] = i;   /* a block is pushed at most twice per state */
}

/* A word found in a root or in a reached block (prior_definite: the
   holder is a root or a block reachable by start pointers). */
static void mark ( Addr v, Bool prior_definite )
{
   Int i = block_of(v);
   if (i < 0 || s_ex[i].state == Reachable) return;
   Bool start = v == s_lb[i].a;
   if (start && prior_definite) {
      s_ex[i].state = Reachable;
      push(i);
   } else if (s_ex[i].state == Unreached) {
      s_ex[i].state = Possible;
      push(i);
   }
}

/* Clique mode: a word in a lost block led by leader. */
static void mark_clique ( Addr v, UInt leader )
{
   Int i = block_of(v);
   if (i < 0 || (UInt)i == leader || s_ex[i].state != Unreached) return;
   s_ex[i].state  = IndirectLeak;
   s_ex[i].clique = leader;
   s_ex[leader].indirect += s_lb[i].size;
   push(i);
}

static void scan ( Addr a, Addr end, Bool prior_definite, Int leader )
{
   for (Addr p = VG_ROUNDUP(a, sizeof(Addr)); p + sizeof(Addr) <= end;
        p += sizeof(Addr)) {
      Addr v = *(const Addr*)p;
      if (leader < 0) mark(v, prior_definite);
      else            mark_clique(v, (UInt)leader);
   }
}

static void drain ( Int leader )
{
   while (s_top > 0) {
      UInt i = s_stack[--s_top];
      Bool definite = s_ex[i].state != Possible;
      scan(s_lb[i].a, s_lb[i].a + s_lb[i].size, definite, leader);
   }
}

/*------------------------------------------------------------*/
/*--- Roots                                                ---*/
/*------------------------------------------------------------*/

/* Threads whose registers are roots: the live ones and, at exit, those
   the exiting thread told to die (their stacks are roots too). */
static Bool* s_root_thread = NULL;   /* by ThreadId */

static void root_reg ( ThreadId tid, const HChar* name, UWord v )
{
   (void)name;
   s_root_thread[tid] = True;
   mark(v, True);
}

/* Scan [a, e) minus the excluded ranges. */
static void scan_root ( Addr a, Addr e, const Range* ex, UInt n_ex )
{
   for (UInt i = 0; i < n_ex && a < e; i++) {
      if (ex[i].hi <= a || ex[i].lo >= e) continue;
      if (ex[i].lo > a) scan_root(a, ex[i].lo, ex + i + 1, n_ex - i - 1);
      a = ex[i].hi;
   }
   if (a < e) scan(a, e, True, -1);
}

/*--- The allocator's heaps (glibc's malloc/malloc.c chunk layout) ---*/

#define CHUNK_HDR        (2 * sizeof(Addr))     /* prev_size, size */
#define IS_MMAPPED       0x2
#define NON_MAIN_ARENA   0x4
#define HEAP_MAX         (64UL << 20)           /* 2 * 4 MB * sizeof(long) */

static void add_range ( Range** v, UInt* n, UInt* cap, Addr lo, Addr hi )
{
   if (*n == *cap) {
      *cap = *cap ? 2 * *cap : 64;
      *v = CP_REALLOC("cp.leak.add_range.1", *v, *cap * sizeof(Range));
   }
   (*v)[(*n)++] = (Range){ lo, hi };
}

static Int cmp_range ( const void* a, const void* b )
{
   Addr x = ((const Range*)a)->lo, y = ((const Range*)b)->lo;
   return x < y ? -1 : x > y ? 1 : 0;
}

/* Sort and merge overlapping ranges in place; returns the new count. */
static UInt merge_ranges ( Range* v, UInt n )
{
   if (n == 0) return 0;
   VG_(ssort)(v, n, sizeof(Range), cmp_range);
   UInt k = 0;
   for (UInt i = 1; i < n; i++) {
      if (v[i].lo <= v[k].hi) { if (v[i].hi > v[k].hi) v[k].hi = v[i].hi; }
      else v[++k] = v[i];
   }
   return k + 1;
}

static Bool readable ( Addr a, SizeT len )
{
   const NSegment* seg = VG_(am_find_nsegment)(a);
   return seg && seg->hasR && (seg->kind == SkAnonC || seg->kind == SkFileC
                               || seg->kind == SkShmC)
          && a + len - 1 <= seg->end;
}

/* The heap memory holding the live blocks, as ranges to leave out. */
static void heap_ranges ( Range** v, UInt* n, UInt* cap )
{
   Addr last_arena = 0;
   for (UInt i = 0; i < s_n; i++) {
      Addr p = s_lb[i].a;
      const NSegment* seg = VG_(am_find_nsegment)(p);
      if (seg && seg->kind == SkAnonC && seg->isCH) continue;   /* brk */
      if (p % (2 * sizeof(Addr)) == 0 && readable(p - CHUNK_HDR, CHUNK_HDR)) {
         Addr  chunk = p - CHUNK_HDR;
         UWord size  = ((const UWord*)chunk)[1];
         UWord csize = size & ~(UWord)7;
         Bool  glibc = csize >= s_lb[i].size + sizeof(Addr) - CHUNK_HDR
                       && csize < ((UWord)1 << 48) && csize % (2 * sizeof(Addr)) == 0;
         if (glibc && (size & IS_MMAPPED)) {
            Addr start = chunk - ((const UWord*)chunk)[0];   /* prev_size:
                                                               padding */
            add_range(v, n, cap, start, chunk + csize);
            continue;
         }
         if (glibc && (size & NON_MAIN_ARENA)) {
            Addr base = p & ~(HEAP_MAX - 1);
            if (base != last_arena) add_range(v, n, cap, base, base + HEAP_MAX);
            last_arena = base;
            continue;
         }
      }
      /* not glibc's: the whole segment holding the block */
      if (seg) add_range(v, n, cap, seg->start, seg->end + 1);
   }
}

static void scan_roots ( void )
{
   /* exclusions: heaps, stacks below SP, dead threads' stacks */
   UInt   n_ex = 0, cap_ex = 0;
   Range* ex   = NULL;
   heap_ranges(&ex, &n_ex, &cap_ex);
   /* Each thread's stack below its SP (less the red zone) is dead: for
      live threads, those the process exit killed, and the one that
      called exit.  The stacks of threads that ended by themselves are
      dead whole, except where a thread now runs (glibc reuses stacks). */
   s_root_thread = CP_CALLOC("cp.leak.roots.4", VG_N_THREADS, sizeof(Bool));
   VG_(apply_to_GP_regs)(root_reg);
   UInt n_live = 0;
   Range* live = CP_MALLOC("cp.leak.roots.5", VG_N_THREADS * sizeof(Range));
   for (ThreadId tid = 1; tid < VG_N_THREADS; tid++) {
      if (s_died_alone && s_died_alone[tid]) continue;
      Addr max  = stack_max_of(tid);
      Addr base = max + 1 - stack_size_of(tid);
      Addr sp   = VG_(get_SP)(tid) - VG_STACK_REDZONE_SZB;
      /* Once main() has returned, its frames are dead: the main thread's
         stack below the SP it returned to holds stale values only (exit's
         frames, written over main's).  memcheck, which knows which bytes
         were written since, sees the same. */
      if (tid == 1 && CP_(cct_main_return_sp)() > sp)
         sp = CP_(cct_main_return_sp)();
      if (max == 0 || !(base < sp && sp <= max + 1)) continue;
      add_range(&ex, &n_ex, &cap_ex, base, sp);
      live[n_live++] = (Range){ sp, max + 1 };
   }
   for (UInt d = 0; d < s_n_dead; d++) {
      Range r = s_dead[d];
      for (UInt l = 0; l < n_live; l++)
         if (live[l].lo < r.hi && live[l].hi > r.lo) r.hi = r.lo;  /* reused */
      if (r.lo < r.hi) add_range(&ex, &n_ex, &cap_ex, r.lo, r.hi);
   }
   CP_FREE(live);
   n_ex = merge_ranges(ex, n_ex);

   /* the core fills the buffer only if it is big enough */
   Int   cap    = 256;
   Addr* starts = CP_MALLOC("cp.leak.roots.2", cap * sizeof(Addr));
   Int   n_segs;
   while ((n_segs = VG_(am_get_segment_starts)(SkFileC | SkAnonC | SkShmC,
                                               starts, cap)) < 0) {
      cap = -n_segs + 16;
      starts = CP_REALLOC("cp.leak.roots.3", starts, cap * sizeof(Addr));
   }
   for (Int i = 0; i < n_segs; i++) {
      const NSegment* seg = VG_(am_find_nsegment)(starts[i]);
      if (!seg || !seg->hasR || !seg->hasW) continue;
      if (seg->kind == SkAnonC && seg->isCH) continue;       /* brk heap */
      scan_root(seg->start, seg->end + 1, ex, n_ex);
   }
   CP_FREE(starts);
   if (ex) CP_FREE(ex);
   CP_FREE(s_root_thread);
}

/*------------------------------------------------------------*/
/*--- Loss records                                         ---*/
/*------------------------------------------------------------*/

typedef struct {
   Reach state;
   UInt  ctx;
   ULong blocks, bytes, indirect;
} LossRec;

static Int cmp_loss ( const void* a, const void* b )
{
   const LossRec* x = a;
   const LossRec* y = b;
   ULong sx = x->bytes + x->indirect, sy = y->bytes + y->indirect;
   if (sx != sy) return sx < sy ? -1 : 1;   /* ascending, as memcheck */
   if (x->state != y->state) return x->state < y->state ? -1 : 1;
   return x->ctx < y->ctx ? -1 : x->ctx > y->ctx ? 1 : 0;
}

static const HChar* state_name ( Reach s )
{
   switch (s) {
      case Unreached:    return "definitely lost";
      case IndirectLeak: return "indirectly lost";
      case Possible:     return "possibly lost";
      default:           return "still reachable";
   }
}

/* Group blocks by (state, context): sort (state, ctx, block) keys. */
typedef struct { UInt state, ctx, i; } Key;

static Int cmp_key ( const void* a, const void* b )
{
   const Key* x = a;
   const Key* y = b;
   if (x->state != y->state) return x->state < y->state ? -1 : 1;
   return x->ctx < y->ctx ? -1 : x->ctx > y->ctx ? 1 : 0;
}

static LossRec* loss_records ( UInt* n )
{
   Key* keys = CP_MALLOC("cp.leak.records.1", (s_n + 1) * sizeof(Key));
   for (UInt i = 0; i < s_n; i++)
      keys[i] = (Key){ s_ex[i].state, s_lb[i].ctx, i };
   VG_(ssort)(keys, s_n, sizeof(Key), cmp_key);
   LossRec* r = CP_MALLOC("cp.leak.records.2", (s_n + 1) * sizeof(LossRec));
   UInt k = 0;
   for (UInt j = 0; j < s_n; j++) {
      const Key* key = &keys[j];
      if (k == 0 || r[k - 1].state != key->state || r[k - 1].ctx != key->ctx)
         r[k++] = (LossRec){ key->state, key->ctx, 0, 0, 0 };
      r[k - 1].blocks++;
      r[k - 1].bytes += s_lb[key->i].size;
      if (key->state == Unreached) r[k - 1].indirect += s_ex[key->i].indirect;
   }
   CP_FREE(keys);
   VG_(ssort)(r, k, sizeof(LossRec), cmp_loss);
   *n = k;
   return r;
}

static void write_leaks ( const LossRec* r, UInt n )
{
   HChar* path = CP_(out_name)("leaks.pb.gz", 0, NULL);
   Prof* p = CP_(prof_open)(path);
   if (p) {
      CP_(prof_sample_type)(p, "objects", "count");
      CP_(prof_sample_type)(p, "space", "bytes");
      CP_(prof_default_type)(p, "space");
      CP_(prof_comment)(p, "cprofgrind: heap blocks definitely and "
                           "indirectly lost at exit, by allocation context");
      static ULong locs[100002];
      for (UInt i = 0; i < n; i++) {
         if (r[i].state != Unreached && r[i].state != IndirectLeak) continue;
         const CtxNode* node = CP_(cct_node)(r[i].ctx);
         UInt nl = CP_(ctx_locs)(p, node, locs, 100000);
         Long v[2] = { (Long)r[i].blocks, (Long)r[i].bytes };
         ProfLabel lab[2] = { { "kind", state_name(r[i].state), 0, NULL } };
         UInt nlab = 1 + CP_(ctx_labels)(node, lab + 1, 1);   /* its thread */
         CP_(prof_sample)(p, locs, nl, v, lab, nlab);
      }
      if (CP_(prof_close)(p) && VG_(clo_verbosity) > 0)
         VG_(umsg)("cprofgrind: leak profile: %s\n", CP_(out_shown)(path));
   }
   CP_FREE(path);
}

/*------------------------------------------------------------*/
/*--- The check                                            ---*/
/*------------------------------------------------------------*/

static ULong s_definitely_lost = 0;

ULong CP_(leak_definitely_lost) ( void ) { return s_definitely_lost; }

void CP_(leak_check) ( void )
{
   if (CP_(clo).leak_check == LeakCheckNo) return;
   s_lb    = CP_(heap_live_blocks)(&s_n);
   s_ex    = CP_CALLOC("cp.leak.check.1", s_n + 1, sizeof(Extra));
   s_stack = CP_MALLOC("cp.leak.check.2", (2 * s_n + 1) * sizeof(UInt));
   s_top   = 0;

   scan_roots();
   drain(-1);
   for (UInt i = 0; i < s_n; i++)
      if (s_ex[i].state == Unreached) {
         push(i);
         drain((Int)i);
      }

   ULong bytes[4] = { 0 }, blocks[4] = { 0 };
   for (UInt i = 0; i < s_n; i++) {
      bytes[s_ex[i].state]  += s_lb[i].size;
      blocks[s_ex[i].state] += 1;
   }
   s_definitely_lost = bytes[Unreached];

   /* The leaks profile is an output file: written whatever -q says. */
   if (CP_(clo).leak_check == LeakCheckFull && s_n > 0 && VG_(clo_verbosity) == 0) {
      UInt n_rec;
      LossRec* r = loss_records(&n_rec);
      write_leaks(r, n_rec);
      CP_FREE(r);
   }
   if (VG_(clo_verbosity) > 0 && s_n == 0) {
      VG_(umsg)("All heap blocks were freed -- no leaks are possible\n");
      VG_(umsg)("\n");
   } else if (VG_(clo_verbosity) > 0) {
      UInt n_rec;
      LossRec* r = loss_records(&n_rec);
      if (CP_(clo).leak_check == LeakCheckFull) {
         UInt shown = 0;
         for (UInt i = 0; i < n_rec; i++)
            if (r[i].state == Unreached || r[i].state == Possible) shown++;
         UInt k = 0;
         for (UInt i = 0; i < n_rec; i++) {
            if (r[i].state != Unreached && r[i].state != Possible) continue;
            k++;
            if (r[i].indirect)
               VG_(umsg)("%'llu (%'llu direct, %'llu indirect) bytes in %'llu "
                         "blocks are %s in loss record %u of %u\n",
                         r[i].bytes + r[i].indirect, r[i].bytes, r[i].indirect,
                         r[i].blocks, state_name(r[i].state), k, shown);
            else
               VG_(umsg)("%'llu bytes in %'llu blocks are %s in loss record "
                         "%u of %u\n", r[i].bytes, r[i].blocks,
                         state_name(r[i].state), k, shown);
            CP_(ctx_print_stack)(CP_(cct_node)(r[i].ctx), 0);
            VG_(umsg)("\n");
         }
         write_leaks(r, n_rec);
      }
      CP_FREE(r);
      VG_(umsg)("LEAK SUMMARY:\n");
      VG_(umsg)("   definitely lost: %'llu bytes in %'llu blocks\n",
                bytes[Unreached], blocks[Unreached]);
      VG_(umsg)("   indirectly lost: %'llu bytes in %'llu blocks\n",
                bytes[IndirectLeak], blocks[IndirectLeak]);
      VG_(umsg)("     possibly lost: %'llu bytes in %'llu blocks\n",
                bytes[Possible], blocks[Possible]);
      VG_(umsg)("   still reachable: %'llu bytes in %'llu blocks\n",
                bytes[Reachable], blocks[Reachable]);
      if (CP_(clo).leak_check != LeakCheckFull && (blocks[Unreached] || blocks[Possible]))
         VG_(umsg)("Rerun with --leak-check=full to see details of leaked memory\n");
      VG_(umsg)("\n");
   }
   CP_FREE(s_lb); CP_FREE(s_ex); CP_FREE(s_stack);
}

/*--------------------------------------------------------------------*/
/*--- end                                                cp_leak.c ---*/
/*--------------------------------------------------------------------*/
