//! The presentation model: what a reader sees around an article, worked out
//! once. Every backend's article header (the HTML template, the EPUB chapter
//! template, the PDF typesetter) reads an [`ArticleView`], so the same fields
//! appear in every format: display title, standfirst, byline, dateline,
//! date, source, original URL and credits.

use crate::model::{Article, Meta, safe_url};
use crate::theme::Strings;
use serde::Serialize;

/// One article as readers see it. Text fields are `None` when the article
/// has no such field or it is blank; text is as the model holds it
/// (backends trim where their layout needs it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleView {
    /// The title to show: the article's title, or its id when it has none
    /// (the one fallback rule, [`Article::display_title`]).
    pub title: String,
    /// Standfirst.
    pub subtitle: Option<String>,
    /// Authors as one phrase in the article's language: `Jane Roe`, `Jane
    /// Roe and John Doe`, `A, B and C`, `أحمد وسارة`.
    pub byline: Option<String>,
    /// The byline's words before the names (`By `, `文・`), and after them
    /// (` 기자`), from the theme string `by`.
    pub by_before: String,
    /// See `by_before`.
    pub by_after: String,
    /// The whole byline as one text: `By Jane Roe`, `홍길동 기자`.
    pub by_line: Option<String>,
    /// Dateline place (`GENEVA`).
    pub dateline: Option<String>,
    /// The date as readers of the article's language see it (`2 April
    /// 2024`, `2. April 2024`, `2024年4月2日`), else the text as written.
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
    /// `rtl` when the article's language is written right to left, else
    /// `ltr` (an article of unknown language: `ltr`).
    pub dir: &'static str,
}

fn nonblank(s: &Option<String>) -> Option<String> {
    s.clone().filter(|s| !s.trim().is_empty())
}

impl ArticleView {
    /// The view of `article`, its words (byline, date) from the built-in
    /// strings of its language.
    pub fn of(article: &Article) -> Self {
        ArticleView {
            title: article.display_title(),
            ..ArticleView::of_meta(&article.doc.meta)
        }
    }

    /// The view of `article` with its words from `strings` (the theme's
    /// strings for the article's language).
    pub fn localized(article: &Article, strings: &Strings) -> Self {
        ArticleView {
            title: article.display_title(),
            ..ArticleView::of_meta_with(&article.doc.meta, strings)
        }
    }

    /// The view of an article's metadata, titled by its title (empty when
    /// it has none), in the built-in strings of its language.
    pub fn of_meta(m: &Meta) -> Self {
        let lang = m.language.as_deref().and_then(crate::model::language_tag);
        let strings = Strings::load(None, lang.as_deref().unwrap_or("en")).unwrap_or_default();
        ArticleView::of_meta_with(m, &strings)
    }

    /// [`ArticleView::of_meta`] with the words from `strings`.
    pub fn of_meta_with(m: &Meta, strings: &Strings) -> Self {
        let date = m.date.as_ref().filter(|d| !d.is_blank());
        let language = m.language.as_deref().and_then(crate::model::language_tag);
        let names: Vec<&str> = m
            .authors
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let byline = strings.names(&names);
        let (by_before, by_after) = strings.by_parts();
        ArticleView {
            title: m.title.clone().unwrap_or_default(),
            subtitle: nonblank(&m.subtitle),
            by_line: byline.as_deref().map(|n| strings.byline(n)),
            byline,
            by_before,
            by_after,
            dateline: nonblank(&m.dateline),
            date: date.map(|d| super::dates::display(d, strings)),
            date_iso: date.and_then(|d| d.iso()),
            source: nonblank(&m.source),
            url: m.url.as_deref().and_then(safe_url).map(str::to_string),
            credits: nonblank(&m.credits),
            dir: crate::model::lang::direction(language.as_deref().unwrap_or("en")),
            language,
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
