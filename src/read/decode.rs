//! Bytes to text: BOM, UTF-8, UTF-16, Windows-1252 (and other legacy
//! encodings, guessed with chardetng), binary detection, line endings.

use crate::error::{Error, Result};
use std::path::Path;

/// Decoded text plus warnings for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// Text with `\n` line endings and no BOM.
    pub text: String,
    /// E.g. `input.txt: not UTF-8; decoded as windows-1252`.
    pub warnings: Vec<String>,
}

/// Decodes input bytes. Errors on empty or binary input.
pub fn decode(bytes: &[u8], name: &Path) -> Result<Decoded> {
    let mut warnings = Vec::new();
    let text: String = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (cow, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        cow.into_owned()
    } else if let Some(utf16) = utf16_without_bom(bytes, name) {
        let (text, warning) = utf16?;
        warnings.push(warning);
        text
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => {
                if looks_binary_bytes(bytes) {
                    return Err(binary(name));
                }
                if let Some((text, bad)) = mostly_utf8(bytes) {
                    warnings.push(format!(
                        "{}: {bad} byte sequence{} not valid UTF-8 in otherwise UTF-8 text; replaced with U+FFFD",
                        name.display(),
                        if bad == 1 { " is" } else { "s are" }
                    ));
                    text
                } else {
                    let mut det =
                        chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                    det.feed(bytes, true);
                    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
                    let (cow, enc, had_errors) = enc.decode(bytes);
                    if had_errors {
                        return Err(Error::input(
                            name,
                            format!(
                                "not valid UTF-8 and not valid {}; convert it to UTF-8 first",
                                enc.name()
                            ),
                        ));
                    }
                    warnings.push(format!(
                        "{}: not UTF-8; decoded as {}",
                        name.display(),
                        enc.name()
                    ));
                    cow.into_owned()
                }
            }
        }
    };
    if memchr::memchr(0, text.as_bytes()).is_some() || control_ratio(&text) > 0.01 {
        return Err(binary(name));
    }
    let text = normalize_newlines(text);
    if text.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Err(Error::input(
            name,
            "the file is empty; give galley an article",
        ));
    }
    Ok(Decoded { text, warnings })
}

/// UTF-8 text with a few corrupt bytes (a truncated copy, one stray byte):
/// decoded as UTF-8 with U+FFFD for each bad sequence, with their count.
/// `None` when the text has no more valid multi-byte characters than bad
/// sequences: then it is most likely in a legacy encoding (`café` in
/// Windows-1252 has no valid UTF-8 sequence at all).
fn mostly_utf8(bytes: &[u8]) -> Option<(String, usize)> {
    let mut good = 0usize;
    let mut bad = 0usize;
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            bad += 1;
        }
    }
    (bad > 0 && good >= 4 * bad).then(|| (String::from_utf8_lossy(bytes).into_owned(), bad))
}

