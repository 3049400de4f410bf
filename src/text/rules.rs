//! Gated regex rules: a rule's regex is compiled only when some text
//! passes the rule's cheap gate (a necessary condition). The artifact rules
//! of the normalizer (`normalize/rules.rs`) and the photo-credit rules
//! ([`super::credit`]) are written in this form.

use crate::text::literals::Literals;
use regex::Regex;
use std::sync::OnceLock;

/// A regex from a pattern written in galley's own code. A pattern that does
/// not compile (a bug the tests catch) matches nothing instead of panicking.
pub fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|_| never())
}

/// A regex that matches nothing (`[^\s\S]`).
pub fn never() -> Regex {
    Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!())
}

/// One rule: name, longest line it may match (in characters), the cheap
/// test that must pass before the regex runs, regex.
pub type Rule = (&'static str, usize, Gate, &'static str);

/// A cheap test that every text a rule's regex matches passes (a necessary
/// condition, never a sufficient one). A rule's regex is compiled only when
/// some text passes its gate, so a small article compiles the few rules it
/// may need instead of all of them (compiling was most of its run time).
///
/// Literals are written in lower case and compared as the rules' `(?i)`
/// compares them (see [`may_start_with`]): stricter case-sensitive rules
/// pass the same gate. `\d` stands for one decimal digit (`\d` in a rule is
/// any Unicode digit).
#[derive(Debug, Clone, Copy)]
pub enum Gate {
    /// No gate: the regex always runs.
    Always,
    /// Every match starts with one of these.
    Starts(&'static [&'static str]),
    /// Every match starts with one of the first or contains one of the
    /// second.
    StartsOrContains(&'static [&'static str], &'static [&'static str]),
    /// Every match contains one of these, byte for byte (case-sensitive
    /// rules only).
    ContainsExact(&'static [&'static str]),
}

impl Gate {
    /// False when no match of the rule is possible in `text`.
    pub fn pass(&self, text: &str) -> bool {
        match self {
            Gate::Always => true,
            Gate::Starts(p) => starts_with_any(text, p),
            Gate::StartsOrContains(p, c) => {
                starts_with_any(text, p) || c.iter().any(|l| may_contain(text, l))
            }
            // `str::contains`: building a memchr searcher per call costs
            // more than these short texts take to scan.
            Gate::ContainsExact(c) => c.iter().any(|l| text.contains(l)),
        }
    }
}

/// True when `text` may start with one of `lits` (see [`may_start_with`]).
pub fn starts_with_any(text: &str, lits: &[&str]) -> bool {
    lits.iter().any(|l| {
        if *l == "\\d" {
            // `\d` is Unicode: any decimal digit (numeric is a superset).
            text.chars().next().is_some_and(char::is_numeric)
        } else {
            may_start_with(text, l)
        }
    })
}

/// True when `c` has no case: simple case folding maps it only to itself.
fn uncased(c: char) -> bool {
    // Blocks with no cased letter at all: general punctuation, Hebrew,
    // Arabic and Syriac, CJK symbols, kana and ideographs, Hangul.
    if matches!(c as u32, 0x2000..=0x206F | 0x0590..=0x08FF | 0x3000..=0x9FFF | 0xAC00..=0xD7AF) {
        return true;
    }
    !c.is_lowercase() && !c.is_uppercase() && c.to_lowercase().eq([c]) && c.to_uppercase().eq([c])
}

/// True when `text` may start with the lower-case literal `lit` as a
/// case-insensitive Unicode regex compares it (so a case-sensitive rule's
/// gate is this one, only looser). Exact where both are ASCII; elsewhere it
/// answers "maybe" unless no match is possible: a character without case
/// (`“`, NBSP, `相`) matches only itself, an ASCII literal letter other than
/// `k` and `s` matches no non-ASCII character (`k` matches KELVIN SIGN, `s`
/// LONG S under simple case folding), and a non-ASCII literal character
/// (`à`, `č`) matches no ASCII one. Literals never hold KELVIN SIGN or LONG
/// S.
pub fn may_start_with(text: &str, lit: &str) -> bool {
    // Fast path over the ASCII head of both (most texts fail on the first
    // byte); the first non-ASCII byte of either is a character boundary in
    // both, since everything before it is ASCII.
    let (t, l) = (text.as_bytes(), lit.as_bytes());
    for (i, &lb) in l.iter().enumerate() {
        let Some(&tb) = t.get(i) else {
            return false;
        };
        if !(tb.is_ascii() && lb.is_ascii()) {
            return may_start_with_chars(&text[i..], &lit[i..]);
        }
        if tb.to_ascii_lowercase() != lb {
            return false;
        }
    }
    true
}

