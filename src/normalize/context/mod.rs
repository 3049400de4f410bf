//! Block-level context rules: page chrome that no single-line rule can see,
//! recognised by where it stands and what surrounds it.
//!
//! * `head-chrome`: scraped text whose first line is the page title, and
//!   whose body repeats that headline after a stack of menu lines. Everything
//!   between the title line and the repeated headline is page chrome. Refused
//!   (and flagged) when that stretch holds more than one prose paragraph.
//! * `comment-thread`: a reader-comment thread (three or more `Reply`
//!   buttons) after the article: from the first comment's header (its date)
//!   to the last `Reply` button.
//! * `comment-section`: a comment section's heading (`12 Comments`, `Leave
//!   a Reply`; a bare `Comments` only above a comment) after the article's
//!   first 150 words of running prose: it and everything below it.
//! * `tail-run`: after the article's last run of prose, a trailing stretch made
//!   of short link-like lines (teaser headlines, section names, tags, share
//!   buttons) with at most an isolated blurb between them. Its short lines are
//!   removed and any line that reads as a sentence is kept. Blurbs go too
//!   (`tail-blurbs`) when there are three or more (a teaser list); one or
//!   two are kept and flagged (they may be the article's last paragraphs
//!   below a widget: two blurbs removed 0.988 precision on the Dragnet
//!   pages, three 0.992).
//! * `head-run`: in scraped text, a menu before the article body (six or
//!   more short lines making up most of the stretch): its short lines go.
//!
//! Precision first: the rules only act on stretches that are clearly not
//! running prose, and a sentence is never removed by `tail-run`. Inside a
//! stretch they do remove, a block is still kept and flagged when its own
//! evidence says content (each measured on the Dragnet pages, see the
//! issue notes):
//!
//! * numbers in a content pattern (a score, a price, a quantity, a phone
//!   number: `blocks::numeric_content`), in every context pass;
//! * a date line or a byline (the article's own head), in `head-chrome` and
//!   `head-run`;
//! * in `head-chrome`, a block of 20 words or more, or one that reads as a
//!   sentence (menus and teaser cards are headlines, not sentences);
//! * in `tail-run`, a line of 20 words or more; and the whole run when it is
//!   introduced by a line ending in a colon (`Other works I have
//!   reviewed:`): a list the article introduces;
//! * in `head-run`, a line that names what the article names mid-sentence,
//!   or ends in a colon (it introduces what follows); and `head-run` does
//!   not run at all once structure has found the article's byline or date.

use super::vocab;
use super::{Context, Edits, Pass};
use crate::model::{Block, Inline, inline_text};
use crate::model::{Draft, Item};
pub(crate) use crate::text::{is_prose, is_sentence, words};
use crate::text::{key as normalized, words_up_to};
use std::borrow::Cow;

mod comments;
mod gallery;
mod head_run;
mod tail;

/// `head-chrome` (runs before structure, so that structure sees the real head).
pub struct HeadChrome;

/// `comment-thread` (this and the passes below run after structure, so the
/// head is already lifted).
pub struct CommentThread;

/// `comment-section` (runs first, before the line rules take its heading).
pub struct CommentSection;

/// `gallery`.
pub struct Gallery;

/// `tail-run` (and `tail-blurbs`, which it decides for).
pub struct TailRun;

/// `head-run` (scraped text only).
pub struct HeadRun;

/// Text of a paragraph or heading, trimmed; `None` for other blocks.
fn text(item: &Item) -> Option<Cow<'_, str>> {
    super::para_text(&item.block)
}

/// Bytes of text in an inline (cheap upper bound for comparisons).
fn inline_len(i: &Inline) -> usize {
    match i {
        Inline::Text { text } | Inline::Code { text } => text.len(),
        Inline::Emphasis { content }
        | Inline::Strong { content }
        | Inline::Strike { content }
        | Inline::Link { content, .. } => content.iter().map(inline_len).sum(),
        Inline::LineBreak | Inline::NoteRef { .. } | Inline::Task { .. } => 1,
    }
}

/// The headline part of a page title: `Headline - Site` -> `Headline`.
/// Returns the candidates (normalized): the whole title, and the title minus
/// its last separated part.
pub fn title_candidates(title: &str) -> Vec<String> {
    let mut out = vec![normalized(title)];
    for sep in vocab::TITLE_SEPARATORS {
        if let Some(i) = title.find(sep) {
            out.push(normalized(&title[..i]));
        }
        if let Some(i) = title.rfind(sep) {
            out.push(normalized(&title[..i]));
        }
    }
    out.retain(|c| c.chars().count() >= 8);
    out.dedup();
    out
}

