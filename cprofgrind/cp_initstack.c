/*--------------------------------------------------------------------*/
/*--- cprofgrind: initial stack without the preload. cp_initstack.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   The core preloads vgpreload_cprofgrind into every client.  A run that
   needs none of its wrappers (CPU profile only) must execute exactly the
   instructions the program executes under cachegrind or callgrind, or
   the totals cannot be compared.  Two things differ if the library is
   merely left alone:
     - the dynamic linker maps and relocates it (tens of thousands of
       instructions, and every later symbol lookup walks one more object);
     - LD_PRELOAD is longer, so every string of the initial stack (argv,
       environment, auxv strings) and the initial stack pointer sit at
       other addresses, and string functions that work in aligned chunks
       (strrchr on argv[0], getenv, ...) run a few more or fewer
       iterations.
   So, before the first client instruction, this module rebuilds the
   initial stack exactly as the core would have built it without our
   entry in LD_PRELOAD: same strings in the same order, our entry cut
   out, string table and pointer block placed by the core's own rules
   (coregrind/m_initimg/initimg-linux.c, setup_client_stack), every
   pointer in argv, envp and auxv moved, and the stack pointer moved.

   Safety: the layout is first re-derived from the stack as found; if it
   does not reproduce the actual stack pointer (a core that lays the
   stack out differently), nothing is moved and LD_PRELOAD is shortened
   in place instead (the library is still not loaded; only the
   alignment-dependent few instructions may differ). */

#include "pub_tool_basics.h"
#include "pub_tool_machine.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_options.h"
#include "cp_basics.h"
#include "cp_coreext.h"
#include "cp_initstack.h"

#if defined(VGA_amd64)
#  include "libvex_guest_amd64.h"
#  define GUEST_SP_OFFSET offsetof(VexGuestAMD64State, guest_RSP)
#elif defined(VGA_x86)
#  include "libvex_guest_x86.h"
#  define GUEST_SP_OFFSET offsetof(VexGuestX86State, guest_ESP)
#endif

/* auxv entry types whose value points into the string table */
#define AT_NULL_           0
#define AT_PLATFORM_       15
#define AT_BASE_PLATFORM_  24
#define AT_RANDOM_         25
#define AT_EXECFN_         31

static Bool is_string_aux ( UWord type )
{
   return type == AT_PLATFORM_ || type == AT_BASE_PLATFORM_
          || type == AT_RANDOM_ || type == AT_EXECFN_;
}

static Addr aux_end ( UWord type, Addr p )
{
   return type == AT_RANDOM_ ? p + 16 : p + VG_(strlen)((HChar*)p) + 1;
}

/* Find our item in LD_PRELOAD: [*lo, *hi) is the item plus one
   separator.  False if absent. */
static Bool find_our_item ( HChar** envp, Addr* lo, Addr* hi )
{
   for (HChar** e = envp; e && *e; e++) {
      if (VG_(strncmp)(*e, "LD_PRELOAD=", 11) != 0) continue;
      HChar* start = *e + 11;
      HChar* s = start;
      while (*s) {
         HChar* item = s;
         while (*s && *s != ':' && *s != ' ') s++;
         SizeT len = s - item;
         Bool ours = False;
         for (SizeT i = 0; i + 20 <= len && !ours; i++)
            ours = VG_(strncmp)(item + i, "vgpreload_cprofgrind", 20) == 0;
         if (ours) {
            if (*s)               { *lo = (Addr)item;     *hi = (Addr)s + 1; }
            else if (item > start){ *lo = (Addr)item - 1; *hi = (Addr)s; }
            else                  { *lo = (Addr)item;     *hi = (Addr)s; }
            return True;
         }
         if (*s) s++;
      }
   }
   return False;
}

/* The fallback: cut the item out of the string where it is. */
static void cut_in_place ( Addr lo, Addr hi )
{
   HChar* to = (HChar*)lo;
   HChar* from = (HChar*)hi;
   SizeT i = 0;
   do { to[i] = from[i]; } while (from[i++]);
}

