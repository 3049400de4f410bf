//! The artifact passes: promos, delimiters, boilerplate, crumbs and photo
//! credits. Each checks whole blocks against its rules (see `rules/`) and
//! removes what matches, unless a `keep` pattern protects it.

use super::lang::{Vocab, vocab};
use super::rules;
use super::{Context, Edits, Op, Pass};
use crate::model::{Block, block_text};
use crate::model::{Draft, Item};
use crate::text::rules::{Compiled, MAX_RULE_CHARS, compile, first_match};
use regex::{Regex, RegexSet};
use std::sync::LazyLock;

/// Which artifact family a pass handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArtifactKind {
    /// Promo lines.
    Promos,
    /// Delimiter lines.
    Delimiters,
    /// Boilerplate lines.
    Boilerplate,
    /// Navigation/share crumbs.
    Crumbs,
    /// Photo credits.
    Credits,
}

static PROMOS: LazyLock<Compiled> = LazyLock::new(|| compile(rules::PROMOS));
static DELIMS: LazyLock<Compiled> = LazyLock::new(|| compile(rules::DELIMITERS));
static BOILER: LazyLock<Compiled> = LazyLock::new(|| compile(rules::BOILERPLATE));
/// The longest `read-headline` line, in characters.
const READ_HEADLINE_MAX: usize = 180;
/// `Read` + plain space + a headline (capitalised, no final full stop).
static READ_HEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Read|READ)\s+[\p{Lu}“‘\x22'0-9][^.!?]{0,160}[^.!?:;,\s]$")
        .unwrap_or_else(|_| never())
});
/// Reported speech: boilerplate never attributes words to someone, so a
/// boilerplate-looking line with `said`/`told`/`wrote` is kept (and flagged).
static SPEECH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:said|says|told|tells|wrote|writes|asked|added|according to|urged|warned|dijo|afirmó|a dit|a déclaré|sagte|erklärte|disse|afirmou|řekl|uvedl)(?-u:\b)",
    )
    .unwrap_or_else(|_| never())
});
/// Author-meant section breaks.
static SECTION_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\*\s*\*\s*\*|⁂|•\s*•\s*•|#)$").unwrap_or_else(|_| never()));

use crate::text::rules::never;

fn crumb_word(text: &str) -> Option<bool> {
    // At most 40 characters after trimming: longer text is never a crumb.
    if text.len() > 4 * 40 + 16 {
        return None;
    }
    let t = text
        .trim()
        .trim_end_matches([':', '.', '…', '›', '»', '|'])
        .trim()
        .to_lowercase();
    if t.is_empty() || t.chars().count() > 40 {
        return None;
    }
    if rules::CRUMBS.contains(&t.as_str()) {
        Some(true)
    } else if rules::SECTION_NAMES.contains(&t.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// The text a rule sees: the block's text, trimmed.
use super::para_text as text_of;

/// Classifies one block's text for `kind` with the article's vocabulary:
/// `Some((rule, reason))` when it is an artifact.
pub fn classify(kind: ArtifactKind, text: &str, vocab: &Vocab) -> Option<(&'static str, String)> {
    // Promos: the languages' labels first, so that a label of the older
    // non-English rows of the English tables reads as its language's.
    if kind == ArtifactKind::Promos
        && let Some(h) = vocab.promo(text)
    {
        // A bare label of another language heads a related-articles list
        // (`related-list`); the English bare labels leave theirs to
        // `tail-run` (measured on both corpora).
        let rule = if h.rule == "label" {
            "related-label"
        } else {
            h.rule
        };
        return Some((rule, h.reason("a promo label")));
    }
    let english = classify_english(kind, text).map(|r| (r, String::new()));
    english.or_else(|| match kind {
        ArtifactKind::Boilerplate => vocab
            .boilerplate(text)
            .filter(|_| !SPEECH.is_match(text))
            .map(|h| (h.rule, h.reason(boilerplate_what(h.rule)))),
        _ => None,
    })
}

/// What a boilerplate rule found, for the finding's reason.
fn boilerplate_what(rule: &str) -> &'static str {
    match rule {
        "share" => "a share button",
        "share-row" => "a row of share buttons",
        "advertisement" => "an advertisement label",
        "newsletter" => "a newsletter or subscription prompt",
        "follow" => "a follow-us prompt",
        "cookies" => "a cookie notice",
        "browser-notice" => "a notice about the reader's browser",
        "copyright" => "a copyright line",
        _ => "boilerplate",
    }
}

/// The English rule tables (with their older French, German, Spanish,
/// Portuguese, Czech and CJK rows): `Some(rule)` when one matches.
fn classify_english(kind: ArtifactKind, text: &str) -> Option<&'static str> {
    // Every rule is anchored and bounded (the longest can match about 450
    // characters), so long paragraphs are never artifacts: skip them cheaply.
    // A character is at most four bytes: longer texts need no counting.
    if text.is_empty() || text.len() > 4 * MAX_RULE_CHARS {
        return None;
    }
    let chars = text.chars().count();
    if chars > MAX_RULE_CHARS {
        return None;
    }
    match kind {
        ArtifactKind::Promos => first_match(&PROMOS, text, chars).or_else(|| {
            // Case-sensitive `^(?:Read|READ)`: checked before the regex compiles.
            (chars <= READ_HEADLINE_MAX
                && (text.starts_with("Read") || text.starts_with("READ"))
                && READ_HEADLINE.is_match(text))
            .then_some("read-headline")
        }),
        ArtifactKind::Delimiters => first_match(&DELIMS, text, chars),
        ArtifactKind::Boilerplate => {
            first_match(&BOILER, text, chars).filter(|_| !SPEECH.is_match(text))
        }
        ArtifactKind::Credits => crate::text::credit::credit_rule(text, chars),
        ArtifactKind::Crumbs => (crumb_word(text) == Some(true)).then_some("crumb"),
    }
}

