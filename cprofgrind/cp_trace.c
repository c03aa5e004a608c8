/*--------------------------------------------------------------------*/
/*--- cprofgrind: the execution timeline.              cp_trace.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   --trace=yes writes <out>.trace.json in the Chrome Trace Event Format
   (Perfetto UI, chrome://tracing, speedscope): go tool trace for native
   threads.

   One track per thread.  Its top-level slices never overlap:
     running             the scheduler ran the thread (Valgrind runs one
                         thread at a time, so this is exactly when it ran)
     <call> <object>     blocked in a synchronisation call (the wrappers'
                         WAIT_BEGIN / WAIT_END: pthread_mutex_lock, ...)
     syscall <name>      blocked in a system call that waits (read, poll,
                         nanosleep, futex, ...)
   Tasks and regions of cprofgrind.h are slices around them: a running
   slice is cut where a region begins or ends, so everything nests.  Log
   messages are instant events.  Flow arrows go from pthread_create to the
   new thread's first slice, and from an unlock to the waiter it let in.
   Counters: heap bytes in use and live threads.

   Events are kept in memory as small records, in a ring of at most
   --trace-max-mb; when it is full the oldest are dropped and the file
   says how many.  Every slice is a complete event ("X", with its
   duration), so dropping old events never leaves half a slice.  The file
   is written at exit, sorted by track and time, under a temporary name
   and renamed: it is whole JSON even when the program dies on a signal
   (Valgrind runs the tool's end then too). */

#include "pub_tool_libcbase.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_wordfm.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_debuginfo.h"
#include "pub_tool_clientstate.h"
#include "pub_tool_machine.h"
#include "pub_tool_vkiscnums.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_options.h"
#include "cp_trace.h"
#include "cp_block.h"
#include "cp_clientreq.h"
#include "cp_clo.h"
#include "cp_context.h"
#include "cp_coreext.h"
#include "cp_heap.h"
#include "cp_out.h"

ULong CP_(trace_icount) = 0;

/*------------------------------------------------------------*/
/*--- Strings                                              ---*/
/*------------------------------------------------------------*/

static HChar** s_str = NULL;        /* by id */
static UInt    s_n_str = 0, s_cap_str = 0;
static WordFM* s_str_idx = NULL;    /* string -> id */

static Word str_cmp ( UWord a, UWord b )
{
   return VG_(strcmp)((const HChar*)a, (const HChar*)b);
}

static UInt intern ( const HChar* s )
{
   UWord id;
   if (!s_str_idx)
      s_str_idx = VG_(newFM)(VG_(malloc), "cp.trace.str.1", VG_(free), str_cmp);
   if (VG_(lookupFM)(s_str_idx, NULL, &id, (UWord)s)) return (UInt)id;
   if (s_n_str == s_cap_str) {
      s_cap_str = s_cap_str ? 2 * s_cap_str : 256;
      s_str = CP_REALLOC("cp.trace.str.2", s_str, s_cap_str * sizeof(HChar*));
   }
   s_str[s_n_str] = VG_(strdup)("cp.trace.str.3", s);
   VG_(addToFM)(s_str_idx, (UWord)s_str[s_n_str], s_n_str);
   return s_n_str++;
}

/*------------------------------------------------------------*/
/*--- Events                                               ---*/
/*------------------------------------------------------------*/

typedef enum { C_RUN, C_WAIT, C_SYSCALL, C_TASK, C_REGION, C_LOG,
               C_FLOW_CREATE, C_FLOW_WAKE, C_COUNTER } Cat;

typedef struct {
   ULong ts, dur;     /* clock units (ns or instructions) since start */
   UWord obj;         /* object address; flow id; counter: heap bytes */
   UInt  track;       /* thread serial */
   UInt  str;         /* name (string id) */
   UInt  str2;        /* log: category; counter: live threads */
   UChar ph;          /* 'X', 'i', 's', 'f', 'C' */
   UChar cat;
   UShort pad;
} Ev;

static Ev*   s_ev = NULL;
static ULong s_cap = 0, s_max = 0, s_head = 0, s_n = 0, s_dropped = 0;
static ULong s_t0 = 0;
static UInt  s_flow = 0;

