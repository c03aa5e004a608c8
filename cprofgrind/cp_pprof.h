/*--------------------------------------------------------------------*/
/*--- cprofgrind: pprof profile writer.                 cp_pprof.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_PPROF_H
#define __CP_PPROF_H

#include "cp_basics.h"
#include "pub_tool_debuginfo.h"

/* Writes one gzip-compressed pprof profile.proto file.  Samples are
   streamed to the file as they are added; locations, functions, mappings
   and the string table follow at close, so memory holds only what must
   be deduplicated (strings, locations, functions).

      Prof* p = CP_(prof_open)(path);
      CP_(prof_sample_type)(p, "instructions", "count");
      ULong locs[] = { CP_(prof_loc)(p, leaf_pc, ep), ... };   leaf first
      CP_(prof_sample)(p, locs, n, values, labels, n_labels);
      CP_(prof_close)(p);                       renamed into place

   Location ids are 0 for frames that must not appear (code of our own
   preload library); prof_sample drops them. */

typedef struct Prof Prof;

typedef struct {
   const HChar* key;
   const HChar* str;    /* string label, or NULL for a numeric one */
   Long         num;
   const HChar* unit;   /* numeric unit or NULL */
} ProfLabel;

Prof* CP_(prof_open)         ( const HChar* path );   /* NULL: reported */
/* Room for about n locations, made before the first: the table and its
   index then do not grow by doubling, which leaves the old copies in the
   peak (xz: 1 MB of 2.3). */
void  CP_(prof_reserve_locs) ( Prof* p, UWord n );
void  CP_(prof_sample_type)  ( Prof* p, const HChar* type, const HChar* unit );
void  CP_(prof_default_type) ( Prof* p, const HChar* type );
void  CP_(prof_period)       ( Prof* p, const HChar* type, const HChar* unit,
                               Long period );
void  CP_(prof_comment)      ( Prof* p, const HChar* text );
void  CP_(prof_times)        ( Prof* p, Long time_nanos, Long duration_nanos );

/* Location of a code address (a leaf pc, or the address of a call
   instruction for a caller frame). */
ULong CP_(prof_loc)          ( Prof* p, Addr a, DiEpoch ep );
/* Location of a frame that no code address stands for ("<signal 11
   handler>", "[allocation]"). */
ULong CP_(prof_loc_pseudo)   ( Prof* p, const HChar* name );

/* A key equal for two code addresses when they have the same source
   line, function and chain of inlined calls (and differing otherwise):
   used to merge the instructions of one line into one sample.  0 for
   code of which nothing is known (no symbol, no line). */
ULong CP_(prof_line_key)     ( DiEpoch ep, Addr a );

/* Key of the function holding a code address (equal for all its
   instructions; per object for code without symbols, and then with the
   low two bits 2 instead of 1), and a location
   standing for the whole function, without a line: used for contexts
   merged to fit the sample budget. */
ULong CP_(prof_function_key) ( DiEpoch ep, Addr a );
ULong CP_(prof_loc_function) ( Prof* p, ULong fkey, Addr a, DiEpoch ep );

/* Parse one VG_(describe_IP) line into function (C++ parameters and
   symbol versions dropped), source file (full path) and line; empty
   strings and 0 when unknown.  Shared with the race reports. */
void  CP_(prof_parse_describe) ( const HChar* d, HChar* fn, SizeT fn_sz,
                                 HChar* file, SizeT file_sz, UInt* line );

void  CP_(prof_sample)       ( Prof* p, const ULong* locs, UInt n_locs,
                               const Long* values, const ProfLabel* labels,
                               UInt n_labels );
ULong CP_(prof_n_samples)    ( const Prof* p );

/* Write the rest and rename into place.  False if anything failed (the
   file is then absent and the reason printed). */
Bool  CP_(prof_close)        ( Prof* p );
/* Drop a profile being written: no file is left, nothing is reported. */
void  CP_(prof_abort)        ( Prof* p );

#endif /* __CP_PPROF_H */

/*--------------------------------------------------------------------*/
/*--- end                                               cp_pprof.h ---*/
/*--------------------------------------------------------------------*/
