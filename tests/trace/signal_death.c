/* Dies on a signal (argv[1]: segv or abort) while two threads are blocked
   -- one waiting for a mutex that main holds, one in a read() of a pipe
   that never gets data -- each inside a region, and while main is inside
   a task and two nested regions.  The timeline must still be written,
   whole: the open waits, system calls, regions and task end at the
   death. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cprofgrind.h"

static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static int fds[2];
static volatile int started;

static void* locker(void* arg)
{
   (void)arg;
   CPROFGRIND_REGION_BEGIN("locker-wait");
   __sync_fetch_and_add(&started, 1);
   pthread_mutex_lock(&held);          /* main never lets go */
   CPROFGRIND_REGION_END("locker-wait");
   return NULL;
}

static void* reader(void* arg)
{
   (void)arg;
   char c;
   CPROFGRIND_REGION_BEGIN("reader-wait");
   __sync_fetch_and_add(&started, 1);
   if (read(fds[0], &c, 1) < 0)        /* nobody writes */
      return NULL;
   CPROFGRIND_REGION_END("reader-wait");
   return NULL;
}

int main(int argc, char** argv)
{
   const char* how = argc > 1 ? argv[1] : "segv";
   pthread_t a, b;
   pthread_setname_np(pthread_self(), "crasher");
   if (pipe(fds) != 0)
      return 1;
   pthread_mutex_lock(&held);
   CPROFGRIND_TASK_BEGIN("crash");
   CPROFGRIND_REGION_BEGIN("outer");
   pthread_create(&a, NULL, locker, NULL);
   pthread_create(&b, NULL, reader, NULL);
   while (started < 2)
      usleep(1000);
   usleep(50000);                      /* let both block */
   CPROFGRIND_REGION_BEGIN("inner");
   CPROFGRIND_LOG("end", "about to die");
   if (strcmp(how, "abort") == 0)
      abort();
   signal(SIGSEGV, SIG_DFL);
   *(volatile int*)8 = 1;
   return 0;
}
