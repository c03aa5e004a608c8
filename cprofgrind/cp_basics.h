/*--------------------------------------------------------------------*/
/*--- cprofgrind: shared basics.                     cp_basics.h ---*/
/*--------------------------------------------------------------------*/

/* What every module of the tool includes: the CP_() namespace macro,
   the core headers used everywhere, the assertion macro and a few
   helpers.  Module-specific declarations live in each module's own
   header (cp_context.h, cp_cost.h, ...). */

#ifndef __CP_BASICS_H
#define __CP_BASICS_H

#include "pub_tool_basics.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_mallocfree.h"

/* Cross-file symbols are CP_(module_verb_object): the module prefix says
   which file to open. */
#ifndef CP_
#define CP_(str) VGAPPEND(vgCprofgrind_,str)
#endif

/* Invariants.  Print where we are before failing, since a bare tl_assert
   from deep inside a helper says little. */
#define CP_ASSERT(cond)                                                  \
   do {                                                                  \
      if (UNLIKELY(!(cond))) {                                           \
         VG_(printf)("cprofgrind: internal error at %s:%d: %s\n",         \
                     __FILE__, __LINE__, #cond);                          \
         tl_assert(cond);                                                \
      }                                                                  \
   } while (0)

/* Allocation cost centres read "cp.<module>.<function>.<n>" (as DHAT). */
#define CP_MALLOC(cc, n)     VG_(malloc)((cc), (n))
#define CP_CALLOC(cc, n, s)  VG_(calloc)((cc), (n), (s))
#define CP_REALLOC(cc, p, n) VG_(realloc)((cc), (p), (n))
#define CP_FREE(p)           VG_(free)(p)
#define CP_STRDUP(cc, s)     VG_(strdup)((cc), (s))

/* 64-bit mixing for hash tables keyed by addresses and ids (the
   finaliser of SplitMix64: cheap and spreads sequential keys). */
static inline ULong CP_(mix64) ( ULong x )
{
   x ^= x >> 30; x *= 0xbf58476d1ce4e5b9ULL;
   x ^= x >> 27; x *= 0x94d049bb133111ebULL;
   x ^= x >> 31;
   return x;
}

#endif /* __CP_BASICS_H */

/*--------------------------------------------------------------------*/
/*--- end                                              cp_basics.h ---*/
/*--------------------------------------------------------------------*/
