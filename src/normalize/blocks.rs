//! `blocks`: page furniture around the article in a scrape of a whole page
//! body (menus, sidebars, link lists, footers), told from the article by
//! the shape of each block and of its neighbours, in the spirit of jusText
//! (Pomikálek, *Removing Boilerplate and Duplicate Content from Web
//! Corpora*, 2011).
//!
//! 1. Each block is classed by its own evidence: length in characters and
//!    stopword density (the share of its words that are function words: "the",
//!    "of", "that"; running text is full of them, menus and link lists are
//!    not). Long and dense: `good`; medium and fairly dense: `near-good`;
//!    short: `short`; the rest: `bad`.
//! 2. Short and near-good blocks take the class their neighbours suggest
//!    (a short line between two good paragraphs is part of the article).
//! 3. The article's stretch runs from the first good block to the last.
//!
//! Precision first: only blocks **outside** that stretch can go, and only
//! when their own evidence and their neighbours' say `bad`, they do not read
//! as a sentence, they have at most 12 words (or hardly any function words),
//! they carry no numbers in a content pattern (scores, prices, quantities,
//! times) and they stand in a run of three or more such blocks (menus, link
//! lists and footers come in runs; an odd block alone is more likely the
//! article's). Lone candidates are flagged. The pass runs only on scraped
//! plain text in a language whose stopwords galley knows (English by its
//! own table; French, German, Spanish, Italian, Portuguese, Dutch, the
//! Nordic languages, Russian and others by NLTK's lists, from the
//! `stop-words` crate; other text is left alone), with enough text to
//! judge.
//!
//! Also kept: a date line, byline or attribution line (the article's own
//! head), anything above the body once structure has found the article's
//! byline or date in the text, and a run introduced by a line ending in a colon (a list the page
//! presents as its own).
//!
//! Measured on the 1,343 Dragnet pages (scraped text, after the other
//! passes): it removes 34,864 words at 0.990 removal precision (346 real
//! words, mostly related-story headlines that the gold text keeps) for +0.010
//! F1 (0.690 -> 0.700); on the 78 Readability pages it removes 251 words, all
//! related-story headlines that Readability keeps, F1 unchanged. On by
//! default since it reached the 0.99 a block-context pass must reach.

use super::vocab;
use super::{Context, Edits, Pass};
use crate::model::Draft;
use crate::model::block_text;
use std::collections::HashSet;

/// The pass.
pub struct Blocks;

/// jusText's default thresholds (characters and stopword density).
const LENGTH_LOW: usize = 70;
const LENGTH_HIGH: usize = 200;
const STOP_LOW: f64 = 0.30;
const STOP_HIGH: f64 = 0.32;
/// The share of stopwords in the whole text below which the text is not
/// taken for its language (English running text has 40-50%).
const LANGUAGE_MIN: f64 = 0.25;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Good,
    NearGood,
    Short,
    Bad,
}

struct Feature {
    chars: usize,
    words: usize,
    stop: usize,
}

/// The stopwords by length and first letter (all are ASCII, lower-case, at
/// most 12 bytes), each packed into one integer: a lookup compares a word's
/// key with the two or three keys of its slot.
static STOP_INDEX: std::sync::LazyLock<Vec<Vec<u128>>> = std::sync::LazyLock::new(|| {
    let mut v = vec![Vec::new(); 13 * 27];
    for w in vocab::STOPWORDS_EN {
        if let Some(k) = stop_slot(w.as_bytes()) {
            v[k].push(pack(w.as_bytes()));
        }
    }
    v
});

fn stop_slot(w: &[u8]) -> Option<usize> {
    let first = *w.first()?;
    (w.len() <= 12 && first.is_ascii_lowercase()).then(|| w.len() * 27 + usize::from(first - b'a'))
}

/// A word of at most 12 bytes as one integer (zero padded).
fn pack(w: &[u8]) -> u128 {
    let mut b = [0u8; 16];
    for (d, s) in b.iter_mut().zip(w) {
        *d = *s;
    }
    u128::from_le_bytes(b)
}

