/*--------------------------------------------------------------------*/
/*--- cprofgrind: calling contexts and shadow stacks. cp_context.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   This module owns the calling-context tree (CCT) of every thread and the
   shadow call stack that keeps each thread's position in it.

   - Generated code calls CP_(cct_call) when a superblock ends in a call
     (cp_main.c): the shadow stack grows by one frame and the thread moves
     to the child node (parent, call site), found in one global hash table
     or created.  Recursion makes a new node per level, down to
     --max-depth; calls made deeper than that stay in the node at that
     depth, so pathological recursion costs at most max-depth nodes per
     distinct path (the shadow stack itself still follows every frame, at
     16 bytes a frame, as deep as the client's own stack).

   - Frames are popped by stack pointer, never by counting returns: a
     frame records the SP just after its call pushed the return address,
     and is dead as soon as the SP rises above that value.  Generated code
     calls CP_(cct_unwind) at returns and at indirect jumps when SP has
     risen above the innermost frame (CP_(cur_top_sp)), so a `ret`, a
     `longjmp`, a C++ exception landing pad reached by libgcc's unwinder
     and a `ret imm16` are all handled by the same rule.  Tail calls (jmp
     to another function) need nothing: the callee runs in the caller's
     node, which is what a sampling unwinder would show too.

   - Signal handlers run under a pseudo frame (call site
     CP_PSEUDO_SIGNAL(n)); the frame is dropped when the handler returns
     through sigreturn (post_deliver_signal) or when a siglongjmp raises
     the SP above the interrupted code's SP.

   Invariants: frames[i].sp < frames[i-1].sp would mean a stack switch;
   we accept it (coroutines, sigaltstack) and simply unwind by SP.
   CP_(cur_node) / CP_(cur_top_sp) always mirror the running thread.

   Cost: a call is one hash lookup (nodes are found, not created, after
   warm-up) and a push; a return is a pop.  No work per superblock. */

#include "pub_tool_machine.h"
#include "pub_tool_stacktrace.h"
#include "pub_tool_options.h"
#include "pub_tool_threadstate.h"
#include "cp_context.h"
#include "cp_clo.h"
#include "cp_cost.h"
#include "cp_objects.h"
#include "cp_mem.h"
#include "pub_tool_hashtable.h"

/*------------------------------------------------------------*/
/*--- Globals read by generated code                       ---*/
/*------------------------------------------------------------*/

CtxNode* CP_(cur_node) = NULL;
UWord CP_(cur_top_sp) = ~(UWord)0;

/*------------------------------------------------------------*/
/*--- Node table: id -> node, in chunks                    ---*/
/*------------------------------------------------------------*/

/* Nodes live in fixed chunks so that pointers to them stay valid and an
   id finds its node in two loads. */
#define NODE_CHUNK_BITS 18   /* 262144 nodes of 40 bytes: 10 MB, 5 huge pages */
#define NODE_CHUNK      (1u << NODE_CHUNK_BITS)
STATIC_ASSERT(sizeof(void*) != 8 || ((1u << NODE_CHUNK_BITS) * sizeof(CtxNode)) % (2u << 20) == 0);
/* Tables this large are read at random on calls: huge pages (cp_mem.c).
   Smaller ones stay in the arena, so small programs pay nothing. */
#define BIG_TABLE       (4u << 20)

static CtxNode** s_chunks     = NULL; /* chunk pointers */
static UInt      s_n_chunks   = 0;
static UInt      s_cap_chunks = 0;
static UInt      s_next_id    = 1;    /* id 0 is "no node" */

/* Call-site serials: CtxNode.site is 4 bytes, not the 8 of an address.
   Pseudo frames are their own serials; call instructions are numbered
   from CP_PSEUDO_LIMIT on as CP_(cct_callsite) first meets them. */
static Addr*     s_site_addr  = NULL; /* by serial - CP_PSEUDO_LIMIT */
static UInt      s_n_sites    = 0;
static UInt      s_cap_sites  = 0;

