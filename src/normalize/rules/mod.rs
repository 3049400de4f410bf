//! The artifact rules, as data: (rule name, longest line in characters,
//! gate, regex) per pass. Each regex is matched against one whole block's
//! text (trimmed, NBSP kept). Patterns are anchored and bounded in length
//! so that real sentences do not match.
//!
//! Long bounded repetitions of big Unicode classes (`\w{1,80}`, `.{0,300}`)
//! compile into one automaton copy per repetition, which made regex
//! compilation most of a small conversion's run time. Such bounds are written
//! as an unbounded repetition plus the rule's line-length cap instead.
//!
//! * `lines`: the line rule tables ([`PROMOS`], [`DELIMITERS`],
//!   [`BOILERPLATE`]; the credit rules live in [`crate::text::credit`]).
//! * `words`: the crumb and section-name word lists ([`CRUMBS`],
//!   [`SECTION_NAMES`]).
//! * `gate`: the machinery that keeps regexes from compiling and running
//!   needlessly: [`Gate`] (a rule's cheap necessary test), the
//!   case-folding literal tests behind it, and [`Gated`] (a regex compiled
//!   on first use behind a gate, with an optional ASCII twin).

mod gate;
mod lines;
mod words;

#[cfg(test)]
use crate::text::credit::CREDITS;
pub use gate::{Gate, Gated, may_start_with, starts_with_any};
pub use lines::{BOILERPLATE, DELIMITERS, PROMOS};
pub use words::{CRUMBS, SECTION_NAMES};

/// One rule: name, longest line it may match (in characters), gate, regex
/// (defined in the bottom layer, [`crate::text::rules`], with the photo-credit
/// rules that the HTML reader shares).
pub use crate::text::rules::Rule;

#[cfg(test)]
mod tests {
    use super::gate::may_contain;
    use super::*;
    use regex::Regex;

    fn all_rules() -> impl Iterator<Item = &'static Rule> {
        [PROMOS, DELIMITERS, BOILERPLATE, CREDITS]
            .into_iter()
            .flatten()
    }

    fn literals(g: &Gate) -> Vec<&'static str> {
        match g {
            Gate::Always => Vec::new(),
            Gate::Starts(p) => p.to_vec(),
            Gate::StartsOrContains(p, c) => p.iter().chain(c.iter()).copied().collect(),
            Gate::ContainsExact(_) => Vec::new(),
        }
    }

    #[test]
    fn gate_literals_are_lower_case_without_kelvin_or_long_s() {
        for (name, _, gate, _) in all_rules() {
            for l in literals(gate) {
                assert!(!l.is_empty(), "{name}: empty literal");
                assert!(
                    !l.chars()
                        .any(|c| c.is_uppercase() || c == '\u{212A}' || c == '\u{17F}'),
                    "{name}: {l:?}"
                );
            }
        }
    }

    #[test]
    fn may_start_with_follows_case_folding() {
        assert!(may_start_with("Share this", "share"));
        assert!(may_start_with("SHARE", "share"));
        assert!(!may_start_with("Sha", "share"));
        assert!(!may_start_with("Shore", "share"));
        // LONG S and KELVIN SIGN fold to `s` and `k`.
        assert!(may_start_with("\u{17F}hare", "share"));
        assert!(may_start_with("\u{212A}ommentar", "kommentar"));
        assert!(Regex::new("(?i)^share").is_ok_and(|r| r.is_match("\u{17F}hare")));
        // No case: only the same character.
        assert!(!may_start_with("Read\u{a0}more", "read more"));
        assert!(!may_start_with("“The", "à lire aussi"));
        assert!(!may_start_with("a lire", "à lire aussi"));
        assert!(may_start_with("À LIRE AUSSI", "à lire aussi"));
        assert!(may_start_with("相关阅读", "相关阅读"));
        assert!(!may_start_with("相关新闻", "相关阅读"));
        assert!(may_contain("Get our NEWSLETTER", "newsletter"));
        assert!(may_contain("the new\u{17F}letter", "newsletter"));
        assert!(!may_contain("the news letter", "newsletter"));
        assert!(starts_with_any("٣ min read", &["\\d"]));
    }

    /// Every block of the test fixtures (and a few made-up lines) that a
    /// rule matches passes the rule's gate.
    #[test]
    fn gates_pass_every_match() {
        let mut texts: Vec<String> = [
            "Read\u{a0}Storm closes coastal road",
            "READ MORE: Storm closes road",
            "À lire aussi : La tempête",
            "相关阅读：风暴",
            "Advertisement",
            "PUBLICITÉ",
            "Share this article",
            "Ícone Facebook Facebook",
            "Sign up for our morning newsletter",
            "The Morning newsletter",
            "Newsletter abonnieren",
            "Follow us on Twitter",
            "Click here to subscribe",
            "We use cookies to improve your experience",
            "© 2024 Harbour Post",
            "Harbour Post. All rights reserved.",
            "5 min read",
            "Listen to this article",
            "Updated 3 hours ago",
            "an hour ago",
            "Tags: storm, harbour",
            "12 comments",
            "Kommentare (3)",
            "Photo: Lena Ortiz",
            "CreditLena Ortiz",
            "Lena Ortiz/AFP",
            "Reuters",
            "(Photo by Lena Ortiz)",
            "Share on Facebook Share on Twitter Share via Email",
            "- - - - -",
            "Chapters",
            "Storm closes the coast road. Read more",
            "Storm closes the coast road More »",
            "Storm closes the coast road. Lire la suite",
            "Captions settings, opens captions settings dialog",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Ok(s) = std::fs::read_to_string(&p) {
                    texts.extend(s.lines().map(|l| l.trim().to_string()));
                }
            }
        }
        let mut matched = 0;
        for (name, _, gate, pattern) in all_rules() {
            let re = Regex::new(pattern).unwrap_or_else(|e| panic!("{name}: {e}"));
            for t in &texts {
                if re.is_match(t) {
                    matched += 1;
                    assert!(gate.pass(t), "rule {name} matches {t:?} but its gate fails");
                }
            }
        }
        assert!(matched > 40, "only {matched} matches: fixtures missing?");
    }
}
