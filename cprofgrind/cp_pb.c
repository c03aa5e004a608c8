/*--------------------------------------------------------------------*/
/*--- cprofgrind: protobuf wire encoder.                   cp_pb.c ---*/
/*--------------------------------------------------------------------*/

/* The subset of the protobuf wire format pprof needs: varints (wire type
   0) and length-delimited fields (wire type 2), packed repeated numbers,
   nested messages.  Modelled on golang/go src/runtime/pprof/protobuf.go:
   one buffer, nested messages closed by writing their length after the
   body and rotating it into place. */

#include "cp_pb.h"

#define WT_VARINT 0
#define WT_BYTES  2

void CP_(pb_init) ( PbBuf* b, PbAllocFn realloc_fn )
{
   b->buf = NULL;
   b->len = 0;
   b->cap = 0;
   b->realloc_fn = realloc_fn;
}

void CP_(pb_reset) ( PbBuf* b ) { b->len = 0; }

void CP_(pb_fini) ( PbBuf* b )
{
   if (b->buf) b->realloc_fn("cp.pb.fini", b->buf, 0);
   b->buf = NULL;
   b->len = b->cap = 0;
}

static void reserve ( PbBuf* b, SizeT n )
{
   if (b->len + n <= b->cap) return;
   SizeT cap = b->cap ? b->cap : 4096;
   while (cap < b->len + n) cap *= 2;
   b->buf = b->realloc_fn("cp.pb.reserve", b->buf, cap);
   b->cap = cap;
}

void CP_(pb_varint) ( PbBuf* b, ULong v )
{
   reserve(b, 10);
   b->len = (SizeT)(CP_(put_uleb)(b->buf + b->len, v) - b->buf);
}

static void key ( PbBuf* b, UInt f, UInt wt )
{
   CP_(pb_varint)(b, ((ULong)f << 3) | wt);
}

void CP_(pb_u64) ( PbBuf* b, UInt f, ULong v )
{
   key(b, f, WT_VARINT);
   CP_(pb_varint)(b, v);
}

void CP_(pb_u64_opt) ( PbBuf* b, UInt f, ULong v ) { if (v) CP_(pb_u64)(b, f, v); }
void CP_(pb_i64)     ( PbBuf* b, UInt f, Long v )  { CP_(pb_u64)(b, f, (ULong)v); }
void CP_(pb_i64_opt) ( PbBuf* b, UInt f, Long v )  { if (v) CP_(pb_u64)(b, f, (ULong)v); }
void CP_(pb_bool_opt)( PbBuf* b, UInt f, Bool v )  { if (v) CP_(pb_u64)(b, f, 1); }

void CP_(pb_bytes) ( PbBuf* b, UInt f, const void* p, SizeT n )
{
   key(b, f, WT_BYTES);
   CP_(pb_varint)(b, n);
   reserve(b, n);
   for (SizeT i = 0; i < n; i++) b->buf[b->len + i] = ((const UChar*)p)[i];
   b->len += n;
}

void CP_(pb_string) ( PbBuf* b, UInt f, const HChar* s )
{
   SizeT n = 0;
   while (s[n]) n++;
   CP_(pb_bytes)(b, f, s, n);
}

void CP_(pb_packed_u64) ( PbBuf* b, UInt f, const ULong* v, UInt n )
{
   if (n == 0) return;
   if (n == 1) { CP_(pb_u64)(b, f, v[0]); return; }   /* either form is valid */
   SizeT mark = CP_(pb_start_msg)(b);
   for (UInt i = 0; i < n; i++) CP_(pb_varint)(b, v[i]);
   CP_(pb_end_msg)(b, f, mark);
}

void CP_(pb_packed_i64) ( PbBuf* b, UInt f, const Long* v, UInt n )
{
   CP_(pb_packed_u64)(b, f, (const ULong*)v, n);
}

SizeT CP_(pb_start_msg) ( PbBuf* b ) { return b->len; }

void CP_(pb_end_msg) ( PbBuf* b, UInt f, SizeT mark )
{
   SizeT body = b->len - mark;
   /* Append key and length, then rotate them in front of the body. */
   key(b, f, WT_BYTES);
   CP_(pb_varint)(b, body);
   SizeT hdr = b->len - mark - body;
   UChar tmp[20];
   for (SizeT i = 0; i < hdr; i++) tmp[i] = b->buf[mark + body + i];
   for (SizeT i = body; i > 0; i--) b->buf[mark + hdr + i - 1] = b->buf[mark + i - 1];
   for (SizeT i = 0; i < hdr; i++) b->buf[mark + i] = tmp[i];
}

/*--------------------------------------------------------------------*/
/*--- end                                                  cp_pb.c ---*/
/*--------------------------------------------------------------------*/
