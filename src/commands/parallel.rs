//! How work runs in parallel, for every subcommand: a bounded pool of workers taking items in
//! order (trackers of a scrape, torrents of an announce or stop), and a window of requests whose
//! answers come back to the caller as they arrive.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `work(index, item)` for every item, at most `workers` at a time.
pub fn each<T: Sync>(items: &[T], workers: usize, work: &(dyn Fn(usize, &T) + Sync)) {
    let workers = workers.max(1).min(items.len().max(1));
    if workers == 1 {
        for (n, item) in items.iter().enumerate() {
            work(n, item);
        }
        return;
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(n) else { break };
                    work(n, item);
                }
            });
        }
    });
}

/// Asks for `items` with at most `window` requests in flight (each on its own connection or
/// socket, with its own retransmits and deadline); `done` gets each answer as it comes, on the
/// calling thread.
pub fn in_window<T: Sync, R: Send>(
    window: usize,
    items: &[T],
    ask: &(dyn Fn(&T) -> R + Sync),
    done: &mut dyn FnMut(&T, R),
) {
    if window <= 1 || items.len() <= 1 {
        for item in items {
            let answer = ask(item);
            done(item, answer);
        }
        return;
    }
    let next = AtomicUsize::new(0);
    // Bounded: a writer slower than the tracker holds the askers back instead of letting the
    // answers pile up in memory.
    let (sender, answers) = std::sync::mpsc::sync_channel(window);
    std::thread::scope(|scope| {
        for _ in 0..window.min(items.len()) {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(n) else { break };
                    if sender.send((n, ask(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for (n, answer) in answers {
            done(&items[n], answer);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn each_item_once_with_any_number_of_workers() {
        for workers in [0, 1, 3, 50] {
            let seen = Mutex::new(Vec::new());
            each(&[10, 20, 30, 40], workers, &|n, item| {
                seen.lock().unwrap().push((n, *item));
            });
            let mut seen = seen.into_inner().unwrap();
            seen.sort();
            assert_eq!(
                seen,
                [(0, 10), (1, 20), (2, 30), (3, 40)],
                "{workers} workers"
            );
        }
    }

    #[test]
    fn window_hands_every_answer_back() {
        for window in [1, 2, 8] {
            let mut got = Vec::new();
            in_window(window, &[1, 2, 3, 4, 5], &|n| n * 10, &mut |n, a| {
                got.push((*n, a))
            });
            got.sort();
            assert_eq!(got, [(1, 10), (2, 20), (3, 30), (4, 40), (5, 50)]);
        }
    }
}