static UInt new_site_serial ( Addr a )
{
   if (s_n_sites == s_cap_sites) {
      s_cap_sites = s_cap_sites ? 2 * s_cap_sites : 1024;
      s_site_addr = CP_REALLOC("cp.cct.new_site_serial.1", s_site_addr,
                               s_cap_sites * sizeof(Addr));
   }
   s_site_addr[s_n_sites] = a;
   return CP_PSEUDO_LIMIT + s_n_sites++;
}

static inline Addr site_addr ( UInt site )
{
   return site < CP_PSEUDO_LIMIT ? site : s_site_addr[site - CP_PSEUDO_LIMIT];
}

/* Thread roots, in the (increasing) order of their ids, and their
   threads: what CP_(node_thread) finds a node's thread in. */
typedef struct { UInt id, thread; } RootRec;
static RootRec*  s_roots     = NULL;
static UInt      s_n_roots   = 0;
static UInt      s_cap_roots = 0;

static CtxNode* alloc_node ( void )
{
   UInt id = s_next_id++;
   UInt c  = id >> NODE_CHUNK_BITS;
   if (c >= s_n_chunks) {
      if (c >= s_cap_chunks) {
         s_cap_chunks = s_cap_chunks ? 2 * s_cap_chunks : 64;
         s_chunks = CP_REALLOC("cp.cct.alloc_node.1", s_chunks,
                               s_cap_chunks * sizeof(CtxNode*));
      }
      /* the first chunk from the arena, later ones in huge pages */
      s_chunks[c] = c == 0
         ? CP_MALLOC("cp.cct.alloc_node.2", NODE_CHUNK * sizeof(CtxNode))
         : CP_(big_alloc)("cp.cct.alloc_node.3", NODE_CHUNK * sizeof(CtxNode));
      s_n_chunks = c + 1;
   }
   CtxNode* n = &s_chunks[c][id & (NODE_CHUNK - 1)];
   n->id = id;
   n->last_child = 0;
   CP_(cost_node_init)(n);
   return n;
}

CtxNode* CP_(cct_node) ( UInt id )
{
   CP_ASSERT(id > 0 && id < s_next_id);
   return &s_chunks[id >> NODE_CHUNK_BITS][id & (NODE_CHUNK - 1)];
}

CtxNode* CP_(cct_parent) ( const CtxNode* n )
{
   return n->parent_id ? CP_(cct_node)(n->parent_id) : NULL;
}

Addr CP_(node_callsite) ( const CtxNode* n ) { return site_addr(n->site); }

/* Read when profiles and reports are written, not while counting: a walk
   to the root, then a search of the roots. */
UInt CP_(node_thread) ( const CtxNode* n )
{
   while (n->parent_id) n = CP_(cct_node)(n->parent_id);
   UInt lo = 0, hi = s_n_roots;
   while (lo < hi) {
      UInt mid = (lo + hi) / 2;
      if (s_roots[mid].id < n->id) lo = mid + 1; else hi = mid;
   }
   CP_ASSERT(lo < s_n_roots && s_roots[lo].id == n->id);
   return s_roots[lo].thread;
}

UInt CP_(cct_n_nodes) ( void ) { return s_next_id; }
UInt CP_(cct_n_sites) ( void ) { return s_n_sites; }

/*------------------------------------------------------------*/
/*--- Child lookup: hash of (parent id, call site)         ---*/
/*------------------------------------------------------------*/

/* Open addressing, 8 bytes a slot: the call site's serial and the
   child's id; the rest of the key, the parent, is checked on the child
   node, which the caller needs next anyway (its counter table is the
   next thing generated code reads).
   A parent's children start their probes in the parent's own cache line
   (8 slots), at a place the call site picks: a lookup misses cache on its
   slot (cc1: 76% of this function's time, 10% of the run's), and half of
   the lookups are made by the same parent as the one before (a context
   calling one site after another, each reached from too many contexts for
   its call-site cache), which then finds its line in cache.  cc1: 2.95
   million nodes in 32 MB; ~45 million lookups. */