/// One artifact pass.
pub struct Artifacts(pub ArtifactKind);

impl Pass for Artifacts {
    fn name(&self) -> &'static str {
        match self.0 {
            ArtifactKind::Promos => "promos",
            ArtifactKind::Delimiters => "delimiters",
            ArtifactKind::Boilerplate => "boilerplate",
            ArtifactKind::Crumbs => "crumbs",
            ArtifactKind::Credits => "credits",
        }
    }

    fn propose(&self, draft: &Draft, _cx: &Context, edits: &mut Edits) {
        let kind = self.0;
        let vocab = vocab(draft.meta.language.as_deref());
        let mut related = Vec::new();
        let menu = if kind == ArtifactKind::Crumbs {
            mark_menus(&draft.items, edits)
        } else {
            Vec::new()
        };
        for (k, item) in draft.items.iter().enumerate() {
            if menu.get(k) == Some(&true) {
                continue;
            }
            if let Block::List { items, .. } = &item.block {
                // Judge list items one by one (menus are often lists).
                for (j, it) in items.iter().enumerate() {
                    let t = it.iter().map(block_text).collect::<Vec<_>>().join(" ");
                    if let Some((rule, why)) = classify(kind, t.trim(), vocab) {
                        edits.push(Some(k), Op::RemoveItem(j), rule, why);
                    }
                }
                continue;
            }
            let Some(text) = text_of(&item.block) else {
                continue;
            };
            let Some((rule, why)) = classify(kind, &text, vocab) else {
                continue;
            };
            if kind == ArtifactKind::Delimiters
                && SECTION_BREAK.is_match(&text)
                && between_prose(&draft.items, k)
            {
                edits
                    .push(
                        Some(k),
                        Op::Replace(Block::Break),
                        "section-break",
                        "a delimiter between two paragraphs marks a section break",
                    )
                    .text(text.into_owned());
                continue;
            }
            // A bare `Comments` between two paragraphs is a subheading of
            // the article (an article about code comments), not a
            // section's label: kept, flagged.
            if kind == ArtifactKind::Boilerplate
                && rule == "comments"
                && !text.bytes().any(|b| b.is_ascii_digit())
                && between_paragraphs(&draft.items, k)
            {
                edits.flag(k, "kept: a subheading between paragraphs", why);
                continue;
            }
            edits.remove(k, rule, why);
            if rule == "related-label" {
                related.push(k);
            }
        }
        for k in related {
            related_list(&draft.items, k, edits);
        }
    }
}

/// Most headlines a related-articles list under a promo label holds.
const RELATED_MAX: usize = 6;

/// A headline: one short line (3 to 14 words, at most 120 characters; in
/// Chinese or Japanese, 4 to 40 characters) that does not end as a
/// sentence does.
fn headline(item: &Item) -> bool {
    text_of(&item.block).is_some_and(|t| {
        let words = t.split_whitespace().count();
        let chars = t.chars().count();
        let unspaced = words <= 2
            && (4..=40).contains(&chars)
            && t.chars()
                .any(|c| matches!(c as u32, 0x3040..=0x30FF | 0x4E00..=0x9FFF));
        ((3..=14).contains(&words) || unspaced)
            && chars <= 120
            && !t.ends_with(['.', '!', '?', '。', '！', '？', '।', '؟', ':', ';', ','])
    })
}

