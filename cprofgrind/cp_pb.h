/*--------------------------------------------------------------------*/
/*--- cprofgrind: protobuf wire encoder.                   cp_pb.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_PB_H
#define __CP_PB_H

#include "pub_tool_basics.h"

#ifndef CP_
#define CP_(str) VGAPPEND(vgCprofgrind_,str)
#endif

/* v as a protobuf varint (unsigned LEB128) at p, at most 10 bytes;
   returns the end.  Also the varints of cp_cost.c's counter log. */
static inline UChar* CP_(put_uleb) ( UChar* p, ULong v )
{
   while (v >= 0x80) { *p++ = (UChar)(v | 0x80); v >>= 7; }
   *p++ = (UChar)v;
   return p;
}

/* A growable byte buffer holding protobuf wire format.  Pure code: the
   allocator is passed in, so this module also builds on the host. */
typedef void* (*PbAllocFn)( const HChar* cc, void* p, SizeT n ); /* realloc */

typedef struct {
   UChar*    buf;
   SizeT     len;
   SizeT     cap;
   PbAllocFn realloc_fn;
} PbBuf;

void  CP_(pb_init)    ( PbBuf* b, PbAllocFn realloc_fn );
void  CP_(pb_reset)   ( PbBuf* b );           /* len = 0, keep memory */
void  CP_(pb_fini)    ( PbBuf* b );

/* Fields (field number f).  The *_opt forms write nothing for zero, as
   proto3 does for default values. */
void  CP_(pb_varint)     ( PbBuf* b, ULong v );
void  CP_(pb_u64)        ( PbBuf* b, UInt f, ULong v );
void  CP_(pb_u64_opt)    ( PbBuf* b, UInt f, ULong v );
void  CP_(pb_i64)        ( PbBuf* b, UInt f, Long v );
void  CP_(pb_i64_opt)    ( PbBuf* b, UInt f, Long v );
void  CP_(pb_bool_opt)   ( PbBuf* b, UInt f, Bool v );
void  CP_(pb_bytes)      ( PbBuf* b, UInt f, const void* p, SizeT n );
void  CP_(pb_string)     ( PbBuf* b, UInt f, const HChar* s );
void  CP_(pb_packed_u64) ( PbBuf* b, UInt f, const ULong* v, UInt n );
void  CP_(pb_packed_i64) ( PbBuf* b, UInt f, const Long* v, UInt n );

/* Nested message: start returns a mark; end writes the key and length in
   front of everything written since the mark (the body is shifted, no
   size pre-pass). */
SizeT CP_(pb_start_msg)  ( PbBuf* b );
void  CP_(pb_end_msg)    ( PbBuf* b, UInt f, SizeT mark );

#endif /* __CP_PB_H */

/*--------------------------------------------------------------------*/
/*--- end                                                  cp_pb.h ---*/
/*--------------------------------------------------------------------*/
