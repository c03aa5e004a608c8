/*--------------------------------------------------------------------*/
/*--- cprofgrind: happens-before: clocks, threads, sync. cp_hb.c   ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   The happens-before relation of the run, as vector clocks (FastTrack's
   epochs on the access side, cp_race.c).

   - Each Valgrind ThreadId has a clock VC; its own component is its
     epoch.  A ThreadId is reused after its thread exits; the new thread
     continues the ThreadId's epochs (never restarts them), so a cell
     written by the old thread can never look like the new one's, and
     (tid, clock) names one thread for good (CP_(hb_serial_at)).
   - Creating a thread copies the creator's clock into the child, and the
     creator moves to a new epoch.  Joining acquires the clock the child
     had when it exited.
   - Synchronisation objects (by address) hold the clock released into
     them; a release joins the thread's clock into the object and starts
     a new epoch, an acquire joins the object's clock into the thread's.
   - Locks held are kept per thread for reports; every change of the set
     starts a new epoch and is logged (clock, set), so the locks held at
     any past access are found from its (tid, clock) alone.  The log is a
     ring per thread: very old accesses say "unknown". */

#include "pub_tool_libcbase.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_machine.h"
#include "cp_hb.h"
#include "cp_shadow.h"

ULong CP_(hb_meta) = 0;

/*------------------------------------------------------------*/
/*--- Vector clocks                                        ---*/
/*------------------------------------------------------------*/

static void vc_grow ( VC* v, UInt n )
{
   if (n <= v->n) return;
   UInt cap = v->n ? v->n : 4;
   while (cap < n) cap *= 2;
   v->c = CP_REALLOC("cp.hb.vc_grow.1", v->c, cap * sizeof(ULong));
   for (UInt i = v->n; i < cap; i++) v->c[i] = 0;
   v->n = cap;
}

static void vc_join ( VC* dst, const VC* src )
{
   vc_grow(dst, src->n);
   for (UInt i = 0; i < src->n; i++)
      if (src->c[i] > dst->c[i]) dst->c[i] = src->c[i];
}

static void vc_copy ( VC* dst, const VC* src )
{
   vc_grow(dst, src->n);
   for (UInt i = 0; i < dst->n; i++) dst->c[i] = i < src->n ? src->c[i] : 0;
}

static void vc_free ( VC* v )
{
   if (v->c) CP_FREE(v->c);
   v->c = NULL;
   v->n = 0;
}

/*------------------------------------------------------------*/
/*--- Locksets, interned                                   ---*/
/*------------------------------------------------------------*/

/* A lockset is a sorted array of (mutex id << 1 | write). */
typedef struct { UInt n; UInt* e; ULong hash; } Lockset;

static Lockset* s_ls      = NULL;   /* by lockset id; 0 = empty set */
static UInt     s_n_ls    = 0;
static UInt     s_cap_ls  = 0;
static UInt*    s_ls_idx  = NULL;   /* open addressing: lockset ids */
static UInt     s_ls_mask = 0;

static ULong ls_hash ( const UInt* e, UInt n )
{
   ULong h = n;
   for (UInt i = 0; i < n; i++) h = CP_(mix64)(h ^ e[i]);
   return h;
}

static void ls_index_grow ( void )
{
   UInt size = s_ls_idx ? 2 * (s_ls_mask + 1) : 256;
   if (s_ls_idx) CP_FREE(s_ls_idx);
   s_ls_idx  = CP_CALLOC("cp.hb.ls_index_grow.1", size, sizeof(UInt));
   s_ls_mask = size - 1;
   for (UInt id = 1; id < s_n_ls; id++) {
      UInt h = (UInt)s_ls[id].hash & s_ls_mask;
      while (s_ls_idx[h]) h = (h + 1) & s_ls_mask;
      s_ls_idx[h] = id;
   }
}

static UInt ls_intern ( const UInt* e, UInt n )
{
   if (n == 0) return 0;
   ULong hash = ls_hash(e, n);
   UInt  h    = (UInt)hash & s_ls_mask;
   for (; s_ls_idx[h]; h = (h + 1) & s_ls_mask) {
      Lockset* l = &s_ls[s_ls_idx[h]];
      if (l->hash == hash && l->n == n
          && VG_(memcmp)(l->e, e, n * sizeof(UInt)) == 0)
         return s_ls_idx[h];
   }
   if (s_n_ls == s_cap_ls) {
      s_cap_ls = 2 * s_cap_ls;
      s_ls = CP_REALLOC("cp.hb.ls_intern.1", s_ls, s_cap_ls * sizeof(Lockset));
   }
   UInt id = s_n_ls++;
   s_ls[id].n    = n;
   s_ls[id].hash = hash;
   s_ls[id].e    = CP_MALLOC("cp.hb.ls_intern.2", n * sizeof(UInt));
   VG_(memcpy)(s_ls[id].e, e, n * sizeof(UInt));
   s_ls_idx[h] = id;
   if (4 * s_n_ls > 3 * (s_ls_mask + 1)) ls_index_grow();
   return id;
}

