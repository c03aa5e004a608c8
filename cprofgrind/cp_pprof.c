/*--------------------------------------------------------------------*/
/*--- cprofgrind: pprof profile writer.                 cp_pprof.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   Encodes google/pprof's profile.proto (field numbers below, one block
   per message as golang/go runtime/pprof/proto.go names them) and pipes
   it through cp_gzip.c into an OutFile.

   Profile is the top-level message, so its repeated fields may come in
   any order and need no length: samples are encoded and compressed as
   they arrive; at close come sample types, locations (symbolized then),
   functions, mappings and finally the string table (index 0 is "").

   Symbolization of a location, once per distinct address:
     - lines: one per inlined level, innermost first (pprof's rule), from
       VG_(describe_IP) over an inlined-IP cursor;
     - function of the outermost level: demangled name, mangled
       system_name (read with --demangle off for an instant), file, and
       start_line = the line of the function's entry address;
     - mapping: the object holding the address (cp_objects.c), whose
       has_* flags say truthfully whether every location in it got a
       function, a file, a line.
   A PIE main executable is written with link-time addresses (see
   CP_(obj_pprof_addr)) so that `go tool pprof -disasm` can read it. */

#include "pub_tool_options.h"
#include "pub_tool_libcfile.h"
#include "cp_pprof.h"
#include "cp_pb.h"
#include "cp_gzip.h"
#include "cp_out.h"
#include "cp_objects.h"
#include "cp_coreext.h"

/* Profile */
#define tagProfile_SampleType    1
#define tagProfile_Sample        2
#define tagProfile_Mapping       3
#define tagProfile_Location      4
#define tagProfile_Function      5
#define tagProfile_StringTable   6
#define tagProfile_TimeNanos     9
#define tagProfile_DurationNanos 10
#define tagProfile_PeriodType    11
#define tagProfile_Period        12
#define tagProfile_Comment       13
#define tagProfile_DefaultSampleType 14
/* ValueType */
#define tagValueType_Type        1
#define tagValueType_Unit        2
/* Sample */
#define tagSample_Location       1
#define tagSample_Value          2
#define tagSample_Label          3
/* Label */
#define tagLabel_Key             1
#define tagLabel_Str             2
#define tagLabel_Num             3
#define tagLabel_NumUnit         4
/* Mapping */
#define tagMapping_ID            1
#define tagMapping_Start         2
#define tagMapping_Limit         3
#define tagMapping_Offset        4
#define tagMapping_Filename      5
#define tagMapping_BuildID       6
#define tagMapping_HasFunctions  7
#define tagMapping_HasFilenames  8
#define tagMapping_HasLineNumbers 9
#define tagMapping_HasInlineFrames 10
/* Location */
#define tagLocation_ID           1
#define tagLocation_MappingID    2
#define tagLocation_Address      3
#define tagLocation_Line         4
/* Line */
#define tagLine_FunctionID       1
#define tagLine_Line             2
/* Function */
#define tagFunction_ID           1
#define tagFunction_Name         2
#define tagFunction_SystemName   3
#define tagFunction_Filename     4
#define tagFunction_StartLine    5

#define FLUSH_AT (64 * 1024)
#define PSEUDO_BASE 0xfffffffff0000000ULL   /* pseudo frames' addresses */
#define PSEUDO_MAPPING_ID 1000000           /* above any object's id */

/*------------------------------------------------------------*/
/*--- Open-addressing tables keyed by 64-bit values        ---*/
/*------------------------------------------------------------*/

/* key -> value (key != 0; values are ids and indices, 32 bits).  Used
   for string, location and function deduplication. */
typedef struct { ULong* keys; UInt* vals; UWord mask; UWord used; } U64Map;

static void map_init ( U64Map* m, UWord size )
{
   m->keys = CP_CALLOC("cp.pprof.map_init.1", size, sizeof(ULong));
   m->vals = CP_MALLOC("cp.pprof.map_init.2", size * sizeof(UInt));
   m->mask = size - 1;
   m->used = 0;
}

static void map_fini ( U64Map* m ) { CP_FREE(m->keys); CP_FREE(m->vals); }

/* Returns the slot of key; *found says whether it was there. */
static UWord map_slot ( const U64Map* m, ULong key, Bool* found )
{
   UWord i = (UWord)CP_(mix64)(key) & m->mask;
   while (m->keys[i] != 0 && m->keys[i] != key) i = (i + 1) & m->mask;
   *found = m->keys[i] == key;
   return i;
}

