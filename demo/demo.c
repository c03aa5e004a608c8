/*--------------------------------------------------------------------*/
/*--- cprofgrind demo: the classic profiling lesson, in C.  demo.c ---*/
/*--------------------------------------------------------------------*/

/* A program with one of each problem cprofgrind finds:

   - CPU:   handleRequest() calls slowOperation() and quickOperation();
            one is a hundred times dearer than the other (cpu profile);
   - heap:  cacheResult() keeps a block nobody frees, and leakyParse()
            loses one on every call (heap profile, leak report);
   - locks: four workers take one mutex around a short sleep, so they
            queue behind each other (block and mutex profiles);
   - races: the workers also bump a shared counter without the lock
            (race detector, --race=yes).

   Build:  cc -g -O1 -pthread demo.c -o demo
   Run:    valgrind --tool=cprofgrind ./demo
           go tool pprof -top cprofgrind.out.<pid>.cpu.pb.gz */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile unsigned long checksum;

/*--- CPU ---*/

__attribute__((noinline)) static unsigned long mix(unsigned long x)
{
   x ^= x >> 33; x *= 0xff51afd7ed558ccdUL;
   x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53UL;
   return x ^ (x >> 33);
}

__attribute__((noinline)) static void slowOperation(int request)
{
   for (int i = 0; i < 20000; i++)
      checksum += mix((unsigned long)request * 31 + i);
}

__attribute__((noinline)) static void quickOperation(int request)
{
   for (int i = 0; i < 200; i++)
      checksum += mix((unsigned long)request * 17 + i);
}

__attribute__((noinline)) static void handleRequest(int request)
{
   slowOperation(request);
   quickOperation(request);
}

/*--- heap ---*/

static char* cache;   /* reachable: still reachable at exit */

__attribute__((noinline)) static void cacheResult(void)
{
   cache = malloc(4096);
   memset(cache, 1, 4096);
}

__attribute__((noinline)) static size_t leakyParse(const char* text)
{
   char* copy = strdup(text);   /* never freed: definitely lost */
   return strlen(copy);
}

/*--- locks and races ---*/

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long shared_total;     /* protected by lock */
static long racy_hits;        /* NOT protected: a data race */

static void* worker(void* arg)
{
   long id = (long)arg;
   for (int i = 0; i < 5; i++) {
      pthread_mutex_lock(&lock);
      shared_total += id;
      struct timespec ts = { 0, 2 * 1000 * 1000 };   /* 2 ms in the lock */
      nanosleep(&ts, NULL);
      pthread_mutex_unlock(&lock);
      racy_hits++;                                    /* the race */
   }
   return NULL;
}

int main(void)
{
   for (int r = 0; r < 20; r++)
      handleRequest(r);

   cacheResult();
   size_t parsed = 0;
   for (int i = 0; i < 10; i++)
      parsed += leakyParse("key=value; other=thing");

   pthread_t t[4];
   for (long i = 0; i < 4; i++)
      pthread_create(&t[i], NULL, worker, (void*)(i + 1));
   for (int i = 0; i < 4; i++)
      pthread_join(t[i], NULL);

   printf("demo: checksum %lx, parsed %zu bytes, total %ld, hits %ld\n",
          checksum, parsed, shared_total, racy_hits);
   return 0;
}

/*--------------------------------------------------------------------*/
/*--- end                                                   demo.c ---*/
/*--------------------------------------------------------------------*/
