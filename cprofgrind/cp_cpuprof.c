/*--------------------------------------------------------------------*/
/*--- cprofgrind: the CPU profile.                   cp_cpuprof.c ---*/
/*--------------------------------------------------------------------*/

/* The CPU profile as pprof sees it:

     sample_type   instructions/count   (the only value column)
     sample        one per (calling context, instruction) with a non-zero
                   count -- or per (calling context, source line), see
                   below; location_id = [leaf, call site of the innermost
                   frame, ..., call site in the thread's first function];
                   numeric label thread=<serial>
     comment       how the numbers were made, and the command line

   Counts are exact: every guest instruction executed, as cachegrind's
   `I refs` counts them.  Instructions of cprofgrind's own preload
   library are not counted and its frames are hidden.

   Size.  Exact full contexts can be many: a compiler makes millions of
   contexts and tens of millions of (context, instruction) pairs, more
   than pprof can load.  The profile therefore has a budget,
   --max-samples (default 250,000):
     1. if every (context, instruction) pair fits, each is a sample
        (per-instruction detail: -disasm shows every instruction);
     2. otherwise samples are (context, source line): the instructions of
        one line (same function and chain of inlined calls) in one context
        are one sample, at the line's first address seen;
     3. and if the pairs still exceed the budget, the contexts of least
        inclusive cost are merged into their nearest kept caller, under a
        pseudo frame "<merged calls>": their instructions keep their own
        leaf (function, line), and only the frames between the kept
        caller and the leaf are dropped.
   In every case the total, every function's and every line's cost, and
   the cost of every kept context are exact; the profile's comments say
   which granularity was used and how many contexts were merged.
   --cpu-detail=instr|line forces the granularity. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_options.h"
#include "pub_tool_clientstate.h"
#include "pub_tool_xarray.h"
#include "cp_cpuprof.h"
#include "cp_cost.h"
#include "cp_context.h"
#include "cp_pprof.h"
#include "cp_profctx.h"
#include "cp_clo.h"

/*------------------------------------------------------------*/
/*--- A map of (ULong, ULong) -> ULong, open addressing    ---*/
/*------------------------------------------------------------*/

typedef struct { ULong k1, k2, v; } Ent;   /* k1 == 0: empty */
typedef struct { Ent* e; UWord mask, used; } Map;

static void map_init ( Map* m, UWord size )
{
   m->e = CP_CALLOC("cp.cpuprof.map_init.1", size, sizeof(Ent));
   m->mask = size - 1;
   m->used = 0;
}

static Ent* map_slot ( Map* m, ULong k1, ULong k2 )
{
   UWord i = (UWord)CP_(mix64)(k1 * 0x9E3779B97F4A7C15ULL ^ k2) & m->mask;
   while (m->e[i].k1 != 0 && (m->e[i].k1 != k1 || m->e[i].k2 != k2))
      i = (i + 1) & m->mask;
   return &m->e[i];
}

static Ent* map_get ( Map* m, ULong k1, ULong k2 )   /* created if absent */
{
   Ent* e = map_slot(m, k1, k2);
   if (e->k1 == 0) {
      if (4 * (m->used + 1) > 3 * (m->mask + 1)) {
         Map old = *m;
         map_init(m, 2 * (old.mask + 1));
         for (UWord i = 0; i <= old.mask; i++)
            if (old.e[i].k1) *map_slot(m, old.e[i].k1, old.e[i].k2) = old.e[i];
         m->used = old.used;
         CP_FREE(old.e);
         e = map_slot(m, k1, k2);
      }
      e->k1 = k1;
      e->k2 = k2;
      e->v  = 0;
      m->used++;
   }
   return e;
}

/*------------------------------------------------------------*/
/*--- Leaves: instructions or source lines                 ---*/
/*------------------------------------------------------------*/

/* The leaves of a basic block: its instructions grouped in runs that
   share a sample (one instruction each, or the consecutive instructions
   of one source line), each with its representative address. */
