/*--------------------------------------------------------------------*/
/*--- cprofgrind: the preload library.             cp_intercepts.c ---*/
/*--------------------------------------------------------------------*/

/* This file is the vgpreload_cprofgrind-<platform>.so library that the
   core preloads into every program run under cprofgrind.  It runs on the
   simulated CPU, as part of the client: it may use libc, but never a
   function it wraps.  Its wrappers report events to the tool through the
   private client requests of cp_clientreq.h.  Its own instructions are
   not counted in the CPU profile and its frames are hidden from stacks
   (cp_objects.c recognises it by file name).

   In a run that needs none of its wrappers (CPU profile only) the tool
   removes it from LD_PRELOAD before the program starts (cp_initstack.c).

   Heap functions are *wrapped* by default: the program keeps glibc's
   allocator (same addresses, same behaviour, and its instructions in the
   CPU profile, exactly as without Valgrind), and each wrapper tells the
   tool what happened.  With --heap-allocator=valgrind (the default
   without the CPU profile) the same wrappers *replace* their functions,
   as memcheck's and massif's do: the tool hands out blocks of Valgrind's
   client arena, and glibc's malloc never runs on the simulated CPU,
   which is much cheaper.  The symbol names and soname patterns are those
   of Valgrind's own malloc replacement (coregrind/m_replacemalloc), with
   the same equivalence-class tags, so the same calls are seen as by
   memcheck or massif.

   One call may run through several wrapped functions: glibc's realloc
   calls malloc, operator new calls malloc, aligned operator new calls
   aligned_alloc.  Only the outermost counts: that is what the program
   asked for.  The tool tells which is which from the calling context
   (a call made from inside one of these wrappers is nested), so this
   library keeps no state of its own but the tool's one answer on who
   allocates -- no thread-local storage, whose size would change the
   program's own allocations (the DTV). */

#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <unistd.h>
#include "cp_clientreq.h"
#include "pub_tool_redir.h"

#define REQ3(req, a, b, c) \
   VALGRIND_DO_CLIENT_REQUEST_EXPR(0, (req), (a), (b), (c), 0, 0)

/* Who allocates (asked once).  1: the tool (--heap-allocator=valgrind):
   every wrapper then replaces its function and never calls the
   original. */
static long s_tool_heap = -1;
#define TOOL_HEAP() (CP_ASK_ONCE(s_tool_heap, CP_REQ__HEAP_MODE) != 0)

/*------------------------------------------------------------*/
/*--- Workers                                              ---*/
/*------------------------------------------------------------*/

/* Each wrapper fetches the original function, then calls one of these
   always-inlined workers, so that every wrapper has the same depth of
   frames (none of them visible: they are all in this library). */

#define ALWAYS_INLINE __attribute__((always_inline)) static inline

/* A failed operator new must throw std::bad_alloc (after calling the
   new_handler), which only the C++ runtime can do: when the tool's
   allocation fails, the wrapper calls the original operator new, whose
   malloc fails in turn and which then throws through these frames
   (memcheck aborts the run instead). */
#define FAIL_THROW CP_ALLOC_THROWS

/* The tool's block: size n, alignment al (0: malloc's). */
ALWAYS_INLINE void* tool_alloc ( size_t n, size_t al, unsigned kind )
{
   void* r = (void*)REQ3(CP_REQ__MALLOC, n, al, kind);
   if (r == NULL) errno = ENOMEM;
   return r;
}

/* memalign rounds an alignment up to a power of two, as glibc does. */
ALWAYS_INLINE size_t pow2_up ( size_t a )
{
   size_t p = 1;
   while (p < a && p) p <<= 1;
   return p ? p : (size_t)1 << 63;
}

ALWAYS_INLINE void* alloc1_WRK ( OrigFn fn, size_t n, size_t al,
                                 unsigned kind )
{
   void* r;
   if (TOOL_HEAP() && ((r = tool_alloc(n, al, kind)) || !(kind & FAIL_THROW)))
      return r;
   CALL_FN_W_W(r, fn, n);
   if (r) (void)REQ3(CP_REQ__ALLOC, r, n, kind & CP_ALLOC_KIND);
   return r;
}

