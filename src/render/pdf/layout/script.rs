//! A paragraph's text analysed for the typesetter: break opportunities by
//! the Unicode line-breaking rules (UAX #14, unicode-linebreak) where CJK
//! text meets, and embedding levels by the Unicode bidirectional algorithm
//! (UAX #9, unicode-bidi) when right-to-left text is present.

use unicode_bidi::{BidiClass, BidiInfo, Level, bidi_class};

/// Han, kana, Hangul, CJK symbols and punctuation, full-width forms: text
/// that breaks between characters rather than at spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'     // Hangul Jamo
        | '\u{2E80}'..='\u{2FDF}'   // CJK radicals, Kangxi radicals
        | '\u{3000}'..='\u{303F}'   // CJK symbols and punctuation
        | '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3100}'..='\u{31FF}'   // Bopomofo, Hangul compatibility Jamo, kana extensions
        | '\u{3200}'..='\u{9FFF}'   // enclosed CJK, CJK compatibility, Han
        | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7FF}'   // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}'   // CJK compatibility forms
        | '\u{FF00}'..='\u{FFEF}'   // half- and full-width forms
        | '\u{20000}'..='\u{3FFFF}' // Han extensions
    )
}

/// Thai, Lao, Khmer, Myanmar: no spaces between words; UAX #14 without a
/// dictionary allows breaks only at spaces and punctuation there.
pub fn is_southeast_asian(c: char) -> bool {
    matches!(c, '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}')
}

/// Whether `c` is strong right-to-left or starts right-to-left embedding.
pub fn is_rtl(c: char) -> bool {
    (c >= '\u{0590}' || matches!(c, '\u{202B}' | '\u{202E}' | '\u{2067}'))
        && matches!(
            bidi_class(c),
            BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
        )
}

/// Whether `text` needs the bidi algorithm (it has right-to-left text).
pub fn has_rtl(text: &str) -> bool {
    text.chars().any(is_rtl)
}

/// What the paragraph's text needs beyond breaking at spaces.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Byte offsets (in the paragraph's text) before which a line may break
    /// inside a run of non-space characters, because CJK text is on one
    /// side and UAX #14 allows it.
    pub breaks: Vec<usize>,
    /// Embedding level of every byte, when the paragraph needs the bidi
    /// algorithm; `None` for plain left-to-right text.
    pub levels: Option<Vec<u8>>,
    /// The paragraph's base direction is right to left.
    pub rtl: bool,
}

impl Analysis {
    /// Analyses `text`; `lang_rtl` makes the base direction right to left
    /// whatever the first strong character (the article's language is RTL).
    pub fn of(text: &str, lang_rtl: bool) -> Analysis {
        let mut out = Analysis::default();
        if text.chars().any(is_cjk) {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let mut ci = 0;
            for (at, op) in unicode_linebreak::linebreaks(text) {
                if op != unicode_linebreak::BreakOpportunity::Allowed || at == 0 || at >= text.len()
                {
                    continue;
                }
                while ci + 1 < chars.len() && chars[ci + 1].0 < at {
                    ci += 1;
                }
                let (Some(&(_, before)), Some(&(_, after))) = (chars.get(ci), chars.get(ci + 1))
                else {
                    continue;
                };
                if before.is_whitespace() || after.is_whitespace() {
                    continue;
                }
                if is_cjk(before) || is_cjk(after) {
                    out.breaks.push(at);
                }
            }
        }
        let has_rtl = has_rtl(text);
        if has_rtl || lang_rtl {
            // P2/P3: the first strong character, unless the language decides.
            let first_strong_rtl = text
                .chars()
                .map(bidi_class)
                .find(|c| matches!(c, BidiClass::L | BidiClass::R | BidiClass::AL))
                .is_some_and(|c| c != BidiClass::L);
            out.rtl = lang_rtl || first_strong_rtl;
            if has_rtl || out.rtl {
                let base = if out.rtl { Level::rtl() } else { Level::ltr() };
                let info = BidiInfo::new(text, Some(base));
                out.levels = Some(info.levels.iter().map(|l| l.number()).collect());
            }
        }
        out
    }
}

