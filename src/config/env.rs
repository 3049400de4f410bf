//! `GALLEY_*` environment variables: `book.toml` keys set from the
//! environment, as mdBook's `MDBOOK_*` are.
//!
//! `GALLEY_BOOK__TITLE="Morning"` sets `[book] title`,
//! `GALLEY_OUTPUT__PDF__PAPER=letter` sets `[output.pdf] paper`,
//! `GALLEY_BUILD__BUILD_DIR=out` sets `[build] build-dir`:
//!
//! - after `GALLEY_`, `__` separates table levels; the first level is one of
//!   the top-level tables of `book.toml` ([`TABLES`]). Other `GALLEY_*`
//!   variables (`GALLEY_DEBUG_LAYOUT`) are not configuration and are left
//!   alone; one that looks like a misspelt setting (`GALLEY_BOK__TITLE`,
//!   `GALLEY_BOOK_TITLE`) gets a note ([`Overrides::notes`]).
//! - names are matched case-insensitively; a single `_` inside a name is the
//!   `-` of book.toml's kebab-case keys (`build-dir`, `tail-run`,
//!   `system-fonts`).
//! - a value that parses as a TOML value is one (`false`, `3`,
//!   `["a", "b"]`, `{ cover = "c.png" }`, `"quoted"`); anything else is a
//!   string. A bare value where a string is expected is the string
//!   (`GALLEY_BOOK__TITLE=1984`).
//! - the variables are applied to the parsed `book.toml` before it is checked
//!   and deserialized, so a wrong name or value is the same error as in the
//!   file, naming the variable instead of a line
//!   (`GALLEY_BOOK__TITEL: unknown key `titel` in [book]; did you mean `title`?`).
//! - a variable for a table (`GALLEY_OUTPUT__EPUB='{}'`) sets the whole
//!   table; more specific variables are applied after it.
//!
//! The library never reads the process environment by itself: callers pass
//! the variables ([`crate::config::BookConfig::load_with_env`]); the command
//! line passes [`process_vars`].

use crate::error::{Error, Result};
use std::borrow::Cow;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The prefix of every configuration variable.
pub const PREFIX: &str = "GALLEY_";

/// The top-level tables of `book.toml`: the first level after [`PREFIX`].
pub const TABLES: &[&str] = &["book", "section", "normalize", "build", "output"];

/// One `GALLEY_*` variable that sets a `book.toml` key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvOverride {
    /// The variable, as set (`GALLEY_BOOK__TITLE`).
    pub var: String,
    /// The keys it sets, outermost first (`["book", "title"]`,
    /// `["build", "build-dir"]`).
    pub path: Vec<String>,
    /// Its value, as set.
    pub value: String,
    /// Take the value as a string even when it parses as TOML.
    pub(crate) as_string: bool,
}

/// The configuration variables of an environment, and notes on the
/// variables that look like misspelt ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// In the order they are applied: shorter paths first (a whole table
    /// before its keys), then by name.
    pub vars: Vec<EnvOverride>,
    /// `GALLEY_*` variables ignored although they look like settings.
    pub notes: Vec<String>,
}

/// The environment variables of this process that start with [`PREFIX`]
/// (values that are not UTF-8 read lossily): what the command line passes to
/// [`crate::config::BookConfig::load_with_env`].
pub fn process_vars() -> Vec<(String, String)> {
    std::env::vars_os()
        .filter_map(|(k, v)| {
            let k = k.into_string().ok()?;
            k.starts_with(PREFIX)
                .then(|| (k, v.to_string_lossy().into_owned()))
        })
        .collect()
}

