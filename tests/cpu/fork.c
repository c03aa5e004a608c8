/* fork: the child writes its own profile (its pid in the name) holding
   what it ran after the fork; the parent's holds the rest. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile long sink;
__attribute__((noinline)) static void before_fork(void) { for (int i = 0; i < 5000; i++) sink += i; }
__attribute__((noinline)) static void child_work(void)  { for (int i = 0; i < 7000; i++) sink += i; }
__attribute__((noinline)) static void parent_work(void) { for (int i = 0; i < 9000; i++) sink += i; }

int main(void)
{
   before_fork();
   pid_t pid = fork();
   if (pid == 0) {
      child_work();
      _exit(0);
   }
   waitpid(pid, NULL, 0);
   parent_work();
   return 0;
}
