/*--------------------------------------------------------------------*/
/*--- cprofgrind: race annotations, TSan suppressions.  cp_annot.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   Code annotated for helgrind or DRD keeps working: their client
   requests (helgrind.h, drd.h) are taken here with the same meaning,
   and cprofgrind.h offers the same vocabulary under its own names.

     happens-before / after (obj)   release into / acquire from obj
     benign race (range)            races on the range are not reported
     ignore reads / writes          the thread's accesses of that kind are
                                    neither checked nor remembered
     clean / new memory (range)     the range starts clean (no history)
     rwlock / mutex annotations     the locks model of cp_sync.c

   helgrind.h sends some annotations as "unimplemented" requests naming
   them (ANNOTATE_IGNORE_READS_BEGIN and friends): those are recognised
   by name.

   ThreadSanitizer's suppression files are read too (--tsan-suppressions):
   a race is not reported when a "race:" pattern matches a function, file
   or object of either stack, or a "called_from_lib:" library is one of
   its objects.  Patterns are TSan's: '*' matches anything, '^' and '$'
   anchor, otherwise a pattern matches anywhere in the name. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_clreq.h"
#include "helgrind.h"
#include "cp_annot.h"
#include "cp_clientreq.h"
#include "cp_clo.h"
#include "cp_hb.h"
#include "cp_race.h"
#include "cp_shadow.h"
#include "cp_sync.h"

/* helgrind.h's request numbers come from its own enum; drd.h's (which
   cannot be included beside it) are written out as that header defines
   them.  Several are the same numbers by design (DRD answers helgrind's
   ANNOTATE_RWLOCK_*, happens-before and clean-memory requests). */
#define HG_CLEAN_MEMORY            VG_USERREQ__HG_CLEAN_MEMORY
#define HG_MUTEX_INIT_POST         _VG_USERREQ__HG_PTHREAD_MUTEX_INIT_POST
#define HG_MUTEX_DESTROY_PRE       _VG_USERREQ__HG_PTHREAD_MUTEX_DESTROY_PRE
#define HG_MUTEX_UNLOCK_PRE        _VG_USERREQ__HG_PTHREAD_MUTEX_UNLOCK_PRE
#define HG_MUTEX_ACQUIRE_POST      _VG_USERREQ__HG_PTHREAD_MUTEX_ACQUIRE_POST
#define HG_RWLOCK_INIT_POST        _VG_USERREQ__HG_PTHREAD_RWLOCK_INIT_POST
#define HG_RWLOCK_DESTROY_PRE      _VG_USERREQ__HG_PTHREAD_RWLOCK_DESTROY_PRE
#define HG_RWLOCK_ACQUIRED         _VG_USERREQ__HG_PTHREAD_RWLOCK_ACQUIRED
#define HG_RWLOCK_RELEASED         _VG_USERREQ__HG_PTHREAD_RWLOCK_RELEASED
#define HG_SEM_RELEASED            _VG_USERREQ__HG_POSIX_SEM_RELEASED
#define HG_SEM_ACQUIRED            _VG_USERREQ__HG_POSIX_SEM_ACQUIRED
#define HG_CLIENTREQ_UNIMP         _VG_USERREQ__HG_CLIENTREQ_UNIMP
#define HG_USERSO_SEND_PRE         _VG_USERREQ__HG_USERSO_SEND_PRE
#define HG_USERSO_RECV_POST        _VG_USERREQ__HG_USERSO_RECV_POST
#define HG_USERSO_FORGET_ALL       _VG_USERREQ__HG_USERSO_FORGET_ALL
#define HG_ARANGE_MAKE_UNTRACKED   _VG_USERREQ__HG_ARANGE_MAKE_UNTRACKED
#define HG_ARANGE_MAKE_TRACKED     _VG_USERREQ__HG_ARANGE_MAKE_TRACKED
#define HG_CLEAN_MEMORY_HEAPBLOCK  _VG_USERREQ__HG_CLEAN_MEMORY_HEAPBLOCK
#define DR(n)  (VG_USERREQ_TOOL_BASE('D','R') + (n))
#define DRD_START_SUPPRESSION      DR(2)
#define DRD_FINISH_SUPPRESSION     DR(3)
#define DRD_RECORD_LOADS           DR(6)
#define DRD_RECORD_STORES          DR(7)
#define DRD_SEM_WAIT_POST          DR(13)
#define DRD_SEM_POST_PRE           DR(14)

