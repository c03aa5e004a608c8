/*--------------------------------------------------------------------*/
/*--- cprofgrind: instruction counters per context.    cp_cost.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_COST_H
#define __CP_COST_H

#include "cp_basics.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_debuginfo.h"
#include "cp_context.h"
#include "cp_sbinfo.h"

void    CP_(cost_init)       ( void );
void    CP_(cost_node_init)  ( CtxNode* n );

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
/* (context, instruction) pairs counted so far (cells times their
   block's instructions), known without visiting the cells. */
ULong CP_(cost_instr_pairs) ( void );
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
