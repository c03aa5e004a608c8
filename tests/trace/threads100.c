/* The classic contention demo: 100 threads each take one mutex around a
   10 ms sleep, so that all but one wait for it; main joins them.  Main is
   named "main-loop" and marks a task, a region inside it and a log
   message inside the region. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include "cprofgrind.h"

#define N 100

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int counter;

static void* worker(void* arg)
{
   (void)arg;
   pthread_mutex_lock(&lock);
   usleep(10000);
   counter++;
   pthread_mutex_unlock(&lock);
   return NULL;
}

int main(void)
{
   pthread_t t[N];
   pthread_setname_np(pthread_self(), "main-loop");
   CPROFGRIND_TASK_BEGIN("contention");
   CPROFGRIND_REGION_BEGIN("spawn");
   for (int i = 0; i < N; i++)
      pthread_create(&t[i], NULL, worker, NULL);
   CPROFGRIND_LOG("demo", "all threads started");
   CPROFGRIND_REGION_END("spawn");
   for (int i = 0; i < N; i++)
      pthread_join(t[i], NULL);
   CPROFGRIND_TASK_END("contention");
   printf("counter %d\n", counter);
   return 0;
}
