//! Structure from the head of scraped text: the first line is the title; a
//! standfirst between the title and a byline is the subtitle; `By NAME[, NAME
//! and NAME][, SOURCE]` gives authors and source; a date line gives the date;
//! `Reporting by …; Editing by …` is production credits (metadata, not junk).
//! A first body paragraph that repeats the title is dropped.

use super::lang::{self, Byline, Vocab};
use super::rules::{Gated, may_start_with, starts_with_any};
use super::vocab;
use super::{Context, Edits, MetaSet, Op, Pass};
use crate::model::Block;
use crate::model::{Draft, Item};
use regex::Regex;
use std::sync::LazyLock;

use crate::text::rules::regex as re;

/// The pieces of the byline and credits patterns that differ between the
/// Unicode regex and its ASCII twin (see [`Gated`]): upper-case letters,
/// letters, whitespace and word boundaries. On an ASCII text each Unicode
/// class matches exactly its ASCII members (`\s`: tab to carriage return
/// and space), so the two regexes match and capture the same.
struct Classes {
    lu: &'static str,
    l: &'static str,
    s: &'static str,
    b: &'static str,
}

const UNICODE: Classes = Classes {
    lu: r"\p{Lu}",
    l: r"\p{L}",
    s: r"\s",
    b: r"\b",
};
const ASCII: Classes = Classes {
    lu: "A-Z",
    l: "A-Za-z",
    s: r"[\t\n\x0B\x0C\r ]",
    b: r"(?-u:\b)",
};

/// One name: capitalised words, initials, particles (`de`, `van`), hyphens.
fn name(c: &Classes) -> String {
    let Classes { lu, l, s, .. } = c;
    format!(
        r"(?:[{lu}][{l}'’.-]*\.?)(?:{s}+(?:(?:de|da|del|der|den|van|von|bin|al|el|la|le|du|dos|di){s}+)?[{lu}][{l}'’.-]*\.?){{0,4}}"
    )
}

fn byline(c: &Classes) -> Regex {
    let Classes { l, s, b, .. } = c;
    let name = name(c);
    re(&format!(
        r"^(?i:by|von|par|por|de|door|af|di){s}+(?P<rest>{name}(?:{s}*(?:,|{b}and{b}|&|{b}und{b}|{b}et{b}|{b}y{b}|{b}e{b}){s}*(?:{name}))*)(?:{s}*(?:,|\||–|—|-|{b}for{b}|{b}in{b}){s}*(?P<src>[{l}0-9][{l}0-9 .&'’!-]*))?\.?$"
    ))
}

/// Every byline starts with one of its lead words and whitespace.
fn byline_gate(t: &str) -> bool {
    const LEAD: &[&str] = &["by", "von", "par", "por", "de", "door", "af", "di"];
    LEAD.iter().any(|w| {
        may_start_with(t, w)
            && t.get(w.len()..)
                .is_none_or(|r| r.starts_with(char::is_whitespace))
    })
}