typedef struct {
   UInt    n_runs;
   Addr*   rep;      /* n_runs representative addresses */
   ULong*  fkey;     /* n_runs keys of the function of each run */
   UShort* first;    /* n_runs + 1: index of each run's first instruction */
} Runs;

typedef struct {
   Bool   by_line;
   Runs** runs;      /* by block id, built on first use */
   /* By block id, dense (visits read these for millions of cells):
      its number of runs, and the key of its function if all its runs
      are of one function (else 0). */
   UShort* nruns;
   ULong*  fkey1;
   Map    line_rep;  /* (line key, 2) -> representative address */
   Map    epoch;     /* (representative, 3) -> debug-info epoch + 1, for
                        code translated before the current epoch only
                        (an object unloaded since): a map of every
                        instruction was most of the writer's memory */
   DiEpoch now;
   Map    fn_rep;    /* (function key, 5) -> a representative address */
   UWord  n_instrs;  /* of every block */
} Leaves;

/* Where a block's runs are made, and where they stay when they are not
   kept (per instruction, each instruction is a run: rebuilding them
   costs less than keeping them, 0.8 MB on xz). */
static Addr   s_rep[1024];
static ULong  s_fkey[1024];
static UShort s_first[1025];
static Runs   s_scratch = { 0, s_rep, s_fkey, s_first };

/* The runs of a block; with need_fkey, their functions' keys too (a
   debug-info lookup each: the merged contexts need them, and a kept
   context per instruction does not). */
static const Runs* runs_of ( Leaves* lv, const SBInfo* sb, Bool need_fkey )
{
   if (lv->by_line && lv->runs[sb->id]) return lv->runs[sb->id];
   Runs* r = &s_scratch;
   r->n_runs = 0;
   Bool prev_unknown = False;
   for (UInt j = 0; j < sb->n_instrs; j++) {
      Addr a   = sb->addr + sb->ioff[j];
      Addr rep = a;
      if (lv->by_line) {
         ULong key = CP_(prof_line_key)(sb->ep, a);
         if (key == 0) {
            /* Nothing known about this code (stripped): the instructions
               of one block form one sample, at its first address. */
            rep = prev_unknown ? r->rep[r->n_runs - 1] : a;
            prev_unknown = True;
         } else {
            Ent* e = map_get(&lv->line_rep, key, 2);
            if (e->v == 0) e->v = a;
            rep = (Addr)e->v;
            prev_unknown = False;
         }
      }
      if (r->n_runs == 0 || r->rep[r->n_runs - 1] != rep) {
         r->rep[r->n_runs] = rep;
         r->first[r->n_runs] = (UShort)j;
         r->fkey[r->n_runs] = 0;
         if (need_fkey || lv->by_line) {
            r->fkey[r->n_runs] = CP_(prof_function_key)(sb->ep, rep);
            Ent* fr = map_get(&lv->fn_rep, r->fkey[r->n_runs], 5);
            if (fr->v == 0) fr->v = rep;
         }
         r->n_runs++;
         /* the epoch the code was translated in: the object may be gone */
         if (sb->ep.n != lv->now.n) {
            Ent* ep = map_get(&lv->epoch, (ULong)rep, 3);
            if (ep->v == 0) ep->v = (ULong)sb->ep.n + 1;
         }
      }
   }
   r->first[r->n_runs] = sb->n_instrs;
   if (!lv->by_line) return r;
   /* by line: built once, then kept in one block of the exact size (a
      compiler has ~200,000 blocks: four blocks each, of the
      instructions' size, were 40 MB of the peak) */
   UInt   k = r->n_runs;
   UChar* m = CP_MALLOC("cp.cpuprof.runs_of.1", sizeof(Runs)
                        + k * (sizeof(Addr) + sizeof(ULong)) + (k + 1) * sizeof(UShort));
   Runs*  kept = (Runs*)m;
   kept->n_runs = k;
   kept->rep    = (Addr*)(m + sizeof(Runs));
   kept->fkey   = (ULong*)(m + sizeof(Runs) + k * sizeof(Addr));
   kept->first  = (UShort*)(m + sizeof(Runs) + k * (sizeof(Addr) + sizeof(ULong)));
   VG_(memcpy)(kept->rep, r->rep, k * sizeof(Addr));
   VG_(memcpy)(kept->fkey, r->fkey, k * sizeof(ULong));
   VG_(memcpy)(kept->first, r->first, (k + 1) * sizeof(UShort));
   lv->runs[sb->id] = kept;
   return kept;
}