/// The headlines listed under a bare promo label (`Читайте также`, `Related
/// stories`): two or more headline lines in a row right after it, removed
/// with it. One line alone stays (it may be the next subheading).
fn related_list(items: &[Item], label: usize, edits: &mut Edits) {
    let run = items
        .iter()
        .skip(label + 1)
        .take(RELATED_MAX + 1)
        .take_while(|i| headline(i))
        .count();
    if !(2..=RELATED_MAX).contains(&run) {
        return;
    }
    for k in label + 1..=label + run {
        edits.remove(
            k,
            "related-list",
            "a headline listed under a promo label (a related-articles list)",
        );
    }
}

/// The blocks right above and right below `k` both pass `test`.
fn between(items: &[Item], k: usize, test: impl Fn(&str) -> bool) -> bool {
    let ok = |i: Option<&Item>| i.and_then(|i| text_of(&i.block)).is_some_and(|t| test(&t));
    k > 0 && ok(items.get(k - 1)) && ok(items.get(k + 1))
}

/// Text of eight words or more right above and right below `k`.
fn between_prose(items: &[Item], k: usize) -> bool {
    between(items, k, |t| t.split_whitespace().count() >= 8)
}

/// Running prose right above and right below `k`.
fn between_paragraphs(items: &[Item], k: usize) -> bool {
    between(items, k, crate::text::is_prose)
}

/// Section names count as crumbs inside a run of two or more crumbs (a menu).
/// Proposes their removal; returns which blocks it proposed.
fn mark_menus(items: &[Item], edits: &mut Edits) -> Vec<bool> {
    let kinds: Vec<Option<bool>> = items
        .iter()
        .map(|i| text_of(&i.block).and_then(|t| crumb_word(&t)))
        .collect();
    let mut marked = vec![false; items.len()];
    let mut s = 0;
    while s < items.len() {
        if kinds[s].is_none() {
            s += 1;
            continue;
        }
        let mut e = s;
        while e < items.len() && kinds[e].is_some() {
            e += 1;
        }
        if e - s >= 2 {
            for k in (s..e).filter(|&k| kinds[k] == Some(false)) {
                edits.remove(
                    k,
                    "menu",
                    "a section name inside a run of navigation crumbs",
                );
                marked[k] = true;
            }
        }
        s = e;
    }
    marked
}

/// `remove = [...]` patterns from the user.
pub struct UserRemove(pub RegexSet);

impl Pass for UserRemove {
    fn name(&self) -> &'static str {
        "remove"
    }
    fn propose(&self, draft: &Draft, _cx: &Context, edits: &mut Edits) {
        for (k, i) in draft.items.iter().enumerate() {
            if text_of(&i.block).is_some_and(|t| self.0.is_match(&t)) {
                edits.remove(k, "user-pattern", "matches a `remove` pattern");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// The first-byte index of the rule tables picks the same rule as
    /// trying every rule, on every line of the normalizer fixtures and on
    /// lines that start with each byte and with cased and uncased
    /// non-ASCII characters.
    #[test]
    fn first_byte_index_agrees_with_every_rule_in_order() {
        use crate::text::rules::first_match_linear;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/normalize");
        let mut lines: Vec<String> = Vec::new();
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            for f in ["input.md", "input.txt", "expected.md"] {
                if let Ok(t) = std::fs::read_to_string(e.path().join(f)) {
                    lines.extend(t.lines().map(|l| l.trim().to_string()));
                }
            }
        }
        assert!(lines.len() > 500, "fixtures not found: {}", lines.len());
        for b in 0x20u8..0x7f {
            lines.push(format!("{}hare this article", b as char));
        }
        for pre in [
            "", "K", "\u{212a}", "\u{17f}", "“", "©", "(c)", "Ⓒ", "１２", "٣",
        ] {
            for rest in [
                "hare",
                "opyright 2025 Harbour Post",
                "ead more",
                "2 March 2025",
                "— — —",
                "elated",
            ] {
                lines.push(format!("{pre}{rest}"));
            }
        }
        let mut hits = 0;
        for l in &lines {
            let chars = l.chars().count();
            for c in [&*PROMOS, &*DELIMS, &*BOILER] {
                let want = first_match_linear(c, l, chars);
                assert_eq!(first_match(c, l, chars), want, "{l}");
                hits += usize::from(want.is_some());
            }
        }
        assert!(hits > 50, "too few rule matches to compare: {hits}");
    }

    use super::*;
    #[test]
    fn every_rule_compiles() {
        for rules in [
            rules::PROMOS,
            rules::DELIMITERS,
            rules::BOILERPLATE,
            crate::text::credit::CREDITS,
        ] {
            for (name, _, _, r) in rules {
                assert!(Regex::new(r).is_ok(), "rule {name} does not compile");
            }
        }
        assert!(READ_HEADLINE.is_match("Read New poll shows majority"));
        assert!(SECTION_BREAK.is_match("* * *"));
    }
}
