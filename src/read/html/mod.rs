//! Saved web pages: find the article in an HTML page, read its metadata, and
//! hand the normalizer a [`Draft`] like any other reader.
//!
//! 1. [`decode`]: bytes -> text (BOM, declared charset, UTF-8, guess).
//! 2. [`prescan`]: script and style contents cut before parsing (speed).
//! 3. [`dom`]: html5ever through scraper's tree, flattened into a pre-order
//!    index with source lines; every walk is iterative.
//! 4. [`meta`]: JSON-LD, Open Graph, meta tags, `<time>`, `<title>`...
//! 5. [`extract`]: content scoring picks the article; junk inside is dropped.
//! 6. [`build`]: the article subtree -> model blocks and inlines.
//!
//! Provenance and drops are [`Finding`]s: pass `html` for metadata
//! (`meta:title<-og:title`), pass `extract` for what was dropped and why
//! (`nav`, `share`, `related`, `newsletter`, `comments`, `ad`, `hidden`,
//! `low-score`, ...).

use super::Draft;
#[cfg(test)]
use super::Item;
use crate::error::{Error, Result};
use crate::model::{Block, Meta, block_text};
use crate::text::{Action, Finding};
use std::path::Path;
use url::Url;

pub mod build;
pub mod decode;
pub mod dom;
pub mod extract;
pub mod meta;
mod notes;
pub mod prescan;
mod tables;

use dom::{Dom, NodeKind};

/// A read page: the draft plus what the reader found (metadata provenance,
/// dropped page parts), as report findings.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The article, for the normalizer.
    pub draft: Draft,
    /// Findings for the report.
    pub findings: Vec<Finding>,
}

fn finding(pass: &'static str, rule: String, action: Action, line: usize, text: String) -> Finding {
    Finding {
        pass,
        rule,
        action,
        line,
        text,
        reason: String::new(),
    }
}

pub use super::looks_like_html as sniff;

/// Decodes and reads a page; returns it and warnings.
pub fn read_bytes(bytes: &[u8], name: &Path) -> Result<(Page, Vec<String>)> {
    let (text, warnings) = decode::decode(bytes, name)?;
    let page = read(&text);
    if page.draft.items.is_empty() && page.draft.meta.title.is_none() {
        return Err(Error::input(name, "no article text found in the page"));
    }
    Ok((page, warnings))
}

fn pick<'a>(found: &'a meta::Found, field: &str) -> Option<&'a meta::Signal> {
    found
        .signals
        .iter()
        .filter(|s| s.field == field)
        .min_by_key(|s| s.rank)
}

