//! The registry of output formats: one [`Format`] per backend, the only
//! place that knows which formats exist. `galley convert --to`, `galley
//! build`, `book.toml`'s `[output.NAME]` tables and the build folder all ask
//! it (pandoc keeps one list of writers; mdBook lets each renderer read its
//! own `output.NAME` table).
//!
//! An entry holds the format's name and aliases, its file extension, its
//! [`OutputKind`] (text or binary) and [`Layout`] in a book, its backend, and its
//! typed options ([`FormatOptions`]): parsed from its own `[output.NAME]`
//! table (errors carry the line), then [`prepare`](Format::prepare)d, the one
//! step that reads assets (the theme folder, an EPUB cover) from disk.
//! Backends themselves never touch the filesystem.
//!
//! Adding a format: a module under `render/` with a [`Backend`] and an
//! options type implementing [`FormatOptions`], and one line in [`FORMATS`].

use super::Backend;
use crate::error::{Error, Result};
use crate::theme::Theme;
use serde::de::DeserializeOwned;
use std::any::Any;
use std::fmt::Debug;
use std::path::Path;
use std::sync::Arc;

/// What one output file of a format holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// Text (Markdown, HTML, plain text): may go to a terminal.
    Text,
    /// Binary (EPUB, PDF): never written to a terminal.
    Binary,
}

/// What a book build writes for a format in the build folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A folder named after the format (`markdown/`, `html/`).
    Folder,
    /// One file named after the book (`harbour-notes.epub`).
    File,
}

/// Where [`Format::prepare`] may read assets from, and under which rules.
pub struct Assets<'a> {
    /// The book folder: relative paths in the options resolve against it.
    pub root: &'a Path,
    /// `book.toml`, for messages.
    pub config: &'a Path,
    /// Refuses a path the build may not read (outside the book folder
    /// without `[build] allow-outside`); `key` names the option.
    pub check: &'a (dyn Fn(&str, &Path) -> Result<()> + Sync),
    /// The largest file read.
    pub max_bytes: u64,
}

impl Assets<'_> {
    /// A configuration error about `message`, naming `book.toml`.
    pub fn error(&self, message: impl Into<String>) -> Error {
        Error::Config {
            path: self.config.to_path_buf(),
            line: None,
            message: message.into(),
        }
    }
}

/// A format's options: deserialized from its `[output.NAME]` table (missing
/// table or keys: the defaults).
pub trait FormatOptions: Any + Clone + Debug + Default + DeserializeOwned + Send + Sync {
    /// The theme the table names (`default` or a folder), if any.
    fn theme(&self) -> Option<&str> {
        None
    }
    /// Reads what the options name besides the theme (an EPUB cover) from
    /// `assets`. The only place a format reads files.
    fn prepare(&mut self, _assets: &Assets<'_>) -> Result<()> {
        Ok(())
    }
}

/// The typed options of one format, behind a uniform handle
/// ([`RenderContext::options_for`](super::RenderContext::options_for)
/// gives the backend its own type back).
#[derive(Debug, Clone)]
pub struct Options(Arc<dyn AnyOptions>);

trait AnyOptions: Any + Debug + Send + Sync {
    fn theme(&self) -> Option<&str>;
    fn prepared(&self, assets: &Assets<'_>) -> Result<Arc<dyn AnyOptions>>;
    fn as_any(&self) -> &dyn Any;
}

impl<T: FormatOptions> AnyOptions for T {
    fn theme(&self) -> Option<&str> {
        FormatOptions::theme(self)
    }
    fn prepared(&self, assets: &Assets<'_>) -> Result<Arc<dyn AnyOptions>> {
        let mut t = self.clone();
        t.prepare(assets)?;
        Ok(Arc::new(t))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Options {
    /// Wraps typed options.
    pub fn new<T: FormatOptions>(options: T) -> Self {
        Options(Arc::new(options))
    }
    /// The options as `T`, when they are of that type.
    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.0.as_any().downcast_ref()
    }
    /// The theme the options name, if any.
    pub fn theme(&self) -> Option<&str> {
        self.0.theme()
    }
}

/// Options parsed from a TOML value (spans into the document kept).
type ParseFn = fn(toml::de::ValueDeserializer<'_>) -> std::result::Result<Options, toml::de::Error>;

/// One output format.
pub struct Format {
    /// Name in `--to` and `[output.NAME]` (`markdown`, `html`, ...).
    pub name: &'static str,
    /// Other names `--to` accepts (`md`).
    pub aliases: &'static [&'static str],
    /// File extension of one article's output (`md`, `epub`).
    pub extension: &'static str,
    /// Text or binary.
    pub kind: OutputKind,
    /// A folder or one file in a book build.
    pub layout: Layout,
    backend: fn() -> Box<dyn Backend>,
    parse: ParseFn,
    defaults: fn() -> Options,
}

impl Debug for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Format")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("layout", &self.layout)
            .finish_non_exhaustive()
    }
}

