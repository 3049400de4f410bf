//! Readers: bytes -> decoded text -> a [`Draft`] (raw blocks with line numbers
//! plus whatever metadata the input states). Readers never clean anything:
//! that is the normalizer's job.

use crate::error::{Error, Result};
use std::path::Path;

pub mod decode;
pub mod detect;
pub mod frontmatter;
#[cfg(feature = "html-input")]
pub mod html;
pub mod input;
pub mod markdown;
pub mod text;

pub use crate::model::{Draft, Item};
pub use decode::{Decoded, decode};
pub use input::{ReadLimits, read_from, read_input, read_regular_file, read_stdin};

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub enum Format {
    /// Scraped plain text.
    Text,
    /// Markdown with optional YAML front matter.
    Markdown,
    /// A saved web page: the article is extracted from it.
    Html,
}

impl Format {
    /// Picks a format by file extension (`.md`, `.markdown` = Markdown; anything else = text).
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("md" | "markdown" | "mdown" | "mkd") => Format::Markdown,
            Some("html" | "htm" | "xhtml" | "shtml") => Format::Html,
            _ => Format::Text,
        }
    }

    /// Like [`Format::from_path`], but an input with an unknown extension
    /// (or stdin, `-`) that starts like an HTML document (`<!doctype html`,
    /// `<html`, in UTF-8 or UTF-16) is HTML.
    pub fn detect(path: &Path, bytes: &[u8]) -> Format {
        match Format::from_path(path) {
            Format::Text if sniff_html(bytes) => Format::Html,
            f => f,
        }
    }
}

/// [`looks_like_html`] on the bytes, or on the start of UTF-16 text (with or
/// without a byte-order mark) transcoded to UTF-8.
fn sniff_html(bytes: &[u8]) -> bool {
    if looks_like_html(bytes) {
        return true;
    }
    let head = &bytes[..bytes.len().min(4096) & !1];
    let (enc, skip) = match encoding_rs::Encoding::for_bom(head) {
        Some((e, n)) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => (e, n),
        Some(_) => return false,
        None => match decode::utf16_guess(head) {
            Some(e) => (e, 0),
            None => return false,
        },
    };
    let (text, _) = enc.decode_without_bom_handling(&head[skip..]);
    looks_like_html(text.as_bytes())
}

/// True when `bytes` look like an HTML document (for inputs whose extension
/// says nothing).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(head.len());
    let h = &head[start..];
    let starts = |p: &[u8]| h.len() >= p.len() && h[..p.len()].eq_ignore_ascii_case(p);
    starts(b"<!doctype html")
        || starts(b"<html")
        || (starts(b"<!--") && {
            let lower = head.to_ascii_lowercase();
            lower.windows(5).any(|w| w == b"<html")
        })
}

/// The error for an HTML input when galley is built without its HTML reader.
#[cfg(not(feature = "html-input"))]
pub(crate) fn no_html_reader(name: &Path) -> Error {
    Error::input(
        name,
        "HTML input is not built into this galley (cargo feature `html-input`)",
    )
}

/// Reads decoded text in `format`. An article that declares no language
/// gets one detected from its text ([`detect::settle`]).
pub fn read_str(text: &str, format: Format) -> Draft {
    let mut draft = match format {
        Format::Text => text::read(text),
        Format::Markdown => markdown::read(text),
        #[cfg(feature = "html-input")]
        Format::Html => html::read_draft(text),
        // Without the HTML reader a page is read as text, tags and all.
        #[cfg(not(feature = "html-input"))]
        Format::Html => text::read(text),
    };
    detect::settle(&mut draft);
    draft
}

/// Decodes `bytes` (named `name` in messages) and reads them in `format`.
/// Returns the draft and any warnings (e.g. the encoding used).
pub fn read_bytes(bytes: &[u8], name: &Path, format: Format) -> Result<(Draft, Vec<String>)> {
    if format == Format::Html {
        #[cfg(feature = "html-input")]
        {
            let (page, warnings) = html::read_bytes(bytes, name)?;
            return Ok((page.draft, warnings));
        }
        #[cfg(not(feature = "html-input"))]
        return Err(no_html_reader(name));
    }
    let Decoded { text, mut warnings } = decode(bytes, name)?;
    if format == Format::Markdown {
        if let Some(p) = frontmatter::problem(&text) {
            warnings.push(format!("{}: {p}", name.display()));
        }
        if let Some(p) = frontmatter::language_problem(&text) {
            warnings.push(format!("{}: {p}", name.display()));
        }
    }
    let draft = read_str(&text, format);
    if draft.items.is_empty() && draft.meta.title.is_none() {
        return Err(Error::input(name, "no text found in the input"));
    }
    Ok((draft, warnings))
}
