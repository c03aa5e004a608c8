/*--------------------------------------------------------------------*/
/*--- cprofgrind: streaming gzip writer.                cp_gzip.c ---*/
/*--------------------------------------------------------------------*/

/* Overview
   --------
   This module owns the compression of cprofgrind's output files: it turns
   a byte stream handed over piecemeal by gz_write into a gzip member
   (RFC 1952) whose payload is DEFLATE (RFC 1951), and passes the result
   to a caller-supplied sink.  Tool code runs without libc, so there is no
   zlib to call; everything here (CRC, LZ77, Huffman) is written from the
   RFCs and needs nothing but the allocator callbacks given to gz_open.

   Memory bound.  One open stream allocates, once, at gz_open:
      window          2 x 32 KiB (+16 bytes of slack)  input history
      hash heads      32 Ki x UShort = 64 KiB           LZ77 match finder
      hash chains     32 Ki x UShort = 64 KiB
      symbol buffer   16 Ki x UInt   = 64 KiB           one block's tokens
      output buffer   16 KiB                            batches sink calls
   plus the 2.3 KiB stream struct: 274 KiB in total, whatever the
   stream length (level 0 needs only the window and output buffer:
   82 KiB).  Stack use peaks at about 7 KiB, while a block is written.
   Nothing is allocated after gz_open.

   Algorithm choices.
   * LZ77 over a 32 KiB window held in a 64 KiB buffer.  When the buffer
     is full, the upper half is copied down and all stored positions are
     rebased; this keeps positions in 16 bits (halving the hash tables'
     cache footprint) and costs one 32 KiB copy per 32 KiB of input.
   * Match finding uses hash chains keyed on 3 bytes (DEFLATE's minimum
     match): head[] gives the newest position with a given hash, prev[]
     links each position to the previous one with the same hash.  The
     chain walk is bounded per level, stops early at a "nice" length and
     compares 8 bytes at a time.
   * Levels 1-3 parse greedily and, to go fast on long runs, skip
     inserting the interior of long matches.  Levels 4-9 use lazy
     matching: a match is emitted only if the match found at the next
     byte is not longer.  Length-3 matches more than 4 KiB back are
     dropped, since they cost more bits than three literals.
   * Profiles are protobuf: short varints, many repeated small strings and
     skewed byte statistics.  That favours dynamic Huffman blocks, so every
     block gets a freshly built length-limited code.  Blocks end when the
     symbol buffer (16 Ki tokens) fills; at that point the exact cost of a
     dynamic, fixed or stored encoding is computed and the cheapest one
     is written.  Stored is only possible while the block's raw bytes are
     still in the window, which is always the case for incompressible
     data (one literal per byte, so at most 16 KiB per block).
   * Huffman lengths come from the two-queue construction over
     frequency-sorted symbols, which is linear after the sort; if the tree
     is deeper than DEFLATE allows (15 bits, 7 for the code-length code)
     the length histogram is repaired so that the Kraft sum is exactly 1
     again, and lengths are handed out again in frequency order.
   * CRC-32 is table driven, 8 bytes per step ("slicing by 8").

   Nothing here is thread-safe beyond what Valgrind gives tool code (one
   thread at a time); the shared tables are built once on first use. */

/* pub_tool_basics.h has an unused parameter (sr_EQ); keep -Wextra
   builds of this file quiet without touching the installed header. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "pub_tool_basics.h"
#pragma GCC diagnostic pop
#include "cp_gzip.h"


/*------------------------------------------------------------*/
/*--- Constants                                            ---*/
/*------------------------------------------------------------*/

#define WSIZE          32768u          /* DEFLATE's maximum distance */
#define WMASK          (WSIZE - 1)
#define WIN_BYTES      (2 * WSIZE)     /* buffer holds history + lookahead */
#define WIN_SLACK      16              /* 8-byte compares may read past end */

#define MIN_MATCH      3
#define MAX_MATCH      258
/* While more input may come, a position is only processed if a full
   maximal match plus the next hash fits behind it. */
#define MIN_LOOKAHEAD  (MAX_MATCH + MIN_MATCH + 1)
/* Matches must stay within the part of the window that survives a
   slide, which happens once fewer than MIN_LOOKAHEAD bytes remain. */
#define MAX_DIST       (WSIZE - MIN_LOOKAHEAD)
/* A length-3 match further back than this costs more than 3 literals. */
#define TOO_FAR        4096

#define HASH_BITS      15
#define HASH_SIZE      (1u << HASH_BITS)

/* Tokens per block.  Larger blocks amortise the ~60-90 byte dynamic
   header better; smaller ones adapt faster to changing data and keep a
   block's raw bytes in the window, so stored blocks stay possible.  On
   synthetic profiles 16 Ki was best or within 0.1% of best; 32 Ki lost
   1-2% on mixed data.  Must stay below 2^23 (see build_tree). */
#define SYM_BUF        16384u
#define OUT_SIZE       16384u
#define STORED_MAX     65535u          /* LEN field of a stored block */

#define L_CODES        286             /* literal/length alphabet used */
#define D_CODES        30
#define BL_CODES       19              /* code-length alphabet */
#define MAX_BITS       15
#define MAX_BL_BITS    7
#define END_BLOCK      256

#define BTYPE_STORED   0
#define BTYPE_FIXED    1
#define BTYPE_DYNAMIC  2


/*------------------------------------------------------------*/
/*--- Per-level tuning                                     ---*/
/*------------------------------------------------------------*/

