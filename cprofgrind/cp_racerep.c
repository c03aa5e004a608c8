/*--------------------------------------------------------------------*/
/*--- cprofgrind: race reports.                        cp_racerep.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   A race is two accesses: the current one (its place is where the
   thread is now) and a previous one (its place comes back from the
   shadow cell: a calling context and an instruction, so its whole stack
   is always known).  The report is laid out as ThreadSanitizer's and
   Go's, which our users read every day:

      ==================
      WARNING: DATA RACE
        Write of size 4 at 0x... by thread T1 (mutexes: write M1):
          #0 worker /src/x.c:12 (x+0x11b9)
          ...
        Previous read of size 4 at 0x... by main thread:
          ...
        Location is global 'counter' of size 4 at 0x... (x+0x4010)
        Mutex M1 (0x...) created at: ...
        Thread T1 (running) created by main thread at: ...
      SUMMARY: cprofgrind: data race /src/x.c:12 in worker
      ==================

   Threads are numbered as ThreadSanitizer numbers them: the main thread
   is T0.  Each unordered pair of instructions is reported once.  Reports
   go through the core's error manager so that --suppressions and
   --gen-suppressions work (kind "cprofgrind:Race", matched against the
   current access's stack), and are printed raw (without the ==pid==
   prefix) to the log sink.  --race-log-file gets the same text,
   --race-json one JSON object per line, and <out>.races.pb.gz one
   sample per race at exit. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_machine.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_debuginfo.h"
#include "pub_tool_errormgr.h"
#include "pub_tool_execontext.h"
#include "pub_tool_options.h"
#include "pub_tool_tooliface.h"
#include "libvex_guest_amd64.h"
#include "cp_racerep.h"
#include "cp_annot.h"
#include "cp_coreext.h"
#include "cp_clo.h"
#include "cp_out.h"
#include "cp_pprof.h"
#include "cp_profctx.h"
#include "cp_objects.h"
#include "cp_heap.h"

#include <stdarg.h>

#define ERR_RACE 0
#define ERR_MISUSE 1   /* misuse of the threading API */
#define ERR_LOCKORDER 2   /* a cycle in the lock-order graph */

/*------------------------------------------------------------*/
/*--- Text buffers                                         ---*/
/*------------------------------------------------------------*/

typedef struct { HChar* s; SizeT n, cap; } Buf;

static void buf_putc ( HChar c, void* opaque )
{
   Buf* b = opaque;
   if (b->n + 2 > b->cap) {
      b->cap = b->cap ? 2 * b->cap : 1024;
      b->s = CP_REALLOC("cp.racerep.buf_putc.1", b->s, b->cap);
   }
   b->s[b->n++] = c;
   b->s[b->n] = '\0';
}

__attribute__((format(printf, 2, 3)))
static void bprintf ( Buf* b, const HChar* fmt, ... )
{
   va_list vargs;
   va_start(vargs, fmt);
   VG_(vcbprintf)(buf_putc, b, fmt, vargs);
   va_end(vargs);
}

static void json_str ( Buf* b, const HChar* s )
{
   buf_putc('"', b);
   for (; *s; s++) {
      UChar c = (UChar)*s;
      if (c == '"' || c == '\\') { buf_putc('\\', b); buf_putc((HChar)c, b); }
      else if (c < 0x20) bprintf(b, "\\u%04x", c);
      else buf_putc((HChar)c, b);
   }
   buf_putc('"', b);
}

static void buf_free ( Buf* b ) { if (b->s) CP_FREE(b->s); b->s = NULL; b->n = b->cap = 0; }

/*------------------------------------------------------------*/
/*--- Frames of a place                                    ---*/
/*------------------------------------------------------------*/

#define MAX_FRAMES 64

typedef struct {
   HChar fn[256];
   HChar file[512];
   UInt  line;
   HChar obj[128];
   Addr  off;        /* address in the object's link-time terms */
   Bool  ours;       /* one of our wrappers: shown as the function it wraps */
   Bool  sys;        /* in the C library or the loader */
} Frame;

