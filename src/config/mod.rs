//! Configuration files: `book.toml`.
//!
//! Every table denies unknown keys; the error names the key, its line and the
//! closest known key ("did you mean ...?").

pub mod book;
pub mod env;

pub use crate::render::html::HtmlOptions;
pub use crate::render::markdown::MarkdownOptions;
pub use book::{BookConfig, BookTable, BuildTable, OutputTable, SectionTable};
pub use env::{EnvOverride, Overrides};

use crate::error::Error;
use std::path::Path;

/// The known key closest to `key`, when it is close enough to be a likely typo.
pub fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let key_l = key.to_ascii_lowercase().replace('_', "-");
    known
        .iter()
        .map(|k| {
            (
                *k,
                strsim::damerau_levenshtein(&key_l, &k.to_ascii_lowercase()),
            )
        })
        .filter(|(k, d)| *d <= 2.max(k.len() / 3) && *d < k.len().max(key_l.len()))
        .min_by_key(|(_, d)| *d)
        .map(|(k, _)| k)
}

/// 1-based line of byte offset `at` in `text`.
pub fn line_of(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The `[table]` header in force at byte offset `at` (`book`, `output.epub`), if any.
fn table_at(text: &str, at: usize) -> Option<String> {
    let at = at.min(text.len());
    let before = text.get(..at)?;
    before.lines().rev().find_map(|l| {
        let l = l.trim();
        let inner = l
            .strip_prefix("[[")
            .and_then(|r| r.split("]]").next())
            .or_else(|| l.strip_prefix('[').and_then(|r| r.split(']').next()))?;
        Some(inner.trim().to_string())
    })
}

/// Turns a TOML/serde error into a [`Error::Config`] naming the file, the line,
/// the table and (for an unknown key) the closest known key.
pub fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    let line = e.span().map(|s| line_of(text, s.start));
    let table = e.span().and_then(|s| table_at(text, s.start));
    let message = describe(e.message(), table);
    Error::Config {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// The message of a TOML/serde error `msg` in table `table` (`book`,
/// `output.epub`; `None` at the top level): an unknown key or value named
/// with the closest known one.
pub(crate) fn describe(msg: &str, table: Option<String>) -> String {
    let msg = msg.trim().to_string();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let known: Vec<&str> = rest
            .split_once(',')
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let place = table
            .map(|t| format!(" in [{t}]"))
            .unwrap_or_else(|| " at the top level".into());
        let mut m = format!("unknown key `{key}`{place}");
        match closest(key, &known) {
            Some(k) => m.push_str(&format!("; did you mean `{k}`?")),
            None if known.is_empty() => m.push_str("; this table takes no keys"),
            None => m.push_str(&format!("; known keys: {}", known.join(", "))),
        }
        m
    } else if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let key = rest.split('`').next().unwrap_or_default();
        let known: Vec<&str> = rest
            .split_once(',')
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let mut m = format!("unknown value `{key}`");
        if let Some(t) = &table {
            m.push_str(&format!(" in [{t}]"));
        }
        if let Some(k) = closest(key, &known) {
            m.push_str(&format!("; did you mean `{k}`?"));
        } else if !known.is_empty() {
            m.push_str(&format!("; expected one of: {}", known.join(", ")));
        }
        m
    } else {
        match table {
            Some(t) if !msg.contains('[') => format!("[{t}]: {msg}"),
            _ => msg,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn suggestions() {
        assert_eq!(closest("tittle", &["title", "subtitle"]), Some("title"));
        assert_eq!(closest("autors", &["title", "authors"]), Some("authors"));
        assert_eq!(closest("build_dir", &["build-dir"]), Some("build-dir"));
        assert_eq!(closest("zzzzzz", &["title", "authors"]), None);
    }
    #[test]
    fn lines_and_tables() {
        let t = "[book]\ntitle = 'x'\n\n[[section]]\ntitle = 'y'\n";
        assert_eq!(line_of(t, 0), 1);
        assert_eq!(line_of(t, t.find("title = 'y'").unwrap()), 5);
        assert_eq!(table_at(t, t.len()).as_deref(), Some("section"));
        assert_eq!(table_at(t, 8).as_deref(), Some("book"));
    }
}
