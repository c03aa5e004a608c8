/* Collection control from the program, as runtime/pprof gives Go:
   counting starts at CPROFGRIND_START, a dump is written by
   CPROFGRIND_DUMP, CPROFGRIND_ZERO forgets, CPROFGRIND_STOP stops.
   argv[1] == "zero": zero after the dump (the final profile then holds
   phase3 only); otherwise the final profile holds phase2 and phase3, and
   `pprof -base dump final` shows phase3 alone. */
#include <stdio.h>
#include <string.h>
#include "cprofgrind.h"

static volatile long sink;
__attribute__((noinline)) static void phase1(void) { for (int i = 0; i < 1000; i++) sink += i; }
__attribute__((noinline)) static void phase2(void) { for (int i = 0; i < 2000; i++) sink += i; }
__attribute__((noinline)) static void phase3(void) { for (int i = 0; i < 3000; i++) sink += i; }
__attribute__((noinline)) static void phase4(void) { for (int i = 0; i < 4000; i++) sink += i; }

int main(int argc, char** argv)
{
   int zero = argc > 1 && strcmp(argv[1], "zero") == 0;
   printf("running under cprofgrind: %d\n", CPROFGRIND_RUNNING());
   phase1();
   CPROFGRIND_START();
   phase2();
   CPROFGRIND_DUMP("after/phase2");
   if (zero) CPROFGRIND_ZERO();
   phase3();
   CPROFGRIND_STOP();
   phase4();
   return 0;
}
