// A failed operator new throws std::bad_alloc, also when Valgrind's
// allocator replaces the program's (memcheck ends the run there); the
// nothrow form returns NULL.
#include <cstddef>
#include <cstdio>
#include <new>

int main()
{
   volatile std::size_t n = (std::size_t)1 << 62;
   char* p = new (std::nothrow) char[n];
   std::printf("new(nothrow) char[2^62]: %s\n", p ? "?" : "NULL");
   try {
      char* q = new char[n];
      std::printf("new char[2^62]: %p\n", (void*)q);
   } catch (std::bad_alloc&) {
      std::printf("new char[2^62]: std::bad_alloc\n");
   }
   try {
      int* q = new int[(std::size_t)n / 2];
      std::printf("new int[2^61]: %p\n", (void*)q);
   } catch (std::bad_alloc&) {
      std::printf("new int[2^61]: std::bad_alloc\n");
   }
   return 0;
}