static void map_put ( U64Map* m, ULong key, ULong val );

static void map_grow ( U64Map* m )
{
   U64Map old = *m;
   map_init(m, 2 * (old.mask + 1));
   for (UWord i = 0; i <= old.mask; i++)
      if (old.keys[i]) map_put(m, old.keys[i], old.vals[i]);
   map_fini(&old);
}

static void map_put ( U64Map* m, ULong key, ULong val )
{
   Bool found;
   UWord i = map_slot(m, key, &found);
   CP_ASSERT(val == (UInt)val);
   m->vals[i] = (UInt)val;
   if (!found) {
      m->keys[i] = key;
      if (++m->used * 4 > (m->mask + 1) * 3) map_grow(m);
   }
}

static Bool map_get ( const U64Map* m, ULong key, ULong* val )
{
   Bool found;
   UWord i = map_slot(m, key, &found);
   if (found) *val = m->vals[i];
   return found;
}

/*------------------------------------------------------------*/
/*--- The profile                                          ---*/
/*------------------------------------------------------------*/

typedef enum {
   LocCode,       /* a code address, symbolized at close */
   LocPseudo,     /* a named pseudo frame */
   LocFunction    /* the function holding a code address, no line */
} LocKind;

typedef struct {           /* 16 bytes: a profile has one per instruction */
   Addr         a;       /* code address (LocCode, LocFunction) */
   DiEpoch      ep;
   UInt         pseudo : 30;   /* LocPseudo: string index of the name */
   UInt         kind   : 2;    /* LocKind */
} LocRec;
STATIC_ASSERT(sizeof(void*) != 8 || sizeof(LocRec) == 16);

typedef struct {
   UInt name, sys, file;
   Long start_line;
} FnRec;

/* Per-mapping truth of the has_* flags, indexed by mapping id. */
typedef struct { Bool used, all_fn, all_file, all_line, any_inline; } MapFlags;
/* (all_* hold "any location had it": see write_location.) */

struct Prof {
   OutFile*  out;
   GzStream* gz;
   PbBuf     pb;
   Bool      failed;
   /* strings: index -> text; hash(text) -> index (chained by probing on
      collisions of the 64-bit hash is not needed: we compare text) */
   HChar**   strs;
   UInt      n_strs, cap_strs;
   U64Map    str_map;          /* hash -> first index with that hash + 1 */
   UInt*     str_next;         /* next index with the same hash, +1 */
   /* locations */
   LocRec*   locs;
   UInt      n_locs, cap_locs;
   U64Map    loc_map;          /* address (or pseudo key) -> id */
   /* functions */
   FnRec*    fns;
   UInt      n_fns, cap_fns;
   U64Map    fn_map;           /* hash of FnRec -> id chain head */
   UInt*     fn_next;
   /* header */
   UInt      types[16][2];
   UInt      n_types;
   UInt      default_type;
   UInt      period_type[2];
   Long      period;
   UInt      comments[16];
   UInt      n_comments;
   Long      time_nanos, duration_nanos;
   ULong     n_samples;
};

static void* pb_realloc ( const HChar* cc, void* p, SizeT n )
{
   if (n == 0) { if (p) VG_(free)(p); return NULL; }
   return VG_(realloc)(cc, p, n);
}

static void maybe_flush ( Prof* p, Bool force )
{
   if (p->pb.len >= FLUSH_AT || (force && p->pb.len > 0)) {
      CP_(gz_write)(p->gz, p->pb.buf, p->pb.len);
      CP_(pb_reset)(&p->pb);
   }
}

/*--- strings ---*/

static ULong str_hash ( const HChar* s )
{
   ULong h = 0xcbf29ce484222325ULL;   /* FNV-1a */
   for (; *s; s++) { h ^= (UChar)*s; h *= 0x100000001b3ULL; }
   return h ? h : 1;
}

