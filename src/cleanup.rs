//! What to remove if the process is stopped by a signal.
//!
//! Staging folders and temp files register here while they exist; the
//! binary's signal handler (SIGINT, SIGTERM, SIGHUP) calls [`abort`], which
//! waits for any critical section (the swap of a build's outputs, see
//! [`crate::outdir`]) to finish, removes every registered path and exits.
//! `kill -9` cannot be caught: the next build removes what it left (see
//! [`crate::outdir::OutDir::open`]).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

static PATHS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static CRITICAL: Mutex<()> = Mutex::new(());

fn paths() -> MutexGuard<'static, Vec<PathBuf>> {
    PATHS.lock().unwrap_or_else(|e| e.into_inner())
}

/// A registered path; dropping it unregisters the path (it does not remove it).
#[derive(Debug)]
pub struct Registration(PathBuf);

impl Drop for Registration {
    fn drop(&mut self) {
        let mut v = paths();
        if let Some(i) = v.iter().rposition(|p| *p == self.0) {
            v.remove(i);
        }
    }
}

/// Registers `path` (a file or folder) for removal if a signal stops the process.
pub fn register(path: &Path) -> Registration {
    paths().push(path.to_path_buf());
    Registration(path.to_path_buf())
}

/// A section a signal must not interrupt: [`abort`] waits until the guard is dropped.
pub fn critical() -> MutexGuard<'static, ()> {
    CRITICAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes every registered path. Called by [`abort`].
pub fn remove_registered() {
    remove_where(|_| true);
}

fn remove_where(keep: impl Fn(&Path) -> bool) {
    let v: Vec<PathBuf> = paths().iter().filter(|p| keep(p)).cloned().collect();
    for p in v.iter().rev() {
        // A writer thread may still be adding files: try a few times.
        for _ in 0..3 {
            let r = match std::fs::symlink_metadata(p) {
                Ok(m) if m.is_dir() => std::fs::remove_dir_all(p),
                Ok(_) => std::fs::remove_file(p),
                Err(_) => Ok(()),
            };
            if r.is_ok() {
                break;
            }
        }
    }
}

/// Waits for the current critical section, removes every registered path and
/// exits with `code` (128 + the signal number, as shells report it).
pub fn abort(code: i32) -> ! {
    let _guard = critical();
    remove_registered();
    std::process::exit(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_paths_are_removed_and_dropped_ones_are_not() {
        let d = tempfile::tempdir().unwrap();
        let a = d.path().join("stage");
        std::fs::create_dir_all(a.join("x")).unwrap();
        std::fs::write(a.join("x/f"), b"1").unwrap();
        let b = d.path().join("kept");
        std::fs::write(&b, b"2").unwrap();
        let _ra = register(&a);
        drop(register(&b));
        // Only this test's paths: other tests register staging folders too.
        remove_where(|p| p.starts_with(d.path()));
        assert!(!a.exists());
        assert!(b.exists());
    }
}
