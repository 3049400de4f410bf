//! `book.toml`: the description of a book.
//!
//! ```toml
//! [book]
//! title = "Harbour Briefing"
//! subtitle = "Week 14"
//! authors = ["Briefing Desk"]
//! language = "en"
//! date = 2024-04-02
//! description = "What happened on the coast this week."
//! src = "articles"                  # a folder of inputs, or
//! # articles = ["articles/ferry.txt", "articles/*.md"]
//!
//! [[section]]                        # optional grouping
//! title = "Harbour"
//! articles = ["articles/ferry.txt"]
//!
//! [normalize]                        # galley::normalize::NormalizeConfig
//! remove = ['^Watch live:']
//!
//! [build]
//! build-dir = "book"                 # default
//! allow-outside = false              # articles, cover, themes only inside this folder
//! max-input-size = "64M"             # largest article file read
//!
//! [output.markdown]
//! [output.html]
//! [output.epub]
//! cover = "cover.jpg"
//! [output.pdf]
//! paper = "a4"
//! ```

use super::env::{self, Overrides};
use super::toml_error;
use crate::error::{Error, Result};
use crate::model::BookMeta;
use crate::normalize::NormalizeConfig;
use crate::render::formats::{self, Format, Options};
use serde::{Deserialize, Deserializer};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The whole `book.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookConfig {
    /// `[book]`: metadata and the article list.
    pub book: BookTable,
    /// `[[section]]` tables, in order.
    #[serde(default, rename = "section")]
    pub sections: Vec<SectionTable>,
    /// `[normalize]`: normalizer switches and patterns.
    #[serde(default)]
    pub normalize: NormalizeConfig,
    /// `[build]`: where outputs go.
    #[serde(default)]
    pub build: BuildTable,
    /// `[output.FORMAT]` tables, raw: each format reads its own (see
    /// [`Self::outputs`]).
    #[serde(default, rename = "output")]
    _output: toml::Table,
    /// The `[output.FORMAT]` tables, each parsed by its format, in build
    /// order: each present table means "build this format".
    #[serde(skip)]
    pub outputs: Vec<OutputTable>,
    /// `GALLEY_*` variables that look like settings but are not, for the
    /// build to warn about ([`Overrides::notes`]).
    #[serde(skip)]
    pub env_notes: Vec<String>,
}

/// `[book]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookTable {
    /// Book title (required).
    pub title: String,
    /// Subtitle, e.g. `Week 14`.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Editors or authors.
    #[serde(default)]
    pub authors: Vec<String>,
    /// BCP 47 language tag; default `en`.
    #[serde(default)]
    pub language: Option<String>,
    /// Issue date, `2024-04-02` (a TOML date or a string).
    #[serde(default, deserialize_with = "de_date")]
    pub date: Option<String>,
    /// One-paragraph description.
    #[serde(default)]
    pub description: Option<String>,
    /// A folder of input articles (read recursively, in name order).
    #[serde(default)]
    pub src: Option<PathBuf>,
    /// Article files or glob patterns, in reading order.
    #[serde(default)]
    pub articles: Option<Vec<String>>,
}

/// `[[section]]`: a titled group of articles.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionTable {
    /// Section title.
    pub title: String,
    /// Article files or glob patterns, in reading order.
    #[serde(default)]
    pub articles: Vec<String>,
    /// A folder of input articles for this section.
    #[serde(default)]
    pub src: Option<PathBuf>,
}

/// `[build]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BuildTable {
    /// Output folder, relative to the book folder (default `book`).
    #[serde(default = "default_build_dir")]
    pub build_dir: PathBuf,
    /// Allow articles, `src` folders, the cover and theme folders outside
    /// the book folder (after following symlinks). Default `false`.
    #[serde(default)]
    pub allow_outside: bool,
    /// Largest article file read, in bytes or with a unit (`"64M"`,
    /// `"512K"`, binary units); default 64M.
    #[serde(default, deserialize_with = "de_size")]
    pub max_input_size: Option<u64>,
}