static BYLINE: Gated = Gated::with_ascii(byline_gate, || byline(&UNICODE), || byline(&ASCII));
/// `Reporting by Ana Lima in Porto; Editing by Tom Berg`: one or more
/// `ROLE by NAMES` parts; names are capitalised (so `Editing by hand took
/// three years.` is a sentence, not credits).
static CREDITS_LINE: Gated = Gated::new(
    |t| {
        starts_with_any(
            t,
            &[
                "(",
                "additional",
                "further",
                "reporting",
                "writing",
                "editing",
                "compiled",
                "research",
                "fact-checking",
                "graphics",
            ],
        )
    },
    || {
        let name =
            r"\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:de|da|van|von|del|der|al|el)\s+)?\p{Lu}[\p{L}'’.-]*)*";
        let names = format!(r"{name}(?:\s*(?:,|\band\b|&)\s*{name})*");
        let part = format!(
            r"(?:(?:Additional|Further)\s+)?(?i:reporting|writing|editing|compiled|research|fact-checking|graphics)(?:\s+and\s+(?i:reporting|writing|editing))?\s+by\s+{names}(?:\s+in\s+{name})?"
        );
        re(&format!(
            r"^\(?{part}(?:\s*[;,.]\s*(?:and\s+)?{part})*\s*[.;]?\)?\.?$"
        ))
    },
);
static DATE_LINE: Gated = Gated::new(
    |t| {
        starts_with_any(
            t,
            &[
                "published",
                "updated",
                "posted",
                "last updated",
                "first published",
                "date",
                "mon",
                "tue",
                "wed",
                "thu",
                "fri",
                "sat",
                "sun",
                "\\d",
                "jan",
                "feb",
                "mar",
                "apr",
                "may",
                "jun",
                "jul",
                "aug",
                "sep",
                "oct",
                "nov",
                "dec",
            ],
        )
    },
    || {
        re(
            r"(?i)^(?:(?:published|updated|posted|last updated|first published|date)\s*:?\s*(?:on\s+)?)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4})(?:\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?(?:\s*[A-Z]{2,4})?)?\.?$",
        )
    },
);
/// The label in front of a date line (`Updated`, `Published on`, `Date:`).
static DATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:published|updated|posted|last updated|first published|date)\s*:?\s*(?:on\s+)?")
});
/// A Chinese or Japanese byline: `记者 王芳`, `作者：李明、张伟`.
static CJK_BYLINE: Gated = Gated::new(
    |t| starts_with_any(t, &["记者", "作者", "文", "撰文", "撰稿", "編集", "記者"]),
    || {
        re(
            r"^(?:记者|作者|文|撰文|撰稿|編集|記者|文・)\s*[：:／/|｜]?\s*(?P<names>\p{Han}{2,4}(?:\s*[、，,]\s*\p{Han}{2,4}){0,3})$",
        )
    },
);
/// A dateline starts with an upper-case letter and then another or one of
/// ` .,'-` (`Lu` is within Rust's `is_uppercase`).
fn dateline_gate(t: &str) -> bool {
    let mut c = t.chars();
    c.next().is_some_and(char::is_uppercase)
        && c.next()
            .is_some_and(|c| c.is_uppercase() || " .,'-".contains(c))
}
static DATELINE: Gated = Gated::new(dateline_gate, || {
    re(r"^(?P<place>\p{Lu}[\p{Lu} .,'-]{2,}?)\s*(?:\((?:[A-Za-z .]{2,30})\))?\s*[–—-]{1,2}\s+\S")
});

static SPLITTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"\s*(?:,|\band\b|&|\bund\b|\bet\b|\by\b|\be\b)\s*"));
static HAS_AND: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:and|und|et|y|e)\b|&"));

fn para_text(item: &Item) -> Option<String> {
    para_cow(item).map(std::borrow::Cow::into_owned)
}

/// `para_text`, borrowed when the block is one plain text run.
fn para_cow(item: &Item) -> Option<std::borrow::Cow<'_, str>> {
    super::para_text(&item.block)
}