static UInt str_index ( Prof* p, const HChar* s )
{
   if (s == NULL || s[0] == '\0') return 0;
   ULong h = str_hash(s), head;
   if (map_get(&p->str_map, h, &head))
      for (UInt i = (UInt)head; i; i = p->str_next[i - 1])
         if (VG_(strcmp)(p->strs[i - 1], s) == 0) return i - 1;
   if (p->n_strs == p->cap_strs) {
      p->cap_strs *= 2;
      p->strs = CP_REALLOC("cp.pprof.str.1", p->strs, p->cap_strs * sizeof(HChar*));
      p->str_next = CP_REALLOC("cp.pprof.str.2", p->str_next, p->cap_strs * sizeof(UInt));
   }
   UInt idx = p->n_strs++;
   p->strs[idx] = CP_STRDUP("cp.pprof.str.3", s);
   p->str_next[idx] = map_get(&p->str_map, h, &head) ? (UInt)head : 0;
   map_put(&p->str_map, h, idx + 1);
   return idx;
}

/*--- header ---*/

Prof* CP_(prof_open) ( const HChar* path )
{
   OutFile* out = CP_(out_open)(path);
   if (out == NULL) return NULL;
   Prof* p = CP_CALLOC("cp.pprof.open.1", 1, sizeof(Prof));
   p->out = out;
   p->gz  = CP_(gz_open)(VG_(malloc), VG_(free), CP_(out_sink), out, 1);
   CP_(pb_init)(&p->pb, pb_realloc);
   p->cap_strs = 1024;
   p->strs     = CP_MALLOC("cp.pprof.open.2", p->cap_strs * sizeof(HChar*));
   p->str_next = CP_MALLOC("cp.pprof.open.3", p->cap_strs * sizeof(UInt));
   p->strs[0]  = CP_STRDUP("cp.pprof.open.4", "");
   p->str_next[0] = 0;
   p->n_strs   = 1;
   map_init(&p->str_map, 4096);
   p->cap_locs = 1024;
   p->locs     = CP_MALLOC("cp.pprof.open.5", p->cap_locs * sizeof(LocRec));
   map_init(&p->loc_map, 4096);
   p->cap_fns  = 1024;
   p->fns      = CP_MALLOC("cp.pprof.open.6", p->cap_fns * sizeof(FnRec));
   p->fn_next  = CP_MALLOC("cp.pprof.open.7", p->cap_fns * sizeof(UInt));
   map_init(&p->fn_map, 4096);
   return p;
}

void CP_(prof_reserve_locs) ( Prof* p, UWord n )
{
   CP_ASSERT(p->n_locs == 0 && p->loc_map.used == 0);
   if (n > p->cap_locs) {
      p->cap_locs = n;
      p->locs = CP_REALLOC("cp.pprof.reserve_locs.1", p->locs, n * sizeof(LocRec));
   }
   UWord size = p->loc_map.mask + 1;
   while (4 * (n + 1) > 3 * size) size *= 2;
   if (size > p->loc_map.mask + 1) {
      map_fini(&p->loc_map);
      map_init(&p->loc_map, size);
   }
}

void CP_(prof_sample_type) ( Prof* p, const HChar* type, const HChar* unit )
{
   CP_ASSERT(p->n_types < 16 && p->n_samples == 0);
   p->types[p->n_types][0] = str_index(p, type);
   p->types[p->n_types][1] = str_index(p, unit);
   p->n_types++;
}

void CP_(prof_default_type) ( Prof* p, const HChar* type )
{
   p->default_type = str_index(p, type);
}

void CP_(prof_period) ( Prof* p, const HChar* type, const HChar* unit, Long period )
{
   p->period_type[0] = str_index(p, type);
   p->period_type[1] = str_index(p, unit);
   p->period = period;
}

void CP_(prof_comment) ( Prof* p, const HChar* text )
{
   if (p->n_comments < 16) p->comments[p->n_comments++] = str_index(p, text);
}

void CP_(prof_times) ( Prof* p, Long time_nanos, Long duration_nanos )
{
   p->time_nanos = time_nanos;
   p->duration_nanos = duration_nanos;
}

/*--- locations ---*/

static ULong new_loc ( Prof* p, LocKind kind, Addr a, DiEpoch ep, UInt pseudo )
{
   if (p->n_locs == p->cap_locs) {
      p->cap_locs *= 2;
      p->locs = CP_REALLOC("cp.pprof.new_loc.1", p->locs, p->cap_locs * sizeof(LocRec));
   }
   CP_ASSERT(pseudo < (1u << 30));
   LocRec* l = &p->locs[p->n_locs++];
   l->kind = kind;
   l->a = a;
   l->ep = ep;
   l->pseudo = pseudo;
   return p->n_locs;   /* ids from 1 */
}