static ULong now ( void )
{
   if (CP_(clo).trace_clock_instr) return CP_(trace_icount);
   ULong t = CP_(wall_ns)();
   return t > s_t0 ? t - s_t0 : 0;
}

static Ev* ev_new ( void )
{
   if (s_n < s_max && s_n == s_cap) {
      ULong cap = s_cap ? 2 * s_cap : 4096;
      if (cap > s_max) cap = s_max;
      s_ev  = CP_REALLOC("cp.trace.ev.1", s_ev, cap * sizeof(Ev));
      s_cap = cap;
   }
   Ev* e;
   if (s_n < s_cap) {
      e = &s_ev[s_n++];
   } else {                          /* full: overwrite the oldest */
      e = &s_ev[s_head];
      s_head = (s_head + 1) % s_cap;
      s_dropped++;
   }
   VG_(memset)(e, 0, sizeof *e);
   return e;
}

static void ev_slice ( UInt track, Cat cat, UInt str, ULong t0, ULong t1,
                       UWord obj )
{
   Ev* e = ev_new();
   e->ph = 'X'; e->cat = cat; e->track = track; e->str = str;
   e->ts = t0; e->dur = t1 > t0 ? t1 - t0 : 0; e->obj = obj;
}

static void ev_point ( UInt track, UChar ph, Cat cat, UInt str, UInt str2,
                       ULong ts, UWord obj )
{
   Ev* e = ev_new();
   e->ph = ph; e->cat = cat; e->track = track; e->str = str; e->str2 = str2;
   e->ts = ts; e->obj = obj;
}

/*------------------------------------------------------------*/
/*--- Threads                                              ---*/
/*------------------------------------------------------------*/

#define MAX_NEST 64

typedef struct { UInt str; ULong start; Bool task; } Nest;

typedef struct {
   UInt  serial;
   UWord pthread;
   Bool  run_open;  ULong run_start, run_stop;
   Bool  waiting;   ULong wait_start; UInt wait_kind; Addr wait_obj;
   Bool  in_sys;    ULong sys_start;  UInt sysno;
   UInt  pending_flow;
   Nest  nest[MAX_NEST]; UInt n_nest;
   UInt  last_child;     /* ThreadId of the last thread it created */
} Track;

static Track*   s_tr = NULL;           /* by ThreadId */
static ThreadId s_last = VG_INVALID_THREADID;
static UInt     s_live = 0;
static ULong    s_last_counter = 0;
static Bool     s_any_counter = False;

/* Names by serial (tracks outlive their ThreadIds). */
static UInt* s_names = NULL;   /* string id + 1, 0: none */
static UInt  s_cap_names = 0, s_max_serial = 0;

static void set_name ( UInt serial, const HChar* name )
{
   if (serial >= s_cap_names) {
      UInt cap = s_cap_names ? 2 * s_cap_names : 64;
      while (cap <= serial) cap *= 2;
      s_names = CP_REALLOC("cp.trace.names.1", s_names, cap * sizeof(UInt));
      for (UInt i = s_cap_names; i < cap; i++) s_names[i] = 0;
      s_cap_names = cap;
   }
   s_names[serial] = intern(name) + 1;
}

static Track* tr ( ThreadId tid )
{
   Track* t = &s_tr[tid];
   if (t->serial == 0) {
      t->serial = CP_(cct_thread_serial)(tid);
      if (t->serial > s_max_serial) s_max_serial = t->serial;
      s_live++;
   }
   return t;
}

static void close_run ( Track* t, ULong at )
{
   if (!t->run_open) return;
   ev_slice(t->serial, C_RUN, 0, t->run_start, at, 0);
   t->run_open = False;
}

static void open_run ( Track* t, ULong at )
{
   t->run_open  = True;
   t->run_start = at;
   t->run_stop  = at;
}

static void counters ( ULong at )
{
   ULong every = CP_(clo).trace_clock_instr ? 1000000 : 1000000;  /* 1 ms */
   if (s_any_counter && at - s_last_counter < every) return;
   s_any_counter  = True;
   s_last_counter = at;
   ev_point(0, 'C', C_COUNTER, 0, s_live, at,
            CP_(clo).heap ? (UWord)CP_(heap_inuse_bytes)() : 0);
}

