// cpp_lambda_race: two std::threads run lambdas that capture a local
// std::size_t by reference and both increment it, unsynchronised (the
// second one sleeps first: apart in time, not ordered).
// VERDICT: racy
#include <cstdio>
#include <chrono>
#include <thread>

int main()
{
    std::size_t hits = 0;
    auto work = [&hits](int delay_ms) {
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        hits++;                                         /* RACE */
    };
    std::thread a(work, 0), b(work, 50);
    a.join();
    b.join();
    std::printf("hits = %zu\n", hits);
    return 0;
}
