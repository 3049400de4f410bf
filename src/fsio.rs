//! Writing outputs atomically: a temp file in the destination folder, then a rename.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The permissions new outputs get before the umask: `0o666` for files,
/// `0o777` for folders, as `touch` and `mkdir` do (a temp file alone would
/// be owner-only, `0o600`).
#[cfg(unix)]
pub fn default_permissions(dir: bool) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(if dir { 0o777 } else { 0o666 })
}

/// The file a path names: a symlink is followed (so `-o link.md` writes
/// through the link instead of replacing it).
fn resolve(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).unwrap_or_else(|_| {
            // A dangling link: write where it points.
            match std::fs::read_link(path) {
                Ok(t) if t.is_absolute() => t,
                Ok(t) => path.parent().unwrap_or(Path::new(".")).join(t),
                Err(_) => path.to_path_buf(),
            }
        }),
        _ => path.to_path_buf(),
    }
}

/// Writes `bytes` to `path` atomically: nothing partial is ever left behind.
/// A symlink is written through; a FIFO or device (`/dev/stdout`) is written
/// to directly; an existing file keeps its permissions, a new one gets the
/// usual `0o666` less the umask.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let path = resolve(path);
    let existing = std::fs::metadata(&path).ok();
    if let Some(m) = &existing
        && !m.is_file()
        && !m.is_dir()
    {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        f.write_all(bytes).map_err(|e| Error::io(&path, e))?;
        f.flush().map_err(|e| Error::io(&path, e))?;
        return Ok(());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".galley-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(match &existing {
        Some(m) if m.is_file() => m.permissions(),
        _ => default_permissions(false),
    });
    let mut tmp = builder.tempfile_in(&dir).map_err(|e| Error::io(&dir, e))?;
    let _registered = crate::cleanup::register(tmp.path());
    tmp.write_all(bytes).map_err(|e| Error::io(&path, e))?;
    tmp.flush().map_err(|e| Error::io(&path, e))?;
    tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn outputs_are_readable_and_links_are_written_through() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.md");
        write_atomic(&p, b"one").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        // 0o666 less the umask: at least readable by its owner and, with the
        // usual umasks (022, 002), by everyone.
        assert!(mode & 0o600 == 0o600 && mode != 0o600, "mode {mode:o}");
        // An existing file keeps its mode.
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"two").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        // A symlink stays a link; its target gets the text.
        let link = d.path().join("link.md");
        std::os::unix::fs::symlink(&p, &link).unwrap();
        write_atomic(&link, b"three").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&p).unwrap(), b"three");
    }
}
