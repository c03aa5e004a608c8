// The C++ allocation operators: new, new[], their nothrow, aligned and
// sized variants, and a std::vector and std::string growing.  Totals and
// the leak summary equal memcheck's; objects from new[] are counted under
// their allocating function.
#include <cstdio>
#include <new>
#include <string>
#include <vector>

struct alignas(64) Wide { char c[64]; };
struct Small { int x; };

__attribute__((noinline)) static void news()
{
   Small* a = new Small;            delete a;
   Small* b = new Small[10];        delete[] b;
   Small* c = new (std::nothrow) Small;       delete c;
   Small* d = new (std::nothrow) Small[3];    delete[] d;
   Wide*  e = new Wide;             delete e;           // aligned new/delete
   Wide*  f = new Wide[2];          delete[] f;
   ::operator delete(::operator new(40), 40);           // sized delete
}

__attribute__((noinline)) static void containers()
{
   std::vector<int> v;
   for (int i = 0; i < 100; i++) v.push_back(i);
   std::string s;
   for (int i = 0; i < 100; i++) s += "abc";
   std::printf("%zu %zu\n", v.size(), s.size());
}

static Small* leaked;

int main()
{
   news();
   containers();
   leaked = new Small[4];     // still reachable
   new Small;                 // definitely lost
   return 0;
}
