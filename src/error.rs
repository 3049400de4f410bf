//! Typed errors of the library. The binary adds context with `anyhow`.

use std::path::PathBuf;

/// Everything that can go wrong in galley's library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The input is not something galley can read (binary, empty, ...).
    #[error("{path}: {message}")]
    Input {
        /// The file (or `-` for stdin).
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// A configuration problem (book.toml, command-line patterns).
    #[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Config {
        /// The config file.
        path: PathBuf,
        /// Line, when known.
        line: Option<usize>,
        /// What is wrong and what to do.
        message: String,
    },
    /// A `GALLEY_*` environment variable that sets a `book.toml` key is
    /// wrong ([`crate::config::env`]).
    #[error("{var}: {message}")]
    Env {
        /// The variable (`GALLEY_BOOK__TITLE`).
        var: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// A user-supplied regular expression does not compile.
    #[error("bad pattern {pattern:?}: {message}")]
    Pattern {
        /// The pattern.
        pattern: String,
        /// The regex error.
        message: String,
    },
    /// An output cannot be written without harming something galley did not
    /// write (a user's file in the build folder, an output over a source).
    #[error("{path}: {message}")]
    Output {
        /// The file or folder.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// An input is larger than the read limit ([`crate::read::ReadLimits`]).
    #[error(
        "{path}: larger than the {} input limit; raise it with --max-input-size (or `max-input-size` in book.toml's [build] table)",
        crate::text::size::format_size(*limit)
    )]
    TooLarge {
        /// The file (or `stdin`).
        path: PathBuf,
        /// The limit in bytes.
        limit: u64,
    },
    /// `SOURCE_DATE_EPOCH` is set but is not a Unix time.
    #[error(
        "SOURCE_DATE_EPOCH={value:?} is not valid: {reason}; set it to whole seconds since 1970-01-01 UTC (as `date +%s` prints them), or unset it"
    )]
    SourceDateEpoch {
        /// The value as set.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A backend could not render.
    #[error("{format}: {message}")]
    Render {
        /// Output format name.
        format: &'static str,
        /// What went wrong.
        message: String,
    },
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
    /// An input error on `path`.
    pub fn input(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            message: message.into(),
        }
    }
    /// A render error.
    pub fn render(format: &'static str, message: impl Into<String>) -> Self {
        Error::Render {
            format,
            message: message.into(),
        }
    }
}
