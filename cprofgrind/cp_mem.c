/*--------------------------------------------------------------------*/
/*--- cprofgrind: large tables in huge pages.             cp_mem.c ---*/
/*--------------------------------------------------------------------*/

/* Linux gives transparent huge pages to an anonymous mapping only where
   it is asked to (madvise mode, Debian's default) and only over whole,
   aligned 2 MB ranges.  So: map 2 MB more than asked, keep the aligned
   part, give back the rest, and advise MADV_HUGEPAGE.  Where the kernel
   has no huge pages the advice fails and the memory is ordinary pages:
   nothing else changes. */

#include "pub_tool_aspacemgr.h"
#include "pub_tool_vkiscnums.h"
#include "cp_coreext.h"
#include "cp_mem.h"

#define HUGE_PAGE      (2UL << 20)
#define MADV_HUGEPAGE_ 14    /* Linux; not in Valgrind's vki headers */

static inline SizeT round_up ( SizeT n ) { return (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1); }

void* CP_(big_alloc) ( const HChar* what, SizeT bytes )
{
   SizeT size = round_up(bytes);
   Addr  raw  = (Addr)VG_(am_shadow_alloc)(size + HUGE_PAGE);
   if (raw == 0) VG_(out_of_memory_NORETURN)(what, bytes);
   Addr  a    = (raw + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
   if (a > raw) VG_(am_munmap_valgrind)(raw, a - raw);
   Addr  end  = raw + size + HUGE_PAGE;
   if (end > a + size) VG_(am_munmap_valgrind)(a + size, end - (a + size));
   VG_(do_syscall)(__NR_madvise, a, size, MADV_HUGEPAGE_, 0, 0, 0, 0, 0);
   return (void*)a;
}

void CP_(big_free) ( void* p, SizeT bytes )
{
   if (p) VG_(am_munmap_valgrind)((Addr)p, round_up(bytes));
}

static inline SizeT page_round ( SizeT n ) { return (n + 4095) & ~(SizeT)4095; }

void* CP_(plain_alloc) ( const HChar* what, SizeT bytes )
{
   void* p = VG_(am_shadow_alloc)(page_round(bytes));
   if (p == NULL) VG_(out_of_memory_NORETURN)(what, bytes);
   return p;
}

void CP_(plain_free) ( void* p, SizeT bytes )
{
   if (p) VG_(am_munmap_valgrind)((Addr)p, page_round(bytes));
}

/*--------------------------------------------------------------------*/
/*--- end                                                 cp_mem.c ---*/
/*--------------------------------------------------------------------*/
