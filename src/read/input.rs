//! Reading input bytes with bounds: a size limit ([`ReadLimits`]), binary
//! detection on the first block (so `/dev/zero` or `/dev/urandom` stop after
//! a few KB, not at the limit), and clear messages for a stdin that is
//! closed or empty.

use super::decode;
use crate::error::{Error, Result};
pub use crate::text::size::{format_size, parse_size};
use std::io::Read;
use std::path::Path;

/// The default input size limit: 64 MB (64 × 1024 × 1024 bytes). Scraped
/// articles are a few hundred KB at most; saved pages with inline images a
/// few MB.
pub const DEFAULT_MAX_INPUT: u64 = 64 * 1024 * 1024;

/// The first block read from an input: binary content (NUL and control
/// bytes) is detected in it before anything more is read.
pub const FIRST_BLOCK: usize = 8 * 1024;

/// The name stdin has in messages.
pub const STDIN_NAME: &str = "stdin";

/// Bounds on reading one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// Inputs larger than this many bytes are refused ([`Error::TooLarge`]).
    pub max_bytes: u64,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_bytes: DEFAULT_MAX_INPUT,
        }
    }
}

/// Reads the file at `path` within `limits`. A regular file larger than the
/// limit is refused before it is read; a FIFO, character device or socket
/// (`/dev/stdin`, `<(curl …)`) is read up to the limit, and one whose first
/// block is binary (`/dev/zero`, `/dev/urandom`) is refused after that block.
///
/// Opening a FIFO blocks until a writer opens it: callers that must never
/// wait (a book build) use [`read_regular_file`] instead.
pub fn read_input(path: &Path, limits: &ReadLimits) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::input(path, "is a folder, not an article file"));
    }
    if meta.is_file() && meta.len() > limits.max_bytes {
        return Err(too_large(path, limits));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let hint = if meta.is_file() { meta.len() } else { 0 };
    read_bounded(file, path, limits, hint)
}

/// Like [`read_input`], but only a regular file is read: a FIFO, device or
/// socket is refused without being opened (so nothing can block or stream
/// forever).
pub fn read_regular_file(path: &Path, limits: &ReadLimits) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() && !meta.is_dir() {
        return Err(Error::input(
            path,
            format!(
                "is {}, not a regular file; galley reads articles only from regular files here",
                kind_of(&meta)
            ),
        ));
    }
    read_input(path, limits)
}

/// Reads `reader` (named `name` in messages) to its end within `limits`.
pub fn read_from(reader: impl Read, name: &Path, limits: &ReadLimits) -> Result<Vec<u8>> {
    read_bounded(reader, name, limits, 0)
}

/// Reads stdin within `limits`. Nothing to read is an error that says
/// whether stdin is closed (or `/dev/null`) or an empty pipe.
pub fn read_stdin(limits: &ReadLimits) -> Result<Vec<u8>> {
    let name = Path::new(STDIN_NAME);
    let bytes = read_from(std::io::stdin().lock(), name, limits)?;
    if bytes.is_empty() {
        return Err(if stdin_is_closed() {
            Error::input(
                name,
                "is closed (or /dev/null): there is nothing to read; pipe an article into galley or name a file",
            )
        } else {
            Error::input(
                name,
                "is empty: nothing was piped into galley; pipe an article in or name a file",
            )
        });
    }
    Ok(bytes)
}

fn read_bounded(
    mut reader: impl Read,
    name: &Path,
    limits: &ReadLimits,
    size_hint: u64,
) -> Result<Vec<u8>> {
    let cap = limits.max_bytes.saturating_add(1);
    let reserve = usize::try_from(size_hint.min(cap)).unwrap_or(0);
    let mut buf = Vec::with_capacity(reserve.max(FIRST_BLOCK));
    let first = (FIRST_BLOCK as u64).min(cap);
    (&mut reader)
        .take(first)
        .read_to_end(&mut buf)
        .map_err(|e| Error::io(name, e))?;
    if buf.len() == FIRST_BLOCK && decode::looks_binary_start(&buf) {
        return Err(decode::binary(name));
    }
    let rest = cap.saturating_sub(buf.len() as u64);
    reader
        .take(rest)
        .read_to_end(&mut buf)
        .map_err(|e| Error::io(name, e))?;
    if buf.len() as u64 > limits.max_bytes {
        return Err(too_large(name, limits));
    }
    Ok(buf)
}

fn too_large(name: &Path, limits: &ReadLimits) -> Error {
    Error::TooLarge {
        path: name.to_path_buf(),
        limit: limits.max_bytes,
    }
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "a special file"
}

/// True when stdin is closed, or is `/dev/null` (Rust's runtime reopens a
/// closed stdin on `/dev/null` before `main`, so the two cannot be told
/// apart).
fn stdin_is_closed() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::{FileTypeExt, MetadataExt};
        let Ok(fd) = std::io::stdin().as_fd().try_clone_to_owned() else {
            return true;
        };
        let Ok(m) = std::fs::File::from(fd).metadata() else {
            return true;
        };
        let Ok(null) = std::fs::metadata("/dev/null") else {
            return false;
        };
        m.file_type().is_char_device() && m.rdev() == null.rdev()
    }
    #[cfg(not(unix))]
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_in_binary_units() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("64MB"), Ok(64 << 20));
        assert_eq!(parse_size("64mib"), Ok(64 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size(" 2 MB "), Ok(2 << 20));
        for bad in ["", "M", "64X", "-1", "1.5M", "0", "99999999999999999999T"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert_eq!(format_size(DEFAULT_MAX_INPUT), "64 MB");
        assert_eq!(format_size(1 << 30), "1 GB");
        assert_eq!(format_size(1500), "1500 bytes");
    }

    #[test]
    fn reads_stop_at_the_limit_and_name_it() {
        let limits = ReadLimits { max_bytes: 100 };
        let ok = read_from(&[b'a'; 100][..], Path::new("x.txt"), &limits).unwrap();
        assert_eq!(ok.len(), 100);
        let e = read_from(std::io::repeat(b'y'), Path::new("x.txt"), &limits).unwrap_err();
        assert!(matches!(e, Error::TooLarge { limit: 100, .. }), "{e}");
        assert_eq!(
            e.to_string(),
            "x.txt: larger than the 100 bytes input limit; raise it with --max-input-size (or `max-input-size` in book.toml's [build] table)"
        );
    }

    #[test]
    fn an_endless_binary_stream_stops_after_the_first_block() {
        // `repeat(0)` never ends: only the first-block check can stop it
        // before the (default) 64 MB limit.
        let mut counted = Counting(std::io::repeat(0), 0);
        let e = read_from(&mut counted, Path::new("zero"), &ReadLimits::default()).unwrap_err();
        assert!(e.to_string().contains("binary"), "{e}");
        assert_eq!(counted.1, FIRST_BLOCK);
    }

    struct Counting<R>(R, usize);
    impl<R: Read> Read for Counting<R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.read(buf)?;
            self.1 += n;
            Ok(n)
        }
    }
}
