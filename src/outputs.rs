//! Writing a set of outputs all or nothing (the formats of one input in
//! `galley convert --to md,html,pdf`).
//!
//! 1. Every destination is resolved (a symlink is written through, as
//!    [`crate::fsio::write_atomic`] does; a dangling one is refused, a folder
//!    too) and every file is written to a temp file (`.galley-*.tmp`) in its
//!    destination's folder. A full disk or any other write error happens
//!    here, and then only the temp files are removed: nothing changes.
//! 2. The temp files are renamed into place. Before a destination that
//!    exists is replaced, a hard link to it is kept (`.galley-*.old`), so a
//!    rename that fails later (it practically cannot for lack of space: the
//!    data is already on disk) rolls everything back: new files removed, old
//!    ones put back. On success the links are removed.
//!
//! FIFOs and devices (`-o /dev/null`) cannot be staged: they are written
//! directly, after the renames.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes every `(path, bytes)` so that either all of them are in place or
/// none changed.
pub fn write_all_or_nothing(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    write_with(files, &|from, to| std::fs::rename(from, to))
}

/// A destination: where its bytes go and, for a regular file, its temp file.
struct Staged<'a> {
    dest: PathBuf,
    bytes: &'a [u8],
    /// The temp file, until it is renamed; `None` for a FIFO or device.
    tmp: Option<tempfile::TempPath>,
    /// A FIFO or device: written directly after the renames.
    special: bool,
}

fn write_with(
    files: &[(PathBuf, Vec<u8>)],
    rename: &dyn Fn(&Path, &Path) -> std::io::Result<()>,
) -> Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    // Temp files and backups are removed if a signal stops the process
    // (see `crate::cleanup`); the commit itself is not interrupted.
    let mut registered = Vec::new();
    for (path, bytes) in files {
        let s = stage(path, bytes)?;
        if let Some(t) = &s.tmp {
            registered.push(crate::cleanup::register(t));
        }
        staged.push(s);
    }
    let _critical = crate::cleanup::critical();
    // Commit: renames, each undoable, then the special files.
    let mut done: Vec<(PathBuf, Option<tempfile::TempPath>)> = Vec::new();
    let mut failure = None;
    for s in staged.iter_mut() {
        let Some(tmp) = s.tmp.take() else { continue };
        let backup = keep_old(&s.dest);
        if let Some(b) = &backup {
            registered.push(crate::cleanup::register(b));
        }
        match rename(&tmp, &s.dest) {
            Ok(()) => {
                // The temp name is gone: do not let its guard remove anything.
                let _ = tmp.keep();
                done.push((s.dest.clone(), backup));
            }
            Err(e) => {
                failure = Some(Error::io(&s.dest, e));
                break;
            }
        }
    }
    if failure.is_none() {
        for s in staged.iter().filter(|s| s.special) {
            if let Err(e) = crate::fsio::write_atomic(&s.dest, s.bytes) {
                failure = Some(e);
                break;
            }
        }
    }
    match failure {
        None => {
            // Dropping the backup guards removes the old links.
            drop(done);
            Ok(())
        }
        Some(e) => {
            for (dest, backup) in done.into_iter().rev() {
                match backup {
                    Some(old) => {
                        if std::fs::rename(&old, &dest).is_ok() {
                            let _ = old.keep();
                        }
                    }
                    None => {
                        let _ = std::fs::remove_file(&dest);
                    }
                }
            }
            Err(e)
        }
    }
}

fn stage<'a>(path: &Path, bytes: &'a [u8]) -> Result<Staged<'a>> {
    let dest = resolve(path)?;
    match std::fs::metadata(&dest) {
        Ok(m) if m.is_dir() => {
            return Err(Error::input(
                &dest,
                "is a folder; galley does not replace a folder with a file (choose another -o)",
            ));
        }
        Ok(m) if !m.is_file() => {
            return Ok(Staged {
                dest,
                bytes,
                tmp: None,
                special: true,
            });
        }
        _ => {}
    }
    let existing = std::fs::metadata(&dest).ok();
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".galley-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(match &existing {
        Some(m) => m.permissions(),
        None => crate::fsio::default_permissions(false),
    });
    let mut tmp = builder.tempfile_in(&dir).map_err(|e| Error::io(&dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(&dest, e))?;
    tmp.flush().map_err(|e| Error::io(&dest, e))?;
    Ok(Staged {
        dest,
        bytes,
        tmp: Some(tmp.into_temp_path()),
        special: false,
    })
}

