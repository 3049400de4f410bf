//! Which of many literals occur in a text, in one pass.
//!
//! The line rules ask questions like "does this line name a social
//! network, as a word?" over lists of tens of literals. Asked one literal at
//! a time, every line costs one substring search per literal (with a
//! searcher built each time), which was the largest single cost of
//! normalizing a scraped article. [`Literals`] runs one Aho-Corasick
//! automaton over the text and hands only the literals that occur to the
//! caller's exact test, so the answer is the same as testing each literal in
//! turn.

use aho_corasick::{AhoCorasick, MatchKind};

/// A fixed list of literals and its automaton.
pub struct Literals {
    lits: Vec<&'static str>,
    /// `None` when the automaton could not be built (it can only fail on
    /// limits far beyond these lists): every literal is then tested.
    ac: Option<AhoCorasick>,
    /// The same literals, leftmost-first, for [`Self::occurs`].
    first: Option<AhoCorasick>,
}

impl Literals {
    /// The automaton of `lits` (empty literals are dropped: they occur in
    /// every text and no caller lists one).
    pub fn new(lits: impl IntoIterator<Item = &'static str>) -> Self {
        let mut lits: Vec<&'static str> = lits.into_iter().filter(|l| !l.is_empty()).collect();
        lits.sort_unstable();
        lits.dedup();
        let ac = AhoCorasick::new(&lits).ok();
        // Leftmost-first semantics let the search use the SIMD prefilter
        // (Teddy) for "does any occur"; the overlapping search of `any`
        // needs the standard semantics.
        let first = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&lits)
            .ok();
        Literals { lits, ac, first }
    }

    /// True when `test` holds for some literal. `test(lit)` must be false
    /// whenever `lit` does not occur in `text` byte for byte (a substring,
    /// word or boundary test on `text` is): only the literals that occur
    /// are tested, so the answer equals `lits.iter().any(test)`.
    pub fn any(&self, text: &str, mut test: impl FnMut(&'static str) -> bool) -> bool {
        // Most texts hold none of the literals: the prefiltered search says
        // so without walking the overlapping automaton over every byte.
        if !self.occurs(text) {
            return false;
        }
        match &self.ac {
            Some(ac) => ac.find_overlapping_iter(text).any(|m| {
                self.lits
                    .get(m.pattern().as_usize())
                    .is_some_and(|l| test(l))
            }),
            None => self.lits.iter().any(|l| test(l)),
        }
    }

    /// True when some literal occurs in `text`.
    pub fn occurs(&self, text: &str) -> bool {
        match &self.first {
            Some(ac) => ac.is_match(text),
            None => self.lits.iter().any(|l| text.contains(l)),
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
