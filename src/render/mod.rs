//! Backends: one module per output format, all behind [`Backend`].
//!
//! A backend turns a [`Book`] (one article is a one-article book, see
//! [`Book::single`]) into output files. Backends never see input text, only the
//! model; they never touch the filesystem: they return [`OutputFile`]s and the
//! caller writes them atomically (see [`crate::fsio`]).

use crate::error::Result;
use crate::model::Book;
use crate::theme::Theme;
use crate::time::BuildTime;
use std::path::PathBuf;

pub mod dates;
#[cfg(feature = "epub")]
pub mod epub;
pub mod formats;
pub mod html;
mod html_notes;
pub mod images;
pub mod markdown;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod shared;
pub mod txt;
mod txt_gfm;
pub mod view;
pub use shared::slugify;

/// Whether the book is one converted article or a whole collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `galley convert`: one article in, one file out.
    Single,
    /// `galley build`: a whole book.
    Collection,
}

/// Everything a backend may use besides the book itself.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RenderContext {
    /// Theme (templates, CSS, fonts, PDF style).
    pub theme: Theme,
    /// Build timestamp: never read the clock in a backend.
    pub time: BuildTime,
    /// Single article or collection.
    pub mode: Mode,
    /// Per-format options from `[output.FORMAT]` tables, typed by each
    /// format ([`formats::FormatOptions`]) and prepared (assets read).
    pub options: std::collections::BTreeMap<&'static str, formats::Options>,
    /// The book's local images, read once before rendering
    /// ([`images::collect`]); empty when none were collected.
    pub images: std::sync::Arc<images::Images>,
}

impl RenderContext {
    /// A context with the default theme, for `mode`, at `time`.
    pub fn new(mode: Mode, time: BuildTime) -> Self {
        RenderContext {
            theme: Theme::default(),
            time,
            mode,
            options: Default::default(),
            images: Default::default(),
        }
    }

    /// The options of `format` as the backend's own type (missing = defaults).
    pub fn options_for<T: formats::FormatOptions>(&self, format: &'static str) -> Result<T> {
        match self.options.get(format) {
            None => Ok(T::default()),
            Some(o) => o.get::<T>().cloned().ok_or_else(|| {
                crate::Error::render(
                    format,
                    format!("[output.{format}]: options of another type"),
                )
            }),
        }
    }
}

/// One file a backend produced, relative to its output destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path (`index.html`, `articles/a.md`); for single-file formats
    /// in single mode, the bare extension name (`article.md`) is replaced by
    /// the caller.
    pub path: PathBuf,
    /// File content.
    pub bytes: Vec<u8>,
    /// What the user should know about this file (characters the fonts
    /// lack, say); the caller reports them (and `--quiet` silences them).
    pub warnings: Vec<String>,
}

/// An output format.
pub trait Backend: Send + Sync {
    /// Format name as used in `--to` and `[output.NAME]` (`markdown`, `html`, ...).
    fn name(&self) -> &'static str;
    /// File extension of single-article output (`md`, `html`, `epub`, `pdf`).
    fn extension(&self) -> &'static str;
    /// Renders the book. In [`Mode::Single`] a backend returns exactly one file.
    fn render(&self, book: &Book, ctx: &RenderContext) -> Result<Vec<OutputFile>>;
    /// [`Backend::render`] of a book no other backend needs after this one:
    /// a backend may free the model as it goes (the PDF backend drops the
    /// articles' blocks once they are set, before the pages are made and
    /// written). The output is the same as [`Backend::render`]'s.
    fn render_owned(&self, book: Book, ctx: &RenderContext) -> Result<Vec<OutputFile>> {
        self.render(&book, ctx)
    }
}

/// All built-in backends, in the registry's order ([`formats::FORMATS`]).
pub fn backends() -> Vec<Box<dyn Backend>> {
    formats::FORMATS.iter().map(|f| f.backend()).collect()
}

/// Looks a backend up by name or alias (`md` = `markdown`).
pub fn backend(name: &str) -> Option<Box<dyn Backend>> {
    formats::find(name).map(|f| f.backend())
}
