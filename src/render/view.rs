//! The presentation model: what a reader sees around an article, worked out
//! once. Every backend's article header (the HTML template, the EPUB chapter
//! template, the PDF typesetter) reads an [`ArticleView`], so the same fields
//! appear in every format: display title, standfirst, byline, dateline,
//! date, source, original URL and credits.

use crate::model::{Article, Meta, safe_url};
use serde::Serialize;

/// One article as readers see it. Text fields are `None` when the article
/// has no such field or it is blank; text is as the model holds it
/// (backends trim where their layout needs it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ArticleView {
    /// The title to show: the article's title, or its id when it has none
    /// (the one fallback rule, [`Article::display_title`]).
    pub title: String,
    /// Standfirst.
    pub subtitle: Option<String>,
    /// Authors as one phrase: `Jane Roe`, `Jane Roe and John Doe`, `A, B and C`.
    pub byline: Option<String>,
    /// Dateline place (`GENEVA`).
    pub dateline: Option<String>,
    /// The date as readers see it (`2 April 2024`, else the text as written).
    pub date: Option<String>,
    /// The date as `YYYY-MM-DD` when a day is known (`datetime` attributes).
    pub date_iso: Option<String>,
    /// The publication.
    pub source: Option<String>,
    /// The original article's address, when it passes [`safe_url`]; each
    /// backend keeps only what its format can link to.
    pub url: Option<String>,
    /// Production credits.
    pub credits: Option<String>,
    /// The article's own language tag, when it has a well-formed one.
    pub language: Option<String>,
}

fn nonblank(s: &Option<String>) -> Option<String> {
    s.clone().filter(|s| !s.trim().is_empty())
}

impl ArticleView {
    /// The view of `article`.
    pub fn of(article: &Article) -> Self {
        ArticleView {
            title: article.display_title(),
            ..ArticleView::of_meta(&article.doc.meta)
        }
    }

    /// The view of an article's metadata, titled by its title (empty when
    /// it has none).
    pub fn of_meta(m: &Meta) -> Self {
        let date = m.date.as_ref().filter(|d| !d.is_blank());
        ArticleView {
            title: m.title.clone().unwrap_or_default(),
            subtitle: nonblank(&m.subtitle),
            byline: byline(&m.authors),
            dateline: nonblank(&m.dateline),
            date: date.map(|d| d.human()),
            date_iso: date.and_then(|d| d.iso()),
            source: nonblank(&m.source),
            url: m.url.as_deref().and_then(safe_url).map(str::to_string),
            credits: nonblank(&m.credits),
            language: m.language.as_deref().and_then(crate::model::language_tag),
        }
    }
}

/// Names as one phrase: `Jane Roe`, `Jane Roe and John Doe`, `A, B and C`;
/// blank names are left out; `None` when no name is left.
pub fn byline(authors: &[String]) -> Option<String> {
    let names: Vec<&str> = authors
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    match names.len() {
        0 => None,
        1 => Some(names[0].to_string()),
        n => Some(format!(
            "{} and {}",
            names[..n - 1].join(", "),
            names[n - 1]
        )),
    }
}
