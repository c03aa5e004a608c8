/*--------------------------------------------------------------------*/
/*--- cprofgrind: race annotations, TSan suppressions.  cp_annot.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_ANNOT_H
#define __CP_ANNOT_H

#include "cp_basics.h"

/* Client requests of helgrind.h, drd.h and the race part of
   cprofgrind.h.  Returns True when the request was one of them. */
Bool CP_(annot_handle_request) ( ThreadId tid, UWord* args, UWord* ret );

/* Threads ignoring their reads (bit 0) and writes (bit 1), by ThreadId:
   ANNOTATE_IGNORE_READS_BEGIN and friends (nesting counted). */
extern UChar* CP_(annot_ignore);
void CP_(annot_init) ( void );
#define CP_IGNORE_READS  1
#define CP_IGNORE_WRITES 2

/* Is a inside a range declared benign (ANNOTATE_BENIGN_RACE_SIZED,
   DRD_IGNORE_VAR, VALGRIND_HG_DISABLE_CHECKING)? */
Bool CP_(annot_benign) ( Addr a );

/* ThreadSanitizer suppression files (--tsan-suppressions=FILE): "race:",
   "called_from_lib:" lines (others accepted and ignored).  Load exits
   with one line on a file that cannot be read. */
void CP_(annot_load_tsan_supp) ( const HChar* path );
/* Does a race:PATTERN match text (a function, file or object name)? */
Bool CP_(annot_tsan_race) ( const HChar* text );
/* Does a called_from_lib:LIB match an object's name? */
Bool CP_(annot_tsan_lib)  ( const HChar* obj );
UInt CP_(annot_tsan_used) ( void );   /* races suppressed by them */
void CP_(annot_tsan_count) ( void );

#endif /* __CP_ANNOT_H */

/*--------------------------------------------------------------------*/
/*--- end                                               cp_annot.h ---*/
/*--------------------------------------------------------------------*/