/// True for an English stopword, given lower-cased.
fn is_stop(w: &[u8]) -> bool {
    stop_slot(w).is_some_and(|k| STOP_INDEX[k].contains(&pack(w)))
}

/// `feature` for ASCII text: bytes, and a stack buffer for lower-casing.
fn feature_ascii(text: &str) -> Feature {
    let (mut words, mut stop) = (0, 0);
    for w in text
        .as_bytes()
        .split(|b| !(b.is_ascii_alphanumeric() || *b == b'\''))
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if w.len() > 12 {
            continue;
        }
        let mut buf = [0u8; 12];
        for (d, b) in buf.iter_mut().zip(w) {
            *d = b.to_ascii_lowercase();
        }
        stop += usize::from(is_stop(&buf[..w.len()]));
    }
    Feature {
        chars: text.len(),
        words,
        stop,
    }
}

/// `feature` with another language's stopwords (lower-case): words are
/// runs of letters and digits (an elision, `l'homme`, is two words).
fn feature_in(text: &str, stops: &HashSet<&str>) -> Feature {
    let (mut words, mut stop) = (0, 0);
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        stop += usize::from(stops.contains(w.to_lowercase().as_str()));
    }
    Feature {
        chars: text.chars().count(),
        words,
        stop,
    }
}

/// The stopwords of the article's language when it is not English and
/// NLTK has a list for it (French, German, Spanish, Italian, Portuguese,
/// Dutch, Swedish, Russian and more).
fn stoplist(language: Option<&str>) -> Option<HashSet<&'static str>> {
    let primary = language?.split(['-', '_']).next()?.to_ascii_lowercase();
    if primary == "en" {
        return None;
    }
    stop_words::lookup(&primary).map(|l| l.iter().copied().collect())
}

fn feature(text: &str) -> Feature {
    if text.is_ascii() {
        feature_ascii(text)
    } else {
        feature_general(text)
    }
}

/// An ASCII byte inside a word (letter, digit, `'`), lower-cased; 0 for any
/// other byte.
const WORD_BYTE: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        if b.is_ascii_alphanumeric() || b == b'\'' {
            t[i] = b.to_ascii_lowercase();
        }
        i += 1;
    }
    t
};

fn feature_general(text: &str) -> Feature {
    // One pass over the bytes, a word at a time; only non-ASCII characters
    // are decoded. A word is a run of letters, digits, `'` and `’`;
    // stopwords are short ASCII words, so a word is looked up only when all
    // of it is ASCII once `’` reads as `'` (its lower-cased bytes go into a
    // stack buffer) and it is at most 12 bytes as written.
    let bytes = text.as_bytes();
    let n = bytes.len();
    // The character at `i` (a non-ASCII one): whether it is a word
    // character, its lower-cased ASCII byte if it reads as one, its width.
    let decode = |i: usize| -> (bool, Option<u8>, usize) {
        match text.get(i..).and_then(|t| t.chars().next()) {
            Some('’') => (true, Some(b'\''), '’'.len_utf8()),
            Some(c) => (c.is_alphanumeric(), None, c.len_utf8()),
            None => (false, None, n - i),
        }
    };
    let (mut words, mut stop) = (0, 0);
    let mut buf = [0u8; 12];
    let mut i = 0;
    while i < n {
        // To the next word.
        let b = bytes[i];
        if b < 0x80 {
            if WORD_BYTE[usize::from(b)] == 0 {
                i += 1;
                continue;
            }
        } else {
            let (word, _, width) = decode(i);
            if !word {
                i += width;
                continue;
            }
        }
        // Through the word.
        words += 1;
        let (mut raw, mut len, mut ascii) = (0usize, 0usize, true);
        while i < n {
            let b = bytes[i];
            let (lower, width) = if b < 0x80 {
                let l = WORD_BYTE[usize::from(b)];
                if l == 0 {
                    break;
                }
                (Some(l), 1)
            } else {
                let (word, lower, width) = decode(i);
                if !word {
                    break;
                }
                (lower, width)
            };
            match lower {
                Some(l) => {
                    if let Some(slot) = buf.get_mut(len) {
                        *slot = l;
                    }
                    len += 1;
                }
                None => ascii = false,
            }
            raw += width;
            i += width;
        }
        if ascii && raw <= 12 {
            stop += usize::from(is_stop(&buf[..len]));
        }
    }
    Feature {
        chars: text.chars().count(),
        words,
        stop,
    }
}

