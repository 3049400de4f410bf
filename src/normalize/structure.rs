//! Structure from the head of scraped text: the first line is the title; a
//! standfirst between the title and a byline is the subtitle; `By NAME[, NAME
//! and NAME][, SOURCE]` gives authors and source; a date line gives the date;
//! `Reporting by …; Editing by …` is production credits (metadata, not junk).
//! A first body paragraph that repeats the title is dropped.

use super::{Action, Context, Pass, Report};
use crate::model::{Block, inline_text};
use crate::read::{Draft, Item};
use regex::Regex;
use std::sync::LazyLock;

/// The structure pass.
pub struct Structure;

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap_or_else(|_| Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!()))
}

/// One name: capitalised words, initials, particles (`de`, `van`), hyphens.
const NAME: &str = r"(?:\p{Lu}[\p{L}'’.-]*\.?)(?:\s+(?:(?:de|da|del|der|den|van|von|bin|al|el|la|le|du|dos|di)\s+)?\p{Lu}[\p{L}'’.-]*\.?){0,4}";

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(?i:by|von|par|por|de|door|af|di)\s+(?P<rest>{NAME}(?:\s*(?:,|\band\b|&|\bund\b|\bet\b|\by\b|\be\b)\s*(?:{NAME}))*)(?:\s*(?:,|\||–|—|-|\bfor\b|\bin\b)\s*(?P<src>[\p{{L}}0-9][\p{{L}}0-9 .&'’!-]{{0,60}}))?\.?$"
    ))
});
static SPLITTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"\s*(?:,|\band\b|&|\bund\b|\bet\b|\by\b|\be\b)\s*"));
static AND: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:and|und|et|y|e)\b|&"));
static CREDITS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^\(?(?:Reporting|Additional reporting|Writing|Editing|Compiled) by [^\n]{2,200}?\)?$")
});
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:published|updated|posted|last updated|first published|date)\s*:?\s*(?:on\s+)?)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4})(?:\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?(?:\s*[A-Z]{2,4})?)?\.?$",
    )
});
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?P<place>\p{Lu}[\p{Lu} .,'-]{2,40}?)\s*(?:\((?:[A-Za-z .]{2,30})\))?\s*[–—-]{1,2}\s+\S")
});

fn para_text(item: &Item) -> Option<String> {
    match &item.block {
        Block::Paragraph { content } => Some(inline_text(content).trim().to_string()),
        Block::Heading { content, .. } => Some(inline_text(content).trim().to_string()),
        _ => None,
    }
}

/// Parses a byline into (authors, source).
pub fn parse_byline(text: &str) -> Option<(Vec<String>, Option<String>)> {
    if text.chars().count() > 140 {
        return None;
    }
    let caps = BYLINE.captures(text)?;
    let rest = caps.name("rest")?.as_str();
    let mut src = caps.name("src").map(|m| m.as_str().trim().to_string());
    let mut parts: Vec<String> = Vec::new();
    let has_and = AND.is_match(rest);
    for p in SPLITTER.split(rest) {
        let p = p.trim();
        if !p.is_empty() {
            parts.push(p.to_string());
        }
    }
    // `By Jane Roe, Harbour Post`: with no `and`, a second comma part is the
    // source; `By A and B, Harbour Post`: a comma part after the `and` is too.
    let comma_parts: Vec<&str> = rest.split(',').map(str::trim).collect();
    if src.is_none() && comma_parts.len() >= 2 {
        let last = comma_parts[comma_parts.len() - 1];
        let and_before_last = comma_parts[..comma_parts.len() - 1]
            .iter()
            .any(|p| AND.is_match(p));
        if (!has_and && parts.len() == 2) || and_before_last {
            src = Some(last.to_string());
            parts.pop();
        }
    }
    if parts.is_empty() || parts.iter().any(|p| p.split_whitespace().count() > 5) {
        return None;
    }
    Some((parts, src.filter(|s| !s.is_empty())))
}

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

