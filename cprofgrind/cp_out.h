/*--------------------------------------------------------------------*/
/*--- cprofgrind: output files.                           cp_out.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_OUT_H
#define __CP_OUT_H

#include "cp_basics.h"

/* Expand an --out-file pattern: %p (pid, now), %n (sequence number per
   pid), %q{VAR} (environment), %% ; a relative result is made absolute
   against the startup directory.  Returns a VG_(malloc)ed string, or NULL
   and a static message in *err. */
HChar* CP_(out_expand) ( const HChar* pattern, const HChar** err );

/* Name of an output file: <expanded --out-file>[.<dump>[.<name>]].<suffix> */
HChar* CP_(out_name) ( const HChar* suffix, UInt dump_no, const HChar* dump_name );

/* How to show an output path to the user: relative to the startup
   directory when it is below it. */
const HChar* CP_(out_shown) ( const HChar* path );

/* Check at startup that files can be created where the pattern points;
   exits with one line if not. */
void   CP_(out_check_startup) ( void );

/* A file written under a temporary name and renamed into place when
   complete, so that a reader never sees half a file. */
typedef struct OutFile OutFile;
OutFile* CP_(out_open)   ( const HChar* final_path );   /* NULL: reported */
Bool     CP_(out_write)  ( OutFile* f, const void* p, SizeT n );
Bool     CP_(out_commit) ( OutFile* f );   /* False: reported, nothing left */
void     CP_(out_abort)  ( OutFile* f );
/* Sink for cp_gzip.c: opaque is the OutFile. */
Bool     CP_(out_sink)   ( void* opaque, const UChar* data, SizeT len );

#endif /* __CP_OUT_H */

/*--------------------------------------------------------------------*/
/*--- end                                                 cp_out.h ---*/
/*--------------------------------------------------------------------*/