/* The debug-info epoch to name the code at rep with. */
static DiEpoch epoch_of ( Leaves* lv, Addr rep )
{
   const Ent* e = map_slot(&lv->epoch, (ULong)rep, 3);
   if (e->k1 == 0) return lv->now;
   DiEpoch ep = { (UInt)(e->v - 1) };
   return ep;
}

static void leaves_init ( Leaves* lv, Bool by_line )
{
   UInt nsb = CP_(sb_count)();
   lv->by_line = by_line;
   lv->n_instrs = 0;
   lv->runs  = by_line ? CP_CALLOC("cp.cpuprof.leaves_init.1", nsb + 1, sizeof(Runs*))
                       : NULL;
   lv->nruns = CP_CALLOC("cp.cpuprof.leaves_init.2", nsb + 1, sizeof(UShort));
   lv->fkey1 = CP_CALLOC("cp.cpuprof.leaves_init.3", nsb + 1, sizeof(ULong));
   map_init(&lv->line_rep, by_line ? 1 << 10 : 2);   /* they grow */
   map_init(&lv->epoch, 1 << 10);
   lv->now = VG_(current_DiEpoch)();
   map_init(&lv->fn_rep, 1 << 12);
   for (UInt id = 1; id <= nsb; id++) {
      const SBInfo* sb = CP_(sb_by_id)(id);
      if (!sb) continue;
      const Runs* r = runs_of(lv, sb, True);
      lv->n_instrs += sb->n_instrs;
      lv->nruns[id] = (UShort)r->n_runs;
      lv->fkey1[id] = r->fkey[0];
      for (UInt i = 1; i < r->n_runs; i++)
         if (r->fkey[i] != r->fkey[0]) { lv->fkey1[id] = 0; break; }
   }
}

static void leaves_fini ( Leaves* lv )
{
   for (UInt i = 0; lv->runs && i <= CP_(sb_count)(); i++)
      if (lv->runs[i]) CP_FREE(lv->runs[i]);
   if (lv->runs) CP_FREE(lv->runs);
   CP_FREE(lv->nruns);
   CP_FREE(lv->fkey1);
   CP_FREE(lv->line_rep.e);
   CP_FREE(lv->epoch.e);
   CP_FREE(lv->fn_rep.e);
}

/* Count of each run of one cell into n[0 .. n_runs). */
static void run_counts ( const SBInfo* sb, const Runs* r, ULong entries,
                         const ULong* taken, ULong* n )
{
   ULong counts[1024];
   if (taken) CP_(cost_cell_counts)(sb, entries, taken, counts);
   for (UInt i = 0; i < r->n_runs; i++) {
      n[i] = 0;
      if (taken)
         for (UInt j = r->first[i]; j < r->first[i + 1]; j++) n[i] += counts[j];
      else
         n[i] = entries * (r->first[i + 1] - r->first[i]);
   }
}

/*------------------------------------------------------------*/
/*--- Per-context facts, and which contexts are kept       ---*/
/*------------------------------------------------------------*/

typedef struct {
   ULong* incl;    /* inclusive instructions, by node id */
   UInt*  pairs;   /* leaves (runs) of the node alone: its sample bound */
   UInt*  target;  /* node whose samples hold this node's counts */
} Facts;

typedef struct { Leaves* lv; ULong instrs; UInt pairs; } NodeSum;

static void sum_cell ( void* opaque, UInt id, ULong entries,
                       const ULong* taken )
{
   NodeSum* ns = opaque;
   ULong counts[1024];
   ns->instrs += taken
                 ? CP_(cost_cell_counts)(CP_(sb_by_id)(id), entries, taken, counts)
                 : entries * CP_(sb_instrs)(id);
   ns->pairs  += ns->lv->nruns[id];
}

