/*--------------------------------------------------------------------*/
/*--- cprofgrind: atomic variables from DWARF.           cp_dwarf.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   On x86-64 a C11 acquire load or release store (and any relaxed one)
   is a plain move: machine code cannot tell an `_Atomic int` flag from a
   plain `int` one.  The debug info can.  When the race detector starts,
   this reads .debug_info of the program (and of its own shared objects,
   not the system's) and collects the address ranges of global and static
   variables whose type is atomic:
     - DW_TAG_atomic_type (C11 `_Atomic T`, `atomic_int`, ...), also as
       struct members and array elements;
     - C++ `std::atomic<T>`, `std::__atomic_base<T>`, `std::atomic_flag`
       objects (their value member is a plain T in the DWARF), also
       inside structs and arrays.
   A plain access to those bytes is then an atomic one, and an acquire
   (load) or release (store), as the language says.  Heap and stack
   objects have no type here; those are covered by the other rules
   (read-modify-writes, futexes, std::atomic's inlined frames).

   A small DWARF 2-5 reader: section headers, abbreviations, the forms a
   compiler emits; anything it does not understand ends that unit
   quietly.  Compressed debug sections are skipped. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_debuginfo.h"
#include "pub_tool_options.h"
#include "pub_tool_vki.h"
#include "cp_dwarf.h"

/*------------------------------------------------------------*/
/*--- Ranges                                               ---*/
/*------------------------------------------------------------*/

typedef struct { Addr a, e; } ARange;
static ARange* s_r = NULL;
static UInt    s_n = 0, s_cap = 0;

static void add_range ( Addr a, SizeT len )
{
   if (len == 0 || len > (1UL << 30)) return;
   if (s_n == s_cap) {
      s_cap = s_cap ? 2 * s_cap : 64;
      s_r = CP_REALLOC("cp.dwarf.range", s_r, s_cap * sizeof(ARange));
   }
   s_r[s_n++] = (ARange){ a, a + len };
}

static Int range_cmp ( const void* x, const void* y )
{
   const ARange* a = x; const ARange* b = y;
   return a->a < b->a ? -1 : a->a > b->a ? 1 : 0;
}

Bool CP_(dwarf_is_atomic) ( Addr a )
{
   UInt lo = 0, hi = s_n;
   while (lo < hi) {
      UInt mid = (lo + hi) / 2;
      if (a < s_r[mid].a) hi = mid;
      else if (a >= s_r[mid].e) lo = mid + 1;
      else return True;
   }
   return False;
}

UInt CP_(dwarf_n_ranges) ( void ) { return s_n; }

/*------------------------------------------------------------*/
/*--- Reading                                              ---*/
/*------------------------------------------------------------*/

typedef struct { const UChar* p; const UChar* end; Bool bad; } Rd;

static ULong rd_u ( Rd* r, UInt n )
{
   if (r->p + n > r->end) { r->bad = True; r->p = r->end; return 0; }
   ULong v = 0;
   for (UInt i = 0; i < n; i++) v |= (ULong)r->p[i] << (8 * i);
   r->p += n;
   return v;
}

static ULong rd_uleb ( Rd* r )
{
   ULong v = 0; UInt sh = 0;
   while (r->p < r->end) {
      UChar b = *r->p++;
      if (sh < 64) v |= (ULong)(b & 0x7f) << sh;
      sh += 7;
      if (!(b & 0x80)) return v;
   }
   r->bad = True;
   return v;
}

static Long rd_sleb ( Rd* r )
{
   Long v = 0; UInt sh = 0; UChar b = 0;
   while (r->p < r->end) {
      b = *r->p++;
      if (sh < 64) v |= (Long)(b & 0x7f) << sh;
      sh += 7;
      if (!(b & 0x80)) break;
   }
   if (sh < 64 && (b & 0x40)) v |= -((Long)1 << sh);
   return v;
}

