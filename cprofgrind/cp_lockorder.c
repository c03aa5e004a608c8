/*--------------------------------------------------------------------*/
/*--- cprofgrind: lock-order inversions.           cp_lockorder.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   Potential deadlocks, as ThreadSanitizer's deadlock detector and
   helgrind's lock-order checker find them: a graph over the whole run
   with an edge A -> B each time some thread acquires B while holding A.
   A cycle means that threads taking those locks in those orders at the
   same time would deadlock, even if this run did not.  When a new edge
   closes a cycle (a depth-first search from its target finds its
   source), the cycle is reported once, with the stacks of both
   acquisitions behind each of its edges (--lock-order=yes, the default
   with --race=yes).

   Trylocks add no edge (they cannot block).  Locks re-acquired by the
   thread that holds them (recursive mutexes) add none either. */

#include "pub_tool_libcbase.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_wordfm.h"
#include "pub_tool_threadstate.h"
#include "cp_lockorder.h"
#include "cp_racerep.h"

/*------------------------------------------------------------*/
/*--- Locks held, in acquisition order                     ---*/
/*------------------------------------------------------------*/

#define MAX_HELD 64
typedef struct { UInt id; Where w; } Held;
typedef struct { Held h[MAX_HELD]; UInt n; } HeldStack;
static HeldStack* s_held = NULL;   /* by ThreadId */

/*------------------------------------------------------------*/
/*--- The graph                                            ---*/
/*------------------------------------------------------------*/

static LockEdge* s_edges = NULL;          /* all edges */
static UInt      s_n_edges = 0, s_cap_edges = 0;
static WordFM*   s_edge_idx = NULL;       /* from << 32 | to -> index */
typedef struct { UInt* e; UInt n, cap; } Adj;   /* edge indexes by from */
static Adj*      s_adj = NULL;
static UInt      s_n_adj = 0;
static ULong*    s_reported = NULL;       /* cycle keys reported */
static UInt      s_n_reported = 0, s_cap_reported = 0;

static Int find_edge ( UInt from, UInt to )
{
   UWord i;
   return s_edge_idx && VG_(lookupFM)(s_edge_idx, NULL, &i, ((UWord)from << 32) | to)
          ? (Int)i : -1;
}

static UInt add_edge ( const LockEdge* e )
{
   if (s_n_edges == s_cap_edges) {
      s_cap_edges = s_cap_edges ? 2 * s_cap_edges : 256;
      s_edges = CP_REALLOC("cp.lockorder.edges", s_edges, s_cap_edges * sizeof(LockEdge));
   }
   s_edges[s_n_edges] = *e;
   UInt i = s_n_edges++;
   if (!s_edge_idx)
      s_edge_idx = VG_(newFM)(VG_(malloc), "cp.lockorder.idx", VG_(free), NULL);
   VG_(addToFM)(s_edge_idx, ((UWord)e->from << 32) | e->to, i);
   if (e->from >= s_n_adj) {
      UInt n = s_n_adj ? 2 * s_n_adj : 256;
      while (n <= e->from) n *= 2;
      s_adj = CP_REALLOC("cp.lockorder.adj", s_adj, n * sizeof(Adj));
      VG_(memset)(s_adj + s_n_adj, 0, (n - s_n_adj) * sizeof(Adj));
      s_n_adj = n;
   }
   Adj* a = &s_adj[e->from];
   if (a->n == a->cap) {
      a->cap = a->cap ? 2 * a->cap : 4;
      a->e = CP_REALLOC("cp.lockorder.adj.2", a->e, a->cap * sizeof(UInt));
   }
   a->e[a->n++] = i;
   return i;
}

/* A path of edges from "from" to "goal" (depth first, each lock visited
   once); returns its length, with the edge indexes in path. */
