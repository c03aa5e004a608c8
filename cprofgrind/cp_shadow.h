/*--------------------------------------------------------------------*/
/*--- cprofgrind: shadow memory of the race detector.  cp_shadow.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_SHADOW_H
#define __CP_SHADOW_H

#include "cp_basics.h"

/* Every 16 bytes of client memory (a granule) have CP_CELLS cells, each
   remembering one recent access to some of those bytes.  A cell is a
   64-bit meta, which the inline check reads, and a 32-bit where, which
   only the checker reads.  A granule's shadow is 24 bytes: meta 0,
   meta 1, where 0, where 1, so that the checker mostly finds all of
   them in the cache line that the inline check has loaded (keeping the
   wheres in a plane of their own costs a cache miss per checker call
   on tables accessed at random: zstd 10% slower).

   meta (64 bits):   bits  0..15  byte mask within the granule
                     bit  16      write
                     bit  17      atomic
                     bits 18..27  thread (a slot of cp_hb.c)
                     bit  28      more: the granule has cells in the
                                  overflow table (CP_(shadow_more))
                     bits 29..63  that thread's clock (epoch) then
   where (32 bits):  the access's calling context and instruction, as a
                     number given out by cp_race.c (0: none)

   meta == 0 is an empty cell (slot 0 is never used).  Cell 0 holds the
   most recent access; generated code compares it with the current
   access and calls the checker only when they differ (cp_race.c).

   Why 16 bytes: 1.5 bytes of shadow per client byte, an aligned 16-byte
   vector access is one piece, and an unaligned 8-byte load (compressors
   hash the input at every position) crosses into the next granule half
   as often as with 8-byte granules. */
#define CP_CELLS         2
#define CP_GRANULE       16
#define CP_CHUNK_BITS    16                     /* client bytes per chunk */
#define CP_CHUNK_BYTES   (1UL << CP_CHUNK_BITS)
#define CP_GRANULES      (CP_CHUNK_BYTES / CP_GRANULE)
#define CP_GRANULE_SHADOW (CP_CELLS * (8 + 4))          /* 24 */
#define CP_CHUNK_SHADOW  (CP_GRANULES * CP_GRANULE_SHADOW)   /* 96 KB */

#define CP_M_MASK        0xFFFFULL
#define CP_M_WRITE       (1ULL << 16)
#define CP_M_ATOMIC      (1ULL << 17)
#define CP_M_TID_SHIFT   18
#define CP_M_TID_BITS    10
#define CP_M_MORE        (1ULL << 28)
#define CP_M_CLK_SHIFT   29
#define CP_M_MAX_CLOCK   ((1ULL << 35) - 1)
/* bits that say nothing of who accessed and how */
#define CP_M_NOTID       (CP_M_MASK | CP_M_MORE)
#define CP_M_TID(m)      ((UInt)(((m) >> CP_M_TID_SHIFT) & ((1u << CP_M_TID_BITS) - 1)))
#define CP_M_CLK(m)      ((m) >> CP_M_CLK_SHIFT)

/* The cells of one granule: meta[k] and where[k] for k < CP_CELLS. */
typedef struct { ULong* meta; UInt* where; } Gran;

/* Does the granule have overflow cells?  (Either cell may carry the
   mark: cells change places.) */
static inline Bool CP_(gran_more) ( Gran c )
{
   return ((c.meta[0] | c.meta[1]) & CP_M_MORE) != 0;
}

/* The primary map read by generated code: chunk i (client addresses
   [i << CP_CHUNK_BITS, (i+1) << CP_CHUNK_BITS)) has its shadow at
   CP_(shadow_dummy) + CP_(shadow_primary)[i], for the client's address
   space below 2^CP_PRIMARY_LIMIT_BITS (Valgrind keeps the client there
   on amd64; anything above goes to a hash table, in the checker).  A
   chunk never touched has 0 there, so its shadow is a zeroed dummy: a
   load through it is always safe (and never matches an access, which
   sends it to the checker).  Storing offsets rather than addresses
   keeps the 16 MB map all zeros until used: its untouched pages are
   never resident. */
#define CP_PRIMARY_LIMIT_BITS 37
#define CP_PRIMARY_BITS       (CP_PRIMARY_LIMIT_BITS - CP_CHUNK_BITS)
extern UWord  CP_(shadow_primary)[1 << CP_PRIMARY_BITS];
extern UChar  CP_(shadow_dummy)[];

void  CP_(shadow_init)  ( void );
/* The cells of the granule holding a (created when missing if create;
   else False when the chunk has no shadow). */
Bool  CP_(shadow_gran) ( Addr a, Bool create, Gran* g );
/* Overflow cells: when a granule's two cells hold accesses of two
   threads that are not ordered with a third thread's new access (three
   threads writing three fields of one struct at once), the one that
   would be evicted moves here instead, so that a later race with it is
   still found.  Rare: only the checker looks here, and only for
   granules whose cells say CP_M_MORE. */
#define CP_MORE_CELLS 6
typedef struct {
   Addr  g;                        /* the granule */
   UInt  n;                        /* cells in use */
   ULong meta[CP_MORE_CELLS];
   UInt  where[CP_MORE_CELLS];
} More;
/* The overflow cells of granule g; with fresh, emptied (the granule
   is newly marked: what an old mark left is stale) and created when
   missing; else NULL when there are none. */
More* CP_(shadow_more) ( Addr g, Bool fresh );
/* Add a cell to e (the oldest is lost when e is full). */
void  CP_(shadow_more_push) ( More* e, ULong meta, UInt where );

/* Forget every access to [a, a+len): freed and reallocated memory,
   stacks of exited threads. */
void  CP_(shadow_clear) ( Addr a, SizeT len );
void  CP_(shadow_print_stats) ( void );

#endif /* __CP_SHADOW_H */

/*--------------------------------------------------------------------*/
/*--- end                                              cp_shadow.h ---*/
/*--------------------------------------------------------------------*/
