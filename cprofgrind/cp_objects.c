/*--------------------------------------------------------------------*/
/*--- cprofgrind: loaded objects (pprof mappings).   cp_objects.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   pprof wants one Mapping per executable segment, with the file name,
   the file offset of the segment and the GNU build-id (golang/go
   runtime/pprof/proto.go reads them from /proc/self/maps and the ELF
   note).  Valgrind's DebugInfo gives the file name and the text bias but
   no build-id in 3.19, so this module reads the ELF program headers and
   PT_NOTE segments of each object itself, once, when the first piece of
   its code is translated.

   Objects are never forgotten: a profile written at exit must still name
   a library that was dlclose()d.  The main executable is kept at index 0
   (pprof: "mapping[0] will be the main binary").

   Cost: one DebugInfo lookup and one file read per object; lookups by
   address go through a one-entry cache and then a linear scan (programs
   map tens of objects, not thousands). */

#include "pub_tool_libcfile.h"
#include "pub_tool_clientstate.h"
#include "pub_tool_vki.h"
#include "pub_tool_options.h"
#include "cp_objects.h"
#include "cp_clo.h"
#include "cp_coreext.h"

static Obj** s_objs     = NULL;
static UInt  s_n_objs   = 0;
static UInt  s_cap_objs = 0;
static const Obj* s_last = NULL;

static struct vg_stat s_exe_stat;
static Bool           s_exe_stat_ok = False;

/*------------------------------------------------------------*/
/*--- ELF reading (both classes, little and big endian)    ---*/
/*------------------------------------------------------------*/

typedef struct {
   Int   fd;
   Bool  is64;
   Bool  le;
} ElfFile;

static Bool read_at ( Int fd, ULong off, void* buf, Int n )
{
   if (VG_(lseek)(fd, (Off64T)off, VKI_SEEK_SET) != (Off64T)off) return False;
   return VG_(read)(fd, buf, n) == n;
}

static ULong get_u ( const ElfFile* ef, const UChar* p, Int n )
{
   ULong v = 0;
   for (Int i = 0; i < n; i++)
      v |= (ULong)p[ef->le ? i : n - 1 - i] << (8 * i);
   return v;
}

/* Program header fields we use, whatever the class. */
typedef struct { UInt type, flags; ULong offset, vaddr, filesz, memsz; } Phdr;

static Bool read_phdr ( const ElfFile* ef, ULong phoff, UInt i, UInt phentsize,
                        Phdr* ph )
{
   UChar b[64];
   if (phentsize > sizeof b || !read_at(ef->fd, phoff + (ULong)i * phentsize,
                                        b, phentsize))
      return False;
   if (ef->is64) {
      ph->type   = (UInt)get_u(ef, b + 0, 4);
      ph->flags  = (UInt)get_u(ef, b + 4, 4);
      ph->offset = get_u(ef, b + 8, 8);
      ph->vaddr  = get_u(ef, b + 16, 8);
      ph->filesz = get_u(ef, b + 32, 8);
      ph->memsz  = get_u(ef, b + 40, 8);
   } else {
      ph->type   = (UInt)get_u(ef, b + 0, 4);
      ph->offset = get_u(ef, b + 4, 4);
      ph->vaddr  = get_u(ef, b + 8, 4);
      ph->filesz = get_u(ef, b + 16, 4);
      ph->memsz  = get_u(ef, b + 20, 4);
      ph->flags  = (UInt)get_u(ef, b + 24, 4);
   }
   return True;
}

#define PT_LOAD_  1
#define PT_NOTE_  4
#define PF_X_     1
#define ET_DYN_   3
#define NT_GNU_BUILD_ID_ 3

static void note_build_id ( const ElfFile* ef, const Phdr* ph, Obj* o )
{
   UChar buf[4096];
   Int   n = ph->filesz < sizeof buf ? (Int)ph->filesz : (Int)sizeof buf;
   if (!read_at(ef->fd, ph->offset, buf, n)) return;
   Int p = 0;
   while (p + 12 <= n) {
      UInt namesz = (UInt)get_u(ef, buf + p, 4);
      UInt descsz = (UInt)get_u(ef, buf + p + 4, 4);
      UInt type   = (UInt)get_u(ef, buf + p + 8, 4);
      Int  name   = p + 12;
      Int  desc   = name + (Int)((namesz + 3) & ~3u);
      Int  next   = desc + (Int)((descsz + 3) & ~3u);
      if (next > n || desc > n) break;
      if (type == NT_GNU_BUILD_ID_ && namesz == 4
          && VG_(memcmp)(buf + name, "GNU", 4) == 0 && descsz <= 32) {
         static const HChar hex[] = "0123456789abcdef";
         for (UInt i = 0; i < descsz; i++) {
            o->build_id[2 * i]     = hex[buf[desc + i] >> 4];
            o->build_id[2 * i + 1] = hex[buf[desc + i] & 15];
         }
         o->build_id[2 * descsz] = '\0';
         return;
      }
      p = next;
   }
}

