//! Matching lines against a [`Vocab`]: promo labels, boilerplate lines,
//! bylines, job-title lines and date lines. Precision first: a label
//! removes a line only when the line is the label, or the label plus a
//! teaser, a link or a name of bounded shape, never a sentence that starts
//! with the same words.

use super::{Entry, Kind, Label, Lang, NETWORKS, Vocab};
use crate::model::date;
use crate::text::literals::Literals;
use std::sync::LazyLock;

/// [`NETWORKS`], found in one pass.
static NETWORK_SET: LazyLock<Literals> = LazyLock::new(|| Literals::new(NETWORKS.iter().copied()));

/// A line that matched: the rule, the language whose table matched and
/// the literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Rule name (`read-also`, `share`, `advertisement`, …).
    pub rule: &'static str,
    /// The language of the table that matched.
    pub lang: &'static str,
    /// The label or phrase that matched.
    pub label: &'static str,
}

impl Hit {
    fn new(rule: &'static str, lang: &Lang, label: &'static str) -> Self {
        Hit {
            rule,
            lang: lang.code,
            label,
        }
    }

    /// The finding's reason: `a promo label (fr: "lire aussi")`.
    pub fn reason(&self, what: &str) -> String {
        format!("{what} ({}: \"{}\")", self.lang, self.label)
    }
}

/// A byline read with a language's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Byline {
    /// The names.
    pub authors: Vec<String>,
    /// The publication, when the line names one after the names.
    pub source: Option<String>,
    /// A date written after the names (`بقلم John Smith · 13 مارس 2025`).
    pub date: Option<String>,
    /// The line named the author's job title after the names (dropped).
    pub role: bool,
}

/// Longest line any of these rules judges, in characters.
const MAX_CHARS: usize = 400;

/// Characters trimmed around a whole-line label.
fn label_trim(c: char) -> bool {
    c.is_whitespace() || ":.!…|·•-–—()[]【】「」<>»«*_#+".contains(c)
}

/// Scripts written without spaces between words (Chinese, Japanese): a
/// literal ending in one of their characters needs no word boundary after
/// it, nor one followed by one.
fn unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Hangul: Korean attaches particles to words (`쿠키를`), so a literal
/// ending in Hangul needs no boundary either.
fn hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F)
}

/// A line and its lower-case form.
struct Line<'a> {
    text: &'a str,
    lower: String,
}

impl<'a> Line<'a> {
    fn new(text: &'a str) -> Option<Self> {
        let text = text.trim();
        if text.is_empty() || text.len() > 4 * MAX_CHARS || text.chars().count() > MAX_CHARS {
            return None;
        }
        Some(Line {
            text,
            lower: text.to_lowercase(),
        })
    }

    fn chars(&self) -> usize {
        self.text.chars().count()
    }

    /// The original text after a lower-case prefix `lit` (`None` when
    /// lower-casing changed the prefix's length, or no word boundary
    /// follows it).
    fn after(&self, lit: &str, boundary: bool) -> Option<&'a str> {
        if !self.lower.starts_with(lit) {
            return None;
        }
        let n = lit.chars().count();
        let at = self
            .text
            .char_indices()
            .nth(n)
            .map_or(self.text.len(), |(i, _)| i);
        let head = &self.text[..at];
        if head.to_lowercase() != lit {
            return None;
        }
        let rest = &self.text[at..];
        let last = lit.chars().last().unwrap_or(' ');
        let next = rest.chars().next();
        let ok = !boundary
            || !last.is_alphanumeric()
            || unspaced(last)
            || hangul(last)
            || next.is_none_or(|c| !c.is_alphanumeric() || unspaced(c));
        ok.then_some(rest)
    }
}