typedef struct {
   UInt site;     /* call-site serial (CtxNode.site) */
   UInt child;    /* child id; 0: empty slot */
} ChildSlot;

#define SLOTS_PER_LINE 8   /* 64 bytes */

static ChildSlot* s_hash      = NULL;
static UWord      s_hash_mask = 0;
static UWord      s_hash_used = 0;

static inline UWord child_slot ( UInt parent, UInt site )
{
   UWord line = (UWord)CP_(mix64)(parent) & (s_hash_mask / SLOTS_PER_LINE);
   UWord at   = (site * 0x9E3779B1u) >> 29;   /* 0 .. 7 */
   return line * SLOTS_PER_LINE + at;
}

static void hash_put ( UInt parent, UInt site, UInt child )
{
   UWord h = child_slot(parent, site);
   while (s_hash[h].child != 0) h = (h + 1) & s_hash_mask;
   s_hash[h].site  = site;
   s_hash[h].child = child;
}

/* Twice the size, filled again from the nodes (in id order: a sequential
   read, where reading the old slots would need each child's node for
   its parent): every node but a thread root is in the hash. */
static void hash_grow ( void )
{
   UWord      old_size = s_hash_mask + 1;
   ChildSlot* old      = s_hash;
   UWord      size     = old ? 2 * old_size : 1 << 11;
   STATIC_ASSERT(SLOTS_PER_LINE * sizeof(ChildSlot) == 64);
   s_hash      = size * sizeof(ChildSlot) >= BIG_TABLE
                 ? CP_(big_alloc)("cp.cct.hash_grow.2", size * sizeof(ChildSlot))
                 : CP_CALLOC("cp.cct.hash_grow.1", size, sizeof(ChildSlot));
   s_hash_mask = size - 1;
   if (old && old_size * sizeof(ChildSlot) >= BIG_TABLE)
      CP_(big_free)(old, old_size * sizeof(ChildSlot));
   else if (old)
      CP_FREE(old);
   for (UInt id = 1; id < s_next_id; id++) {
      const CtxNode* n = CP_(cct_node)(id);
      if (n->parent_id) hash_put(n->parent_id, n->site, id);
   }
}

static CtxNode* new_root ( UInt thread )
{
   CtxNode* n = alloc_node();
   n->depth = 0;
   n->nested = False;
   n->from_sys = False;
   n->parent_id = 0;
   n->site = 0;
   if (s_n_roots == s_cap_roots) {
      s_cap_roots = s_cap_roots ? 2 * s_cap_roots : 16;
      s_roots = CP_REALLOC("cp.cct.new_root.1", s_roots, s_cap_roots * sizeof(RootRec));
   }
   s_roots[s_n_roots++] = (RootRec){ n->id, thread };   /* ids increase */
   return n;
}

/* A call made by one of our heap wrappers to the function it wraps:
   heap calls below it are internal (realloc's own malloc).  Calls made by
   the synchronisation wrappers (cp_syncwrap.c) are not: what
   pthread_create allocates is the program's. */
static Bool heap_wrapper_call ( Addr callsite )
{
   DiEpoch ep = VG_(current_DiEpoch)();
   if (callsite < CP_PSEUDO_LIMIT || !CP_(obj_is_ours)(ep, callsite))
      return False;
   const HChar* file;
   return !(VG_(get_filename)(ep, callsite, &file)
            && VG_(strcmp)(file, "cp_syncwrap.c") == 0);
}

