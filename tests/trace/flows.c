/* Four threads created with no annotation around them, each holding one
   mutex across a 5 ms sleep, so that the others wait for it: the
   timeline has a create flow per thread and wake-up flows from an unlock
   to the waiter it lets in, each end inside a slice of its own track. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define N 4

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void* worker(void* arg)
{
   (void)arg;
   pthread_mutex_lock(&lock);
   usleep(5000);
   pthread_mutex_unlock(&lock);
   return NULL;
}

int main(void)
{
   pthread_t t[N];
   for (int i = 0; i < N; i++)
      pthread_create(&t[i], NULL, worker, NULL);
   for (int i = 0; i < N; i++)
      pthread_join(t[i], NULL);
   printf("done\n");
   return 0;
}