/// Reads decoded page text.
pub fn read(text: &str) -> Page {
    let elided = prescan::elide(text);
    let dom = Dom::parse(&elided);
    let found = meta::collect(&dom);
    let mut findings = Vec::new();
    let mut m = Meta::default();
    let lift = |field: &str, findings: &mut Vec<Finding>| -> Option<String> {
        let s = pick(&found, field)?;
        findings.push(finding(
            "html",
            format!("meta:{field}<-{}", s.source),
            Action::Lifted,
            s.line,
            s.value.clone(),
        ));
        Some(s.value.clone())
    };
    m.title = lift("title", &mut findings);
    m.subtitle = lift("subtitle", &mut findings);
    m.authors = lift("authors", &mut findings)
        .map(|a| meta::split_authors(&a))
        .unwrap_or_default();
    m.source = lift("source", &mut findings);
    m.date = lift("date", &mut findings).map(crate::model::Date::parse);
    m.url = lift("url", &mut findings);
    // The declared language, as a tag (a name such as `English` read as the
    // tag it names), with where it came from.
    let lang_from = pick(&found, "language").map(|s| meta::language_source(&s.source));
    m.language = lift("language", &mut findings)
        .map(|l| meta::norm_lang(&l))
        .and_then(|l| {
            crate::model::language_tag(&l).or_else(|| crate::model::lang::suggest_tag(&l))
        });
    m.language_source = m.language.as_ref().and(lang_from);
    // Links are made absolute against <base href>, else the page's own URL.
    let page_url = m.url.as_deref().and_then(|u| Url::parse(u).ok());
    let base = match found.base.as_deref() {
        Some(b) => match &page_url {
            Some(p) => p.join(b).ok(),
            None => Url::parse(b).ok(),
        },
        None => page_url.clone(),
    }
    .filter(|u| matches!(u.scheme(), "http" | "https"));
    m.url = m
        .url
        .and_then(|u| crate::model::safe_url(&u).map(str::to_string));

    let ex = extract::extract(&dom);
    if m.authors.is_empty()
        && let Some((text, node)) = &ex.byline
    {
        let authors = meta::split_authors(text);
        if !authors.is_empty() && authors.iter().all(|a| a.split_whitespace().count() <= 5) {
            findings.push(finding(
                "html",
                "meta:authors<-page-byline".into(),
                Action::Lifted,
                dom.line(*node),
                text.clone(),
            ));
            m.authors = authors;
        }
    }
    let (items, dropped) = build::build(&dom, &ex, base.as_ref(), m.title.as_deref());
    for (rule, line, text) in dropped
        .into_iter()
        .chain(outside(&dom, &ex, m.title.as_deref()))
    {
        findings.push(finding("extract", rule, Action::Removed, line, text));
    }
    // A description that only repeats the first paragraph is no standfirst.
    if let (Some(sub), Some(first)) = (
        &m.subtitle,
        items
            .iter()
            .find(|i| matches!(i.block, Block::Paragraph { .. })),
    ) {
        let f = block_text(&first.block);
        let key: String = sub.chars().take(60).collect();
        let key = key.trim_end_matches(['.', '…']).trim();
        if f.starts_with(key) || sub.chars().count() > 400 {
            m.subtitle = None;
        }
    }
    findings.sort_by_key(|f| f.line);
    let mut draft = Draft {
        meta: m,
        items,
        plain: false,
        authored: false,
        tail_cut: false,
    };
    crate::read::detect::settle(&mut draft);
    Page { draft, findings }
}

/// The page parts outside the article, as (reason, line, text).
fn outside(dom: &Dom, ex: &extract::Extraction, title: Option<&str>) -> Vec<build::Dropped> {
    let key = crate::text::key;
    let title_key = title.map(key).filter(|k| !k.is_empty());
    let n = dom.len();
    let mut anc = vec![false; n];
    for &r in &ex.roots {
        let mut p = dom.parent(r);
        while p != dom::NONE && !anc[p as usize] {
            anc[p as usize] = true;
            p = dom.parent(p);
        }
    }
    let start = dom.first("body").unwrap_or(0);
    let end = dom.end(start);
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        let iu = i as usize;
        if ex.roots.contains(&i) {
            i = dom.end(i).max(i + 1);
            continue;
        }
        if anc[iu] || i == start {
            i += 1;
            continue;
        }
        let reason = ex.dropped.get(iu).copied().flatten();
        let reason = match reason {
            Some("script" | "head" | "empty" | "embed") => None,
            Some(r) => Some(r),
            None => match dom.nodes[iu].kind {
                NodeKind::Element(_) | NodeKind::Text => Some("low-score"),
                NodeKind::Other => None,
            },
        };
        if let Some(r) = reason {
            let text = dom.collapsed_text(i, 300);
            if !text.is_empty() {
                let text: String = text.chars().take(300).collect();
                let r = if title_key.as_deref() == Some(key(&text).as_str()) {
                    "title"
                } else {
                    r
                };
                out.push((r.to_string(), dom.line(i), text));
            }
        }
        i = dom.end(i).max(i + 1);
    }
    out
}