static void rd_skip ( Rd* r, ULong n )
{
   if ((ULong)(r->end - r->p) < n) { r->bad = True; r->p = r->end; }
   else r->p += n;
}

/*------------------------------------------------------------*/
/*--- Abbreviations and DIEs                               ---*/
/*------------------------------------------------------------*/

typedef struct { UInt attr, form; Long ic; } Spec;
typedef struct { ULong code; UInt tag; Bool children; Spec* s; UInt n; } Abbrev;

typedef struct {
   ULong  off;        /* section offset */
   UInt   tag;
   ULong  type;       /* section offset of DW_AT_type, 0 if none */
   ULong  size;       /* DW_AT_byte_size */
   Long   member_off; /* DW_AT_data_member_location */
   ULong  count;      /* subrange: elements (0: unknown) */
   Addr   addr;       /* variable: DW_OP_addr (0: none) */
   ULong  spec;       /* DW_AT_specification */
   Int    parent;     /* index of the parent DIE, -1 */
   const HChar* name;
} Die;

static Abbrev* read_abbrevs ( const UChar* base, SizeT size, ULong off, UInt* n_out )
{
   Rd r = { base + off, base + size, off > size };
   UInt n = 0, cap = 64;
   Abbrev* a = CP_MALLOC("cp.dwarf.abbr", cap * sizeof(Abbrev));
   while (!r.bad) {
      ULong code = rd_uleb(&r);
      if (code == 0) break;
      if (n == cap) { cap *= 2; a = CP_REALLOC("cp.dwarf.abbr", a, cap * sizeof(Abbrev)); }
      Abbrev* ab = &a[n++];
      ab->code = code;
      ab->tag = (UInt)rd_uleb(&r);
      ab->children = rd_u(&r, 1) != 0;
      UInt sc = 8; ab->n = 0;
      ab->s = CP_MALLOC("cp.dwarf.spec", sc * sizeof(Spec));
      for (;;) {
         UInt at = (UInt)rd_uleb(&r), fm = (UInt)rd_uleb(&r);
         if (r.bad || (at == 0 && fm == 0)) break;
         Long ic = fm == 0x21 ? rd_sleb(&r) : 0;
         if (ab->n == sc) { sc *= 2; ab->s = CP_REALLOC("cp.dwarf.spec", ab->s, sc * sizeof(Spec)); }
         ab->s[ab->n++] = (Spec){ at, fm, ic };
      }
   }
   *n_out = n;
   return a;
}

static void free_abbrevs ( Abbrev* a, UInt n )
{
   for (UInt i = 0; i < n; i++) CP_FREE(a[i].s);
   CP_FREE(a);
}

typedef struct {
   const UChar* info; SizeT info_sz;
   const UChar* str;  SizeT str_sz;
   const UChar* lstr; SizeT lstr_sz;
   UInt offsz, addrsz, version;
   ULong cu_off;
} Ctx;

/* Read one attribute value; *num gets integers and references (made
   section-relative), *blk an expression, *s a string. */
