/*--------------------------------------------------------------------*/
/*--- cprofgrind: output files.                           cp_out.c ---*/
/*--------------------------------------------------------------------*/

/* Output files are complete or absent.  Each is written as
   "<name>.tmp.<pid>" in the same directory and renamed at the end; an
   error on the way removes the temporary and prints one line.  Names are
   expanded when a file is written, not at startup, so that the child of
   a fork (new pid) writes its own files (as DHAT does in dh_fini). */

#include "pub_tool_libcfile.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_vki.h"
#include "cp_out.h"
#include "cp_clo.h"
#include "cp_coreext.h"

/*------------------------------------------------------------*/
/*--- Names                                                ---*/
/*------------------------------------------------------------*/

typedef struct { HChar* s; SizeT len, cap; } Str;

static void str_add ( Str* s, const HChar* p, SizeT n )
{
   if (s->len + n + 1 > s->cap) {
      s->cap = 2 * (s->len + n + 1) + 32;
      s->s = CP_REALLOC("cp.out.str_add.1", s->s, s->cap);
   }
   for (SizeT i = 0; i < n; i++) s->s[s->len++] = p[i];
   s->s[s->len] = '\0';
}

static void str_adds ( Str* s, const HChar* p ) { str_add(s, p, VG_(strlen)(p)); }

HChar* CP_(out_expand) ( const HChar* pat, const HChar** err )
{
   static Int last_pid = 0, seq = 0;
   Str s = { NULL, 0, 0 };
   HChar num[32];
   *err = NULL;
   if (pat[0] != '/') {
      const HChar* wd = VG_(get_startup_wd)();
      if (wd == NULL) { *err = "the startup directory no longer exists"; return NULL; }
      str_adds(&s, wd);
      str_adds(&s, "/");
   }
   for (SizeT i = 0; pat[i]; i++) {
      if (pat[i] != '%') { str_add(&s, &pat[i], 1); continue; }
      i++;
      if (pat[i] == '%') {
         str_adds(&s, "%");
      } else if (pat[i] == 'p') {
         VG_(sprintf)(num, "%d", VG_(getpid)());
         str_adds(&s, num);
      } else if (pat[i] == 'n') {
         Int pid = VG_(getpid)();
         if (pid != last_pid) { last_pid = pid; seq = 0; }
         VG_(sprintf)(num, "%d", ++seq);
         str_adds(&s, num);
      } else if (pat[i] == 'q' && pat[i + 1] == '{') {
         SizeT b = i + 2, e = b;
         while (pat[e] && pat[e] != '}') e++;
         if (pat[e] != '}') { *err = "missing '}' after %q{"; goto bad; }
         HChar var[256];
         if (e - b >= sizeof var || e == b) { *err = "bad variable name in %q{...}"; goto bad; }
         VG_(strncpy)(var, pat + b, e - b);
         var[e - b] = '\0';
         const HChar* val = VG_(getenv)(var);
         if (val == NULL) { *err = "an environment variable named by %q{...} is not set"; goto bad; }
         str_adds(&s, val);
         i = e;
      } else {
         *err = "unknown %-escape (use %p, %n, %q{VAR} or %%)";
         goto bad;
      }
   }
   return s.s;
 bad:
   if (s.s) CP_FREE(s.s);
   return NULL;
}

HChar* CP_(out_name) ( const HChar* suffix, UInt dump_no, const HChar* dump_name )
{
   const HChar* err;
   HChar* base = CP_(out_expand)(CP_(clo).out_file, &err);
   CP_ASSERT(base);   /* validated at startup; only the pid changes */
   Str s = { NULL, 0, 0 };
   str_adds(&s, base);
   CP_FREE(base);
   if (dump_no > 0) {
      HChar num[16];
      VG_(sprintf)(num, ".%u", dump_no);
      str_adds(&s, num);
      if (dump_name && dump_name[0]) {
         str_adds(&s, ".");
         /* a name from the program must not make a path */
         for (const HChar* p = dump_name; *p; p++) {
            HChar c = *p == '/' ? '_' : *p;
            str_add(&s, &c, 1);
         }
      }
   }
   str_adds(&s, ".");
   str_adds(&s, suffix);
   return s.s;
}

const HChar* CP_(out_shown) ( const HChar* path )
{
   const HChar* wd = VG_(get_startup_wd)();
   SizeT n = wd ? VG_(strlen)(wd) : 0;
   if (n && VG_(strncmp)(path, wd, n) == 0 && path[n] == '/')
      return path + n + 1;
   return path;
}