/* Fill incl and pairs; return the total of pairs. */
static ULong gather ( Facts* f, Leaves* lv, UInt nn, ULong* total )
{
   ULong all_pairs = 0;
   *total = 0;
   for (UInt id = 1; id < nn; id++) {
      NodeSum ns = { lv, 0, 0 };
      CP_(cost_node_visit)(CP_(cct_node)(id), sum_cell, &ns);
      f->incl[id]  = ns.instrs;
      f->pairs[id] = ns.pairs;
      *total      += ns.instrs;
      all_pairs   += ns.pairs;
   }
   /* children have larger ids than their parents */
   for (UInt id = nn - 1; id >= 1; id--) {
      const CtxNode* n = CP_(cct_node)(id);
      if (n->parent_id) f->incl[n->parent_id] += f->incl[id];
   }
   return all_pairs;
}

/* The leaves of the contexts whose inclusive cost is at least thr. */
static ULong pairs_from ( const Facts* f, UInt nn, ULong thr )
{
   ULong sum = 0;
   for (UInt id = 1; id < nn; id++)
      if (f->incl[id] >= thr && f->incl[id]) sum += f->pairs[id];
   return sum;
}

/* Keep the contexts of largest inclusive cost whose leaves fit in
   budget (0: keep all); the others are charged to their nearest kept
   ancestor.  Returns the number merged.  Ancestors cost at least as much
   as their descendants, so a threshold on inclusive cost keeps every
   kept node's callers, and contexts of equal cost (a parent and a child
   that does all the work) stay or go together.  The threshold is the
   lowest whose leaves fit, found by bisection over the costs (a pass
   over the nodes per step, no sorted copy of them). */
static UInt choose_targets ( Facts* f, UInt nn, ULong budget )
{
   ULong thr = 0;
   if (budget) {
      ULong hi = 0;
      for (UInt id = 1; id < nn; id++) if (f->incl[id] > hi) hi = f->incl[id];
      if (pairs_from(f, nn, hi) > budget) {
         thr = ~0ULL;   /* not even the dearest context fits */
      } else {
         ULong lo = 0;   /* invariant: pairs_from(lo) > budget or lo == 0 */
         while (hi - lo > 1) {
            ULong mid = lo + (hi - lo) / 2;
            if (pairs_from(f, nn, mid) <= budget) hi = mid; else lo = mid;
         }
         thr = lo == 0 && pairs_from(f, nn, 1) <= budget ? 1 : hi;
      }
   }
   UInt merged = 0;
   for (UInt id = 1; id < nn; id++) {
      const CtxNode* n = CP_(cct_node)(id);
      Bool keep = budget == 0 || f->incl[id] >= thr || n->parent_id == 0;
      f->target[id] = keep ? id : f->target[n->parent_id];
      if (!keep && f->incl[id]) merged++;
   }
   return merged;
}

/*------------------------------------------------------------*/
/*--- Aggregation into samples                             ---*/
/*------------------------------------------------------------*/

/* Samples are Ents: k1 = context id << 1 | merged, k2 = leaf address
   (kept contexts) or function key (merged ones). */
#define N_FSUM 4
typedef struct {
   Leaves* lv;
   UInt    target;    /* 0: the node being visited is kept */
   Map     merged;    /* samples of merged contexts, by kept ancestor */
   Ent*    local;     /* (0, leaf, count) of the kept node being visited */
   UWord   n_local, cap_local;
   /* A merged node's counts by function, summed here before they go to
      the map: its cells are mostly of one or two functions, so the map
      (large, random access) is touched about once per node, not once
      per leaf. */
   ULong   fkey[N_FSUM], fsum[N_FSUM];
   UInt    n_fsum;
} Acc;

static void flush_fsums ( Acc* acc )
{
   for (UInt j = 0; j < acc->n_fsum; j++)
      map_get(&acc->merged, ((ULong)acc->target << 1) | 1, acc->fkey[j])->v
         += acc->fsum[j];
   acc->n_fsum = 0;
}