/// Parses a byline into (authors, source).
pub fn parse_byline(text: &str) -> Option<(Vec<String>, Option<String>)> {
    if text.chars().count() > 140 {
        return None;
    }
    if let Some(c) = CJK_BYLINE.captures(text.trim()) {
        let names = c.name("names")?.as_str();
        let parts = names
            .split(['、', '，', ','])
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        return Some((parts, None));
    }
    let caps = BYLINE.captures(text)?;
    let rest = caps.name("rest")?.as_str();
    let mut src = caps.name("src").map(|m| m.as_str().trim().to_string());
    // The source is at most 61 characters (checked here rather than as a
    // `{0,60}` bound, which costs a regex automaton copy per repetition).
    if src.as_ref().is_some_and(|s| s.chars().count() > 61) {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    let has_and = HAS_AND.is_match(rest);
    for p in SPLITTER.split(rest) {
        let p = p.trim();
        if !p.is_empty() {
            parts.push(p.to_string());
        }
    }
    // `By Jane Roe, Harbour Post`: with no `and`, a second comma part is the source.
    if src.is_none() && !has_and && parts.len() == 2 && rest.contains(',') {
        src = parts.pop();
    }
    // `By Ana Lima and Tom Berg, Harbour Post`: a comma after the last `and`
    // ends the name list (`A, B and C` has its `and` last).
    if src.is_none() && has_and && parts.len() >= 3 {
        let last_and = HAS_AND.find_iter(rest).last().map(|m| m.start());
        let last_comma = rest.rfind(',');
        if let (Some(a), Some(c)) = (last_and, last_comma)
            && c > a
        {
            src = parts.pop();
        }
    }
    if parts.is_empty() || parts.iter().any(|p| p.split_whitespace().count() > 5) {
        return None;
    }
    Some((parts, src.filter(|s| !s.is_empty())))
}

/// A byline: the English (and older French, German, Spanish, Dutch,
/// Italian) regex first, then the article's languages' words. A source
/// that is the author's job title (`Von Jana Keller, Korrespondentin in
/// Berlin`) is dropped.
fn byline_in(text: &str, words: &Vocab, language: Option<&str>) -> Option<Byline> {
    let b = match parse_byline(text) {
        Some((authors, source)) => Byline {
            authors,
            source,
            date: None,
            role: false,
        },
        None => words.byline(text, language)?,
    };
    if b.source.as_deref().is_some_and(|s| words.role_line(s)) {
        return Some(Byline {
            source: None,
            role: true,
            ..b
        });
    }
    Some(b)
}

/// A date line (at most 80 characters in English, 120 in the other
/// languages): the date's text, without its label.
fn date_line(text: &str, words: &Vocab, language: Option<&str>) -> Option<String> {
    if text.chars().count() <= 80 && DATE_LINE.is_match(text) {
        return Some(DATE_LABEL.replace(text, "").trim().to_string());
    }
    words.date_line(text, language)
}

use crate::text::key as normalized;

fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (normalized(a), normalized(b));
    !a.is_empty() && a == b
}

/// The structure pass, in steps applied one after the other (each sees the
/// draft as the previous one left it): the title, copies of it at the top of
/// the body, the head (byline, standfirst, date, dateline, credits), and
/// copies of the title that lifting the head brought to the top.
pub fn steps() -> Vec<Box<dyn Pass>> {
    vec![
        Box::new(Title),
        Box::new(TitleRepeats { after_head: false }),
        Box::new(Head),
        Box::new(TitleRepeats { after_head: true }),
    ]
}

struct Title;
struct TitleRepeats {
    after_head: bool,
}
struct Head;

impl Pass for Title {
    fn name(&self) -> &'static str {
        "structure"
    }

    fn propose(&self, draft: &Draft, _cx: &Context, edits: &mut Edits) {
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
                let why = if is_h1 {
                    "a leading level-1 heading is the title"
                } else {
                    "the first line of scraped text is its title"
                };
                edits
                    .lift(0, MetaSet::Title(t.clone()), "title", why)
                    .text(t);
            }
        }
    }
}

impl Pass for TitleRepeats {
    fn name(&self) -> &'static str {
        "structure"
    }

    fn propose(&self, draft: &Draft, _cx: &Context, edits: &mut Edits) {
        let Some(title) = draft.meta.title.as_deref() else {
            return;
        };
        if self.after_head {
            // Lifting the standfirst and byline can bring another copy of
            // the title to the front: drop it now, so a second run finds
            // nothing.
            title_repeats(draft, 0, title, edits);
            return;
        }
        // A first body block that repeats the title (scrapers often do this).
        // With a site suffix (`Headline - Site`), the repeat is the clean
        // headline.
        let Some(t) = draft.items.first().and_then(para_text) else {
            return;
        };
        if same_text(&t, title) {
            title_repeats(draft, 0, title, edits);
        } else if draft.plain
            && super::context::title_candidates(title)
                .iter()
                .skip(1)
                .any(|c| *c == normalized(&t))
        {
            edits
                .remove(
                    0,
                    "title-repeat",
                    "the headline again, without the site name the title carries",
                )
                .set(MetaSet::Title(t.clone()))
                .text(t.clone());
            title_repeats(draft, 1, &t, edits);
        }
    }
}