impl Overrides {
    /// The configuration variables among `vars` (any environment: other
    /// variables are skipped). A name with an empty level (`GALLEY_BOOK__`,
    /// `GALLEY_OUTPUT____PAPER`) is an error.
    pub fn from_vars<I, K, V>(vars: I) -> Result<Self>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut out = Overrides::default();
        for (var, value) in vars {
            let var: String = var.into();
            let Some(rest) = var.strip_prefix(PREFIX) else {
                continue;
            };
            let levels: Vec<String> = rest.split("__").map(str::to_ascii_lowercase).collect();
            let first = levels[0].as_str();
            if !TABLES.contains(&first) {
                if let Some(note) = misspelt(&var, rest, &levels) {
                    out.notes.push(note);
                }
                continue;
            }
            if levels.iter().any(String::is_empty) {
                return Err(Error::Env {
                    var,
                    message: "a level of the name is empty; separate tables and keys with exactly two underscores, like GALLEY_OUTPUT__PDF__PAPER".into(),
                });
            }
            out.vars.push(EnvOverride {
                var,
                path: levels.iter().map(|l| l.replace('_', "-")).collect(),
                value: value.into(),
                as_string: false,
            });
        }
        out.vars
            .sort_by(|a, b| (a.path.len(), &a.var).cmp(&(b.path.len(), &b.var)));
        out.notes.sort();
        Ok(out)
    }

    /// True when no variable sets anything.
    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }

    /// The variable that set the key at `path` (or a table holding it), the
    /// last applied when several did.
    pub fn setting(&self, path: &[&str]) -> Option<&EnvOverride> {
        self.vars
            .iter()
            .rev()
            .find(|o| o.path.len() <= path.len() && o.path.iter().zip(path).all(|(a, b)| a == b))
    }
}

/// A note for a `GALLEY_*` variable that is not a setting but looks like one
/// (`levels` lower-cased): a misspelt table (`GALLEY_BOK__TITLE`) or a single
/// underscore after the table (`GALLEY_BOOK_TITLE`).
fn misspelt(var: &str, rest: &str, levels: &[String]) -> Option<String> {
    if levels.len() > 1
        && let Some(t) = super::closest(&levels[0], TABLES)
    {
        let tail = &rest[levels[0].len()..];
        return Some(format!(
            "{var} is not a book.toml setting: there is no [{}] table; did you mean {PREFIX}{}{tail}?",
            levels[0],
            t.to_ascii_uppercase()
        ));
    }
    let t = TABLES.iter().find(|t| {
        levels[0]
            .strip_prefix(**t)
            .is_some_and(|r| r.starts_with('_'))
    })?;
    Some(format!(
        "{var} is not a book.toml setting; tables and keys are separated by two underscores: {PREFIX}{}__{}",
        &rest[..t.len()],
        &rest[t.len() + 1..]
    ))
}

/// The span that stands for variable `i` in a document of `text_len` bytes:
/// past its end, so no line of the file is ever blamed for a variable.
pub(crate) fn span_of(text_len: usize, i: usize) -> Range<usize> {
    let at = text_len + 1 + i;
    at..at + 1
}

/// The variable a span of [`span_of`] stands for.
pub(crate) fn index_of(text_len: usize, span: &Range<usize>) -> Option<usize> {
    span.start.checked_sub(text_len + 1)
}

/// Sets every override in `doc` (the parsed `book.toml` of `text_len`
/// bytes), each key and value spanned by [`span_of`].
pub(crate) fn apply<'a>(
    doc: &mut DeTable<'a>,
    overrides: &'a Overrides,
    text_len: usize,
) -> Result<()> {
    for (i, o) in overrides.vars.iter().enumerate() {
        let span = span_of(text_len, i);
        let mut value = parse_value(&o.value, o.as_string);
        respan(&mut value, &span);
        set(doc, o, &o.path, value, &span)?;
    }
    Ok(())
}

/// `raw` as a TOML value when it is one (and `as_string` is false), else as
/// a string.
fn parse_value(raw: &str, as_string: bool) -> Spanned<DeValue<'_>> {
    if !as_string && let Ok(v) = DeValue::parse(raw) {
        return v;
    }
    Spanned::new(0..0, DeValue::String(Cow::Borrowed(raw)))
}

/// Gives `v` and everything in it the span `span`.
fn respan(v: &mut Spanned<DeValue<'_>>, span: &Range<usize>) {
    let mut inner = std::mem::replace(v.get_mut(), DeValue::Boolean(false));
    match &mut inner {
        DeValue::Array(a) => a.iter_mut().for_each(|e| respan(e, span)),
        DeValue::Table(t) => {
            let old = std::mem::take(t);
            for (k, mut v) in old {
                respan(&mut v, span);
                t.insert(Spanned::new(span.clone(), k.into_inner()), v);
            }
        }
        _ => {}
    }
    *v = Spanned::new(span.clone(), inner);
}