fn classify(f: &Feature) -> Class {
    let density = if f.words == 0 {
        0.0
    } else {
        f.stop as f64 / f.words as f64
    };
    if f.chars < LENGTH_LOW {
        Class::Short
    } else if density >= STOP_HIGH && f.chars > LENGTH_HIGH {
        Class::Good
    } else if density >= STOP_LOW {
        Class::NearGood
    } else {
        Class::Bad
    }
}

/// The nearest class before (`step` = -1) or after (+1) block `i` that is
/// not short (and not near-good when `skip_near`); the edges count as bad.
#[cfg(test)]
fn neighbour(classes: &[Class], i: usize, step: isize, skip_near: bool) -> Class {
    let mut k = i as isize + step;
    while k >= 0 && (k as usize) < classes.len() {
        let c = classes[k as usize];
        if c != Class::Short && !(skip_near && c == Class::NearGood) {
            return c;
        }
        k += step;
    }
    Class::Bad
}

/// jusText's context-sensitive pass: short and near-good blocks take a
/// class from their neighbours.
fn resolve(initial: &[Class]) -> Vec<Class> {
    // Each block's nearest neighbours are found for all blocks in two
    // linear passes (a page of thousands of short blocks made a search per
    // block quadratic: 1,000,000 tiny paragraphs did not finish).
    let mut classes = initial.to_vec();
    // Short blocks first, looking past short and near-good neighbours.
    let (prev_far, next_far) = neighbours(&classes, true);
    let (prev_near, next_near) = neighbours(&classes, false);
    let mut out = classes.clone();
    for i in 0..classes.len() {
        if classes[i] != Class::Short {
            continue;
        }
        let (prev, next) = (prev_far[i], next_far[i]);
        out[i] = match (prev, next) {
            (Class::Good, Class::Good) => Class::Good,
            (Class::Bad, Class::Bad) => Class::Bad,
            _ => {
                let near_prev = prev_near[i] == Class::NearGood;
                let near_next = next_near[i] == Class::NearGood;
                if (prev == Class::Bad && near_prev) || (next == Class::Bad && near_next) {
                    Class::Good
                } else {
                    Class::Bad
                }
            }
        };
    }
    classes = out;
    // Then near-good blocks: bad only between two bad ones.
    let (prev_far, next_far) = neighbours(&classes, true);
    let mut out = classes.clone();
    for i in 0..classes.len() {
        if classes[i] != Class::NearGood {
            continue;
        }
        out[i] = if prev_far[i] == Class::Bad && next_far[i] == Class::Bad {
            Class::Bad
        } else {
            Class::Good
        };
    }
    out
}

/// [`neighbour`] before and after every block, in one pass each way.
fn neighbours(classes: &[Class], skip_near: bool) -> (Vec<Class>, Vec<Class>) {
    let counts = |c: Class| c != Class::Short && !(skip_near && c == Class::NearGood);
    let mut prev = Vec::with_capacity(classes.len());
    let mut last = Class::Bad;
    for &c in classes {
        prev.push(last);
        if counts(c) {
            last = c;
        }
    }
    let mut next = vec![Class::Bad; classes.len()];
    last = Class::Bad;
    for (slot, &c) in next.iter_mut().zip(classes).rev() {
        *slot = last;
        if counts(c) {
            last = c;
        }
    }
    (prev, next)
}

