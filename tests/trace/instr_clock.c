/* Single-threaded work in a task and nested regions, with a log message
   and a system call that waits (nanosleep): under
   --trace-clock=instructions every timestamp is an instruction count, so
   two runs give the same slices. */
#include <stdio.h>
#include <unistd.h>
#include "cprofgrind.h"

static volatile unsigned long sink;

static void work(int n)
{
   for (int i = 0; i < n; i++)
      sink += (unsigned long)i * i;
}

int main(void)
{
   CPROFGRIND_TASK_BEGIN("job");
   CPROFGRIND_REGION_BEGIN("prepare");
   work(20000);
   CPROFGRIND_REGION_END("prepare");
   CPROFGRIND_REGION_BEGIN("compute");
   for (int r = 0; r < 3; r++) {
      CPROFGRIND_REGION_BEGIN("step");
      work(50000);
      CPROFGRIND_LOG("progress", "step done");
      CPROFGRIND_REGION_END("step");
   }
   usleep(1000);
   CPROFGRIND_REGION_END("compute");
   CPROFGRIND_TASK_END("job");
   printf("sink %lu\n", sink);
   return 0;
}
