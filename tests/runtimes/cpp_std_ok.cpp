// cpp_std_ok: std::thread, std::mutex, std::condition_variable, a
// std::atomic<bool> release/acquire publication of plain data, and a
// std::shared_ptr copied across threads, all used correctly.  The atomic's
// load and store are plain moves at -O2; cprofgrind knows them from the
// inlined std::atomic frames in the debug info.
// VERDICT: race-free
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>
#include <cstdio>
struct Data { int v[16]; };
int main() {
    std::mutex m; std::condition_variable cv; bool ready = false; long total = 0;
    std::atomic<bool> flag{false}; int payload = 0;
    auto sp = std::make_shared<Data>();
    std::vector<std::thread> ts;
    for (int i = 0; i < 4; i++) ts.emplace_back([&, sp, i] {
        { std::unique_lock<std::mutex> l(m); cv.wait(l, [&]{ return ready; }); total += sp->v[i]; }
        std::shared_ptr<Data> copy = sp; (void)copy;
    });
    std::thread pub([&] { payload = 42; flag.store(true, std::memory_order_release); });
    while (!flag.load(std::memory_order_acquire)) {}
    int got = payload;
    { std::lock_guard<std::mutex> l(m); ready = true; }
    cv.notify_all();
    for (auto& t : ts) t.join();
    pub.join();
    std::printf("%ld %d\n", total, got);
}
