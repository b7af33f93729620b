//! Panics inside `pdf-extract` are caught and reported as a damaged file, but the default
//! panic hook would still print "thread panicked at …/pdf-extract-0.12.1/src/lib.rs" on
//! stderr. A process-wide hook, installed once, stays silent for panics on a thread that is
//! inside an extraction and hands every other panic to the hook that was there before.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static EXTRACTING: Cell<bool> = const { Cell::new(false) };
}

static INSTALL: Once = Once::new();

/// Runs `work`, turning a panic into `Err` without printing anything.
pub(super) fn catch<T>(work: impl FnOnce() -> T) -> std::thread::Result<T> {
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !EXTRACTING.get() {
                previous(info);
            }
        }));
    });
    let outer = EXTRACTING.replace(true);
    let outcome = panic::catch_unwind(AssertUnwindSafe(work));
    EXTRACTING.set(outer);
    outcome
}
