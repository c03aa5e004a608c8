/*--------------------------------------------------------------------*/
/*--- cprofgrind: gdbserver monitor commands.          cp_monitor.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_MONITOR_H
#define __CP_MONITOR_H

#include "cp_basics.h"

/* A monitor command sent with vgdb ("vgdb --pid=N dump heap");
   returns False when it is not ours. */
Bool CP_(monitor_command) ( ThreadId tid, HChar* cmd );

/* Provided by cp_main.c: write every enabled profile now, as
   CPROFGRIND_DUMP(name) does; returns the dump's number. */
UInt CP_(main_dump) ( const HChar* name );

#endif /* __CP_MONITOR_H */

/*--------------------------------------------------------------------*/
/*--- end                                             cp_monitor.h ---*/
/*--------------------------------------------------------------------*/
