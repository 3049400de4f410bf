//! Readers: bytes -> decoded text -> a [`Draft`] (raw blocks with line numbers
//! plus whatever metadata the input states). Readers never clean anything:
//! that is the normalizer's job.

use crate::error::{Error, Result};
use crate::model::{Block, Document, Meta};
use std::path::Path;

pub mod decode;
pub mod frontmatter;
pub mod html;
pub mod input;
pub mod markdown;
pub mod text;

pub use decode::{Decoded, decode};
pub use input::{ReadLimits, read_from, read_input, read_regular_file, read_stdin};

/// A block as read, with the 1-based input line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The block.
    pub block: Block,
    /// 1-based line of the input where the block starts.
    pub line: usize,
}

/// What a reader hands the normalizer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// Metadata the input states (front matter, HTML meta); the normalizer adds
    /// what it finds in the text.
    pub meta: Meta,
    /// Body blocks in order.
    pub items: Vec<Item>,
    /// True for plain scraped text: structure (title, standfirst, byline) is
    /// then guessed from the first lines.
    pub plain: bool,
    /// True for Markdown: the structure is the author's own (or galley's
    /// output read back), so block-context heuristics leave it alone.
    pub authored: bool,
}

impl Draft {
    /// Drops line numbers.
    pub fn into_document(self) -> Document {
        Document {
            meta: self.meta,
            blocks: self.items.into_iter().map(|i| i.block).collect(),
        }
    }
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
pub enum Format {
    /// Scraped plain text.
    #[value(alias = "txt")]
    Text,
    /// Markdown with optional YAML front matter.
    #[value(alias = "md")]
    Markdown,
    /// A saved web page: the article is extracted from it.
    #[value(alias = "htm")]
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

/// [`html::sniff`] on the bytes, or on the start of UTF-16 text (with or
/// without a byte-order mark) transcoded to UTF-8.
fn sniff_html(bytes: &[u8]) -> bool {
    if html::sniff(bytes) {
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
    html::sniff(text.as_bytes())
}

/// Reads decoded text in `format`.
pub fn read_str(text: &str, format: Format) -> Draft {
    match format {
        Format::Text => text::read(text),
        Format::Markdown => markdown::read(text),
        Format::Html => html::read_draft(text),
    }
}

/// Decodes `bytes` (named `name` in messages) and reads them in `format`.
/// Returns the draft and any warnings (e.g. the encoding used).
pub fn read_bytes(bytes: &[u8], name: &Path, format: Format) -> Result<(Draft, Vec<String>)> {
    if format == Format::Html {
        let (page, warnings) = html::read_bytes(bytes, name)?;
        return Ok((page.draft, warnings));
    }
    let Decoded { text, mut warnings } = decode(bytes, name)?;
    if format == Format::Markdown
        && let Some(p) = frontmatter::problem(&text)
    {
        warnings.push(format!("{}: {p}", name.display()));
    }
    let draft = read_str(&text, format);
    if draft.items.is_empty() && draft.meta.title.is_none() {
        return Err(Error::input(name, "no text found in the input"));
    }
    Ok((draft, warnings))
}
