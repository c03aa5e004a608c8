/*--------------------------------------------------------------------*/
/*--- cprofgrind: atomic variables from DWARF.           cp_dwarf.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_DWARF_H
#define __CP_DWARF_H

#include "cp_basics.h"

/* Read the debug info of the program's own objects (not the system's):
   the global and static variables of atomic type (C11 _Atomic, C++
   std::atomic), as address ranges. */
void CP_(dwarf_scan)      ( void );
Bool CP_(dwarf_is_atomic) ( Addr a );
UInt CP_(dwarf_n_ranges)  ( void );

#endif /* __CP_DWARF_H */

/*--------------------------------------------------------------------*/
/*--- end                                               cp_dwarf.h ---*/
/*--------------------------------------------------------------------*/