void CP_(out_check_startup) ( void )
{
   const HChar* err;
   HChar* base = CP_(out_expand)(CP_(clo).out_file, &err);
   if (base == NULL)
      CP_(clo_fail)("bad --out-file=%s: %s", CP_(clo).out_file, err);
   /* Probe: create and remove a file beside where outputs will go. */
   Str s = { NULL, 0, 0 };
   str_adds(&s, base);
   str_adds(&s, ".probe.tmp");
   SysRes r = VG_(open)(s.s, VKI_O_CREAT | VKI_O_WRONLY | VKI_O_EXCL, 0600);
   if (sr_isError(r)) {
      const HChar* dir = VG_(dirname)(base);
      CP_(clo_fail)("cannot create output files %s.*: %s (check that the "
                    "directory exists and is writable, or use --out-file=)",
                    base, VG_(strerror)(sr_Err(r)));
      (void)dir;
   }
   VG_(close)(sr_Res(r));
   VG_(unlink)(s.s);
   CP_FREE(s.s);
   CP_FREE(base);
}

/*------------------------------------------------------------*/
/*--- Files                                                ---*/
/*------------------------------------------------------------*/

#define OUT_BUF (64 * 1024)

struct OutFile {
   Int    fd;
   HChar* final_path;
   HChar* tmp_path;
   UChar* buf;
   SizeT  used;
   Bool   failed;
   Int    err;
};

OutFile* CP_(out_open) ( const HChar* final_path )
{
   OutFile* f = CP_CALLOC("cp.out.open.1", 1, sizeof(OutFile));
   Str s = { NULL, 0, 0 };
   HChar num[24];
   str_adds(&s, final_path);
   VG_(sprintf)(num, ".tmp.%d", VG_(getpid)());
   str_adds(&s, num);
   f->tmp_path   = s.s;
   f->final_path = CP_STRDUP("cp.out.open.2", final_path);
   SysRes r = VG_(open)(f->tmp_path, VKI_O_CREAT | VKI_O_WRONLY | VKI_O_TRUNC, 0644);
   if (sr_isError(r)) {
      VG_(umsg)("cprofgrind: cannot write %s: %s\n", final_path,
                VG_(strerror)(sr_Err(r)));
      CP_FREE(f->tmp_path); CP_FREE(f->final_path); CP_FREE(f);
      return NULL;
   }
   f->fd  = sr_Res(r);
   f->buf = CP_MALLOC("cp.out.open.3", OUT_BUF);
   return f;
}

static void flush ( OutFile* f )
{
   SizeT off = 0;
   while (off < f->used && !f->failed) {
      Int n = VG_(write)(f->fd, f->buf + off, (Int)(f->used - off));
      if (n <= 0) { f->failed = True; f->err = -n; break; }
      off += n;
   }
   f->used = 0;
}

Bool CP_(out_write) ( OutFile* f, const void* p, SizeT n )
{
   const UChar* src = p;
   while (n > 0 && !f->failed) {
      SizeT k = OUT_BUF - f->used;
      if (k > n) k = n;
      VG_(memcpy)(f->buf + f->used, src, k);
      f->used += k; src += k; n -= k;
      if (f->used == OUT_BUF) flush(f);
   }
   return !f->failed;
}

Bool CP_(out_sink) ( void* opaque, const UChar* data, SizeT len )
{
   return CP_(out_write)((OutFile*)opaque, data, len);
}

static void out_free ( OutFile* f )
{
   CP_FREE(f->buf); CP_FREE(f->tmp_path); CP_FREE(f->final_path); CP_FREE(f);
}

void CP_(out_abort) ( OutFile* f )
{
   VG_(close)(f->fd);
   VG_(unlink)(f->tmp_path);
   out_free(f);
}

Bool CP_(out_commit) ( OutFile* f )
{
   flush(f);
   VG_(close)(f->fd);
   if (!f->failed && VG_(rename)(f->tmp_path, f->final_path) != 0) {
      f->failed = True;
      f->err = 0;
   }
   if (f->failed) {
      VG_(umsg)("cprofgrind: could not write %s%s%s; nothing was left behind\n",
                f->final_path, f->err ? ": " : "",
                f->err ? VG_(strerror)(f->err) : "");
      VG_(unlink)(f->tmp_path);
      out_free(f);
      return False;
   }
   out_free(f);
   return True;
}

/*--------------------------------------------------------------------*/
/*--- end                                                 cp_out.c ---*/
/*--------------------------------------------------------------------*/