UChar* CP_(annot_ignore) = NULL;          /* VG_N_THREADS */
static UInt (*s_ignore_depth)[2] = NULL;   /* VG_N_THREADS */

void CP_(annot_init) ( void )
{
   CP_(annot_ignore) = CP_CALLOC("cp.annot.init.1", VG_N_THREADS, 1);
   s_ignore_depth    = CP_CALLOC("cp.annot.init.2", VG_N_THREADS, sizeof *s_ignore_depth);
}

/*------------------------------------------------------------*/
/*--- Benign ranges                                        ---*/
/*------------------------------------------------------------*/

typedef struct { Addr a; SizeT len; } Range;
static Range* s_benign = NULL;
static UInt   s_n_benign = 0, s_cap_benign = 0;

static void benign_add ( Addr a, SizeT len )
{
   if (len == 0) return;
   if (s_n_benign == s_cap_benign) {
      s_cap_benign = s_cap_benign ? 2 * s_cap_benign : 16;
      s_benign = CP_REALLOC("cp.annot.benign.1", s_benign,
                            s_cap_benign * sizeof(Range));
   }
   s_benign[s_n_benign++] = (Range){ a, len };
}

static void benign_remove ( Addr a, SizeT len )
{
   for (UInt i = 0; i < s_n_benign; i++)
      if (s_benign[i].a == a && (len == 0 || s_benign[i].len == len)) {
         s_benign[i] = s_benign[--s_n_benign];
         return;
      }
}

Bool CP_(annot_benign) ( Addr a )
{
   for (UInt i = 0; i < s_n_benign; i++)
      if (a - s_benign[i].a < s_benign[i].len) return True;
   return False;
}

/*------------------------------------------------------------*/
/*--- Requests                                             ---*/
/*------------------------------------------------------------*/

static void ignore ( ThreadId tid, UInt kind, Bool begin )
{
   if (tid >= VG_N_THREADS) return;
   UInt k = kind == CP_IGNORE_READS ? 0 : 1;
   if (begin) s_ignore_depth[tid][k]++;
   else if (s_ignore_depth[tid][k]) s_ignore_depth[tid][k]--;
   if (s_ignore_depth[tid][k]) CP_(annot_ignore)[tid] |= kind;
   else                        CP_(annot_ignore)[tid] &= ~kind;
}

static void happens ( ThreadId tid, Addr obj, Bool before )
{
   SyncObj* o = CP_(hb_sync)(obj, SyncPlain, True);
   if (before) CP_(hb_release)(tid, o);
   else        CP_(hb_acquire)(tid, o);
}

/* helgrind.h's "unimplemented" annotations, by name. */
static void unimp ( ThreadId tid, const HChar* name )
{
   if (!name) return;
   if      (VG_(strcmp)(name, "ANNOTATE_IGNORE_READS_BEGIN") == 0)  ignore(tid, CP_IGNORE_READS, True);
   else if (VG_(strcmp)(name, "ANNOTATE_IGNORE_READS_END") == 0)    ignore(tid, CP_IGNORE_READS, False);
   else if (VG_(strcmp)(name, "ANNOTATE_IGNORE_WRITES_BEGIN") == 0) ignore(tid, CP_IGNORE_WRITES, True);
   else if (VG_(strcmp)(name, "ANNOTATE_IGNORE_WRITES_END") == 0)   ignore(tid, CP_IGNORE_WRITES, False);
}

