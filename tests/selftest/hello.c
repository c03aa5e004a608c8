/* hello.c -- the program of tests/run's self-tests (shared by several
   .vgtest files, so compiled once).  Including cprofgrind.h checks the -I
   flags the runner passes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cprofgrind.h"

int main(int argc, char **argv)
{
   const char *greeting = getenv("GREETING");
   int i;

   printf("%s, under cprofgrind: %d\n", greeting ? greeting : "hello",
          CPROFGRIND_RUNNING());
   for (i = 1; i < argc; i++)
      printf("arg %d: [%s]\n", i, argv[i]);
   fprintf(stderr, "hello: main at %p\n", (void *)main);
   if (argc > 1 && strncmp(argv[1], "exit=", 5) == 0)
      return atoi(argv[1] + 5);
   return 0;
}
