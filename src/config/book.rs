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

use super::toml_error;
use crate::error::{Error, Result};
use crate::model::BookMeta;
use crate::normalize::NormalizeConfig;
use crate::render::formats::{self, Format, Options};
use serde::{Deserialize, Deserializer};
use std::path::{Path, PathBuf};

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
        let mut cfg: BookConfig = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
        cfg.outputs = output_tables(text, path)?;
        let err = |key: &str, message: String| Error::Config {
            path: path.to_path_buf(),
            line: find_key_line(text, key),
            message,
        };
        if cfg.book.title.trim().is_empty() {
            return Err(err(
                "title",
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
                "language",
                format!(
                    "[book] language {l:?} is not a BCP 47 language tag like \"en\" or \"pt-BR\"{hint}"
                ),
            ));
        }
        if cfg.book.src.is_some() && cfg.book.articles.is_some() {
            return Err(err(
                "articles",
                "[book] has both `src` and `articles`; use one of them".into(),
            ));
        }
        for s in &cfg.sections {
            if s.title.trim().is_empty() {
                return Err(err("title", "a [[section]] has an empty title".into()));
            }
        }
        for p in cfg.normalize.remove.iter().chain(&cfg.normalize.keep) {
            if let Err(e) = crate::normalize::check_pattern(p) {
                return Err(err(
                    if cfg.normalize.remove.contains(p) {
                        "remove"
                    } else {
                        "keep"
                    },
                    format!("[normalize] bad pattern {p:?}: {e}"),
                ));
            }
        }
        Ok(cfg)
    }

    /// Reads and parses the `book.toml` at `path`.
    pub fn load(path: &Path) -> Result<Self> {
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
        Self::parse(&text, path)
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

/// The `[output.NAME]` tables of `text`, each deserialized by its format
/// from the document's own parse (so errors carry the line), in the
/// registry's order. A name the registry lacks is an error.
fn output_tables(text: &str, path: &Path) -> Result<Vec<OutputTable>> {
    let doc = toml::de::DeTable::parse(text).map_err(|e| toml_error(path, text, &e))?;
    let Some(tables) = doc
        .get_ref()
        .iter()
        .find(|(k, _)| k.get_ref() == "output")
        .and_then(|(_, v)| v.get_ref().as_table())
    else {
        return Ok(Vec::new());
    };
    for (name, _) in tables.iter() {
        if formats::find(name.get_ref()).is_none_or(|f| f.name != name.get_ref()) {
            let known = formats::names();
            let mut message = format!(
                "unknown output format `{}` in [output.{}]",
                name.get_ref(),
                name.get_ref()
            );
            match super::closest(name.get_ref(), &known) {
                Some(k) => message.push_str(&format!("; did you mean `{k}`?")),
                None => message.push_str(&format!("; this galley builds {}", known.join(", "))),
            }
            return Err(Error::Config {
                path: path.to_path_buf(),
                line: Some(super::line_of(text, name.span().start)),
                message,
            });
        }
    }
    let mut out = Vec::new();
    for format in formats::FORMATS {
        let Some((_, value)) = tables.iter().find(|(k, _)| k.get_ref() == format.name) else {
            continue;
        };
        let options = format
            .parse_options(toml::de::ValueDeserializer::from(value.clone()))
            .map_err(|e| toml_error(path, text, &e))?;
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
}