static CtxNode* get_child ( CtxNode* parent, UInt site )
{
   UInt  pid = parent->id;
   UWord h   = child_slot(pid, site);
   for (; s_hash[h].child != 0; h = (h + 1) & s_hash_mask)
      if (s_hash[h].site == site) {
         CtxNode* c = CP_(cct_node)(s_hash[h].child);
         if (c->parent_id == pid) return c;
      }
   Addr callsite = site_addr(site);
   CtxNode* n = alloc_node();
   n->depth    = parent->depth + 1;
   n->nested   = parent->nested || heap_wrapper_call(callsite);
   n->from_sys = callsite >= CP_PSEUDO_LIMIT
                 && CP_(obj_is_sys)(VG_(current_DiEpoch)(), callsite);
   n->parent_id = pid;
   n->site     = site;
   s_hash[h].site  = site;
   s_hash[h].child = n->id;
   if (++s_hash_used > s_hash_mask - (s_hash_mask >> 2))
      hash_grow();   /* load kept under 3/4 */
   return n;
}

/* Where a call made at --max-depth runs: the pseudo frame below the
   context at that depth, which deeper calls do not leave. */
static CtxNode* deeper ( CtxNode* n )
{
   return n->site == CP_PSEUDO_DEEPER ? n : get_child(n, CP_PSEUDO_DEEPER);
}

const HChar* CP_(pseudo_frame_name) ( Addr cs, HChar* buf )
{
   if (CP_PSEUDO_IS_SIGNAL(cs)) {
      VG_(sprintf)(buf, "<signal %d handler>", CP_PSEUDO_SIGNO(cs));
      return buf;
   }
   if (cs == CP_PSEUDO_DEEPER) {
      VG_(sprintf)(buf, "<calls below --max-depth=%d>", CP_(clo).max_depth);
      return buf;
   }
   if (cs == CP_PSEUDO_OUTER) {
      VG_(sprintf)(buf, "<outer frames beyond --max-depth=%d>", CP_(clo).max_depth);
      return buf;
   }
   return NULL;
}

/*------------------------------------------------------------*/
/*--- Threads and their shadow stacks                      ---*/
/*------------------------------------------------------------*/

typedef struct {
   Addr     sp;      /* SP right after the call pushed its return
                        address; dead once SP rises above it */
   CtxNode* caller;  /* node to return to */
} Frame;

#define THREAD_MAGIC 0xC9C7A11Du

typedef struct {
   UInt     magic;
   UInt     serial;     /* 1 = main thread; never reused */
   CtxNode* root;       /* the thread's first frame */
   CtxNode* cur;        /* node the thread is in (when following calls) */
   Frame*   frames;     /* shadow stack, innermost last */
   UInt     n_frames;
   UInt     cap_frames;
   UInt*    sig_depth;  /* n_frames when each pending signal arrived */
   UInt     n_sig;
   UInt     cap_sig;
} ThreadCtx;

static ThreadCtx** s_threads = NULL;   /* VG_N_THREADS entries */
static ThreadCtx* s_running   = NULL;  /* thread whose code runs now */
static UInt       s_n_serials = 0;

/* stats */
static ULong stats__calls   = 0;
static ULong stats__cache_hits = 0;
static ULong stats__parent_hits = 0;
static ULong stats__unwinds = 0;
static ULong stats__pops    = 0;
static UInt  stats__max_frames = 0;

static ThreadCtx* thread_ctx ( ThreadId tid )
{
   CP_ASSERT(tid > 0 && tid < VG_N_THREADS);
   ThreadCtx* t = s_threads[tid];
   if (UNLIKELY(t == NULL)) {
      /* First sight of this thread (the main thread, or one created by
         a path that does not report pre_thread_ll_create). */
      t = CP_CALLOC("cp.cct.thread_ctx.1", 1, sizeof(ThreadCtx));
      t->magic  = THREAD_MAGIC;
      t->serial = ++s_n_serials;
      t->root   = new_root(t->serial);
      t->cur    = t->root;
      s_threads[tid] = t;
   }
   CP_ASSERT(t->magic == THREAD_MAGIC);
   return t;
}

static inline void mirror ( ThreadCtx* t )
{
   if (t != s_running) return;
   CP_(cur_node)   = t->cur;
   CP_(cur_top_sp) = t->n_frames ? t->frames[t->n_frames - 1].sp
                                 : ~(UWord)0;
}