void CP_(trace_init) ( void )
{
   s_tr  = CP_CALLOC("cp.trace.init.1", VG_N_THREADS, sizeof(Track));
   s_max = ((ULong)CP_(clo).trace_max_mb << 20) / sizeof(Ev);
   if (s_max < 1024) s_max = 1024;
   s_t0  = CP_(wall_ns)();
   intern("running");   /* string 0 */
}

void CP_(trace_run_start) ( ThreadId tid )
{
   ULong at = now();
   if (s_last != tid && s_last != VG_INVALID_THREADID && s_tr[s_last].serial) {
      Track* p = &s_tr[s_last];
      if (!p->waiting && !p->in_sys) close_run(p, p->run_stop);
   }
   s_last = tid;
   Track* t = tr(tid);
   counters(at);
   if (t->waiting || t->in_sys) return;   /* still blocked, formally */
   if (!t->run_open) open_run(t, at);
   if (t->pending_flow) {
      ev_point(t->serial, 'f', C_FLOW_CREATE, 0, 0, at, t->pending_flow);
      t->pending_flow = 0;
   }
}

void CP_(trace_run_stop) ( ThreadId tid )
{
   Track* t = tr(tid);
   t->run_stop = now();
}

void CP_(trace_thread_create) ( ThreadId parent, ThreadId child )
{
   Track* c = &s_tr[child];
   VG_(memset)(c, 0, sizeof *c);
   tr(child);
   if (parent == VG_INVALID_THREADID || !VG_(is_valid_tid)(parent)) return;
   Track* p = tr(parent);
   p->last_child = child;
   c->pending_flow = ++s_flow;
   ULong at = now();
   /* the parent runs (in clone) now: its running slice reaches this far */
   if (p->run_open && p->run_stop < at) p->run_stop = at;
   ev_point(p->serial, 's', C_FLOW_CREATE, 0, 0, at, c->pending_flow);
}

static UInt wait_name ( UInt kind, Addr obj );
static UInt sys_name ( UInt sysno );

/* The slices a track has open at "at" (its state: running, waiting or in
   a system call; its tasks and regions), as complete events ending
   then; a running slice ends at run_end.  out holds MAX_NEST + 1. */
static UInt open_slices ( const Track* t, ULong at, ULong run_end, Ev* out )
{
   UInt n = 0;
   Ev e;
   VG_(memset)(&e, 0, sizeof e);
   e.ph = 'X'; e.track = t->serial;
   if (t->waiting) {
      e.cat = C_WAIT; e.str = wait_name(t->wait_kind, t->wait_obj);
      e.ts = t->wait_start; e.dur = at - e.ts; e.obj = t->wait_obj;
      out[n++] = e;
   } else if (t->in_sys) {
      e.cat = C_SYSCALL; e.str = sys_name(t->sysno);
      e.ts = t->sys_start; e.dur = at - e.ts;
      out[n++] = e;
   } else if (t->run_open) {
      e.cat = C_RUN; e.ts = t->run_start;
      e.dur = run_end > e.ts ? run_end - e.ts : 0;
      out[n++] = e;
   }
   VG_(memset)(&e, 0, sizeof e);
   e.ph = 'X'; e.track = t->serial;
   for (UInt k = 0; k < t->n_nest; k++) {
      e.cat = t->nest[k].task ? C_TASK : C_REGION; e.str = t->nest[k].str;
      e.ts = t->nest[k].start; e.dur = at >= e.ts ? at - e.ts : 0;
      out[n++] = e;
   }
   return n;
}

void CP_(trace_thread_pthread) ( ThreadId parent, UWord pthread )
{
   Track* p = tr(parent);
   if (p->last_child) s_tr[p->last_child].pthread = pthread;
}

void CP_(trace_thread_name) ( ThreadId tid, UWord pthread, const HChar* name )
{
   ThreadId who = tid;
   for (ThreadId t = 1; t < VG_N_THREADS; t++)
      if (pthread && s_tr[t].serial && s_tr[t].pthread == pthread
          && VG_(is_valid_tid)(t)) { who = t; break; }
   set_name(tr(who)->serial, name);
}

