//! Work on many items at once, results in input order.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// Runs `work` on every item on up to `workers` threads and hands each
/// result to `done` in input order, as soon as it and every result before it
/// are ready. `started` is told of each item as its work begins. When `done`
/// fails, no new work starts and its error is returned.
pub fn in_order<T, R, E>(
    items: &[T],
    workers: usize,
    work: impl Fn(usize, &T) -> R + Sync,
    mut done: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let workers = workers.clamp(1, items.len().max(1));
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (send, receive) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let send = send.clone();
            let (next, stop, work) = (&next, &stop, &work);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if send.send((i, work(i, item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        let mut waiting = BTreeMap::new();
        let mut emit = 0;
        for (i, result) in receive.iter() {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&emit) {
                if let Err(e) = done(emit, result) {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
                emit += 1;
            }
        }
        Ok(())
    })
}

/// One worker per core.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order() {
        let items: Vec<u64> = (0..40).collect();
        let mut seen = Vec::new();
        in_order(
            &items,
            4,
            |_, &n| {
                std::thread::sleep(std::time::Duration::from_millis((40 - n) % 7));
                n * 2
            },
            |i, r| {
                seen.push((i, r));
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(
            seen,
            (0..40).map(|n| (n as usize, n * 2)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_failure_stops_new_work() {
        let items: Vec<u32> = (0..100).collect();
        let started = AtomicUsize::new(0);
        let result = in_order(
            &items,
            2,
            |_, _| {
                started.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(std::time::Duration::from_millis(1));
            },
            |i, ()| if i == 3 { Err(i) } else { Ok(()) },
        );
        assert_eq!(result, Err(3));
        assert!(started.load(Ordering::Relaxed) < 100);
    }
}
