/*--------------------------------------------------------------------*/
/*--- cprofgrind: the leak check.                        cp_leak.h ---*/
/*--------------------------------------------------------------------*/

#ifndef __CP_LEAK_H
#define __CP_LEAK_H

#include "cp_basics.h"

/* A thread makes the exit system call (it ends by itself); then it is
   gone: its stack is stale, not a root. */
void  CP_(leak_thread_exiting) ( ThreadId tid );
void  CP_(leak_thread_exit)    ( ThreadId tid );
void  CP_(leak_thread_create)  ( ThreadId tid );   /* the id is in use again */

/* The leak check at exit (--leak-check): summary, records with
   --leak-check=full, and <out>.leaks.pb.gz. */
void  CP_(leak_check) ( void );

/* Bytes definitely lost by the last check (for --leak-exitcode). */
ULong CP_(leak_definitely_lost) ( void );

#endif /* __CP_LEAK_H */

/*--------------------------------------------------------------------*/
/*--- end                                                cp_leak.h ---*/
/*--------------------------------------------------------------------*/
