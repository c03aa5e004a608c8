/* Ways to end: argv[1] is exit, _exit, abort, segv or return.  Each run
   must still write its profile, holding before_end(). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile long sink;
__attribute__((noinline)) static void before_end(void) { for (int i = 0; i < 3000; i++) sink += i; }

int main(int argc, char** argv)
{
   const char* how = argc > 1 ? argv[1] : "return";
   before_end();
   if (strcmp(how, "exit") == 0)  exit(3);
   if (strcmp(how, "_exit") == 0) _exit(4);
   if (strcmp(how, "abort") == 0) abort();
   if (strcmp(how, "segv") == 0)  { signal(SIGSEGV, SIG_DFL); *(volatile int*)8 = 1; }
   return 0;
}
