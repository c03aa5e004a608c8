// pthread_exit_handoff: the worker fills a static record and leaves with
// pthread_exit(&record) from a nested call; main gets the pointer from
// pthread_join and reads the record.
// VERDICT: race-free
#include <pthread.h>
#include <stdio.h>

struct record { int id; char name[16]; double score; };
static struct record record;

static void finish(void)
{
    record.id = 7;
    record.name[0] = 'x';
    record.name[1] = 0;
    record.score = 2.5;
    pthread_exit(&record);
}

static void *worker(void *arg)
{
    (void)arg;
    finish();
    return NULL;                /* not reached */
}

int main(void)
{
    pthread_t t;
    void *ret;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, &ret);
    struct record *r = ret;
    printf("%d %s %g\n", r->id, r->name, r->score);
    return r->id != 7 || r->score != 2.5;
}
