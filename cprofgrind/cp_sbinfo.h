/*--------------------------------------------------------------------*/
/*--- cprofgrind: basic blocks' shapes.               cp_sbinfo.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_SBINFO_H
#define __CP_SBINFO_H

#include "cp_basics.h"
#include "pub_tool_debuginfo.h"

/* Block ids fit in the counters' cell tags (cp_cost.c), with a mid-block
   exit number above them. */
#define CP_SB_ID_BITS       23
#define CP_SB_MAX_ID        ((1u << CP_SB_ID_BITS) - 1)
#define CP_SB_MAX_MID_EXITS 126

/* The static shape of one superblock, as the instrumenter saw it.  Kept
   for the whole run (generated code points at it) and shared by every
   retranslation of the same code. */
typedef struct SBInfo {
   struct SBInfo* hnext; /* by address, a VgHashNode: chain first, */
   Addr    addr;        /*   key second: the first instruction's address */
   UInt    id;          /* 1 .. CP_SB_MAX_ID; the tag of its counter cells */
   DiEpoch ep;          /* debug-info epoch when translated */
   UShort  n_instrs;    /* instructions (IMarks with length > 0) */
   UShort  n_mid_exits; /* side exits held by an instruction before the
                           last one (rare: they change per-instruction
                           counts, and each has its own counter) */
   /* n_instrs offsets (instruction address - addr), then n_mid_exits
      indices of the instructions holding them (CP_SB_EXIT_AFTER): 28
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

/* The block of this shape at its first address (a retranslation finds
   the one made before), made if new; NULL when the block ids have run
   out (--max-blocks): it is then not counted. */
SBInfo*       CP_(sb_get)    ( const SBShape* shape, DiEpoch ep );
ULong         CP_(sb_uncounted) ( void );  /* translations left so */
const SBInfo* CP_(sb_by_id)  ( UInt id );   /* NULL if none */
UInt          CP_(sb_count)  ( void );      /* highest block id */
void          CP_(sb_init)   ( void );

/* By id: instructions | mid-block exits << 16.  What a visit of the
   counters needs of each block, in 4 bytes instead of a pointer to a
   SBInfo: visiting millions of cells then misses cache once per cell
   (the cell), not three times. */
extern UInt* CP_(sb_dense);
static inline UInt CP_(sb_instrs)    ( UInt id ) { return CP_(sb_dense)[id] & 0xFFFF; }
static inline UInt CP_(sb_mid_exits) ( UInt id ) { return CP_(sb_dense)[id] >> 16; }

#endif /* __CP_SBINFO_H */

/*--------------------------------------------------------------------*/
/*--- end                                             cp_sbinfo.h ---*/
/*--------------------------------------------------------------------*/