static UInt add_frames ( DiEpoch ep, Addr a, Frame* f, UInt n, Bool* stop )
{
   if (VG_(get_fnname_kind_from_IP)(ep, a) == Vg_FnNameBelowMain) {
      *stop = True;   /* (below main): the C library's start code */
      return n;
   }
   const Obj* o = CP_(obj_of)(ep, a);
   InlIPCursor* iipc = VG_(new_IIPC)(ep, a);
   do {
      if (n == MAX_FRAMES) break;
      Frame* fr = &f[n++];
      CP_(prof_parse_describe)(VG_(describe_IP)(ep, a, iipc), fr->fn, sizeof fr->fn,
                               fr->file, sizeof fr->file, &fr->line);
      fr->ours = o && o->is_ours;
      /* a wrapper is named by its pattern ("pthread_create*") */
      SizeT len = VG_(strlen)(fr->fn);
      if (fr->ours && len > 1 && fr->fn[len - 1] == '*') fr->fn[len - 1] = '\0';
      fr->sys  = o && o->is_sys;
      VG_(strncpy)(fr->obj, o ? VG_(basename)(o->filename) : "", sizeof fr->obj - 1);
      fr->obj[sizeof fr->obj - 1] = '\0';
      fr->off = o ? a - o->bias : a;
   } while (VG_(next_IIPC)(iipc));
   VG_(delete_IIPC)(iipc);
   if (!VG_(clo_show_below_main) && VG_(get_fnname_kind_from_IP)(ep, a) == Vg_FnNameMain)
      *stop = True;
   return n;
}

/* The frames of a place, innermost first: its instruction, then the
   call sites of its context.  Frames inside our wrappers' callees are
   left out (the wrapper stands for them, as ThreadSanitizer's
   interceptors do), and so are a thread's outermost C library frames
   (start_thread, clone). */
static UInt place_frames ( Where w, Frame* f )
{
   DiEpoch ep = VG_(current_DiEpoch)();
   UInt n = 0;
   Bool stop = False;
   if (w.pc) n = add_frames(ep, w.pc, f, n, &stop);
   const CtxNode* node = w.node ? CP_(cct_node)(w.node) : NULL;
   for (; node && node->parent_id && !stop && n < MAX_FRAMES; node = CP_(cct_parent)(node)) {
      Addr cs = CP_(node_callsite)(node);
      HChar buf[64];
      const HChar* name;
      if (cs >= CP_PSEUDO_LIMIT) {
         n = add_frames(ep, cs, f, n, &stop);
      } else if ((name = CP_(pseudo_frame_name)(cs, buf)) != NULL) {
         Frame* fr = &f[n++];
         VG_(snprintf)(fr->fn, sizeof fr->fn, "%s", name);
         fr->file[0] = fr->obj[0] = '\0';
         fr->line = 0; fr->off = 0; fr->ours = fr->sys = False;
      }
   }
   /* the outermost wrapper frame and what is outside it */
   Int j = -1;
   for (UInt i = 0; i < n; i++) if (f[i].ours) j = (Int)i;
   if (j > 0) {
      for (UInt i = (UInt)j; i < n; i++) f[i - (UInt)j] = f[i];
      n -= (UInt)j;
   }
   while (n > 1 && f[n - 1].sys) n--;
   return n;
}

static void print_frames ( Buf* b, const Frame* f, UInt n )
{
   for (UInt i = 0; i < n; i++) {
      const HChar* fn = f[i].fn[0] ? f[i].fn : "<null>";
      if (f[i].file[0] && !f[i].ours)
         bprintf(b, "    #%u %s %s:%u (%s+0x%lx)\n", i, fn, f[i].file,
                 f[i].line, f[i].obj, f[i].off);
      else if (f[i].obj[0])
         bprintf(b, "    #%u %s (%s+0x%lx)\n", i, fn, f[i].obj, f[i].off);
      else
         bprintf(b, "    #%u %s\n", i, fn);
   }
   if (n == 0) bprintf(b, "    <no stack>\n");
}

static void json_frames ( Buf* b, const Frame* f, UInt n )
{
   buf_putc('[', b);
   for (UInt i = 0; i < n; i++) {
      if (i) buf_putc(',', b);
      bprintf(b, "{\"function\":");
      json_str(b, f[i].fn);
      bprintf(b, ",\"file\":");
      json_str(b, f[i].ours ? "" : f[i].file);
      bprintf(b, ",\"line\":%u,\"object\":", f[i].ours ? 0 : f[i].line);
      json_str(b, f[i].obj);
      bprintf(b, ",\"offset\":\"0x%lx\"}", f[i].off);
   }
   buf_putc(']', b);
}