/* Fill segment and build-id fields from the file.  text_svma is the
   link-time address of the text (avma - bias), used to pick the
   executable segment that holds it. */
static void read_elf ( Obj* o, Addr text_svma )
{
   SysRes r = VG_(open)(o->filename, VKI_O_RDONLY, 0);
   if (sr_isError(r)) return;
   ElfFile ef = { .fd = (Int)sr_Res(r) };
   UChar eh[64];
   if (!read_at(ef.fd, 0, eh, sizeof eh)
       || VG_(memcmp)(eh, "\177ELF", 4) != 0) {
      VG_(close)(ef.fd);
      return;
   }
   ef.is64 = eh[4] == 2;
   ef.le   = eh[5] == 1;
   UInt  e_type    = (UInt)get_u(&ef, eh + 16, 2);
   ULong phoff     = ef.is64 ? get_u(&ef, eh + 32, 8) : get_u(&ef, eh + 28, 4);
   UInt  phentsize = (UInt)get_u(&ef, eh + (ef.is64 ? 54 : 42), 2);
   UInt  phnum     = (UInt)get_u(&ef, eh + (ef.is64 ? 56 : 44), 2);
   o->is_pie = o->is_main && e_type == ET_DYN_;
   Bool found = False;
   for (UInt i = 0; i < phnum; i++) {
      Phdr ph;
      if (!read_phdr(&ef, phoff, i, phentsize, &ph)) break;
      if (ph.type == PT_NOTE_ && o->build_id[0] == '\0')
         note_build_id(&ef, &ph, o);
      if (ph.type == PT_LOAD_ && (ph.flags & PF_X_) && !found
          && text_svma >= ph.vaddr && text_svma < ph.vaddr + ph.memsz) {
         o->vaddr  = (Addr)ph.vaddr;
         o->offset = ph.offset;
         o->avma   = (Addr)ph.vaddr + o->bias;
         o->size   = (SizeT)ph.memsz;
         found = True;
      }
   }
   VG_(close)(ef.fd);
}

/*------------------------------------------------------------*/
/*--- The object list                                      ---*/
/*------------------------------------------------------------*/

static Bool is_main_exe ( const HChar* filename )
{
   struct vg_stat st;
   if (!s_exe_stat_ok) return False;
   SysRes r = VG_(stat)(filename, &st);
   return !sr_isError(r) && st.dev == s_exe_stat.dev && st.ino == s_exe_stat.ino;
}

static Bool skips_inline ( const HChar* filename );

static const Obj* add_obj ( const DebugInfo* di )
{
   Obj* o = CP_CALLOC("cp.obj.add_obj.1", 1, sizeof(Obj));
   const HChar* fn = VG_(DebugInfo_get_filename)(di);
   o->filename = CP_STRDUP("cp.obj.add_obj.2", fn ? fn : "???");
   o->bias     = VG_(DebugInfo_get_text_bias)(di);
   /* Until the file says better, the mapping is the text section. */
   o->avma     = VG_(DebugInfo_get_text_avma)(di);
   o->size     = VG_(DebugInfo_get_text_size)(di);
   o->vaddr    = o->avma - o->bias;
   o->offset   = 0;
   o->is_main  = is_main_exe(o->filename);
   o->is_ours  = VG_(strstr)(VG_(basename)(o->filename),
                             "vgpreload_cprofgrind") != NULL
                 || VG_(strstr)(VG_(basename)(o->filename),
                                "vgpreload_cpgheap") != NULL;
   const HChar* base = VG_(basename)(o->filename);
   o->is_sys   = VG_(strncmp)(base, "libc.so", 7) == 0
                 || VG_(strncmp)(base, "ld-linux", 8) == 0
                 || VG_(strncmp)(base, "ld64.so", 7) == 0;
   o->no_inline = skips_inline(o->filename);
   read_elf(o, o->avma - o->bias);

   if (s_n_objs == s_cap_objs) {
      s_cap_objs = s_cap_objs ? 2 * s_cap_objs : 32;
      s_objs = CP_REALLOC("cp.obj.add_obj.3", s_objs, s_cap_objs * sizeof(Obj*));
   }
   if (o->is_main) {   /* keep the main executable first */
      for (UInt i = s_n_objs; i > 0; i--) s_objs[i] = s_objs[i - 1];
      s_objs[0] = o;
   } else {
      s_objs[s_n_objs] = o;
   }
   s_n_objs++;
   for (UInt i = 0; i < s_n_objs; i++) s_objs[i]->id = i + 1;
   return o;
}

static inline Bool contains ( const Obj* o, Addr a )
{
   return a >= o->avma && a - o->avma < o->size;
}