void CP_(trace_thread_exit) ( ThreadId tid )
{
   Track* t = tr(tid);
   ULong at = now();
   /* whatever it was doing ends now (also a thread killed while it
      waits: exit, a fatal signal) */
   Ev open[MAX_NEST + 1];
   UInt n = open_slices(t, at, at, open);
   for (UInt i = 0; i < n; i++) *ev_new() = open[i];
   t->waiting = t->in_sys = t->run_open = False;
   t->n_nest = 0;
   t->serial = 0;
   if (s_last == tid) s_last = VG_INVALID_THREADID;
   if (s_live) s_live--;
}

/*------------------------------------------------------------*/
/*--- Waits and system calls                               ---*/
/*------------------------------------------------------------*/

/* "pthread_mutex_lock 0x1234 (global 'lock_a')" */
static UInt wait_name ( UInt kind, Addr obj )
{
   HChar buf[512];
   const HChar* sym;
   PtrdiffT off;
   Addr start; SizeT size; UInt ctx;
   DiEpoch ep = VG_(current_DiEpoch)();
   if (kind == CP_WAIT_JOIN) {
      VG_(snprintf)(buf, sizeof buf, "%s", CP_(block_wait_name)(kind));
   } else if (VG_(get_datasym_and_offset)(ep, obj, &sym, &off)) {
      VG_(snprintf)(buf, sizeof buf, "%s %#lx (global '%s'%s)",
                    CP_(block_wait_name)(kind), obj, sym, off ? "+..." : "");
   } else if (CP_(clo).heap && CP_(heap_block_of)(obj, &start, &size, &ctx)) {
      const CtxNode* n = CP_(cct_node)(ctx);
      const HChar* fn = "?";
      if (n && n->site >= CP_PSEUDO_LIMIT)
         VG_(get_fnname)(ep, CP_(node_callsite)(n), &fn);
      VG_(snprintf)(buf, sizeof buf, "%s %#lx (heap block of %lu bytes "
                    "allocated in %s)", CP_(block_wait_name)(kind), obj,
                    size, fn);
   } else {
      VG_(snprintf)(buf, sizeof buf, "%s %#lx", CP_(block_wait_name)(kind), obj);
   }
   return intern(buf);
}

void CP_(trace_wait_begin) ( ThreadId tid, UInt kind, Addr obj )
{
   Track* t = tr(tid);
   ULong at = now();
   close_run(t, at);
   t->waiting    = True;
   t->wait_start = at;
   t->wait_kind  = kind;
   t->wait_obj   = obj;
}

void CP_(trace_wait_end) ( ThreadId tid, UInt kind, Addr obj, Bool ok,
                           TraceMark from )
{
   (void)ok;
   Track* t = tr(tid);
   if (!t->waiting) return;
   ULong at = now();
   ev_slice(t->serial, C_WAIT, wait_name(kind, obj), t->wait_start, at, obj);
   t->waiting = False;
   if (from.track) {
      UInt id = ++s_flow;
      ev_point(from.track, 's', C_FLOW_WAKE, 0, 0, from.ts, id);
      ev_point(t->serial, 'f', C_FLOW_WAKE, 0, 0, at, id);
   }
   open_run(t, at);
}

TraceMark CP_(trace_mark) ( ThreadId tid )
{
   return (TraceMark){ tr(tid)->serial, now() };
}

