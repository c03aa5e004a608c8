// operator new[] called 300 frames deep, below --max-depth=50: the
// malloc that libstdc++'s operator new calls is internal there too, so
// the totals stay memcheck's (deep_new.vgtest).
static int* volatile keep;

__attribute__((noinline)) static long dive(long n)
{
   if (n == 0) {
      keep = new int[10];
      delete[] new char[7];
      return 0;
   }
   long r = dive(n - 1) + 1;   // not a tail call
   return r;
}

int main()
{
   return dive(300) == 300 ? 0 : 1;
}