fn de_size<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<u64>, D::Error> {
    use serde::de::Error as _;
    let v = toml::Value::deserialize(d)?;
    let bad = || {
        D::Error::custom(format!(
            "`max-input-size` must be a size like \"64M\" or a number of bytes, not {v:?}"
        ))
    };
    match &v {
        toml::Value::Integer(i) if *i > 0 => Ok(Some(*i as u64)),
        toml::Value::String(s) => crate::read::input::parse_size(s)
            .map(Some)
            .map_err(|_| bad()),
        _ => Err(bad()),
    }
}

fn default_build_dir() -> PathBuf {
    PathBuf::from("book")
}

impl Default for BuildTable {
    fn default() -> Self {
        BuildTable {
            build_dir: default_build_dir(),
            allow_outside: false,
            max_input_size: None,
        }
    }
}

/// One `[output.NAME]` table: the format (from the registry,
/// [`crate::render::formats`]) and its typed options.
#[derive(Debug, Clone)]
pub struct OutputTable {
    /// The format.
    pub format: &'static Format,
    /// Its options, parsed from the table.
    pub options: Options,
}

fn de_date<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<String>, D::Error> {
    use serde::de::Error as _;
    let v = toml::Value::deserialize(d)?;
    let s = match v {
        toml::Value::String(s) => s,
        toml::Value::Datetime(dt) => dt.to_string(),
        other => {
            return Err(D::Error::custom(format!(
                "`date` must be a date like 2024-04-02, not {}",
                other.type_str()
            )));
        }
    };
    match crate::time::parse_iso_date(&s) {
        Some(t) => Ok(Some(t.date())),
        None => Err(D::Error::custom(format!(
            "`date` {s:?} is not a date like 2024-04-02"
        ))),
    }
}