static void push_frame ( ThreadCtx* t, Addr sp, CtxNode* caller )
{
   if (UNLIKELY(t->n_frames == t->cap_frames)) {
      t->cap_frames = t->cap_frames ? 2 * t->cap_frames : 256;
      t->frames = CP_REALLOC("cp.cct.push_frame.1", t->frames,
                             t->cap_frames * sizeof(Frame));
   }
   t->frames[t->n_frames].sp     = sp;
   t->frames[t->n_frames].caller = caller;
   t->n_frames++;
   if (UNLIKELY(t->n_frames > stats__max_frames))
      stats__max_frames = t->n_frames;
}

/* Pop every frame whose SP is below sp: they belong to activations that
   the stack pointer has left. */
static void pop_dead_frames ( ThreadCtx* t, Addr sp )
{
   UInt n = t->n_frames;
   while (n > 0 && t->frames[n - 1].sp < sp) {
      n--;
      t->cur = t->frames[n].caller;
      stats__pops++;
   }
   t->n_frames = n;
   while (t->n_sig > 0 && t->sig_depth[t->n_sig - 1] > n)
      t->n_sig--;   /* left a signal handler by siglongjmp */
}

static void trace_call ( ThreadCtx* t, const HChar* what, Addr a )
{
   VG_(printf)("cprofgrind: T%u %s %#lx depth %u -> node %u\n",
               t->serial, what, a, t->n_frames, t->cur->id);
}

/*------------------------------------------------------------*/
/*--- Helpers called from generated code                   ---*/
/*------------------------------------------------------------*/

/* Call sites by address: retranslations of one call share its cache. */
static VgHashTable* s_sites = NULL;

typedef struct SiteNode {
   struct SiteNode* next;   /* VgHashTable chain: first */
   UWord            key;    /* the call instruction's address: second */
   CallSite         cs;
} SiteNode;

CallSite* CP_(cct_callsite) ( Addr site )
{
   SiteNode* n = VG_(HT_lookup)(s_sites, site);
   if (n == NULL) {
      n = CP_(perm_alloc)("cp.cct.callsite.1", sizeof(SiteNode));
      n->key       = site;
      VG_(memset)(&n->cs, 0, sizeof n->cs);
      n->cs.serial = new_site_serial(site);
      VG_(HT_add_node)(s_sites, n);
   }
   return &n->cs;
}

VG_REGPARM(2) void CP_(cct_call) ( CallSite* cs, Addr sp )
{
   ThreadCtx* t = s_running;
   stats__calls++;
   /* Frames above the new return address are dead (a longjmp or an
      exception that has not yet passed a ret or an indirect jump). */
   if (UNLIKELY(t->n_frames && t->frames[t->n_frames - 1].sp < sp))
      pop_dead_frames(t, sp);
   CtxNode* caller = t->cur;
   push_frame(t, sp, caller);
   CtxNode* child = NULL;
   for (UInt w = 0; w < CP_SITE_WAYS; w++)
      if (cs->parent[w] == caller) { child = cs->child[w]; break; }
   if (LIKELY(child != NULL)) {
      stats__cache_hits++;
   } else {
      if (caller->last_child
          && CP_(cct_node)(caller->last_child)->site == cs->serial) {
         /* A call site reached from more contexts than the cache holds
            (a recursive walk: each level is a new caller) is often the
            one its caller called last: the caller is in cache, the
            hash slot and the child, found through it, would not be. */
         child = CP_(cct_node)(caller->last_child);
         stats__parent_hits++;
      } else {
         child = LIKELY(caller->depth < (UInt)CP_(clo).max_depth)
                 ? get_child(caller, cs->serial) : deeper(caller);
         caller->last_child = child->id;
      }
      UInt w = cs->next++ % CP_SITE_WAYS;
      cs->parent[w] = caller;
      cs->child[w]  = child;
      /* For cp_cost.c: this context runs.  Only here, off the fast path
         (a store there cost 2 s on cc1): a context entered through the
         cache alone and never missing a count is taken for cold, packed,
         and unpacked at its next miss. */
      child->cost_hot = True;
   }
   t->cur = child;
   CP_(cur_node)   = t->cur;
   CP_(cur_top_sp) = sp;
   if (UNLIKELY(CP_(clo).trace_calls)) trace_call(t, "call from", site_addr(cs->serial));
}