static Bool read_form ( Ctx* c, Rd* r, UInt form, Long ic, ULong* num,
                        const UChar** blk, ULong* blen, const HChar** s )
{
   *num = 0; *blk = NULL; *blen = 0; *s = NULL;
   switch (form) {
      case 0x01: *num = rd_u(r, c->addrsz); return True;
      case 0x03: *blen = rd_u(r, 2); *blk = r->p; rd_skip(r, *blen); return True;
      case 0x04: *blen = rd_u(r, 4); *blk = r->p; rd_skip(r, *blen); return True;
      case 0x05: *num = rd_u(r, 2); return True;
      case 0x06: *num = rd_u(r, 4); return True;
      case 0x07: *num = rd_u(r, 8); return True;
      case 0x08: *s = (const HChar*)r->p;
                 while (r->p < r->end && *r->p) r->p++;
                 if (r->p < r->end) r->p++; else r->bad = True;
                 return True;
      case 0x09: *blen = rd_uleb(r); *blk = r->p; rd_skip(r, *blen); return True;
      case 0x0a: *blen = rd_u(r, 1); *blk = r->p; rd_skip(r, *blen); return True;
      case 0x0b: *num = rd_u(r, 1); return True;
      case 0x0c: *num = rd_u(r, 1); return True;
      case 0x0d: *num = (ULong)rd_sleb(r); return True;
      case 0x0e: { ULong o = rd_u(r, c->offsz);
                   if (c->str && o < c->str_sz) *s = (const HChar*)c->str + o;
                   return True; }
      case 0x0f: *num = rd_uleb(r); return True;
      case 0x10: *num = rd_u(r, c->version <= 2 ? c->addrsz : c->offsz); return True;
      case 0x11: *num = c->cu_off + rd_u(r, 1); return True;
      case 0x12: *num = c->cu_off + rd_u(r, 2); return True;
      case 0x13: *num = c->cu_off + rd_u(r, 4); return True;
      case 0x14: *num = c->cu_off + rd_u(r, 8); return True;
      case 0x15: *num = c->cu_off + rd_uleb(r); return True;
      case 0x16: { UInt f = (UInt)rd_uleb(r);
                   return read_form(c, r, f, ic, num, blk, blen, s); }
      case 0x17: *num = rd_u(r, c->offsz); return True;
      case 0x18: *blen = rd_uleb(r); *blk = r->p; rd_skip(r, *blen); return True;
      case 0x19: *num = 1; return True;
      case 0x1a: case 0x1b: case 0x22: case 0x23: rd_uleb(r); return True;
      case 0x1c: rd_u(r, 4); return True;
      case 0x1d: rd_u(r, c->offsz); return True;
      case 0x1e: rd_skip(r, 16); return True;
      case 0x1f: { ULong o = rd_u(r, c->offsz);
                   if (c->lstr && o < c->lstr_sz) *s = (const HChar*)c->lstr + o;
                   return True; }
      case 0x20: rd_u(r, 8); return True;
      case 0x21: *num = (ULong)ic; return True;
      case 0x24: rd_u(r, 8); return True;
      case 0x25: case 0x29: rd_u(r, 1); return True;
      case 0x26: case 0x2a: rd_u(r, 2); return True;
      case 0x27: case 0x2b: rd_u(r, 3); return True;
      case 0x28: case 0x2c: rd_u(r, 4); return True;
      case 0x1f01: case 0x1f02: rd_uleb(r); return True;
      case 0x1f20: case 0x1f21: rd_u(r, c->offsz); return True;
      default: return False;
   }
}

/*------------------------------------------------------------*/
/*--- Types                                                ---*/
/*------------------------------------------------------------*/

static Die*  s_die = NULL;
static UInt  s_n_die = 0, s_cap_die = 0;

static Int die_at ( ULong off )
{
   UInt lo = 0, hi = s_n_die;
   while (lo < hi) {
      UInt mid = (lo + hi) / 2;
      if (s_die[mid].off < off) lo = mid + 1; else hi = mid;
   }
   return lo < s_n_die && s_die[lo].off == off ? (Int)lo : -1;
}

static Bool cxx_atomic_name ( const HChar* n )
{
   return n && (VG_(strncmp)(n, "atomic<", 7) == 0
                || VG_(strncmp)(n, "__atomic_base<", 14) == 0
                || VG_(strcmp)(n, "atomic_flag") == 0
                || VG_(strcmp)(n, "__atomic_flag_base") == 0
                || VG_(strncmp)(n, "__atomic_float<", 15) == 0);
}