ULong CP_(prof_loc) ( Prof* p, Addr a, DiEpoch ep )
{
   ULong id;
   if (map_get(&p->loc_map, (ULong)a, &id)) return id;
   id = CP_(obj_is_ours)(ep, a) ? 0 : new_loc(p, LocCode, a, ep, 0);
   map_put(&p->loc_map, (ULong)a, id);
   return id;
}

ULong CP_(prof_loc_pseudo) ( Prof* p, const HChar* name )
{
   UInt  s   = str_index(p, name);
   ULong key = (1ULL << 63) | s;   /* never a code address */
   ULong id;
   if (map_get(&p->loc_map, key, &id)) return id;
   id = new_loc(p, LocPseudo, 0, VG_(current_DiEpoch)(), s);
   map_put(&p->loc_map, key, id);
   return id;
}

ULong CP_(prof_loc_function) ( Prof* p, ULong fkey, Addr a, DiEpoch ep )
{
   ULong key = (1ULL << 62) | (fkey >> 2);   /* never a code address */
   ULong id;
   if (map_get(&p->loc_map, key, &id)) return id;
   id = new_loc(p, LocFunction, a, ep, 0);
   map_put(&p->loc_map, key, id);
   return id;
}

/*--- samples ---*/

void CP_(prof_sample) ( Prof* p, const ULong* locs, UInt n_locs,
                        const Long* values, const ProfLabel* labels,
                        UInt n_labels )
{
   PbBuf* b = &p->pb;
   SizeT m = CP_(pb_start_msg)(b);
   /* location ids, packed, hidden frames (id 0) dropped */
   SizeT ml = CP_(pb_start_msg)(b);
   UInt kept = 0;
   for (UInt i = 0; i < n_locs; i++)
      if (locs[i]) { CP_(pb_varint)(b, locs[i]); kept++; }
   if (kept) CP_(pb_end_msg)(b, tagSample_Location, ml);
   CP_(pb_packed_i64)(b, tagSample_Value, values, p->n_types);
   for (UInt i = 0; i < n_labels; i++) {
      SizeT mb = CP_(pb_start_msg)(b);
      CP_(pb_i64)(b, tagLabel_Key, str_index(p, labels[i].key));
      if (labels[i].str) {
         CP_(pb_i64)(b, tagLabel_Str, str_index(p, labels[i].str));
      } else {
         CP_(pb_i64)(b, tagLabel_Num, labels[i].num);
         if (labels[i].unit)
            CP_(pb_i64)(b, tagLabel_NumUnit, str_index(p, labels[i].unit));
      }
      CP_(pb_end_msg)(b, tagSample_Label, mb);
   }
   CP_(pb_end_msg)(b, tagProfile_Sample, m);
   p->n_samples++;
   maybe_flush(p, False);
}

ULong CP_(prof_n_samples) ( const Prof* p ) { return p->n_samples; }

/*------------------------------------------------------------*/
/*--- Symbolization                                        ---*/
/*------------------------------------------------------------*/

static UInt fn_id ( Prof* p, UInt name, UInt sys, UInt file, Long start_line )
{
   ULong h = CP_(mix64)(((ULong)name << 40) ^ ((ULong)sys << 20) ^ file
                        ^ ((ULong)start_line << 50)) | 1;
   ULong head;
   if (map_get(&p->fn_map, h, &head))
      for (UInt i = (UInt)head; i; i = p->fn_next[i - 1]) {
         FnRec* f = &p->fns[i - 1];
         if (f->name == name && f->sys == sys && f->file == file
             && f->start_line == start_line)
            return i;
      }
   if (p->n_fns == p->cap_fns) {
      p->cap_fns *= 2;
      p->fns = CP_REALLOC("cp.pprof.fn_id.1", p->fns, p->cap_fns * sizeof(FnRec));
      p->fn_next = CP_REALLOC("cp.pprof.fn_id.2", p->fn_next, p->cap_fns * sizeof(UInt));
   }
   UInt id = ++p->n_fns;
   p->fns[id - 1] = (FnRec){ name, sys, file, start_line };
   p->fn_next[id - 1] = map_get(&p->fn_map, h, &head) ? (UInt)head : 0;
   map_put(&p->fn_map, h, id);
   return id;
}