Bool CP_(annot_handle_request) ( ThreadId tid, UWord* args, UWord* ret )
{
   UWord req = args[0];
   Bool race = CP_(clo).race;
   *ret = 0;
   switch (req) {
      /* happens-before */
      case HG_USERSO_SEND_PRE:
      case CPROFGRIND_USERREQ__HAPPENS_BEFORE:
         if (race) happens(tid, args[1], True);
         return True;
      case HG_USERSO_RECV_POST:
      case CPROFGRIND_USERREQ__HAPPENS_AFTER:
         if (race) happens(tid, args[1], False);
         return True;
      case HG_USERSO_FORGET_ALL:
         if (race) CP_(hb_sync_forget)(args[1]);
         return True;
      /* benign races */
      case HG_ARANGE_MAKE_UNTRACKED:
      case DRD_START_SUPPRESSION:
      case CPROFGRIND_USERREQ__BENIGN_RACE:
         benign_add(args[1], args[2]);
         return True;
      case HG_ARANGE_MAKE_TRACKED:
      case DRD_FINISH_SUPPRESSION:
         benign_remove(args[1], args[2]);
         return True;
      /* ignoring a thread's accesses */
      case DRD_RECORD_LOADS:   ignore(tid, CP_IGNORE_READS, args[1] == 0);  return True;
      case DRD_RECORD_STORES:  ignore(tid, CP_IGNORE_WRITES, args[1] == 0); return True;
      case CPROFGRIND_USERREQ__IGNORE_READS_BEGIN:  ignore(tid, CP_IGNORE_READS, True);   return True;
      case CPROFGRIND_USERREQ__IGNORE_READS_END:    ignore(tid, CP_IGNORE_READS, False);  return True;
      case CPROFGRIND_USERREQ__IGNORE_WRITES_BEGIN: ignore(tid, CP_IGNORE_WRITES, True);  return True;
      case CPROFGRIND_USERREQ__IGNORE_WRITES_END:   ignore(tid, CP_IGNORE_WRITES, False); return True;
      case HG_CLIENTREQ_UNIMP:
         unimp(tid, (const HChar*)args[1]);
         return True;
      /* memory that starts clean */
      case HG_CLEAN_MEMORY:
      case CPROFGRIND_USERREQ__CLEAN_MEMORY:
         if (race) CP_(shadow_clear)(args[1], args[2]);
         return True;
      case HG_CLEAN_MEMORY_HEAPBLOCK:
         return True;
      /* locks and semaphores described by annotations */
      case HG_RWLOCK_INIT_POST:    case HG_MUTEX_INIT_POST:
         CP_(sync_lock_event)(tid, args[1], req == HG_RWLOCK_INIT_POST,
                              LockEvInit, False);
         return True;
      case HG_RWLOCK_DESTROY_PRE:  case HG_MUTEX_DESTROY_PRE:
         CP_(sync_lock_event)(tid, args[1], req == HG_RWLOCK_DESTROY_PRE,
                              LockEvDestroy, False);
         return True;
      case HG_RWLOCK_ACQUIRED:     case HG_MUTEX_ACQUIRE_POST:
         /* a mutex is always taken for writing; an rwlock says which */
         CP_(sync_lock_event)(tid, args[1], req == HG_RWLOCK_ACQUIRED,
                              LockEvAcquired,
                              req == HG_MUTEX_ACQUIRE_POST || args[2] != 0);
         return True;
      case HG_RWLOCK_RELEASED:     case HG_MUTEX_UNLOCK_PRE:
         CP_(sync_lock_event)(tid, args[1], req == HG_RWLOCK_RELEASED,
                              LockEvReleased, False);
         return True;
      case HG_SEM_RELEASED:
      case DRD_SEM_POST_PRE:
         if (race) happens(tid, args[1], True);
         return True;
      case HG_SEM_ACQUIRED:
      case DRD_SEM_WAIT_POST:
         if (race) happens(tid, args[1], False);
         return True;
      default:
         /* the rest of helgrind's and DRD's vocabulary: accepted */
         return VG_IS_TOOL_USERREQ('H', 'G', req) || VG_IS_TOOL_USERREQ('D', 'R', req);
   }
}

/*------------------------------------------------------------*/
/*--- ThreadSanitizer suppression files                    ---*/
/*------------------------------------------------------------*/

typedef struct { HChar* pat; Bool lib; } TsanSupp;
static TsanSupp* s_tsan = NULL;
static UInt      s_n_tsan = 0, s_cap_tsan = 0, s_tsan_used = 0;