/* Size of a type (following qualifiers and typedefs). */
static ULong type_size ( Int t, UInt depth )
{
   while (t >= 0 && depth++ < 32) {
      Die* d = &s_die[t];
      if (d->size) return d->size;
      if (d->tag == 0x01) {   /* array: element size * count */
         ULong n = 0;
         for (UInt k = (UInt)t + 1; k < s_n_die && s_die[k].parent == t; k++)
            if (s_die[k].tag == 0x21) n = n ? n * s_die[k].count : s_die[k].count;
         return n * type_size(die_at(d->type), depth);
      }
      if (!d->type) return 0;
      t = die_at(d->type);
   }
   return 0;
}

/* Add the atomic parts of an object of type t at a. */
static void atomic_parts ( Int t, Addr a, UInt depth )
{
   if (depth > 24) return;
   while (t >= 0) {
      Die* d = &s_die[t];
      switch (d->tag) {
         case 0x47:   /* atomic_type */
            add_range(a, type_size(t, 0));
            return;
         case 0x16: case 0x26: case 0x35:   /* typedef, const, volatile */
            t = d->type ? die_at(d->type) : -1;
            continue;
         case 0x13: case 0x02: case 0x17:   /* struct, class, union */
            if (cxx_atomic_name(d->name)) { add_range(a, d->size); return; }
            for (UInt k = (UInt)t + 1; k < s_n_die && s_die[k].parent >= t; k++)
               if (s_die[k].parent == t && s_die[k].tag == 0x0d && s_die[k].type)
                  atomic_parts(die_at(s_die[k].type), a + (Addr)s_die[k].member_off,
                               depth + 1);
            return;
         case 0x01: {   /* array */
            Int el = d->type ? die_at(d->type) : -1;
            ULong n = 0;
            for (UInt k = (UInt)t + 1; k < s_n_die && s_die[k].parent == t; k++)
               if (s_die[k].tag == 0x21) n = n ? n * s_die[k].count : s_die[k].count;
            ULong es = type_size(el, 0);
            if (n == 0 || es == 0) return;
            UInt before = s_n;
            atomic_parts(el, a, depth + 1);
            if (s_n == before) return;          /* no atomics inside */
            if (s_n == before + 1 && s_r[before].a == a && s_r[before].e == a + es) {
               s_r[before].e = a + es * n;       /* all of it */
               return;
            }
            for (ULong i = 1; i < n && i < 4096; i++)
               atomic_parts(el, a + i * es, depth + 1);
            return;
         }
         default:
            return;
      }
   }
}

/*------------------------------------------------------------*/
/*--- One unit                                             ---*/
/*------------------------------------------------------------*/

