/*--------------------------------------------------------------------*/
/*--- cprofgrind: loaded objects (pprof mappings).   cp_objects.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_OBJECTS_H
#define __CP_OBJECTS_H

#include "cp_basics.h"
#include "pub_tool_debuginfo.h"

/* One executable object the client ran code from: the main program or a
   shared object.  Recorded the first time code in it is translated, and
   kept after it is unloaded, so that a profile written at exit still
   names it. */
typedef struct {
   HChar*   filename;      /* absolute path, as mapped */
   HChar    build_id[66];  /* lowercase hex of NT_GNU_BUILD_ID, or "" */
   Addr     avma;          /* executable PT_LOAD segment at run time */
   SizeT    size;          /*   and its length */
   ULong    offset;        /* its p_offset in the file */
   Addr     vaddr;         /* its p_vaddr (link-time address) */
   PtrdiffT bias;          /* avma - vaddr */
   Bool     is_main;       /* the client's executable */
   Bool     is_pie;        /* ET_DYN main executable */
   Bool     is_ours;       /* our preload library: its frames are hidden */
   Bool     is_sys;        /* the C library or the dynamic loader: their
                              internal memory and locks are not the
                              program's (the race detector skips them) */
   Bool     no_inline;     /* a system library whose inlined calls were
                              not read (--inline-system=no) */
   UInt     id;            /* pprof mapping id, from 1; main is 1 */
} Obj;

void       CP_(obj_init)      ( void );
/* The object holding code address a (NULL if none: JIT code, vdso). */
const Obj* CP_(obj_of)        ( DiEpoch ep, Addr a );
/* True if a lies in our preload library (wrappers: not counted, hidden). */
Bool       CP_(obj_is_ours)   ( DiEpoch ep, Addr a );
/* True if a lies in the C library or the dynamic loader. */
Bool       CP_(obj_is_sys)    ( DiEpoch ep, Addr a );
UInt       CP_(obj_count)     ( void );
const Obj* CP_(obj_nth)       ( UInt i );   /* i from 0, main first */
/* Address as written to pprof: link-time for a PIE main executable (so
   that `go tool pprof -disasm` finds it in the file), runtime otherwise. */
Addr       CP_(obj_pprof_addr)( const Obj* o, Addr a );

/* Around the client's mmap syscalls: keep Valgrind from reading the
   inlined calls of system libraries (see --inline-system). */
void       CP_(obj_pre_mmap)  ( const UWord* args );
void       CP_(obj_post_mmap) ( void );
#endif /* __CP_OBJECTS_H */

/*--------------------------------------------------------------------*/
/*--- end                                             cp_objects.h ---*/
/*--------------------------------------------------------------------*/