/* TSan's TemplateMatch: '*' wildcards, '^' / '$' anchors, else anywhere. */
static Bool match_here ( const HChar* p, const HChar* s, Bool end_anchor )
{
   for (; *p; p++, s++) {
      if (*p == '*') {
         while (p[1] == '*') p++;
         if (!p[1]) return !end_anchor || True;
         for (; *s; s++)
            if (match_here(p + 1, s, end_anchor)) return True;
         return match_here(p + 1, s, end_anchor);
      }
      if (*p == '$' && p[1] == '\0') return *s == '\0';
      if (*s != *p) return False;
   }
   return !end_anchor || *s == '\0';
}

static Bool template_match ( const HChar* pat, const HChar* s )
{
   if (!s || !*s) return False;
   if (pat[0] == '^') return match_here(pat + 1, s, False);
   for (const HChar* t = s; *t; t++)
      if (match_here(pat, t, False)) return True;
   return False;
}

void CP_(annot_load_tsan_supp) ( const HChar* path )
{
   SysRes r = VG_(open)(path, VKI_O_RDONLY, 0);
   if (sr_isError(r))
      CP_(clo_fail)("cannot read --tsan-suppressions=%s", path);
   Int fd = (Int)sr_Res(r);
   HChar* buf = CP_MALLOC("cp.annot.tsan.1", 1 << 20);
   Int n = VG_(read)(fd, buf, (1 << 20) - 1);
   VG_(close)(fd);
   if (n < 0) CP_(clo_fail)("cannot read --tsan-suppressions=%s", path);
   buf[n] = '\0';
   UInt lineno = 0;
   for (HChar* line = buf; line && *line; ) {
      HChar* next = VG_(strchr)(line, '\n');
      if (next) *next++ = '\0';
      lineno++;
      while (*line == ' ' || *line == '\t') line++;
      SizeT len = VG_(strlen)(line);
      while (len && (line[len - 1] == ' ' || line[len - 1] == '\r')) line[--len] = '\0';
      if (*line && *line != '#') {
         HChar* colon = VG_(strchr)(line, ':');
         if (!colon || colon[1] == '\0')
            CP_(clo_fail)("--tsan-suppressions=%s:%u: expected TYPE:PATTERN, got '%s'",
                          path, lineno, line);
         *colon = '\0';
         Bool known = VG_(strcmp)(line, "race") == 0
                      || VG_(strcmp)(line, "called_from_lib") == 0;
         Bool other = VG_(strcmp)(line, "mutex") == 0 || VG_(strcmp)(line, "thread") == 0
                      || VG_(strcmp)(line, "signal") == 0 || VG_(strcmp)(line, "deadlock") == 0
                      || VG_(strcmp)(line, "race_top") == 0;
         if (!known && !other)
            CP_(clo_fail)("--tsan-suppressions=%s:%u: unknown suppression type '%s'",
                          path, lineno, line);
         if (VG_(strcmp)(line, "race_top") == 0) known = True;   /* taken as race: */
         if (known) {
            if (s_n_tsan == s_cap_tsan) {
               s_cap_tsan = s_cap_tsan ? 2 * s_cap_tsan : 16;
               s_tsan = CP_REALLOC("cp.annot.tsan.2", s_tsan, s_cap_tsan * sizeof(TsanSupp));
            }
            s_tsan[s_n_tsan].pat = CP_STRDUP("cp.annot.tsan.3", colon + 1);
            s_tsan[s_n_tsan].lib = line[0] == 'c';
            s_n_tsan++;
         }
      }
      line = next;
   }
   CP_FREE(buf);
}

Bool CP_(annot_tsan_race) ( const HChar* text )
{
   for (UInt i = 0; i < s_n_tsan; i++)
      if (!s_tsan[i].lib && template_match(s_tsan[i].pat, text)) return True;
   return False;
}

Bool CP_(annot_tsan_lib) ( const HChar* obj )
{
   for (UInt i = 0; i < s_n_tsan; i++)
      if (s_tsan[i].lib && template_match(s_tsan[i].pat, obj)) return True;
   return False;
}

void CP_(annot_tsan_count) ( void ) { s_tsan_used++; }
UInt CP_(annot_tsan_used)  ( void ) { return s_tsan_used; }

/*--------------------------------------------------------------------*/
/*--- end                                               cp_annot.c ---*/
/*--------------------------------------------------------------------*/
