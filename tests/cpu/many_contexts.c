/* A binary walk 20 calls deep, each level calling from two sites: a
   million distinct calling contexts (many_contexts*.vgtest). */
static volatile long sink;

__attribute__((noinline)) static void walk(int d)
{
   if (d == 0) { sink++; return; }
   walk(d - 1);   /* one call site */
   walk(d - 1);   /* another */
   sink++;
}

int main(void)
{
   walk(20);
   return sink == 2 * (1L << 20) - 1 ? 0 : 1;
}