/// Text in UTF-16 without a byte-order mark (saved by some Windows tools):
/// `None` when the bytes do not look like it; else the text and a warning
/// naming the encoding, or an error when it looks like UTF-16 but does not
/// decode cleanly.
pub fn utf16_without_bom(bytes: &[u8], name: &Path) -> Option<Result<(String, String)>> {
    let enc = utf16_guess(bytes)?;
    let (cow, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors || cow.contains('\0') || control_ratio(&cow) > 0.01 {
        return Some(Err(Error::input(
            name,
            format!(
                "looks like {} without a byte-order mark, but does not decode cleanly; convert it to UTF-8 first",
                enc.name()
            ),
        )));
    }
    Some(Ok((
        cow.into_owned(),
        format!(
            "{}: no byte-order mark; decoded as {} (NUL bytes at every other position)",
            name.display(),
            enc.name()
        ),
    )))
}

/// The UTF-16 byte order of `bytes` when they look like UTF-16 without a
/// byte-order mark: at least half the code units have a zero high byte (ASCII
/// and Latin-1 text) and almost none a zero low byte. `/dev/zero` (zeros
/// everywhere) and random bytes do not qualify.
pub fn utf16_guess(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let n = bytes.len().min(64 * 1024) & !1;
    if n < 4 {
        return None;
    }
    let (mut zero_even, mut zero_odd) = (0usize, 0usize);
    for pair in bytes[..n].chunks_exact(2) {
        zero_even += usize::from(pair[0] == 0);
        zero_odd += usize::from(pair[1] == 0);
    }
    let units = n / 2;
    let plausible =
        |zero_high: usize, zero_low: usize| zero_high * 2 >= units && zero_low * 20 <= units;
    if plausible(zero_odd, zero_even) {
        Some(encoding_rs::UTF_16LE)
    } else if plausible(zero_even, zero_odd) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// True when the first block of an input is clearly binary: more than 5% of
/// its bytes are NUL or control bytes, and it is not UTF-16. Looser than
/// [`decode`]'s own checks, so it never refuses what [`decode`] would accept;
/// it exists to stop endless streams (`/dev/zero`, `/dev/urandom`) early.
pub fn looks_binary_start(block: &[u8]) -> bool {
    if encoding_rs::Encoding::for_bom(block).is_some() || utf16_guess(block).is_some() {
        return false;
    }
    let ctrl = block
        .iter()
        .filter(|&&c| (c < 0x20 || c == 0x7f) && !matches!(c, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    ctrl * 20 > block.len()
}

pub(crate) fn binary(name: &Path) -> Error {
    Error::input(
        name,
        "looks like a binary file (NUL or control bytes), not text; give galley a .txt, .md or .html article",
    )
}

fn looks_binary_bytes(b: &[u8]) -> bool {
    let sample = &b[..b.len().min(64 * 1024)];
    if sample.contains(&0) {
        return true;
    }
    let ctrl = sample
        .iter()
        .filter(|&&c| c < 0x20 && !matches!(c, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    ctrl * 100 > sample.len()
}

fn control_ratio(s: &str) -> f64 {
    let mut n = 0usize;
    let mut ctrl = 0usize;
    if s.is_ascii() {
        // Same count on bytes: ASCII controls other than \n \r \t \x0c.
        let b = &s.as_bytes()[..s.len().min(1 << 20)];
        let ctrl = b
            .iter()
            .filter(|&&c| (c < 0x20 || c == 0x7f) && !matches!(c, b'\n' | b'\r' | b'\t' | 0x0c))
            .count();
        return if b.is_empty() {
            0.0
        } else {
            ctrl as f64 / b.len() as f64
        };
    }
    for c in s.chars().take(1 << 20) {
        n += 1;
        if c.is_control()
            && !matches!(c, '\n' | '\r' | '\t' | '\u{0c}')
            && !('\u{80}'..='\u{9f}').contains(&c)
        {
            ctrl += 1;
        }
    }
    if n == 0 { 0.0 } else { ctrl as f64 / n as f64 }
}

/// Zero-width and other invisible format characters.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
    )
}

/// `\r\n` and lone `\r` (and U+2028/2029) become `\n`.
pub fn normalize_newlines(s: String) -> String {
    let b = s.as_bytes();
    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
    if memchr::memchr(b'\r', b).is_none()
        && memchr::memmem::find_iter(b, b"\xE2\x80")
            .all(|k| !matches!(b.get(k + 2), Some(0xA8 | 0xA9)))
    {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn windows_1252_is_decoded_with_a_warning() {
        let bytes = b"Caf\xe9 society \x93quoted\x94 text in a longer sentence.";
        let d = decode(bytes, Path::new("a.txt")).unwrap();
        assert!(d.text.contains("Café"));
        assert!(d.text.contains('\u{201C}'));
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].contains("a.txt") && d.warnings[0].contains("windows-1252"));
    }
    #[test]
    fn utf8_with_a_stray_byte_stays_utf8() {
        let bytes = "Japanese: 日本語 and Greek: αβγ. Stray \u{0}"
            .replace('\u{0}', "")
            .into_bytes()
            .into_iter()
            .chain([0x80, b'.'])
            .collect::<Vec<u8>>();
        let d = decode(&bytes, Path::new("s.txt")).unwrap();
        assert_eq!(d.text, "Japanese: 日本語 and Greek: αβγ. Stray \u{FFFD}.");
        assert!(d.warnings[0].contains("s.txt: 1 byte sequence is not valid UTF-8"));
    }
    #[test]
    fn binary_and_empty_are_errors() {
        assert!(decode(b"ab\0cd", Path::new("b")).is_err());
        assert!(decode(b"  \n\t\n", Path::new("e")).is_err());
        assert!(decode(b"", Path::new("e")).is_err());
        assert!(decode(&[1, 2, 3, 4, 5, 6, b'a'], Path::new("c")).is_err());
    }
    #[test]
    fn utf16_without_bom_is_decoded_with_a_warning() {
        let text = "Harbour council approves new ferry timetable\n\nThe café opens at 7.\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        for (bytes, enc) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
            let d = decode(&bytes, Path::new("w.txt")).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(d.warnings.len(), 1);
            assert!(
                d.warnings[0].contains("w.txt") && d.warnings[0].contains(enc),
                "{:?}",
                d.warnings
            );
        }
        // Zeros everywhere, or random bytes, are not UTF-16.
        assert!(utf16_guess(&[0; 4096]).is_none());
        assert!(looks_binary_start(&[0; 4096]));
        let noise: Vec<u8> = (0..8192u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert!(utf16_guess(&noise).is_none());
        assert!(looks_binary_start(&noise));
        assert!(!looks_binary_start(text.repeat(200).as_bytes()));
    }
    #[test]
    fn bom_and_newlines() {
        let d = decode(b"\xef\xbb\xbfa\r\nb\rc", Path::new("x")).unwrap();
        assert_eq!(d.text, "a\nb\nc");
    }
}