/*------------------------------------------------------------*/
/*--- Slots: the clock components                         ---*/
/*------------------------------------------------------------*/

#define MAX_HELD 64
#define LOG_CAP  (1u << 16)

typedef struct { ULong clock; UInt ls; } LogEnt;
typedef struct { ULong first_clock; UInt serial; } Occupant;

typedef struct {
   VC        vc;
   UInt      serial;        /* thread in this slot now (0: none) */
   UInt      last_child;    /* serial of the last thread it created */
   UInt      held[MAX_HELD];/* locks held: id << 1 | write */
   UInt      n_held;
   LogEnt*   log;           /* lockset changes, a ring of LOG_CAP */
   UInt      log_start, n_log;
   Bool      log_wrapped;
   Occupant* occ;           /* threads that had this slot, in order */
   UInt      n_occ, cap_occ;
} TidState;

/* A thread's clock component is its slot, not its ThreadId.  Valgrind
   reuses a ThreadId as soon as a thread exits, joined or not; a new
   thread that continued the old one's clock in the same component would
   look ordered after everything the old one did.  A slot is reused only
   when every access of its last occupant happens-before the creator of
   the new thread (it was joined, or synchronised with): then continuing
   its clock is exact.  Otherwise a new thread gets a fresh slot; the meta
   bits of a cell hold 10 bits of slot. */
#define N_SLOTS (1u << CP_M_TID_BITS)
static TidState* s_tids = NULL;       /* by slot; [0] unused */
static UInt      s_n_slots = 0;       /* slots 1..s_n_slots ever used */
static UShort*   s_slot_of = NULL;    /* VG_N_THREADS: ThreadId -> slot */
static Bool      s_slots_warned = False;
static ThreadId  s_running = VG_INVALID_THREADID;
static Bool      s_many = False;

static HbThread** s_threads = NULL;   /* by serial */
static UInt       s_n_threads = 0, s_cap_threads = 0;

static ULong stats__acquires = 0, stats__releases = 0, stats__syncs = 0;

static UInt slot ( ThreadId tid )
{
   CP_ASSERT(tid > 0 && tid < VG_N_THREADS && s_slot_of[tid] != 0);
   return s_slot_of[tid];
}

static TidState* ts ( ThreadId tid ) { return &s_tids[slot(tid)]; }

static void set_meta ( ThreadId tid )
{
   if (tid != s_running) return;
   UInt  sl  = slot(tid);
   ULong clk = s_tids[sl].vc.c[sl];
   if (UNLIKELY(clk > CP_M_MAX_CLOCK))
      VG_(tool_panic)("cprofgrind: a thread made more than 2^36 "
                      "synchronisations (CP_M_MAX_CLOCK, cp_shadow.h)");
   CP_(hb_meta) = (clk << CP_M_CLK_SHIFT) | ((ULong)sl << CP_M_TID_SHIFT);
}

static void tick ( ThreadId tid )
{
   UInt sl = slot(tid);
   TidState* t = &s_tids[sl];
   vc_grow(&t->vc, sl + 1);
   t->vc.c[sl]++;
   set_meta(tid);
}

static void log_append ( TidState* t, ULong clock, UInt ls )
{
   if (!t->log) t->log = CP_MALLOC("cp.hb.log_append.1", LOG_CAP * sizeof(LogEnt));
   UInt i = (t->log_start + t->n_log) % LOG_CAP;
   if (t->n_log == LOG_CAP) {
      t->log_start = (t->log_start + 1) % LOG_CAP;
      t->log_wrapped = True;
   } else {
      t->n_log++;
   }
   t->log[i].clock = clock;
   t->log[i].ls    = ls;
}

static void log_lockset ( ThreadId tid )
{
   TidState* t = ts(tid);
   tick(tid);
   log_append(t, t->vc.c[slot(tid)], ls_intern(t->held, t->n_held));
}