impl BookConfig {
    /// Parses `text` (the contents of `path`).
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        Self::parse_with_env(text, path, &Overrides::default())
    }

    /// Parses `text` (the contents of `path`) with the keys `env` sets
    /// ([`crate::config::env`]) applied before the tables are checked: a
    /// wrong name or value in a variable is an [`Error::Env`] naming it.
    pub fn parse_with_env(text: &str, path: &Path, env: &Overrides) -> Result<Self> {
        let file = DeTable::parse(text).map_err(|e| toml_error(path, text, &e))?;
        let mut env = env.clone();
        let mut cfg = loop {
            let mut doc = file.clone();
            env::apply(doc.get_mut(), &env, text.len())?;
            let fail = match deserialize(doc) {
                Ok(cfg) => break cfg,
                Err(fail) => fail,
            };
            let var = fail
                .span()
                .and_then(|s| env::index_of(text.len(), &s))
                .filter(|i| *i < env.vars.len());
            match var {
                Some(i) if env.vars[i].retry(fail.message()) => continue,
                Some(i) => {
                    let o = &env.vars[i];
                    let table = o.table_for(fail.message());
                    return Err(Error::Env {
                        var: o.var.clone(),
                        message: match &fail {
                            Fail::De(e) => super::describe(e.message(), table),
                            Fail::Format(name, _) => unknown_format(name),
                        },
                    });
                }
                None => {
                    return Err(match fail {
                        Fail::De(e) => toml_error(path, text, &e),
                        Fail::Format(name, span) => Error::Config {
                            path: path.to_path_buf(),
                            line: Some(super::line_of(text, span.start)),
                            message: unknown_format(&name),
                        },
                    });
                }
            }
        };
        cfg.env_notes = env.notes.clone();
        // An error in a key a variable set names the variable, else the
        // key's line in the file.
        let err = |key: &[&str], message: String| match env.setting(key) {
            Some(o) => Error::Env {
                var: o.var.clone(),
                message,
            },
            None => Error::Config {
                path: path.to_path_buf(),
                line: find_key_line(text, key[key.len() - 1]),
                message,
            },
        };
        if cfg.book.title.trim().is_empty() {
            return Err(err(
                &["book", "title"],
                "[book] title is empty; give the book a title".into(),
            ));
        }
        if let Some(l) = &cfg.book.language
            && !valid_language(l)
        {
            let hint = match language_suggestion(l) {
                Some(t) => format!("; did you mean {t:?}?"),
                None => String::new(),
            };
            return Err(err(
                &["book", "language"],
                format!(
                    "[book] language {l:?} is not a BCP 47 language tag like \"en\" or \"pt-BR\"{hint}"
                ),
            ));
        }
        if cfg.book.src.is_some() && cfg.book.articles.is_some() {
            let key = match env.setting(&["book", "src"]) {
                Some(_) => "src",
                None => "articles",
            };
            return Err(err(
                &["book", key],
                "[book] has both `src` and `articles`; use one of them".into(),
            ));
        }
        for s in &cfg.sections {
            if s.title.trim().is_empty() {
                return Err(err(
                    &["section", "title"],
                    "a [[section]] has an empty title".into(),
                ));
            }
        }
        for p in cfg.normalize.remove.iter().chain(&cfg.normalize.keep) {
            if let Err(e) = crate::normalize::check_pattern(p) {
                return Err(err(
                    &[
                        "normalize",
                        if cfg.normalize.remove.contains(p) {
                            "remove"
                        } else {
                            "keep"
                        },
                    ],
                    format!("[normalize] bad pattern {p:?}: {e}"),
                ));
            }
        }
        Ok(cfg)
    }

    /// Reads and parses the `book.toml` at `path`.
    pub fn load(path: &Path) -> Result<Self> {
        Self::load_with_env(path, std::iter::empty::<(String, String)>())
    }

    /// Reads and parses the `book.toml` at `path`, with the `GALLEY_*`
    /// variables among `vars` setting keys ([`crate::config::env`]; other
    /// variables are ignored). The command line passes
    /// [`env::process_vars`]; the library never reads the environment itself.
    pub fn load_with_env<I, K, V>(path: &Path, vars: I) -> Result<Self>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let env = Overrides::from_vars(vars)?;
        let bytes = std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::Config {
                path: path.to_path_buf(),
                line: None,
                message: "no book.toml here (create one with `galley init`)".into(),
            },
            _ => Error::io(path, e),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            line: None,
            message: format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        })?;
        Self::parse_with_env(&text, path, &env)
    }

    /// Book metadata for the model.
    pub fn meta(&self) -> BookMeta {
        BookMeta {
            title: self.book.title.trim().to_string(),
            subtitle: self.book.subtitle.clone().filter(|s| !s.trim().is_empty()),
            authors: self.book.authors.clone(),
            language: self.book.language.clone().unwrap_or_else(|| "en".into()),
            date: self.book.date.as_deref().map(crate::model::Date::parse),
            description: self
                .book
                .description
                .clone()
                .filter(|s| !s.trim().is_empty()),
        }
    }

    /// Formats with an `[output.X]` table, in build order.
    pub fn formats(&self) -> Vec<&'static str> {
        self.outputs.iter().map(|o| o.format.name).collect()
    }

    /// The parsed `[output.FORMAT]` table of `format`, if present.
    pub fn output(&self, format: &str) -> Option<&OutputTable> {
        self.outputs.iter().find(|o| o.format.name == format)
    }

    /// The theme named in `[output.FORMAT] theme`, if any.
    pub fn theme_for(&self, format: &str) -> Option<String> {
        self.output(format)
            .and_then(|o| o.options.theme())
            .map(str::to_string)
    }
}

/// Why the tables of a `book.toml` do not deserialize: a TOML/serde error,
/// or an `[output.NAME]` the registry lacks (the name and its span).
enum Fail {
    De(toml::de::Error),
    Format(String, Range<usize>),
}