impl Vocab {
    /// The entries of `kind` the line starts with, longest first, with the
    /// text after each.
    fn starts<'v, 'a>(
        &'v self,
        line: &'v Line<'a>,
        kind: Kind,
        boundary: bool,
    ) -> impl Iterator<Item = (&'v Entry, &'a str)> + 'v {
        line.lower
            .chars()
            .next()
            .and_then(|c| self.first.get(&c))
            .into_iter()
            .flatten()
            .filter(move |e| e.kind == kind)
            .filter_map(move |e| Some((e, line.after(e.lit, boundary)?)))
    }

    /// True when some literal of one of `kinds` starts with the text's
    /// first character (in lower case): the cheap test before a line is
    /// lower-cased.
    fn may_start(&self, text: &str, kinds: &[Kind]) -> bool {
        text.trim_start()
            .chars()
            .next()
            .and_then(|c| c.to_lowercase().next())
            .and_then(|c| self.first.get(&c))
            .is_some_and(|v| v.iter().any(|e| kinds.contains(&e.kind)))
    }

    /// True when the line reports speech in one of the languages.
    fn speech(&self, line: &Line) -> bool {
        self.said
            .any(&line.lower, |s| contains_word(&line.lower, s))
    }

    /// A promo line: a label alone (rule `label`; the promos pass reports
    /// it as `related-label`, and removes a list of headlines under it), or
    /// label + separator + teaser (`read-also`).
    pub fn promo(&self, text: &str) -> Option<Hit> {
        if text.len() > 4 * 260 || !self.may_start(text, &[Kind::Promo]) {
            return None;
        }
        let line = Line::new(text)?;
        if line.chars() > 260 {
            return None;
        }
        self.starts(&line, Kind::Promo, true).find_map(|(e, rest)| {
            let rest = rest.trim_start();
            if rest
                .chars()
                .all(|c| c.is_whitespace() || ":.…»›>!".contains(c))
            {
                return Some(Hit::new("label", e.lang, e.lit));
            }
            let sep = rest.chars().next()?;
            if !":：|›»>–—-•·".contains(sep) {
                return None;
            }
            let teaser = rest[sep.len_utf8()..].trim_start();
            let first = teaser.chars().next()?;
            (!first.is_lowercase() && teaser.chars().count() <= 220)
                .then(|| Hit::new("read-also", e.lang, e.lit))
        })
    }

    /// A boilerplate line: a share, advertisement or subscribe label, a
    /// share row, a follow, newsletter or cookie prompt, a copyright line.
    pub fn boilerplate(&self, text: &str) -> Option<Hit> {
        // Past 180 characters only newsletter (230) and cookie (400) prompts
        // are possible, and each starts with a literal: a long paragraph
        // costs a length test and a lookup.
        let long = text.len() > 4 * 180 || (text.len() > 180 && text.chars().count() > 180);
        if long && !self.may_start(text, &[Kind::Newsletter, Kind::Cookie]) {
            return None;
        }
        let line = Line::new(text)?;
        let n = line.chars();
        let bare = line.lower.trim_matches(label_trim);
        if let Some((&lit, &(label, lang))) = self.labels.get_key_value(bare) {
            let rule = match label {
                Label::Share => "share",
                Label::Ad => "advertisement",
                Label::Subscribe => "newsletter",
            };
            return Some(Hit::new(rule, lang, lit));
        }
        if n <= 200
            && let Some(hit) = self.share_row(bare)
        {
            return Some(hit);
        }
        if line.text.starts_with('ⓒ') && n <= 180 {
            return Some(Hit {
                rule: "copyright",
                lang: "",
                label: "ⓒ",
            });
        }
        let speech = || self.speech(&line);
        // A network named in a script with prefixes (Hebrew `בפייסבוק`)
        // is found anywhere; a Latin one as a word.
        let network = || {
            NETWORK_SET.any(&line.lower, |w| {
                if w.is_ascii() {
                    contains_word(&line.lower, w)
                } else {
                    line.lower.contains(w)
                }
            })
        };
        if n <= 150
            && let Some((e, _)) = self.starts(&line, Kind::Follow, false).next()
            && network()
        {
            return Some(Hit::new("follow", e.lang, e.lit));
        }
        if n <= 120
            && network()
            && let Some((lang, lit)) = self
                .langs
                .iter()
                .flat_map(|l| l.follow_end.iter().map(move |f| (*l, *f)))
                .find(|(_, f)| line.lower.trim_end_matches(label_trim).ends_with(f))
        {
            return Some(Hit::new("follow", lang, lit));
        }
        if n <= 230
            && let Some((e, _)) = self.starts(&line, Kind::Newsletter, true).find(|(e, _)| {
                e.lang
                    .newsletter_words
                    .iter()
                    .chain(&["newsletter"])
                    .any(|w| line.lower.contains(w))
            })
            && !speech()
        {
            return Some(Hit::new("newsletter", e.lang, e.lit));
        }
        if let Some((e, _)) = self.starts(&line, Kind::Cookie, true).next()
            && !speech()
        {
            return Some(Hit::new("cookies", e.lang, e.lit));
        }
        if n <= 180 {
            return self.rights(&line).filter(|_| !speech());
        }
        None
    }

    /// A copyright line: it starts with a rights phrase (then nothing, or a
    /// `©`, a year, a separator), ends with one, or holds one beside `©`.
    fn rights(&self, line: &Line) -> Option<Hit> {
        if let Some((e, rest)) = self.starts(line, Kind::Rights, true).next() {
            let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || ".,;".contains(c));
            if rest.is_empty()
                || rest.starts_with(|c: char| c.is_ascii_digit() || "©ⓒ(|-–—·".contains(c))
            {
                return Some(Hit::new("copyright", e.lang, e.lit));
            }
        }
        let trimmed = line.lower.trim_end_matches(label_trim);
        let signed = ["©", "ⓒ", "(c)"].iter().any(|s| line.lower.contains(s));
        self.langs
            .iter()
            .flat_map(|l| l.rights.iter().map(move |r| (*l, *r)))
            .find(|(_, r)| trimmed.ends_with(r) || (signed && line.lower.contains(r)))
            .map(|(l, r)| Hit::new("copyright", l, r))
    }

    /// A row of share buttons and network names (two or more).
    fn share_row(&self, bare: &str) -> Option<Hit> {
        let mut rest = bare;
        let mut count = 0;
        let mut label = None;
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || "|·•/,:-–—".contains(c));
            if rest.is_empty() {
                break;
            }
            let tok = self.row.iter().find(|t| {
                rest.starts_with(**t)
                    && rest[t.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| c.is_whitespace() || "|·•/,:-–—".contains(c))
            })?;
            if label.is_none() && !NETWORKS.contains(tok) {
                label = Some(*tok);
            }
            rest = &rest[tok.len()..];
            count += 1;
        }
        if count < 2 {
            return None;
        }
        let lang = label
            .and_then(|l| self.langs.iter().find(|g| g.share.contains(&l)))
            .map_or("", |g| g.code);
        Some(Hit {
            rule: "share-row",
            lang,
            label: label.unwrap_or("networks"),
        })
    }

    /// A byline in one of the languages: lead word + names, or names +
    /// a word after them (`김민수 기자`); then optionally a publication or
    /// a job title after a comma, and a date after a separator.
    pub fn byline(&self, text: &str, language: Option<&str>) -> Option<Byline> {
        let line = Line::new(text)?;
        if line.chars() > 160 {
            return None;
        }
        let rest = self
            .starts(&line, Kind::Byline, true)
            .map(|(_, r)| r)
            .next();
        let (names, date) = match rest {
            Some(r) => {
                let r = r.trim_start_matches(|c: char| c.is_whitespace() || ":：".contains(c));
                split_date(r, language)
            }
            None => {
                let (head, date) = split_date(line.text, language);
                (self.strip_after(head)?, date)
            }
        };
        let mut role = false;
        let mut source = None;
        let mut names = names.trim();
        if let Some((n, extra)) = names.split_once([',', '|']) {
            let extra = extra.trim();
            if self.has_role(&extra.to_lowercase()) {
                role = true;
            } else if !extra.is_empty() && extra.chars().count() <= 61 {
                source = Some(extra.to_string());
            }
            names = n.trim();
        }
        let authors = self.names(names)?;
        Some(Byline {
            authors,
            source,
            date,
            role,
        })
    }

    /// Names followed by a byline word (`김민수 기자`, `山田太郎記者`), with
    /// an e-mail address after it dropped: the names.
    fn strip_after<'a>(&self, text: &'a str) -> Option<&'a str> {
        let mut t = text.trim();
        if let Some((head, last)) = t.rsplit_once(char::is_whitespace)
            && last.contains('@')
        {
            t = head.trim_end();
        }
        self.langs
            .iter()
            .flat_map(|l| l.byline_after.iter())
            .find_map(|w| t.strip_suffix(w))
            .map(str::trim_end)
            .filter(|n| !n.is_empty())
    }

    /// The names of a byline: one to four names joined by commas, `、`, `·`
    /// or an "and" word; each of one to five words with no digits, cased
    /// words capitalised (particles `de`, `van`, `al` aside).
    fn names(&self, text: &str) -> Option<Vec<String>> {
        if text.is_empty() || text.chars().count() > 90 {
            return None;
        }
        let and: Vec<&str> = self
            .langs
            .iter()
            .flat_map(|l| l.and_words.iter().copied())
            .chain(["and", "&"])
            .collect();
        let mut names = Vec::new();
        for part in text.split([',', '、', '，', '·', '/', ';']) {
            let mut current: Vec<&str> = Vec::new();
            for w in part.split_whitespace() {
                if and.contains(&w.to_lowercase().as_str()) {
                    if current.is_empty() {
                        return None;
                    }
                    names.push(current.join(" "));
                    current.clear();
                } else {
                    current.push(w);
                }
            }
            if !current.is_empty() {
                names.push(current.join(" "));
            } else if !part.trim().is_empty() {
                return None;
            }
        }
        let ok = !names.is_empty() && names.len() <= 4 && names.iter().all(|n| is_name(n));
        ok.then_some(names)
    }

    /// True when `lower` holds a job title at the start of a word.
    fn has_role(&self, lower: &str) -> bool {
        self.langs
            .iter()
            .flat_map(|l| l.roles.iter())
            .any(|r| starts_word(lower, r))
    }

    /// A short line that names the author's job (`Korrespondent in
    /// Berlin`, `специальный корреспондент`).
    pub fn role_line(&self, text: &str) -> bool {
        let t = text.trim();
        let words = t.split_whitespace().count();
        t.chars().count() <= 80
            && (1..=8).contains(&words)
            && !t.ends_with(['.', '!', '?', '。'])
            && !t.chars().any(|c| c.is_ascii_digit())
            && self.has_role(&t.to_lowercase())
    }

    /// A date line: an optional label, then a date (and time) and nothing
    /// else, possibly a second labelled date after a comma (`Publié le 14
    /// janvier 2025 à 07h42, mis à jour le 15 janvier 2025 à 10h00`). The
    /// date's text.
    pub fn date_line(&self, text: &str, language: Option<&str>) -> Option<String> {
        let line = Line::new(text)?;
        if line.chars() > 120 {
            return None;
        }
        let whole = |t: &str| date::scan(t, language).whole;
        let rest = self.unlabel(&line).unwrap_or(line.text);
        if whole(rest) {
            return Some(rest.to_string());
        }
        let mut parts = rest.split([',', '|', '·']);
        let first = parts.next()?.trim();
        let others_ok = parts.all(|p| {
            let p = p.trim();
            Line::new(p).is_some_and(|l| whole(self.unlabel(&l).unwrap_or(p)))
        });
        (whole(first) && others_ok).then(|| first.to_string())
    }

    /// The text after a date label, `None` when the line has none.
    fn unlabel<'a>(&self, line: &Line<'a>) -> Option<&'a str> {
        self.starts(line, Kind::DateLabel, true)
            .map(|(_, r)| r.trim_start_matches(|c: char| c.is_whitespace() || ":：".contains(c)))
            .find(|r| !r.is_empty())
    }
}