/* The frame a summary names: the first with a source file. */
/* The frame a summary names: the first with a source line that is the
   program's (not our wrappers', not the C library's: a race in memcpy is
   the caller's), else the first with a line, else the first. */
static const Frame* summary_frame ( const Frame* f, UInt n )
{
   for (UInt i = 0; i < n; i++)
      if (f[i].file[0] && !f[i].ours && !f[i].sys) return &f[i];
   for (UInt i = 0; i < n; i++)
      if (f[i].file[0] && !f[i].ours) return &f[i];
   return n ? &f[0] : NULL;
}

/*------------------------------------------------------------*/
/*--- Threads and locations                                ---*/
/*------------------------------------------------------------*/

static void thread_name ( HChar* buf, UInt serial )
{
   if (serial == 1) VG_(sprintf)(buf, "main thread");
   else             VG_(sprintf)(buf, "thread T%u", serial ? serial - 1 : 0);
}

static Bool global_of ( Addr a, const HChar** name, Addr* start, UInt* size,
                        const Obj** obj )
{
   PtrdiffT off;
   DiEpoch ep = VG_(current_DiEpoch)();
   if (!VG_(get_datasym_and_offset)(ep, a, name, &off)) return False;
   *start = a - off;
   *size  = 0;
   *obj   = NULL;
   for (const DebugInfo* di = VG_(next_DebugInfo)(NULL); di;
        di = VG_(next_DebugInfo)(di)) {
      Int n = VG_(DebugInfo_syms_howmany)(di);
      for (Int i = 0; i < n; i++) {
         CpSymAVMAs av; UInt sz; const HChar* pri; const HChar** sec;
         Bool text, ifunc, glob;
         VG_(DebugInfo_syms_getidx)(di, i, &av, &sz, &pri, &sec, &text,
                                    &ifunc, &glob);
         if (!text && av.main == *start && a - av.main < (sz ? sz : 1)) {
            *size = sz;
            for (UInt k = 0; k < CP_(obj_count)(); k++) {
               const Obj* o = CP_(obj_nth)(k);
               if (VG_(strcmp)(o->filename, VG_(DebugInfo_get_filename)(di)) == 0)
                  *obj = o;
            }
            return True;
         }
      }
   }
   return True;
}

static Addr fs_base ( ThreadId tid )
{
   ULong fs = 0;
   VG_(get_shadow_regs_area)(tid, (UChar*)&fs, 0,
                             offsetof(VexGuestAMD64State, guest_FS_CONST), 8);
   return (Addr)fs;
}

/* Which live thread's stack or TLS holds a (serial, or 0). */
static UInt stack_or_tls_of ( Addr a, Bool* tls )
{
   for (ThreadId tid = 1; tid < VG_N_THREADS; tid++) {
      if (!VG_(is_valid_tid)(tid)) continue;
      HbThread* th = CP_(hb_thread_of_tid)(tid);
      if (!th) continue;
      Addr fs = fs_base(tid);
      /* static TLS sits just below the thread pointer: for a created
         thread, between the stack pointer it started with and it */
      Addr lo = th->serial == 1 ? fs - 0x10000 : th->start_sp;
      if (fs && lo && a >= lo && a < fs + 0x700) {
         *tls = True;
         return th->serial;
      }
      Addr  max  = VG_(thread_get_stack_max)(tid);
      SizeT size = VG_(thread_get_stack_size)(tid);
      if (max && a <= max && a >= max - size) { *tls = False; return th->serial; }
   }
   return 0;
}

