//! One file's bug stays that file's failure.
//!
//! Reading a file from an unknown sender runs a lot of parsing code, some of
//! it in other crates; a panic there must fail that one file with a message
//! that asks for a report, not end a batch of a hundred. [`catch`] runs a
//! closure and turns its panic into an error. While it runs, the panic hook
//! stays silent on that thread only: the message goes into the error
//! instead of onto standard error, and a panic on any other thread (a bug
//! outside any file) is still printed as Rust prints it.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// This thread is inside [`catch`]: its panics are caught and quiet.
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    /// The message and place of the panic [`catch`] is about to catch.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

static QUIET_HOOK: Once = Once::new();

/// A panic caught by [`catch`]: its message and where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panicked(pub String);

impl std::fmt::Display for Panicked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Panicked {}

/// Runs `work`, turning a panic into [`Panicked`] without printing it.
/// Nested calls work: the innermost catches.
pub fn catch<R>(work: impl FnOnce() -> R) -> Result<R, Panicked> {
    install_hook();
    let was = CATCHING.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    CATCHING.with(|c| c.set(was));
    result.map_err(|payload| {
        let described = CAUGHT.with(|c| c.borrow_mut().take());
        Panicked(described.unwrap_or_else(|| message(payload.as_ref())))
    })
}

/// Wraps the process's panic hook once: panics on a catching thread are
/// recorded for [`catch`]; every other panic goes to the hook as before.
fn install_hook() {
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CATCHING.with(Cell::get) {
                let place = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let text = format!("{}{place}", message(info.payload()));
                CAUGHT.with(|c| *c.borrow_mut() = Some(text));
            } else {
                previous(info);
            }
        }));
    });
}

fn message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// In debug builds only, panics when `text` holds the value of
/// `PANEL_TEST_PANIC_ON`: the end-to-end tests use it to prove a batch
/// survives a bug in one file without depending on a bug that exists.
pub fn test_trigger(text: &str) {
    #[cfg(debug_assertions)]
    if let Some(needle) = std::env::var("PANEL_TEST_PANIC_ON")
        .ok()
        .filter(|n| !n.is_empty())
        && text.contains(&needle)
    {
        panic!("PANEL_TEST_PANIC_ON matched {needle:?}");
    }
    #[cfg(not(debug_assertions))]
    let _ = text;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_place() {
        let caught = catch(|| -> u8 { panic!("boom {}", 7) }).unwrap_err();
        assert!(
            caught.0.starts_with("boom 7 at src/isolate.rs:"),
            "{caught}"
        );
        assert_eq!(catch(|| 5), Ok(5));
    }

    #[test]
    fn slicing_inside_a_char_is_caught() {
        let text = String::from("10X10°S");
        let caught = catch(|| text[..6].len()).unwrap_err();
        assert!(caught.0.contains("char boundary"), "{caught}");
    }

    #[test]
    fn nested_catches_leave_the_outer_one_catching() {
        let outer = catch(|| {
            let inner = catch(|| panic!("inner"));
            assert!(inner.is_err());
            panic!("outer");
        });
        assert!(outer.unwrap_err().0.starts_with("outer"));
    }
}