/// Reads a page straight into a draft (findings dropped).
pub fn read_draft(text: &str) -> Draft {
    read(text).draft
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Inline, block_text};

    const FERRY: &str = include_str!("../../../tests/fixtures/html/harbour-ferry.html");

    fn texts(items: &[Item]) -> Vec<String> {
        items.iter().map(|i| block_text(&i.block)).collect()
    }

    #[test]
    fn finds_the_article_and_drops_the_rest() {
        let page = read(FERRY);
        let t = texts(&page.draft.items).join("\n");
        assert!(
            t.starts_with("The harbour council voted on Tuesday night"),
            "{t}"
        );
        assert!(t.contains("What happens next"));
        assert!(t.contains("The last crossing will leave"));
        assert!(t.ends_with("whatever the result of the trial."), "{t}");
        for junk in [
            "Facebook",
            "Bridge repairs",
            "Sign up for our morning",
            "About time",
            "All rights reserved",
            "Home",
            "cookies",
            "tracking pixel",
            "By Ana Lima",
            "Photo: Harbour Post",
        ] {
            assert!(!t.contains(junk), "{junk} survived: {t}");
        }
        assert!(!page.draft.plain);
    }

    #[test]
    fn metadata_from_the_best_signal_with_provenance() {
        let page = read(FERRY);
        let m = &page.draft.meta;
        assert_eq!(
            m.title.as_deref(),
            Some("Harbour council approves night ferry")
        );
        assert_eq!(m.authors, ["Ana Lima", "Tom Berg"]);
        assert_eq!(m.source.as_deref(), Some("The Harbour Post"));
        assert_eq!(
            m.date.as_ref().map(crate::model::Date::text),
            Some("2024-04-02T09:30:00Z")
        );
        assert_eq!(
            m.url.as_deref(),
            Some("https://harbourpost.example/news/2024/night-ferry")
        );
        assert_eq!(m.language.as_deref(), Some("en-GB"));
        assert_eq!(
            m.subtitle.as_deref(),
            Some("Councillors voted nine to four for a trial service across the bay.")
        );
        let rules: Vec<&str> = page
            .findings
            .iter()
            .filter(|f| f.pass == "html")
            .map(|f| f.rule.as_str())
            .collect();
        assert!(rules.contains(&"meta:title<-json-ld:headline"), "{rules:?}");
        assert!(
            rules.contains(&"meta:source<-json-ld:publisher"),
            "{rules:?}"
        );
        assert!(rules.contains(&"meta:url<-link:canonical"), "{rules:?}");
    }

    #[test]
    fn drops_are_reported_by_reason_with_lines() {
        let page = read(FERRY);
        let by = |r: &str| {
            page.findings
                .iter()
                .filter(|f| f.pass == "extract" && f.rule == r)
                .count()
        };
        for r in [
            "nav",
            "share",
            "related",
            "newsletter",
            "comments",
            "credit",
        ] {
            assert!(by(r) >= 1, "no {r} finding: {:#?}", page.findings);
        }
        let share = page
            .findings
            .iter()
            .find(|f| f.rule == "share")
            .map(|f| f.line);
        assert_eq!(share, Some(27));
        assert!(page.findings.iter().all(|f| !f.text.contains("tracker")));
    }

    #[test]
    fn links_are_absolute_and_figures_kept() {
        let page = read(FERRY);
        let first = &page.draft.items[0].block;
        let Block::Paragraph { content } = first else {
            panic!("{first:?}")
        };
        let link = content.iter().find_map(|i| match i {
            Inline::Link { url, .. } => Some(url.clone()),
            _ => None,
        });
        assert_eq!(
            link.as_deref(),
            Some("https://harbourpost.example/news/2023/ferry-study")
        );
        let fig = page.draft.items.iter().find_map(|i| match &i.block {
            Block::Figure { src, caption, .. } => {
                Some((src.clone(), crate::model::inline_text(caption)))
            }
            _ => None,
        });
        let (src, cap) = fig.unwrap_or_default();
        assert_eq!(src, "https://harbourpost.example/img/ferry.jpg");
        assert!(cap.starts_with("The old ferry, which last sailed"));
    }

    #[test]
    fn sniffing() {
        assert!(sniff(b"  <!DOCTYPE html><html>"));
        assert!(sniff(b"\xef\xbb\xbf<html lang=en>"));
        assert!(!sniff(b"A headline\n\nBy Ana Lima"));
    }

    #[test]
    fn div_and_br_bodies_become_paragraphs() {
        let page = read(
            "<html><body><div class=post-body>First paragraph of a post written the old way, with line breaks only, and long enough to count as text.<br><br>Second paragraph, also long enough to be scored as real article text by the extractor.<br>Same paragraph, new line.</div></body></html>",
        );
        let t = texts(&page.draft.items);
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[1].starts_with("Second paragraph"));
    }
}