/// The file `path` names: a symlink is followed; a dangling one is refused
/// (writing through it would create the folders it points into).
pub fn resolve(path: &Path) -> Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(path) {
            Ok(p) => Ok(p),
            // `/dev/stdout` -> `/proc/self/fd/1` -> `pipe:[…]`: the kernel
            // resolves it though no path names the target.
            Err(_) if std::fs::metadata(path).is_ok() => Ok(path.to_path_buf()),
            Err(_) => Err(dangling(path)),
        },
        _ => Ok(path.to_path_buf()),
    }
}

/// The error for an output path that is a symlink to nothing.
pub fn dangling(path: &Path) -> Error {
    let target = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    Error::input(
        path,
        format!(
            "is a symbolic link to {target:?}, which does not exist; galley does not create files or folders through a dangling link (remove the link or choose another -o)"
        ),
    )
}

/// A hard link to the file at `dest` (when there is one), removed when the
/// guard drops; `None` when `dest` does not exist or cannot be linked (then
/// a failed commit cannot restore it, but the data is still on disk).
fn keep_old(dest: &Path) -> Option<tempfile::TempPath> {
    if !std::fs::symlink_metadata(dest).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    tempfile::Builder::new()
        .prefix(".galley-")
        .suffix(".old")
        .make_in(dir, |p| std::fs::hard_link(dest, p))
        .ok()
        .map(|f| f.into_temp_path())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn names(d: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_failed_rename_restores_old_files_and_removes_new_ones() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        std::fs::write(d.join("a.md"), "old md").unwrap();
        let files = vec![
            (d.join("a.md"), b"new md".to_vec()),
            (d.join("a.html"), b"new html".to_vec()),
            (d.join("a.pdf"), b"new pdf".to_vec()),
        ];
        // The third rename fails (as it could on a broken disk).
        let calls = Cell::new(0);
        let failing = |from: &Path, to: &Path| {
            calls.set(calls.get() + 1);
            if calls.get() == 3 {
                Err(std::io::Error::other("injected"))
            } else {
                std::fs::rename(from, to)
            }
        };
        let e = write_with(&files, &failing).unwrap_err();
        assert!(e.to_string().contains("a.pdf") && e.to_string().contains("injected"));
        assert_eq!(std::fs::read_to_string(d.join("a.md")).unwrap(), "old md");
        assert_eq!(names(d), ["a.md"], "no new file, temp or backup left");
        // Without a failure every file is in place and nothing else is left.
        write_all_or_nothing(&files).unwrap();
        assert_eq!(names(d), ["a.html", "a.md", "a.pdf"]);
        assert_eq!(std::fs::read_to_string(d.join("a.md")).unwrap(), "new md");
    }

    #[cfg(unix)]
    #[test]
    fn dangling_links_and_folders_are_refused_before_anything_is_written() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        std::os::unix::fs::symlink(d.join("missing/deeper/x.md"), d.join("link.md")).unwrap();
        std::fs::create_dir(d.join("a.html")).unwrap();
        for bad in ["link.md", "a.html"] {
            let files = vec![
                (d.join("a.md"), b"md".to_vec()),
                (d.join(bad), b"other".to_vec()),
            ];
            let e = write_all_or_nothing(&files).unwrap_err();
            assert!(e.to_string().contains(bad), "{e}");
            assert!(!d.join("a.md").exists());
            assert!(!d.join("missing").exists());
        }
        assert_eq!(names(d), ["a.html", "link.md"]);
    }
}
