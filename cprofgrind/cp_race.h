/*--------------------------------------------------------------------*/
/*--- cprofgrind: the race detector's accesses.          cp_race.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_RACE_H
#define __CP_RACE_H

#include "cp_basics.h"
#include "pub_tool_tooliface.h"
#include "cp_cost.h"
#include "cp_hb.h"

void CP_(race_init) ( void );    /* after option processing, if --race=yes */

/* Instrumentation, per superblock: begin decides whether its accesses
   are checked (returns False to leave it alone), then stmt is called for
   every statement before it is copied to sbOut, with its index in sbIn
   and the index of its instruction. */
Bool CP_(race_sb_begin) ( IRSB* sbIn, SBInfo* sb, DiEpoch ep );
void CP_(race_stmt)     ( IRSB* sbOut, IRStmt* st, Int stmt_idx,
                          UInt instr_idx );

/* One access, as reports describe it. */
typedef struct {
   Addr     a;
   UInt     size;
   Bool     write, atomic;
   ThreadId tid;      /* the running thread (current access only) */
   UInt     slot;     /* its clock slot (cp_hb.c), what cells record */
   ULong    clock;
   Where    where;
} RaceAccess;

/* Accesses made outside generated code: by the wrappers (mutex objects:
   atomic reads; init/destroy: writes), by free() (a write to the whole
   block) and by system calls.  At the thread's current place. */
void CP_(race_access_here) ( ThreadId tid, Addr a, SizeT size, Bool write,
                             Bool atomic );

/* Heap and thread events that make memory start clean. */
void CP_(race_on_alloc) ( ThreadId tid, Addr a, SizeT size );
void CP_(race_on_free)  ( ThreadId tid, Addr a, SizeT size );

/* Core events. */
void CP_(race_thread_create) ( ThreadId parent, ThreadId child );
void CP_(race_thread_exit)   ( ThreadId tid );
void CP_(race_start_client)  ( ThreadId tid );
void CP_(race_pre_syscall)   ( ThreadId tid, UInt sysno, UWord* args );
void CP_(race_post_syscall)  ( ThreadId tid, UInt sysno, UWord* args,
                               SysRes res );

/* The place a thread is at now (its context and instruction). */
Where CP_(race_where_now) ( ThreadId tid );

void CP_(race_print_stats) ( void );

#endif /* __CP_RACE_H */

/*--------------------------------------------------------------------*/
/*--- end                                                cp_race.h ---*/
/*--------------------------------------------------------------------*/
