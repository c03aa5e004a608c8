/*--------------------------------------------------------------------*/
/*--- cprofgrind: instruction counters per context.    cp_cost.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_COST_H
#define __CP_COST_H

#include "cp_basics.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_debuginfo.h"

/* The static shape of one superblock, as the instrumenter saw it.  Kept
   for the whole run (generated code points at it), shared by every
   retranslation of the same code. */
typedef struct SBInfo {
   /* Read by generated code: keep first. */
   ULong*  table;      /* slots * cell_words: [ctx, entries, exit0..] */
   UWord   mask;       /* slots - 1 */
   /* Static shape. */
   Addr    addr;       /* guest address of the first instruction */
   UShort  n_instrs;   /* instructions (IMarks with length > 0) */
   UShort  n_exits;    /* side exits counted */
   UInt    cell_words; /* 2 + n_exits */
   UInt*   ioff;       /* n_instrs: instruction address - addr */
   UShort* exit_after; /* n_exits: index of the instruction holding exit i */
   DiEpoch ep;         /* debug-info epoch when translated */
   UInt    misses;     /* slot misses, drives table growth */
   struct SBInfo* hnext;
} SBInfo;

void CP_(cost_init) ( void );

/* Shape collection for one superblock, then lookup/creation. */
typedef struct {
   UInt    n_instrs;
   UInt    n_exits;
   Addr    iaddr[4096];
   UShort  exit_after[1024];
} SBShape;

SBInfo* CP_(cost_get_sbinfo) ( const SBShape* shape, DiEpoch ep );

/* IR generation.  cost_sb_entry emits, at the first instruction, the
   lookup of the counter cell for the current context and the entry
   count, and returns the temporary that holds the cell address;
   cost_exit emits the counter of side exit i before its Exit statement. */
IRTemp CP_(cost_sb_entry) ( IRSB* sbOut, SBInfo* sb, IRType hWordTy );
void   CP_(cost_exit)     ( IRSB* sbOut, SBInfo* sb, IRTemp cell, UInt i,
                            IRExpr* guard, IRType hWordTy );

/* Walk every counted (context, instruction) pair.  The callback gets the
   context id, the instruction address, its count and the epoch. */
typedef void (*CostVisitFn)( void* opaque, UInt ctx, Addr a, ULong n,
                             DiEpoch ep );
void  CP_(cost_visit) ( CostVisitFn fn, void* opaque );
ULong CP_(cost_total) ( void );
void  CP_(cost_zero)  ( void );
void  CP_(cost_print_stats) ( void );

#endif /* __CP_COST_H */

/*--------------------------------------------------------------------*/
/*--- end                                                cp_cost.h ---*/
/*--------------------------------------------------------------------*/
