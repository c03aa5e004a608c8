/* Two threads hand a token back and forth ROUNDS times (argv[1], default
   20000) with a mutex and a condition variable: every hand-over is a
   wait, a wake-up flow and new running slices, so the timeline gets many
   events. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int turn, rounds;

static void* player(void* arg)
{
   int me = (int)(long)arg;
   pthread_mutex_lock(&m);
   for (int i = 0; i < rounds; i++) {
      while (turn != me)
         pthread_cond_wait(&cv, &m);
      turn = 1 - me;
      pthread_cond_signal(&cv);
   }
   pthread_mutex_unlock(&m);
   return NULL;
}

int main(int argc, char** argv)
{
   pthread_t a, b;
   rounds = argc > 1 ? atoi(argv[1]) : 20000;
   pthread_create(&a, NULL, player, (void*)0L);
   pthread_create(&b, NULL, player, (void*)1L);
   pthread_join(a, NULL);
   pthread_join(b, NULL);
   printf("%d rounds\n", rounds);
   return 0;
}