static HbThread* new_thread ( ThreadId tid, UInt parent, Where created )
{
   if (s_n_threads + 1 >= s_cap_threads) {
      s_cap_threads = s_cap_threads ? 2 * s_cap_threads : 64;
      s_threads = CP_REALLOC("cp.hb.new_thread.1", s_threads,
                             s_cap_threads * sizeof(HbThread*));
   }
   HbThread* th = CP_CALLOC("cp.hb.new_thread.2", 1, sizeof(HbThread));
   th->serial  = ++s_n_threads;
   th->tid     = tid;
   th->parent  = parent;
   th->created = created;
   s_threads[th->serial] = th;

   UInt sl = slot(tid);
   TidState* t = &s_tids[sl];
   ULong first = CP_(vc_get)(&t->vc, sl) + 1;
   if (t->n_occ == t->cap_occ) {
      t->cap_occ = t->cap_occ ? 2 * t->cap_occ : 4;
      t->occ = CP_REALLOC("cp.hb.new_thread.3", t->occ,
                          t->cap_occ * sizeof(Occupant));
   }
   t->occ[t->n_occ].first_clock = first;
   t->occ[t->n_occ].serial      = th->serial;
   t->n_occ++;
   t->serial = th->serial;
   /* a new thread holds no lock; the log goes on (clocks do) */
   if (t->n_log && t->log[(t->log_start + t->n_log - 1) % LOG_CAP].ls != 0)
      log_append(t, first, 0);
   t->n_held = 0;
   return th;
}

HbThread* CP_(hb_thread_by_serial) ( UInt serial )
{
   return serial >= 1 && serial <= s_n_threads ? s_threads[serial] : NULL;
}

HbThread* CP_(hb_thread_of_tid) ( ThreadId tid )
{
   if (tid == 0 || tid >= VG_N_THREADS || s_slot_of[tid] == 0) return NULL;
   return CP_(hb_thread_by_serial)(ts(tid)->serial);
}

UInt CP_(hb_serial_at) ( UInt sl, ULong clock )
{
   if (sl == 0 || sl > s_n_slots) return 0;
   TidState* t = &s_tids[sl];
   for (Int i = (Int)t->n_occ - 1; i >= 0; i--)
      if (t->occ[i].first_clock <= clock) return t->occ[i].serial;
   return t->n_occ ? t->occ[0].serial : 0;
}

UInt CP_(hb_n_threads) ( void ) { return s_n_threads; }

const VC* CP_(hb_vc) ( ThreadId tid ) { return &ts(tid)->vc; }
ULong CP_(hb_epoch) ( ThreadId tid ) { return CP_(vc_get)(&ts(tid)->vc, slot(tid)); }
Bool CP_(hb_many_threads) ( void ) { return s_many; }

/*------------------------------------------------------------*/
/*--- Thread events                                        ---*/
/*------------------------------------------------------------*/

void CP_(hb_init) ( void )
{
   s_tids    = CP_CALLOC("cp.hb.init.1", N_SLOTS, sizeof(TidState));
   s_slot_of = CP_CALLOC("cp.hb.init.3", VG_N_THREADS, sizeof(UShort));
   s_cap_ls = 64;
   s_ls = CP_MALLOC("cp.hb.init.2", s_cap_ls * sizeof(Lockset));
   s_ls[0].n = 0; s_ls[0].e = NULL; s_ls[0].hash = 0;
   s_n_ls = 1;
   ls_index_grow();
}

/* A slot for a new thread made by parent (none for the main thread). */
static UInt pick_slot ( ThreadId parent )
{
   const VC* pv = parent ? &ts(parent)->vc : NULL;
   UInt any = 0;
   for (UInt sl = 1; sl <= s_n_slots; sl++) {
      TidState* t = &s_tids[sl];
      if (t->serial != 0) continue;
      if (!any) any = sl;
      if (pv && CP_(vc_get)(&t->vc, sl) <= CP_(vc_get)(pv, sl)) return sl;
   }
   if (s_n_slots + 1 < N_SLOTS) return ++s_n_slots;
   if (!s_slots_warned) {
      s_slots_warned = True;
      VG_(umsg)("cprofgrind: more than %u threads alive or not joined: "
                "clock slots are shared, some races may be missed\n",
                N_SLOTS - 1);
   }
   CP_ASSERT(any != 0);
   return any;
}