static const HChar* blocking_syscall ( UInt sysno )
{
   switch (sysno) {
      case __NR_read:            return "read";
      case __NR_readv:           return "readv";
      case __NR_pread64:         return "pread64";
      case __NR_poll:            return "poll";
      case __NR_ppoll:           return "ppoll";
      case __NR_select:          return "select";
      case __NR_pselect6:        return "pselect6";
      case __NR_epoll_wait:      return "epoll_wait";
      case __NR_epoll_pwait:     return "epoll_pwait";
      case __NR_nanosleep:       return "nanosleep";
      case __NR_clock_nanosleep: return "clock_nanosleep";
      case __NR_futex:           return "futex";
      case __NR_accept:          return "accept";
      case __NR_accept4:         return "accept4";
      case __NR_connect:         return "connect";
      case __NR_recvfrom:        return "recvfrom";
      case __NR_recvmsg:         return "recvmsg";
      case __NR_wait4:           return "wait4";
      case __NR_waitid:          return "waitid";
      case __NR_pause:           return "pause";
      case __NR_rt_sigsuspend:   return "rt_sigsuspend";
      case __NR_rt_sigtimedwait: return "rt_sigtimedwait";
      case __NR_msgrcv:          return "msgrcv";
      case __NR_semop:           return "semop";
      case __NR_flock:           return "flock";
      default:                   return NULL;
   }
}

static UInt sys_name ( UInt sysno )
{
   HChar buf[64];
   VG_(snprintf)(buf, sizeof buf, "syscall %s", blocking_syscall(sysno));
   return intern(buf);
}

void CP_(trace_pre_syscall) ( ThreadId tid, UInt sysno, UWord* args )
{
   if (sysno == __NR_prctl && args[0] == 15 /* PR_SET_NAME */ && args[1]) {
      HChar name[17];
      VG_(strncpy)(name, (const HChar*)args[1], 16);
      name[16] = '\0';
      set_name(tr(tid)->serial, name);
      return;
   }
   const HChar* name = blocking_syscall(sysno);
   Track* t = tr(tid);
   if (!name || t->waiting || t->in_sys) return;
   ULong at = now();
   close_run(t, at);
   t->in_sys    = True;
   t->sys_start = at;
   t->sysno     = sysno;
}

void CP_(trace_post_syscall) ( ThreadId tid, UInt sysno )
{
   Track* t = tr(tid);
   if (!t->in_sys || t->sysno != sysno) return;
   ULong at = now();
   ev_slice(t->serial, C_SYSCALL, sys_name(sysno), t->sys_start, at, 0);
   t->in_sys = False;
   open_run(t, at);
}

/*------------------------------------------------------------*/
/*--- Annotations                                          ---*/
/*------------------------------------------------------------*/

/* Copy a client string (bounded). */
static void client_str ( UWord p, HChar* out, SizeT n, const HChar* dflt )
{
   if (!p) { VG_(strncpy)(out, dflt, n - 1); out[n - 1] = '\0'; return; }
   VG_(strncpy)(out, (const HChar*)p, n - 1);
   out[n - 1] = '\0';
}

static void annotate_begin ( ThreadId tid, Bool task, const HChar* name )
{
   Track* t = CP_(clo).trace ? tr(tid) : NULL;
   if (t && t->n_nest < MAX_NEST) {
      ULong at = now();
      close_run(t, at);
      open_run(t, at);
      t->nest[t->n_nest++] = (Nest){ intern(name), at, task };
   }
   UInt id = CP_(cct_label_id)(task ? "task" : "region", name);
   if (id != ~0u) CP_(cct_push_label)(tid, id);
}

static void annotate_end ( ThreadId tid, Bool task, const HChar* name )
{
   Track* t = CP_(clo).trace ? tr(tid) : NULL;
   if (t) {
      /* the innermost open one of this kind (and name, if given) */
      for (Int i = (Int)t->n_nest - 1; i >= 0; i--) {
         Nest* n = &t->nest[i];
         if (n->task != task || (name && VG_(strcmp)(s_str[n->str], name) != 0))
            continue;
         ULong at = now();
         close_run(t, at);
         /* anything opened inside it ends with it */
         while ((Int)t->n_nest > i) {
            Nest* m = &t->nest[--t->n_nest];
            ev_slice(t->serial, m->task ? C_TASK : C_REGION, m->str,
                     m->start, at, 0);
         }
         open_run(t, at);
         break;
      }
   }
   if (name) {
      UInt id = CP_(cct_label_id)(task ? "task" : "region", name);
      if (id != ~0u) CP_(cct_pop_label)(tid, id);
   }
}