impl Pass for Structure {
    fn name(&self) -> &'static str {
        "structure"
    }

    fn run(&self, draft: &mut Draft, _cx: &Context, report: &mut Report) {
        let n = "structure";
        // Title: first line of plain text, or a leading level-1 heading.
        if draft.meta.title.is_none()
            && let Some(first) = draft.items.first()
        {
            let is_h1 = matches!(first.block, Block::Heading { level: 1, .. });
            if let Some(t) = para_text(first)
                && (draft.plain || is_h1)
                && !t.is_empty()
                && t.chars().count() <= 300
            {
                report.add(n, "title", Action::Lifted, first.line, t.clone());
                draft.meta.title = Some(t);
                draft.items.remove(0);
            }
        }
        drop_title_repeats(draft, report);
        // Head of the article: byline, standfirst, date within the first blocks.
        let head = draft.items.len().min(6);
        let mut byline_at = None;
        for k in 0..head {
            if let Some(t) = para_text(&draft.items[k])
                && let Some((authors, src)) = parse_byline(&t)
            {
                if draft.meta.authors.is_empty() {
                    byline_at = Some((k, authors, src, t));
                }
                break;
            }
        }
        let mut remove = Vec::new();
        if let Some((k, authors, src, text)) = byline_at {
            report.add(n, "byline", Action::Lifted, draft.items[k].line, text);
            draft.meta.authors = authors;
            if draft.meta.source.is_none() {
                draft.meta.source = src;
            }
            remove.push(k);
            // The standfirst: one short block between the title and the byline.
            if k == 1
                && draft.meta.subtitle.is_none()
                && let Some(t) = para_text(&draft.items[0])
            {
                let words = t.split_whitespace().count();
                if (4..=70).contains(&words) && !DATE_LINE.is_match(&t) {
                    report.add(
                        n,
                        "standfirst",
                        Action::Lifted,
                        draft.items[0].line,
                        t.clone(),
                    );
                    draft.meta.subtitle = Some(t);
                    remove.push(0);
                }
            }
        }
        if draft.meta.date.is_none() {
            for k in 0..head {
                if remove.contains(&k) {
                    continue;
                }
                if let Some(t) = para_text(&draft.items[k])
                    && t.chars().count() <= 80
                    && DATE_LINE.is_match(&t)
                {
                    report.add(n, "date", Action::Lifted, draft.items[k].line, t.clone());
                    let value = t
                        .split_once(':')
                        .filter(|(label, _)| label.chars().all(|c| c.is_alphabetic() || c == ' '))
                        .map(|(_, v)| v.trim().to_string())
                        .unwrap_or(t);
                    draft.meta.date = Some(value);
                    remove.push(k);
                    break;
                }
            }
        }
        // Dateline: recorded, text kept (it is part of the first sentence).
        if draft.meta.dateline.is_none()
            && let Some(t) = draft
                .items
                .iter()
                .enumerate()
                .take(head + 2)
                .find(|(k, _)| !remove.contains(k))
                .and_then(|(_, i)| para_text(i))
            && let Some(c) = DATELINE.captures(&t)
            && let Some(p) = c.name("place")
        {
            let place = p.as_str().trim().trim_end_matches(',').to_string();
            if place.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                draft.meta.dateline = Some(place);
            }
        }
        // Production credits anywhere: metadata.
        for (k, item) in draft.items.iter().enumerate() {
            if let Some(t) = para_text(item)
                && CREDITS_LINE.is_match(&t)
            {
                report.add(n, "credits", Action::Lifted, item.line, t.clone());
                let t = t.trim_start_matches('(').trim_end_matches(')').to_string();
                draft.meta.credits = Some(match draft.meta.credits.take() {
                    Some(prev) => format!("{prev}; {t}"),
                    None => t,
                });
                remove.push(k);
            }
        }
        remove.sort_unstable();
        remove.dedup();
        for k in remove.into_iter().rev() {
            draft.items.remove(k);
        }
        drop_title_repeats(draft, report);
    }
}

/// Leading body blocks that repeat the title (scrapers often do this).
fn drop_title_repeats(draft: &mut Draft, report: &mut Report) {
    let Some(title) = draft.meta.title.clone() else {
        return;
    };
    while let Some(first) = draft.items.first() {
        if !para_text(first).is_some_and(|t| same_text(&t, &title)) {
            break;
        }
        report.add(
            "structure",
            "title-repeat",
            Action::Removed,
            first.line,
            title.clone(),
        );
        draft.items.remove(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn bylines() {
        assert_eq!(
            parse_byline("By Joshua Marks, JNS"),
            Some((vec!["Joshua Marks".into()], Some("JNS".into())))
        );
        assert_eq!(
            parse_byline("By Ana Lima, Tom Berg and Sara Holt"),
            Some((
                vec!["Ana Lima".into(), "Tom Berg".into(), "Sara Holt".into()],
                None
            ))
        );
        assert_eq!(
            parse_byline("By Ana Lima and Tom Berg, Harbour Post"),
            Some((
                vec!["Ana Lima".into(), "Tom Berg".into()],
                Some("Harbour Post".into())
            ))
        );
        assert_eq!(parse_byline("By the way, the meeting was postponed."), None);
        assert_eq!(
            parse_byline("By Monday the council had agreed to the plan and voted."),
            None
        );
    }
    #[test]
    fn dates() {
        for d in [
            "April 2, 2024",
            "2 April 2024",
            "Published: 2024-04-02",
            "Updated Apr. 2, 2024 at 10:15 am EST",
        ] {
            assert!(DATE_LINE.is_match(d), "{d}");
        }
        assert!(!DATE_LINE.is_match("April 2, 2024 was the day it all changed."));
    }
}
