//! `blog-furniture`: what the big blog engines (WordPress, Blogger,
//! TypePad, Movable Type) print around every post, in a scrape of the whole
//! page body. It is the engines' own text, the same on every site, so it is
//! matched by its words, not guessed from shape:
//!
//! - `comment-form`: the comment form's instructions and labels (`Your email
//!   address will not be published.`, `Leave a Reply`, `(URLs automatically
//!   linked.)`); bare field labels (`Name`, `Website`) only next to them;
//! - `archive`: the archive widget (`► October (29)`, and runs of three or
//!   more `November 2012` lines);
//! - `widget`: a sidebar widget under its standard heading (`Recent Posts`,
//!   `Blogroll`, `Categories`) with the short lines listed below it, up to
//!   the first line that reads as the article's: a sentence, a line of 13
//!   words or more, numbers in a content pattern, a date line or byline, a
//!   line ending in a colon, or another widget.
//!
//! Scraped plain text only (an HTML page's extractor leaves forms and
//! sidebars out). The vocabulary is in `vocab.rs`.
//!
//! Measured on the 1,343 Dragnet pages (scraped text): see the pass's entry
//! in the README's normalizer table and `scripts/audit-gate.py`.

use super::{Context, Edits, Pass, vocab};
use crate::text::literals::Literals;
use std::sync::LazyLock;

/// [`vocab::COMMENT_FORM_PHRASES`], found in one pass.
static FORM_PHRASES: LazyLock<Literals> =
    LazyLock::new(|| Literals::new(vocab::COMMENT_FORM_PHRASES.iter().copied()));
use crate::read::Draft;

/// The pass.
pub struct BlogFurniture;

/// Lines longer than this are never furniture (the longest form
/// instruction is about 170 characters).
const MAX_CHARS: usize = 240;
/// A widget's items: link titles, at most this many words.
const ITEM_WORDS: usize = 12;

/// Lower-cased, trimmed, without a trailing colon: how lines are compared
/// with the vocabulary.
fn key(t: &str) -> String {
    t.trim().trim_end_matches(':').trim_end().to_lowercase()
}

