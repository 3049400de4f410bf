//! The gate machinery: a rule's cheap necessary test ([`Gate`]), the
//! literal tests that compare as a case-insensitive Unicode regex does, and
//! [`Gated`], a regex compiled on first use behind such a test.

use regex::{Captures, Regex};
use std::sync::LazyLock;

#[cfg(test)]
pub use crate::text::rules::may_contain;
pub use crate::text::rules::{Gate, may_start_with, starts_with_any};

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
