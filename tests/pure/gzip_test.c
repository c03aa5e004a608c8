/*--------------------------------------------------------------------*/
/*--- cprofgrind: host unit test for cp_gzip.c.        gzip_test.c ---*/
/*--------------------------------------------------------------------*/

/* Compiled on the host with libc (see gzip_test.sh, which also checks
   every output).  Usage:

      gzip_test OUTDIR [FILE...]

   Generates a set of inputs (plus any FILEs given), writes each raw input
   to OUTDIR/<name>.raw and its compressed forms to
   OUTDIR/<name>.L<level>.gz, and describes everything in
   OUTDIR/manifest.txt, one record per line:

      gz   NAME LEVEL RAWFILE GZFILE RAWSIZE GZSIZE CPU_SECONDS CLOSE_OK
      mem  NAME LEVEL PEAK_BYTES LIVE_AFTER_CLOSE
      crc  NAME RAWFILE ONESHOT_HEX CHUNKED_HEX
      api  WHAT RESULT(0/1)
      tree CASE VALID(0/1) COST OPTIMAL_COST MAXLEN UNLIMITED_DEPTH
                                                  (whitebox build only)

   The test itself judges nothing; the driver does, so that all verdicts
   come from independent decoders (gzip, Python's zlib). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <sys/stat.h>

/* With -DGZIP_TEST_WHITEBOX (as gzip_test.sh builds it) the module is
   included rather than linked, so that its static Huffman builder can be
   tested directly; without it this is an ordinary black-box client. */
#ifdef GZIP_TEST_WHITEBOX
#  include "cp_gzip.c"
#else
#  include "cp_gzip.h"
#endif

/*------------------------------------------------------------*/
/*--- Counting allocator                                   ---*/
/*------------------------------------------------------------*/

static size_t mem_live, mem_peak;

static void* t_alloc ( const HChar* cc, SizeT n )
{
   size_t* p = malloc(n + 16);
   (void)cc;
   if (p == NULL) {
      fprintf(stderr, "out of memory\n");
      exit(2);
   }
   p[0] = n;
   mem_live += n;
   if (mem_live > mem_peak)
      mem_peak = mem_live;
   return (char*)p + 16;
}

static void t_free ( void* q )
{
   size_t* p = (size_t*)((char*)q - 16);
   mem_live -= p[0];
   free(p);
}

/*------------------------------------------------------------*/
/*--- Sinks                                                ---*/
/*------------------------------------------------------------*/

typedef struct {
   unsigned char* buf;
   size_t len, cap;
   int calls;
   int fail_at;      /* call number that fails, or -1 */
} MemSink;

static Bool mem_sink ( void* opaque, const UChar* data, SizeT len )
{
   MemSink* s = opaque;
   s->calls++;
   if (s->fail_at >= 0 && s->calls >= s->fail_at)
      return False;
   if (s->len + len > s->cap) {
      size_t cap = s->cap ? s->cap : 65536;
      while (cap < s->len + len)
         cap *= 2;
      s->buf = realloc(s->buf, cap);
      if (s->buf == NULL) {
         fprintf(stderr, "out of memory\n");
         exit(2);
      }
      s->cap = cap;
   }
   memcpy(s->buf + s->len, data, len);
   s->len += len;
   return True;
}

/*------------------------------------------------------------*/
/*--- Input generators                                     ---*/
/*------------------------------------------------------------*/

typedef struct {
   unsigned char* p;
   size_t len, cap;
} Buf;

static void b_put ( Buf* b, const void* d, size_t n )
{
   if (b->len + n > b->cap) {
      size_t cap = b->cap ? b->cap : 4096;
      while (cap < b->len + n)
         cap *= 2;
      b->p = realloc(b->p, cap);
      if (b->p == NULL) {
         fprintf(stderr, "out of memory\n");
         exit(2);
      }
      b->cap = cap;
   }
   memcpy(b->p + b->len, d, n);
   b->len += n;
}

static void b_byte ( Buf* b, unsigned v )
{
   unsigned char c = (unsigned char)v;
   b_put(b, &c, 1);
}

static void b_varint ( Buf* b, unsigned long long v )
{
   while (v >= 0x80) {
      b_byte(b, (unsigned)(v & 0x7F) | 0x80);
      v >>= 7;
   }
   b_byte(b, (unsigned)v);
}

