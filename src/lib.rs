//! galley turns scraped news articles into clean reader copies: Markdown,
//! HTML, EPUB and PDF, for one article or a whole briefing.
//!
//! # Pipeline
//!
//! 1. [`read`]: bytes -> decoded text -> a [`read::Draft`] (raw blocks with
//!    line numbers, plus metadata the input states).
//! 2. [`normalize`]: ordered, named passes remove scraping leftovers and lift
//!    structure into metadata, recording everything in a [`normalize::Report`].
//! 3. [`model`]: the typed [`model::Document`], the only thing backends see.
//! 4. [`render`]: one module per output format behind [`render::Backend`].
//! 5. [`fsio`]: outputs are written atomically.
//!
//! ```
//! let (doc, report) = galley::normalize::normalize_str(
//!     "A headline\n\nBy Ana Lima, Harbour Post\n\nThe council met.\n\nAdvertisement\n",
//!     galley::read::Format::Text,
//! );
//! assert_eq!(doc.meta.title.as_deref(), Some("A headline"));
//! assert_eq!(doc.meta.authors, ["Ana Lima"]);
//! assert_eq!(doc.blocks.len(), 1);
//! assert_eq!(report.findings.iter().filter(|f| f.pass == "boilerplate").count(), 1);
//! let md = galley::render::markdown::document(&doc).unwrap();
//! assert!(md.contains("The council met."));
//! ```

pub mod batch;
pub mod build;
pub mod cleanup;
pub mod config;
pub mod error;
pub mod fsio;
pub mod model;
pub mod normalize;
pub mod outdir;
pub mod outputs;
pub mod read;
pub mod render;
pub mod text;
pub mod theme;
pub mod time;

pub use error::{Error, Result};
pub use read::ReadLimits;

use std::path::Path;

/// A read and normalized input file.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The clean document.
    pub doc: model::Document,
    /// What the normalizer did.
    pub report: normalize::Report,
    /// Warnings for the user (encoding guesses).
    pub warnings: Vec<String>,
}

/// Reads `bytes` into a draft: the blocks as read, findings of the reader
/// (the HTML reader's dropped page parts), warnings.
fn read_draft(
    bytes: &[u8],
    name: &Path,
    format: read::Format,
) -> Result<(read::Draft, Vec<normalize::Finding>, Vec<String>)> {
    #[cfg(not(feature = "html-input"))]
    if format == read::Format::Html {
        return Err(read::no_html_reader(name));
    }
    #[cfg(feature = "html-input")]
    if format == read::Format::Html {
        // UTF-16 without a byte-order mark: transcoded to UTF-8 (with a BOM,
        // so the page's own charset declaration cannot override it).
        let mut warnings = Vec::new();
        let transcoded;
        let bytes = match read::decode::utf16_without_bom(bytes, name) {
            Some(utf16) => {
                let (text, warning) = utf16?;
                warnings.push(warning);
                transcoded = [&b"\xef\xbb\xbf"[..], text.as_bytes()].concat();
                &transcoded[..]
            }
            None => bytes,
        };
        // The HTML reader reports metadata provenance and dropped page parts.
        let (page, mut page_warnings) = read::html::read_bytes(bytes, name)?;
        warnings.append(&mut page_warnings);
        return Ok((page.draft, page.findings, warnings));
    }
    let (draft, warnings) = read::read_bytes(bytes, name, format)?;
    Ok((draft, Vec::new(), warnings))
}

fn normalize_draft(
    draft: read::Draft,
    mut findings: Vec<normalize::Finding>,
    warnings: Vec<String>,
    normalizer: &normalize::Normalizer,
) -> Converted {
    let (doc, mut report) = normalizer.run(draft);
    findings.append(&mut report.findings);
    report.findings = findings;
    Converted {
        doc,
        report,
        warnings,
    }
}