/// Sets `path` (relative to `table`) to `value`, making the tables on the way.
fn set<'a>(
    table: &mut DeTable<'a>,
    o: &'a EnvOverride,
    path: &'a [String],
    value: Spanned<DeValue<'a>>,
    span: &Range<usize>,
) -> Result<()> {
    let (name, rest) = path.split_first().expect("a path has a first level");
    // The file's own spelling of the key when it differs only in `-`/`_`.
    let key = table
        .keys()
        .find(|k| k.get_ref().replace('_', "-") == *name)
        .map(|k| k.get_ref().clone())
        .unwrap_or(Cow::Borrowed(name.as_str()));
    if rest.is_empty() {
        table.remove(key.as_ref());
        table.insert(Spanned::new(span.clone(), key), value);
        return Ok(());
    }
    if !table.contains_key(key.as_ref()) {
        table.insert(
            Spanned::new(span.clone(), key.clone()),
            Spanned::new(span.clone(), DeValue::Table(DeTable::new())),
        );
    }
    let done = o.path.len() - rest.len();
    let here = o.path[..done].join(".");
    match table.get_mut(key.as_ref()).map(Spanned::get_mut) {
        Some(DeValue::Table(t)) => set(t, o, rest, value, span),
        Some(DeValue::Array(_)) => Err(Error::Env {
            var: o.var.clone(),
            message: format!(
                "[[{here}]] is a list of tables, which one variable sets as a whole: {PREFIX}{}='[{{ title = \"…\", articles = [\"…\"] }}]'",
                here.to_ascii_uppercase()
            ),
        }),
        Some(other) => Err(Error::Env {
            var: o.var.clone(),
            message: format!(
                "`{here}` is a {} in book.toml, not a table",
                other.type_str()
            ),
        }),
        None => unreachable!("inserted above"),
    }
}

