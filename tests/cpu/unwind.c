/* Leaving frames without returning: longjmp out of three frames, and
   siglongjmp out of a signal handler.  Afterwards after_jump() and
   after_signal() must appear directly under main, not under the frames
   that were left. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static jmp_buf env;
static sigjmp_buf senv;
static volatile long sink;

__attribute__((noinline)) static void spin(int n) { for (int i = 0; i < n; i++) sink += i; }
__attribute__((noinline)) static void deep3(void) { spin(100); longjmp(env, 1); }
__attribute__((noinline)) static void deep2(void) { spin(100); deep3(); }
__attribute__((noinline)) static void deep1(void) { spin(100); deep2(); }
__attribute__((noinline)) static void after_jump(void) { spin(1000); }

__attribute__((noinline)) static void in_handler(void) { spin(200); }
static void handler(int sig) { (void)sig; in_handler(); siglongjmp(senv, 1); }
__attribute__((noinline)) static void after_signal(void) { spin(1000); }

__attribute__((noinline)) static void handled(void) { spin(300); }
static void plain_handler(int sig) { (void)sig; handled(); }
__attribute__((noinline)) static void after_return(void) { spin(1000); }

int main(void)
{
   if (!setjmp(env)) deep1();
   after_jump();

   signal(SIGUSR1, handler);
   if (!sigsetjmp(senv, 1)) raise(SIGUSR1);
   after_signal();

   signal(SIGUSR2, plain_handler);
   raise(SIGUSR2);
   after_return();
   printf("sink %ld\n", sink);
   return 0;
}