#define MAX_PATH 32
static UInt find_path ( UInt from, UInt goal, UInt* path )
{
   static UInt  stack_e[4096], stack_d[4096];
   static UChar* seen = NULL;
   static UInt   seen_n = 0;
   if (seen_n < s_n_adj + 1) {
      seen = CP_REALLOC("cp.lockorder.seen", seen, s_n_adj + 1);
      seen_n = s_n_adj + 1;
   }
   VG_(memset)(seen, 0, seen_n);
   UInt sp = 0;
   UInt depth_path[MAX_PATH];
   if (from < s_n_adj)
      for (UInt k = 0; k < s_adj[from].n && sp < 4096; k++) {
         stack_e[sp] = s_adj[from].e[k]; stack_d[sp] = 0; sp++;
      }
   if (from < seen_n) seen[from] = 1;
   while (sp > 0) {
      sp--;
      UInt ei = stack_e[sp], d = stack_d[sp];
      if (d >= MAX_PATH) continue;
      depth_path[d] = ei;
      UInt to = s_edges[ei].to;
      if (to == goal) {
         for (UInt k = 0; k <= d; k++) path[k] = depth_path[k];
         return d + 1;
      }
      if (to < seen_n && seen[to]) continue;
      if (to < seen_n) seen[to] = 1;
      if (to < s_n_adj)
         for (UInt k = 0; k < s_adj[to].n && sp < 4096; k++) {
            stack_e[sp] = s_adj[to].e[k]; stack_d[sp] = d + 1; sp++;
         }
   }
   return 0;
}

static Bool cycle_reported ( const UInt* ids, UInt n )
{
   /* key: the sorted set of locks */
   UInt s[MAX_PATH + 1];
   for (UInt i = 0; i < n; i++) s[i] = ids[i];
   for (UInt i = 1; i < n; i++)
      for (UInt j = i; j > 0 && s[j - 1] > s[j]; j--) { UInt t = s[j]; s[j] = s[j - 1]; s[j - 1] = t; }
   ULong key = 0x9e3779b97f4a7c15ULL;
   for (UInt i = 0; i < n; i++) key = CP_(mix64)(key ^ s[i]);
   for (UInt i = 0; i < s_n_reported; i++) if (s_reported[i] == key) return True;
   if (s_n_reported == s_cap_reported) {
      s_cap_reported = s_cap_reported ? 2 * s_cap_reported : 16;
      s_reported = CP_REALLOC("cp.lockorder.rep", s_reported, s_cap_reported * sizeof(ULong));
   }
   s_reported[s_n_reported++] = key;
   return False;
}

/*------------------------------------------------------------*/
/*--- Events                                               ---*/
/*------------------------------------------------------------*/

void CP_(lockorder_init) ( void )
{
   s_held = CP_CALLOC("cp.lockorder.init", VG_N_THREADS, sizeof(HeldStack));
}

void CP_(lockorder_acquired) ( ThreadId tid, UInt id, Where w )
{
   if (!s_held || tid >= VG_N_THREADS) return;
   HeldStack* hs = &s_held[tid];
   for (UInt i = 0; i < hs->n; i++)
      if (hs->h[i].id == id) goto push;   /* recursive: no edge */
   for (UInt i = 0; i < hs->n; i++) {
      UInt from = hs->h[i].id;
      if (find_edge(from, id) >= 0) continue;
      HbThread* th = CP_(hb_thread_of_tid)(tid);
      LockEdge e = { from, id, hs->h[i].w, w, th ? th->serial : 0 };
      UInt ei = add_edge(&e);
      /* does the new edge close a cycle: a path back from id to from? */
      UInt path[MAX_PATH + 1];
      UInt n = find_path(id, from, path + 1);
      if (n == 0) continue;
      path[0] = ei;
      UInt ids[MAX_PATH + 1];
      LockEdge cyc[MAX_PATH + 1];
      for (UInt k = 0; k <= n; k++) { cyc[k] = s_edges[path[k]]; ids[k] = cyc[k].from; }
      if (!cycle_reported(ids, n + 1))
         CP_(racerep_lock_cycle)(tid, cyc, n + 1);
   }
  push:
   if (hs->n < MAX_HELD) hs->h[hs->n++] = (Held){ id, w };
}

void CP_(lockorder_released) ( ThreadId tid, UInt id )
{
   if (!s_held || tid >= VG_N_THREADS) return;
   HeldStack* hs = &s_held[tid];
   for (Int i = (Int)hs->n - 1; i >= 0; i--)
      if (hs->h[i].id == id) {
         for (UInt j = (UInt)i + 1; j < hs->n; j++) hs->h[j - 1] = hs->h[j];
         hs->n--;
         return;
      }
}

void CP_(lockorder_thread_exit) ( ThreadId tid )
{
   if (s_held && tid < VG_N_THREADS) s_held[tid].n = 0;
}

/*--------------------------------------------------------------------*/
/*--- end                                           cp_lockorder.c ---*/
/*--------------------------------------------------------------------*/