fn parse_as<T: FormatOptions>(
    d: toml::de::ValueDeserializer<'_>,
) -> std::result::Result<Options, toml::de::Error> {
    T::deserialize(d).map(Options::new)
}

fn defaults_of<T: FormatOptions>() -> Options {
    Options::new(T::default())
}

impl Format {
    /// A registry entry for a backend whose options are `T`.
    pub const fn new<T: FormatOptions>(
        name: &'static str,
        aliases: &'static [&'static str],
        extension: &'static str,
        kind: OutputKind,
        layout: Layout,
        backend: fn() -> Box<dyn Backend>,
    ) -> Self {
        Format {
            name,
            aliases,
            extension,
            kind,
            layout,
            backend,
            parse: parse_as::<T>,
            defaults: defaults_of::<T>,
        }
    }

    /// The format's backend.
    pub fn backend(&self) -> Box<dyn Backend> {
        (self.backend)()
    }

    /// The options when the format has no table (`galley convert`).
    pub fn default_options(&self) -> Options {
        (self.defaults)()
    }

    /// Parses the format's `[output.NAME]` table. `value` is the table as
    /// parsed from the whole document, so an error's span is a place in it.
    pub fn parse_options(
        &self,
        value: toml::de::ValueDeserializer<'_>,
    ) -> std::result::Result<Options, toml::de::Error> {
        (self.parse)(value)
    }

    /// Reads the assets the options name: the theme (`default` is built
    /// in) and what the format itself needs ([`FormatOptions::prepare`]).
    pub fn prepare(&self, options: &Options, assets: &Assets<'_>) -> Result<(Theme, Options)> {
        let theme = match options.theme() {
            None | Some("default") => Theme::default(),
            Some(t) => {
                let dir = assets.root.join(t);
                (assets.check)(&format!("[output.{}] theme", self.name), &dir)?;
                Theme::from_dir(dir)?
            }
        };
        Ok((theme, Options(options.0.prepared(assets)?)))
    }
}

/// Every format built into this galley, in build order.
pub static FORMATS: &[Format] = &[
    Format::new::<super::markdown::MarkdownOptions>(
        "markdown",
        &["md"],
        "md",
        OutputKind::Text,
        Layout::Folder,
        || Box::new(super::markdown::MarkdownBackend),
    ),
    Format::new::<super::html::HtmlOptions>(
        "html",
        &["htm"],
        "html",
        OutputKind::Text,
        Layout::Folder,
        || Box::new(super::html::HtmlBackend),
    ),
    #[cfg(feature = "epub")]
    Format::new::<super::epub::EpubOptions>(
        "epub",
        &[],
        "epub",
        OutputKind::Binary,
        Layout::File,
        || Box::new(super::epub::EpubBackend),
    ),
    #[cfg(feature = "pdf")]
    Format::new::<super::pdf::style::PdfOptions>(
        "pdf",
        &[],
        "pdf",
        OutputKind::Binary,
        Layout::File,
        || Box::new(super::pdf::PdfBackend),
    ),
    Format::new::<super::txt::TxtOptions>(
        "txt",
        &["text"],
        "txt",
        OutputKind::Text,
        Layout::Folder,
        || Box::new(super::txt::TxtBackend),
    ),
];

/// The format named `name` or one of its aliases.
pub fn find(name: &str) -> Option<&'static Format> {
    FORMATS
        .iter()
        .find(|f| f.name == name || f.aliases.contains(&name))
}

/// The names of every format, in build order.
pub fn names() -> Vec<&'static str> {
    FORMATS.iter().map(|f| f.name).collect()
}
