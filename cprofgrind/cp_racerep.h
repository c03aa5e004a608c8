/*--------------------------------------------------------------------*/
/*--- cprofgrind: race reports.                        cp_racerep.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_RACEREP_H
#define __CP_RACEREP_H

#include "cp_basics.h"
#include "cp_race.h"
#include "cp_lockorder.h"

/* Registered in pre_clo_init (the core wants error kinds declared
   before options are read); inert unless --race=yes. */
void CP_(racerep_pre_clo_init) ( void );
void CP_(racerep_init)         ( void );   /* --race=yes: opens the logs */

/* Two conflicting accesses: cur now, prev remembered by the shadow
   memory.  Reported once per pair of code locations, unless suppressed. */
void CP_(racerep_race) ( const RaceAccess* cur, const RaceAccess* prev );

/* A misuse of the threading API (unlocking a mutex that is not held,
   destroying a locked one, waiting on a condition variable without its
   mutex, joining a thread twice): one warning and the stack, once per
   place; the run goes on. */
void CP_(racerep_misuse) ( ThreadId tid, const HChar* what );

/* A cycle of n edges in the lock-order graph (a potential deadlock):
   reported in ThreadSanitizer's layout, with both stacks of each edge. */
void CP_(racerep_lock_cycle) ( ThreadId tid, const LockEdge* e, UInt n );

/* End of run: "Found N data race(s)", <out>.races.pb.gz, closes the
   logs.  Returns the exit status to force (0: none). */
Int  CP_(racerep_fini) ( void );

#endif /* __CP_RACEREP_H */

/*--------------------------------------------------------------------*/
/*--- end                                             cp_racerep.h ---*/
/*--------------------------------------------------------------------*/