void CP_(hb_thread_create) ( ThreadId parent, ThreadId child, Where created )
{
   Bool has_parent = parent != VG_INVALID_THREADID && parent < VG_N_THREADS
                     && s_slot_of[parent] != 0;
   if (!has_parent && s_slot_of[child] != 0) return;   /* main, again */
   UInt sl = pick_slot(has_parent ? parent : 0);
   s_slot_of[child] = (UShort)sl;
   HbThread* th = new_thread(child, has_parent ? ts(parent)->serial : 0,
                             created);
   TidState* c = &s_tids[sl];
   ULong first = CP_(vc_get)(&c->vc, sl) + 1;
   if (has_parent) {
      vc_copy(&c->vc, &ts(parent)->vc);
      ts(parent)->last_child = th->serial;
      s_many = True;
   } else {
      for (UInt i = 0; i < c->vc.n; i++) c->vc.c[i] = 0;
   }
   vc_grow(&c->vc, sl + 1);
   c->vc.c[sl] = first;
   if (has_parent) tick(parent);   /* its later accesses: not the child's past */
   set_meta(child);
}

void CP_(hb_thread_exit) ( ThreadId tid )
{
   TidState* t = ts(tid);
   HbThread* th = CP_(hb_thread_by_serial)(t->serial);
   if (!th) return;
   vc_copy(&th->final, &t->vc);
   th->finished = True;
   th->tid = VG_INVALID_THREADID;
   t->serial = 0;
   t->n_held = 0;
   s_slot_of[tid] = 0;
}

void CP_(hb_thread_running) ( ThreadId tid )
{
   s_running = tid;
   if (tid == VG_INVALID_THREADID) return;
   if (s_slot_of[tid] == 0)
      CP_(hb_thread_create)(VG_INVALID_THREADID, tid, (Where){0, 0});
   HbThread* th = CP_(hb_thread_by_serial)(ts(tid)->serial);
   if (th && th->start_sp == 0) th->start_sp = VG_(get_SP)(tid);
   set_meta(tid);
}

void CP_(hb_thread_created_as) ( ThreadId parent, UWord pthread )
{
   HbThread* th = CP_(hb_thread_by_serial)(ts(parent)->last_child);
   if (!th) return;
   /* pthread_t values are reused after a join: the newest thread has it */
   for (UInt s = 1; s <= s_n_threads; s++)
      if (s_threads[s]->pthread == pthread) s_threads[s]->pthread = 0;
   th->pthread = pthread;
}

Bool CP_(hb_pthread_joined) ( UWord pthread )
{
   for (UInt s = s_n_threads; s >= 1; s--) {
      HbThread* th = s_threads[s];
      if (th->pthread == pthread) return th->joined;
   }
   return False;
}

void CP_(hb_thread_joined) ( ThreadId tid, UWord pthread )
{
   for (UInt s = s_n_threads; s >= 1; s--) {
      HbThread* th = s_threads[s];
      if (th->pthread != pthread || th->joined) continue;
      /* normally finished: the core reports the exit before the joiner
         can return; else take its clock as it is now */
      const VC* v = th->finished ? &th->final : &ts(th->tid)->vc;
      vc_join(&ts(tid)->vc, v);
      th->joined = True;
      vc_free(&th->final);
      stats__acquires++;
      return;
   }
}

/*------------------------------------------------------------*/
/*--- Synchronisation objects                              ---*/
/*------------------------------------------------------------*/

static SyncObj** s_sync      = NULL;
static UWord     s_sync_mask = 0;
static UWord     s_n_sync    = 0;
static SyncObj** s_sync_by_id = NULL;
static UInt      s_n_ids = 0, s_cap_ids = 0;

static void sync_grow ( void )
{
   UWord     old_size = s_sync ? s_sync_mask + 1 : 0;
   SyncObj** old      = s_sync;
   UWord     size     = old ? 2 * old_size : 1024;
   s_sync      = CP_CALLOC("cp.hb.sync_grow.1", size, sizeof(SyncObj*));
   s_sync_mask = size - 1;
   for (UWord i = 0; i < old_size; i++) {
      SyncObj* o = old[i];
      while (o) {
         SyncObj* next = o->next;
         UWord h = CP_(mix64)(o->a) & s_sync_mask;
         o->next = s_sync[h];
         s_sync[h] = o;
         o = next;
      }
   }
   if (old) CP_FREE(old);
}