static void read_unit ( Ctx* c, Rd* r, const UChar* abbrev, SizeT abbrev_sz,
                        ULong abbrev_off, Addr bias )
{
   UInt n_ab;
   Abbrev* ab = read_abbrevs(abbrev, abbrev_sz, abbrev_off, &n_ab);
   s_n_die = 0;
   Int stack[128]; Int sp = 0;
   Int parent = -1;
   while (r->p < r->end && !r->bad) {
      ULong off = (ULong)(r->p - c->info);
      ULong code = rd_uleb(r);
      if (code == 0) {   /* end of children */
         if (sp > 0) parent = stack[--sp]; else parent = -1;
         continue;
      }
      Abbrev* a = NULL;
      if (code <= n_ab && ab[code - 1].code == code) a = &ab[code - 1];
      else for (UInt i = 0; i < n_ab; i++) if (ab[i].code == code) { a = &ab[i]; break; }
      if (!a) break;
      if (s_n_die == s_cap_die) {
         s_cap_die = s_cap_die ? 2 * s_cap_die : 4096;
         s_die = CP_REALLOC("cp.dwarf.die", s_die, s_cap_die * sizeof(Die));
      }
      Die* d = &s_die[s_n_die];
      VG_(memset)(d, 0, sizeof *d);
      d->off = off; d->tag = a->tag; d->parent = parent;
      Bool ok = True;
      for (UInt i = 0; i < a->n && ok; i++) {
         ULong num; const UChar* blk; ULong blen; const HChar* s;
         ok = read_form(c, r, a->s[i].form, a->s[i].ic, &num, &blk, &blen, &s);
         switch (a->s[i].attr) {
            case 0x49: d->type = num; break;
            case 0x0b: d->size = num; break;
            case 0x38: d->member_off = blk ? 0 : (Long)num; break;
            case 0x2f: d->count = num + 1; break;   /* upper_bound */
            case 0x37: d->count = num; break;
            case 0x47: d->spec = num; break;
            case 0x03: d->name = s; break;
            case 0x02:
               if (blk && blen == 1 + c->addrsz && blk[0] == 0x03) {
                  Rd b = { blk + 1, blk + blen, False };
                  d->addr = (Addr)rd_u(&b, c->addrsz) + bias;
               }
               break;
         }
      }
      if (!ok || r->bad) break;
      Int me = (Int)s_n_die++;
      if (a->children) {
         if (sp < 128) stack[sp++] = parent;
         parent = me;
      }
   }
   /* variables with a fixed address */
   for (UInt i = 0; i < s_n_die; i++) {
      Die* d = &s_die[i];
      if (d->tag != 0x34 || !d->addr) continue;
      ULong ty = d->type;
      if (!ty && d->spec) { Int sd = die_at(d->spec); if (sd >= 0) ty = s_die[sd].type; }
      if (ty) atomic_parts(die_at(ty), d->addr, 0);
   }
   free_abbrevs(ab, n_ab);
}

/*------------------------------------------------------------*/
/*--- One object file                                      ---*/
/*------------------------------------------------------------*/

/* pread, with the tool API's lseek and read. */
static Bool read_at ( Int fd, void* buf, ULong n, ULong off )
{
   if (VG_(lseek)(fd, (Off64T)off, VKI_SEEK_SET) != (Off64T)off) return False;
   UChar* p = buf;
   while (n > 0) {
      Int k = VG_(read)(fd, p, n > (1 << 30) ? (1 << 30) : (Int)n);
      if (k <= 0) return False;
      p += k; n -= (ULong)k;
   }
   return True;
}

static UChar* load_section ( Int fd, ULong off, ULong size )
{
   if (size == 0 || size > (512UL << 20)) return NULL;
   UChar* p = CP_MALLOC("cp.dwarf.sect", size);
   if (!read_at(fd, p, size, off)) { CP_FREE(p); return NULL; }
   return p;
}

