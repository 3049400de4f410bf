//! A Book: book metadata plus articles, optionally grouped in titled sections.

use super::Document;
use serde::{Deserialize, Serialize};

/// Metadata of a whole book (from `book.toml` `[book]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct BookMeta {
    /// Book title.
    pub title: String,
    /// Subtitle, e.g. `Week 14`.
    pub subtitle: Option<String>,
    /// Editors / authors.
    pub authors: Vec<String>,
    /// BCP 47 language, default `en`.
    pub language: String,
    /// Date of the issue, ISO 8601 (`2024-04-02`).
    pub date: Option<super::Date>,
    /// One-paragraph description.
    pub description: Option<String>,
}

/// One article of a book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Article {
    /// Stable slug used for file names and anchors (`rafah-talks`), unique in the book.
    pub id: String,
    /// The input path, as given (for messages).
    pub source_path: String,
    /// The normalized document.
    pub doc: Document,
}

impl BookMeta {
    /// Book metadata with `title`, language `en`, nothing else (set the
    /// other fields after).
    pub fn new(title: impl Into<String>) -> Self {
        BookMeta {
            title: title.into(),
            language: "en".into(),
            ..BookMeta::default()
        }
    }
}

impl Article {
    /// An article: its slug, its input path (for messages), its document.
    pub fn new(id: impl Into<String>, source_path: impl Into<String>, doc: Document) -> Self {
        Article {
            id: id.into(),
            source_path: source_path.into(),
            doc,
        }
    }

    /// The title to show: the article's title, or its id when it has none.
    pub fn display_title(&self) -> String {
        self.doc
            .meta
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| self.id.clone())
    }
}

/// A titled group of articles. A book without `[[section]]` has one untitled section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Section {
    /// Section title; `None` for the implicit single section.
    pub title: Option<String>,
    /// Articles in reading order.
    pub articles: Vec<Article>,
}

/// A book: metadata plus sections of articles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Book {
    /// Book metadata.
    pub meta: BookMeta,
    /// Sections in order.
    pub sections: Vec<Section>,
}

impl Section {
    /// A section: its title (`None` for the implicit one) and articles.
    pub fn new(title: Option<String>, articles: Vec<Article>) -> Self {
        Section { title, articles }
    }
}

impl Book {
    /// A book of `meta` and `sections`.
    pub fn new(meta: BookMeta, sections: Vec<Section>) -> Self {
        Book { meta, sections }
    }

    /// All articles in reading order.
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.sections.iter().flat_map(|s| s.articles.iter())
    }

    /// A one-article book for single-document backends.
    pub fn single(id: &str, doc: Document) -> Self {
        let meta = BookMeta {
            title: doc.meta.title.clone().unwrap_or_default(),
            subtitle: doc.meta.subtitle.clone(),
            authors: doc.meta.authors.clone(),
            language: doc.meta.language.clone().unwrap_or_else(|| "en".into()),
            date: doc.meta.date.clone(),
            description: doc.meta.subtitle.clone(),
        };
        Book {
            meta,
            sections: vec![Section {
                title: None,
                articles: vec![Article {
                    id: id.to_string(),
                    source_path: id.to_string(),
                    doc,
                }],
            }],
        }
    }
}