/* Parse one VG_(describe_IP) line: "0xADDR: fn (dir/file:line)",
   "0xADDR: fn (in obj)" or "0xADDR: ???".  Writes into the buffers. */
void CP_(prof_parse_describe) ( const HChar* d, HChar* fn, SizeT fn_sz,
                             HChar* file, SizeT file_sz, UInt* line )
{
   fn[0] = file[0] = '\0';
   *line = 0;
   const HChar* s = VG_(strstr)(d, ": ");
   if (!s) return;
   s += 2;
   SizeT n = VG_(strlen)(s);
   SizeT fn_end = n;
   if (n > 0 && s[n - 1] == ')') {
      /* the last " (" opens the source location */
      for (SizeT i = n - 1; i > 1; i--)
         if (s[i - 1] == '(' && s[i - 2] == ' ') {
            fn_end = i - 2;
            const HChar* loc = s + i;
            SizeT loc_len = n - 1 - i;
            if (loc_len >= 3 && VG_(strncmp)(loc, "in ", 3) == 0) break;
            /* "path:line" */
            SizeT colon = loc_len;
            while (colon > 0 && loc[colon - 1] != ':') colon--;
            if (colon == 0) break;
            SizeT fl = colon - 1 < file_sz - 1 ? colon - 1 : file_sz - 1;
            VG_(strncpy)(file, loc, fl);
            file[fl] = '\0';
            *line = (UInt)VG_(strtoll10)(loc + colon, NULL);
            break;
         }
   }
   SizeT fl = fn_end < fn_sz - 1 ? fn_end : fn_sz - 1;
   VG_(strncpy)(fn, s, fl);
   fn[fl] = '\0';
   if (VG_(strcmp)(fn, "???") == 0) fn[0] = '\0';
   /* A C++ name loses its parameter list, as pprof's own symbolizer
      shows it by default ("ns::f" for "ns::f(int) const"); system_name
      keeps the mangled name, from which -symbolize=demangle=full can
      recover it. */
   SizeT n2 = VG_(strlen)(fn);
   while (n2 > 0 && fn[n2 - 1] != ')' && fn[n2 - 1] != '>') n2--;  /* " const" */
   if (n2 > 1 && fn[n2 - 1] == ')') {
      Int depth = 0;
      for (SizeT i = n2; i > 0; i--) {
         if (fn[i - 1] == ')') depth++;
         else if (fn[i - 1] == '(' && --depth == 0) {
            if (i > 1) fn[i - 1] = '\0';
            break;
         }
      }
   }
   /* Drop an ELF symbol version ("__libc_start_main@@GLIBC_2.34"): pprof
      users, like perf's, expect the plain name; system_name keeps it. */
   HChar* at = VG_(strchr)(fn, '@');
   if (at && at != fn && (at[1] == '@' || (at[1] >= 'A' && at[1] <= 'Z')))
      *at = '\0';
}

/* The mangled name of the function at a: also much cheaper than the
   demangled one (which is demangled again on every call). */
static Bool mangled_fnname ( DiEpoch ep, Addr a, const HChar** nm )
{
   Bool saved = VG_(clo_demangle);
   VG_(clo_demangle) = False;
   Bool ok = VG_(get_fnname)(ep, a, nm);
   VG_(clo_demangle) = saved;
   return ok;
}

/* Outermost function at a: mangled name and the line of its entry. */
static void outer_fn_facts ( DiEpoch ep, Addr a, HChar* sys, SizeT sys_sz,
                             Long* start_line )
{
   const HChar* nm;
   Bool ok = mangled_fnname(ep, a, &nm);
   sys[0] = '\0';
   if (ok) { VG_(strncpy)(sys, nm, sys_sz - 1); sys[sys_sz - 1] = '\0'; }

   *start_line = 0;
   if (!VG_(get_fnname_w_offset)(ep, a, &nm)) return;
   const HChar* plus = VG_(strrchr)(nm, '+');
   Long off = 0;
   if (plus && plus[1] >= '0' && plus[1] <= '9') {
      HChar* end;
      off = VG_(strtoll10)(plus + 1, &end);
      if (*end != '\0') off = 0;
   }
   UInt ln;
   if (VG_(get_linenum)(ep, a - off, &ln)) *start_line = ln;
}

