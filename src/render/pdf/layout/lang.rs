//! What the typesetter needs to know about a paragraph's language: its
//! hyphenation patterns (hypher, TeX's patterns for 35 languages) and
//! whether it is written right to left.

/// A language as the typesetter sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lang {
    /// Hyphenation patterns; `None`: the language is not hyphenated (no
    /// patterns, CJK, unknown).
    pub hyph: Option<hypher::Lang>,
    /// Written right to left (Arabic, Hebrew, Persian, Urdu, ...): the
    /// paragraphs' base direction is right to left.
    pub rtl: bool,
}

/// Primary language subtags of languages written right to left.
const RTL: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "syr", "ug", "ur", "yi",
];

impl Lang {
    /// English: the language of a book that declares none.
    pub const ENGLISH: Lang = Lang {
        hyph: Some(hypher::Lang::English),
        rtl: false,
    };

    /// The language of BCP 47 tag `tag` (`de`, `pt-BR`, `ar-EG`, `az-Arab`):
    /// hyphenation by its primary subtag, direction by its primary subtag
    /// or an `Arab`/`Hebr`/`Thaa`/`Syrc` script subtag. Unknown tags give
    /// no hyphenation, left to right.
    pub fn from_tag(tag: &str) -> Lang {
        let tag = tag.trim().to_ascii_lowercase();
        let mut parts = tag.split(['-', '_']);
        let primary = parts.next().unwrap_or("");
        let script_rtl = parts.any(|p| matches!(p, "arab" | "hebr" | "thaa" | "syrc" | "nkoo"));
        let rtl = script_rtl || RTL.contains(&primary);
        let hyph = match primary.as_bytes() {
            // No patterns for CJK: they are never hyphenated.
            b"zh" | b"ja" | b"ko" => None,
            // Norwegian Bokmål and Nynorsk use the Norwegian patterns.
            b"nb" | b"nn" => Some(hypher::Lang::Norwegian),
            &[a, b] if !rtl => hypher::Lang::from_iso([a, b]),
            _ => None,
        };
        Lang { hyph, rtl }
    }

    /// The language of an article: its own tag when it has one, else the
    /// book's (`[book] language`), else English.
    pub fn resolve(article: Option<&str>, book: &str) -> Lang {
        match article.map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => Lang::from_tag(t),
            None if !book.trim().is_empty() => Lang::from_tag(book),
            None => Lang::ENGLISH,
        }
    }
}

/// Hyphenation of words, when the style asks for it.
pub struct Hyphenator {
    enabled: bool,
}

/// Fragments shorter than this (in characters) are never cut off a word:
/// at least two before the hyphen, three after it (TeX's English
/// \lefthyphenmin and \righthyphenmin, which the `hyphenation` crate used
/// for every word before).
const LEFT_MIN: usize = 2;
const RIGHT_MIN: usize = 3;

impl Hyphenator {
    /// Hyphenates when `enabled` (the style's `hyphenate`).
    pub fn new(enabled: bool) -> Self {
        Hyphenator { enabled }
    }

    /// No hyphenation.
    pub fn none() -> Self {
        Hyphenator { enabled: false }
    }

    /// Whether words are hyphenated at all.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Byte offsets inside `word` where it may be hyphenated in `lang`.
    pub fn breaks(&self, word: &str, lang: Option<hypher::Lang>) -> Vec<usize> {
        let Some(lang) = lang.filter(|_| self.enabled) else {
            return Vec::new();
        };
        // Hyphenate only the alphabetic core of the word.
        let start = word
            .char_indices()
            .find(|(_, c)| c.is_alphabetic())
            .map(|(i, _)| i)
            .unwrap_or(word.len());
        let end = word
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_alphabetic())
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(start);
        if end <= start {
            return Vec::new();
        }
        let core = &word[start..end];
        if core.chars().count() < 5 || !core.chars().all(char::is_alphabetic) {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut at = start;
        let mut syllables = hypher::hyphenate_bounded(core, lang, LEFT_MIN, RIGHT_MIN).peekable();
        while let Some(s) = syllables.next() {
            at += s.len();
            if syllables.peek().is_some() {
                out.push(at);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(word: &str, tag: &str) -> String {
        let h = Hyphenator::new(true);
        let mut s = word.to_string();
        for b in h.breaks(word, Lang::from_tag(tag).hyph).into_iter().rev() {
            s.insert(b, '-');
        }
        s
    }

    #[test]
    fn languages_from_tags() {
        assert_eq!(Lang::from_tag("de-AT").hyph, Some(hypher::Lang::German));
        assert_eq!(Lang::from_tag("pt_BR").hyph, Some(hypher::Lang::Portuguese));
        assert_eq!(Lang::from_tag("EN").hyph, Some(hypher::Lang::English));
        assert_eq!(Lang::from_tag("ja").hyph, None);
        assert_eq!(Lang::from_tag("zh-Hant").hyph, None);
        assert_eq!(Lang::from_tag("xx").hyph, None);
        assert_eq!(Lang::from_tag("english").hyph, None);
        assert!(Lang::from_tag("ar-EG").rtl && Lang::from_tag("ar").hyph.is_none());
        assert!(Lang::from_tag("he").rtl && Lang::from_tag("fa").rtl && Lang::from_tag("ur").rtl);
        assert!(Lang::from_tag("az-Arab").rtl && !Lang::from_tag("az").rtl);
        assert!(!Lang::from_tag("en").rtl);
        // The article's language wins; the book's fills in.
        assert_eq!(
            Lang::resolve(Some("de"), "en").hyph,
            Some(hypher::Lang::German)
        );
        assert_eq!(Lang::resolve(None, "fr").hyph, Some(hypher::Lang::French));
        assert_eq!(Lang::resolve(Some(" "), ""), Lang::ENGLISH);
    }

    #[test]
    fn german_words_break_at_german_points() {
        let de = cut("Bundesverfassungsgericht", "de");
        assert!(de.contains("Bun-des-ver-fas-sungs-ge-richt"), "{de}");
        // English patterns cut it elsewhere (the loose German lines).
        let en = cut("Bundesverfassungsgericht", "en");
        assert_ne!(de, en);
        // Three letters at least after the last hyphen, as before.
        assert_eq!(
            cut("Straßenbahnhaltestelle", "de"),
            "Stra-ßen-bahn-hal-te-stelle"
        );
    }

    #[test]
    fn keeps_the_minimum_fragments_and_skips_odd_words() {
        assert_eq!(cut("extraordinarily", "en"), "ex-tra-or-di-nar-ily");
        assert_eq!(cut("cat", "en"), "cat");
        assert_eq!(cut("A4-Blatt", "de"), "A4-Blatt");
        // Punctuation around a word stays out of the patterns.
        assert_eq!(cut("“remarkably,”", "en"), "“re-mark-ably,”");
        assert!(
            Hyphenator::none()
                .breaks("extraordinarily", Some(hypher::Lang::English))
                .is_empty()
        );
        assert!(
            Hyphenator::new(true)
                .breaks("東京都庁舎の建物", None)
                .is_empty()
        );
    }
}