impl Pass for HeadChrome {
    fn name(&self) -> &'static str {
        "head-chrome"
    }

    fn propose(&self, draft: &Draft, cx: &Context, edits: &mut Edits) {
        // Markdown is the author's own structure (or galley's output read
        // back): left alone, which also keeps the normalizer idempotent.
        if draft.authored {
            return;
        }
        // The title is the first line of plain text (structure lifts it later).
        let (title, first) = match &draft.meta.title {
            Some(t) => (t.clone(), 0),
            None if draft.plain => match draft.items.first().and_then(text) {
                Some(t) => (t.into_owned(), 1),
                None => return,
            },
            None => return,
        };
        let cands = title_candidates(&title);
        if cands.is_empty() {
            return;
        }
        // Look for the repeated headline anywhere but the last few blocks
        // (the article must follow it; checked below).
        let n = draft.items.len();
        let limit = n.saturating_sub(3);
        let longest = title.len() + 8;
        let repeats: Vec<usize> = (first + 1..limit)
            .filter(|&k| {
                let (Block::Paragraph { content } | Block::Heading { content, .. }) =
                    &draft.items[k].block
                else {
                    return false;
                };
                // Cheap length test before normalizing.
                let len: usize = content.iter().map(inline_len).sum();
                len <= longest && cands.contains(&normalized(&inline_text(content.as_slice())))
            })
            .collect();
        if repeats.is_empty() {
            return;
        }
        let prose: Vec<bool> = draft
            .items
            .iter()
            .map(|i| text(i).is_some_and(|t| is_prose(&t)))
            .collect();
        let running = |r: std::ops::Range<usize>| prose[r].windows(2).any(|w| w[0] && w[1]);
        let prose_words = |r: std::ops::Range<usize>| -> usize {
            r.filter(|&i| prose[i])
                .filter_map(|i| text(&draft.items[i]).map(|t| words(&t)))
                .sum()
        };
        // Is everything between the title line and the repeat at `k` chrome?
        // Menus carry isolated blurbs (short lines outnumber them 2:1) and
        // teaser cards alternate headline, blurb and source lines (never
        // three long prose paragraphs in a row); an article part has running
        // prose.
        // The article itself must follow the repeat.
        let valid = |k: usize| -> bool {
            let chrome = first..k;
            let after = prose[k..].iter().filter(|p| **p).count();
            let guarded = draft.items[chrome.clone()]
                .iter()
                .filter_map(text)
                .any(|t| cx.protected(&t));
            let short = chrome.clone().filter(|&i| !prose[i]).count();
            let blurbs = chrome.len() - short;
            // Three prose paragraphs in a row with 120 words or more.
            let run3 = chrome
                .clone()
                .collect::<Vec<_>>()
                .windows(3)
                .any(|w| w.iter().all(|&i| prose[i]) && prose_words(w[0]..w[2] + 1) >= 120);
            let menu = short >= 2 * blurbs && prose_words(chrome.clone()) <= prose_words(k..n);
            let cards = !run3 && short >= blurbs;
            (menu || cards || !running(chrome)) && !guarded && after >= 3 && running(k..n)
        };
        // The latest repeat that qualifies: a page can show the headline in
        // its header before a wall of teasers, then the article.
        let Some(k) = repeats.iter().rev().copied().find(|&k| valid(k)) else {
            edits.flag(
                first,
                "kept: prose before the headline",
                format!(
                    "the headline repeats at line {} but the stretch above it reads as the article",
                    draft.items[repeats[repeats.len() - 1]].line
                ),
            );
            return;
        };
        let why = format!(
            "between the page title and the repeated headline (line {})",
            draft.items[k].line
        );
        // Running prose inside the chrome (two prose paragraphs in a row)
        // is doubtful: the article may start above its repeated headline
        // (which then repeats again in a list of posts below it). It stays,
        // flagged, and so does every line between two runs of it: a list or
        // subheading inside the article.
        let runs: Vec<usize> = (first..k.saturating_sub(1))
            .filter(|&i| prose[i] && prose[i + 1])
            .collect();
        // The article's stretch inside the chrome: from the first run to the
        // last, widened over text blocks (prose, a long block) that follow
        // at most two short lines apart (an embedded quote or
        // a subheading between paragraphs). The runs' own lines are kept as
        // running prose.
        let textual =
            |i: usize| prose[i] || text(&draft.items[i]).is_some_and(|t| words_up_to(&t, 20) >= 20);
        // One run alone is two teaser blurbs as often as it is an article:
        // the stretch needs two runs.
        let stretch = match (runs.first(), runs.last()) {
            (Some(&a), Some(&b)) if a != b => {
                let (mut lo, mut hi) = (a, b + 1);
                while let Some(j) = (lo.saturating_sub(3).max(first)..lo).find(|&j| textual(j)) {
                    lo = j;
                }
                while let Some(j) = (hi + 1..(hi + 4).min(k)).rev().find(|&j| textual(j)) {
                    hi = j;
                }
                Some((lo, hi))
            }
            _ => None,
        };
        let inside = |i: usize| stretch.is_some_and(|(lo, hi)| lo < i && i < hi);
        // The article's headline or deck: the line right above the bylines
        // and date lines that stand on running prose (`Moody's Lowers Its
        // View …`, `By Ana Lima`, then the first paragraph).
        let head =
            |j: usize| text(&draft.items[j]).is_some_and(|t| super::structure::is_head_line(&t));
        let above_head = |i: usize| {
            let mut j = i + 1;
            while j < n && head(j) {
                j += 1;
            }
            j > i + 1 && j < n && prose[j]
        };
        for i in first..k {
            // A long paragraph (40 words or more) is no menu blurb either.
            let run = prose[i]
                && ((i > first && prose[i - 1])
                    || (i + 1 < k && prose[i + 1])
                    || text(&draft.items[i]).is_some_and(|t| words_up_to(&t, 40) >= 40));
            let t = text(&draft.items[i]);
            let t = t.as_deref().unwrap_or("");
            if run {
                edits.flag(i, "kept: running prose", why.clone());
            } else if inside(i) {
                edits.flag(
                    i,
                    "kept: between running prose",
                    format!(
                        "{why}, but inside running prose: the article may start above the repeat"
                    ),
                );
            } else if super::structure::is_head_line(t) {
                edits.flag(i, "kept: a date line or byline", why.clone());
            } else if above_head(i) {
                edits.flag(i, "kept: the headline above the byline", why.clone());
            } else if super::blocks::numeric_content(t) {
                edits.flag(i, "kept: numbers in a content pattern", why.clone());
            } else if words_up_to(t, 20) >= 20 {
                edits.flag(i, "kept: a long block", why.clone());
            } else if is_sentence(t) {
                edits.flag(i, "kept: a sentence", why.clone());
            } else {
                edits.remove(i, "menu", why.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_word_count_matches_split_whitespace() {
        for s in [
            "",
            "  ",
            "one",
            " two  words ",
            "tab\tand\nnewline\r\x0bvt\x0cff",
            "a\x1cb c",
            "end. ",
        ] {
            assert_eq!(words(s), s.split_whitespace().count(), "{s:?}");
            assert_eq!(words_up_to(s, 2), words(s).min(2), "{s:?}");
        }
        assert_eq!(words("北京 news 今天"), 3 + 4 / 2);
        assert_eq!(words("Un été « chaud » à Paris"), 7);
        assert_eq!(words_up_to("北京 news 今天", 4), 4);
    }

    #[test]
    fn prose_and_sentences() {
        assert!(is_prose(
            "The council met on Tuesday and agreed to widen the harbour road by spring."
        ));
        assert!(!is_prose("Council agrees to widen harbour road by spring"));
        assert!(!is_prose(
            "The council met on Tuesday and agreed to widen the harbour road by..."
        ));
        assert!(is_sentence("That is the whole story."));
        assert!(is_sentence("https://example.org/report.pdf"));
        assert!(!is_sentence("Harbour road plan approved"));
        assert!(!is_sentence("and then."));
        // A reference number in brackets ends a release-note line; a source
        // name or a video length ends a teaser.
        assert!(is_prose(
            "The map service can now update the region without hitting the network (Bug 16635)"
        ));
        assert!(!is_prose(
            "Council agrees to widen the harbour road by spring after a long fight (Reuters)"
        ));
        assert!(!is_prose(
            "Watch the moment the council agreed to widen the harbour road by spring (2:35)"
        ));
    }

    #[test]
    fn title_parts() {
        let c = title_candidates("Harbour road plan approved - The Coast Gazette");
        assert!(c.contains(&"harbourroadplanapproved".to_string()));
    }
}
