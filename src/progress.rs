//! Progress on the terminal for long runs: bytes read of the total input size, then a
//! spinner while reports are written. Nothing at all when stderr is not a terminal
//! (jobs, pipes, CI) or with `--quiet`.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

#[derive(Clone)]
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar over `total` bytes, shown only if `wanted` and stderr is a terminal.
    pub fn reading(total: u64, wanted: bool) -> Progress {
        if !wanted || !std::io::stderr().is_terminal() {
            return Progress::hidden();
        }
        let bar = ProgressBar::new(total);
        let style = ProgressStyle::with_template("{msg:>8} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
            .map(|s| s.progress_chars("=> "));
        if let Ok(style) = style {
            bar.set_style(style);
        }
        bar.set_message("reading");
        Progress { bar: Some(bar) }
    }

    pub fn hidden() -> Progress {
        Progress { bar: None }
    }

    /// Sets the bytes read so far.
    pub fn set(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(bytes);
        }
    }

    /// Turns the bar into a spinner for the report writing.
    pub fn writing(&self) {
        if let Some(bar) = &self.bar {
            bar.set_style(ProgressStyle::default_spinner());
            bar.set_message("writing reports");
            bar.enable_steady_tick(Duration::from_millis(100));
        }
    }

    pub fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_drawn_unless_wanted_and_on_a_terminal() {
        assert!(Progress::reading(100, false).bar.is_none(), "--quiet or --json");
        if !std::io::stderr().is_terminal() {
            assert!(Progress::reading(100, true).bar.is_none(), "stderr is not a terminal");
        }
    }
}
