/* Roots in threads: a block kept in a __thread variable of the main
   thread and of a live thread (still reachable), a block whose only
   pointer was on the stack of a thread that has exited (definitely lost:
   a dead stack is not a root), and a block held on a live thread's stack
   (still reachable).  memcheck agrees on every total. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static __thread void* tls_keep;
static pthread_barrier_t ready, done;

static void* short_lived(void* arg)
{
   volatile void* on_stack = malloc(111);   /* lost when the thread ends */
   (void)on_stack;
   return arg;
}

static void* long_lived(void* arg)
{
   tls_keep = malloc(222);                  /* reachable: live TLS */
   volatile void* on_stack = malloc(333);   /* reachable: live stack */
   pthread_barrier_wait(&ready);
   pthread_barrier_wait(&done);             /* never released */
   (void)on_stack;
   return arg;
}

int main(void)
{
   pthread_t a, b;
   pthread_barrier_init(&ready, NULL, 2);
   pthread_barrier_init(&done, NULL, 2);
   tls_keep = malloc(444);                  /* reachable: main's TLS */
   pthread_create(&a, NULL, short_lived, NULL);
   pthread_join(a, NULL);
   pthread_create(&b, NULL, long_lived, NULL);
   pthread_barrier_wait(&ready);
   printf("exiting with a thread still running\n");
   exit(0);
}
