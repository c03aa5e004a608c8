/*--------------------------------------------------------------------*/
/*--- cprofgrind: calling contexts and shadow stacks. cp_context.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_CONTEXT_H
#define __CP_CONTEXT_H

#include "cp_basics.h"
#include "pub_tool_threadstate.h"

/* A node of the calling-context tree (CCT).  A node stands for "code
   running in a function entered from this call site, under this parent
   context"; the root of each thread's tree stands for the thread's first
   frame.  Nodes are never freed: counters and heap blocks refer to them
   by id for the whole run. */
typedef struct CtxNode {
   /* Counter table of the instructions run in this context, owned by
      cp_cost.c and read by generated code: keep these two first. */
   ULong* cost_tab;        /* cells: count, and 2 * tag above (cp_cost.c) */
   UInt   cost_mask;       /* cells - 1 */
   UInt   cost_blob;       /* without a table (cost_tab is the empty
                              one): the cells' compact copy in the log
                              + 1, or 0 */
   UInt   cost_misses;     /* slow-path lookups since the last growth (at
                              exit, cp_cost.c links tables through it) */
   UInt   id;              /* dense, from 1; index into the node table */
   UInt   parent_id;       /* 0 for a root (CP_(cct_parent)) */
   /* 40 bytes a node, not 64: cc1 makes 2.9 million of them */
   UInt   depth    : 24;   /* 0 for a thread root; --max-depth < 2^24 */
   UInt   nested   : 1;    /* inside a call made by one of our preload
                              library's wrappers to the function it wraps:
                              heap events there are internal (realloc's own
                              malloc, operator new's malloc) */
   UInt   from_sys : 1;    /* entered from the C library or the loader:
                              the race detector ignores its accesses
                              when they are made by their code */
   UInt   cost_hot : 1;    /* ran since cp_cost.c last compacted tables:
                              set by calls into it and by slow lookups */
   UInt   site;            /* where it was entered from: the serial of the
                              call instruction (CP_(node_callsite) gives
                              its address); below CP_PSEUDO_LIMIT a pseudo
                              frame (see below); 0 for a root */
   UInt   last_child;      /* id of the child this context entered last
                              (below --max-depth: the pseudo frame): its
                              site says from where */
} CtxNode;
STATIC_ASSERT(sizeof(void*) != 8 || sizeof(CtxNode) == 40);

/* Pseudo call sites: frames that no call instruction made. */
#define CP_PSEUDO_LIMIT       0x1000
/* Below a context at --max-depth: every deeper call runs in this one
   frame, so that a profile does not show the deeper functions as called
   by the one at that depth. */
#define CP_PSEUDO_DEEPER      ((Addr)0x10)
/* Above the innermost --max-depth frames of a stack that was unwound
   (not followed) and is deeper than that: the outer frames not read. */
#define CP_PSEUDO_OUTER       ((Addr)0x11)
#define CP_PSEUDO_SIGNAL(n)   ((Addr)(0x100 + (n)))   /* handler of signal n */
#define CP_PSEUDO_IS_SIGNAL(a) ((a) >= 0x100 && (a) < 0x200)
#define CP_PSEUDO_SIGNO(a)    ((Int)((a) - 0x100))
/* A label (task=..., region=...) the thread set with cprofgrind.h: the
   costs run under it have their own nodes, and outputs turn the frame
   into a pprof label instead of a location. */
#define CP_PSEUDO_LABEL(id)   ((Addr)(0x200 + (id)))
#define CP_PSEUDO_IS_LABEL(a) ((a) >= 0x200 && (a) < CP_PSEUDO_LIMIT)
#define CP_PSEUDO_LABEL_ID(a) ((UInt)((a) - 0x200))
#define CP_MAX_LABELS         (CP_PSEUDO_LIMIT - 0x200)

/* The node the running thread is in.  Read by generated code on every
   superblock (cp_cost.c), so it is a plain global, switched with the
   thread (see start_client_code in cp_context.c). */
extern CtxNode* CP_(cur_node);

/* SP of the innermost shadow frame of the running thread (~0 if none):
   generated code at returns and indirect jumps calls the unwinder only
   when the stack pointer has risen above it. */
extern UWord CP_(cur_top_sp);

void     CP_(cct_init)          ( void );
/* The name a pseudo call site's frame is shown under (buf: 64 bytes),
   or NULL for one that is not a frame (a label, the root). */
