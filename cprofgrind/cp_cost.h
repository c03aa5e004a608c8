/*--------------------------------------------------------------------*/
/*--- cprofgrind: instruction counters per context.    cp_cost.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_COST_H
#define __CP_COST_H

#include "cp_basics.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_debuginfo.h"
#include "cp_context.h"

/* The static shape of one superblock, as the instrumenter saw it.  Kept
   for the whole run (generated code points at it) and shared by every
   retranslation of the same code. */
typedef struct SBInfo {
   UInt    id;          /* 1 .. 2^24-1; the tag of its counter cells */
   UInt    hash;        /* spread of id: home slot in a context's table */
   Addr    addr;        /* guest address of the first instruction */
   struct SBInfo* hnext;
   DiEpoch ep;          /* debug-info epoch when translated */
   UShort  n_instrs;    /* instructions (IMarks with length > 0) */
   UShort  n_mid_exits; /* side exits held by an instruction before the
                           last one (rare: they change per-instruction
                           counts, and each has its own counter) */
   /* n_instrs offsets (instruction address - addr), then n_mid_exits
      indices of the instructions holding them (CP_SB_EXIT_AFTER): 32
      bytes and 2 an instruction, for cc1's 210,000 blocks */
   UShort  ioff[];
} SBInfo;
#define CP_SB_EXIT_AFTER(sb) ((sb)->ioff + (sb)->n_instrs)

/* Shape collection for one superblock, then lookup or creation. */
typedef struct {
   UInt    n_instrs;
   UInt    n_exits;            /* all side exits, in order */
   Addr    iaddr[1024];
   UShort  exit_after[1024];   /* holding instruction of each exit */
} SBShape;

void    CP_(cost_init)       ( void );
void    CP_(cost_node_init)  ( CtxNode* n );
SBInfo* CP_(cost_get_sbinfo) ( const SBShape* shape, DiEpoch ep );

/* IR generation: at the first instruction, count one entry of the
   superblock in the current context; before side exit i (in shape
   order), count it if it is a mid-block exit. */
void CP_(cost_sb_entry) ( IRSB* sbOut, SBInfo* sb, IRType hWordTy );
void CP_(cost_exit)     ( IRSB* sbOut, SBInfo* sb, const SBShape* shape,
                          UInt i, IRExpr* guard, IRType hWordTy );

/* Reading the counters of one context: fn gets the id of each basic
   block that ran in it, with the number of times it was entered and, if
   the block has mid-block exits, the times each was taken (else NULL). */
typedef void (*CellVisitFn)( void* opaque, UInt sb_id, ULong entries,
                             const ULong* taken );
void  CP_(cost_node_visit)  ( const CtxNode* n, CellVisitFn fn, void* opaque );
/* Per-instruction counts of one cell into counts[0 .. sb->n_instrs);
   returns their sum. */
ULong CP_(cost_cell_counts) ( const SBInfo* sb, ULong entries,
                              const ULong* taken, ULong* counts );
UInt  CP_(cost_n_sbs)       ( void );   /* highest block id */
UInt  CP_(cost_sb_instrs)    ( UInt id );   /* instructions of block id */
/* (context, instruction) pairs counted so far (cells times their
   block's instructions), known without visiting the cells. */
ULong CP_(cost_instr_pairs) ( void );
const SBInfo* CP_(cost_sbinfo) ( UInt id );   /* id -> block (NULL if none) */
void  CP_(cost_zero)        ( void );
/* Every counter table into its compact copy (cold tables are moved
   there as the program runs), and their memory given back: at exit,
   before the profile is written. */
void  CP_(cost_compact_all) ( void );
void  CP_(cost_print_stats) ( void );

#endif /* __CP_COST_H */

/*--------------------------------------------------------------------*/
/*--- end                                                cp_cost.h ---*/
/*--------------------------------------------------------------------*/
