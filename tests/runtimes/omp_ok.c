// omp_ok: OpenMP parallel for with a reduction, critical, atomic, a
// barrier and single, used correctly.  libgomp synchronises with atomics,
// plain moves and futexes: cprofgrind takes libgomp's own loads as
// acquires and its stores as releases.
// VERDICT: race-free
#include <stdio.h>

int main(void)
{
    long sum = 0, crit = 0, at = 0;
    double a[1000];
#pragma omp parallel for reduction(+:sum)
    for (int i = 0; i < 1000; i++) {
        a[i] = i;
        sum += i;
    }
#pragma omp parallel
    {
#pragma omp critical
        crit++;
#pragma omp atomic
        at++;
#pragma omp barrier
#pragma omp single
        a[0] += 1;
    }
    printf("%ld %ld %ld %f\n", sum, crit, at, a[0]);
    return 0;
}