static void b_str ( Buf* b, const char* s )
{
   b_put(b, s, strlen(s));
}

static unsigned long long rng_state = 88172645463325252ULL;

static unsigned long long rnd ( void )
{
   /* xorshift64*: deterministic, so every run tests the same bytes. */
   rng_state ^= rng_state >> 12;
   rng_state ^= rng_state << 25;
   rng_state ^= rng_state >> 27;
   return rng_state * 2685821657736338717ULL;
}

static unsigned rnd_below ( unsigned n )
{
   return (unsigned)(rnd() % n);
}

/* Skewed pick in [0, n): small values much more likely, like hot
   functions in a profile. */
static unsigned rnd_skewed ( unsigned n )
{
   unsigned a = rnd_below(n), b = rnd_below(n), c = rnd_below(n);
   unsigned m = a < b ? a : b;
   return m < c ? m : c;
}

static const char* const words[] = {
   "alloc", "buffer", "parse", "emit", "hash", "table", "insert", "lookup",
   "vector", "string", "push_back", "reserve", "operator", "node", "tree",
   "visit", "compile", "decode", "encode", "flush", "write", "read",
   "stream", "block", "symbol", "frame", "stack", "unwind", "context",
   "thread", "mutex", "lock", "signal", "event", "queue", "worker"
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static void make_name ( char* out, size_t cap, unsigned i )
{
   unsigned a = i % NWORDS, b = (i / NWORDS) % NWORDS, c = i % 7;
   if (c == 0)
      snprintf(out, cap, "std::%s<%s>::%s", words[a], words[b],
               words[(a + b) % NWORDS]);
   else if (c < 4)
      snprintf(out, cap, "%s_%s_%u", words[a], words[b], i);
   else
      snprintf(out, cap, "ns%u::%s::%s", i % 13, words[b], words[a]);
}

static void make_path ( char* out, size_t cap, unsigned i )
{
   snprintf(out, cap, "/home/build/src/project/%s/%s_%u.%s",
            words[i % NWORDS], words[(i * 7) % NWORDS], i,
            (i & 1) ? "cc" : "c");
}

/* Length-delimited field: tag, length, payload. */
static void pb_bytes ( Buf* b, unsigned field, const Buf* payload )
{
   b_varint(b, (field << 3) | 2);
   b_varint(b, payload->len);
   b_put(b, payload->p, payload->len);
}

/* A pprof-shaped protobuf: many samples (packed location ids, small
   values), then locations, functions and the string table. */
static void gen_proto ( Buf* out, size_t target )
{
   enum { NSTR = 3000, NFUNC = 2500, NLOC = 6000 };
   Buf m = {0}, sub = {0}, packed = {0};
   char tmp[256];
   unsigned i, j;
   size_t tail_budget = 600000;

   while (out->len + tail_budget < target) {
      unsigned depth = 4 + rnd_skewed(40);
      unsigned leaf = rnd_skewed(NLOC);
      m.len = 0;
      packed.len = 0;
      /* Stacks share long common suffixes (callers), like real ones. */
      b_varint(&packed, 1 + leaf);
      for (j = 1; j < depth; j++)
         b_varint(&packed,
                  1 + ((leaf * 31 + j * 17) % (NLOC / 4)) * (j % 3 + 1));
      pb_bytes(&m, 1, &packed);
      packed.len = 0;
      b_varint(&packed, 1 + rnd_skewed(20));
      b_varint(&packed, (1 + rnd_skewed(20)) * 10000000ULL);
      pb_bytes(&m, 2, &packed);
      pb_bytes(out, 2, &m);
   }
   for (i = 0; i < NLOC && out->len < target; i++) {
      m.len = 0;
      b_varint(&m, (1 << 3) | 0); b_varint(&m, 1 + i);
      b_varint(&m, (3 << 3) | 0);
      b_varint(&m, 0x401000 + i * 0x24 + rnd_below(16));
      sub.len = 0;
      b_varint(&sub, (1 << 3) | 0); b_varint(&sub, 1 + i % NFUNC);
      b_varint(&sub, (2 << 3) | 0); b_varint(&sub, 10 + rnd_below(2000));
      pb_bytes(&m, 4, &sub);
      pb_bytes(out, 4, &m);
   }
   for (i = 0; i < NFUNC && out->len < target; i++) {
      m.len = 0;
      b_varint(&m, (1 << 3) | 0); b_varint(&m, 1 + i);
      b_varint(&m, (2 << 3) | 0); b_varint(&m, 1 + i % NSTR);
      b_varint(&m, (3 << 3) | 0); b_varint(&m, 1 + i % NSTR);
      b_varint(&m, (4 << 3) | 0); b_varint(&m, 1 + (NSTR / 2 + i / 8) % NSTR);
      pb_bytes(out, 5, &m);
   }
   for (i = 0; i < NSTR && out->len < target; i++) {
      if (i < NSTR / 2)
         make_name(tmp, sizeof tmp, i);
      else
         make_path(tmp, sizeof tmp, i);
      m.len = 0;
      b_str(&m, tmp);
      pb_bytes(out, 6, &m);
   }
   /* Pad to the exact target with more samples-like filler. */
   while (out->len < target)
      b_byte(out, (unsigned)(rnd_skewed(128)));
   out->len = target;
   free(m.p); free(sub.p); free(packed.p);
}

static void gen_json ( Buf* out, size_t target )
{
   char tmp[1024], name[256], path[256];
   unsigned i = 0;
   b_str(out, "{\"nodes\":[\n");
   while (out->len < target) {
      unsigned f = rnd_skewed(4000);
      make_name(name, sizeof name, f);
      make_path(path, sizeof path, f / 3);
      snprintf(tmp, sizeof tmp,
               "  {\"id\":%u,\"name\":\"%s\",\"file\":\"%s\",\"line\":%u,"
               "\"self\":%u,\"total\":%u,\"children\":[%u,%u,%u]},\n",
               i, name, path, 1 + rnd_below(3000), rnd_skewed(100000),
               rnd_below(5000000), rnd_skewed(4000), rnd_skewed(4000),
               rnd_skewed(4000));
      b_str(out, tmp);
      i++;
   }
   out->len = target;
}

static void gen_random ( Buf* out, size_t n )
{
   while (out->len < n) {
      unsigned long long v = rnd();
      b_put(out, &v, n - out->len < 8 ? n - out->len : 8);
   }
}

/* Byte i (of 26) is about phi times rarer than byte i+1: very skewed
   statistics, long hash chains of short matches (the slowest case for
   the match finder) and deep Huffman trees.  LZ77 flattens the literal
   statistics enough that the 15-bit limit is not reached here; the
   whitebox deep_block_test covers that. */
static void gen_fib ( Buf* out, size_t n )
{
   unsigned long long fib[26], total = 0, r;
   unsigned i;
   fib[0] = 1; fib[1] = 1;
   for (i = 2; i < 26; i++)
      fib[i] = fib[i - 1] + fib[i - 2];
   for (i = 0; i < 26; i++)
      total += fib[i];
   while (out->len < n) {
      r = rnd() % total;
      for (i = 25; ; i--) {
         if (r < fib[i])
            break;
         r -= fib[i];
      }
      b_byte(out, 'a' + i);
   }
}

/* Alternating incompressible, text and zero segments of odd sizes, so
   that block types switch and stored blocks start at odd offsets. */
static void gen_mixed ( Buf* out, size_t n )
{
   Buf t = {0};
   gen_json(&t, 200000);
   while (out->len < n) {
      unsigned kind = rnd_below(3), len = 1 + rnd_below(90000);
      size_t start = out->len;
      if (kind == 0) {
         gen_random(out, start + len);
      } else if (kind == 1) {
         size_t off = rnd_below((unsigned)(t.len - len));
         b_put(out, t.p + off, len);
      } else {
         unsigned k;
         for (k = 0; k < len; k++)
            b_byte(out, 0);
      }
   }
   out->len = n;
   free(t.p);
}

/*------------------------------------------------------------*/
/*--- Driver                                               ---*/
/*------------------------------------------------------------*/

static const char* outdir;
static FILE* manifest;

/* CPU time rather than wall time: the numbers are informational, and
   CPU time is far less disturbed by other load on the machine. */
static double now ( void )
{
   struct timespec ts;
   clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
   return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void write_file ( const char* path, const void* p, size_t n )
{
   FILE* f = fopen(path, "wb");
   if (f == NULL || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
      fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
      exit(2);
   }
}

/* How the input is handed to gz_write. */
enum { FEED_WHOLE, FEED_ODD };

static void feed ( GzStream* gz, const unsigned char* p, size_t n, int mode )
{
   static const size_t sizes[] = { 3, 4093, 65536, 65537, 100000, 1, 7,
                                   1 << 20, 32768, 262, 261, 32767 };
   size_t pos = 0, k = 0;
   if (mode == FEED_WHOLE) {
      CP_(gz_write)(gz, p, n);
      CP_(gz_write)(gz, p, 0);       /* zero-length writes are harmless */
      return;
   }
   /* Byte by byte for the first part, then odd-sized chunks. */
   while (pos < n && pos < 150000) {
      CP_(gz_write)(gz, p + pos, 1);
      pos++;
   }
   while (pos < n) {
      size_t c = sizes[k++ % (sizeof sizes / sizeof sizes[0])];
      if (c > n - pos)
         c = n - pos;
      CP_(gz_write)(gz, p + pos, c);
      pos += c;
   }
}

static void compress_one ( const char* name, const char* rawpath,
                           const Buf* in, int level, int mode, int reps )
{
   char path[4096];
   MemSink s;
   double best = 1e30;
   Bool ok = True;
   int r;

   memset(&s, 0, sizeof s);
   for (r = 0; r < reps; r++) {
      GzStream* gz;
      double t0;
      s.len = 0;
      s.calls = 0;
      s.fail_at = -1;
      mem_peak = mem_live = 0;
      t0 = now();
      gz = CP_(gz_open)(t_alloc, t_free, mem_sink, &s, level);
      if (gz == NULL) {
         fprintf(stderr, "gz_open failed\n");
         exit(2);
      }
      feed(gz, in->p, in->len, mode);
      ok = CP_(gz_close)(gz);
      t0 = now() - t0;
      if (t0 < best)
         best = t0;
   }
   snprintf(path, sizeof path, "%s/%s.L%d.gz", outdir, name, level);
   write_file(path, s.buf, s.len);
   fprintf(manifest, "gz %s %d %s %s %zu %zu %.6f %d\n", name, level,
           rawpath, path, in->len, s.len, best, ok ? 1 : 0);
   fprintf(manifest, "mem %s %d %zu %zu\n", name, level, mem_peak, mem_live);
   free(s.buf);
}

static void test_input ( const char* name, const Buf* in, const int* levels,
                         int nlevels, int mode, int reps )
{
   char rawpath[4096];
   UInt c1, c2;
   size_t pos, k;
   int i;

   snprintf(rawpath, sizeof rawpath, "%s/%s.raw", outdir, name);
   write_file(rawpath, in->p, in->len);

   c1 = CP_(gz_crc32)(0, in->p, in->len);
   /* Same CRC accumulated over pieces of 1..37 bytes. */
   c2 = 0;
   for (pos = 0, k = 1; pos < in->len; pos += k, k = k % 37 + 1) {
      size_t c = k < in->len - pos ? k : in->len - pos;
      c2 = CP_(gz_crc32)(c2, in->p + pos, c);
   }
   fprintf(manifest, "crc %s %s %08x %08x\n", name, rawpath, c1, c2);

   for (i = 0; i < nlevels; i++)
      compress_one(name, rawpath, in, levels[i], mode, reps);
   fflush(manifest);
}

static int api_sink_failure ( const Buf* in, int fail_at )
{
   MemSink s;
   GzStream* gz;
   Bool ok;
   memset(&s, 0, sizeof s);
   s.fail_at = fail_at;
   gz = CP_(gz_open)(t_alloc, t_free, mem_sink, &s, 1);
   CP_(gz_write)(gz, in->p, in->len);
   ok = CP_(gz_close)(gz);
   free(s.buf);
   return ok == False;
}

/*------------------------------------------------------------*/
/*--- Whitebox: the length-limited Huffman builder         ---*/
/*------------------------------------------------------------*/

#ifdef GZIP_TEST_WHITEBOX

/* Depth of the deepest leaf of an unlimited Huffman tree (simple
   O(n^2) construction; reference only). */
static unsigned huffman_depth ( const UInt* freq, int n )
{
   unsigned long long w[2 * L_CODES];
   unsigned depth[2 * L_CODES];
   int alive[2 * L_CODES];
   int m = 0, i, left;
   unsigned best = 0;
   for (i = 0; i < n; i++)
      if (freq[i]) {
         w[m] = freq[i]; depth[m] = 0; alive[m] = 1; m++;
      }
   if (m < 2)
      return m;
   left = m;
   while (left > 1) {
      int a = -1, b = -1;
      for (i = 0; i < m; i++) {
         if (!alive[i]) continue;
         if (a < 0 || w[i] < w[a]) { b = a; a = i; }
         else if (b < 0 || w[i] < w[b]) b = i;
      }
      alive[a] = alive[b] = 0;
      w[m] = w[a] + w[b];
      depth[m] = (depth[a] > depth[b] ? depth[a] : depth[b]) + 1;
      alive[m] = 1;
      m++;
      left--;
   }
   for (i = 0; i < m; i++)
      if (alive[i]) best = depth[i];
   return best;
}

/* Cost of an optimal code with lengths <= maxlen, by package-merge. */
static unsigned long long pm_cost ( const UInt* freq, int n, int maxlen )
{
   enum { MAXM = L_CODES, MAXI = 2 * L_CODES };
   static unsigned short cnt[2][MAXI][MAXM];
   static unsigned long long wt[2][MAXI];
   static unsigned long long leafw[MAXM];
   unsigned short ncnt[MAXI][MAXM];
   unsigned long long nwt[MAXI];
   int m = 0, i, j, k, lvl, cur = 0, len[2];
   unsigned long long cost = 0;

   for (i = 0; i < n; i++)
      if (freq[i]) leafw[m++] = freq[i];
   if (m == 0) return 0;
   if (m == 1) return leafw[0];
   /* Sort leaves ascending (insertion sort; reference code). */
   for (i = 1; i < m; i++)
      for (j = i; j > 0 && leafw[j - 1] > leafw[j]; j--) {
         unsigned long long t = leafw[j];
         leafw[j] = leafw[j - 1];
         leafw[j - 1] = t;
      }
   memset(cnt, 0, sizeof cnt);
   for (i = 0; i < m; i++) {
      wt[0][i] = leafw[i];
      cnt[0][i][i] = 1;
   }
   len[0] = m;
   for (lvl = 2; lvl <= maxlen; lvl++) {
      int np = len[cur] / 2, a = 0, b = 0, o = 0;
      /* Packages of consecutive pairs of the previous list. */
      for (k = 0; k < np; k++) {
         nwt[k] = wt[cur][2 * k] + wt[cur][2 * k + 1];
         for (j = 0; j < m; j++)
            ncnt[k][j] = cnt[cur][2 * k][j] + cnt[cur][2 * k + 1][j];
      }
      /* Merge with the leaves. */
      while (a < m || b < np) {
         int nx = 1 - cur;
         if (b >= np || (a < m && leafw[a] <= nwt[b])) {
            wt[nx][o] = leafw[a];
            memset(cnt[nx][o], 0, sizeof cnt[nx][o]);
            cnt[nx][o][a] = 1;
            a++;
         } else {
            wt[nx][o] = nwt[b];
            memcpy(cnt[nx][o], ncnt[b], sizeof cnt[nx][o]);
            b++;
         }
         o++;
      }
      cur = 1 - cur;
      len[cur] = o;
   }
   for (i = 0; i < 2 * m - 2; i++)
      for (j = 0; j < m; j++)
         cost += (unsigned long long)cnt[cur][i][j] * leafw[j];
   return cost;
}

static void tree_case ( const char* name, const UInt* freq, int n,
                        int max_bits )
{
   UChar  len[L_CODES];
   UShort code[L_CODES];
   unsigned long long cost = 0, kraft = 0, opt;
   int valid = 1, i, j, maxlen = 0, nused = 0;

   build_tree(freq, n, max_bits, len, code);
   for (i = 0; i < n; i++) {
      if (len[i] > maxlen) maxlen = len[i];
      if (freq[i] && len[i] == 0) valid = 0;          /* symbol lost */
      if (len[i] > max_bits) valid = 0;               /* too long */
      if (len[i]) {
         kraft += 1ull << (max_bits - len[i]);
         nused++;
      }
      cost += (unsigned long long)freq[i] * len[i];
   }
   if (kraft != (1ull << max_bits)) valid = 0;       /* not complete */
   if (nused < 2) valid = 0;                          /* zlib needs two */
   /* Prefix-free: codes are stored LSB-first, so code i is a prefix of
      code j if their low len[i] bits agree. */
   for (i = 0; i < n; i++)
      for (j = 0; j < n; j++)
         if (i != j && len[i] && len[j] && len[i] <= len[j]
             && (code[j] & ((1u << len[i]) - 1)) == code[i])
            valid = 0;
   opt = pm_cost(freq, n, max_bits);
   fprintf(manifest, "tree %s %d %llu %llu %d %u\n", name, valid, cost, opt,
           maxlen, huffman_depth(freq, n));
}

static void tree_tests ( void )
{
   UInt f[L_CODES];
   char name[64];
   int i, c;
   unsigned long long a, b;
   static const int sizes[3] = { L_CODES, D_CODES, BL_CODES };
   static const int limits[3] = { MAX_BITS, MAX_BITS, MAX_BL_BITS };

   for (c = 0; c < 3; c++) {
      int n = sizes[c], mb = limits[c];
      /* Fibonacci weights: the unlimited tree is a chain as deep as the
         alphabet (capped below 2^23, the builder's limit). */
      memset(f, 0, sizeof f);
      a = 1; b = 1;
      for (i = 0; i < n; i++) {
         f[i] = (UInt)(a < 8000000 ? a : 8000000);
         { unsigned long long t = a + b; a = b; b = t; }
      }
      snprintf(name, sizeof name, "fibonacci_n%d_max%d", n, mb);
      tree_case(name, f, n, mb);
      /* Edge cases: nothing used, one symbol, two symbols, all equal. */
      memset(f, 0, sizeof f);
      snprintf(name, sizeof name, "empty_n%d", n);
      tree_case(name, f, n, mb);
      f[n - 1] = 5;
      snprintf(name, sizeof name, "single_n%d", n);
      tree_case(name, f, n, mb);
      f[0] = 1000000;
      snprintf(name, sizeof name, "two_n%d", n);
      tree_case(name, f, n, mb);
      for (i = 0; i < n; i++) f[i] = 7;
      snprintf(name, sizeof name, "flat_n%d", n);
      tree_case(name, f, n, mb);
      /* Random heavy-tailed weights, some zero. */
      for (i = 0; i < 60; i++) {
         int k;
         for (k = 0; k < n; k++) {
            unsigned e = rnd_below(23);
            f[k] = rnd_below(4) == 0 ? 0 : (UInt)(rnd() % (1u << e)) + 1;
         }
         snprintf(name, sizeof name, "random%d_n%d_max%d", i, n, mb);
         tree_case(name, f, n, mb);
      }
   }
}

/* A block of literals only, fed straight to the block writer, whose
   byte counts are 1, 1, 2, 3, 5, ... (18 symbols, 6764 bytes): its
   unlimited Huffman tree is 17 deep, so the 15-bit limiter must act in a
   real dynamic block, which gzip and zlib must then decode.  LZ77 cannot
   be made to leave such skewed data unmatched, hence the whitebox. */
static void deep_block_test ( void )
{
   Buf raw = {0};
   MemSink s;
   GzStream* gz;
   char path[4096], rawpath[4096];
   UInt f0 = 1, f1 = 1, t, i, k;
   Bool ok;

   for (i = 0; i < 18; i++) {
      for (k = 0; k < f0; k++)
         b_byte(&raw, 'A' + i);
      t = f0 + f1; f0 = f1; f1 = t;
   }
   for (i = raw.len - 1; i > 0; i--) {
      UInt j = rnd_below(i + 1);
      unsigned char x = raw.p[i]; raw.p[i] = raw.p[j]; raw.p[j] = x;
   }
   memset(&s, 0, sizeof s);
   s.fail_at = -1;
   mem_peak = mem_live = 0;
   gz = CP_(gz_open)(t_alloc, t_free, mem_sink, &s, 1);
   for (i = 0; i < raw.len; i++)
      (void)tally_lit(gz, raw.p[i]);
   gz->crc   = CP_(gz_crc32)(0, raw.p, raw.len);
   gz->isize = (UInt)raw.len;
   gz->block_start = -1;           /* raw bytes not in window: no stored */
   tree_case("deep_block_literals", gz->lfreq, 256, MAX_BITS);
   flush_block(gz, 0, False);
   ok = CP_(gz_close)(gz);

   snprintf(rawpath, sizeof rawpath, "%s/deep.raw", outdir);
   write_file(rawpath, raw.p, raw.len);
   snprintf(path, sizeof path, "%s/deep.L1.gz", outdir);
   write_file(path, s.buf, s.len);
   fprintf(manifest, "gz deep 1 %s %s %zu %zu 0 %d\n", rawpath, path,
           raw.len, s.len, ok ? 1 : 0);
   fprintf(manifest, "mem deep 1 %zu %zu\n", mem_peak, mem_live);
   free(s.buf);
   free(raw.p);
}

#endif /* GZIP_TEST_WHITEBOX */

static Buf read_file ( const char* path )
{
   Buf b = {0};
   unsigned char tmp[65536];
   size_t n;
   FILE* f = fopen(path, "rb");
   if (f == NULL) {
      fprintf(stderr, "cannot read %s: %s\n", path, strerror(errno));
      exit(2);
   }
   while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
      b_put(&b, tmp, n);
   fclose(f);
   return b;
}

int main ( int argc, char** argv )
{
   static const int std_levels[] = { 0, 1, 6, 9 };
   static const int all_levels[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
   static const int odd_levels[] = { -3, 12 };
   char path[4096];
   Buf in;
   int i;

   if (argc < 2) {
      fprintf(stderr, "usage: %s OUTDIR [FILE...]\n", argv[0]);
      return 2;
   }
   outdir = argv[1];
   mkdir(outdir, 0755);
   snprintf(path, sizeof path, "%s/manifest.txt", outdir);
   manifest = fopen(path, "w");
   if (manifest == NULL) {
      fprintf(stderr, "cannot write %s\n", path);
      return 2;
   }

   memset(&in, 0, sizeof in);
   test_input("empty", &in, std_levels, 4, FEED_WHOLE, 1);

   b_byte(&in, 'x');
   test_input("one", &in, std_levels, 4, FEED_WHOLE, 1);
   free(in.p); memset(&in, 0, sizeof in);

   b_str(&in, "123456789");
   test_input("check", &in, std_levels, 4, FEED_WHOLE, 1);
   free(in.p); memset(&in, 0, sizeof in);

   in.p = calloc(10 << 20, 1);
   in.len = in.cap = 10 << 20;
   test_input("zeros", &in, std_levels, 4, FEED_WHOLE, 1);
   free(in.p); memset(&in, 0, sizeof in);

   gen_random(&in, 1 << 20);
   test_input("random", &in, std_levels, 4, FEED_WHOLE, 1);
   free(in.p); memset(&in, 0, sizeof in);

   gen_proto(&in, 5 << 20);
   test_input("proto", &in, all_levels, 10, FEED_WHOLE, 3);
   test_input("proto_odd", &in, std_levels, 4, FEED_ODD, 1);
   free(in.p); memset(&in, 0, sizeof in);

   gen_json(&in, 3 << 20);
   test_input("json", &in, std_levels, 4, FEED_WHOLE, 1);
   test_input("json_odd", &in, std_levels, 4, FEED_ODD, 1);
   test_input("json_clamp", &in, odd_levels, 2, FEED_WHOLE, 1);
   free(in.p); memset(&in, 0, sizeof in);

   gen_fib(&in, 1 << 20);
   test_input("fib", &in, std_levels, 4, FEED_WHOLE, 1);
   free(in.p); memset(&in, 0, sizeof in);

   gen_mixed(&in, 6 << 20);
   test_input("mixed", &in, std_levels, 4, FEED_ODD, 1);

   /* Sink failures must be reported by gz_close, whether the first or a
      later sink call fails. */
   fprintf(manifest, "api sink_fails_first_call %d\n",
           api_sink_failure(&in, 1));
   fprintf(manifest, "api sink_fails_third_call %d\n",
           api_sink_failure(&in, 3));
   fprintf(manifest, "api close_null_is_false %d\n",
           CP_(gz_close)(NULL) == False);
   free(in.p); memset(&in, 0, sizeof in);

   for (i = 2; i < argc; i++) {
      char name[64];
      in = read_file(argv[i]);
      snprintf(name, sizeof name, "file%d", i - 1);
      test_input(name, &in, std_levels, 4, FEED_ODD, 1);
      free(in.p); memset(&in, 0, sizeof in);
   }

#ifdef GZIP_TEST_WHITEBOX
   tree_tests();
   deep_block_test();
#endif
   fclose(manifest);
   return 0;
}

/*--------------------------------------------------------------------*/
/*--- end                                             gzip_test.c ---*/
/*--------------------------------------------------------------------*/
