//! How many decoded pixels the process holds at once.
//!
//! Files are read by several workers, each a run of up to
//! [`super::READ_TOGETHER`] files; without a bound, memory grows with
//! cores × run length × picture size. Before a run decodes its pictures, it
//! takes their pixel count (from their headers) out of one budget shared
//! by all workers, and gives it back when the run has been read. A run that
//! does not fit waits until others finish. A run larger than the budget
//! is read in parts that fit ([`parts`]); a part is always let in when no
//! other holds pixels, so a single picture above the budget is read alone
//! rather than never.

use std::sync::{Condvar, Mutex, PoisonError};

static HELD: Mutex<u64> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

/// Pixels taken from the budget, given back when dropped.
#[derive(Debug)]
pub struct Permit {
    pixels: u64,
}

/// Waits until `pixels` fit in `budget` beside what other runs hold, or
/// until no other run holds any, and takes them.
pub fn take(pixels: u64, budget: u64) -> Permit {
    if pixels == 0 {
        return Permit { pixels };
    }
    let mut held = HELD.lock().unwrap_or_else(PoisonError::into_inner);
    while *held > 0 && held.saturating_add(pixels) > budget {
        held = FREED.wait(held).unwrap_or_else(PoisonError::into_inner);
    }
    *held += pixels;
    Permit { pixels }
}

/// Consecutive parts of a run whose pixel counts `sizes` fit `budget`,
/// each part at least one file long.
pub fn parts(sizes: &[u64], budget: u64) -> Vec<std::ops::Range<usize>> {
    let mut parts = Vec::new();
    let (mut start, mut sum) = (0, 0u64);
    for (i, &size) in sizes.iter().enumerate() {
        if i > start && sum.saturating_add(size) > budget {
            parts.push(start..i);
            (start, sum) = (i, 0);
        }
        sum = sum.saturating_add(size);
    }
    if start < sizes.len() {
        parts.push(start..sizes.len());
    }
    parts
}

impl Drop for Permit {
    fn drop(&mut self) {
        if self.pixels == 0 {
            return;
        }
        let mut held = HELD.lock().unwrap_or_else(PoisonError::into_inner);
        *held -= self.pixels;
        FREED.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use super::*;

    #[test]
    fn a_run_is_split_into_parts_that_fit() {
        assert_eq!(parts(&[40, 40, 40, 0, 90, 10], 100), [0..2, 2..4, 4..6]);
        assert_eq!(parts(&[500, 1], 100), [0..1, 1..2]);
        assert_eq!(parts(&[0, 0], 100).len(), 1);
        assert!(parts(&[], 100).is_empty());
    }

    #[test]
    fn runs_together_never_hold_more_than_the_budget() {
        let inside = AtomicU64::new(0);
        let most = AtomicU64::new(0);
        std::thread::scope(|scope| {
            for n in 0..8u64 {
                let (inside, most) = (&inside, &most);
                scope.spawn(move || {
                    let want = 30 + n;
                    let _permit = take(want, 100);
                    let now = inside.fetch_add(want, Ordering::SeqCst) + want;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(5));
                    inside.fetch_sub(want, Ordering::SeqCst);
                });
            }
        });
        let most = most.load(Ordering::SeqCst);
        assert!((30..=100).contains(&most), "{most}");
        // Alone, a run larger than the budget still gets in.
        drop(take(500, 100));
    }
}