const Obj* CP_(obj_of) ( DiEpoch ep, Addr a )
{
   if (s_last && contains(s_last, a)) return s_last;
   for (UInt i = 0; i < s_n_objs; i++)
      if (contains(s_objs[i], a)) return s_last = s_objs[i];
   DebugInfo* di = VG_(find_DebugInfo)(ep, a);
   if (di == NULL || VG_(DebugInfo_get_text_size)(di) == 0) return NULL;
   /* Code outside the executable segment of an object we already know
      (rare: code in another section) has no mapping of its own. */
   const HChar* fn = VG_(DebugInfo_get_filename)(di);
   for (UInt i = 0; i < s_n_objs; i++)
      if (fn && VG_(strcmp)(s_objs[i]->filename, fn) == 0
          && s_objs[i]->bias == VG_(DebugInfo_get_text_bias)(di))
         return NULL;
   const Obj* o = add_obj(di);
   return contains(o, a) ? (s_last = o) : NULL;
}

Bool CP_(obj_is_ours) ( DiEpoch ep, Addr a )
{
   const Obj* o = CP_(obj_of)(ep, a);
   return o && o->is_ours;
}

Bool CP_(obj_is_sys) ( DiEpoch ep, Addr a )
{
   const Obj* o = CP_(obj_of)(ep, a);
   return o && o->is_sys;
}

UInt       CP_(obj_count) ( void )   { return s_n_objs; }
const Obj* CP_(obj_nth)   ( UInt i ) { CP_ASSERT(i < s_n_objs); return s_objs[i]; }

Addr CP_(obj_pprof_addr) ( const Obj* o, Addr a )
{
   return o && o->is_pie ? a - o->bias : a;
}

/*------------------------------------------------------------*/
/*--- Inlined calls of system libraries                    ---*/
/*------------------------------------------------------------*/

/* Valgrind reads an object's debug info, inlined calls included when
   --read-inline-info is on, inside the mmap that maps it (before the
   tool hears of the mapping).  pprof's inlined frames need those tables
   for the program's own code; for glibc with libc6-dbg they cost ~4 MB
   of a small program's peak (xz -6: 4.1 of 75 MB) and show the inside
   of malloc and stdio, which few profiles need.  So unless
   --inline-system=yes, the flag is lowered around the mmap of a file of
   the system's library directories (the main executable excepted, even
   there: cc1 lives in /usr/lib), and raised again after it: lookups at
   exit need it up.  The executable and the dynamic loader are read at
   startup, before any mmap, with the flag up.  (Reading them with it
   down and the executable again before the first instruction, to skip
   the loader's tables, left bzip2, xz and sqlite3 0.1-1 MB higher, not
   lower: Valgrind's debug-info arena then reused less of what the
   loader's reading had freed when it read glibc's.) */
static Bool s_inline_lowered = False;

static Bool is_system_path ( const HChar* f )
{
   static const HChar* const dirs[] = { "/lib/", "/lib32/", "/lib64/",
                                        "/usr/lib/", "/usr/lib32/", "/usr/lib64/" };
   for (UInt i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
      if (VG_(strncmp)(f, dirs[i], VG_(strlen)(dirs[i])) == 0) return True;
   return False;
}

static Bool skips_inline ( const HChar* filename )
{
   /* Valgrind's preload libraries and ours: their frames are hidden */
   if (VG_(strncmp)(VG_(basename)(filename), "vgpreload_", 10) == 0) return True;
   return !CP_(clo).inline_system && is_system_path(filename)
          && !is_main_exe(filename);
}

void CP_(obj_pre_mmap) ( const UWord* args )
{
   Int fd = (Int)args[4];
   const HChar* name;
   if (fd < 0 || (args[3] & VKI_MAP_ANONYMOUS) || !VG_(clo_read_inline_info))
      return;
   if (!VG_(resolve_filename)(fd, &name) || !skips_inline(name)) return;
   s_inline_lowered = True;   /* (so the flag was up) */
   VG_(clo_read_inline_info) = False;
}

void CP_(obj_post_mmap) ( void )
{
   if (!s_inline_lowered) return;
   VG_(clo_read_inline_info) = True;
   s_inline_lowered = False;
}

void CP_(obj_init) ( void )
{
   /* as Valgrind found it: a name without '/' is looked up in PATH
      (`valgrind --tool=cprofgrind xz`) */
   const HChar* exe = VG_(args_the_exename) ? VG_(find_executable)(VG_(args_the_exename))
                                            : NULL;
   if (exe) {
      SysRes r = VG_(stat)(exe, &s_exe_stat);
      s_exe_stat_ok = !sr_isError(r);
   }
}

/*--------------------------------------------------------------------*/
/*--- end                                             cp_objects.c ---*/
/*--------------------------------------------------------------------*/
