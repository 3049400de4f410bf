//! Gated regex rules: a rule's regex is compiled only when some text
//! passes the rule's cheap gate (a necessary condition). The artifact rules
//! of the normalizer (`normalize/rules.rs`) and the photo-credit rules
//! ([`super::credit`]) are written in this form.

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
}

/// One rule and its regex, compiled the first time a text passes its gate.
struct LazyRule {
    name: &'static str,
    max: usize,
    gate: Gate,
    pattern: &'static str,
    re: OnceLock<Option<Regex>>,
}

impl LazyRule {
    fn is_match(&self, text: &str, chars: usize) -> bool {
        chars <= self.max
            && self.gate.pass(text)
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
        })
        .collect::<Vec<_>>();
    let max = rules
        .iter()
        .map(|r| r.max.min(MAX_RULE_CHARS))
        .max()
        .unwrap_or(0);
    Compiled { rules, max }
}

/// The first rule of `c` that matches `text` (`chars` long).
pub fn first_match(c: &Compiled, text: &str, chars: usize) -> Option<&'static str> {
    if chars > c.max {
        return None;
    }
    c.rules
        .iter()
        .find(|r| r.is_match(text, chars))
        .map(|r| r.name)
}
