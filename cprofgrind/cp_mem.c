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

#define PERM_CHUNK (1UL << 20)
static UChar* s_perm_cur  = NULL;
static SizeT  s_perm_left = 0;

void* CP_(perm_alloc) ( const HChar* what, SizeT bytes )
{
   bytes = (bytes + 7) & ~(SizeT)7;
   if (bytes > PERM_CHUNK / 4) return CP_MALLOC(what, bytes);
   if (bytes > s_perm_left) {
      s_perm_cur  = CP_(plain_alloc)(what, PERM_CHUNK);
      s_perm_left = PERM_CHUNK;
   }
   void* p = s_perm_cur;
   s_perm_cur  += bytes;
   s_perm_left -= bytes;
   return p;
}

/* MADV_DONTNEED on a private anonymous mapping drops its pages (they
   would read as zero again); on a shared one it only unmaps them here:
   the data stays for the other processes that map it. */
#define MADV_DONTNEED_ 4

ULong CP_(mem_release_client) ( void )
{
   Addr  buf[512];
   Addr* starts = buf;
   Int   n = VG_(am_get_segment_starts)(SkAnonC, starts, 512);
   if (n < 0) {
      Int want = -n + 64;
      starts = CP_MALLOC("cp.mem.release_client.1", want * sizeof(Addr));
      n = VG_(am_get_segment_starts)(SkAnonC, starts, want);
   }
   ULong kb = 0;
   /* The initial stack holds the environment, which VG_(getenv) reads
      (--out-file=%q{VAR} is expanded when a file is written): kept. */
   Addr keep1 = (Addr)VG_(client_envp), keep2 = VG_(clstk_end);
   for (Int i = 0; i < n; i++) {
      NSegment const* seg = VG_(am_find_nsegment)(starts[i]);
      if (seg == NULL || seg->kind != SkAnonC || !(seg->hasR || seg->hasW))
         continue;
      if ((keep1 >= seg->start && keep1 <= seg->end)
          || (keep2 >= seg->start && keep2 <= seg->end))
         continue;
      SizeT len = seg->end + 1 - seg->start;
      SysRes r = VG_(do_syscall)(__NR_madvise, seg->start, len, MADV_DONTNEED_,
                                 0, 0, 0, 0, 0);
      if (!sr_isError(r)) kb += len / 1024;
   }
   if (starts != buf) CP_FREE(starts);
   return kb;
}

/*--------------------------------------------------------------------*/
/*--- end                                                 cp_mem.c ---*/
/*--------------------------------------------------------------------*/