static void location ( Buf* text, Buf* json, Addr a )
{
   Addr start; SizeT size; UInt ctx;
   HChar who[32];
   if (CP_(heap_block_of)(a, &start, &size, &ctx)) {
      UInt thread = CP_(node_thread)(CP_(cct_node)(ctx));
      thread_name(who, thread);
      bprintf(text, "  Location is heap block of size %lu at 0x%lx allocated by %s:\n",
              size, start, who);
      Frame f[MAX_FRAMES];
      UInt nf = place_frames((Where){ ctx, 0 }, f);
      print_frames(text, f, nf);
      bprintf(json, ",\"location\":{\"kind\":\"heap\",\"address\":\"0x%lx\",\"size\":%lu,"
              "\"thread\":%u,\"stack\":", start, size, thread - 1);
      json_frames(json, f, nf);
      bprintf(json, "}");
      return;
   }
   const HChar* name; UInt gsize; const Obj* o;
   if (global_of(a, &name, &start, &gsize, &o)) {
      if (gsize)
         bprintf(text, "  Location is global '%s' of size %u at 0x%lx (%s+0x%lx)\n",
                 name, gsize, start, o ? VG_(basename)(o->filename) : "?",
                 o ? start - o->bias : start);
      else
         bprintf(text, "  Location is global '%s' at 0x%lx\n", name, start);
      bprintf(json, ",\"location\":{\"kind\":\"global\",\"name\":");
      json_str(json, name);
      bprintf(json, ",\"address\":\"0x%lx\",\"size\":%u}", start, gsize);
      return;
   }
   Bool tls;
   UInt serial = stack_or_tls_of(a, &tls);
   if (serial) {
      thread_name(who, serial);
      bprintf(text, "  Location is %s of %s.\n", tls ? "TLS" : "stack", who);
      bprintf(json, ",\"location\":{\"kind\":\"%s\",\"thread\":%u}",
              tls ? "tls" : "stack", serial - 1);
   }
}

/*------------------------------------------------------------*/
/*--- Reports                                              ---*/
/*------------------------------------------------------------*/

typedef struct { Where where; UInt serial; HChar other[600]; } RaceRec;

static RaceRec* s_races = NULL;
static UInt     s_n_races = 0, s_cap_races = 0;

static ULong* s_seen = NULL;     /* pairs of pcs reported: open addressing */
static UWord  s_seen_mask = 0, s_seen_used = 0;

static Int s_log_fd  = -1;
static Int s_json_fd = -1;

typedef struct { const HChar* text; } ErrExtra;

static Bool seen_pair ( Addr p1, Addr p2 )
{
   ULong key = CP_(mix64)(p1 < p2 ? p1 * 31 + p2 : p2 * 31 + p1) | 1;
   if (!s_seen || 4 * (s_seen_used + 1) > 3 * (s_seen_mask + 1)) {
      UWord  old_size = s_seen ? s_seen_mask + 1 : 0;
      ULong* old = s_seen;
      UWord  size = old_size ? 2 * old_size : 256;
      s_seen = CP_CALLOC("cp.racerep.seen_pair.1", size, sizeof(ULong));
      s_seen_mask = size - 1;
      for (UWord i = 0; i < old_size; i++) {
         if (!old[i]) continue;
         UWord h = old[i] & s_seen_mask;
         while (s_seen[h]) h = (h + 1) & s_seen_mask;
         s_seen[h] = old[i];
      }
      if (old) CP_FREE(old);
   }
   UWord h = key & s_seen_mask;
   for (; s_seen[h]; h = (h + 1) & s_seen_mask)
      if (s_seen[h] == key) return True;
   s_seen[h] = key;
   s_seen_used++;
   return False;
}

static void access_header ( Buf* b, const RaceAccess* r, Bool previous )
{
   HChar who[32];
   thread_name(who, CP_(hb_serial_at)(r->slot, r->clock));
   const HChar* kind = r->write ? (r->atomic ? "atomic write" : "write")
                                : (r->atomic ? "atomic read" : "read");
   HChar head[40];
   VG_(sprintf)(head, "%s%s", previous ? "Previous " : "", kind);
   if (!previous && head[0] >= 'a' && head[0] <= 'z') head[0] -= 'a' - 'A';
   bprintf(b, "  %s of size %u at 0x%lx by %s", head, r->size, r->a, who);
   UInt ids[16]; Bool wr[16];
   Int n = CP_(hb_locks_at)(r->slot, r->clock, ids, wr, 16);
   if (n > 0) {
      bprintf(b, " (mutexes:");
      for (Int i = 0; i < n; i++)
         bprintf(b, "%s %s M%u", i ? "," : "", wr[i] ? "write" : "read", ids[i]);
      bprintf(b, ")");
   } else if (n < 0) {
      bprintf(b, " (mutexes: unknown, history too old)");
   }
   bprintf(b, ":\n");
}