fn is_form_line(k: &str) -> bool {
    // Blogger's `12 comments:` above its thread.
    let counter = k
        .strip_suffix(" comments")
        .or_else(|| k.strip_suffix(" comment"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    counter || vocab::COMMENT_FORM_LABELS.contains(&k) || FORM_PHRASES.occurs(k)
}

/// `► October (29)`, `▼ 2012 (33)`: Blogger's archive widget.
fn is_archive_entry(t: &str) -> bool {
    let t = t.trim();
    let Some(rest) = t.strip_prefix(['►', '▼', '▶', '▸', '◄', '▽']) else {
        return false;
    };
    let Some(inner) = rest.trim_end().strip_suffix(')') else {
        return false;
    };
    inner.rsplit_once('(').is_some_and(|(label, n)| {
        !label.trim().is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
    })
}

/// `November 2012`, `November 2012 (4)`: one month of an archive list.
fn is_month_line(t: &str) -> bool {
    let mut w = t.split_whitespace();
    let (Some(m), Some(y)) = (w.next(), w.next()) else {
        return false;
    };
    let count_ok = match (w.next(), w.next()) {
        (None, _) => true,
        (Some(c), None) => c
            .strip_prefix('(')
            .and_then(|c| c.strip_suffix(')'))
            .is_some_and(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit())),
        _ => false,
    };
    let m = m.to_lowercase();
    count_ok
        && vocab::MONTHS_EN[..12].contains(&m.as_str())
        && y.len() == 4
        && (y.starts_with("19") || y.starts_with("20"))
        && y.bytes().all(|b| b.is_ascii_digit())
}

/// The heading blog engines print above a post's comments: `4 Responses to
/// “Title”`, `12 thoughts on “Title”`, `One comment on “Title”`. Returns the
/// number of comments it announces.
fn comment_count_heading(t: &str) -> Option<u32> {
    let t = t.trim();
    if super::context::words(t) > 40 {
        return None;
    }
    let lower = t.to_lowercase();
    let mut w = lower.splitn(4, ' ');
    let (count, noun, prep, rest) = (w.next()?, w.next()?, w.next()?, w.next()?);
    let count = match count {
        "no" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        c => c.parse().ok()?,
    };
    let (prep, rest) = if prep == "so" {
        // `5 comments so far on “Title”`
        let rest = rest.strip_prefix("far ")?;
        rest.split_once(' ')?
    } else {
        (prep, rest)
    };
    let noun_ok = matches!(
        noun,
        "response"
            | "responses"
            | "comment"
            | "comments"
            | "thought"
            | "thoughts"
            | "reply"
            | "replies"
    );
    let quoted = rest.starts_with(['“', '"', '‘', '\'', '«']);
    (noun_ok && matches!(prep, "to" | "on" | "for") && quoted).then_some(count)
}

/// A comment thread under the engine's heading (`4 Responses to “Title”`):
/// from the heading to the comment form, the next sidebar widget or the end.
/// `0 Responses to …` is a heading alone.
fn comments(
    draft: &Draft,
    texts: &[Option<String>],
    cx: &Context,
    edits: &mut Edits,
) -> Option<std::ops::Range<usize>> {
    let (start, count) = texts
        .iter()
        .enumerate()
        .find_map(|(i, t)| Some((i, comment_count_heading(t.as_deref()?)?)))?;
    // The article stands above its comments.
    let above: usize = texts[..start]
        .iter()
        .flatten()
        .map(|t| super::context::words(t))
        .sum();
    if above < 100 {
        return None;
    }
    let end = if count == 0 {
        start + 1
    } else {
        (start + 1..texts.len())
            .find(|&k| texts[k].as_deref().is_some_and(ends_thread))
            .unwrap_or(texts.len())
    };
    if texts[start..end].iter().flatten().any(|t| cx.protected(t)) {
        return None;
    }
    let heading = texts[start].as_deref().unwrap_or_default();
    let why = format!(
        "a reader-comment thread under the heading `{heading}` (to line {})",
        draft.items[end - 1].line
    );
    for k in start..end {
        edits.remove(k, "comments", why.clone());
    }
    Some(start..end)
}

/// A line where a comment thread ends: the comment form, or a sidebar
/// widget's heading.
pub(super) fn ends_thread(t: &str) -> bool {
    if t.len() > MAX_CHARS {
        return false;
    }
    let k = key(t);
    is_form_line(&k) || vocab::WIDGET_HEADINGS.contains(&k.as_str())
}

/// A line that stops a widget's list: it reads as the article's.
fn ends_widget(t: &str, k: &str) -> bool {
    super::context::words(t) > ITEM_WORDS
        || super::context::is_sentence(t)
        || super::context::is_prose(t)
        || super::blocks::numeric_content(t)
        || super::structure::is_head_line(t)
        || t.trim_end().ends_with(':')
        || vocab::WIDGET_HEADINGS.contains(&k)
}

impl Pass for BlogFurniture {
    fn name(&self) -> &'static str {
        "blog-furniture"
    }

    fn propose(&self, draft: &Draft, cx: &Context, edits: &mut Edits) {
        if draft.authored || !draft.plain {
            return;
        }
        let texts: Vec<Option<String>> = draft
            .items
            .iter()
            .map(|i| super::para_text(&i.block).map(|t| t.into_owned()))
            .collect();
        let n = texts.len();
        let keys: Vec<Option<String>> = texts
            .iter()
            .map(|t| t.as_deref().filter(|t| t.len() <= MAX_CHARS).map(key))
            .collect();
        let mut gone = vec![false; n];
        if let Some(thread) = comments(draft, &texts, cx, edits) {
            gone[thread].iter_mut().for_each(|g| *g = true);
        }
        // The comment form: its instructions and labels, then bare field
        // labels within two blocks of them.
        let form: Vec<bool> = keys
            .iter()
            .map(|k| k.as_deref().is_some_and(is_form_line))
            .collect();
        for i in 0..n {
            let Some(k) = keys[i].as_deref().filter(|_| !gone[i]) else {
                continue;
            };
            if form[i] {
                edits.remove(i, "comment-form", "the comment form of a blog engine");
                gone[i] = true;
            } else if vocab::COMMENT_FORM_FIELDS.contains(&k)
                && (i.saturating_sub(2)..(i + 3).min(n)).any(|j| form[j])
            {
                edits.remove(
                    i,
                    "comment-form",
                    "a field label next to a blog engine's comment form",
                );
                gone[i] = true;
            }
        }
        // The archive widget.
        let month: Vec<bool> = texts
            .iter()
            .map(|t| t.as_deref().is_some_and(is_month_line))
            .collect();
        let mut i = 0;
        while i < n {
            let start = i;
            while i < n && month[i] {
                i += 1;
            }
            if i - start >= 3 {
                let why = format!("one of {} month lines of an archive list", i - start);
                for (k, g) in gone.iter_mut().enumerate().take(i).skip(start) {
                    if !*g {
                        edits.remove(k, "archive", why.clone());
                        *g = true;
                    }
                }
            }
            i = i.max(start + 1);
        }
        for (i, t) in texts.iter().enumerate() {
            if !gone[i] && t.as_deref().is_some_and(is_archive_entry) {
                edits.remove(i, "archive", "an entry of a blog's archive widget");
                gone[i] = true;
            }
        }
        // Sidebar widgets under their standard headings.
        let mut i = 0;
        while i < n {
            let is_heading = keys[i]
                .as_deref()
                .is_some_and(|k| vocab::WIDGET_HEADINGS.contains(&k));
            if !is_heading || gone[i] {
                i += 1;
                continue;
            }
            let heading = texts[i].as_deref().unwrap_or_default().to_string();
            let mut j = i + 1;
            while j < n {
                let (Some(t), Some(k)) = (texts[j].as_deref(), keys[j].as_deref()) else {
                    break;
                };
                if ends_widget(t, k) {
                    break;
                }
                j += 1;
            }
            let why = format!(
                "the blog sidebar widget `{heading}` and its {} entries",
                j - i - 1
            );
            for (k, g) in gone.iter_mut().enumerate().take(j).skip(i) {
                if !*g {
                    edits.remove(k, "widget", why.clone());
                    *g = true;
                }
            }
            i = j;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_lines() {
        assert!(is_archive_entry("► October (29)"));
        assert!(is_archive_entry("▼ 2012 (33)"));
        assert!(!is_archive_entry("► Watch the video"));
        assert!(!is_archive_entry("October (29)"));
        assert!(is_month_line("November 2012"));
        assert!(is_month_line("March 2011 (4)"));
        assert!(!is_month_line("November 2012 was a cold month"));
        assert!(!is_month_line("Mayor 2012"));
        assert!(!is_month_line("November 20"));
    }

    #[test]
    fn comment_count_headings() {
        assert_eq!(
            comment_count_heading("4 Responses to “Copywriting for All”"),
            Some(4)
        );
        assert_eq!(
            comment_count_heading("One comment on \"Socially Mediated\""),
            Some(1)
        );
        assert_eq!(comment_count_heading("12 thoughts on “Shuteye”"), Some(12));
        assert_eq!(
            comment_count_heading("0 responses to “A Home” - Be the first to comment !"),
            Some(0)
        );
        assert_eq!(
            comment_count_heading("5 comments so far on “Title”"),
            Some(5)
        );
        assert_eq!(
            comment_count_heading("4 responses to the survey came back"),
            None
        );
        assert_eq!(comment_count_heading("Responses to “Title”"), None);
    }

    #[test]
    fn form_lines() {
        assert!(is_form_line(&key(
            "Your email address will not be published. Required fields are marked *"
        )));
        assert!(is_form_line(&key("Leave a Reply")));
        assert!(is_form_line(&key("No comments:")));
        assert!(is_form_line(&key("12 comments:")));
        assert!(!is_form_line(&key("12 councils")));
        assert!(!is_form_line(&key("Name")));
        assert!(!is_form_line(&key(
            "She left a reply on the council's website, and nothing more."
        )));
    }
}