static ULong hash_str ( ULong h, const HChar* s )
{
   for (; *s; s++) { h ^= (UChar)*s; h *= 0x100000001b3ULL; }
   return h * 0x100000001b3ULL;
}

ULong CP_(prof_function_key) ( DiEpoch ep, Addr a )
{
   const Obj* o = CP_(obj_of)(ep, a);
   ULong h = CP_(mix64)(0x84222325cbf29ce4ULL ^ (o ? (Addr)o : 0));
   const HChar* nm;
   if (!mangled_fnname(ep, a, &nm)) return (h & ~3ULL) | 2;
   return (hash_str(h, nm) & ~3ULL) | 1;
}

ULong CP_(prof_line_key) ( DiEpoch ep, Addr a )
{
   static HChar fn[4096], file[4096];
   /* Stripped code (most of a distribution's cc1) has neither: say so
      without formatting a description. */
   const HChar *nm, *fl, *dir;
   UInt ln;
   if (!mangled_fnname(ep, a, &nm)
       && !VG_(get_filename_linenum)(ep, a, &fl, &dir, &ln))
      return 0;
   const Obj* o = CP_(obj_of)(ep, a);
   ULong h = CP_(mix64)(0xcbf29ce484222325ULL ^ (o ? (Addr)o : 0));
   Bool known = False;
   InlIPCursor* iipc = VG_(new_IIPC)(ep, a);
   do {
      UInt line;
      CP_(prof_parse_describe)(VG_(describe_IP)(ep, a, iipc), fn, sizeof fn,
                     file, sizeof file, &line);
      known |= fn[0] || file[0];
      h = hash_str(hash_str(h, fn), file) ^ line;
   } while (VG_(next_IIPC)(iipc));
   VG_(delete_IIPC)(iipc);
   /* 0: code without symbols or lines (a stripped object) */
   return known ? (h | 1) : 0;
}

static void write_location ( Prof* p, UInt id, MapFlags* mf, UInt n_mf )
{
   const LocRec* l = &p->locs[id - 1];
   PbBuf* b = &p->pb;
   SizeT m = CP_(pb_start_msg)(b);
   CP_(pb_u64)(b, tagLocation_ID, id);

   if (l->kind != LocCode) {
      /* A pseudo frame, or a whole function: at an address of the
         "[cprofgrind]" mapping (pprof shows a location without mapping
         as <unknown>, and would try to symbolize one without flags).
         The addresses are in the top page of the address space, where
         no user code can be, so the mapping overlaps no other.  A
         function location has line 0: `pprof -list` counts it in the
         function's total but on none of its lines. */
      CP_(pb_u64)(b, tagLocation_MappingID, PSEUDO_MAPPING_ID);
      CP_(pb_u64)(b, tagLocation_Address, PSEUDO_BASE + id);
      UInt fid;
      if (l->kind == LocPseudo) {
         fid = fn_id(p, l->pseudo, 0, 0, 0);
      } else {
         static HChar fn[4096], file[4096], sys[4096];
         UInt line;
         Long start = 0;
         CP_(prof_parse_describe)(VG_(describe_IP)(l->ep, l->a, NULL), fn, sizeof fn,
                        file, sizeof file, &line);
         if (fn[0]) {
            outer_fn_facts(l->ep, l->a, sys, sizeof sys, &start);
         } else {   /* no symbol: the object, as pprof names such code */
            const Obj* o = CP_(obj_of)(l->ep, l->a);
            VG_(snprintf)(fn, sizeof fn, "[%s]",
                          o ? VG_(basename)(o->filename) : "unknown");
            sys[0] = '\0';
         }
         UInt f_name = str_index(p, fn);
         fid = fn_id(p, f_name, sys[0] ? str_index(p, sys) : f_name,
                     str_index(p, file), start);
      }
      SizeT ml = CP_(pb_start_msg)(b);
      CP_(pb_u64)(b, tagLine_FunctionID, fid);
      CP_(pb_end_msg)(b, tagLocation_Line, ml);
      CP_(pb_end_msg)(b, tagProfile_Location, m);
      return;
   }

   const Obj* o = CP_(obj_of)(l->ep, l->a);
   if (o) {
      CP_(pb_u64)(b, tagLocation_MappingID, o->id);
      CP_(pb_u64)(b, tagLocation_Address, CP_(obj_pprof_addr)(o, l->a));
   } else {
      CP_(pb_u64)(b, tagLocation_Address, l->a);
   }

   static HChar fn[4096], file[4096], sys[4096];
   UInt levels = 0;
   Bool any_fn = False, any_file = False, any_line = False;
   InlIPCursor* iipc = VG_(new_IIPC)(l->ep, l->a);
   do {
      const HChar* d = VG_(describe_IP)(l->ep, l->a, iipc);
      UInt line;
      CP_(prof_parse_describe)(d, fn, sizeof fn, file, sizeof file, &line);
      Bool outer = !VG_(next_IIPC)(iipc);
      /* Nothing known (code without symbols): no Line at all, so that
         pprof shows the address, as for any unsymbolized frame. */
      if (fn[0] == '\0' && file[0] == '\0' && outer && levels == 0) break;
      UInt f_name = str_index(p, fn[0] ? fn : "??");
      UInt f_sys  = f_name;
      Long start  = 0;
      if (outer && fn[0]) {
         outer_fn_facts(l->ep, l->a, sys, sizeof sys, &start);
         if (sys[0]) f_sys = str_index(p, sys);
      }
      UInt f_file = str_index(p, file);
      SizeT ml = CP_(pb_start_msg)(b);
      CP_(pb_u64)(b, tagLine_FunctionID, fn_id(p, f_name, f_sys, f_file, start));
      CP_(pb_i64_opt)(b, tagLine_Line, line);
      CP_(pb_end_msg)(b, tagLocation_Line, ml);
      any_fn   |= fn[0] != '\0';
      any_file |= file[0] != '\0';
      any_line |= line != 0;
      levels++;
      if (outer) break;
   } while (True);
   VG_(delete_IIPC)(iipc);

   /* The has_* flags of a mapping say what symbolic information the
      object gave us: set as soon as one location had it.  (Go sets them
      only when every lookup succeeded; we cannot name the odd stub in
      .init or .plt, and pprof would then throw away every location of
      the object, inlined frames included, to symbolize it again with
      less information.) */
   if (o && o->id < n_mf) {
      MapFlags* f = &mf[o->id];
      f->used        = True;
      f->all_fn     |= any_fn;
      f->all_file   |= any_file;
      f->all_line   |= any_line;
      f->any_inline |= levels > 1;
   }
   CP_(pb_end_msg)(b, tagProfile_Location, m);
}