/* chain: most hash-chain candidates examined per search.
   nice:  a match this long ends the search at once.
   lazy:  greedy levels: longest match whose interior is still entered in
          the hash chains; lazy levels: a pending match this long is
          emitted without searching the next position.
   good:  lazy levels: if the pending match is this long, search the next
          position with a quarter of the chain budget.
   The numbers were picked by measuring ratio and speed on synthetic
   pprof protobuf and JSON (tests/unit/gzip_test.sh).  Entering match
   interiors up to 32 bytes long matters most at level 1: repeated
   stacks in protobuf samples give many 10-60 byte matches, and their
   interiors are where the next stack's matches start (~11% smaller
   output than only entering matches up to 6 bytes, at the same speed). */
typedef struct {
   UShort chain;
   UShort nice;
   UShort lazy;
   UShort good;
   Bool   use_lazy;
} LevelCfg;

static const LevelCfg level_cfg[10] = {
   /*          chain nice lazy good */
   /* 0 */ {    0,   0,   0,   0, False },  /* stored only */
   /* 1 */ {    4,  16,  32,   0, False },
   /* 2 */ {    8,  32,  64,   0, False },
   /* 3 */ {   16,  32,  64,   0, False },
   /* 4 */ {   16,  32,  16,   8, True  },
   /* 5 */ {   32,  64,  32,  16, True  },
   /* 6 */ {  128, 128,  32,  16, True  },
   /* 7 */ {  256, 258, 128,  32, True  },
   /* 8 */ { 1024, 258, 258,  64, True  },
   /* 9 */ { 4096, 258, 258, 258, True  },
};


/*------------------------------------------------------------*/
/*--- Shared tables                                        ---*/
/*------------------------------------------------------------*/

/* RFC 1951 3.2.5: base values and extra-bit counts of the length codes
   257..285 and of the distance codes 0..29. */
static const UShort len_base[29] = {
   3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
   35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258
};
static const UChar len_extra[29] = {
   0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
   3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
};
static const UShort dist_base[30] = {
   1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
   257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
   8193, 12289, 16385, 24577
};
static const UChar dist_extra[30] = {
   0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
   7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13
};
/* RFC 1951 3.2.7: order in which code-length code lengths are sent,
   chosen there so that the likely-unused ones come last and get cut. */
static const UChar cl_order[BL_CODES] = {
   16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
};

static Bool   tables_ready = False;
static UInt   crc_tab[8][256];     /* crc_tab[k][b]: b followed by k zeros */
static UChar  len_code_tab[256];   /* match length - 3 -> length code - 257 */
/* distance - 1 -> distance code.  Entries 0..255 cover distances up to
   256 directly; above that every code spans a multiple of 128, so
   256 + ((dist - 1) >> 7) indexes the upper half. */
static UChar  dist_code_tab[512];
/* The fixed Huffman code of RFC 1951 3.2.6, bit-reversed like all codes
   here because DEFLATE sends Huffman codes MSB first into an LSB-first
   bit stream. */
static UShort fixed_lcode[288];
static UChar  fixed_llen[288];
static UShort fixed_dcode[D_CODES];
static UChar  fixed_dlen[D_CODES];

static void gen_codes ( const UChar* len, UInt n, UShort* code );

static void init_tables ( void )
{
   UInt n, k, c;

   if (tables_ready)
      return;

   for (n = 0; n < 256; n++) {
      c = n;
      for (k = 0; k < 8; k++)
         c = (c & 1) ? (0xEDB88320u ^ (c >> 1)) : (c >> 1);
      crc_tab[0][n] = c;
   }
   for (n = 0; n < 256; n++) {
      c = crc_tab[0][n];
      for (k = 1; k < 8; k++) {
         c = crc_tab[0][c & 0xFF] ^ (c >> 8);
         crc_tab[k][n] = c;
      }
   }

   /* In increasing code order, so that length 258 (code 285) overwrites
      the top of code 284's range, as the RFC requires. */
   for (c = 0; c < 29; c++)
      for (k = 0; k < (1u << len_extra[c]); k++)
         if (len_base[c] - 3 + k < 256)
            len_code_tab[len_base[c] - 3 + k] = (UChar)c;

   for (c = 0; c < 30; c++)
      for (k = 0; k < (1u << dist_extra[c]); k++) {
         UInt d = dist_base[c] - 1 + k;
         if (d < 256)
            dist_code_tab[d] = (UChar)c;
         else
            dist_code_tab[256 + (d >> 7)] = (UChar)c;
      }

   for (n = 0; n < 288; n++)
      fixed_llen[n] = n < 144 ? 8 : n < 256 ? 9 : n < 280 ? 7 : 8;
   gen_codes(fixed_llen, 288, fixed_lcode);
   for (n = 0; n < D_CODES; n++)
      fixed_dlen[n] = 5;
   gen_codes(fixed_dlen, D_CODES, fixed_dcode);

   tables_ready = True;
}

static inline UInt dist_code ( UInt dist )
{
   UInt d = dist - 1;
   return d < 256 ? dist_code_tab[d] : dist_code_tab[256 + (d >> 7)];
}


/*------------------------------------------------------------*/
/*--- CRC-32                                               ---*/
/*------------------------------------------------------------*/