impl Fail {
    fn span(&self) -> Option<Range<usize>> {
        match self {
            Fail::De(e) => e.span(),
            Fail::Format(_, s) => Some(s.clone()),
        }
    }
    fn message(&self) -> &str {
        match self {
            Fail::De(e) => e.message(),
            Fail::Format(..) => "unknown output format",
        }
    }
}

/// The whole document `doc` deserialized, its `[output.NAME]` tables too.
fn deserialize(doc: Spanned<DeTable<'_>>) -> std::result::Result<BookConfig, Fail> {
    let output = doc.get_ref().get("output").cloned();
    let mut cfg = BookConfig::deserialize(toml::de::Deserializer::from(doc)).map_err(Fail::De)?;
    cfg.outputs = output_tables(output)?;
    Ok(cfg)
}

/// The message for an `[output.NAME]` the registry lacks.
fn unknown_format(name: &str) -> String {
    let known = formats::names();
    let mut message = format!("unknown output format `{name}` in [output.{name}]");
    match super::closest(name, &known) {
        Some(k) => message.push_str(&format!("; did you mean `{k}`?")),
        None => message.push_str(&format!("; this galley builds {}", known.join(", "))),
    }
    message
}

/// The `[output.NAME]` tables (the document's `output` value), each
/// deserialized by its format from the document's own parse (so errors
/// carry the span), in the registry's order. A name the registry lacks is
/// an error.
fn output_tables(
    output: Option<Spanned<DeValue<'_>>>,
) -> std::result::Result<Vec<OutputTable>, Fail> {
    let Some(DeValue::Table(tables)) = output.map(Spanned::into_inner) else {
        return Ok(Vec::new());
    };
    for (name, _) in tables.iter() {
        if formats::find(name.get_ref()).is_none_or(|f| f.name != name.get_ref()) {
            return Err(Fail::Format(name.get_ref().to_string(), name.span()));
        }
    }
    let mut out = Vec::new();
    for format in formats::FORMATS {
        let Some(value) = tables.get(format.name) else {
            continue;
        };
        let options = format
            .parse_options(toml::de::ValueDeserializer::from(value.clone()))
            .map_err(Fail::De)?;
        out.push(OutputTable { format, options });
    }
    Ok(out)
}

/// A well-formed BCP 47 tag as written (`en`, `pt-BR`, `zh-Hant`): a known
/// ISO 639-1 language or a three-letter one, then script, region and
/// variants ([`crate::model::language_tag`]); `english` and the POSIX
/// `en_US` are not tags.
pub fn valid_language(tag: &str) -> bool {
    !tag.contains('_')
        && !tag.trim().is_empty()
        && crate::model::language_tag(tag).is_some()
        && tag.trim() == tag
}

/// The tag meant by a value that is not one: a language name in English or
/// in the language itself (`english` -> `en`, `Deutsch` -> `de`, `日本語`
/// -> `ja`) or a POSIX locale (`en_US` -> `en-US`).
pub fn language_suggestion(value: &str) -> Option<String> {
    crate::model::lang::suggest_tag(value).or_else(|| crate::model::language_tag(value))
}