/// Reads `bytes` (named `name` in messages) in `format` and normalizes them.
pub fn convert_bytes(
    bytes: &[u8],
    name: &Path,
    format: read::Format,
    normalizer: &normalize::Normalizer,
) -> Result<Converted> {
    let (draft, findings, warnings) = read_draft(bytes, name, format)?;
    Ok(normalize_draft(draft, findings, warnings, normalizer))
}

/// Like [`convert_bytes`], with metadata the caller states (a JSON Lines
/// record's `title`, `url`, `authors`, …; see [`batch`]): each field that is
/// set in `stated` replaces what the reader found, before the normalizer
/// runs, so a stated title is not guessed again from the first line and a
/// stated language selects the normalizer's tables (its provenance is
/// [`model::LanguageSource::FrontMatter`]: declared with the input).
pub fn convert_bytes_stated(
    bytes: &[u8],
    name: &Path,
    format: read::Format,
    normalizer: &normalize::Normalizer,
    stated: &model::Meta,
) -> Result<Converted> {
    let (mut draft, findings, warnings) = read_draft(bytes, name, format)?;
    let m = &mut draft.meta;
    let set = |to: &mut Option<String>, from: &Option<String>| {
        if let Some(v) = from.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            *to = Some(v.to_string());
        }
    };
    set(&mut m.title, &stated.title);
    set(&mut m.subtitle, &stated.subtitle);
    set(&mut m.source, &stated.source);
    set(&mut m.url, &stated.url);
    if stated
        .language
        .as_deref()
        .is_some_and(|l| !l.trim().is_empty())
    {
        set(&mut m.language, &stated.language);
        m.language_source = Some(model::LanguageSource::FrontMatter);
    }
    if !stated.authors.is_empty() {
        m.authors = stated.authors.clone();
    }
    if stated.date.is_some() {
        m.date = stated.date.clone();
    }
    Ok(normalize_draft(draft, findings, warnings, normalizer))
}

/// Like [`convert_input`], and also the draft as read, before the
/// normalizer (for reports that show the input beside what was done).
pub fn convert_keeping_draft(
    bytes: &[u8],
    name: &Path,
    format: Option<read::Format>,
    normalizer: &normalize::Normalizer,
) -> Result<(Converted, read::Draft)> {
    let format = format.unwrap_or_else(|| read::Format::detect(name, bytes));
    let (draft, findings, warnings) = read_draft(bytes, name, format)?;
    let kept = draft.clone();
    Ok((normalize_draft(draft, findings, warnings, normalizer), kept))
}

/// Like [`convert_bytes`], but without a format the content decides: HTML
/// when the bytes start like a web page (whatever `name` says), else from
/// `name`'s extension ([`read::Format::detect`]). For stdin and other
/// streams read with [`read::read_stdin`] or [`read::read_from`].
pub fn convert_input(
    bytes: &[u8],
    name: &Path,
    format: Option<read::Format>,
    normalizer: &normalize::Normalizer,
) -> Result<Converted> {
    let format = format.unwrap_or_else(|| read::Format::detect(name, bytes));
    convert_bytes(bytes, name, format, normalizer)
}

/// Reads the file at `path` within the default [`ReadLimits`] (64 MB) and
/// normalizes it; the format comes from the extension (or the content)
/// unless given. See [`convert_file_with`].
pub fn convert_file(
    path: &Path,
    format: Option<read::Format>,
    normalizer: &normalize::Normalizer,
) -> Result<Converted> {
    convert_file_with(path, format, normalizer, &ReadLimits::default())
}

/// Reads the regular file at `path` within `limits` and normalizes it.
/// Anything but a regular file (a folder, FIFO, device, socket) is refused
/// without being read, so this never blocks or streams forever; a file
/// larger than `limits.max_bytes` is refused before it is read
/// ([`Error::TooLarge`]), and binary content after its first block.
pub fn convert_file_with(
    path: &Path,
    format: Option<read::Format>,
    normalizer: &normalize::Normalizer,
    limits: &ReadLimits,
) -> Result<Converted> {
    let bytes = read::read_regular_file(path, limits)?;
    convert_input(&bytes, path, format, normalizer)
}