VG_REGPARM(1) void CP_(cct_unwind) ( Addr sp )
{
   ThreadCtx* t = s_running;
   stats__unwinds++;
   pop_dead_frames(t, sp);
   mirror(t);
   if (UNLIKELY(CP_(clo).trace_calls)) trace_call(t, "return, sp", sp);
}

/* The SP of the main thread after main() returned (0: it has not). */
static Addr s_main_return_sp = 0;

VG_REGPARM(1) void CP_(cct_unwind_main) ( Addr sp )
{
   CP_(cct_unwind)(sp);
   if (s_running && s_running->serial == 1) s_main_return_sp = sp;
}

Addr CP_(cct_main_return_sp) ( void ) { return s_main_return_sp; }

/*------------------------------------------------------------*/
/*--- Core events                                          ---*/
/*------------------------------------------------------------*/

void CP_(cct_init) ( void )
{
   s_threads = CP_CALLOC("cp.cct.init.1", VG_N_THREADS, sizeof(ThreadCtx*));
   s_sites   = VG_(HT_construct)("cp.cct.sites");
   hash_grow();
}

void CP_(cct_thread_create) ( ThreadId parent, ThreadId child )
{
   /* The core announces the main thread too (parent invalid): it may
      already be known; keep it. */
   if (parent == VG_INVALID_THREADID && s_threads[child]) return;
   /* A ThreadId may be reused after a thread exits: give the new thread
      a new serial and a new root. */
   if (s_threads[child]) {
      s_threads[child]->magic = 0;   /* frames and nodes stay: counted */
      s_threads[child] = NULL;
   }
   (void)thread_ctx(child);
}

void CP_(cct_thread_exit) ( ThreadId tid )
{
   ThreadCtx* t = s_threads[tid];
   if (!t) return;
   if (t->frames)    CP_FREE(t->frames);
   if (t->sig_depth) CP_FREE(t->sig_depth);
   t->magic = 0;
   CP_FREE(t);
   s_threads[tid] = NULL;
   if (s_running == t) s_running = NULL;
}

void CP_(cct_start_client) ( ThreadId tid, ULong blocks_done )
{
   (void)blocks_done;
   s_running = thread_ctx(tid);
   mirror(s_running);
}

void CP_(cct_signal_enter) ( ThreadId tid, Int sigNo, Bool alt_stack )
{
   ThreadCtx* t = thread_ctx(tid);
   if (t->n_sig == t->cap_sig) {
      t->cap_sig = t->cap_sig ? 2 * t->cap_sig : 8;
      t->sig_depth = CP_REALLOC("cp.cct.signal_enter.1", t->sig_depth,
                                t->cap_sig * sizeof(UInt));
   }
   t->sig_depth[t->n_sig++] = t->n_frames;
   /* The handler's frame is built below the interrupted SP (minus the
      red zone), so a frame at SP-1 survives the handler's own returns
      and dies when sigreturn or a siglongjmp restores an SP at or above
      the interrupted one.  On an alternate stack the handler's SPs are
      unrelated: keep the frame until sigreturn. */
   Addr sp = alt_stack ? ~(Addr)0 : VG_(get_SP)(tid) - 1;
   CtxNode* caller = t->cur;
   push_frame(t, sp, caller);
   t->cur = get_child(caller, CP_PSEUDO_SIGNAL(sigNo));
   mirror(t);
}