static void write_mapping ( Prof* p, const Obj* o, const MapFlags* f )
{
   PbBuf* b = &p->pb;
   SizeT m = CP_(pb_start_msg)(b);
   Addr start = CP_(obj_pprof_addr)(o, o->avma);
   CP_(pb_u64)(b, tagMapping_ID, o->id);
   CP_(pb_u64)(b, tagMapping_Start, start);
   CP_(pb_u64)(b, tagMapping_Limit, start + o->size);
   CP_(pb_u64_opt)(b, tagMapping_Offset, o->offset);
   CP_(pb_i64)(b, tagMapping_Filename, str_index(p, o->filename));
   CP_(pb_i64_opt)(b, tagMapping_BuildID, str_index(p, o->build_id));
   if (f->used) {
      CP_(pb_bool_opt)(b, tagMapping_HasFunctions, f->all_fn);
      CP_(pb_bool_opt)(b, tagMapping_HasFilenames, f->all_file);
      CP_(pb_bool_opt)(b, tagMapping_HasLineNumbers, f->all_line);
      /* Inline information was read (--read-inline-info, and
         --inline-system for a system library) and used. */
      CP_(pb_bool_opt)(b, tagMapping_HasInlineFrames,
                       f->any_inline || (f->all_line && VG_(clo_read_inline_info)
                                         && !o->no_inline));
   }
   CP_(pb_end_msg)(b, tagProfile_Mapping, m);
}

/*------------------------------------------------------------*/
/*--- Close                                                ---*/
/*------------------------------------------------------------*/

static void prof_free ( Prof* p )
{
   for (UInt i = 0; i < p->n_strs; i++) CP_FREE(p->strs[i]);
   CP_FREE(p->strs); CP_FREE(p->str_next); map_fini(&p->str_map);
   CP_FREE(p->locs); map_fini(&p->loc_map);
   CP_FREE(p->fns); CP_FREE(p->fn_next); map_fini(&p->fn_map);
   CP_(pb_fini)(&p->pb);
   CP_FREE(p);
}