void CP_(initstack_drop_preload) ( ThreadId tid )
{
   Addr cut_lo, cut_hi;
   Addr sp  = VG_(get_SP)(tid);
   UWord* w = (UWord*)sp;
   UWord argc = w[0];
   UWord* argv = w + 1;
   HChar** envp = (HChar**)(argv + argc + 1);
   UWord envc = 0;
   while (envp[envc]) envc++;
   UWord* auxv = (UWord*)(envp + envc + 1);
   UWord auxn = 0;                           /* entries, AT_NULL included */
   while (auxv[2 * auxn] != AT_NULL_) auxn++;
   auxn++;

   if (!find_our_item(envp, &cut_lo, &cut_hi)) return;

#  if defined(GUEST_SP_OFFSET)
   /* The string table: from the lowest string to the end of the last. */
   Addr lo = ~(Addr)0, hi = 0;
#  define SEE(p, e) do { if ((p) < lo) lo = (p); if ((e) > hi) hi = (e); } while (0)
   for (UWord i = 0; i < argc; i++)
      SEE(argv[i], argv[i] + VG_(strlen)((HChar*)argv[i]) + 1);
   for (UWord i = 0; i < envc; i++)
      SEE((Addr)envp[i], (Addr)envp[i] + VG_(strlen)(envp[i]) + 1);
   for (UWord i = 0; i + 1 < auxn; i++)
      if (is_string_aux(auxv[2 * i]))
         SEE(auxv[2 * i + 1], aux_end(auxv[2 * i], auxv[2 * i + 1]));
#  undef SEE
   SizeT ss  = hi - lo;                       /* stringsize */
   Addr  end = VG_(clstk_end);
   SizeT ptr_block = sizeof(UWord) * (1 + argc + 1 + envc + 1 + 2 * auxn);
   Bool  layout_ok =
      lo == end - VG_ROUNDUP(ss, sizeof(Int))
      && VG_ROUNDDN(end - (ptr_block + VG_ROUNDUP(ss, sizeof(Word))), 16) == sp
      && cut_lo >= lo && cut_hi <= hi;
   if (!layout_ok) {
      if (VG_(clo_verbosity) > 1)
         VG_(umsg)("cprofgrind: unexpected initial stack layout; "
                   "shortening LD_PRELOAD in place\n");
      cut_in_place(cut_lo, cut_hi);
      return;
   }

   /* The layout the core would have made with the shorter string. */
   SizeT cut    = cut_hi - cut_lo;
   SizeT ss2    = ss - cut;
   Addr  lo2    = end - VG_ROUNDUP(ss2, sizeof(Int));
   Addr  sp2    = VG_ROUNDDN(end - (ptr_block + VG_ROUNDUP(ss2, sizeof(Word))), 16);
   SizeT total  = end - sp2;
   UChar* img   = CP_CALLOC("cp.initstack.drop.1", total, 1);
#  define MOVED(p) ((p) < cut_lo ? (p) - lo + lo2 : (p) - cut - lo + lo2)
#  define IN_STRINGS(p) ((p) >= lo && (p) < hi)
   UWord* nw = (UWord*)img;
   UWord  k  = 0;
   nw[k++] = argc;
   for (UWord i = 0; i < argc; i++) nw[k++] = MOVED(argv[i]);
   nw[k++] = 0;
   for (UWord i = 0; i < envc; i++) nw[k++] = MOVED((Addr)envp[i]);
   nw[k++] = 0;
   for (UWord i = 0; i < auxn; i++) {
      UWord type = auxv[2 * i], val = auxv[2 * i + 1];
      nw[k++] = type;
      nw[k++] = is_string_aux(type) && IN_STRINGS(val) ? MOVED(val) : val;
   }
   /* strings, without our item */
   UChar* s2 = img + (lo2 - sp2);
   SizeT  n  = 0;
   for (Addr p = lo; p < hi; p++)
      if (p < cut_lo || p >= cut_hi) s2[n++] = *(UChar*)p;
   CP_ASSERT(n == ss2);
   VG_(memcpy)((void*)sp2, img, total);
   CP_FREE(img);

   Addr new_sp = sp2;
   VG_(set_shadow_regs_area)(tid, 0 /* the real registers */,
                             GUEST_SP_OFFSET, sizeof(Addr), (UChar*)&new_sp);
   VG_(client_envp) = (HChar**)((UWord*)sp2 + 1 + argc + 1);
   VG_(client_auxv) = (UWord*)sp2 + 1 + argc + 1 + envc + 1;
#  undef MOVED
#  undef IN_STRINGS
#  else
   cut_in_place(cut_lo, cut_hi);
#  endif
}

/*------------------------------------------------------------*/
/*--- The heap wrappers alone                              ---*/
/*------------------------------------------------------------*/

/* A run that needs only the heap wrappers loads vgpreload_cpgheap, the
   same directory's library without the synchronisation wrappers: each of
   those costs a trip through the scheduler to call the original even
   when it has nothing to report, and a program like sqlite3 locks a
   mutex around every allocation.  The name is shorter, so the item is
   rewritten in place (instruction counts are not being compared in such
   a run). */
#define FULL_NAME "vgpreload_cprofgrind"
#define HEAP_NAME "vgpreload_cpgheap"

void CP_(initstack_heap_preload) ( ThreadId tid )
{
   Addr sp = VG_(get_SP)(tid);
   UWord* w = (UWord*)sp;
   HChar** envp = (HChar**)(w + 1 + w[0] + 1);
   Addr lo, hi;
   if (!find_our_item(envp, &lo, &hi)) return;
   HChar* name = VG_(strstr)((HChar*)lo, FULL_NAME);
   if (name == NULL || (Addr)name >= hi) return;
   /* the item's path, with the heap library's name: only if it is there */
   HChar* item = name;
   while (item[-1] != '=' && item[-1] != ':' && item[-1] != ' ') item--;
   SizeT len = 0;
   while (item[len] && item[len] != ':' && item[len] != ' ') len++;
   SizeT nfull = VG_(strlen)(FULL_NAME), nheap = VG_(strlen)(HEAP_NAME);
   HChar path[len + 1];
   VG_(memcpy)(path, item, len);
   path[len] = '\0';
   HChar* pn = path + (name - item);
   VG_(memcpy)(pn, HEAP_NAME, nheap);
   VG_(memmove)(pn + nheap, pn + nfull, VG_(strlen)(pn + nfull) + 1);
   SysRes fd = VG_(open)(path, VKI_O_RDONLY, 0);
   if (sr_isError(fd)) {
      if (VG_(clo_verbosity) > 1)
         VG_(umsg)("cprofgrind: %s is missing; keeping the full preload "
                   "library\n", path);
      return;
   }
   VG_(close)(sr_Res(fd));
   VG_(memcpy)(name, HEAP_NAME, nheap);
   cut_in_place((Addr)name + nheap, (Addr)name + nfull);
}

/*--------------------------------------------------------------------*/
/*--- end                                           cp_initstack.c ---*/
/*--------------------------------------------------------------------*/