impl EnvOverride {
    /// After an error at this variable's value or key, a change that may
    /// make it valid: a bare value where a string is expected read as that
    /// string, a `-` read as `_` when the table knows the key so.
    pub(crate) fn retry(&mut self, message: &str) -> bool {
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let key = rest.split('`').next().unwrap_or_default();
            let known: Vec<&str> = rest
                .split_once(',')
                .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
                .unwrap_or_default();
            let under = key.replace('-', "_");
            if under != key
                && known.contains(&under.as_str())
                && let Some(level) = self.path.iter_mut().find(|l| *l == key)
            {
                *level = under;
                return true;
            }
            return false;
        }
        let wants_string = message.starts_with("invalid type:")
            && message
                .split_once(", expected ")
                .is_some_and(|(_, wanted)| wanted.contains("string"));
        if !self.as_string
            && wants_string
            && DeValue::parse(&self.value).is_ok_and(|v| {
                !matches!(
                    v.get_ref(),
                    DeValue::String(_) | DeValue::Array(_) | DeValue::Table(_)
                )
            })
        {
            self.as_string = true;
            return true;
        }
        false
    }

    /// The table an error about this variable is in, to name in an unknown
    /// key or value (other errors need none: the variable names the key):
    /// for an unknown key, the levels before it; else the levels before the
    /// value.
    pub(crate) fn table_for(&self, message: &str) -> Option<String> {
        if !(message.starts_with("unknown field `") || message.starts_with("unknown variant `")) {
            return None;
        }
        Some(self.table_of(message)).filter(|t| !t.is_empty())
    }

    fn table_of(&self, message: &str) -> String {
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let key = rest.split('`').next().unwrap_or_default();
            if let Some(k) = self.path.iter().position(|l| l == key) {
                return self.path[..k].join(".");
            }
            return self.path.join(".");
        }
        let parsed =
            !self.as_string && DeValue::parse(&self.value).is_ok_and(|v| v.get_ref().is_table());
        if parsed {
            self.path.join(".")
        } else {
            self.path[..self.path.len() - 1].join(".")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(vars: &[(&str, &str)]) -> Overrides {
        Overrides::from_vars(vars.iter().map(|(k, v)| (*k, *v))).unwrap()
    }

    #[test]
    fn names_map_to_keys() {
        let o = names(&[
            ("GALLEY_OUTPUT__PDF__PAPER", "letter"),
            ("GALLEY_BOOK__TITLE", "Morning"),
            ("GALLEY_BUILD__BUILD_DIR", "out"),
            ("GALLEY_NORMALIZE__TAIL_RUN", "false"),
            ("GALLEY_output__pdf__System_Fonts", "false"),
            ("GALLEY_DEBUG_LAYOUT", "1"),
            ("PATH", "/bin"),
            ("SOURCE_DATE_EPOCH", "0"),
        ]);
        let paths: Vec<(String, String)> = o
            .vars
            .iter()
            .map(|v| (v.var.clone(), v.path.join(".")))
            .collect();
        assert_eq!(
            paths,
            [
                ("GALLEY_BOOK__TITLE".into(), "book.title".into()),
                ("GALLEY_BUILD__BUILD_DIR".into(), "build.build-dir".into()),
                (
                    "GALLEY_NORMALIZE__TAIL_RUN".into(),
                    "normalize.tail-run".into()
                ),
                (
                    "GALLEY_OUTPUT__PDF__PAPER".into(),
                    "output.pdf.paper".into()
                ),
                (
                    "GALLEY_output__pdf__System_Fonts".into(),
                    "output.pdf.system-fonts".into()
                ),
            ]
        );
        assert!(o.notes.is_empty(), "{:?}", o.notes);
    }

    #[test]
    fn near_misses_get_notes_and_empty_levels_fail() {
        let o = names(&[
            ("GALLEY_BOK__TITLE", "x"),
            ("GALLEY_BOOK_TITLE", "x"),
            ("GALLEY_DEBUG_LAYOUT", "1"),
            ("GALLEY_SOMETHING_ELSE", "1"),
        ]);
        assert!(o.vars.is_empty());
        assert_eq!(o.notes.len(), 2, "{:?}", o.notes);
        assert!(
            o.notes[0].contains("did you mean GALLEY_BOOK__TITLE?"),
            "{:?}",
            o.notes
        );
        assert!(
            o.notes[1].starts_with("GALLEY_BOOK_TITLE ")
                && o.notes[1].ends_with(": GALLEY_BOOK__TITLE"),
            "{:?}",
            o.notes
        );
        let e = Overrides::from_vars([("GALLEY_BOOK__", "x")])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("GALLEY_BOOK__: ") && e.contains("two underscores"),
            "{e}"
        );
    }

    #[test]
    fn tables_before_their_keys() {
        let o = names(&[
            ("GALLEY_OUTPUT__EPUB__COVER", "c.png"),
            ("GALLEY_OUTPUT__EPUB", "{}"),
        ]);
        assert_eq!(o.vars[0].var, "GALLEY_OUTPUT__EPUB");
        assert_eq!(
            o.setting(&["output", "epub", "cover"])
                .map(|v| v.var.as_str()),
            Some("GALLEY_OUTPUT__EPUB__COVER")
        );
        assert_eq!(
            o.setting(&["output", "epub", "theme"])
                .map(|v| v.var.as_str()),
            Some("GALLEY_OUTPUT__EPUB")
        );
        assert_eq!(o.setting(&["book", "title"]), None);
    }

    #[test]
    fn values_are_toml_when_they_parse() {
        let kind = |raw: &str| parse_value(raw, false).get_ref().type_str();
        assert_eq!(kind("false"), "boolean");
        assert_eq!(kind("3"), "integer");
        assert_eq!(kind(r#"["a", "b"]"#), "array");
        assert_eq!(kind("{ cover = 'c.png' }"), "table");
        assert_eq!(kind("2024-04-02"), "datetime");
        for s in [
            "letter",
            "Title From Env",
            "",
            "64M",
            "[1, 2",
            "1\nx = 2",
            "a = 1",
        ] {
            assert_eq!(kind(s), "string", "{s:?}");
            assert_eq!(parse_value(s, false).get_ref().as_str(), Some(s));
        }
        assert_eq!(
            parse_value(r#""quoted""#, false).get_ref().as_str(),
            Some("quoted")
        );
        assert_eq!(parse_value("3", true).get_ref().as_str(), Some("3"));
    }
}