/* (size, alignment) or (alignment, size): the size is passed apart. */
ALWAYS_INLINE void* alloc2_WRK ( OrigFn fn, size_t a1, size_t a2,
                                 size_t n, size_t al, unsigned kind )
{
   void* r;
   if (TOOL_HEAP() && ((r = tool_alloc(n, al, kind)) || !(kind & FAIL_THROW)))
      return r;
   CALL_FN_W_WW(r, fn, a1, a2);
   if (r) (void)REQ3(CP_REQ__ALLOC, r, n, kind & CP_ALLOC_KIND);
   return r;
}

ALWAYS_INLINE void* alloc3_WRK ( OrigFn fn, size_t a1, size_t a2, size_t a3,
                                 size_t n, size_t al, unsigned kind )
{
   void* r;
   if (TOOL_HEAP()) return tool_alloc(n, al, kind);   /* nothrow */
   CALL_FN_W_WWW(r, fn, a1, a2, a3);
   if (r) (void)REQ3(CP_REQ__ALLOC, r, n, kind & CP_ALLOC_KIND);
   return r;
}

ALWAYS_INLINE void* calloc_WRK ( OrigFn fn, size_t nmemb, size_t size )
{
   void* r;
   if (TOOL_HEAP()) {
      if (size && nmemb > SIZE_MAX / size) { errno = ENOMEM; return NULL; }
      return tool_alloc(nmemb * size, 0, CP_ALLOC_MALLOC | CP_ALLOC_ZERO);
   }
   CALL_FN_W_WW(r, fn, nmemb, size);
   if (r) (void)REQ3(CP_REQ__ALLOC, r, nmemb * size, CP_ALLOC_MALLOC);
   return r;
}

/* Whether a free is done without the original: the tool checks the
   pointer first, and a double free or a pointer that is not a block is
   reported and not passed on (glibc would abort); when the tool
   allocates, it also frees.  free(NULL) is passed on without a word to
   glibc, which does nothing, and is nothing for the tool's allocator. */
ALWAYS_INLINE int free_done ( void* p, unsigned kind )
{
   return p ? !REQ3(CP_REQ__FREE, p, kind, 0) : TOOL_HEAP();
}

ALWAYS_INLINE void free_WRK ( OrigFn fn, void* p, unsigned kind )
{
   if (!free_done(p, kind)) CALL_FN_v_W(fn, p);
}

/* free with a size (C++14 sized delete) or an alignment: forwarded with
   its second argument. */
ALWAYS_INLINE void free2_WRK ( OrigFn fn, void* p, size_t a2, unsigned kind )
{
   if (!free_done(p, kind)) CALL_FN_v_WW(fn, p, a2);
}

ALWAYS_INLINE void free3_WRK ( OrigFn fn, void* p, size_t a2, size_t a3,
                               unsigned kind )
{
   if (!free_done(p, kind)) CALL_FN_v_WWW(fn, p, a2, a3);
}

ALWAYS_INLINE void* realloc_WRK ( OrigFn fn, void* p, size_t n )
{
   void* r;
   if (TOOL_HEAP()) {
      r = (void*)REQ3(CP_REQ__TOOL_REALLOC, p, n, 0);
      if (r == NULL && (n || !p)) errno = ENOMEM;
      return r;
   }
   if (p && !REQ3(CP_REQ__REALLOC_PRE, p, 0, 0)) return NULL;
   CALL_FN_W_WW(r, fn, p, n);
   /* realloc(p, 0) frees p and returns NULL (glibc); a failed realloc
      leaves p as it was */
   if (r || (p && n == 0)) (void)REQ3(CP_REQ__REALLOC, p, r, n);
   return r;
}

