// A C++ exception thrown three frames down and caught in main: the frames
// it leaves are popped when libgcc's unwinder lands in main's handler, so
// after_catch() runs directly under main.
#include <cstdio>
#include <stdexcept>

static volatile long sink;

__attribute__((noinline)) static void spin(int n) { for (int i = 0; i < n; i++) sink += i; }
__attribute__((noinline)) static void thrower3() { spin(100); throw std::runtime_error("boom"); }
__attribute__((noinline)) static void thrower2() { spin(100); thrower3(); }
__attribute__((noinline)) static void thrower1() { spin(100); thrower2(); }
__attribute__((noinline)) static void after_catch() { spin(1000); }

int main()
{
   for (int i = 0; i < 3; i++) {
      try {
         thrower1();
      } catch (const std::exception& e) {
         after_catch();
      }
   }
   std::printf("sink %ld\n", sink);
   return 0;
}
