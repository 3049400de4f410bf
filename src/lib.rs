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

pub mod build;
pub mod cleanup;
pub mod cli;
pub mod config;
pub mod error;
pub mod fsio;
pub mod model;
pub mod normalize;
pub mod outdir;
pub mod read;
pub mod render;
pub mod theme;
pub mod time;

pub use error::{Error, Result};

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

/// Reads `bytes` (named `name` in messages) in `format` and normalizes them.
pub fn convert_bytes(
    bytes: &[u8],
    name: &Path,
    format: read::Format,
    normalizer: &normalize::Normalizer,
) -> Result<Converted> {
    if format == read::Format::Html {
        // The HTML reader reports metadata provenance and dropped page parts.
        let (page, warnings) = read::html::read_bytes(bytes, name)?;
        let (doc, mut report) = normalizer.run(page.draft);
        let mut findings = page.findings;
        findings.append(&mut report.findings);
        report.findings = findings;
        return Ok(Converted {
            doc,
            report,
            warnings,
        });
    }
    let (draft, warnings) = read::read_bytes(bytes, name, format)?;
    let (doc, report) = normalizer.run(draft);
    Ok(Converted {
        doc,
        report,
        warnings,
    })
}

/// Reads the file at `path` and normalizes it; the format comes from the
/// extension unless given.
pub fn convert_file(
    path: &Path,
    format: Option<read::Format>,
    normalizer: &normalize::Normalizer,
) -> Result<Converted> {
    if path.is_dir() {
        return Err(Error::input(path, "is a folder, not an article file"));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let format = format.unwrap_or_else(|| read::Format::detect(path, &bytes));
    convert_bytes(&bytes, path, format, normalizer)
}
