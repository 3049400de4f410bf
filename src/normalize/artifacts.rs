//! The artifact passes: promos, delimiters, boilerplate, crumbs and photo
//! credits. Each checks whole blocks against its rules (see `rules.rs`) and
//! removes what matches, unless a `keep` pattern protects it.

use super::rules;
use super::{Action, Context, Pass, Report};
use crate::model::{Block, Inline, block_text, inline_text};
use crate::read::{Draft, Item};
use regex::{Regex, RegexSet};
use std::borrow::Cow;
use std::sync::LazyLock;

/// Which artifact family a pass handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
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

struct Compiled {
    names: Vec<&'static str>,
    set: RegexSet,
}

fn compile(rules: &[(&'static str, &'static str)]) -> Compiled {
    let names = rules.iter().map(|(n, _)| *n).collect();
    // The rules are constants covered by tests; an invalid one is a bug that
    // the test suite catches, so an empty set is a safe fallback here.
    let set = regex::RegexSetBuilder::new(rules.iter().map(|(_, r)| *r))
        // Bounded repeats over Unicode classes need a big lazy-DFA cache,
        // else the search falls back to the (slow) PikeVM.
        .dfa_size_limit(64 << 20)
        .size_limit(64 << 20)
        .build()
        .unwrap_or_else(|_| RegexSet::empty());
    Compiled { names, set }
}

static PROMOS: LazyLock<Compiled> = LazyLock::new(|| compile(rules::PROMOS));
static DELIMS: LazyLock<Compiled> = LazyLock::new(|| compile(rules::DELIMITERS));
static BOILER: LazyLock<Compiled> = LazyLock::new(|| compile(rules::BOILERPLATE));
static CREDITS: LazyLock<Compiled> = LazyLock::new(|| compile(rules::CREDITS));
/// `Read` + plain space + a headline (capitalised, no final full stop).
static READ_HEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Read|READ)\s+[\p{Lu}“‘\x22'0-9][^.!?]{0,160}[^.!?:;,\s]$")
        .unwrap_or_else(|_| never())
});
/// Author-meant section breaks.
static SECTION_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\*\s*\*\s*\*|⁂|•\s*•\s*•|#)$").unwrap_or_else(|_| never()));

fn never() -> Regex {
    // `[^\s\S]` matches nothing.
    Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!())
}

/// Every rule is bounded in length; longer blocks are prose and skip the
/// regexes entirely (the common case, and the fast path).
const MAX_RULE_LEN: usize = 640;

fn first_match(c: &Compiled, text: &str, max_chars: usize) -> Option<&'static str> {
    // `is_match` runs on the lazy DFA; only a hit pays for `matches`.
    if text.len() > max_chars * 4
        || (text.len() > max_chars && text.chars().count() > max_chars)
        || !c.set.is_match(text)
    {
        return None;
    }
    c.set.matches(text).iter().next().map(|i| c.names[i])
}

fn crumb_word(text: &str) -> Option<bool> {
    let t = text
        .trim()
        .trim_end_matches([':', '.', '…', '›', '»', '|'])
        .trim();
    // Crumbs are short: skip the lowercase copy for anything longer.
    if t.is_empty() || t.len() > 120 || t.chars().count() > 40 {
        return None;
    }
    let t = t.to_lowercase();
    if rules::CRUMBS.contains(&t.as_str()) {
        Some(true)
    } else if rules::SECTION_NAMES.contains(&t.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// The text a rule sees: the block's text, trimmed (borrowed when the block
/// is a single run of text, the common case).
fn text_of(b: &Block) -> Option<Cow<'_, str>> {
    match b {
        Block::Paragraph { content } | Block::Heading { content, .. } => {
            Some(match content.as_slice() {
                [Inline::Text { text }] => Cow::Borrowed(text.trim()),
                _ => Cow::Owned(inline_text(content).trim().to_string()),
            })
        }
        _ => None,
    }
}

/// Classifies one block's text for `kind`: `Some(rule)` when it is an artifact.
pub fn classify(kind: Kind, text: &str) -> Option<&'static str> {
    if text.is_empty() {
        return None;
    }
    match kind {
        Kind::Promos => first_match(&PROMOS, text, MAX_RULE_LEN)
            .or_else(|| READ_HEADLINE.is_match(text).then_some("read-headline")),
        Kind::Delimiters => {
            // Delimiter lines hold no letters or digits: a cheap test first.
            if text.chars().take(8).any(char::is_alphanumeric) {
                None
            } else {
                first_match(&DELIMS, text, usize::MAX / 8)
            }
        }
        Kind::Boilerplate => first_match(&BOILER, text, MAX_RULE_LEN),
        Kind::Credits => first_match(&CREDITS, text, 200),
        Kind::Crumbs => (crumb_word(text) == Some(true)).then_some("crumb"),
    }
}