SyncObj* CP_(hb_sync) ( Addr a, SyncKind kind, Bool create )
{
   if (!s_sync) sync_grow();
   UWord h = CP_(mix64)(a) & s_sync_mask;
   for (SyncObj* o = s_sync[h]; o; o = o->next)
      if (o->a == a) {
         if (o->kind == SyncPlain || o->kind == SyncAtomic) o->kind = kind;
         return o;
      }
   if (!create) return NULL;
   SyncObj* o = CP_CALLOC("cp.hb.sync.1", 1, sizeof(SyncObj));
   o->a    = a;
   o->kind = kind;
   if (s_n_ids + 1 >= s_cap_ids) {
      s_cap_ids = s_cap_ids ? 2 * s_cap_ids : 256;
      s_sync_by_id = CP_REALLOC("cp.hb.sync.2", s_sync_by_id,
                                s_cap_ids * sizeof(SyncObj*));
   }
   o->id = ++s_n_ids;
   s_sync_by_id[o->id] = o;
   o->next = s_sync[h];
   s_sync[h] = o;
   stats__syncs++;
   if (++s_n_sync > s_sync_mask) sync_grow();
   return o;
}

SyncObj* CP_(hb_sync_by_id) ( UInt id )
{
   return id >= 1 && id <= s_n_ids ? s_sync_by_id[id] : NULL;
}

void CP_(hb_sync_forget) ( Addr a )
{
   if (!s_sync) return;
   UWord h = CP_(mix64)(a) & s_sync_mask;
   for (SyncObj** p = &s_sync[h]; *p; p = &(*p)->next) {
      SyncObj* o = *p;
      if (o->a != a) continue;
      /* keep the object for reports that name it by id; only its
         address is free for a new object */
      *p = o->next;
      s_n_sync--;
      vc_free(&o->clock);
      vc_free(&o->rclock);
      o->next = NULL;
      return;
   }
}

void CP_(hb_release) ( ThreadId tid, SyncObj* o )
{
   stats__releases++;
   vc_join(&o->clock, &ts(tid)->vc);
   tick(tid);
}

void CP_(hb_release_read) ( ThreadId tid, SyncObj* o )
{
   stats__releases++;
   vc_join(&o->rclock, &ts(tid)->vc);
   tick(tid);
}

void CP_(hb_acquire) ( ThreadId tid, SyncObj* o )
{
   stats__acquires++;
   vc_join(&ts(tid)->vc, &o->clock);
}

void CP_(hb_acquire_all) ( ThreadId tid, SyncObj* o )
{
   stats__acquires++;
   vc_join(&ts(tid)->vc, &o->clock);
   vc_join(&ts(tid)->vc, &o->rclock);
}

/*------------------------------------------------------------*/
/*--- Locks held                                           ---*/
/*------------------------------------------------------------*/

void CP_(hb_lock_add) ( ThreadId tid, SyncObj* o, Bool write )
{
   TidState* t = ts(tid);
   UInt e = o->id << 1 | (write ? 1 : 0);
   if (t->n_held == MAX_HELD) return;   /* deeper nesting: not shown */
   UInt i = t->n_held;
   while (i > 0 && t->held[i - 1] > e) { t->held[i] = t->held[i - 1]; i--; }
   t->held[i] = e;
   t->n_held++;
   log_lockset(tid);
}

void CP_(hb_lock_remove) ( ThreadId tid, SyncObj* o )
{
   TidState* t = ts(tid);
   for (UInt i = 0; i < t->n_held; i++) {
      if (t->held[i] >> 1 != o->id) continue;
      for (UInt j = i + 1; j < t->n_held; j++) t->held[j - 1] = t->held[j];
      t->n_held--;
      log_lockset(tid);
      return;
   }
}

Int CP_(hb_locks_at) ( UInt sl, ULong clock, UInt* ids, Bool* wr, Int max )
{
   if (sl == 0 || sl > s_n_slots) return -1;
   TidState* t = &s_tids[sl];
   UInt ls = 0;
   Bool found = False;
   for (Int k = (Int)t->n_log - 1; k >= 0; k--) {
      LogEnt* e = &t->log[(t->log_start + (UInt)k) % LOG_CAP];
      if (e->clock <= clock) { ls = e->ls; found = True; break; }
   }
   if (!found && t->log_wrapped) return -1;
   Lockset* l = &s_ls[ls];
   Int n = 0;
   for (UInt i = 0; i < l->n && n < max; i++, n++) {
      ids[n] = l->e[i] >> 1;
      wr[n]  = l->e[i] & 1;
   }
   return n;
}

void CP_(hb_print_stats) ( void )
{
   VG_(dmsg)("cprofgrind: happens-before: %u threads, %'llu sync objects, "
             "%'llu releases, %'llu acquires, %u locksets\n",
             s_n_threads, stats__syncs, stats__releases, stats__acquires,
             s_n_ls);
}

/*--------------------------------------------------------------------*/
/*--- end                                                  cp_hb.c ---*/
/*--------------------------------------------------------------------*/
