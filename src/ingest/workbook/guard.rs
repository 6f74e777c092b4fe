//! calamine's readers can panic on a malformed workbook (an `.xls` whose sectors run
//! past its end, say): [`guarded`] runs one of them and turns a panic into an error, so
//! a bad input is a message naming the file, not a crash. The panic's own report is
//! kept off the terminal while a guarded call runs (on that thread only).

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// A guarded call is running on this thread: its panic is reported as an error.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// The panic hook that leaves guarded panics unreported, installed once.
static HOOK: Once = Once::new();

/// `f`'s result, or the message of its panic.
pub(super) fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    // The reader's state after a panic is dropped with the error, never used again.
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.map_err(|payload| {
        let text =
            payload.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| payload.downcast_ref::<String>().cloned());
        format!("the reader failed on it: {}", text.unwrap_or_else(|| "an unexpected failure".to_string()))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    #[allow(clippy::panic)]
    fn a_panic_is_an_error_and_a_result_passes() {
        assert_eq!(super::guarded(|| 4), Ok(4));
        let err = super::guarded(|| -> u8 { panic!("sector {} past the end", 9) }).unwrap_err();
        assert_eq!(err, "the reader failed on it: sector 9 past the end");
        assert_eq!(super::guarded(|| -> u8 { panic!("plain") }).unwrap_err(), "the reader failed on it: plain");
    }
}