/// True when structure found the article's head in the text (its byline or
/// date): what follows it is the article, not a menu.
pub(super) fn head_found(draft: &Draft) -> bool {
    !draft.meta.authors.is_empty() || draft.meta.date.is_some()
}

/// True when `t` is a date line or a byline: the head of an article (its
/// own, or the page's), never a menu line.
pub(super) fn is_head_line(t: &str) -> bool {
    (t.chars().count() <= 80 && DATE_LINE.is_match(t))
        || parse_byline(t).is_some()
        || is_attribution(t)
}

/// True when `t` holds a date: a month name next to a number (`October 29`,
/// `12 Nov`), or a numeric date (`09/18/2012`, `2012-10-16`).
fn has_date(t: &str) -> bool {
    let words: Vec<String> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    let num = |w: &str| {
        let d = w.trim_end_matches(|c: char| c.is_alphabetic() || c == '.');
        !d.is_empty() && d.len() <= 4 && d.bytes().all(|b| b.is_ascii_digit())
    };
    let month = |w: &str| vocab::MONTHS_EN.contains(&w.trim_end_matches('.'));
    let named = words
        .windows(2)
        .any(|p| (month(&p[0]) && num(&p[1])) || (num(&p[0]) && month(&p[1])));
    let numeric = words.iter().any(|w| {
        let parts: Vec<&str> = w.split(['/', '-', '.']).collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            && parts.iter().any(|p| p.len() == 4 || p.len() == 2)
    });
    named || numeric
}

/// An attribution line: who wrote it and when (`Posted by Max Fisher on
/// October 29, 2012 at 6:48 pm`, `By: Jason Hart | November 12th, 2012`,
/// `Monday, October 22, 2012 | 12:30 PM`): a short line that opens with `by`
/// or `posted` and holds a date, or is little more than a date.
fn is_attribution(t: &str) -> bool {
    let t = t.trim();
    let n = t.split_whitespace().count();
    if n > 20 || !has_date(t) {
        return false;
    }
    let l = t.to_lowercase();
    let opens = vocab::ATTRIBUTION_OPENERS_EN
        .iter()
        .any(|p| l.starts_with(p));
    opens || n <= 7
}

/// Proposes removing the body blocks from `from` on that repeat the title
/// (some pages repeat it twice: a kicker headline and the article's own).
fn title_repeats(draft: &Draft, from: usize, title: &str, edits: &mut Edits) {
    for k in from..draft.items.len() {
        if !para_text(&draft.items[k]).is_some_and(|t| same_text(&t, title)) {
            break;
        }
        edits
            .remove(k, "title-repeat", "repeats the title")
            .text(title.to_string());
    }
}