Bool CP_(trace_handle_request) ( ThreadId tid, UWord* args, UWord* ret )
{
   HChar a[256], b[1024];
   *ret = 0;
   switch (args[0]) {
      case CPROFGRIND_USERREQ__TASK_BEGIN:
         client_str(args[1], a, sizeof a, "task");
         annotate_begin(tid, True, a);
         return True;
      case CPROFGRIND_USERREQ__TASK_END:
         if (args[1]) client_str(args[1], a, sizeof a, "task");
         annotate_end(tid, True, args[1] ? a : NULL);
         return True;
      case CPROFGRIND_USERREQ__REGION_BEGIN:
         client_str(args[1], a, sizeof a, "region");
         annotate_begin(tid, False, a);
         return True;
      case CPROFGRIND_USERREQ__REGION_END:
         if (args[1]) client_str(args[1], a, sizeof a, "region");
         annotate_end(tid, False, args[1] ? a : NULL);
         return True;
      case CPROFGRIND_USERREQ__LOG:
         if (CP_(clo).trace) {
            client_str(args[1], a, sizeof a, "log");
            client_str(args[2], b, sizeof b, "");
            ev_point(tr(tid)->serial, 'i', C_LOG, intern(b), intern(a),
                     now(), 0);
         }
         return True;
      default:
         return False;
   }
}

/*------------------------------------------------------------*/
/*--- Writing                                              ---*/
/*------------------------------------------------------------*/

typedef struct { OutFile* f; HChar buf[8192]; UInt n; Bool ok; } W;

static void w_flush ( W* w )
{
   if (w->n && w->ok) w->ok = CP_(out_write)(w->f, w->buf, w->n);
   w->n = 0;
}

static void w_str ( W* w, const HChar* s )
{
   for (; *s; s++) {
      if (w->n >= sizeof w->buf - 8) w_flush(w);
      w->buf[w->n++] = *s;
   }
}

/* A JSON string (quoted, escaped; bytes >= 0x80 kept only as valid
   UTF-8 is not checked here: they become '?'). */
static void w_json ( W* w, const HChar* s )
{
   w_str(w, "\"");
   for (; *s; s++) {
      UChar c = (UChar)*s;
      HChar e[8];
      if (c == '"' || c == '\\') { e[0] = '\\'; e[1] = c; e[2] = 0; }
      else if (c < 0x20) VG_(sprintf)(e, "\\u%04x", c);
      else if (c >= 0x80) { e[0] = '?'; e[1] = 0; }
      else { e[0] = c; e[1] = 0; }
      w_str(w, e);
   }
   w_str(w, "\"");
}

static void w_ts ( W* w, const HChar* key, ULong v )
{
   HChar b[64];
   /* microseconds, with the nanoseconds as decimals (or instructions) */
   if (CP_(clo).trace_clock_instr) VG_(sprintf)(b, ",\"%s\":%llu", key, v);
   else VG_(sprintf)(b, ",\"%s\":%llu.%03llu", key, v / 1000, v % 1000);
   w_str(w, b);
}

static const HChar* cat_name ( UChar c )
{
   switch (c) {
      case C_RUN: return "running"; case C_WAIT: return "wait";
      case C_SYSCALL: return "syscall"; case C_TASK: return "task";
      case C_REGION: return "region"; case C_LOG: return "log";
      case C_FLOW_CREATE: return "create"; case C_FLOW_WAKE: return "wakeup";
      default: return "counter";
   }
}

/* Enclosing before enclosed at equal times: tasks, regions, then the
   thread's states; points last. */
static Int cat_rank ( const Ev* e )
{
   if (e->ph != 'X') return 9;
   switch (e->cat) { case C_TASK: return 0; case C_REGION: return 1; default: return 2; }
}

static Int ev_cmp ( const void* a, const void* b )
{
   const Ev* x = a; const Ev* y = b;
   if (x->track != y->track) return x->track < y->track ? -1 : 1;
   if (x->ts != y->ts) return x->ts < y->ts ? -1 : 1;
   if (x->dur != y->dur) return x->dur > y->dur ? -1 : 1;   /* parent first */
   if (cat_rank(x) != cat_rank(y)) return cat_rank(x) < cat_rank(y) ? -1 : 1;
   return 0;
}

