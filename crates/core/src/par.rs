//! Work spread over the machine's cores: the one place the library starts threads.
//!
//! Natively, [`map`] runs a closure for every index on a few threads (the calling thread is one
//! of them) that take the next index from a shared counter, and returns the results in index
//! order, so the output never depends on which thread ran what. On wasm32, where the page lints in
//! one thread, everything runs in order on the caller's thread.

/// How many threads work may use: the machine's cores natively, one on wasm32.
pub fn cores() -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::available_parallelism().map_or(1, |t| t.get())
    }
    #[cfg(target_arch = "wasm32")]
    {
        1
    }
}

/// `one(i)` for every `i` in `0..n`, on at most `threads` threads, in index order.
pub fn map<T: Send>(n: usize, threads: usize, one: impl Fn(usize) -> T + Sync) -> Vec<T> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = threads.min(n);
        if threads > 1 {
            return spread(n, threads, &one);
        }
    }
    let _ = threads;
    (0..n).map(one).collect()
}

#[cfg(not(target_arch = "wasm32"))]
fn spread<T: Send>(n: usize, threads: usize, one: &(impl Fn(usize) -> T + Sync)) -> Vec<T> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let work = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                break mine;
            }
            mine.push((i, one(i)));
        }
    };
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for w in others {
            match w.join() {
                Ok(v) => all.extend(v),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    crate::sort::sort_by_key(&mut done, |(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_index_order_whatever_the_threads() {
        for threads in [1, 2, 3, 8] {
            let got = map(100, threads, |i| i * i);
            assert_eq!(got, (0..100).map(|i| i * i).collect::<Vec<_>>());
        }
        assert!(map(0, 4, |i| i).is_empty());
    }

    #[test]
    fn work_is_shared_between_threads() {
        if cores() < 2 {
            return;
        }
        // Each item waits a little, so the spawned thread gets some of them.
        let ids = map(16, 2, |_| {
            std::thread::sleep(std::time::Duration::from_millis(2));
            std::thread::current().id()
        });
        let distinct: std::collections::HashSet<_> = ids.into_iter().collect();
        assert_eq!(distinct.len(), 2, "two threads did the work");
    }
}
