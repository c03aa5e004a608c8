/*--------------------------------------------------------------------*/
/*--- cprofgrind: the CPU profile.                   cp_cpuprof.c ---*/
/*--------------------------------------------------------------------*/

/* The CPU profile as pprof sees it:

     sample_type   instructions/count   (the only value column)
     sample        one per (calling context, instruction address) with a
                   non-zero count; location_id = [leaf pc, call site of
                   the innermost frame, ..., call site in the thread's
                   first function]; label thread=<serial> (numeric)
     comment       how the numbers were made, and the command line

   Counts are exact: every guest instruction executed, as cachegrind's
   `I refs` counts them.  Instructions of cprofgrind's own preload
   library are not counted (they are not the program's) and its frames
   are hidden from stacks.

   Building: the counters of cp_cost.c are walked once into an array of
   (context, address, count) triples, sorted, and merged where one
   address was counted in several superblocks; each run of one context
   then shares its caller stack. */

#include "pub_tool_libcbase.h"
#include "pub_tool_clientstate.h"
#include "pub_tool_xarray.h"
#include "cp_cpuprof.h"
#include "cp_cost.h"
#include "cp_context.h"
#include "cp_pprof.h"

typedef struct {
   UInt    ctx;
   Addr    a;
   ULong   n;
   DiEpoch ep;
} Triple;

typedef struct { Triple* t; SizeT n, cap; } Triples;

static void collect ( void* opaque, UInt ctx, Addr a, ULong n, DiEpoch ep )
{
   Triples* ts = opaque;
   if (ts->n == ts->cap) {
      ts->cap = ts->cap ? 2 * ts->cap : 1 << 16;
      ts->t = CP_REALLOC("cp.cpuprof.collect.1", ts->t, ts->cap * sizeof(Triple));
   }
   ts->t[ts->n++] = (Triple){ ctx, a, n, ep };
}

static Int cmp_triple ( const void* pa, const void* pb )
{
   const Triple* x = pa;
   const Triple* y = pb;
   if (x->ctx != y->ctx) return x->ctx < y->ctx ? -1 : 1;
   if (x->a != y->a)     return x->a < y->a ? -1 : 1;
   return 0;
}

/* Caller frames of node: the call sites from the innermost out. */
static UInt caller_locs ( Prof* p, const CtxNode* node, ULong* out, UInt max )
{
   UInt n = 0;
   DiEpoch ep = VG_(current_DiEpoch)();
   for (; node && node->parent && n < max; node = node->parent) {
      if (node->callsite >= CP_PSEUDO_LIMIT) {
         out[n++] = CP_(prof_loc)(p, node->callsite, ep);
      } else if (CP_PSEUDO_IS_SIGNAL(node->callsite)) {
         HChar name[64];
         VG_(sprintf)(name, "<signal %d handler>", CP_PSEUDO_SIGNO(node->callsite));
         out[n++] = CP_(prof_loc_pseudo)(p, name);
      }
   }
   return n;
}

static void add_comments ( Prof* p )
{
   CP_(prof_comment)(p, "cprofgrind: exact instruction counts per calling "
                        "context (no sampling); valgrind --tool=cprofgrind");
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

Long CP_(cpuprof_write) ( const HChar* path )
{
   Triples ts = { NULL, 0, 0 };
   CP_(cost_visit)(collect, &ts);
   if (ts.n) VG_(ssort)(ts.t, ts.n, sizeof(Triple), cmp_triple);

   Prof* p = CP_(prof_open)(path);
   if (p == NULL) { if (ts.t) CP_FREE(ts.t); return -1; }
   CP_(prof_sample_type)(p, "instructions", "count");
   CP_(prof_period)(p, "instructions", "count", 1);
   add_comments(p);

   static ULong locs[100002];
   UInt  n_callers = 0;
   UInt  cur_ctx   = 0;
   Long  total     = 0;
   for (SizeT i = 0; i < ts.n; ) {
      Triple t = ts.t[i++];
      while (i < ts.n && ts.t[i].ctx == t.ctx && ts.t[i].a == t.a)
         t.n += ts.t[i++].n;   /* one address counted in several superblocks */
      if (t.n == 0) continue;
      const CtxNode* node = CP_(cct_node)(t.ctx);
      if (t.ctx != cur_ctx) {
         cur_ctx = t.ctx;
         n_callers = caller_locs(p, node, locs + 1, 100000);
      }
      locs[0] = CP_(prof_loc)(p, t.a, t.ep);
      Long v = (Long)t.n;
      ProfLabel lab = { "thread", NULL, node->thread, NULL };
      CP_(prof_sample)(p, locs, n_callers + 1, &v, &lab, 1);
      total += v;
   }
   if (ts.t) CP_FREE(ts.t);
   return CP_(prof_close)(p) ? total : -1;
}

/*--------------------------------------------------------------------*/
/*--- end                                             cp_cpuprof.c ---*/
/*--------------------------------------------------------------------*/