ALWAYS_INLINE int posix_memalign_WRK ( OrigFn fn, void** pp, size_t al,
                                       size_t n )
{
   int r;
   if (TOOL_HEAP()) {
      if (al == 0 || al % sizeof(void*) || (al & (al - 1))) return EINVAL;
      void* b = (void*)REQ3(CP_REQ__MALLOC, n, al, CP_ALLOC_MALLOC);
      if (b == NULL) return ENOMEM;
      *pp = b;
      return 0;
   }
   CALL_FN_W_WWW(r, fn, pp, al, n);
   if (r == 0) (void)REQ3(CP_REQ__ALLOC, *pp, n, CP_ALLOC_MALLOC);
   return r;
}

ALWAYS_INLINE size_t usable_size_WRK ( OrigFn fn, void* p )
{
   size_t r;
   if (TOOL_HEAP()) return (size_t)REQ3(CP_REQ__USABLE_SIZE, p, 0, 0);
   CALL_FN_W_W(r, fn, p);
   return r;
}

/*------------------------------------------------------------*/
/*--- Wrappers, one per (soname, function)                 ---*/
/*------------------------------------------------------------*/

/* Sonames: libc, the C++ runtimes, and the "somalloc" synonym that
   matches a malloc defined anywhere else (the main program, jemalloc,
   tcmalloc), as in coregrind/m_replacemalloc/vg_replace_malloc.c. */
#define SO_LIBC      VG_Z_LIBC_SONAME
#define SO_LIBSTDCXX VG_Z_LIBSTDCXX_SONAME
#define SO_LIBCXX    VG_Z_LIBCXX_SONAME
#define SO_SYN       VG_SO_SYN(somalloc)

#define W(tag, so, fn) VG_WRAP_FUNCTION_EZU(tag, so, fn)

#define PAGE ((size_t)sysconf(_SC_PAGESIZE))

/* f(size): al is the alignment (0: malloc's), kind its CP_ALLOC_ kind
   and FAIL_ mode */
#define WRAP_ALLOC1(tag, so, fnname, al, kind)                            \
   void* W(tag, so, fnname) ( size_t n );                                 \
   void* W(tag, so, fnname) ( size_t n )                                  \
   { OrigFn fn; VALGRIND_GET_ORIG_FN(fn);                                 \
     return alloc1_WRK(fn, n, al, kind); }

/* new(size, nothrow), new(size, align): the size is the first argument */
#define WRAP_ALLOC_SIZE_X(tag, so, fnname, al, kind)                      \
   void* W(tag, so, fnname) ( size_t n, size_t x );                       \
   void* W(tag, so, fnname) ( size_t n, size_t x )                        \
   { OrigFn fn; VALGRIND_GET_ORIG_FN(fn);                                 \
     return alloc2_WRK(fn, n, x, n, al, kind); }

/* memalign(align, size), aligned_alloc(align, size) */
#define WRAP_ALLOC_X_SIZE(tag, so, fnname, kind)                          \
   void* W(tag, so, fnname) ( size_t x, size_t n );                       \
   void* W(tag, so, fnname) ( size_t x, size_t n )                        \
   { OrigFn fn; VALGRIND_GET_ORIG_FN(fn);                                 \
     if (x > SIZE_MAX / 2 + 1 && TOOL_HEAP()) { errno = EINVAL; return NULL; } \
     return alloc2_WRK(fn, x, n, n, pow2_up(x), kind); }

/* new(size, align, nothrow) */
#define WRAP_ALLOC_SIZE_X_Y(tag, so, fnname, kind)                        \
   void* W(tag, so, fnname) ( size_t n, size_t x, size_t y );             \
   void* W(tag, so, fnname) ( size_t n, size_t x, size_t y )              \
   { OrigFn fn; VALGRIND_GET_ORIG_FN(fn);                                 \
     return alloc3_WRK(fn, n, x, y, n, x, kind); }