static void json_access ( Buf* b, const RaceAccess* r, const Frame* f, UInt nf )
{
   UInt serial = CP_(hb_serial_at)(r->slot, r->clock);
   bprintf(b, "{\"op\":\"%s\",\"atomic\":%s,\"size\":%u,\"address\":\"0x%lx\","
           "\"thread\":%u,\"mutexes\":[", r->write ? "write" : "read",
           r->atomic ? "true" : "false", r->size, r->a, serial ? serial - 1 : 0);
   UInt ids[16]; Bool wr[16];
   Int n = CP_(hb_locks_at)(r->slot, r->clock, ids, wr, 16);
   for (Int i = 0; i < n; i++)
      bprintf(b, "%s{\"id\":%u,\"write\":%s}", i ? "," : "", ids[i],
              wr[i] ? "true" : "false");
   bprintf(b, "],\"stack\":");
   json_frames(b, f, nf);
   bprintf(b, "}");
}

static void mutex_sections ( Buf* b, const RaceAccess* cur, const RaceAccess* prev )
{
   UInt done[32]; UInt n_done = 0;
   const RaceAccess* both[2] = { cur, prev };
   for (UInt k = 0; k < 2; k++) {
      UInt ids[16]; Bool wr[16];
      Int n = CP_(hb_locks_at)(both[k]->slot, both[k]->clock, ids, wr, 16);
      for (Int i = 0; i < n; i++) {
         Bool dup = False;
         for (UInt j = 0; j < n_done; j++) dup |= done[j] == ids[i];
         if (dup || n_done == 32) continue;
         done[n_done++] = ids[i];
         SyncObj* o = CP_(hb_sync_by_id)(ids[i]);
         if (!o) continue;
         bprintf(b, "\n  Mutex M%u (0x%lx) created at:\n", ids[i], o->a);
         Frame f[MAX_FRAMES];
         print_frames(b, f, place_frames(o->created, f));
      }
   }
}

static void thread_sections ( Buf* b, UInt s1, UInt s2 )
{
   UInt serials[2] = { s1, s2 };
   for (UInt k = 0; k < 2; k++) {
      UInt s = serials[k];
      if (s <= 1 || (k == 1 && s == s1)) continue;
      HbThread* th = CP_(hb_thread_by_serial)(s);
      if (!th) continue;
      HChar me[32], parent[32];
      thread_name(me, s);
      thread_name(parent, th->parent);
      me[0] -= 'a' - 'A';
      bprintf(b, "\n  %s (%s) created by %s at:\n", me,
              th->finished ? "finished" : "running", parent);
      Frame f[MAX_FRAMES];
      print_frames(b, f, place_frames(th->created, f));
   }
}

static void write_fd ( Int fd, const HChar* s, SizeT n )
{
   while (fd >= 0 && n > 0) {
      Int w = VG_(write)(fd, s, n);
      if (w <= 0) return;
      s += w; n -= (SizeT)w;
   }
}

static void halt ( void );

/* Through the error manager (suppressions, --gen-suppressions, the
   ERROR SUMMARY; pp_error prints the text), and into --race-log-file.
   False when a suppression took it. */
static Bool emit ( ThreadId tid, UInt kind, Addr a, const Buf* text )
{
   ErrExtra extra = { text->s };
   ExeContext* where = VG_(record_ExeContext)(tid, 0);
   if (VG_(unique_error)(tid, kind, a, NULL, &extra, where, True, False, True))
      return False;
   write_fd(s_log_fd, text->s, text->n);
   return True;
}

/* --tsan-suppressions: a race:PATTERN on a frame's function, file or
   object, or a called_from_lib:LIB on its object. */
static Bool tsan_suppressed ( const Frame* f, UInt n )
{
   for (UInt i = 0; i < n; i++) {
      if (CP_(annot_tsan_race)(f[i].fn) || CP_(annot_tsan_race)(f[i].file)
          || CP_(annot_tsan_race)(f[i].obj) || CP_(annot_tsan_lib)(f[i].obj))
         return True;
   }
   return False;
}