Bool CP_(prof_close) ( Prof* p )
{
   PbBuf* b = &p->pb;
   Bool below = VG_(clo_show_below_main);
   VG_(clo_show_below_main) = True;   /* real names for pprof */

   for (UInt i = 0; i < p->n_types; i++) {
      SizeT m = CP_(pb_start_msg)(b);
      CP_(pb_i64)(b, tagValueType_Type, p->types[i][0]);
      CP_(pb_i64)(b, tagValueType_Unit, p->types[i][1]);
      CP_(pb_end_msg)(b, tagProfile_SampleType, m);
   }
   if (p->period_type[0]) {
      SizeT m = CP_(pb_start_msg)(b);
      CP_(pb_i64)(b, tagValueType_Type, p->period_type[0]);
      CP_(pb_i64)(b, tagValueType_Unit, p->period_type[1]);
      CP_(pb_end_msg)(b, tagProfile_PeriodType, m);
      CP_(pb_i64)(b, tagProfile_Period, p->period);
   }
   CP_(pb_i64_opt)(b, tagProfile_TimeNanos, p->time_nanos);
   CP_(pb_i64_opt)(b, tagProfile_DurationNanos, p->duration_nanos);
   for (UInt i = 0; i < p->n_comments; i++)
      CP_(pb_i64)(b, tagProfile_Comment, p->comments[i]);
   CP_(pb_i64_opt)(b, tagProfile_DefaultSampleType, p->default_type);

   UInt n_mf = CP_(obj_count)() + 1;
   MapFlags* mf = CP_CALLOC("cp.pprof.close.1", n_mf, sizeof(MapFlags));
   for (UInt id = 1; id <= p->n_locs; id++) {
      write_location(p, id, mf, n_mf);
      maybe_flush(p, False);
   }
   /* Objects found while symbolizing may have been added: count again. */
   UInt n_objs = CP_(obj_count)();
   for (UInt i = 0; i < n_objs; i++) {
      const Obj* o = CP_(obj_nth)(i);
      MapFlags none = { False, False, False, False, False };
      write_mapping(p, o, o->id < n_mf ? &mf[o->id] : &none);
   }
   CP_FREE(mf);
   {  /* the mapping of pseudo frames (see write_location) */
      SizeT m = CP_(pb_start_msg)(b);
      CP_(pb_u64)(b, tagMapping_ID, PSEUDO_MAPPING_ID);
      CP_(pb_u64)(b, tagMapping_Start, PSEUDO_BASE);
      CP_(pb_u64)(b, tagMapping_Limit, PSEUDO_BASE + p->n_locs + 1);
      CP_(pb_i64)(b, tagMapping_Filename, str_index(p, "[cprofgrind]"));
      CP_(pb_bool_opt)(b, tagMapping_HasFunctions, True);
      CP_(pb_end_msg)(b, tagProfile_Mapping, m);
   }
   for (UInt id = 1; id <= p->n_fns; id++) {
      const FnRec* f = &p->fns[id - 1];
      SizeT m = CP_(pb_start_msg)(b);
      CP_(pb_u64)(b, tagFunction_ID, id);
      CP_(pb_i64)(b, tagFunction_Name, f->name);
      CP_(pb_i64_opt)(b, tagFunction_SystemName, f->sys);
      CP_(pb_i64_opt)(b, tagFunction_Filename, f->file);
      CP_(pb_i64_opt)(b, tagFunction_StartLine, f->start_line);
      CP_(pb_end_msg)(b, tagProfile_Function, m);
      maybe_flush(p, False);
   }
   for (UInt i = 0; i < p->n_strs; i++) {
      CP_(pb_string)(b, tagProfile_StringTable, p->strs[i]);
      maybe_flush(p, False);
   }
   maybe_flush(p, True);
   VG_(clo_show_below_main) = below;

   Bool ok = CP_(gz_close)(p->gz) && !p->failed;
   ok = ok ? CP_(out_commit)(p->out) : (CP_(out_abort)(p->out), False);
   prof_free(p);
   return ok;
}

void CP_(prof_abort) ( Prof* p )
{
   (void)CP_(gz_close)(p->gz);
   CP_(out_abort)(p->out);
   prof_free(p);
}

/*--------------------------------------------------------------------*/
/*--- end                                               cp_pprof.c ---*/
/*--------------------------------------------------------------------*/
