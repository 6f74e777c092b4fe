//! SIGINT, SIGTERM and SIGHUP end a `score` run cleanly: its staging folder is removed
//! (and the output folder, when the run made it and it is empty again) and the process
//! exits with 128 + the signal's number (130, 143, 129), so the previous reports stay as
//! they were and nothing is left behind. A signal that comes while the reports are being
//! moved into place waits for the moves to end, so a run is still all or nothing.

use std::fs;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// What a run has made that must go if it does not finish.
#[derive(Debug, Clone)]
pub struct Leftovers {
    pub out: PathBuf,
    pub tmp: PathBuf,
    /// Folders made for `out`, deepest first.
    pub made: Vec<PathBuf>,
    pub lock: PathBuf,
}

impl Leftovers {
    /// Removes the staging folder, then the folders made for `out` if they are empty
    /// (with the lock file, which only this run can have put in a folder it made).
    pub fn discard(&self) {
        // A file being created meanwhile can make one attempt fail; the folder cannot
        // come back once it is gone (files are made in it, never it).
        for _ in 0..5 {
            match fs::remove_dir_all(&self.tmp) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => continue,
                _ => break,
            }
        }
        if !self.made.is_empty() {
            let _ = fs::remove_file(&self.lock);
        }
        // `remove_dir` takes only an empty folder: anything put there meanwhile stays.
        for dir in &self.made {
            if fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
}

/// The runs under way in this process (one, outside tests).
static ACTIVE: Mutex<Vec<Leftovers>> = Mutex::new(Vec::new());

/// The list of runs under way, held: a signal is handled only once it is let go.
pub fn hold() -> MutexGuard<'static, Vec<Leftovers>> {
    ACTIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Starts the thread that cleans up on SIGINT, SIGTERM and SIGHUP. signal-hook does the
/// part that is hard to get right (a handler may do almost nothing; it hands the signal
/// to an ordinary thread through a pipe), so the cleanup runs as plain code. A signal the
/// run was started with ignored (`nohup`, a background job of a script) stays ignored.
#[cfg(unix)]
pub fn install() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let ignored = ignored_at_start();
    let watched: Vec<i32> = [SIGINT, SIGTERM, SIGHUP].into_iter().filter(|s| !ignored(*s)).collect();
    let mut signals = signal_hook::iterator::Signals::new(watched)?;
    std::thread::Builder::new().name("signals".into()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let active = hold();
            for run in active.iter() {
                run.discard();
                // Never `eprintln!`: it panics when stderr is closed, and this thread
                // must reach the exit.
                let _ = writeln!(
                    io::stderr(),
                    "stopped by {}: no report was written, and {} is as it was before the run",
                    name(signal),
                    run.out.display()
                );
            }
            std::process::exit(128 + signal);
        }
    })?;
    Ok(())
}

/// Signals are not handled elsewhere: the system's default applies.
#[cfg(not(unix))]
pub fn install() -> io::Result<()> {
    Ok(())
}

/// Which signals the process was started with ignored, from the kernel's `SigIgn` mask
/// (Linux; elsewhere none are taken as ignored): std has no safe way to ask.
#[cfg(unix)]
fn ignored_at_start() -> impl Fn(i32) -> bool {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    let mask = status.lines().find_map(|l| l.strip_prefix("SigIgn:")).map(str::trim).unwrap_or("0");
    let mask = u64::from_str_radix(mask, 16).unwrap_or(0);
    move |signal| (1..=64).contains(&signal) && mask & (1 << (signal - 1)) != 0
}

#[cfg(unix)]
fn name(signal: i32) -> &'static str {
    match signal {
        signal_hook::consts::SIGINT => "SIGINT",
        signal_hook::consts::SIGTERM => "SIGTERM",
        _ => "SIGHUP",
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// The test runner does not ignore SIGTERM (nothing does by default).
    #[test]
    fn sigterm_is_not_ignored_here() {
        assert!(!super::ignored_at_start()(signal_hook::consts::SIGTERM));
    }
}
