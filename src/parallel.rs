//! Work on many items at once, results in input order.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// Runs `work` on every item on up to `workers` threads and hands each
/// result to `done` in input order, as soon as it and every result before it
/// are ready. When `done` fails, no new work starts and its error is
/// returned.
pub fn in_order<T, R, E>(
    items: &[T],
    workers: usize,
    work: impl Fn(usize, &T) -> R + Sync,
    done: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    in_order_runs(
        items,
        workers,
        1,
        |start, run| vec![work(start, &run[0])],
        done,
    )
}

/// [`in_order`] for work that is cheaper on several items at once: a
/// worker takes a run of items and `work` returns one result per item of
/// the run (`start` is the run's first index). Runs are at most `longest`
/// long and shorten as the items run out, so that the workers finish
/// together.
pub fn in_order_runs<T, R, E>(
    items: &[T],
    workers: usize,
    longest: usize,
    work: impl Fn(usize, &[T]) -> Vec<R> + Sync,
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
                    let Some(run) = claim(next, items.len(), workers, longest) else {
                        break;
                    };
                    let start = run.start;
                    let results = work(start, &items[run]);
                    for (i, result) in results.into_iter().enumerate() {
                        if send.send((start + i, result)).is_err() {
                            return;
                        }
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

/// Takes the next run of items: a share of what is left (half of it split
/// among the workers), between one and `longest` items.
fn claim(
    next: &AtomicUsize,
    len: usize,
    workers: usize,
    longest: usize,
) -> Option<std::ops::Range<usize>> {
    let mut start = next.load(Ordering::Relaxed);
    loop {
        if start >= len {
            return None;
        }
        let size = (len - start).div_ceil(2 * workers).clamp(1, longest.max(1));
        match next.compare_exchange_weak(start, start + size, Ordering::Relaxed, Ordering::Relaxed)
        {
            Ok(_) => return Some(start..start + size),
            Err(now) => start = now,
        }
    }
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

    #[test]
    fn runs_cover_every_item_once_and_shorten_at_the_end() {
        let items: Vec<usize> = (0..50).collect();
        let runs = std::sync::Mutex::new(Vec::new());
        let mut seen = Vec::new();
        in_order_runs(
            &items,
            2,
            6,
            |start, run| {
                runs.lock().unwrap().push((start, run.len()));
                run.iter().map(|n| n * 10).collect()
            },
            |i, r| {
                seen.push((i, r));
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        let expected: Vec<(usize, usize)> = (0..50).map(|n| (n, n * 10)).collect();
        assert_eq!(seen, expected);
        let mut runs = runs.into_inner().unwrap();
        runs.sort_unstable();
        assert_eq!(runs.first(), Some(&(0, 6)));
        assert!(runs.iter().all(|&(_, len)| (1..=6).contains(&len)));
        assert_eq!(runs.last().map(|r| r.1), Some(1));
    }
}
