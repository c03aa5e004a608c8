// cpp_shared_ptr: two threads each hold a std::shared_ptr copy of one
// object; each reads the object and drops its reference.  Whichever drops
// the last reference destroys the object (its destructor writes it) and
// frees it: the atomic acq_rel decrement of the reference count orders
// the other thread's reads before the destruction.
//
// At the instruction level (libstdc++ 12, not built for TSan): the
// releases that do not destroy are lock xadd; the one that destroys takes
// a fast path, a plain 8-byte mov load (__atomic_load_n ACQUIRE of both
// counts, see _Sp_counted_base<_S_atomic>::_M_release) followed by plain
// stores to the counts, the destructor and operator delete.  A detector
// that counts only lock-prefixed instructions as synchronisation reports
// a false race here; the acquire load must be recognised, e.g. by treating
// plain accesses to a location used by locked RMWs as atomic acquire/
// release.  (With -fsanitize=thread libstdc++ skips that fast path.)
// VERDICT: race-free
#include <cstdio>
#include <memory>
#include <thread>

struct Payload {
    int values[8];
    Payload() { for (int i = 0; i < 8; i++) values[i] = i; }
    ~Payload() { for (int i = 0; i < 8; i++) values[i] = -1; }
};

static long sums[2];

static void user(std::shared_ptr<Payload> p, int id)
{
    long s = 0;
    for (int i = 0; i < 8; i++)
        s += p->values[i];
    sums[id] = s;
    p.reset();
}

int main()
{
    std::thread a, b;
    {
        auto p = std::make_shared<Payload>();
        a = std::thread(user, p, 0);
        b = std::thread(user, p, 1);
    }
    a.join();
    b.join();
    std::printf("%ld %ld\n", sums[0], sums[1]);
    return sums[0] != 28 || sums[1] != 28;
}