/// The visual order of items with embedding `levels` on one line (UAX #9
/// rule L2: from the highest level down to the lowest odd one, reverse
/// every run at that level or higher). Returns indices into `levels`.
pub fn visual_order(levels: &[u8]) -> Vec<usize> {
    let order: Vec<usize> = (0..levels.len()).collect();
    let max = levels.iter().copied().max().unwrap_or(0);
    if max == 0 {
        return order;
    }
    // Without odd levels (LTR embedded in LTR) going down to 1 undoes the
    // reversals, as it should.
    let low = levels
        .iter()
        .copied()
        .filter(|l| l % 2 == 1)
        .min()
        .unwrap_or(1);
    reorder_from(levels, order, max, low)
}

fn reorder_from(levels: &[u8], mut order: Vec<usize>, max: u8, low: u8) -> Vec<usize> {
    let mut lvl = max;
    while lvl >= low && lvl > 0 {
        let mut i = 0;
        while i < order.len() {
            if levels[order[i]] >= lvl {
                let start = i;
                while i < order.len() && levels[order[i]] >= lvl {
                    i += 1;
                }
                order[start..i].reverse();
            } else {
                i += 1;
            }
        }
        lvl -= 1;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_breaks_follow_the_line_breaking_rules() {
        let t = "「東京」は、日本の首都です。Tokyo is big.";
        let a = Analysis::of(t, false);
        let before = |at: usize| t[at..].chars().next().unwrap_or(' ');
        let after = |at: usize| t[..at].chars().next_back().unwrap_or(' ');
        assert!(!a.breaks.is_empty());
        for &b in &a.breaks {
            assert!(
                !matches!(before(b), '。' | '」' | '、' | '）'),
                "break before {}",
                before(b)
            );
            assert!(!matches!(after(b), '「' | '（'), "break after {}", after(b));
        }
        // Between ideographs and kana, yes; inside "Tokyo", no.
        let at = t.find("首都").unwrap() + '首'.len_utf8();
        assert!(a.breaks.contains(&at));
        let latin = t.find("Tokyo").unwrap();
        assert!(a.breaks.iter().all(|&b| b <= latin || b > latin + 5));
        assert!(a.levels.is_none() && !a.rtl);
        // Latin text alone: nothing to do.
        let a = Analysis::of("well-known http://example.org/a/b", false);
        assert!(a.breaks.is_empty() && a.levels.is_none());
    }

    #[test]
    fn base_direction_and_levels() {
        let a = Analysis::of("مرحبا بالعالم 2025 Galley", false);
        assert!(a.rtl);
        let levels = a.levels.unwrap();
        assert_eq!(levels[0], 1);
        let g = "مرحبا بالعالم 2025 Galley".find("Galley").unwrap();
        assert_eq!(levels[g], 2);
        // A Latin paragraph with one Arabic word stays left to right.
        let a = Analysis::of("The word سلام means peace.", false);
        assert!(!a.rtl);
        assert_eq!(a.levels.as_ref().map(|l| l[0]), Some(0));
        // Hebrew too, by its first strong character.
        let a = Analysis::of("״הארץ״ דיווחה על כך ב-2025", false);
        assert!(a.rtl && a.levels.is_some());
        // The language decides when the first strong character is Latin.
        let a = Analysis::of("BBC عربي", true);
        assert!(a.rtl);
    }

    #[test]
    fn visual_order_reverses_rtl_runs() {
        // Arabic words (1), a number inside (2), at base level 1.
        assert_eq!(visual_order(&[1, 1, 2, 1, 1]), vec![4, 3, 2, 1, 0]);
        assert_eq!(visual_order(&[1, 2, 2, 1]), vec![3, 1, 2, 0]);
        // LTR paragraph with an RTL run inside.
        assert_eq!(visual_order(&[0, 1, 1, 1, 0]), vec![0, 3, 2, 1, 4]);
        assert_eq!(visual_order(&[0, 0]), vec![0, 1]);
        assert!(visual_order(&[]).is_empty());
    }
}
