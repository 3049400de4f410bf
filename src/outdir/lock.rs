//! Opening the build folder: the lock, then the roll-forward of a killed
//! build, stale-staging cleanup and the manifest.

use super::clean::clean_stale;
use super::swap::recover;
use super::{JOURNAL, LOCK, MANIFEST, Manifest, OutDir, io, output_err};
use crate::error::{Error, Result};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

impl OutDir {
    /// Creates (if needed) and locks the build folder `root`, completes a
    /// killed build's swap and removes stale staging folders. `waiting` is
    /// told when another process holds the lock (then it waits).
    pub fn open(root: &Path, waiting: &dyn Fn(&str)) -> Result<OutDir> {
        refuse_non_folder(root)?;
        fs::create_dir_all(root).map_err(io(root))?;
        refuse_special_files(root)?;
        let lock = lock(root, waiting)?;
        let recovered = recover(root)?;
        let cleaned = clean_stale(root)?;
        let manifest = Manifest::read(root)?;
        Ok(OutDir {
            root: root.to_path_buf(),
            _lock: lock,
            manifest,
            recovered,
            cleaned,
        })
    }
}

/// Refuses a build folder that is a file, or a symlink to a missing folder.
fn refuse_non_folder(root: &Path) -> Result<()> {
    if let Ok(m) = fs::symlink_metadata(root)
        && !m.is_dir()
        && !fs::metadata(root).is_ok_and(|m| m.is_dir())
    {
        let what = if m.file_type().is_symlink() && fs::metadata(root).is_err() {
            "the build folder is a symlink to a missing folder; galley does not create the folders a link points into"
        } else {
            "the build folder is a file, not a folder; choose another build-dir or --dest"
        };
        return Err(output_err(root, what));
    }
    Ok(())
}

/// Refuses a lock, manifest or journal that is not a regular file: galley
/// writes them itself and does not follow a link.
fn refuse_special_files(root: &Path) -> Result<()> {
    for special in [LOCK, MANIFEST, JOURNAL] {
        let p = root.join(special);
        if fs::symlink_metadata(&p).is_ok_and(|m| !m.is_file()) {
            return Err(output_err(
                &p,
                "is a symlink or not a regular file; galley writes it itself and will not follow it: remove it",
            ));
        }
    }
    Ok(())
}

/// Opens and locks `root`'s lock file (waiting, and telling `waiting`, while
/// another process holds it) and writes this process's id into it.
fn lock(root: &Path, waiting: &dyn Fn(&str)) -> Result<File> {
    let lp = root.join(LOCK);
    let lock = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lp)
        .map_err(io(&lp))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let holder = fs::read_to_string(&lp).unwrap_or_default();
            let holder = holder.trim();
            waiting(&format!(
                "{}: another galley build (process {}) is writing here; waiting for it to finish",
                root.display(),
                if holder.is_empty() { "?" } else { holder }
            ));
            lock.lock().map_err(io(&lp))?;
        }
        // File systems without locks (some network ones): go on unlocked.
        Err(fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {}
        Err(fs::TryLockError::Error(e)) => return Err(Error::io(&lp, e)),
    }
    {
        let mut f = &lock;
        let _ = lock.set_len(0);
        let _ = writeln!(f, "{}", std::process::id());
    }
    Ok(lock)
}