static void w_event ( W* w, const Ev* e, Int pid )
{
   HChar b[160];
   VG_(sprintf)(b, "{\"ph\":\"%c\",\"pid\":%d,\"tid\":%u,\"cat\":\"%s\"",
                e->ph, pid, e->ph == 'C' ? 0 : e->track, cat_name(e->cat));
   w_str(w, b);
   w_ts(w, "ts", e->ts);
   switch (e->ph) {
      case 'X':
         w_ts(w, "dur", e->dur);
         w_str(w, ",\"name\":");
         w_json(w, s_str[e->str]);
         if (e->cat == C_WAIT && e->obj) {
            VG_(sprintf)(b, ",\"args\":{\"object\":\"%#lx\"}", e->obj);
            w_str(w, b);
         }
         break;
      case 'i':
         w_str(w, ",\"s\":\"t\",\"name\":");
         w_json(w, s_str[e->str]);
         w_str(w, ",\"args\":{\"category\":");
         w_json(w, s_str[e->str2]);
         w_str(w, "}");
         break;
      case 's': case 'f':
         VG_(sprintf)(b, ",\"name\":\"%s\",\"id\":%lu%s",
                      e->cat == C_FLOW_CREATE ? "pthread_create" : "unlock",
                      e->obj, e->ph == 'f' ? ",\"bp\":\"e\"" : "");
         w_str(w, b);
         break;
      case 'C':
         VG_(sprintf)(b, ",\"name\":\"process\",\"args\":{\"heap_inuse_bytes\":%lu,"
                         "\"live_threads\":%u}", e->obj, e->str2);
         w_str(w, b);
         break;
   }
   w_str(w, "}");
}

/* The events so far, oldest first, plus the slices still open (a thread
   running, waiting, in a system call, in a region), cut at "at": the
   state is left as it is, so a dump in the middle of the run does not
   disturb the rest of the timeline. */
static Ev* snapshot ( ULong at, ULong* n_out )
{
   ULong extra = 0;
   for (ThreadId tid = 1; tid < VG_N_THREADS; tid++)
      if (s_tr[tid].serial) extra += 1 + s_tr[tid].n_nest;
   Ev* all = CP_MALLOC("cp.trace.write.1", (s_n + extra + 1) * sizeof(Ev));
   ULong n = 0;
   for (ULong i = 0; i < s_n; i++) all[n++] = s_ev[(s_head + i) % s_cap];
   for (ThreadId tid = 1; tid < VG_N_THREADS; tid++) {
      Track* t = &s_tr[tid];
      if (!t->serial) continue;
      n += open_slices(t, at, s_last == tid ? at : t->run_stop, all + n);
   }
   *n_out = n;
   return all;
}

ULong CP_(trace_clock_now) ( void ) { return now(); }

/* After the oldest events were dropped, an arrow may have lost the slice
   it starts or ends in: drop both ends of such arrows.  all is sorted by
   track and time, so a track's first slice is its oldest kept one. */
static ULong drop_orphan_flows ( Ev* all, ULong n )
{
   UInt max_track = 0;
   for (ULong i = 0; i < n; i++) if (all[i].track > max_track) max_track = all[i].track;
   ULong* first = CP_MALLOC("cp.trace.orphan.1", (max_track + 1) * sizeof(ULong));
   for (UInt t = 0; t <= max_track; t++) first[t] = ~0ULL;
   for (ULong i = 0; i < n; i++)
      if (all[i].ph == 'X' && all[i].ts < first[all[i].track]) first[all[i].track] = all[i].ts;
   /* flow ids to drop: marked in a small open-addressing set */
   UWord cap = 1024;
   while (cap < 2 * n) cap *= 2;
   UWord* bad = CP_CALLOC("cp.trace.orphan.2", cap, sizeof(UWord));
   for (ULong i = 0; i < n; i++) {
      Ev* e = &all[i];
      if ((e->ph == 's' || e->ph == 'f') && e->ts < first[e->track]) {
         UWord h = (UWord)CP_(mix64)(e->obj) & (cap - 1);
         while (bad[h] && bad[h] != e->obj) h = (h + 1) & (cap - 1);
         bad[h] = e->obj;
      }
   }
   ULong k = 0;
   for (ULong i = 0; i < n; i++) {
      Ev* e = &all[i];
      if (e->ph == 's' || e->ph == 'f') {
         UWord h = (UWord)CP_(mix64)(e->obj) & (cap - 1);
         Bool drop = False;
         for (; bad[h]; h = (h + 1) & (cap - 1))
            if (bad[h] == e->obj) { drop = True; break; }
         if (drop) continue;
      }
      all[k++] = *e;
   }
   CP_FREE(bad);
   CP_FREE(first);
   return k;
}