/// [`may_start_with`] past the ASCII head, character by character.
fn may_start_with_chars(text: &str, lit: &str) -> bool {
    let mut t = text.chars();
    for l in lit.chars() {
        let Some(c) = t.next() else {
            return false;
        };
        if c == l || (c.is_ascii() && c.to_ascii_lowercase() == l) {
            continue;
        }
        if c.is_ascii() || uncased(c) || uncased(l) {
            return false;
        }
        return !l.is_ascii() || matches!(l, 'k' | 's');
    }
    true
}

/// True when `text` may contain `lit` (as [`may_start_with`] compares).
pub fn may_contain(text: &str, lit: &str) -> bool {
    let first = lit.chars().next();
    text.char_indices().any(|(i, c)| {
        // A cheap first look: an ASCII character must be the literal's
        // first one.
        (!c.is_ascii() || Some(c.to_ascii_lowercase()) == first) && may_start_with(&text[i..], lit)
    })
}

/// Longest text any rule can match, in characters.
pub const MAX_RULE_CHARS: usize = 520;

pub struct Compiled {
    /// The rules, in order: the first match names the rule. Each regex is
    /// compiled on first use (see [`Gate`]).
    rules: Vec<LazyRule>,
    /// The longest line any of the rules may match, in characters.
    max: usize,
    /// By the text's first byte (ASCII lower-cased; 128 for any non-ASCII
    /// character, 129 for the empty text): the rules, in order, whose gate a
    /// text starting so may pass. Every other rule's gate fails on it.
    by_first: Vec<Vec<u16>>,
}

/// Bucket of [`Compiled::by_first`] for a text.
fn first_bucket(text: &str) -> usize {
    match text.as_bytes().first() {
        None => 129,
        Some(&b) if b < 0x80 => usize::from(b.to_ascii_lowercase()),
        Some(_) => 128,
    }
}

/// The buckets a text's first byte may fall in for the gate to pass: a
/// literal's ASCII first letter matches that letter in either case (and `k`
/// and `s` also KELVIN SIGN and LONG S, see [`may_start_with`]); a non-ASCII
/// first character matches only non-ASCII text; `\d` a digit, ASCII or not;
/// a gate that may look past the start passes anywhere.
fn gate_buckets(gate: &Gate) -> Vec<usize> {
    let starts = |lits: &[&str]| -> Vec<usize> {
        let mut v = Vec::new();
        for l in lits {
            match l.as_bytes().first() {
                _ if *l == "\\d" => v.extend((usize::from(b'0')..=usize::from(b'9')).chain([128])),
                None => return (0..130).collect(),
                Some(&b) if b < 0x80 => {
                    v.push(usize::from(b.to_ascii_lowercase()));
                    if matches!(b.to_ascii_lowercase(), b'k' | b's') {
                        v.push(128);
                    }
                }
                Some(_) => v.push(128),
            }
        }
        v
    };
    match gate {
        Gate::Starts(p) => starts(p),
        Gate::Always | Gate::StartsOrContains(..) | Gate::ContainsExact(_) => (0..130).collect(),
    }
}

/// One rule and its regex, compiled the first time a text passes its gate.
struct LazyRule {
    name: &'static str,
    max: usize,
    gate: Gate,
    pattern: &'static str,
    re: OnceLock<Option<Regex>>,
    /// A [`Gate::ContainsExact`] gate's literals, found in one pass (built
    /// the first time the gate is asked).
    exact: OnceLock<Literals>,
}