static void read_object ( const HChar* path, Addr bias )
{
   SysRes res = VG_(open)(path, VKI_O_RDONLY, 0);
   if (sr_isError(res)) return;
   Int fd = (Int)sr_Res(res);
   UChar eh[64];
   if (!read_at(fd, eh, 64, 0) || VG_(memcmp)(eh, "\177ELF", 4) != 0
       || eh[4] != 2 || eh[5] != 1) { VG_(close)(fd); return; }
   Rd h = { eh, eh + 64, False };
   h.p = eh + 40; ULong shoff = rd_u(&h, 8);
   h.p = eh + 58; UInt shentsize = (UInt)rd_u(&h, 2);
   UInt shnum = (UInt)rd_u(&h, 2), shstrndx = (UInt)rd_u(&h, 2);
   if (shentsize != 64 || shnum == 0 || shnum > 4096 || shstrndx >= shnum) {
      VG_(close)(fd); return;
   }
   UChar* sh = load_section(fd, shoff, (ULong)shnum * 64);
   if (!sh) { VG_(close)(fd); return; }
   Rd s = { sh + shstrndx * 64 + 24, sh + shnum * 64, False };
   ULong stroff = rd_u(&s, 8), strsz = rd_u(&s, 8);
   UChar* names = load_section(fd, stroff, strsz);
   ULong off[4] = {0}, sz[4] = {0};
   const HChar* want[4] = { ".debug_info", ".debug_abbrev", ".debug_str", ".debug_line_str" };
   for (UInt i = 0; names && i < shnum; i++) {
      Rd e = { sh + i * 64, sh + (i + 1) * 64, False };
      UInt name = (UInt)rd_u(&e, 4); rd_u(&e, 4);
      ULong flags = rd_u(&e, 8); rd_u(&e, 8);
      ULong o = rd_u(&e, 8), z = rd_u(&e, 8);
      if (name >= strsz || (flags & 0x800)) continue;   /* SHF_COMPRESSED */
      for (UInt k = 0; k < 4; k++)
         if (VG_(strcmp)((const HChar*)names + name, want[k]) == 0) { off[k] = o; sz[k] = z; }
   }
   if (names) CP_FREE(names);
   CP_FREE(sh);
   UChar* info = load_section(fd, off[0], sz[0]);
   UChar* abbr = load_section(fd, off[1], sz[1]);
   UChar* str  = load_section(fd, off[2], sz[2]);
   UChar* lstr = load_section(fd, off[3], sz[3]);
   VG_(close)(fd);
   if (info && abbr) {
      Rd r = { info, info + sz[0], False };
      while (r.p < r.end && !r.bad) {
         Ctx c = { info, sz[0], str, sz[2], lstr, sz[3], 4, 8, 0, 0 };
         c.cu_off = (ULong)(r.p - info);
         ULong len = rd_u(&r, 4);
         if (len == 0xffffffffULL) { len = rd_u(&r, 8); c.offsz = 8; }
         const UChar* end = r.p + len;
         if (end > r.end || len == 0) break;
         Rd u = { r.p, end, False };
         c.version = (UInt)rd_u(&u, 2);
         ULong abbrev_off;
         Bool skip = False;
         if (c.version >= 5) {
            UInt ut = (UInt)rd_u(&u, 1);
            c.addrsz = (UInt)rd_u(&u, 1);
            abbrev_off = rd_u(&u, c.offsz);
            if (ut == 4 || ut == 5) rd_u(&u, 8);                 /* dwo id */
            else if (ut == 2 || ut == 6) { rd_u(&u, 8); rd_u(&u, c.offsz); }
            skip = ut != 1 && ut != 3;   /* compile and partial units only */
         } else if (c.version >= 2) {
            abbrev_off = rd_u(&u, c.offsz);
            c.addrsz = (UInt)rd_u(&u, 1);
         } else break;
         if (!skip && c.addrsz == 8)
            read_unit(&c, &u, abbr, sz[1], abbrev_off, bias);
         r.p = end;
      }
   }
   if (info) CP_FREE(info);
   if (abbr) CP_FREE(abbr);
   if (str)  CP_FREE(str);
   if (lstr) CP_FREE(lstr);
}

static Bool system_object ( const HChar* f )
{
   return VG_(strncmp)(f, "/lib", 4) == 0 || VG_(strncmp)(f, "/usr/lib", 8) == 0
          || VG_(strstr)(f, "vgpreload") != NULL;
}

void CP_(dwarf_scan) ( void )
{
   for (const DebugInfo* di = VG_(next_DebugInfo)(NULL); di; di = VG_(next_DebugInfo)(di)) {
      const HChar* f = VG_(DebugInfo_get_filename)(di);
      if (!f || system_object(f)) continue;
      read_object(f, VG_(DebugInfo_get_text_bias)(di));
   }
   if (s_die) { CP_FREE(s_die); s_die = NULL; s_cap_die = s_n_die = 0; }
   VG_(ssort)(s_r, s_n, sizeof(ARange), range_cmp);
   if (VG_(clo_verbosity) > 1)
      VG_(umsg)("cprofgrind: %u atomic variable range(s) from the debug info\n", s_n);
}

/*--------------------------------------------------------------------*/
/*--- end                                               cp_dwarf.c ---*/
/*--------------------------------------------------------------------*/
