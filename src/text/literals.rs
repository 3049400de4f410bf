//! Which of many literals occur in a text, in one pass.
//!
//! The line rules ask questions like "does this line name a social
//! network, as a word?" over lists of tens of literals. Asked one literal at
//! a time, every line costs one substring search per literal (with a
//! searcher built each time), which was the largest single cost of
//! normalizing a scraped article. [`Literals`] runs one Aho-Corasick
//! automaton (of the literals' prefixes) over the text and hands only the
//! literals that occur to the caller's exact test, so the answer is the same
//! as testing each literal in turn; "does any occur" goes through a packed
//! SIMD searcher (Teddy). Both are built on first use and cheap to build:
//! start-up counts, since one article is one process.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::sync::OnceLock;

/// Longest prefix of a literal the automaton holds, in bytes: a literal
/// occurs where its prefix does and the rest follows, so the automaton only
/// needs the prefixes (a third of the states of galley's lists, and start-up
/// counts: one article is one process).
const PREFIX: usize = 8;

/// A fixed list of literals and the automaton of their prefixes, built the
/// first time a question needs it.
pub struct Literals {
    /// The distinct prefixes, and the literals that start with each.
    prefixes: Vec<(&'static str, Vec<&'static str>)>,
    /// `None` inside when the automaton could not be built (it can only
    /// fail on limits far beyond these lists): every literal is then tested.
    ac: OnceLock<Option<AhoCorasick>>,
    /// The whole literals in a packed (Teddy, SIMD) searcher, for
    /// [`Self::occurs`]: fast to build and to run for up to 64 literals;
    /// `None` inside where the CPU or the list does not allow one.
    packed: OnceLock<Option<aho_corasick::packed::Searcher>>,
}

/// `lit` cut to at most [`PREFIX`] bytes, at a character boundary (a whole
/// first character when it is longer).
fn prefix(lit: &'static str) -> &'static str {
    let mut end = lit.len().min(PREFIX);
    while !lit.is_char_boundary(end) {
        end += 1;
    }
    &lit[..end]
}

impl Literals {
    /// The literals `lits` (empty ones are dropped: they occur in every text
    /// and no caller lists one). Nothing is compiled yet.
    pub fn new(lits: impl IntoIterator<Item = &'static str>) -> Self {
        let mut lits: Vec<&'static str> = lits.into_iter().filter(|l| !l.is_empty()).collect();
        lits.sort_unstable();
        lits.dedup();
        let mut prefixes: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
        for l in lits {
            let p = prefix(l);
            match prefixes.last_mut() {
                // Sorted: literals sharing a prefix are neighbours.
                Some((q, group)) if *q == p => group.push(l),
                _ => prefixes.push((p, vec![l])),
            }
        }
        Literals {
            prefixes,
            ac: OnceLock::new(),
            packed: OnceLock::new(),
        }
    }

    /// True when `test` holds for some literal. `test(lit)` must be false
    /// whenever `lit` does not occur in `text` byte for byte (a substring,
    /// word or boundary test on `text` is): only the literals that occur
    /// are tested, so the answer equals `lits.iter().any(test)`.
    pub fn any(&self, text: &str, mut test: impl FnMut(&'static str) -> bool) -> bool {
        // A contiguous NFA with the standard semantics: its overlapping
        // search sees every occurrence of every prefix (a DFA searches a
        // little faster but took 27 M instructions to build for galley's
        // lists, three times a whole small conversion).
        let ac = self.ac.get_or_init(|| {
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .match_kind(MatchKind::Standard)
                .build(self.prefixes.iter().map(|(p, _)| p))
                .ok()
        });
        let Some(ac) = ac else {
            return self.prefixes.iter().flat_map(|(_, g)| g).any(|l| test(l));
        };
        let bytes = text.as_bytes();
        ac.find_overlapping_iter(text).any(|m| {
            self.prefixes
                .get(m.pattern().as_usize())
                .is_some_and(|(_, group)| {
                    group
                        .iter()
                        .any(|l| bytes[m.start()..].starts_with(l.as_bytes()) && test(l))
                })
        })
    }

    /// True when some literal occurs in `text`.
    pub fn occurs(&self, text: &str) -> bool {
        let packed = self.packed.get_or_init(|| {
            let mut b = aho_corasick::packed::Config::new().builder();
            for l in self.prefixes.iter().flat_map(|(_, g)| g) {
                b.add(l);
            }
            b.build()
        });
        match packed {
            Some(p) => p.find(text).is_some(),
            None => self.any(text, |_| true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Literals;
    use proptest::prelude::*;

    const LITS: &[&str] = &[
        "ab", "abab", "b", "ba", "x-x", "é", "ée", "日本", "本", "facebook", "face",
    ];

    /// Texts made of pieces of the literals, so that occurrences (and
    /// overlapping ones) are common.
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                prop::sample::select(LITS.to_vec()).prop_map(str::to_string),
                prop::sample::select(vec![" ", "-", "a", "e", "x", "日", "F"])
                    .prop_map(str::to_string),
            ],
            0..12,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        /// `any` answers as testing every literal in turn, for tests that
        /// are false on literals that do not occur.
        #[test]
        fn any_equals_testing_each(t in text()) {
            let set = Literals::new(LITS.iter().copied());
            let word = |l: &str| {
                t.match_indices(l).any(|(i, _)| {
                    let before = t[..i].chars().next_back();
                    let after = t[i + l.len()..].chars().next();
                    before.is_none_or(|c| !c.is_alphanumeric())
                        && after.is_none_or(|c| !c.is_alphanumeric())
                })
            };
            prop_assert_eq!(set.any(&t, word), LITS.iter().any(|l| word(l)));
            prop_assert_eq!(set.any(&t, |l| t.ends_with(l)), LITS.iter().any(|l| t.ends_with(l)));
            prop_assert_eq!(set.occurs(&t), LITS.iter().any(|l| t.contains(l)));
        }
    }

    #[test]
    fn overlapping_occurrences_are_all_seen() {
        // "abab" holds "ab" twice and "b", "ba", "abab": a test that only
        // accepts the literal at the end must still be offered it.
        let set = Literals::new(["ab", "abab", "ba"]);
        assert!(set.any("xabab", |l| l == "abab"));
        assert!(set.any("xabab", |l| l == "ba"));
        assert!(!set.any("xabab", |l| l == "zz"));
        assert!(!set.occurs("xyz"));
    }
}
