// cpp_mutex_thread: C++ std::thread, std::mutex with std::lock_guard, a
// std::condition_variable hand-off and std::call_once: a shared vector
// filled under the mutex, a result published through the condition
// variable, a table initialised once.
// VERDICT: race-free
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

static std::mutex m;
static std::condition_variable cv;
static std::vector<int> items;
static bool ready = false;
static long result = 0;
static std::once_flag once;
static int table[8];

static void init_table()
{
    for (int i = 0; i < 8; i++)
        table[i] = i;
}

static void producer(int id)
{
    std::call_once(once, init_table);
    for (int i = 0; i < 100; i++) {
        std::lock_guard<std::mutex> g(m);
        items.push_back(id * 1000 + i + table[i % 8]);
    }
}

int main()
{
    std::thread consumer([] {
        std::unique_lock<std::mutex> lk(m);
        cv.wait(lk, [] { return ready; });
        long sum = 0;
        for (int v : items)
            sum += v;
        result = sum;
    });
    std::thread p1(producer, 1), p2(producer, 2);
    p1.join();
    p2.join();
    {
        std::lock_guard<std::mutex> g(m);
        ready = true;
    }
    cv.notify_one();
    consumer.join();
    std::printf("items = %zu, result = %ld\n", items.size(), result);
    return items.size() != 200;
}
