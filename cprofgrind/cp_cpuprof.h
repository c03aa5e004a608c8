/*--------------------------------------------------------------------*/
/*--- cprofgrind: the CPU profile.                   cp_cpuprof.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_CPUPROF_H
#define __CP_CPUPROF_H

#include "cp_basics.h"

/* Write the instruction counts gathered so far as a pprof file at path.
   Returns the total written (for the summary line), or -1 on failure;
   *contexts (if not NULL) gets the number of contexts that ran code. */
Long CP_(cpuprof_write) ( const HChar* path, UInt* contexts );

#endif /* __CP_CPUPROF_H */

/*--------------------------------------------------------------------*/
/*--- end                                             cp_cpuprof.h ---*/
/*--------------------------------------------------------------------*/