UInt CP_(gz_crc32) ( UInt crc, const UChar* p, SizeT n )
{
   UInt c;

   init_tables();
   c = ~crc;
   while (n >= 8) {
      /* Assembled byte by byte so the result does not depend on host
         endianness; gcc turns it into single loads on x86. */
      UInt lo = c ^ ((UInt)p[0] | ((UInt)p[1] << 8)
                     | ((UInt)p[2] << 16) | ((UInt)p[3] << 24));
      UInt hi = (UInt)p[4] | ((UInt)p[5] << 8)
                | ((UInt)p[6] << 16) | ((UInt)p[7] << 24);
      c = crc_tab[7][lo & 0xFF]         ^ crc_tab[6][(lo >> 8) & 0xFF]
        ^ crc_tab[5][(lo >> 16) & 0xFF] ^ crc_tab[4][lo >> 24]
        ^ crc_tab[3][hi & 0xFF]         ^ crc_tab[2][(hi >> 8) & 0xFF]
        ^ crc_tab[1][(hi >> 16) & 0xFF] ^ crc_tab[0][hi >> 24];
      p += 8;
      n -= 8;
   }
   while (n > 0) {
      c = crc_tab[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
      n--;
   }
   return ~c;
}


/*------------------------------------------------------------*/
/*--- Stream state                                         ---*/
/*------------------------------------------------------------*/

struct GzStream {
   GzAllocFn alloc;
   GzFreeFn  dealloc;
   GzSinkFn  sink;
   void*     opaque;
   Bool      ok;               /* no sink call has failed */
   Int       level;
   LevelCfg  cfg;

   UInt      crc;              /* of all input so far */
   UInt      isize;            /* input length mod 2^32 */

   /* LZ77 state.  Positions index win[]; hash tables hold positions,
      0 meaning "none" (position 0 is thus never a match source, which
      costs nothing measurable). */
   UChar*    win;              /* WIN_BYTES + WIN_SLACK */
   UInt      strstart;         /* next position to parse */
   UInt      wend;             /* end of valid input in win */
   Int       block_start;      /* raw start of current block; < 0 once
                                  slid out of the window */
   UShort*   head;             /* HASH_SIZE */
   UShort*   prev;             /* WSIZE, indexed by position & WMASK */

   /* Lazy matching: is the byte at strstart-1 still undecided, and the
      best match found for it. Distances, not positions, survive slides. */
   Bool      match_avail;
   UInt      prev_len;
   UInt      prev_dist;

   /* The current block: tokens are a literal byte (< 256) or
      (distance << 8) | (length - 3), with their frequencies. */
   UInt*     syms;             /* SYM_BUF */
   UInt      nsyms;
   UInt      lfreq[L_CODES];
   UInt      dfreq[D_CODES];

   /* Bit/byte output. */
   UChar*    out;              /* OUT_SIZE */
   UInt      out_len;
   ULong     bitbuf;           /* pending bits, LSB first */
   UInt      bitcnt;           /* always < 32 between calls */

   /* Per-block dynamic codes (kept here to keep the stack small). */
   UShort    lcode[L_CODES];
   UChar     llen[L_CODES];
   UShort    dcode[D_CODES];
   UChar     dlen[D_CODES];
};


/*------------------------------------------------------------*/
/*--- Bit output                                           ---*/
/*------------------------------------------------------------*/

static void out_flush ( GzStream* gz )
{
   if (gz->out_len == 0)
      return;
   /* After one failure the file is broken anyway; don't feed the sink a
      stream with a hole in it. */
   if (gz->ok && !gz->sink(gz->opaque, gz->out, gz->out_len))
      gz->ok = False;
   gz->out_len = 0;
}

/* Appends the low nbits (<= 32) of value. Bits are kept in a 64-bit
   accumulator and spilled 4 bytes at a time, so most calls do no memory
   writes beyond the accumulator. */
static inline void put_bits ( GzStream* gz, UInt value, UInt nbits )
{
   ULong bb = gz->bitbuf | ((ULong)value << gz->bitcnt);
   UInt  bc = gz->bitcnt + nbits;
   if (bc >= 32) {
      UChar* o = gz->out + gz->out_len;
      o[0] = (UChar)bb;
      o[1] = (UChar)(bb >> 8);
      o[2] = (UChar)(bb >> 16);
      o[3] = (UChar)(bb >> 24);
      bb >>= 32;
      bc -= 32;
      gz->out_len += 4;
      if (gz->out_len > OUT_SIZE - 4)
         out_flush(gz);
   }
   gz->bitbuf = bb;
   gz->bitcnt = bc;
}

static void put_byte ( GzStream* gz, UChar b )
{
   gz->out[gz->out_len++] = b;
   if (gz->out_len == OUT_SIZE)
      out_flush(gz);
}

/* Pads with zero bits to a byte boundary and moves the whole bytes out
   of the accumulator (needed before stored data and the trailer). */
static void align_to_byte ( GzStream* gz )
{
   UInt bc = (gz->bitcnt + 7) & ~7u;
   ULong bb = gz->bitbuf;
   gz->bitbuf = 0;
   gz->bitcnt = 0;
   for (; bc > 0; bc -= 8) {
      put_byte(gz, (UChar)bb);
      bb >>= 8;
   }
}

static void put_bytes ( GzStream* gz, const UChar* p, UInt n )
{
   while (n > 0) {
      UInt room = OUT_SIZE - gz->out_len;
      UInt k    = n < room ? n : room;
      UChar* o  = gz->out + gz->out_len;
      UInt i;
      for (i = 0; i < k; i++)
         o[i] = p[i];
      gz->out_len += k;
      p += k;
      n -= k;
      if (gz->out_len == OUT_SIZE)
         out_flush(gz);
   }
}

static void put_le32 ( GzStream* gz, UInt v )
{
   put_byte(gz, (UChar)v);
   put_byte(gz, (UChar)(v >> 8));
   put_byte(gz, (UChar)(v >> 16));
   put_byte(gz, (UChar)(v >> 24));
}


/*------------------------------------------------------------*/
/*--- Huffman codes                                        ---*/
/*------------------------------------------------------------*/

/* Canonical codes (RFC 1951 3.2.2) from lengths, stored bit-reversed. */
static void gen_codes ( const UChar* len, UInt n, UShort* code )
{
   UInt count[MAX_BITS + 1];
   UInt next[MAX_BITS + 1];
   UInt i, bits, c;

   for (i = 0; i <= MAX_BITS; i++)
      count[i] = 0;
   for (i = 0; i < n; i++)
      count[len[i]]++;
   count[0] = 0;
   c = 0;
   for (bits = 1; bits <= MAX_BITS; bits++) {
      c = (c + count[bits - 1]) << 1;
      next[bits] = c;
   }
   for (i = 0; i < n; i++) {
      UInt l = len[i], v, r = 0;
      if (l == 0) {
         code[i] = 0;
         continue;
      }
      v = next[l]++;
      for (bits = 0; bits < l; bits++) {
         r = (r << 1) | (v & 1);
         v >>= 1;
      }
      code[i] = (UShort)r;
   }
}

/* Sorts n keys ascending; tmp must hold n.  Bottom-up merge sort: the
   alphabets are tiny, but this runs once per tree per block, and the
   worst case of simpler sorts shows up on 286-symbol alphabets. */
static void sort_keys ( UInt* key, UInt* tmp, UInt n )
{
   UInt width, i;
   UInt* src = key;
   UInt* dst = tmp;

   for (width = 1; width < n; width *= 2) {
      for (i = 0; i < n; i += 2 * width) {
         UInt a = i, amax = i + width, b, bmax, o = i;
         if (amax > n) amax = n;
         b = amax;
         bmax = i + 2 * width;
         if (bmax > n) bmax = n;
         while (a < amax && b < bmax)
            dst[o++] = src[a] < src[b] ? src[a++] : src[b++];
         while (a < amax) dst[o++] = src[a++];
         while (b < bmax) dst[o++] = src[b++];
      }
      { UInt* t = src; src = dst; dst = t; }
   }
   if (src != key)
      for (i = 0; i < n; i++)
         key[i] = src[i];
}

/* Builds an optimal prefix code for freq[0..n) with no length above
   max_bits, writing lengths to len[] and codes to code[].  Frequencies
   must be < 2^23 (they share a 32-bit sort key with the symbol). */
static void build_tree ( const UInt* freq, UInt n, UInt max_bits,
                         UChar* len, UShort* code )
{
   UInt   key[L_CODES], tmp[L_CODES];
   UInt   iw[L_CODES];             /* weights of internal nodes */
   UShort lparent[L_CODES];        /* parent (internal index) of a leaf */
   UShort iparent[L_CODES];        /* parent of an internal node */
   UShort depth[L_CODES];          /* depth of an internal node */
   UInt   bl_count[MAX_BITS + 1];
   UInt   nleaf = 0, i, k, li, ii, l, total, idx;
   Bool   overflow = False;

   for (i = 0; i < n; i++) {
      len[i] = 0;
      if (freq[i] != 0)
         key[nleaf++] = (freq[i] << 9) | i;
   }
   /* Decoders want complete codes, and zlib rejects a one-symbol
      literal or code-length code; giving unused symbols a weight until
      there are two leaves avoids every special case. */
   for (i = 0; nleaf < 2 && i < n; i++)
      if (freq[i] == 0)
         key[nleaf++] = (1u << 9) | i;

   sort_keys(key, tmp, nleaf);

   /* Two-queue Huffman: leaves come in ascending weight order, and
      internal nodes are created in ascending order too, so the two
      smallest weights are always at the heads of the two queues. */
   li = ii = 0;
   for (k = 0; k < nleaf - 1; k++) {
      UInt w = 0, pick;
      for (pick = 0; pick < 2; pick++) {
         if (li < nleaf && (ii >= k || (key[li] >> 9) <= iw[ii])) {
            w += key[li] >> 9;
            lparent[li++] = (UShort)k;
         } else {
            w += iw[ii];
            iparent[ii++] = (UShort)k;
         }
      }
      iw[k] = w;
   }
   /* Parents are always created after their children, so one downward
      pass from the root (the last node) assigns all depths. */
   depth[nleaf - 2] = 0;
   for (k = nleaf - 2; k-- > 0; )
      depth[k] = depth[iparent[k]] + 1;

   for (l = 0; l <= MAX_BITS; l++)
      bl_count[l] = 0;
   for (i = 0; i < nleaf; i++) {
      UInt d = depth[lparent[i]] + 1u;
      if (d > max_bits) {
         d = max_bits;
         overflow = True;
      }
      bl_count[d]++;
   }

   if (overflow) {
      /* Clamping raised the Kraft sum above 1.  Each step removes one
         max-length code and splits a shorter leaf into two one level
         deeper; that lowers the sum (scaled by 2^max_bits) by exactly 1
         and keeps the symbol count, so we stop at a complete code. */
      total = 0;
      for (l = 1; l <= max_bits; l++)
         total += bl_count[l] << (max_bits - l);
      while (total > (1u << max_bits)) {
         bl_count[max_bits]--;
         for (l = max_bits - 1; l > 0; l--) {
            if (bl_count[l] != 0) {
               bl_count[l]--;
               bl_count[l + 1] += 2;
               break;
            }
         }
         total--;
      }
   }

   /* Hand out the lengths again, longest to the rarest symbols.  For an
      unclamped tree this reproduces the Huffman lengths; after clamping
      it is the best assignment of the repaired histogram. */
   idx = 0;
   for (l = max_bits; l > 0; l--)
      for (k = bl_count[l]; k > 0; k--)
         len[key[idx++] & 511] = (UChar)l;

   gen_codes(len, n, code);
}


/*------------------------------------------------------------*/
/*--- Block output                                         ---*/
/*------------------------------------------------------------*/

static void emit_stored ( GzStream* gz, const UChar* p, UInt n, Bool last )
{
   do {
      UInt k = n < STORED_MAX ? n : STORED_MAX;
      put_bits(gz, ((last && k == n) ? 1 : 0) | (BTYPE_STORED << 1), 3);
      align_to_byte(gz);
      put_byte(gz, (UChar)k);
      put_byte(gz, (UChar)(k >> 8));
      put_byte(gz, (UChar)~k);
      put_byte(gz, (UChar)(~k >> 8));
      put_bytes(gz, p, k);
      p += k;
      n -= k;
   } while (n > 0);
}

static void emit_symbols ( GzStream* gz,
                           const UShort* lcode, const UChar* llen,
                           const UShort* dcode, const UChar* dlen )
{
   const UInt* s   = gz->syms;
   const UInt* end = s + gz->nsyms;

   for (; s < end; s++) {
      UInt v = *s;
      if (v < 256) {
         put_bits(gz, lcode[v], llen[v]);
      } else {
         UInt lm3  = v & 0xFF;
         UInt dist = v >> 8;
         UInt lc   = len_code_tab[lm3];
         UInt dc   = dist_code(dist);
         UInt sym  = 257 + lc;
         /* Code and extra bits go out together: at most 15+5 and 15+13
            bits, within put_bits' 32-bit limit. */
         put_bits(gz, lcode[sym] | ((lm3 + 3 - len_base[lc]) << llen[sym]),
                  llen[sym] + len_extra[lc]);
         put_bits(gz, dcode[dc] | ((dist - dist_base[dc]) << dlen[dc]),
                  dlen[dc] + dist_extra[dc]);
      }
   }
   put_bits(gz, lcode[END_BLOCK], llen[END_BLOCK]);
}

/* Ends the current block, whose raw bytes are win[block_start .. end),
   choosing the cheapest of dynamic, fixed and stored encodings. */
static void flush_block ( GzStream* gz, UInt end, Bool last )
{
   UChar  all[L_CODES + D_CODES];      /* lit/len then distance lengths */
   UShort ops[L_CODES + D_CODES];      /* RLE: symbol | extra << 8 */
   UInt   clfreq[BL_CODES];
   UChar  cllen[BL_CODES];
   UShort clcode[BL_CODES];
   UInt   nops = 0, hlit, hdist, hclen, n, i;
   UInt   extra_bits, dyn_bits, fixed_bits, stored_bits;
   UInt   raw_len = 0;
   Bool   have_raw = gz->block_start >= 0;

   gz->lfreq[END_BLOCK]++;

   build_tree(gz->lfreq, L_CODES, MAX_BITS, gz->llen, gz->lcode);
   build_tree(gz->dfreq, D_CODES, MAX_BITS, gz->dlen, gz->dcode);

   hlit = L_CODES;
   while (hlit > 257 && gz->llen[hlit - 1] == 0)
      hlit--;
   hdist = D_CODES;
   while (hdist > 1 && gz->dlen[hdist - 1] == 0)
      hdist--;

   /* RFC 1951 3.2.7 lets repeat codes run from the literal/length
      lengths into the distance lengths, so encode them as one array. */
   n = 0;
   for (i = 0; i < hlit; i++)
      all[n++] = gz->llen[i];
   for (i = 0; i < hdist; i++)
      all[n++] = gz->dlen[i];

   for (i = 0; i < BL_CODES; i++)
      clfreq[i] = 0;
   i = 0;
   while (i < n) {
      UInt v = all[i], run = 1;
      while (i + run < n && all[i + run] == v)
         run++;
      i += run;
      if (v == 0) {
         while (run >= 11) {
            UInt r = run < 138 ? run : 138;
            ops[nops++] = (UShort)(18 | ((r - 11) << 8));
            clfreq[18]++;
            run -= r;
         }
         if (run >= 3) {
            ops[nops++] = (UShort)(17 | ((run - 3) << 8));
            clfreq[17]++;
            run = 0;
         }
      } else {
         /* Code 16 repeats the previous length, so send one first. */
         ops[nops++] = (UShort)v;
         clfreq[v]++;
         run--;
         while (run >= 3) {
            UInt r = run < 6 ? run : 6;
            ops[nops++] = (UShort)(16 | ((r - 3) << 8));
            clfreq[16]++;
            run -= r;
         }
      }
      for (; run > 0; run--) {
         ops[nops++] = (UShort)v;
         clfreq[v]++;
      }
   }
   build_tree(clfreq, BL_CODES, MAX_BL_BITS, cllen, clcode);
   hclen = BL_CODES;
   while (hclen > 4 && cllen[cl_order[hclen - 1]] == 0)
      hclen--;

   /* Exact sizes in bits of the candidate encodings. */
   extra_bits = 0;
   for (i = 0; i < 29; i++)
      extra_bits += gz->lfreq[257 + i] * len_extra[i];
   for (i = 0; i < D_CODES; i++)
      extra_bits += gz->dfreq[i] * dist_extra[i];

   dyn_bits   = 3 + 5 + 5 + 4 + 3 * hclen + extra_bits;
   fixed_bits = 3 + extra_bits;
   for (i = 0; i < BL_CODES; i++)
      dyn_bits += clfreq[i] * cllen[i];
   dyn_bits += 2 * clfreq[16] + 3 * clfreq[17] + 7 * clfreq[18];
   for (i = 0; i < L_CODES; i++) {
      dyn_bits   += gz->lfreq[i] * gz->llen[i];
      fixed_bits += gz->lfreq[i] * fixed_llen[i];
   }
   for (i = 0; i < D_CODES; i++) {
      dyn_bits   += gz->dfreq[i] * gz->dlen[i];
      fixed_bits += gz->dfreq[i] * fixed_dlen[i];
   }

   stored_bits = 0xFFFFFFFFu;
   if (have_raw) {
      UInt chunks;
      raw_len = end - (UInt)gz->block_start;
      chunks  = raw_len == 0 ? 1 : (raw_len + STORED_MAX - 1) / STORED_MAX;
      /* Header bits, worst-case padding, LEN and NLEN per chunk. */
      stored_bits = raw_len * 8 + chunks * (3 + 7 + 32);
   }

   if (stored_bits <= dyn_bits && stored_bits <= fixed_bits) {
      emit_stored(gz, gz->win + gz->block_start, raw_len, last);
   } else if (fixed_bits <= dyn_bits) {
      put_bits(gz, (last ? 1 : 0) | (BTYPE_FIXED << 1), 3);
      emit_symbols(gz, fixed_lcode, fixed_llen, fixed_dcode, fixed_dlen);
   } else {
      put_bits(gz, (last ? 1 : 0) | (BTYPE_DYNAMIC << 1), 3);
      put_bits(gz, hlit - 257, 5);
      put_bits(gz, hdist - 1, 5);
      put_bits(gz, hclen - 4, 4);
      for (i = 0; i < hclen; i++)
         put_bits(gz, cllen[cl_order[i]], 3);
      for (i = 0; i < nops; i++) {
         UInt sym = ops[i] & 0xFF, x = ops[i] >> 8;
         put_bits(gz, clcode[sym], cllen[sym]);
         if (sym == 16)      put_bits(gz, x, 2);
         else if (sym == 17) put_bits(gz, x, 3);
         else if (sym == 18) put_bits(gz, x, 7);
      }
      emit_symbols(gz, gz->lcode, gz->llen, gz->dcode, gz->dlen);
   }

   for (i = 0; i < L_CODES; i++)
      gz->lfreq[i] = 0;
   for (i = 0; i < D_CODES; i++)
      gz->dfreq[i] = 0;
   gz->nsyms = 0;
   gz->block_start = (Int)end;
}

/* Token recording; both return True when the block is full, and the
   caller must then flush before recording more. */
static inline Bool tally_lit ( GzStream* gz, UInt c )
{
   gz->syms[gz->nsyms++] = c;
   gz->lfreq[c]++;
   return gz->nsyms == SYM_BUF;
}

static inline Bool tally_match ( GzStream* gz, UInt dist, UInt len )
{
   gz->syms[gz->nsyms++] = (dist << 8) | (len - MIN_MATCH);
   gz->lfreq[257 + len_code_tab[len - MIN_MATCH]]++;
   gz->dfreq[dist_code(dist)]++;
   return gz->nsyms == SYM_BUF;
}


/*------------------------------------------------------------*/
/*--- LZ77 match finding                                   ---*/
/*------------------------------------------------------------*/

static inline UInt hash3 ( const UChar* p )
{
   /* Multiplicative hashing spreads the 24-bit key over all buckets
      far better than shift/xor does on protobuf's low-entropy bytes. */
   UInt v = (UInt)p[0] | ((UInt)p[1] << 8) | ((UInt)p[2] << 16);
   return (v * 0x9E3779B1u) >> (32 - HASH_BITS);
}

/* Enters position p in the hash chains; returns the previous newest
   position with the same hash (0 = none). */
static inline UInt insert_pos ( GzStream* gz, UInt p )
{
   UInt h    = hash3(gz->win + p);
   UInt cand = gz->head[h];
   gz->prev[p & WMASK] = (UShort)cand;
   gz->head[h] = (UShort)p;
   return cand;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
typedef ULong __attribute__((may_alias, aligned(1))) UnalignedULong;
#  define CP_GZ_WORD_COMPARE 1
#endif

/* Number of equal leading bytes of a and b, at most maxlen.  May read
   up to 7 bytes beyond maxlen (covered by WIN_SLACK). */
static inline UInt common_len ( const UChar* a, const UChar* b, UInt maxlen )
{
   UInt len = 0;
#if defined(CP_GZ_WORD_COMPARE)
   while (len < maxlen) {
      ULong x = *(const UnalignedULong*)(a + len)
                ^ *(const UnalignedULong*)(b + len);
      if (x != 0) {
         len += (UInt)__builtin_ctzll(x) >> 3;
         return len < maxlen ? len : maxlen;
      }
      len += 8;
   }
   return maxlen;
#else
   while (len < maxlen && a[len] == b[len])
      len++;
   return len;
#endif
}

/* Walks the hash chain from cand looking for a match at cur longer than
   best (>= 2).  Returns the best length found (best itself if none is
   longer) and sets *dist for any longer one. */
static UInt longest_match ( GzStream* gz, UInt cur, UInt cand, UInt best,
                            UInt chain, UInt maxlen, UInt* dist )
{
   const UChar*  win   = gz->win;
   const UChar*  scan  = win + cur;
   const UShort* prev  = gz->prev;
   UInt          limit = cur > MAX_DIST ? cur - MAX_DIST : 0;
   UInt          nice  = gz->cfg.nice < maxlen ? gz->cfg.nice : maxlen;

   if (best >= maxlen)
      return best;
   do {
      const UChar* m = win + cand;
      UInt len;
      /* Cheap rejection: a longer match must agree at best and best-1,
         which differ most often; then check the first two bytes, which
         the hash does not guarantee. */
      if (m[best] != scan[best] || m[best - 1] != scan[best - 1]
          || m[0] != scan[0] || m[1] != scan[1])
         continue;
      len = common_len(scan, m, maxlen);
      if (len > best) {
         best  = len;
         *dist = cur - cand;
         if (len >= nice)
            break;
      }
   } while ((cand = prev[cand & WMASK]) > limit && --chain != 0);
   return best;
}

/* Moves the upper half of the window down and rebases every stored
   position; positions that fall off become 0 ("none"). */
static void slide_window ( GzStream* gz )
{
   UChar*  w = gz->win;
   UInt    n = gz->wend - WSIZE, i;

   for (i = 0; i < n; i++)
      w[i] = w[i + WSIZE];
   gz->strstart    -= WSIZE;
   gz->wend        -= WSIZE;
   gz->block_start -= (Int)WSIZE;
   for (i = 0; i < HASH_SIZE; i++) {
      UInt v = gz->head[i];
      gz->head[i] = (UShort)(v >= WSIZE ? v - WSIZE : 0);
   }
   for (i = 0; i < WSIZE; i++) {
      UInt v = gz->prev[i];
      gz->prev[i] = (UShort)(v >= WSIZE ? v - WSIZE : 0);
   }
}

/* Greedy parse (levels 1-3).  Parses while a full lookahead is
   available, or to the end of input if final. */
static void deflate_greedy ( GzStream* gz, Bool final )
{
   UInt cur  = gz->strstart;
   UInt wend = gz->wend;

   for (;;) {
      UInt lookahead = wend - cur, cand = 0, mlen = 0, mdist = 0;
      Bool full;

      if (lookahead < MIN_LOOKAHEAD && (!final || lookahead == 0))
         break;
      if (lookahead >= MIN_MATCH)
         cand = insert_pos(gz, cur);
      if (cand != 0 && cur - cand <= MAX_DIST) {
         UInt maxlen = lookahead < MAX_MATCH ? lookahead : MAX_MATCH;
         mlen = longest_match(gz, cur, cand, MIN_MATCH - 1,
                              gz->cfg.chain, maxlen, &mdist);
         if (mlen == MIN_MATCH && mdist > TOO_FAR)
            mlen = 0;
      }
      if (mlen >= MIN_MATCH) {
         full = tally_match(gz, mdist, mlen);
         /* Entering every interior position of long matches costs
            more time than it gains at these levels. */
         if (mlen <= gz->cfg.lazy) {
            UInt p, e = cur + mlen;
            for (p = cur + 1; p < e; p++)
               if (wend - p >= MIN_MATCH)
                  insert_pos(gz, p);
         }
         cur += mlen;
      } else {
         full = tally_lit(gz, gz->win[cur]);
         cur++;
      }
      if (full) {
         gz->strstart = cur;
         flush_block(gz, cur, False);
      }
   }
   gz->strstart = cur;
}

/* Lazy parse (levels 4-9): the match found at cur-1 (prev_len,
   prev_dist) is emitted only if cur has no longer one; otherwise
   cur-1 becomes a literal and cur's match is the new candidate. */
static void deflate_lazy ( GzStream* gz, Bool final )
{
   UInt cur  = gz->strstart;
   UInt wend = gz->wend;

   for (;;) {
      UInt lookahead = wend - cur, cand = 0;
      UInt plen = gz->prev_len, mlen = MIN_MATCH - 1, mdist = 0;

      if (lookahead < MIN_LOOKAHEAD && (!final || lookahead == 0))
         break;
      if (lookahead >= MIN_MATCH)
         cand = insert_pos(gz, cur);
      if (cand != 0 && plen < gz->cfg.lazy && cur - cand <= MAX_DIST) {
         UInt maxlen = lookahead < MAX_MATCH ? lookahead : MAX_MATCH;
         UInt chain  = gz->cfg.chain;
         if (plen >= gz->cfg.good)
            chain = (chain >> 2) + 1;
         mlen = longest_match(gz, cur, cand, plen, chain, maxlen, &mdist);
         if (mlen == MIN_MATCH && mdist > TOO_FAR)
            mlen = MIN_MATCH - 1;
      }

      if (plen >= MIN_MATCH && mlen <= plen) {
         /* Emit the pending match at cur-1; cur itself is already in
            the hash chains. */
         UInt e = cur - 1 + plen, p;
         Bool full = tally_match(gz, gz->prev_dist, plen);
         for (p = cur + 1; p < e; p++)
            if (wend - p >= MIN_MATCH)
               insert_pos(gz, p);
         cur = e;
         gz->match_avail = False;
         gz->prev_len    = MIN_MATCH - 1;
         if (full) {
            gz->strstart = cur;
            flush_block(gz, cur, False);
         }
      } else if (gz->match_avail) {
         Bool full = tally_lit(gz, gz->win[cur - 1]);
         gz->prev_len  = mlen;
         gz->prev_dist = mdist;
         /* The block ends after the literal just written; cur stays
            pending for the next one. */
         if (full) {
            gz->strstart = cur;
            flush_block(gz, cur, False);
         }
         cur++;
      } else {
         gz->match_avail = True;
         gz->prev_len    = mlen;
         gz->prev_dist   = mdist;
         cur++;
      }
   }
   gz->strstart = cur;

   if (final && gz->match_avail) {
      /* Nothing follows, so the pending byte can only be a literal
         (its match, if any, was at most the 1 byte left). */
      (void)tally_lit(gz, gz->win[cur - 1]);
      gz->match_avail = False;
      gz->prev_len    = MIN_MATCH - 1;
   }
}

static void deflate_run ( GzStream* gz, Bool final )
{
   if (gz->cfg.use_lazy)
      deflate_lazy(gz, final);
   else
      deflate_greedy(gz, final);
}


/*------------------------------------------------------------*/
/*--- Public interface                                     ---*/
/*------------------------------------------------------------*/

GzStream* CP_(gz_open) ( GzAllocFn alloc, GzFreeFn dealloc,
                         GzSinkFn sink, void* opaque, Int level )
{
   GzStream* gz;
   UInt i;

   init_tables();
   if (level < 0) level = 0;
   if (level > 9) level = 9;

   gz = alloc("cp.gzip.stream", sizeof(GzStream));
   if (gz == NULL)
      return NULL;
   {
      UChar* b = (UChar*)gz;
      for (i = 0; i < sizeof(GzStream); i++)
         b[i] = 0;
   }
   gz->alloc   = alloc;
   gz->dealloc = dealloc;
   gz->sink    = sink;
   gz->opaque  = opaque;
   gz->ok      = True;
   gz->level   = level;
   gz->cfg     = level_cfg[level];
   gz->prev_len = MIN_MATCH - 1;

   gz->win = alloc("cp.gzip.window", WIN_BYTES + WIN_SLACK);
   gz->out = alloc("cp.gzip.out", OUT_SIZE);
   if (level > 0) {
      gz->head = alloc("cp.gzip.head", HASH_SIZE * sizeof(UShort));
      gz->prev = alloc("cp.gzip.prev", WSIZE * sizeof(UShort));
      gz->syms = alloc("cp.gzip.syms", SYM_BUF * sizeof(UInt));
   }
   if (gz->win == NULL || gz->out == NULL
       || (level > 0
           && (gz->head == NULL || gz->prev == NULL || gz->syms == NULL))) {
      if (gz->win)  dealloc(gz->win);
      if (gz->out)  dealloc(gz->out);
      if (gz->head) dealloc(gz->head);
      if (gz->prev) dealloc(gz->prev);
      if (gz->syms) dealloc(gz->syms);
      dealloc(gz);
      return NULL;
   }

   /* The match compare may read slack and not-yet-written bytes; make
      them defined (the result never depends on them). */
   for (i = 0; i < WIN_BYTES + WIN_SLACK; i++)
      gz->win[i] = 0;
   if (level > 0) {
      for (i = 0; i < HASH_SIZE; i++)
         gz->head[i] = 0;
      for (i = 0; i < WSIZE; i++)
         gz->prev[i] = 0;
   }

   /* Member header: magic, CM=8 (deflate), no flags, no mtime (keeps
      output reproducible), XFL hinting the level, OS=3 (Unix). */
   put_byte(gz, 0x1f);
   put_byte(gz, 0x8b);
   put_byte(gz, 8);
   put_byte(gz, 0);
   put_le32(gz, 0);
   put_byte(gz, level == 9 ? 2 : level == 1 ? 4 : 0);
   put_byte(gz, 3);
   return gz;
}

void CP_(gz_write) ( GzStream* gz, const void* data, SizeT len )
{
   const UChar* p = data;

   if (gz == NULL || len == 0)
      return;
   gz->crc    = CP_(gz_crc32)(gz->crc, p, len);
   gz->isize += (UInt)len;

   while (len > 0) {
      /* Level 0 uses the window as staging for one stored block. */
      UInt  cap  = gz->level == 0 ? STORED_MAX : WIN_BYTES;
      UInt  room = cap - gz->wend;
      UInt  k    = len < room ? (UInt)len : room;
      UChar* w   = gz->win + gz->wend;
      UInt  i;

      for (i = 0; i < k; i++)
         w[i] = p[i];
      gz->wend += k;
      p   += k;
      len -= k;

      if (gz->wend < cap)
         break;
      if (gz->level == 0) {
         emit_stored(gz, gz->win, gz->wend, False);
         gz->wend = 0;
      } else {
         /* Parsing stops within MIN_LOOKAHEAD of the end, which is past
            WSIZE + MAX_DIST, so sliding keeps all reachable history. */
         deflate_run(gz, False);
         slide_window(gz);
      }
   }
}

Bool CP_(gz_close) ( GzStream* gz )
{
   Bool ok;

   if (gz == NULL)
      return False;

   if (gz->level == 0) {
      emit_stored(gz, gz->win, gz->wend, True);
   } else {
      deflate_run(gz, True);
      flush_block(gz, gz->wend, True);
   }
   align_to_byte(gz);
   put_le32(gz, gz->crc);
   put_le32(gz, gz->isize);
   out_flush(gz);

   ok = gz->ok;
   gz->dealloc(gz->win);
   gz->dealloc(gz->out);
   if (gz->head) gz->dealloc(gz->head);
   if (gz->prev) gz->dealloc(gz->prev);
   if (gz->syms) gz->dealloc(gz->syms);
   gz->dealloc(gz);
   return ok;
}

/*--------------------------------------------------------------------*/
/*--- end                                               cp_gzip.c ---*/
/*--------------------------------------------------------------------*/