impl Pass for Head {
    fn name(&self) -> &'static str {
        "structure"
    }

    fn propose(&self, draft: &Draft, _cx: &Context, edits: &mut Edits) {
        // Head of the article: byline, standfirst, date within the first blocks.
        let language = draft.meta.language.as_deref();
        let words = lang::vocab(language);
        let head = draft.items.len().min(6);
        let mut byline_at = None;
        for k in 0..head {
            if let Some(t) = para_text(&draft.items[k])
                && let Some(b) = byline_in(&t, words, language)
            {
                if draft.meta.authors.is_empty() {
                    byline_at = Some((k, b, t));
                }
                break;
            }
        }
        let mut taken = Vec::new();
        let mut dated = false;
        if let Some((k, b, text)) = byline_at {
            let reason = if b.role {
                "a byline in the article's head (the author's job title after it dropped)"
            } else {
                "a byline in the article's head"
            };
            let e = edits
                .lift(k, MetaSet::Authors(b.authors), "byline", reason)
                .text(text);
            if draft.meta.source.is_none()
                && let Some(src) = b.source
            {
                e.set(MetaSet::Source(src));
            }
            if draft.meta.date.is_none()
                && let Some(d) = b.date
            {
                e.set(MetaSet::Date(d));
                dated = true;
            }
            taken.push(k);
            // The author's job title on the line under the byline.
            if let Some(t) = draft.items.get(k + 1).and_then(para_text)
                && words.role_line(&t)
            {
                edits
                    .remove(
                        k + 1,
                        "byline-role",
                        "the author's job title under the byline",
                    )
                    .text(t);
                taken.push(k + 1);
            }
            // The standfirst: one short block between the title and the byline.
            if k == 1
                && draft.meta.subtitle.is_none()
                && let Some(t) = para_text(&draft.items[0])
            {
                let n = t.split_whitespace().count();
                // Unspaced scripts (Chinese, Japanese) count characters.
                let unspaced = t
                    .chars()
                    .any(|c| matches!(c as u32, 0x3040..=0x30FF | 0x4E00..=0x9FFF));
                let n = if unspaced && n <= 2 {
                    t.chars().count() / 3
                } else {
                    n
                };
                if (4..=70).contains(&n) && date_line(&t, words, language).is_none() {
                    edits
                        .lift(
                            0,
                            MetaSet::Subtitle(t.clone()),
                            "standfirst",
                            "one short block between the title and the byline",
                        )
                        .text(t);
                    taken.push(0);
                }
            }
        }
        // A short date line in the head: lifted as the date when none is
        // known; removed when page metadata already gives that same day.
        let lift = draft.meta.date.is_none() && !dated;
        let known = draft.meta.date.as_ref().and_then(crate::model::Date::iso);
        if lift || known.is_some() {
            let found = (0..head).filter(|k| !taken.contains(k)).find_map(|k| {
                let t = para_text(&draft.items[k])?;
                let date = date_line(&t, words, language)?;
                let same_day =
                    || crate::model::Date::parse_in(date.as_str(), language).iso() == known;
                (lift || same_day()).then_some((k, t, date))
            });
            if let Some((k, t, date)) = found {
                if lift {
                    edits
                        .lift(
                            k,
                            MetaSet::Date(date),
                            "date",
                            "a date line in the article's head",
                        )
                        .text(t);
                } else {
                    edits
                        .remove(
                            k,
                            "date-repeat",
                            "a date line giving the same day as the page's metadata",
                        )
                        .text(t);
                }
                taken.push(k);
            }
        }
        // Dateline: recorded, text kept (it is part of the first sentence).
        if draft.meta.dateline.is_none()
            && let Some((k, t)) = draft
                .items
                .iter()
                .enumerate()
                .take(head + 2)
                .find(|(k, _)| !taken.contains(k))
                .and_then(|(k, i)| Some((k, para_text(i)?)))
            && let Some(c) = DATELINE.captures(&t)
            && let Some(p) = c.name("place")
            && p.as_str().chars().count() <= 41
        {
            let place = p.as_str().trim().trim_end_matches(',').to_string();
            if place.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                edits
                    .push(
                        Some(k),
                        Op::Note,
                        "dateline",
                        "the place that opens the first sentence (the text stays)",
                    )
                    .set(MetaSet::Dateline(place.clone()))
                    .text(place);
            }
        }
        // Production credits anywhere: metadata.
        for (k, item) in draft.items.iter().enumerate() {
            if let Some(t) = para_cow(item)
                && t.len() <= 400
                && CREDITS_LINE.is_match(&t)
            {
                let t = t.into_owned();
                let credit = t.trim_start_matches('(').trim_end_matches(')').to_string();
                edits
                    .lift(
                        k,
                        MetaSet::Credit(credit),
                        "credits",
                        "production credits (`Reporting by …; Editing by …`)",
                    )
                    .text(t);
            }
        }
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
        assert_eq!(parse_byline("记者 王芳"), Some((vec!["王芳".into()], None)));
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
    #[test]
    fn attributions() {
        for a in [
            "Posted by Max Fisher on October 29, 2012 at 6:48 pm",
            "By: Jason Hart (Diary) | November 12th, 2012 at 04:00 PM |",
            "Monday, October 22, 2012 | 12:30 PM",
            "by Chris Foresman - Nov 9, 2012 5:15 pm UTC",
            "09/18/2012",
        ] {
            assert!(is_head_line(a), "{a}");
        }
        for t in [
            "Mayors meet in May to plan 12 new bus routes for the region and the coast",
            "Electric Mountain Board with Wireless Control",
            "Top 10 stories",
            "Top 10 Marvel moments",
            "Mayor 12 steps down",
        ] {
            assert!(!is_head_line(t), "{t}");
        }
    }
    #[test]
    fn production_credits() {
        for c in [
            "Reporting by Ana Lima in Porto; Editing by Tom Berg",
            "(Reporting by Ana Lima and Joe Reis; Writing by Sara Holt; Editing by Tom Berg)",
            "Additional reporting by Jan Novak.",
        ] {
            assert!(CREDITS_LINE.is_match(c), "{c}");
        }
        assert!(!CREDITS_LINE.is_match("Editing by hand took the archivists three years."));
    }
}

