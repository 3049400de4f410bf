//! The gate machinery: a rule's cheap necessary test ([`Gate`]), the
//! literal tests that compare as a case-insensitive Unicode regex does, and
//! [`Gated`], a regex compiled on first use behind such a test.

use regex::{Captures, Regex};
use std::sync::LazyLock;

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

/// A regex behind a gate, compiled on first use: `gate(text)` is false for
/// every text the regex cannot match (a necessary condition, checked
/// first). With an `ascii` twin (the same pattern with each Unicode class
/// cut down to its ASCII members: cheap to compile), ASCII texts use the
/// twin: on an ASCII text both match, and capture, the same.
pub struct Gated {
    gate: fn(&str) -> bool,
    re: LazyLock<Regex>,
    ascii: Option<LazyLock<Regex>>,
}

impl Gated {
    /// A gated regex.
    pub const fn new(gate: fn(&str) -> bool, re: fn() -> Regex) -> Self {
        Gated {
            gate,
            re: LazyLock::new(re),
            ascii: None,
        }
    }

    /// A gated regex with an ASCII twin for ASCII texts.
    pub const fn with_ascii(
        gate: fn(&str) -> bool,
        re: fn() -> Regex,
        ascii: fn() -> Regex,
    ) -> Self {
        Gated {
            gate,
            re: LazyLock::new(re),
            ascii: Some(LazyLock::new(ascii)),
        }
    }

    fn regex(&self, text: &str) -> &Regex {
        match &self.ascii {
            Some(a) if text.is_ascii() => a,
            _ => &self.re,
        }
    }

    /// `Regex::is_match`.
    pub fn is_match(&self, text: &str) -> bool {
        (self.gate)(text) && self.regex(text).is_match(text)
    }

    /// `Regex::captures`.
    pub fn captures<'h>(&self, text: &'h str) -> Option<Captures<'h>> {
        if (self.gate)(text) {
            self.regex(text).captures(text)
        } else {
            None
        }
    }

    /// The full (Unicode) regex, for tests.
    #[cfg(test)]
    pub fn unicode(&self) -> &Regex {
        &self.re
    }

    /// The ASCII twin, for tests.
    #[cfg(test)]
    pub fn ascii(&self) -> Option<&Regex> {
        self.ascii.as_deref()
    }
}