impl LazyRule {
    /// [`Gate::pass`], with the literals of an exact gate looked for all
    /// at once.
    fn gate_pass(&self, text: &str) -> bool {
        match self.gate {
            Gate::ContainsExact(c) => self
                .exact
                .get_or_init(|| Literals::new(c.iter().copied()))
                .occurs(text),
            _ => self.gate.pass(text),
        }
    }

    fn is_match(&self, text: &str, chars: usize) -> bool {
        chars <= self.max
            && self.gate_pass(text)
            && self
                .re
                // The rules are constants covered by tests
                // (`every_rule_compiles`); an invalid one is a bug that the
                // test suite catches, so it matches nothing here.
                .get_or_init(|| Regex::new(self.pattern).ok())
                .as_ref()
                .is_some_and(|re| re.is_match(text))
    }
}

pub fn compile(rules: &[Rule]) -> Compiled {
    // One regex per rule rather than a RegexSet: a set needs an overlapping
    // search, which on these long bounded Unicode patterns falls back to the
    // slow PikeVM; single anchored regexes stay on the lazy DFA.
    // No union pre-check: compiling one doubled start-up (regex compilation
    // was ~120 ms of a tiny conversion) and measured slower on 10 MB too.
    let rules = rules
        .iter()
        .map(|&(name, max, gate, pattern)| LazyRule {
            name,
            max,
            gate,
            pattern,
            re: OnceLock::new(),
            exact: OnceLock::new(),
        })
        .collect::<Vec<_>>();
    let max = rules
        .iter()
        .map(|r| r.max.min(MAX_RULE_CHARS))
        .max()
        .unwrap_or(0);
    let mut by_first = vec![Vec::new(); 130];
    for (k, r) in rules.iter().enumerate() {
        let mut buckets = gate_buckets(&r.gate);
        buckets.sort_unstable();
        buckets.dedup();
        for b in buckets {
            by_first[b].push(k as u16);
        }
    }
    Compiled {
        rules,
        max,
        by_first,
    }
}

/// [`first_match`] trying every rule in order (what the first-byte index
/// must agree with).
#[cfg(test)]
pub(crate) fn first_match_linear(c: &Compiled, text: &str, chars: usize) -> Option<&'static str> {
    if chars > c.max {
        return None;
    }
    c.rules
        .iter()
        .find(|r| r.is_match(text, chars))
        .map(|r| r.name)
}

/// The first rule of `c` that matches `text` (`chars` long).
pub fn first_match(c: &Compiled, text: &str, chars: usize) -> Option<&'static str> {
    if chars > c.max {
        return None;
    }
    c.by_first[first_bucket(text)]
        .iter()
        .filter_map(|&k| c.rules.get(usize::from(k)))
        .find(|r| r.is_match(text, chars))
        .map(|r| r.name)
}

#[cfg(test)]
mod tests {
    /// An exact gate asked through its automaton answers as the gate.
    #[test]
    fn exact_gate_through_literals_equals_gate() {
        const LITS: &[&str] = &["AFP", "AP", "Read more", "More", "Zuma Press"];
        let c = super::compile(&[("r", 400, super::Gate::ContainsExact(LITS), "^x$")]);
        for t in [
            "",
            "AFP",
            "Photo: AP / Jane Doe",
            "ap",
            "Zuma  Press",
            "Some blurb here. Read more",
            "read more",
            "Mo re",
            "Smore",
            "Ünïcode ÁP AP",
        ] {
            assert_eq!(c.rules[0].gate_pass(t), c.rules[0].gate.pass(t), "{t:?}");
        }
    }

    /// The fast path of `uncased` only covers blocks where the full test
    /// says "no case" for every character.
    #[test]
    fn uncased_blocks_have_no_case() {
        for c in (0x2000u32..=0x206F)
            .chain(0x0590..=0x08FF)
            .chain(0x3000..=0x9FFF)
            .chain(0xAC00..=0xD7AF)
            .filter_map(char::from_u32)
        {
            let full = !c.is_lowercase()
                && !c.is_uppercase()
                && c.to_lowercase().eq([c])
                && c.to_uppercase().eq([c]);
            assert!(full, "{c:?} has case");
        }
    }
}