#[cfg(test)]
mod gate_tests {
    use super::*;

    /// The ASCII twin of the byline regex captures what the Unicode one
    /// does on ASCII text, and the gates pass every match.
    #[test]
    fn byline_twin_and_gates() {
        let lines = [
            "By Joshua Marks, JNS",
            "By Ana Lima, Tom Berg and Sara Holt",
            "By Ana Lima and Tom Berg, Harbour Post",
            "by JAN VAN DER BERG | Harbour Post",
            "Von Anna Schmidt und Jan Berg",
            "Par Marie Dupont et Luc Martin, Le Journal",
            "De Ana Lima e Joao Reis",
            "By Jane Roe for The Harbour Post.",
            "By Jane Roe in Porto",
            "By J. R. R. Tolkien-Smith, O'Neil Press",
            "By A B C D E F",
            "By the way, the meeting was postponed.",
            "By\tJane\u{0B}Roe",
            "di Marco Rossi",
            "door Pieter de Vries",
            "af Lars Holm",
        ];
        let ascii = BYLINE.ascii().map(|r| r.as_str().to_string());
        let ascii = ascii.as_deref().map(re);
        for l in lines {
            let u = BYLINE.unicode().captures(l);
            let a = ascii.as_ref().and_then(|r| r.captures(l));
            let names = |c: Option<regex::Captures>| {
                c.map(|c| {
                    (0..c.len())
                        .map(|i| c.get(i).map(|m| m.range()))
                        .collect::<Vec<_>>()
                })
            };
            assert_eq!(names(u), names(a), "{l:?}");
            if BYLINE.unicode().is_match(l) {
                assert!(byline_gate(l), "{l:?}");
            }
        }
        for l in [
            "Reporting by Ana Lima in Porto; Editing by Tom Berg",
            "(Reporting by Ana Lima and Joe Reis; Writing by Sara Holt)",
            "Additional reporting by Jan Novak.",
        ] {
            assert!(CREDITS_LINE.unicode().is_match(l) && CREDITS_LINE.is_match(l));
        }
        for l in [
            "April 2, 2024",
            "2 April 2024",
            "Published: 2024-04-02",
            "Mon, 2 April 2024",
        ] {
            assert!(
                DATE_LINE.unicode().is_match(l) && DATE_LINE.is_match(l),
                "{l}"
            );
        }
        for l in ["PORTO (Reuters) - The council", "ÉVORA - The council"] {
            assert!(
                DATELINE.unicode().is_match(l) && DATELINE.is_match(l),
                "{l}"
            );
        }
        assert!(CJK_BYLINE.is_match("记者 王芳"));
    }
}
