/*--------------------------------------------------------------------*/
/*--- cprofgrind: core symbols outside pub_tool_*.h.  cp_coreext.h ---*/
/*--------------------------------------------------------------------*/

/* The tool links statically against the installed libcoregrind, so every
   global symbol of the core is reachable, but Valgrind 3.19 declares only
   some of them in its public tool headers.  The few we need are declared
   here, in one place, each with the reason; if a future core renames one,
   the link fails loudly here rather than misbehaving. */

#ifndef __CP_COREEXT_H
#define __CP_COREEXT_H

#include "pub_tool_basics.h"
#include "pub_tool_xarray.h"

/* The client's environment vector, on the client's initial stack.  Read
   (and, in CPU-only mode, edited) before the client runs: see
   CP_(main_drop_preload) in cp_main.c. */
extern HChar** VG_(client_envp);

/* The client's initial stack: its top byte and its auxv, which the core
   keeps for /proc/self/auxv.  Both are moved with the stack in
   cp_initstack.c. */
extern Addr   VG_(clstk_end);
extern UWord* VG_(client_auxv);

/* The --fullpath-after= prefixes.  Adding "" makes VG_(describe_IP) print
   the full directory of every frame, inlined ones included, which is the
   only public way to learn the directory of an inlined call's source. */
extern XArray* VG_(clo_fullpath_after);

/* --read-inline-info: the core turns it on only for memcheck, helgrind,
   drd, massif and dhat.  We need inlined frames for pprof Lines, so we
   switch the default on in pre_clo_init (the user can still say no). */
extern Bool VG_(clo_read_inline_info);

/* --demangle: switched off for an instant to read the mangled name of a
   function, which pprof wants as Function.system_name. */
extern Bool VG_(clo_demangle);

/* Whether a thread id names a live thread (the leak check's roots). */
extern Bool VG_(is_valid_tid) ( ThreadId tid );

/* pub_core_pathscan.h: the program's file as Valgrind found it (a name
   without '/' is looked up in PATH). */
extern const HChar* VG_(find_executable) ( const HChar* exec );

/* pub_core_libcfile.h: the path an fd was opened with (a static buffer). */
extern Bool VG_(resolve_filename) ( Int fd, const HChar** buf );

/* Text for an errno value, for one-line messages about output files. */
extern const HChar* VG_(strerror) ( UWord errnum );

/* The symbols of an object, with their sizes: a race report names the
   global variable holding an address and its size, as ThreadSanitizer
   does ("global 'counter' of size 4"); the public API gives the name
   but not the size.  SymAVMAs is one address on amd64. */
typedef struct { Addr main; } CpSymAVMAs;
struct _DebugInfo;
extern Int  VG_(DebugInfo_syms_howmany) ( const struct _DebugInfo* di );
extern void VG_(DebugInfo_syms_getidx)  ( const struct _DebugInfo* di, Int idx,
                                          CpSymAVMAs* ad, UInt* size,
                                          const HChar** pri_name,
                                          const HChar*** sec_names,
                                          Bool* isText, Bool* isIFunc,
                                          Bool* isGlobal );

/* The core's table of what the tool needs.  Error reporting must be
   declared in pre_clo_init, before the options say whether the race
   detector runs; without it the core would load suppressions and print
   an ERROR SUMMARY in every run, so post_clo_init takes tool_errors back
   when --race=no.  The first fields of the core's VgNeeds (3.19). */
typedef struct {
   Bool libc_freeres;
   Bool cxx_freeres;
   Bool core_errors;
   Bool tool_errors;
} CpCoreNeeds;
extern CpCoreNeeds VG_(needs);

/* Discard translations from a core event.  The race detector remakes
   every translation when the program creates its second thread, from
   the thread-creation event, which the core sends from the clone()
   wrapper: outside generated code, where the core itself discards
   translations (munmap, mprotect).  The public
   VG_(discard_translations_safely) allows it only inside client
   requests. */
extern void VG_(discard_translations) ( Addr start, ULong range,
                                        const HChar* who );

/* A raw system call: the race detector gives back the pages of shadow
   memory whose client memory was freed or unmapped (madvise
   MADV_DONTNEED: they read as zero again, which is "no access"), so that
   its resident size follows the client's.  Declared with the most
   arguments any platform takes; extra ones are ignored. */
extern SysRes VG_(do_syscall) ( UWord sysno, RegWord a1, RegWord a2,
                                RegWord a3, RegWord a4, RegWord a5,
                                RegWord a6, RegWord a7, RegWord a8 );

#endif /* __CP_COREEXT_H */

/*--------------------------------------------------------------------*/
/*--- end                                             cp_coreext.h ---*/
/*--------------------------------------------------------------------*/
