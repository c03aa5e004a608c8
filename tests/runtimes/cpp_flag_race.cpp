// cpp_flag_race: the same publication as cpp_std_ok's, through a plain
// bool instead of std::atomic<bool>: a real race (on the flag and on the
// data it publishes).
// VERDICT: racy
#include <cstdio>
#include <thread>

static volatile bool flag;
static int payload;

int main()
{
    std::thread pub([] {
        payload = 42;                                   /* RACE */
        flag = true;                                    /* RACE */
    });
    while (!flag) {                                     /* RACE */
    }
    int got = payload;                                  /* RACE */
    pub.join();
    std::printf("%d\n", got);
}