static void add_fsum ( Acc* acc, ULong fkey, ULong n )
{
   for (UInt j = 0; j < acc->n_fsum; j++)
      if (acc->fkey[j] == fkey) { acc->fsum[j] += n; return; }
   if (acc->n_fsum == N_FSUM) flush_fsums(acc);
   acc->fkey[acc->n_fsum]   = fkey;
   acc->fsum[acc->n_fsum++] = n;
}

static void add_cell ( void* opaque, UInt id, ULong entries,
                       const ULong* taken )
{
   Acc* acc = opaque;
   if (acc->target && !taken && acc->lv->fkey1[id]) {
      /* a merged context, a block of one function: the usual case, done
         without reading the block's runs */
      if (entries) add_fsum(acc, acc->lv->fkey1[id], entries * CP_(sb_instrs)(id));
      return;
   }
   const SBInfo* sb = CP_(sb_by_id)(id);
   const Runs* r = runs_of(acc->lv, sb, acc->target != 0);
   ULong n[1024];
   run_counts(sb, r, entries, taken, n);
   for (UInt i = 0; i < r->n_runs; i++) {
      if (n[i] == 0) continue;
      if (acc->target) {
         /* a merged context keeps its leaf's function, not its line */
         add_fsum(acc, r->fkey[i], n[i]);
         continue;
      }
      if (acc->n_local == acc->cap_local) {
         acc->cap_local = 2 * acc->cap_local + 256;
         acc->local = CP_REALLOC("cp.cpuprof.add_cell.1", acc->local,
                                 acc->cap_local * sizeof(Ent));
      }
      acc->local[acc->n_local++] = (Ent){ 0, r->rep[i], n[i] };
   }
}

static Int cmp_ent ( const void* pa, const void* pb );

/* Where samples are written. */
typedef struct {
   Prof*     p;
   Leaves*   lv;
   ULong     cur;        /* context (Ent.k1) of locs[1..] and lab */
   UInt      n_callers;
   ProfLabel lab[4];     /* its thread and its cprofgrind.h labels */
   UInt      n_labels;
} Out;

static ULong s_locs[100003];

static void emit ( Out* o, const Ent* e )
{
   Prof* p = o->p;
   const CtxNode* node = CP_(cct_node)((UInt)(e->k1 >> 1));
   if (e->k1 != o->cur) {
      o->cur = e->k1;
      UInt at = 1;
      if (e->k1 & 1) s_locs[at++] = CP_(prof_loc_pseudo)(p, "<merged calls>");
      o->n_callers = at - 1 + CP_(ctx_locs)(p, node, s_locs + at, 100000);
      o->n_labels = CP_(ctx_labels)(node, o->lab, 4);
   }
   if (e->k1 & 1) {
      Addr rep = (Addr)map_get(&o->lv->fn_rep, e->k2, 5)->v;
      DiEpoch ep = epoch_of(o->lv, rep);
      /* code without symbols has no lines to lose: keep its address */
      s_locs[0] = (e->k2 & 3) == 2 ? CP_(prof_loc)(p, rep, ep)
                                   : CP_(prof_loc_function)(p, e->k2, rep, ep);
   } else {
      DiEpoch ep = epoch_of(o->lv, (Addr)e->k2);
      s_locs[0] = CP_(prof_loc)(p, (Addr)e->k2, ep);
   }
   Long v = (Long)e->v;
   CP_(prof_sample)(p, s_locs, o->n_callers + 1, &v, o->lab, o->n_labels);
}

/* The samples: a kept context's as its node is visited (one per leaf),
   the merged ones at the end, by the kept context that holds them.
   Returns their number.  Nothing is kept of the written samples: the
   memory this needs is the merged samples' map. */