/// A line whose numbers make it content, whatever its shape: a score
/// (`Melbourne d. Cocoa 8-0`), a price (`VIP : 60,000₩`, `$12.50`), a
/// recipe quantity (`1/2 cup milk`, `3 large eggs`) or a phone number. Dates and times are not
/// (menus and teaser lists are full of them).
pub(super) fn numeric_content(t: &str) -> bool {
    let b = t.as_bytes();
    if !b.iter().any(u8::is_ascii_digit) {
        return false;
    }
    let is_d = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    // A score: `8-0`, `21-14` (one to three digits each side, not a date
    // like `2012-10-05`, not part of a longer number).
    let score = (1..b.len().saturating_sub(1)).any(|i| {
        b[i] == b'-' && is_d(i - 1) && is_d(i + 1) && {
            let l = (0..i).rev().take_while(|&k| is_d(k)).count();
            let r = (i + 1..b.len()).take_while(|&k| is_d(k)).count();
            let dash_before = i > l && b[i - 1 - l] == b'-';
            l <= 3 && r <= 3 && b.get(i + 1 + r) != Some(&b'-') && !dash_before
        }
    });
    let money = t.char_indices().any(|(i, c)| {
        matches!(c, '$' | '€' | '£' | '¥' | '₩')
            && (t[i + c.len_utf8()..]
                .trim_start()
                .starts_with(|d: char| d.is_ascii_digit())
                || t[..i].trim_end().ends_with(|d: char| d.is_ascii_digit()))
    });
    let words: Vec<&str> = t.split_whitespace().collect();
    let quantity = words.windows(2).any(|w| {
        let num = w[0].trim_end_matches(',');
        let is_num = !num.is_empty()
            && num
                .chars()
                .all(|c| c.is_ascii_digit() || c == '/' || c == '.')
            && num.starts_with(|c: char| c.is_ascii_digit());
        let unit = w[1]
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        is_num && vocab::RECIPE_UNITS.contains(&unit.as_str())
    });
    // A phone number: digit groups joined by `-`, eight digits or more
    // (`02-751-1500`), not a date (`2012-10-05`).
    let phone = t.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_ascii_digit());
        let groups: Vec<&str> = w.split('-').collect();
        groups.len() >= 2
            && groups
                .iter()
                .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
            && groups.iter().map(|g| g.len()).sum::<usize>() >= 8
            && !(groups.len() == 3 && groups[0].len() == 4 && groups[1].len() == 2)
    });
    score || money || quantity || phone
}

