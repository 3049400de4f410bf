//! Bytes to text for HTML: the BOM, then the charset the page declares
//! (`<meta charset>` or a `Content-Type` http-equiv, found by a byte-level
//! prescan of the head like a browser's), then UTF-8, then a guess.

use crate::error::{Error, Result};
use encoding_rs::Encoding;
use std::path::Path;

/// How far into the page to look for a declared charset (browsers use 1024
/// bytes; real pages put it later, after long inline scripts and styles).
const PRESCAN: usize = 64 * 1024;

/// Decoded page text plus warnings.
pub fn decode(bytes: &[u8], name: &Path) -> Result<(String, Vec<String>)> {
    let mut warnings = Vec::new();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::input(
            name,
            "the file is empty; give galley an article",
        ));
    }
    let (text, had_errors, enc) = if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (cow, errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        (cow.into_owned(), errors, enc)
    } else if let Some(enc) = declared(bytes).filter(|&e| {
        // A page saved as UTF-8 often keeps its old legacy declaration; valid
        // non-ASCII UTF-8 is almost never legacy-encoded text, so it wins.
        e == encoding_rs::UTF_8 || bytes.is_ascii() || std::str::from_utf8(bytes).is_err()
    }) {
        let (cow, errors) = enc.decode_without_bom_handling(bytes);
        if errors && enc != encoding_rs::UTF_8 {
            warnings.push(format!(
                "{}: bytes not valid in the declared charset {}",
                name.display(),
                enc.name()
            ));
        }
        (cow.into_owned(), errors, enc)
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_string(), false, encoding_rs::UTF_8)
    } else {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        let enc = det.guess(None, chardetng::Utf8Detection::Allow);
        let (cow, errors) = enc.decode_without_bom_handling(bytes);
        warnings.push(format!(
            "{}: no charset declared and not UTF-8; decoded as {}",
            name.display(),
            enc.name()
        ));
        (cow.into_owned(), errors, enc)
    };
    if had_errors && enc == encoding_rs::UTF_8 {
        warnings.push(format!(
            "{}: invalid UTF-8 bytes replaced with U+FFFD",
            name.display()
        ));
    }
    if text.contains('\0') && text.chars().filter(|&c| c == '\0').count() * 100 > text.len() {
        return Err(Error::input(
            name,
            "looks like a binary file (NUL bytes), not an HTML page",
        ));
    }
    Ok((text, warnings))
}

/// The charset the page declares in its first bytes, per the HTML
/// "prescan a byte stream" idea: `<meta charset=X>` or
/// `<meta http-equiv=content-type content="...; charset=X">`, skipping comments.
pub fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let b = &bytes[..bytes.len().min(PRESCAN)];
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if b[i..].starts_with(b"<!--") {
            i = super::prescan::find_sub(b, i + 4, b"-->").map_or(b.len(), |k| k + 3);
            continue;
        }
        let rest = &b[i + 1..];
        if rest.len() > 4 && rest[..4].eq_ignore_ascii_case(b"meta") && is_sep(rest[4]) {
            let (attrs, next) = attributes(b, i + 5);
            i = next;
            let get = |k: &str| {
                attrs
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(k))
                    .map(|(_, v)| v.as_str())
            };
            if let Some(cs) = get("charset")
                && let Some(e) = label(cs)
            {
                return Some(e);
            }
            if get("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-type"))
                && let Some(e) = get("content").and_then(charset_in_content)
            {
                return Some(e);
            }
            continue;
        }
        i += 1;
    }
    None
}

fn is_sep(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/')
}

/// Attributes of a tag starting at `i` (after the name); returns them and the
/// index after the tag's `>`.
fn attributes(b: &[u8], mut i: usize) -> (Vec<(String, String)>, usize) {
    let mut out = Vec::new();
    loop {
        while i < b.len() && (is_sep(b[i])) {
            i += 1;
        }
        if i >= b.len() {
            return (out, i);
        }
        if b[i] == b'>' {
            return (out, i + 1);
        }
        let start = i;
        while i < b.len() && !is_sep(b[i]) && b[i] != b'=' && b[i] != b'>' {
            i += 1;
        }
        let name = String::from_utf8_lossy(&b[start..i]).into_owned();
        while i < b.len() && is_sep(b[i]) && b[i] != b'/' {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && is_sep(b[i]) && b[i] != b'/' {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let s = i + 1;
                let e = b[s..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(b.len(), |p| p + s);
                value = String::from_utf8_lossy(&b[s..e]).into_owned();
                i = (e + 1).min(b.len());
            } else {
                let s = i;
                while i < b.len() && !is_sep(b[i]) && b[i] != b'>' {
                    i += 1;
                }
                value = String::from_utf8_lossy(&b[s..i]).into_owned();
            }
        }
        if out.len() < 32 {
            out.push((name, value));
        }
        if i == start {
            i += 1;
        }
    }
}

fn charset_in_content(content: &str) -> Option<&'static Encoding> {
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower[at + 7..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(rest.len());
    label(&rest[..end])
}

/// An encoding label; UTF-16 declared in a byte stream means UTF-8 (the
/// declaration itself was read as ASCII), as browsers do.
fn label(l: &str) -> Option<&'static Encoding> {
    let e = Encoding::for_label(l.trim().as_bytes())?;
    if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
        return Some(encoding_rs::UTF_8);
    }
    if e == encoding_rs::X_USER_DEFINED {
        return Some(encoding_rs::WINDOWS_1252);
    }
    Some(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn meta_charset_is_honoured() {
        let page = b"<html><head><meta charset=\"iso-8859-2\"><title>x</title></head><body><p>\xb1</p></body></html>";
        let (t, w) = decode(page, Path::new("p.html")).unwrap_or_default();
        assert!(t.contains('ą'), "{t}");
        assert!(w.is_empty());
        let page = b"<!-- <meta charset=koi8-r> --><meta http-equiv='Content-Type' content='text/html; charset=windows-1251'><p>\xcf\xf0\xe8</p>";
        let (t, _) = decode(page, Path::new("p.html")).unwrap_or_default();
        assert!(t.contains("При"), "{t}");
    }
    #[test]
    fn bom_and_guess() {
        let (t, _) = decode(b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", Path::new("p")).unwrap_or_default();
        assert_eq!(t, "<p>café</p>");
        let (t, w) = decode(
            b"<p>caf\xe9 cr\xe8me br\xfbl\xe9e, d\xe9j\xe0 vu</p>",
            Path::new("p"),
        )
        .unwrap_or_default();
        assert!(t.contains("café"), "{t}");
        assert_eq!(w.len(), 1);
        assert!(decode(b"  \n", Path::new("p")).is_err());
    }
}