void CP_(racerep_race) ( const RaceAccess* cur, const RaceAccess* prev )
{
   if (seen_pair(cur->where.pc, prev->where.pc)) return;

   static Frame fc[MAX_FRAMES], fp[MAX_FRAMES];
   UInt nc = place_frames(cur->where, fc);
   UInt np = place_frames(prev->where, fp);
   if (tsan_suppressed(fc, nc) || tsan_suppressed(fp, np)) {
      CP_(annot_tsan_count)();
      return;
   }
   UInt sc = CP_(hb_serial_at)(cur->slot, cur->clock);
   UInt sp = CP_(hb_serial_at)(prev->slot, prev->clock);

   Buf text = {0}, json = {0};
   bprintf(&text, "==================\nWARNING: DATA RACE\n");
   access_header(&text, cur, False);
   print_frames(&text, fc, nc);
   bprintf(&text, "\n");
   access_header(&text, prev, True);
   print_frames(&text, fp, np);

   bprintf(&json, "{\"type\":\"data-race\",\"access\":");
   json_access(&json, cur, fc, nc);
   bprintf(&json, ",\"previous\":");
   json_access(&json, prev, fp, np);

   Buf loc = {0};
   location(&loc, &json, cur->a);
   if (loc.n) bprintf(&text, "\n%s", loc.s);
   buf_free(&loc);
   mutex_sections(&text, cur, prev);
   thread_sections(&text, sc, sp);

   const Frame* s = summary_frame(fc, nc);
   HChar summary[1200];
   if (s && s->file[0])
      VG_(snprintf)(summary, sizeof summary, "data race %s:%u in %s",
                    s->file, s->line, s->fn[0] ? s->fn : "<null>");
   else
      VG_(snprintf)(summary, sizeof summary, "data race in %s",
                    s && s->fn[0] ? s->fn : "<null>");
   bprintf(&text, "\nSUMMARY: cprofgrind: %s\n==================\n", summary);
   bprintf(&json, ",\"summary\":");
   json_str(&json, summary);
   bprintf(&json, "}\n");

   Bool suppressed = !emit(cur->tid, ERR_RACE, cur->a, &text);
   if (!suppressed) {
      write_fd(s_json_fd, json.s, json.n);
      if (s_n_races == s_cap_races) {
         s_cap_races = s_cap_races ? 2 * s_cap_races : 16;
         s_races = CP_REALLOC("cp.racerep.race.1", s_races,
                              s_cap_races * sizeof(RaceRec));
      }
      RaceRec* r = &s_races[s_n_races++];
      r->where  = cur->where;
      r->serial = sc;
      const Frame* o = summary_frame(fp, np);
      if (o && o->file[0])
         VG_(snprintf)(r->other, sizeof r->other, "%s %s:%u", o->fn, o->file, o->line);
      else
         VG_(snprintf)(r->other, sizeof r->other, "%s", o ? o->fn : "?");
   }
   buf_free(&text);
   buf_free(&json);
   if (!suppressed && CP_(clo).race_halt) halt();
}

/*------------------------------------------------------------*/
/*--- Misuse of the threading API                          ---*/
/*------------------------------------------------------------*/

static UInt s_n_misuse = 0;

void CP_(racerep_misuse) ( ThreadId tid, const HChar* what )
{
   /* once per (message kind, call site) */
   Where w = CP_(race_where_now)(tid);
   CtxNode* n = CP_(cct_node)(w.node);
   ULong key = CP_(mix64)(((ULong)(n ? CP_(node_callsite)(n) : 0) << 8) ^ (ULong)what[0]
                          ^ ((ULong)VG_(strlen)(what) << 56));
   if (seen_pair((Addr)key, (Addr)0x4D)) return;
   Frame f[MAX_FRAMES];
   UInt nf = place_frames(w, f);
   HChar who[32];
   thread_name(who, CP_(hb_thread_of_tid)(tid) ? CP_(hb_thread_of_tid)(tid)->serial : 0);
   Buf text = {0};
   bprintf(&text, "==================\nWARNING: %s (%s)\n", what, who);
   print_frames(&text, f, nf);
   bprintf(&text, "==================\n");
   if (emit(tid, ERR_MISUSE, 0, &text)) s_n_misuse++;
   buf_free(&text);
}

/*------------------------------------------------------------*/
/*--- Lock-order inversions                                ---*/
/*------------------------------------------------------------*/

static UInt s_n_cycles = 0;

static void mutex_name ( HChar* buf, UInt id )
{
   SyncObj* o = CP_(hb_sync_by_id)(id);
   VG_(sprintf)(buf, "M%u (0x%lx)", id, o ? o->a : 0);
}