/// Line of the first `key =` assignment in `text`.
fn find_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Result<BookConfig> {
        BookConfig::parse(t, Path::new("book.toml"))
    }

    #[test]
    fn full_example_parses() {
        let c = parse(
            r#"
[book]
title = "Harbour Briefing"
subtitle = "Week 14"
authors = ["Desk"]
language = "en-GB"
date = 2024-04-02
articles = ["a.txt", "b/*.md"]

[[section]]
title = "Port"
articles = ["a.txt"]

[normalize]
promos = false
remove = ['^Watch live:']

[build]
build-dir = "out"

[output.markdown]
[output.html]
theme = "default"
[output.epub]
cover = "cover.png"
[output.pdf]
paper = "a4"
"#,
        )
        .unwrap();
        assert_eq!(c.book.date.as_deref(), Some("2024-04-02"));
        assert_eq!(c.sections[0].title, "Port");
        assert!(!c.normalize.promos);
        assert_eq!(c.build.build_dir, PathBuf::from("out"));
        assert_eq!(c.formats(), ["markdown", "html", "epub", "pdf"]);
        let pdf = c.output("pdf").unwrap().options.clone();
        assert_eq!(
            pdf.get::<crate::render::pdf::style::PdfOptions>()
                .and_then(|o| o.paper),
            Some(crate::render::pdf::style::Paper::A4)
        );
        assert_eq!(c.meta().language, "en-GB");
    }

    #[test]
    fn unknown_keys_name_key_line_and_suggestion() {
        let e = parse("[book]\ntitle = \"x\"\nautors = [\"a\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("book.toml:3"), "{e}");
        assert!(
            e.contains("`autors`") && e.contains("did you mean `authors`"),
            "{e}"
        );
        assert!(e.contains("[book]"), "{e}");

        let e = parse("[book]\ntitle = \"x\"\n[normalize]\npromo = false\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(":4") && e.contains("did you mean `promos`"),
            "{e}"
        );

        let e = parse("[book]\ntitle = \"x\"\n[output.epbu]\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean `epub`"), "{e}");

        let e = parse("[book]\ntitle = \"x\"\n[output.epub]\ncovr = \"a.png\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(":4") && e.contains("did you mean `cover`"),
            "{e}"
        );

        let e = parse("[book]\ntitle = \"x\"\n[[sections]]\ntitle = \"y\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean `section`"), "{e}");
    }

    #[test]
    fn bad_values_are_clear() {
        let e = parse("[book]\ntitle = \"x\"\ndate = \"last week\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a date"), "{e}");
        let e = parse("[book]\ntitle = \"\"\n").unwrap_err().to_string();
        assert!(e.contains("title is empty"), "{e}");
        let e = parse("[book]\ntitle = \"x\"\nsrc = \"a\"\narticles = []\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("both"), "{e}");
        let e = parse("[book]\ntitle = \"x\"\n[normalize]\nremove = ['(']\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("book.toml:4") && e.contains("bad pattern"),
            "{e}"
        );
        let e = parse("[book]\ntitle = \"x\"\nlanguage = \"english please\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("language"), "{e}");
        for (value, want) in [
            ("english", "en"),
            ("Deutsch", "de"),
            ("français", "fr"),
            ("日本語", "ja"),
            ("en_US", "en-US"),
        ] {
            let e = parse(&format!("[book]\ntitle = \"x\"\nlanguage = \"{value}\"\n"))
                .unwrap_err()
                .to_string();
            assert!(
                e.contains("book.toml:3") && e.contains(&format!("did you mean \"{want}\"?")),
                "{value}: {e}"
            );
        }
        for ok in ["en", "pt-BR", "zh-Hant", "de-CH-1901", "gsw"] {
            assert!(valid_language(ok), "{ok}");
        }
        let e = parse("title = \"x\"\n").unwrap_err().to_string();
        assert!(e.contains("title"), "{e}");
        let e = parse("[book\n").unwrap_err().to_string();
        assert!(e.contains("book.toml:1"), "{e}");
    }

    fn parse_env(t: &str, vars: &[(&str, &str)]) -> Result<BookConfig> {
        let env = Overrides::from_vars(vars.iter().map(|(k, v)| (*k, *v)))?;
        BookConfig::parse_with_env(t, Path::new("book.toml"), &env)
    }

    const BOOK: &str =
        "[book]\ntitle = \"File\"\nsrc = \"articles\"\n[output.pdf]\npaper = \"a4\"\n";

    #[test]
    fn env_sets_and_adds_keys() {
        let c = parse_env(
            BOOK,
            &[
                ("GALLEY_BOOK__TITLE", "Morning"),
                ("GALLEY_BOOK__AUTHORS", r#"["Desk", "Ana"]"#),
                ("GALLEY_OUTPUT__PDF__PAPER", "letter"),
                ("GALLEY_BUILD__BUILD_DIR", "out"),
                ("GALLEY_BUILD__MAX_INPUT_SIZE", "1M"),
                ("GALLEY_NORMALIZE__TAIL_RUN", "false"),
                ("GALLEY_OUTPUT__EPUB", "{}"),
                ("GALLEY_DEBUG_LAYOUT", "1"),
                ("SOURCE_DATE_EPOCH", "0"),
            ],
        )
        .unwrap();
        assert_eq!(c.book.title, "Morning");
        assert_eq!(c.book.authors, ["Desk", "Ana"]);
        assert_eq!(c.build.build_dir, PathBuf::from("out"));
        assert_eq!(c.build.max_input_size, Some(1 << 20));
        assert!(!c.normalize.tail_run && c.normalize.promos);
        assert_eq!(c.formats(), ["epub", "pdf"]);
        let pdf = c.output("pdf").unwrap().options.clone();
        assert_eq!(
            pdf.get::<crate::render::pdf::style::PdfOptions>()
                .and_then(|o| o.paper),
            Some(crate::render::pdf::style::Paper::Letter)
        );
        assert!(c.env_notes.is_empty());
        // A missing required key can come from the environment alone.
        let c = parse_env("[book]\nsrc = 'a'\n", &[("GALLEY_BOOK__TITLE", "Env")]).unwrap();
        assert_eq!(c.book.title, "Env");
        let c = parse_env("", &[("GALLEY_BOOK", "{ title = 'Whole' }")]).unwrap();
        assert_eq!(c.book.title, "Whole");
        let c = parse_env(
            "[book]\ntitle = 'x'\n[[section]]\ntitle = 'Old'\n",
            &[(
                "GALLEY_SECTION",
                "[{ title = 'Port', articles = ['a.txt'] }]",
            )],
        )
        .unwrap();
        assert_eq!(c.sections.len(), 1);
        assert_eq!(
            (
                c.sections[0].title.as_str(),
                c.sections[0].articles.as_slice()
            ),
            ("Port", &["a.txt".to_string()][..])
        );
    }

    #[test]
    fn env_values_are_typed_and_bare_strings_stay_strings() {
        let c = parse_env(
            BOOK,
            &[
                ("GALLEY_BOOK__TITLE", "1984"),
                ("GALLEY_BOOK__SUBTITLE", "true"),
                ("GALLEY_BOOK__DATE", "2024-04-02"),
                ("GALLEY_BOOK__DESCRIPTION", r#""quoted""#),
            ],
        )
        .unwrap();
        assert_eq!(c.book.title, "1984");
        assert_eq!(c.book.subtitle.as_deref(), Some("true"));
        assert_eq!(c.book.date.as_deref(), Some("2024-04-02"));
        assert_eq!(c.book.description.as_deref(), Some("quoted"));
        let e = parse_env(BOOK, &[("GALLEY_BUILD__ALLOW_OUTSIDE", "yes")])
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "GALLEY_BUILD__ALLOW_OUTSIDE: invalid type: string \"yes\", expected a boolean"
        );
        // A TOML string where a table is expected stays that string.
        let e = parse_env(BOOK, &[("GALLEY_BOOK", "\"x\"")])
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "GALLEY_BOOK: invalid type: string \"x\", expected struct BookTable"
        );
        let e = parse_env(BOOK, &[("GALLEY_OUTPUT__PDF__PAPER", "leter")])
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "GALLEY_OUTPUT__PDF__PAPER: unknown value `leter` in [output.pdf]; did you mean `letter`?"
        );
        let e = parse_env(BOOK, &[("GALLEY_BOOK__DATE", "soon")])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("GALLEY_BOOK__DATE: ") && e.contains("not a date"),
            "{e}"
        );
    }

    #[test]
    fn env_errors_name_the_variable_with_a_suggestion() {
        let e = parse_env(BOOK, &[("GALLEY_BOOK__TITEL", "x")])
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "GALLEY_BOOK__TITEL: unknown key `titel` in [book]; did you mean `title`?"
        );
        let e = parse_env(BOOK, &[("GALLEY_BUILD__BUILDDIR", "x")])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("GALLEY_BUILD__BUILDDIR: unknown key `builddir` in [build]")
                && e.contains("did you mean `build-dir`?"),
            "{e}"
        );
        let e = parse_env(BOOK, &[("GALLEY_NORMALIZE__TAILRUN", "false")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean `tail-run`?"), "{e}");
        let e = parse_env(BOOK, &[("GALLEY_OUTPUT__EPBU__COVER", "c.png")])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("GALLEY_OUTPUT__EPBU__COVER: unknown output format `epbu`")
                && e.contains("did you mean `epub`?"),
            "{e}"
        );
        let e = parse_env(BOOK, &[("GALLEY_OUTPUT__PDF__PAPR", "a4")])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("GALLEY_OUTPUT__PDF__PAPR: unknown key `papr` in [output.pdf]")
                && e.contains("did you mean `paper`?"),
            "{e}"
        );
        // Checks after deserializing name the variable too.
        let e = parse_env(BOOK, &[("GALLEY_BOOK__TITLE", "")])
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "GALLEY_BOOK__TITLE: [book] title is empty; give the book a title"
        );
        let e = parse_env(BOOK, &[("GALLEY_BOOK__LANGUAGE", "english")])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("GALLEY_BOOK__LANGUAGE: ") && e.contains("did you mean \"en\"?"),
            "{e}"
        );
        let e = parse_env(BOOK, &[("GALLEY_NORMALIZE__REMOVE", "['(']")])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("GALLEY_NORMALIZE__REMOVE: ") && e.contains("bad pattern"),
            "{e}"
        );
        // A key in a table the file has as something else.
        let e = parse_env(
            "[book]\ntitle = 'x'\n[[section]]\ntitle = 's'\n",
            &[("GALLEY_SECTION__TITLE", "y")],
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("GALLEY_SECTION__TITLE: [[section]] is a list"),
            "{e}"
        );
        let e = parse_env(BOOK, &[("GALLEY_BOOK__TITLE__MAIN", "y")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("`book.title` is a string"), "{e}");
    }

    #[test]
    fn file_errors_keep_their_lines_with_env_set() {
        let e = parse_env(
            "[book]\ntitle = \"x\"\nautors = [\"a\"]\n",
            &[("GALLEY_BOOK__SUBTITLE", "s")],
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "book.toml:3: unknown key `autors` in [book]; did you mean `authors`?"
        );
        // The file's empty title is fixed by the variable; the variable's
        // typo is not blamed on the file.
        assert!(parse_env("[book]\ntitle = ''\n", &[("GALLEY_BOOK__TITLE", "x")]).is_ok());
        let e = parse_env("[book]\ntitle = ''\n", &[("GALLEY_BOOK__SUBTITLE", "x")])
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("book.toml:2: "), "{e}");
        // Misspelt variables are notes, not settings.
        let c = parse_env(BOOK, &[("GALLEY_BOK__TITLE", "x")]).unwrap();
        assert_eq!(c.book.title, "File");
        assert_eq!(c.env_notes.len(), 1);
    }

    #[test]
    fn env_tables_are_the_tables_of_book_toml() {
        // Every top-level key of BookConfig is in env::TABLES and back.
        let e = parse("[book]\ntitle = 'x'\n[zzzzzzzz]\n")
            .unwrap_err()
            .to_string();
        let known = e.split("known keys: ").nth(1).unwrap_or_default();
        let mut known: Vec<&str> = known.split(", ").collect();
        known.sort();
        let mut tables = env::TABLES.to_vec();
        tables.sort();
        assert_eq!(known, tables, "{e}");
    }
}