#define WRAP_FREE1(tag, so, fnname, kind)                                 \
   void W(tag, so, fnname) ( void* p );                                   \
   void W(tag, so, fnname) ( void* p )                                    \
   { OrigFn fn; VALGRIND_GET_ORIG_FN(fn); free_WRK(fn, p, kind); }

#define WRAP_FREE2(tag, so, fnname, kind)                                 \
   void W(tag, so, fnname) ( void* p, size_t x );                         \
   void W(tag, so, fnname) ( void* p, size_t x )                          \
   { OrigFn fn; VALGRIND_GET_ORIG_FN(fn); free2_WRK(fn, p, x, kind); }

#define WRAP_FREE3(tag, so, fnname, kind)                                 \
   void W(tag, so, fnname) ( void* p, size_t x, size_t y );               \
   void W(tag, so, fnname) ( void* p, size_t x, size_t y )                \
   { OrigFn fn; VALGRIND_GET_ORIG_FN(fn); free3_WRK(fn, p, x, y, kind); }

/*--- C heap ---*/

#define C_HEAP(so)                                                        \
   WRAP_ALLOC1      (10010, so, malloc,  0,     CP_ALLOC_MALLOC)          \
   WRAP_ALLOC1      (10010, so, valloc,  PAGE,  CP_ALLOC_MALLOC)          \
                                                                          \
   /* pvalloc: a whole number of pages (recorded as asked in the wrapping \
      mode, as allocated when the tool allocates) */                      \
   void* W(10010, so, pvalloc) ( size_t n );                              \
   void* W(10010, so, pvalloc) ( size_t n )                               \
   { OrigFn fn; VALGRIND_GET_ORIG_FN(fn);                                 \
     return alloc1_WRK(fn, TOOL_HEAP() ? (n + PAGE - 1) & ~(PAGE - 1) : n, \
                       PAGE, CP_ALLOC_MALLOC); }                          \
   WRAP_ALLOC_X_SIZE(10110, so, memalign,       CP_ALLOC_MALLOC)          \
   WRAP_ALLOC_X_SIZE(10170, so, aligned_alloc,  CP_ALLOC_MALLOC)          \
   WRAP_FREE1       (10050, so, free,           CP_ALLOC_MALLOC)          \
   WRAP_FREE1       (10050, so, cfree,          CP_ALLOC_MALLOC)          \
                                                                          \
   void* W(10070, so, calloc) ( size_t nmemb, size_t size );              \
   void* W(10070, so, calloc) ( size_t nmemb, size_t size )               \
   { OrigFn fn; VALGRIND_GET_ORIG_FN(fn);                                 \
     return calloc_WRK(fn, nmemb, size); }   /* calloc */                 \
                                                                          \
   void* W(10090, so, realloc) ( void* p, size_t n );                     \
   void* W(10090, so, realloc) ( void* p, size_t n )                      \
   { OrigFn fn; VALGRIND_GET_ORIG_FN(fn);                                 \
     return realloc_WRK(fn, p, n); }   /* realloc */                      \
                                                                          \
   int W(10160, so, posix_memalign) ( void** pp, size_t al, size_t n );   \
   int W(10160, so, posix_memalign) ( void** pp, size_t al, size_t n )    \
   { OrigFn fn; VALGRIND_GET_ORIG_FN(fn);                                 \
     return posix_memalign_WRK(fn, pp, al, n); }   /* posix_memalign */ \
                                                                          \
   size_t W(10180, so, malloc_usable_size) ( void* p );                   \
   size_t W(10180, so, malloc_usable_size) ( void* p )                    \
   { OrigFn fn; VALGRIND_GET_ORIG_FN(fn);                                 \
     return usable_size_WRK(fn, p); }

C_HEAP(SO_LIBC)
C_HEAP(SO_SYN)

/*--- C++ operators (Itanium ABI names, 64-bit size_t) ---*/