void CP_(racerep_lock_cycle) ( ThreadId tid, const LockEdge* e, UInt n )
{
   Buf text = {0};
   HChar a[64], b[64], who[32];
   bprintf(&text, "==================\nWARNING: lock-order-inversion "
                  "(potential deadlock)\n  Cycle in lock order graph: ");
   for (UInt i = 0; i < n; i++) {
      mutex_name(a, e[i].from);
      bprintf(&text, "%s => ", a);
   }
   mutex_name(a, e[0].from);
   bprintf(&text, "%s\n", a);
   Frame f[MAX_FRAMES];
   const Frame* first = NULL;
   static Frame first_frames[MAX_FRAMES];
   UInt first_n = 0;
   for (UInt i = 0; i < n; i++) {
      mutex_name(a, e[i].to);
      mutex_name(b, e[i].from);
      thread_name(who, e[i].serial);
      bprintf(&text, "\n  Mutex %s acquired here while holding mutex %s in %s:\n",
              a, b, who);
      UInt nf = place_frames(e[i].to_where, f);
      print_frames(&text, f, nf);
      if (i == 0) {
         for (UInt k = 0; k < nf; k++) first_frames[k] = f[k];
         first_n = nf;
      }
      bprintf(&text, "\n  Mutex %s previously acquired by the same thread here:\n", b);
      nf = place_frames(e[i].from_where, f);
      print_frames(&text, f, nf);
   }
   first = summary_frame(first_frames, first_n);
   if (first && first->file[0])
      bprintf(&text, "\nSUMMARY: cprofgrind: lock-order-inversion (potential "
                     "deadlock) %s:%u in %s\n==================\n",
              first->file, first->line, first->fn);
   else
      bprintf(&text, "\nSUMMARY: cprofgrind: lock-order-inversion (potential "
                     "deadlock)\n==================\n");
   if (emit(tid, ERR_LOCKORDER, 0, &text)) s_n_cycles++;
   buf_free(&text);
}

/*------------------------------------------------------------*/
/*--- The error manager's callbacks                        ---*/
/*------------------------------------------------------------*/

static Bool eq_error ( VgRes res, const Error* e1, const Error* e2 )
{
   (void)res; (void)e1; (void)e2;
   return False;   /* pairs are deduplicated before they get here */
}

static void before_pp_error ( const Error* err ) { (void)err; }

static void pp_error ( const Error* err )
{
   const ErrExtra* x = VG_(get_error_extra)(err);
   VG_(printf)("%s", x->text);
}

static UInt update_extra ( const Error* err ) { (void)err; return sizeof(ErrExtra); }

static Bool recognised_suppression ( const HChar* name, Supp* su )
{
   if (VG_(strcmp)(name, "Race") == 0) { VG_(set_supp_kind)(su, ERR_RACE); return True; }
   if (VG_(strcmp)(name, "Misuse") == 0) { VG_(set_supp_kind)(su, ERR_MISUSE); return True; }
   if (VG_(strcmp)(name, "LockOrder") == 0) { VG_(set_supp_kind)(su, ERR_LOCKORDER); return True; }
   return False;
}

static Bool read_extra_suppression_info ( Int fd, HChar** bufpp, SizeT* nBufp,
                                          Int* lineno, Supp* su )
{
   (void)fd; (void)bufpp; (void)nBufp; (void)lineno; (void)su;
   return True;
}

static Bool error_matches_suppression ( const Error* err, const Supp* su )
{
   return VG_(get_error_kind)(err) == VG_(get_supp_kind)(su);
}

static const HChar* get_error_name ( const Error* err )
{
   switch (VG_(get_error_kind)(err)) {
      case ERR_RACE:   return "Race";
      case ERR_MISUSE: return "Misuse";
      case ERR_LOCKORDER: return "LockOrder";
      default:         return NULL;
   }
}

static SizeT print_extra_suppression_info ( const Error* err, HChar* buf, Int nBuf )
{
   (void)err;
   if (nBuf > 0) buf[0] = '\0';
   return 0;
}

static SizeT print_extra_suppression_use ( const Supp* su, HChar* buf, Int nBuf )
{
   (void)su;
   if (nBuf > 0) buf[0] = '\0';
   return 0;
}

