/* Many calling contexts, each run three times: a binary recursion whose
   two calls are made from different call sites, so that every path is a
   context of its own (about 2^(depth+2) of them).  With a small
   --compact-mb their counter tables are packed while the program runs
   and unpacked when the next round runs them again. */
#include <stdlib.h>

static volatile unsigned sink;

static void walk ( int depth, unsigned path );

__attribute__((noinline)) static void left ( int depth, unsigned path )
{
   sink += path;
   walk(depth - 1, path * 2);
}

__attribute__((noinline)) static void right ( int depth, unsigned path )
{
   sink ^= path;
   walk(depth - 1, path * 2 + 1);
}

__attribute__((noinline)) static void walk ( int depth, unsigned path )
{
   if (depth == 0) {
      /* a leaf runs 0 to 7 times round its loop: cells of its own */
      for (unsigned i = 0; i < (path & 7); i++) sink += i;
      return;
   }
   left(depth, path);
   right(depth, path);
}

int main ( int argc, char** argv )
{
   int depth = argc > 1 ? atoi(argv[1]) : 15;
   for (int round = 0; round < 3; round++) walk(depth, 1);
   return 0;
}
