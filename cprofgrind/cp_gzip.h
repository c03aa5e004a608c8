/*--------------------------------------------------------------------*/
/*--- cprofgrind: streaming gzip writer.                cp_gzip.h ---*/
/*--------------------------------------------------------------------*/

/* A self-contained gzip (RFC 1952) / DEFLATE (RFC 1951) compressor for
   tool code, which has no libc and hence no zlib.  Bytes go in through
   gz_write, compressed bytes come out through the caller's sink callback
   as they are produced; memory stays bounded (274 KiB per open
   stream, independent of stream length).  See cp_gzip.c for the
   algorithm.

   Typical use:

      GzStream* gz = CP_(gz_open)(VG_(malloc), VG_(free), my_sink, fd, 1);
      CP_(gz_write)(gz, buf, n);          // as often as needed
      if (!CP_(gz_close)(gz)) ... some sink call failed ...

   The module needs nothing but the two allocator callbacks, so it also
   builds on the host for unit testing (tests/unit/gzip_test.c). */

#ifndef __CP_GZIP_H
#define __CP_GZIP_H

#include "pub_tool_basics.h"

#ifndef CP_
#define CP_(str) VGAPPEND(vgCprofgrind_,str)
#endif

typedef struct GzStream GzStream;               /* opaque */

/* Same signature as VG_(malloc): cost-centre string, size.  May return
   NULL (gz_open then fails cleanly), though VG_(malloc) never does. */
typedef void* (*GzAllocFn)(const HChar* cc, SizeT nbytes);
/* Same signature as VG_(free). */
typedef void  (*GzFreeFn)(void* p);
/* Receives compressed output in pieces of up to 16 KiB, in order.
   Returns False on a write error; the stream then keeps compressing
   (so the caller need not check every write) and gz_close reports it. */
typedef Bool  (*GzSinkFn)(void* opaque, const UChar* data, SizeT len);

/* Opens a stream and emits nothing yet.  level: 1 (fast) .. 9 (small);
   0 = stored blocks only; out-of-range values are clamped.  Returns NULL
   only if an allocation fails. */
GzStream* CP_(gz_open)  ( GzAllocFn alloc, GzFreeFn dealloc,
                          GzSinkFn sink, void* opaque, Int level );

/* Appends len bytes to the uncompressed stream.  Any chunking works; data
   is copied, so the caller may reuse its buffer at once. */
void      CP_(gz_write) ( GzStream* gz, const void* data, SizeT len );

/* Flushes the last block and the trailer (CRC32, ISIZE), then frees the
   stream.  Returns False if any sink call failed (or gz is NULL). */
Bool      CP_(gz_close) ( GzStream* gz );

/* Standard CRC-32 as used by gzip/zlib (reflected polynomial 0xEDB88320,
   pre- and post-inverted).  Start with crc = 0; chain calls by passing the
   previous result. */
UInt      CP_(gz_crc32) ( UInt crc, const UChar* p, SizeT n );

#endif   // __CP_GZIP_H

/*--------------------------------------------------------------------*/
/*--- end                                               cp_gzip.h ---*/
/*--------------------------------------------------------------------*/