impl Pass for Blocks {
    fn name(&self) -> &'static str {
        "blocks"
    }

    fn propose(&self, draft: &Draft, _cx: &Context, edits: &mut Edits) {
        if draft.authored || !draft.plain || draft.items.len() < 8 {
            return;
        }
        let texts: Vec<String> = draft.items.iter().map(|i| block_text(&i.block)).collect();
        // English by galley's own table; another language by its NLTK list,
        // unless English function words are the denser (a guess of `fr` at
        // 20% on an English page).
        let total = |f: &[Feature]| f.iter().fold((0, 0), |(w, s), f| (w + f.words, s + f.stop));
        let english: Vec<Feature> = texts.iter().map(|t| feature(t)).collect();
        let features = match stoplist(draft.meta.language.as_deref()) {
            Some(stops) => {
                let other: Vec<Feature> = texts.iter().map(|t| feature_in(t, &stops)).collect();
                let ((ew, es), (ow, os)) = (total(&english), total(&other));
                // os / ow > es / ew, without dividing.
                if os * ew > es * ow { other } else { english }
            }
            None => english,
        };
        let (words, stop) = total(&features);
        if words < 150 || (stop as f64) < LANGUAGE_MIN * words as f64 {
            return;
        }
        let initial: Vec<Class> = features.iter().map(classify).collect();
        let classes = resolve(&initial);
        // The article's stretch: from the first good block to the last. (The
        // maximum-sum run of good minus bad characters is tighter but cut
        // real text on pages whose article holds a long list: 0.907 removal
        // precision on the Dragnet pages against 0.983 for this.)
        let first = classes.iter().position(|c| *c == Class::Good);
        let last = classes.iter().rposition(|c| *c == Class::Good);
        let Some((a, b)) = first.zip(last).map(|(a, b)| (a, b + 1)) else {
            return;
        };
        // Not enough article to stand on: leave the page alone.
        let good_chars: usize = (a..b)
            .filter(|&i| classes[i] == Class::Good)
            .map(|i| features[i].chars)
            .sum();
        if good_chars < 400 {
            return;
        }
        let n = draft.items.len();
        // Candidates: outside the article's stretch, bad by their own
        // evidence and by their neighbours', and not reading as prose.
        const MAX_WORDS: usize = 12;
        const MIN_RUN: usize = 3;
        let candidate: Vec<bool> = (0..n)
            .map(|i| {
                // After the article's stretch only at the page's end (not
                // above a comment section that `comment-section` cut).
                (i < a || (i >= b && !draft.tail_cut))
                    && classes[i] == Class::Bad
                    && matches!(initial[i], Class::Bad | Class::Short)
                    && !texts[i].trim().is_empty()
                    && !super::context::is_prose(texts[i].trim())
                    && !super::context::is_sentence(texts[i].trim())
                    // Long lines with some function words may be teasers or
                    // the article's own lists: doubtful, kept.
                    && (features[i].words <= MAX_WORDS
                        || (features[i].stop as f64) < 0.15 * features[i].words as f64)
                    // Numbers in a content pattern: scores, prices, quantities.
                    && !numeric_content(texts[i].trim())
                    // The article's own head: a date line or a byline.
                    && !super::structure::is_head_line(texts[i].trim())
            })
            .collect();
        // Furniture comes in runs (a menu, a link list, a footer): an
        // isolated odd block is more likely the article's own.
        let mut in_run = vec![false; n];
        let mut i = 0;
        // The end of the last introduced list: a list under its own
        // subheads (`Upcoming screenings:`, `November 9th`, venues,
        // `November 15th`, venues) goes on after a line or two.
        let mut list_end: Option<usize> = None;
        let mut listed = vec![false; n];
        while i < n {
            if !candidate[i] {
                i += 1;
                continue;
            }
            let start = i;
            while i < n && candidate[i] {
                i += 1;
            }
            // A run introduced by a line ending in a colon (`Popular
            // projects:`) is a list the page presents as its own: kept.
            // The colon may stand a line or two above (a date subhead
            // between it and the list).
            // Only subheads stand between: blank lines, dates, numbers.
            let subheads = |r: std::ops::Range<usize>| {
                r.clone().all(|k| {
                    let t = texts[k].trim();
                    t.is_empty() || super::structure::is_head_line(t) || numeric_content(t)
                })
            };
            let colon = (start.saturating_sub(3)..start)
                .rev()
                .find(|&k| texts[k].trim_end().ends_with(':'));
            let introduced = texts[start].trim_end().ends_with(':')
                || colon.is_some_and(|c| (c + 1..start).all(|k| !candidate[k]))
                || list_end.is_some_and(|e| start - e <= 3 && subheads(e..start));
            if introduced {
                list_end = Some(i);
                listed[start..i].iter_mut().for_each(|x| *x = true);
            }
            if i - start >= MIN_RUN && !introduced {
                in_run[start..i].iter_mut().for_each(|x| *x = true);
            }
        }
        // Structure found the article's byline or date at the top of the
        // text: what stands between it and the body is the article's own
        // (a kicker, a list, a subhead), not a menu.
        let headed = super::structure::head_found(draft);
        for i in (0..a).chain(b..n) {
            if !candidate[i] {
                continue;
            }
            let f = &features[i];
            let why = format!(
                "outside the article's stretch (blocks {}..{}): {} words, {} function words",
                a + 1,
                b,
                f.words,
                f.stop
            );
            if i < a && headed {
                edits.flag(i, "kept: between the article's head and its body", why);
            } else if in_run[i] {
                edits.remove(i, "furniture", why);
            } else if listed[i] {
                edits.flag(i, "kept: a list introduced by a colon", why);
            } else {
                edits.flag(i, "kept: not in a run", why);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The char-by-char definition the byte scanner must agree with.
    fn feature_reference(text: &str) -> (usize, usize, usize) {
        let mut words = 0;
        let mut stop = 0;
        for w in text
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .filter(|w| !w.is_empty())
        {
            words += 1;
            if w.len() > 12 {
                continue;
            }
            let lw: String = w
                .chars()
                .flat_map(|c| {
                    if c == '’' {
                        vec!['\'']
                    } else {
                        c.to_lowercase().collect()
                    }
                })
                .collect();
            stop += usize::from(is_stop(lw.as_bytes()));
        }
        (text.chars().count(), words, stop)
    }

    proptest::proptest! {
        /// The two-pass neighbours are the nearest-block search's.
        #[test]
        fn neighbours_match_the_search(v in proptest::collection::vec(0u8..4, 0..60), skip in proptest::bool::ANY) {
            let classes: Vec<Class> = v
                .iter()
                .map(|k| [Class::Good, Class::NearGood, Class::Short, Class::Bad][usize::from(*k)])
                .collect();
            let (prev, next) = neighbours(&classes, skip);
            for i in 0..classes.len() {
                proptest::prop_assert_eq!(prev[i], neighbour(&classes, i, -1, skip));
                proptest::prop_assert_eq!(next[i], neighbour(&classes, i, 1, skip));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn byte_scanner_matches_the_char_definition(
            t in "([a-zA-Z' ’‘“”—….,éÉßЖж中\u{a0}\u{2003}0-9-]|the |Of |don’t |isn't |’’isn’t ){0,40}"
        ) {
            let g = feature_general(&t);
            proptest::prop_assert_eq!((g.chars, g.words, g.stop), feature_reference(&t));
            let f = feature(&t);
            proptest::prop_assert_eq!((f.chars, f.words, f.stop), feature_reference(&t));
        }
    }

    #[test]
    fn general_features_match_the_char_definition() {
        for t in [
            "“We listened, and we acted,” said the council’s chair, who added that fares would not change.",
            "Ünïcode  ÉTÉ 42 — the end; don’t, isn’t’",
            "中文的句子 and the English",
            "’’’ ’the’",
        ] {
            let g = feature_general(t);
            assert_eq!((g.chars, g.words, g.stop), feature_reference(t), "{t}");
        }
    }

    #[test]
    fn ascii_features_match_the_general_path() {
        for t in [
            "The council said on Tuesday that it would not raise the fares.",
            "Home | News | Sport | Weather",
            "Don't stop: it's THE end of an era, isn't it? Nevertheless-notwithstanding",
            "",
        ] {
            let (a, g) = (feature_ascii(t), feature_general(t));
            assert_eq!(
                (a.chars, a.words, a.stop),
                (g.chars, g.words, g.stop),
                "{t}"
            );
        }
    }

    #[test]
    fn classes_follow_length_and_stopwords() {
        let c = |s: &str| classify(&feature(s));
        assert_eq!(c("Home"), Class::Short);
        assert_eq!(
            c(
                "Politics World Business Technology Science Health Sports Entertainment Opinion Video Photos"
            ),
            Class::Bad
        );
        assert_eq!(
            c(
                "The council said on Tuesday that it would not raise the fares for the ferry this year, because the operator had found the money in its own budget and the government had agreed to help with the rest of the cost of the new boats."
            ),
            Class::Good
        );
    }

    #[test]
    fn a_short_line_between_good_paragraphs_is_good() {
        use Class::*;
        assert_eq!(resolve(&[Good, Short, Good]), [Good, Good, Good]);
        assert_eq!(resolve(&[Bad, Short, Bad]), [Bad, Bad, Bad]);
        assert_eq!(resolve(&[Bad, NearGood, Good]), [Bad, Good, Good]);
        assert_eq!(resolve(&[Bad, NearGood, Bad]), [Bad, Bad, Bad]);
    }

    #[test]
    fn numbers_in_content_patterns() {
        assert!(numeric_content("Melbourne d. Cocoa 8-0"));
        assert!(numeric_content("VIP : 60,000₩ R : 50,000₩"));
        assert!(numeric_content("1/2 cup milk"));
        assert!(numeric_content("3 large eggs plus enough cream"));
        assert!(numeric_content("$12.50 a ticket"));
        assert!(!numeric_content("Top 10 stories"));
        assert!(!numeric_content("by Mike on Nov 1st 2012 8:00PM"));
        assert!(!numeric_content("Posted 2012-10-05"));
        assert!(numeric_content("Inquiry 02-751-1500"));
    }
}
