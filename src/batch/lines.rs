//! Lines of a stream, each held only up to a bound: a longer line is
//! skipped to its end without being kept, so one 100 MB line costs no more
//! memory than the bound.

use std::io::BufRead;

/// One line of the stream, without its `\n` (or `\r\n`).
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The line's bytes.
    Bytes(Vec<u8>),
    /// Longer than the bound: `len` bytes, skipped.
    TooLong {
        /// The line's length in bytes.
        len: u64,
    },
}

/// Reads lines of at most `max` bytes from a buffered reader.
pub struct Lines<R> {
    reader: R,
    max: usize,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    /// Lines of `reader`, each kept up to `max` bytes.
    pub fn new(reader: R, max: usize) -> Self {
        Lines {
            reader,
            max,
            done: false,
        }
    }

    /// The next line; `None` at the end of the stream. A last line without
    /// `\n` is a line; an empty stream has none.
    pub fn next_line(&mut self) -> std::io::Result<Option<Line>> {
        if self.done {
            return Ok(None);
        }
        let mut buf = Vec::new();
        let mut len: u64 = 0;
        let mut any = false;
        loop {
            let avail = match self.reader.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                self.done = true;
                if !any {
                    return Ok(None);
                }
                break;
            }
            any = true;
            let (take, end) = match memchr::memchr(b'\n', avail) {
                Some(i) => (i, true),
                None => (avail.len(), false),
            };
            len += take as u64;
            if len <= self.max as u64 {
                buf.extend_from_slice(&avail[..take]);
            } else if !buf.is_empty() {
                buf = Vec::new();
            }
            self.reader.consume(take + usize::from(end));
            if end {
                break;
            }
        }
        if len > self.max as u64 {
            return Ok(Some(Line::TooLong { len }));
        }
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        Ok(Some(Line::Bytes(buf)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8], max: usize) -> Vec<Line> {
        // A tiny buffer, so lines span many reads.
        let mut l = Lines::new(std::io::BufReader::with_capacity(3, input), max);
        let mut out = Vec::new();
        while let Some(line) = l.next_line().unwrap() {
            out.push(line);
        }
        out
    }

    #[test]
    fn lines_are_split_and_bounded() {
        let b = |s: &str| Line::Bytes(s.as_bytes().to_vec());
        assert_eq!(all(b"", 10), []);
        assert_eq!(all(b"\n", 10), [b("")]);
        assert_eq!(all(b"ab\r\ncd", 10), [b("ab"), b("cd")]);
        assert_eq!(
            all(b"short\nthis one is too long\nok\n", 10),
            [b("short"), Line::TooLong { len: 20 }, b("ok")]
        );
        assert_eq!(all(b"0123456789", 10), [b("0123456789")]);
    }
}