/// Splits a trailing date off a byline (`John Smith · 13 مارس 2025`).
fn split_date<'a>(text: &'a str, language: Option<&str>) -> (&'a str, Option<String>) {
    for (i, c) in text.char_indices().rev() {
        if "·|•—–-,".contains(c) {
            let tail = text[i + c.len_utf8()..].trim();
            if !tail.is_empty() && date::scan(tail, language).whole {
                return (text[..i].trim_end(), Some(tail.to_string()));
            }
        }
    }
    (text, None)
}

/// A person's name: one to five words of letters (no digits, no sentence
/// punctuation); a word of a cased script starts with a capital, except
/// the particles of names.
fn is_name(n: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "de", "da", "del", "der", "den", "van", "von", "bin", "al", "el", "la", "le", "du", "dos",
        "di", "ibn", "ten", "ter", "y",
    ];
    let words: Vec<&str> = n.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 5
        && n.chars().count() <= 50
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || is_mark(c) || "'’.-‐".contains(c))
                && (PARTICLES.contains(w)
                    || w.chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || !c.is_lowercase()))
        })
        && words.iter().any(|w| !PARTICLES.contains(w))
}

/// Combining marks (Devanagari vowel signs, Hebrew points): part of words.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0591..=0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0670 | 0x06D6..=0x06ED | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957
        | 0x0962..=0x0963 | 0x200C..=0x200D)
}

/// True when `lit` occurs in `text` at the start of a word.
fn starts_word(text: &str, lit: &str) -> bool {
    text.match_indices(lit).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// True when `lit` occurs in `text` as a whole word (or, for a literal of
/// an unspaced script, anywhere).
fn contains_word(text: &str, lit: &str) -> bool {
    if lit.chars().next().is_some_and(unspaced) {
        return text.contains(lit);
    }
    text.match_indices(lit).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + lit.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}