void CP_(cct_signal_leave) ( ThreadId tid, Int sigNo )
{
   (void)sigNo;
   ThreadCtx* t = thread_ctx(tid);
   if (t->n_sig == 0) return;   /* already left by siglongjmp */
   UInt depth = t->sig_depth[--t->n_sig];
   if (depth < t->n_frames) {
      t->cur = t->frames[depth].caller;
      t->n_frames = depth;
   }
   mirror(t);
}

/*------------------------------------------------------------*/
/*--- Labels                                               ---*/
/*------------------------------------------------------------*/

/* Whether calls and returns are followed (see "Contexts without shadow
   stacks" below). */
static Bool s_tracking = True;

typedef struct { HChar* key; HChar* value; } Label;
static Label s_labels[CP_MAX_LABELS];
static UInt  s_n_labels = 0;

UInt CP_(cct_label_id) ( const HChar* key, const HChar* value )
{
   for (UInt i = 0; i < s_n_labels; i++)
      if (VG_(strcmp)(s_labels[i].key, key) == 0
          && VG_(strcmp)(s_labels[i].value, value) == 0)
         return i;
   if (s_n_labels == CP_MAX_LABELS) return ~0u;
   s_labels[s_n_labels].key   = VG_(strdup)("cp.cct.label.1", key);
   s_labels[s_n_labels].value = VG_(strdup)("cp.cct.label.2", value);
   return s_n_labels++;
}

void CP_(cct_label_get) ( UInt id, const HChar** key, const HChar** value )
{
   CP_ASSERT(id < s_n_labels);
   *key   = s_labels[id].key;
   *value = s_labels[id].value;
}

Bool CP_(cct_push_label) ( ThreadId tid, UInt id )
{
   if (!s_tracking || id >= s_n_labels) return False;
   ThreadCtx* t = thread_ctx(tid);
   push_frame(t, VG_(get_SP)(tid), t->cur);
   t->cur = get_child(t->cur, CP_PSEUDO_LABEL(id));
   mirror(t);
   return True;
}

Bool CP_(cct_pop_label) ( ThreadId tid, UInt id )
{
   if (!s_tracking) return False;
   ThreadCtx* t = thread_ctx(tid);
   if (t->n_frames == 0 || t->cur->site != CP_PSEUDO_LABEL(id))
      return False;   /* not innermost: it ends with its function */
   t->n_frames--;
   t->cur = t->frames[t->n_frames].caller;
   mirror(t);
   return True;
}

/*------------------------------------------------------------*/
/*--- Queries                                              ---*/
/*------------------------------------------------------------*/

/*------------------------------------------------------------*/
/*--- Contexts without shadow stacks                       ---*/
/*------------------------------------------------------------*/

/* Whether calls and returns are followed (generated code calls the
   helpers above).  The CPU profile and the race detector need the
   context of every instruction and follow them; modes that need a
   context only at rare events (heap, locks) find it by unwinding the
   stack then, as massif does, and cost nothing per call. */
void CP_(cct_set_tracking) ( Bool on ) { s_tracking = on; }
Bool CP_(cct_tracking)     ( void )    { return s_tracking; }

#define N_MEMO (1 << 14)
typedef struct { ULong hash; CtxNode* node; } StackMemo;
static StackMemo s_memo[N_MEMO];
static ULong stats__memo_hits = 0;

/* The context of the thread's current stack: its return addresses,
   from the outermost in, name the call sites (a return address - 1 lies
   inside its call instruction, pprof's convention for callers). */