static UWord aggregate ( const Facts* f, Leaves* lv, UInt nn, Out* o )
{
   Acc acc = { .lv = lv };
   map_init(&acc.merged, 1 << 12);
   UWord k = 0;
   for (UInt id = 1; id < nn; id++) {
      if (f->incl[id] == 0) continue;
      Bool kept = f->target[id] == id;
      acc.target = kept ? 0 : f->target[id];
      CP_(cost_node_visit)(CP_(cct_node)(id), add_cell, &acc);
      if (!kept) flush_fsums(&acc);
      if (!kept || acc.n_local == 0) continue;
      /* one sample per leaf of the node: merge its runs by address */
      VG_(ssort)(acc.local, acc.n_local, sizeof(Ent), cmp_ent);
      for (UWord i = 0; i < acc.n_local; ) {
         Ent e = { (ULong)id << 1, acc.local[i].k2, 0 };
         while (i < acc.n_local && acc.local[i].k2 == e.k2) e.v += acc.local[i++].v;
         emit(o, &e);
         k++;
      }
      acc.n_local = 0;
   }
   if (acc.local) CP_FREE(acc.local);
   /* the merged samples, by context (so that each context's callers are
      made once), compacted to the front of the map's own array */
   UWord m = 0;
   for (UWord i = 0; i <= acc.merged.mask; i++)
      if (acc.merged.e[i].k1 && acc.merged.e[i].v) acc.merged.e[m++] = acc.merged.e[i];
   k += m;
   VG_(ssort)(acc.merged.e, m, sizeof(Ent), cmp_ent);
   for (UWord i = 0; i < m; i++) emit(o, &acc.merged.e[i]);
   CP_FREE(acc.merged.e);
   return k;
}

/*------------------------------------------------------------*/
/*--- Writing                                              ---*/
/*------------------------------------------------------------*/

static Int cmp_ent ( const void* pa, const void* pb )
{
   const Ent* x = pa;
   const Ent* y = pb;
   if (x->k1 != y->k1) return x->k1 < y->k1 ? -1 : 1;
   if (x->k2 != y->k2) return x->k2 < y->k2 ? -1 : 1;
   return 0;
}

static void add_comments ( Prof* p, Bool by_line, UInt merged, UInt contexts,
                           ULong budget )
{
   CP_(prof_comment)(p, "cprofgrind: exact instruction counts per calling "
                        "context (no sampling); valgrind --tool=cprofgrind");
   HChar buf[512];
   VG_(snprintf)(buf, sizeof buf, "cprofgrind: one sample per (context, %s)%s",
                 by_line ? "source line" : "instruction",
                 by_line ? ": the instructions of a line are counted at "
                           "its first address" : "");
   CP_(prof_comment)(p, buf);
   if (merged) {
      VG_(snprintf)(buf, sizeof buf, "cprofgrind: %u of %u calling contexts "
                    "merged into their callers as '<merged calls>' (their "
                    "instructions counted per function, not per line) to stay "
                    "under --max-samples=%llu", merged, contexts, budget);
      CP_(prof_comment)(p, buf);
   }
   if (CP_(sb_uncounted)()) {
      VG_(snprintf)(buf, sizeof buf, "cprofgrind: NOT COMPLETE: %'llu "
                    "translations of code first run after more than %'d "
                    "distinct basic blocks were not counted (--max-blocks)",
                    CP_(sb_uncounted)(), CP_(clo).max_blocks);
      CP_(prof_comment)(p, buf);
   }
   /* The command line, as pprof shows comments at the top of reports. */
   HChar cmd[1024];
   SizeT n = 0;
   const HChar* exe = VG_(args_the_exename);
   cmd[0] = '\0';
   if (exe) { VG_(strncpy)(cmd, exe, sizeof cmd - 1); cmd[sizeof cmd - 1] = 0; }
   n = VG_(strlen)(cmd);
   for (Word i = 0; VG_(args_for_client) && i < VG_(sizeXA)(VG_(args_for_client)); i++) {
      const HChar* a = *(HChar**)VG_(indexXA)(VG_(args_for_client), i);
      SizeT l = VG_(strlen)(a);
      if (n + l + 2 >= sizeof cmd) break;
      cmd[n++] = ' ';
      VG_(strcpy)(cmd + n, a);
      n += l;
   }
   CP_(prof_comment)(p, cmd);
}