static void update_extra_suppression_use ( const Error* err, const Supp* su )
{
   (void)err; (void)su;
}

void CP_(racerep_pre_clo_init) ( void )
{
   VG_(needs_tool_errors)(eq_error, before_pp_error, pp_error,
                          False /*show ThreadIDs*/, update_extra,
                          recognised_suppression, read_extra_suppression_info,
                          error_matches_suppression, get_error_name,
                          print_extra_suppression_info,
                          print_extra_suppression_use,
                          update_extra_suppression_use);
}

/*------------------------------------------------------------*/
/*--- Logs and the end                                     ---*/
/*------------------------------------------------------------*/

static Int open_log ( const HChar* pattern, const HChar* what )
{
   const HChar* err;
   HChar* path = CP_(out_expand)(pattern, &err);
   if (!path) CP_(clo_fail)("bad value for %s: %s", what, err);
   SysRes r = VG_(open)(path, VKI_O_CREAT | VKI_O_TRUNC | VKI_O_WRONLY, 0644);
   if (sr_isError(r))
      CP_(clo_fail)("cannot write %s=%s: %s", what, path,
                    VG_(strerror)(sr_Err(r)));
   CP_FREE(path);
   return (Int)sr_Res(r);
}

void CP_(racerep_init) ( void )
{
   if (CP_(clo).race_log_file)
      s_log_fd = open_log(CP_(clo).race_log_file, "--race-log-file");
   if (CP_(clo).race_json)
      s_json_fd = open_log(CP_(clo).race_json, "--race-json");
}

static void write_profile ( void )
{
   HChar* path = CP_(out_name)("races.pb.gz", 0, NULL);
   Prof* p = CP_(prof_open)(path);
   if (!p) { CP_FREE(path); return; }
   CP_(prof_sample_type)(p, "races", "count");
   CP_(prof_comment)(p, "cprofgrind: one sample per data race; the stack is "
                        "the racing access, label 'previous' the other one");
   DiEpoch ep = VG_(current_DiEpoch)();
   for (UInt i = 0; i < s_n_races; i++) {
      RaceRec* r = &s_races[i];
      ULong locs[1001];
      UInt n = 0;
      if (r->where.pc) locs[n++] = CP_(prof_loc)(p, r->where.pc, ep);
      if (r->where.node)
         n += CP_(ctx_locs)(p, CP_(cct_node)(r->where.node), locs + n, 1000);
      Long one = 1;
      ProfLabel labels[2] = {
         { "previous", r->other, 0, NULL },
         { "thread", NULL, (Long)(r->serial ? r->serial - 1 : 0), NULL },
      };
      CP_(prof_sample)(p, locs, n, &one, labels, 2);
   }
   if (CP_(prof_close)(p) && VG_(clo_verbosity) > 1)
      VG_(umsg)("cprofgrind: races profile: %s\n", CP_(out_shown)(path));
   CP_FREE(path);
}

Int CP_(racerep_fini) ( void )
{
   if (s_n_races > 0)
      VG_(printf)("Found %u data race(s)\n", s_n_races);
   if (s_n_misuse > 0)
      VG_(printf)("Found %u misuse(s) of the threading API\n", s_n_misuse);
   if (s_n_cycles > 0)
      VG_(printf)("Found %u lock-order inversion(s)\n", s_n_cycles);
   write_profile();
   if (s_log_fd >= 0) {
      if (s_n_races > 0) {
         HChar line[64];
         VG_(sprintf)(line, "Found %u data race(s)\n", s_n_races);
         write_fd(s_log_fd, line, VG_(strlen)(line));
      }
      VG_(close)(s_log_fd);
      s_log_fd = -1;
   }
   if (s_json_fd >= 0) { VG_(close)(s_json_fd); s_json_fd = -1; }
   return s_n_races + s_n_cycles > 0 ? CP_(clo).race_exitcode : 0;
}

static void halt ( void )
{
   Int code = CP_(racerep_fini)();
   if (VG_(clo_verbosity) > 0)
      VG_(umsg)("cprofgrind: stopping at the first data race "
                "(--race-halt-on-error=yes)\n");
   VG_(exit)(code ? code : 1);
}

/*--------------------------------------------------------------------*/
/*--- end                                             cp_racerep.c ---*/
/*--------------------------------------------------------------------*/