static CtxNode* unwind_context ( ThreadId tid, ThreadCtx* t )
{
   /* the pc and --max-depth return addresses, and one more to tell
      whether the stack goes deeper */
   static Addr ips[100000 + 2];
   UInt max = (UInt)CP_(clo).max_depth + 1;
   Bool below = VG_(clo_show_below_main);
   VG_(clo_show_below_main) = True;   /* the whole stack, as when following */
   UInt n = VG_(get_StackTrace)(tid, ips, max + 1, NULL, NULL, 0);
   VG_(clo_show_below_main) = below;
   Bool cut = n > max;
   if (cut) n = max;
   /* Most events come from a few stacks: remember the node of each
      recent stack by a 64-bit hash of its return addresses, and walk the
      tree (one hash lookup per frame) only for a new one. */
   ULong h = CP_(mix64)(t->serial + ((ULong)n << 32) + ((ULong)cut << 63));
   for (UInt i = 1; i < n; i++) h = CP_(mix64)(h ^ ips[i]);
   StackMemo* m = &s_memo[h & (N_MEMO - 1)];
   if (m->hash == h && m->node) { stats__memo_hits++; return m->node; }
   /* A stack deeper than --max-depth keeps its innermost frames, under a
      pseudo frame in place of the outermost one read (unwinding all of
      it at every event would make deep recursion quadratic).  Contexts
      followed call by call keep the outermost instead (cct_call): only
      those are known there without a walk. */
   CtxNode* node = t->root;
   Int i = (Int)n - 1;
   if (cut) { node = get_child(node, CP_PSEUDO_OUTER); i--; }
   for (; i >= 1 && node->depth < (UInt)CP_(clo).max_depth; i--)
      node = get_child(node, CP_(cct_callsite)(ips[i] - 1)->serial);
   m->hash = h;
   m->node = node;
   return node;
}

CtxNode* CP_(cct_current) ( ThreadId tid )
{
   ThreadCtx* t = thread_ctx(tid);
   return s_tracking ? t->cur : unwind_context(tid, t);
}

/* Calls below --max-depth run in the pseudo frame, which has no line
   of its own: an event there is put under the frame's child for the
   call that made it (read from the stack, a few frames), so that a heap
   profile keeps the line that allocated.  Only events make these
   children; calls never enter them. */
CtxNode* CP_(cct_current_site) ( ThreadId tid )
{
   CtxNode* n = CP_(cct_current)(tid);
   if (!s_tracking || n->site != CP_PSEUDO_DEEPER) return n;
   Addr ips[4];
   UInt k = VG_(get_StackTrace)(tid, ips, 4, NULL, NULL, 0);
   DiEpoch ep = VG_(current_DiEpoch)();
   for (UInt i = 1; i < k; i++)
      if (!CP_(obj_is_ours)(ep, ips[i] - 1))
         return get_child(n, CP_(cct_callsite)(ips[i] - 1)->serial);
   return n;
}

Bool CP_(cct_below_max_depth) ( const CtxNode* n )
{
   return n->site == CP_PSEUDO_DEEPER
          || (n->parent_id && CP_(cct_node)(n->parent_id)->site == CP_PSEUDO_DEEPER);
}

UInt CP_(cct_thread_serial) ( ThreadId tid )
{
   return thread_ctx(tid)->serial;
}

UInt CP_(cct_n_threads) ( void ) { return s_n_serials; }

void CP_(cct_mark_stacks_hot) ( void )
{
   for (UInt tid = 1; tid < VG_N_THREADS; tid++) {
      ThreadCtx* t = s_threads[tid];
      if (!t) continue;
      t->cur->cost_hot = True;
      for (UInt i = 0; i < t->n_frames; i++) t->frames[i].caller->cost_hot = True;
   }
}

void CP_(cct_print_stats) ( void )
{
   VG_(dmsg)("cprofgrind: contexts: %'u nodes, %'llu calls (%'llu found in "
             "the call-site cache, %'llu as the caller's last), %'llu unwinds, "
             "%'llu frames popped, deepest shadow stack %'u\n",
             s_next_id - 1, stats__calls, stats__cache_hits, stats__parent_hits,
             stats__unwinds, stats__pops, stats__max_frames);
   if (!s_tracking)
      VG_(dmsg)("cprofgrind: contexts found by unwinding: %'llu from memory\n",
                stats__memo_hits);
}

/*--------------------------------------------------------------------*/
/*--- end                                             cp_context.c ---*/
/*--------------------------------------------------------------------*/