Long CP_(cpuprof_write) ( const HChar* path, UInt* contexts_out )
{
   UInt  nn     = CP_(cct_n_nodes)();
   ULong budget = (ULong)CP_(clo).max_samples;
   Facts f;
   f.incl   = CP_CALLOC("cp.cpuprof.write.1", nn, sizeof(ULong));
   f.pairs  = CP_CALLOC("cp.cpuprof.write.2", nn, sizeof(UInt));
   f.target = CP_CALLOC("cp.cpuprof.write.3", nn, sizeof(UInt));

   /* Per instruction if every (context, instruction) fits the budget
      (or if asked), else per source line. */
   UInt  t0 = VG_(read_millisecond_timer)();
   Leaves lv;
   ULong total, pairs;
   Bool  by_line = CP_(clo).cpu_detail == CpuDetailLine;
   if (CP_(clo).cpu_detail == CpuDetailAuto && budget
       && CP_(cost_instr_pairs)() > budget)
      by_line = True;
   leaves_init(&lv, by_line);
   pairs = gather(&f, &lv, nn, &total);
   UInt t1 = VG_(read_millisecond_timer)();
   UInt contexts = 0;
   for (UInt id = 1; id < nn; id++) contexts += f.incl[id] != 0;
   if (contexts_out) *contexts_out = contexts;

   /* Merge the cheapest contexts until the samples fit.  Merged contexts
      of one caller share leaves, so the first guess (on leaves per
      context) is checked on the samples actually made, as they are
      written; if they are too many, that profile is dropped and the
      next guess is written. */
   UWord k;
   UInt  merged;
   Prof* p;
   /* The first guess aims at 60% of the budget: the merged contexts add
      their own samples (on cc1, ~50,000 for 150,000 leaves), and a
      second round costs as much as the first. */
   ULong sub = budget - budget * 2 / 5;
   UInt  t2 = t1, merged_before = ~0u;
   for (Int round = 0; ; round++) {
      Bool fits = budget == 0 || pairs <= budget;   /* every leaf fits */
      merged = choose_targets(&f, nn, fits ? 0 : sub);
      t2 = VG_(read_millisecond_timer)();
      p = CP_(prof_open)(path);
      if (p == NULL) break;
      /* locations: the leaves (each instruction, or each line's first
         address), the call sites, a few pseudo frames */
      CP_(prof_reserve_locs)(p, (lv.by_line ? lv.line_rep.used : lv.n_instrs)
                                + CP_(cct_n_sites)() + 16);
      CP_(prof_sample_type)(p, "instructions", "count");
      CP_(prof_period)(p, "instructions", "count", 1);
      add_comments(p, lv.by_line, merged, contexts, budget);
      Out write = { .p = p, .lv = &lv };
      k = aggregate(&f, &lv, nn, &write);
      if (fits) break;
      if (VG_(clo_stats))
         VG_(dmsg)("cprofgrind: CPU profile: round %d: leaves budget %'llu: "
                   "%'u contexts merged, %'lu samples\n", round, sub, merged, k);
      /* (no more merges to make: the merged contexts' own samples are
         what is left over the budget) */
      if (k <= budget || merged == contexts || merged == merged_before || round == 8)
         break;
      merged_before = merged;
      CP_(prof_abort)(p);
      sub = sub * budget / k * 3 / 4;   /* aim under, in proportion */
      if (sub == 0) sub = 1;
   }
   CP_FREE(f.incl); CP_FREE(f.pairs); CP_FREE(f.target);
   leaves_fini(&lv);
   if (p == NULL) return -1;
   Bool ok = CP_(prof_close)(p);
   if (VG_(clo_stats))
      VG_(dmsg)("cprofgrind: CPU profile: %'lu samples; %u ms to count, "
                "%u ms to choose, %u ms to write\n", k, t1 - t0, t2 - t1,
                VG_(read_millisecond_timer)() - t2);
   return ok ? (Long)total : -1;
}

/*--------------------------------------------------------------------*/
/*--- end                                             cp_cpuprof.c ---*/
/*--------------------------------------------------------------------*/