const HChar* CP_(pseudo_frame_name) ( Addr cs, HChar* buf );
CtxNode* CP_(cct_node)          ( UInt id );      /* id -> node */
CtxNode* CP_(cct_parent)        ( const CtxNode* n );   /* NULL for a root */
/* The address n was entered from (a pseudo frame below CP_PSEUDO_LIMIT,
   0 for a root), and the serial number of its thread (1 = main; thread
   ids are reused, serials not): the root's, found by walking up. */
Addr     CP_(node_callsite)     ( const CtxNode* n );
UInt     CP_(node_thread)       ( const CtxNode* n );
UInt     CP_(cct_n_nodes)       ( void );         /* highest id + 1 */
UInt     CP_(cct_n_sites)       ( void );         /* distinct call sites */
/* The context a thread is in now: followed call by call when tracking,
   else found by unwinding its stack. */
CtxNode* CP_(cct_current)       ( ThreadId tid );
/* The same for an event that names the line making it (an allocation):
   below --max-depth, the child of the pseudo frame for the innermost call
   site outside our preload library. */
CtxNode* CP_(cct_current_site)  ( ThreadId tid );
/* Whether n is the pseudo frame below --max-depth or a child of it. */
Bool     CP_(cct_below_max_depth) ( const CtxNode* n );
void     CP_(cct_set_tracking)  ( Bool on );   /* before the client runs */
Bool     CP_(cct_tracking)      ( void );
UInt     CP_(cct_thread_serial) ( ThreadId tid );
UInt     CP_(cct_n_threads)     ( void );         /* serials used so far */

/* One call instruction, with the last few (parent -> child) steps it
   made: a call site is usually reached again from one of a few contexts
   (a loop in the caller, a helper called from a handful of places), and
   then the child is found without hashing. */
#define CP_SITE_WAYS 4
typedef struct {
   UInt     serial;                /* the call instruction's number, which
                                      CtxNode.site records (its address is
                                      the key of the site's table entry) */
   UInt     next;                  /* way to replace on a miss */
   CtxNode* parent[CP_SITE_WAYS];  /* contexts of recent calls made here */
   CtxNode* child[CP_SITE_WAYS];   /*   and the contexts they entered */
} CallSite;

CallSite* CP_(cct_callsite) ( Addr site );   /* one per site, kept */

/* Helpers called from generated code. */
VG_REGPARM(2) void CP_(cct_call)   ( CallSite* cs, Addr sp );
VG_REGPARM(1) void CP_(cct_unwind) ( Addr sp );
/* The same, at a return from main(): notes the main thread's SP then,
   below which its stack holds only dead frames (for the leak check). */
VG_REGPARM(1) void CP_(cct_unwind_main) ( Addr sp );
Addr CP_(cct_main_return_sp) ( void );

/* Core events (registered by cp_main.c). */
void CP_(cct_thread_create)   ( ThreadId parent, ThreadId child );
void CP_(cct_thread_exit)     ( ThreadId tid );
void CP_(cct_start_client)    ( ThreadId tid, ULong blocks_done );
void CP_(cct_signal_enter)    ( ThreadId tid, Int sigNo, Bool alt_stack );
void CP_(cct_signal_leave)    ( ThreadId tid, Int sigNo );

/* Labels: interned (key, value) pairs, and their pseudo frames.  A label
   frame is pushed at the thread's current stack pointer, so it also ends
   when the function that set it returns.  Only when following calls
   (--cpu=yes or --race=yes); push returns False otherwise, or when
   CP_MAX_LABELS distinct labels exist. */
UInt CP_(cct_label_id)   ( const HChar* key, const HChar* value );  /* ~0: full */
void CP_(cct_label_get)  ( UInt id, const HChar** key, const HChar** value );
Bool CP_(cct_push_label) ( ThreadId tid, UInt id );
Bool CP_(cct_pop_label)  ( ThreadId tid, UInt id );   /* if innermost */

/* Mark as hot (cost_hot) every node that a thread is in or will return
   to: cp_cost.c keeps their tables. */
void CP_(cct_mark_stacks_hot) ( void );

void CP_(cct_print_stats)     ( void );

#endif /* __CP_CONTEXT_H */

/*--------------------------------------------------------------------*/
/*--- end                                             cp_context.h ---*/
/*--------------------------------------------------------------------*/
