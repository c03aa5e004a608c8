// omp_race: a parallel for that adds into a shared variable without a
// reduction: a real race between the threads of the team.
// VERDICT: racy
#include <stdio.h>

int main(void)
{
    long sum = 0;
#pragma omp parallel for
    for (int i = 0; i < 1000; i++)
        sum += i;                                       /* RACE */
    printf("%ld\n", sum);
    return 0;
}
