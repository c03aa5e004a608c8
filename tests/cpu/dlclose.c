/* Code in a shared object that is gone before the profile is written:
   libz is loaded with dlopen, its crc32 runs, and dlclose unmaps it.  The
   profile must still name crc32 (and its caller chain), from the debug
   info of the time the code ran. */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

typedef unsigned long (*crc32_fn)(unsigned long, const unsigned char*, unsigned);

static unsigned char buf[1 << 16];

static unsigned long checksum_in_libz(crc32_fn crc)
{
   unsigned long c = 0;
   for (int i = 0; i < 64; i++) c = crc(c, buf, sizeof buf);
   return c;
}

int main(void)
{
   memset(buf, 'x', sizeof buf);
   void* h = dlopen("libz.so.1", RTLD_NOW | RTLD_LOCAL);
   if (!h) { fprintf(stderr, "no libz: %s\n", dlerror()); return 2; }
   crc32_fn crc = (crc32_fn)dlsym(h, "crc32");
   if (!crc) { fprintf(stderr, "no crc32\n"); return 2; }
   unsigned long c = checksum_in_libz(crc);
   if (dlclose(h) != 0) { fprintf(stderr, "dlclose failed\n"); return 2; }
   printf("crc %lx\n", c);
   return 0;
}