#define CXX_HEAP(so)                                                                      \
   WRAP_ALLOC1        (10030, so, _Znwm, 0,                            CP_ALLOC_NEW | FAIL_THROW)      /* operator new(size_t) */ \
   WRAP_ALLOC1        (10030, so, _Znam, 0,                            CP_ALLOC_NEW_VEC | FAIL_THROW)  /* operator new[](size_t) */ \
   WRAP_ALLOC_SIZE_X  (10040, so, _ZnwmRKSt9nothrow_t, 0,              CP_ALLOC_NEW)      /* new(size_t, nothrow_t const&) */ \
   WRAP_ALLOC_SIZE_X  (10040, so, _ZnamRKSt9nothrow_t, 0,              CP_ALLOC_NEW_VEC)  /* new[](size_t, nothrow_t const&) */ \
   WRAP_ALLOC_SIZE_X  (10030, so, _ZnwmSt11align_val_t, x,             CP_ALLOC_NEW | FAIL_THROW)      /* new(size_t, align_val_t) */ \
   WRAP_ALLOC_SIZE_X  (10030, so, _ZnamSt11align_val_t, x,             CP_ALLOC_NEW_VEC | FAIL_THROW)  /* new[](size_t, align_val_t) */ \
   WRAP_ALLOC_SIZE_X_Y(10040, so, _ZnwmSt11align_val_tRKSt9nothrow_t, CP_ALLOC_NEW)    /* new(size_t, align_val_t, nothrow_t const&) */ \
   WRAP_ALLOC_SIZE_X_Y(10040, so, _ZnamSt11align_val_tRKSt9nothrow_t, CP_ALLOC_NEW_VEC) /* new[](size_t, align_val_t, nothrow_t const&) */ \
   WRAP_FREE1         (10050, so, _ZdlPv,                           CP_ALLOC_NEW)      /* operator delete(void*) */ \
   WRAP_FREE1         (10050, so, _ZdaPv,                           CP_ALLOC_NEW_VEC)  /* operator delete[](void*) */ \
   WRAP_FREE2         (10050, so, _ZdlPvm,                          CP_ALLOC_NEW)      /* delete(void*, size_t) */ \
   WRAP_FREE2         (10050, so, _ZdaPvm,                          CP_ALLOC_NEW_VEC)  /* delete[](void*, size_t) */ \
   WRAP_FREE2         (10050, so, _ZdlPvRKSt9nothrow_t,             CP_ALLOC_NEW)      /* delete(void*, nothrow_t const&) */ \
   WRAP_FREE2         (10050, so, _ZdaPvRKSt9nothrow_t,             CP_ALLOC_NEW_VEC)  /* delete[](void*, nothrow_t const&) */ \
   WRAP_FREE2         (10050, so, _ZdlPvSt11align_val_t,            CP_ALLOC_NEW)      /* delete(void*, align_val_t) */ \
   WRAP_FREE2         (10050, so, _ZdaPvSt11align_val_t,            CP_ALLOC_NEW_VEC)  /* delete[](void*, align_val_t) */ \
   WRAP_FREE3         (10050, so, _ZdlPvmSt11align_val_t,           CP_ALLOC_NEW)      /* delete(void*, size_t, align_val_t) */ \
   WRAP_FREE3         (10050, so, _ZdaPvmSt11align_val_t,           CP_ALLOC_NEW_VEC)  /* delete[](void*, size_t, align_val_t) */ \
   WRAP_FREE3         (10050, so, _ZdlPvSt11align_val_tRKSt9nothrow_t, CP_ALLOC_NEW)   /* delete(void*, align_val_t, nothrow_t const&) */ \
   WRAP_FREE3         (10050, so, _ZdaPvSt11align_val_tRKSt9nothrow_t, CP_ALLOC_NEW_VEC) /* delete[](void*, align_val_t, nothrow_t const&) */

CXX_HEAP(SO_LIBSTDCXX)
CXX_HEAP(SO_LIBCXX)
CXX_HEAP(SO_SYN)

/*--------------------------------------------------------------------*/
/*--- end                                           cp_intercepts.c ---*/
/*--------------------------------------------------------------------*/