/// One artifact pass.
pub struct Artifacts(pub Kind);

impl Pass for Artifacts {
    fn name(&self) -> &'static str {
        match self.0 {
            Kind::Promos => "promos",
            Kind::Delimiters => "delimiters",
            Kind::Boilerplate => "boilerplate",
            Kind::Crumbs => "crumbs",
            Kind::Credits => "credits",
        }
    }

    fn run(&self, draft: &mut Draft, cx: &Context, report: &mut Report) {
        let kind = self.0;
        let name = self.name();
        if kind == Kind::Crumbs {
            mark_menus(&mut draft.items, cx, report);
        }
        let n = draft.items.len();
        let mut keep = vec![true; n];
        #[allow(clippy::needless_range_loop)] // `k` indexes items and keep together
        for k in 0..n {
            let item = &mut draft.items[k];
            if let Block::List { items, .. } = &mut item.block {
                // Judge list items one by one (menus are often lists).
                items.retain(|it| {
                    let t = it.iter().map(block_text).collect::<Vec<_>>().join(" ");
                    let t = t.trim();
                    match classify(kind, t) {
                        Some(rule) if !cx.protected(t) => {
                            report.add(name, rule, Action::Removed, item.line, t.to_string());
                            false
                        }
                        _ => true,
                    }
                });
                if items.is_empty() {
                    keep[k] = false;
                }
                continue;
            }
            let Some(text) = text_of(&item.block) else {
                continue;
            };
            let Some(rule) = classify(kind, &text) else {
                continue;
            };
            let text = text.into_owned();
            let line = item.line;
            if cx.protected(&text) {
                report.add(
                    name,
                    format!("{rule} (kept by pattern)"),
                    Action::Flagged,
                    line,
                    text,
                );
                continue;
            }
            if kind == Kind::Delimiters
                && SECTION_BREAK.is_match(&text)
                && between_prose(&draft.items, k)
            {
                draft.items[k].block = Block::Break;
                report.add(name, "section-break", Action::Rewritten, line, text);
                continue;
            }
            report.add(name, rule, Action::Removed, line, text);
            keep[k] = false;
        }
        let mut k = 0;
        draft.items.retain(|_| {
            k += 1;
            keep[k - 1]
        });
    }
}

fn between_prose(items: &[Item], k: usize) -> bool {
    let prose = |i: Option<&Item>| {
        i.and_then(|i| text_of(&i.block))
            .is_some_and(|t| t.split_whitespace().count() >= 8)
    };
    k > 0 && prose(items.get(k - 1)) && prose(items.get(k + 1))
}

/// Section names count as crumbs inside a run of two or more crumbs (a menu).
fn mark_menus(items: &mut Vec<Item>, cx: &Context, report: &mut Report) {
    let kinds: Vec<Option<bool>> = items
        .iter()
        .map(|i| text_of(&i.block).and_then(|t| crumb_word(&t)))
        .collect();
    let mut remove = vec![false; items.len()];
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
            for r in remove.iter_mut().take(e).skip(s) {
                *r = true;
            }
        }
        s = e;
    }
    let mut k = 0;
    items.retain(|i| {
        k += 1;
        if remove[k - 1] && kinds[k - 1] == Some(false) {
            let t = text_of(&i.block).unwrap_or_default().into_owned();
            if cx.protected(&t) {
                return true;
            }
            report.add("crumbs", "menu", Action::Removed, i.line, t);
            return false;
        }
        true
    });
}

/// `remove = [...]` patterns from the user.
pub struct UserRemove(pub RegexSet);

impl Pass for UserRemove {
    fn name(&self) -> &'static str {
        "remove"
    }
    fn run(&self, draft: &mut Draft, cx: &Context, report: &mut Report) {
        draft.items.retain(|i| {
            let Some(t) = text_of(&i.block) else {
                return true;
            };
            if self.0.is_match(&t) && !cx.protected(&t) {
                report.add("remove", "user-pattern", Action::Removed, i.line, t);
                false
            } else {
                true
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn every_rule_compiles() {
        for rules in [
            rules::PROMOS,
            rules::DELIMITERS,
            rules::BOILERPLATE,
            rules::CREDITS,
        ] {
            for (name, r) in rules {
                assert!(Regex::new(r).is_ok(), "rule {name} does not compile");
            }
        }
        assert!(READ_HEADLINE.is_match("Read New poll shows majority"));
        assert!(SECTION_BREAK.is_match("* * *"));
    }
}