void CP_(trace_write) ( UInt dump_no, const HChar* dump_name )
{
   ULong at = now();
   ULong n_all;
   Ev* all = snapshot(at, &n_all);
   VG_(ssort)(all, n_all, sizeof(Ev), ev_cmp);
   if (s_dropped) n_all = drop_orphan_flows(all, n_all);

   HChar* path = CP_(out_name)("trace.json", dump_no, dump_name);
   W* w = CP_MALLOC("cp.trace.write.2", sizeof(W));
   w->f = CP_(out_open)(path);
   w->n = 0;
   w->ok = w->f != NULL;
   if (!w->f) { CP_FREE(w); CP_FREE(all); CP_FREE(path); return; }
   Int pid = VG_(getpid)();
   HChar b[256];
   w_str(w, "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"tool\":\"cprofgrind\",\"clock\":");
   w_str(w, CP_(clo).trace_clock_instr ? "\"instructions\"" : "\"wall\"");
   VG_(sprintf)(b, ",\"dropped_events\":%llu", s_dropped);
   w_str(w, b);
   if (s_dropped)
      w_str(w, ",\"note\":\"the oldest events were dropped to stay within --trace-max-mb\"");
   w_str(w, "},\"traceEvents\":[\n");
   VG_(sprintf)(b, "{\"ph\":\"M\",\"pid\":%d,\"tid\":0,\"name\":\"process_name\",\"args\":{\"name\":", pid);
   w_str(w, b);
   w_json(w, VG_(args_the_exename) ? VG_(basename)(VG_(args_the_exename)) : "program");
   w_str(w, "}}");
   for (UInt s = 1; s <= s_max_serial; s++) {
      HChar nm[64];
      const HChar* name = s < s_cap_names && s_names[s] ? s_str[s_names[s] - 1] : NULL;
      if (!name) {
         if (s == 1) VG_(sprintf)(nm, "main thread");
         else        VG_(sprintf)(nm, "T%u", s - 1);
         name = nm;
      }
      VG_(sprintf)(b, ",\n{\"ph\":\"M\",\"pid\":%d,\"tid\":%u,\"name\":\"thread_name\",\"args\":{\"name\":", pid, s);
      w_str(w, b);
      w_json(w, name);
      VG_(sprintf)(b, "}},\n{\"ph\":\"M\",\"pid\":%d,\"tid\":%u,\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":%u}}", pid, s, s);
      w_str(w, b);
   }
   if (s_dropped) {
      VG_(sprintf)(b, ",\n{\"ph\":\"i\",\"pid\":%d,\"tid\":0,\"s\":\"g\",\"ts\":0,\"name\":\"%llu older events dropped (--trace-max-mb=%d)\"}",
                   pid, s_dropped, CP_(clo).trace_max_mb);
      w_str(w, b);
   }
   for (ULong i = 0; i < n_all; i++) {
      w_str(w, ",\n");
      w_event(w, &all[i], pid);
   }
   w_str(w, "\n]}\n");
   w_flush(w);
   Bool ok = w->ok ? CP_(out_commit)(w->f) : (CP_(out_abort)(w->f), False);
   if (ok && VG_(clo_verbosity) > (dump_no ? 1 : 0))
      VG_(umsg)("cprofgrind: timeline: %s (%llu events%s)\n",
                CP_(out_shown)(path), n_all, s_dropped ? ", oldest dropped" : "");
   CP_FREE(w);
   CP_FREE(all);
   CP_FREE(path);
}

/*--------------------------------------------------------------------*/
/*--- end                                               cp_trace.c ---*/
/*--------------------------------------------------------------------*/
