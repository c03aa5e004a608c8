// rust_sync_ok: Rust's std::sync::{Mutex, Condvar, Arc, mpsc} and
// std::thread, used correctly.  Rust's std synchronises with futexes and
// atomics (acquire loads and release stores are plain moves on x86-64);
// cprofgrind reads the inlined core::sync::atomic frames from the debug
// info and takes them as atomic operations.
// VERDICT: race-free
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::thread;

fn main() {
    let counter = Arc::new(Mutex::new(0u64));
    let mut hs = vec![];
    for _ in 0..4 {
        let c = Arc::clone(&counter);
        hs.push(thread::spawn(move || {
            for _ in 0..1000 {
                *c.lock().unwrap() += 1;
            }
        }));
    }
    for h in hs {
        h.join().unwrap();
    }
    let pair = Arc::new((Mutex::new(false), Condvar::new()));
    let p2 = Arc::clone(&pair);
    let t = thread::spawn(move || {
        let (l, cv) = &*p2;
        *l.lock().unwrap() = true;
        cv.notify_one();
    });
    {
        let (l, cv) = &*pair;
        let mut g = l.lock().unwrap();
        while !*g {
            g = cv.wait(g).unwrap();
        }
    }
    t.join().unwrap();
    let (tx, rx) = mpsc::channel();
    let t2 = thread::spawn(move || {
        for x in 0..3u64 {
            tx.send(vec![x; 100]).unwrap();
        }
    });
    let mut sum = 0;
    for v in rx {
        sum += v.iter().sum::<u64>();
    }
    t2.join().unwrap();
    println!("{} {}", *counter.lock().unwrap(), sum);
}
