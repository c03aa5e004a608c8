// rust_static_race: two threads, released together by a std::sync::Barrier,
// increment a `static mut` without a lock (unsafe code): a real race.
// VERDICT: racy
use std::sync::{Arc, Barrier};
use std::thread;

static mut COUNTER: u64 = 0;

fn bump() {
    unsafe {
        COUNTER += 1; /* RACE */
    }
}

fn main() {
    let b = Arc::new(Barrier::new(2));
    let hs: Vec<_> = (0..2)
        .map(|_| {
            let b = b.clone();
            thread::spawn(move || {
                b.wait();
                for _ in 0..1000 {
                    bump();
                }
            })
        })
        .collect();
    for h in hs {
        h.join().unwrap();
    }
    println!("{}", unsafe { COUNTER });
}
