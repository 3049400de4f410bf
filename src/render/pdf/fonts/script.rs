//! Scripts and directions of characters, for cutting text into runs.

use unicode_script::{Script, UnicodeScript};

/// Direction class of a character, for splitting runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A strong left-to-right letter.
    Ltr,
    /// A strong right-to-left letter.
    Rtl,
    /// A digit: left to right, also inside right-to-left text.
    Number,
    /// Punctuation, spaces, marks: the direction of the text around.
    Neutral,
}

pub fn class_of(c: char) -> Class {
    if c.is_numeric() {
        Class::Number
    } else if (c as u32) < 0x0590 {
        if c.is_alphabetic() {
            Class::Ltr
        } else {
            Class::Neutral
        }
    } else if is_rtl_script(c.script()) {
        Class::Rtl
    } else if c.is_alphabetic() {
        Class::Ltr
    } else {
        Class::Neutral
    }
}

/// Scripts written right to left.
fn is_rtl_script(s: Script) -> bool {
    use Script::*;
    matches!(
        s,
        Arabic
            | Hebrew
            | Syriac
            | Thaana
            | Nko
            | Samaritan
            | Mandaic
            | Adlam
            | Hanifi_Rohingya
            | Mende_Kikakui
            | Imperial_Aramaic
            | Phoenician
            | Kharoshthi
            | Avestan
            | Nabataean
            | Palmyrene
            | Hatran
            | Manichaean
            | Old_South_Arabian
            | Old_North_Arabian
            | Inscriptional_Parthian
            | Inscriptional_Pahlavi
            | Psalter_Pahlavi
            | Sogdian
            | Old_Sogdian
            | Elymaic
            | Chorasmian
            | Yezidi
            | Old_Hungarian
            | Lydian
            | Cypriot
    )
}

/// A run of text: (face, right to left, start byte, end byte).
pub type Run = (usize, bool, usize, usize);

/// Puts the runs of a text whose first strong character is right to left in
/// visual order, as rule L2 of the Unicode bidi algorithm does with its
/// levels: right-to-left runs at level 1, left-to-right runs (numbers, Latin
/// words) at level 2; every maximal sequence at level 2 or more is reversed,
/// then every sequence at level 1 or more. A right-to-left run's own
/// glyphs are already right to left from the shaper.
pub fn reorder_runs(runs: &mut [Run]) {
    let level = |r: &Run| if r.1 { 1 } else { 2 };
    for min in [2, 1] {
        let mut i = 0;
        while i < runs.len() {
            if level(&runs[i]) >= min {
                let mut j = i;
                while j < runs.len() && level(&runs[j]) >= min {
                    j += 1;
                }
                runs[i..j].reverse();
                i = j;
            } else {
                i += 1;
            }
        }
    }
}

/// The script of `c` at byte `pos` of `text`; for punctuation, symbols and
/// marks (Common and Inherited), the script of the nearest letter before
/// it, else after it, so `、` after kanji looks for a CJK face. Common when
/// the text has no letter of a real script.
pub fn context_script(text: &str, pos: usize, c: char) -> Script {
    let real = |s: &Script| !matches!(s, Script::Common | Script::Inherited | Script::Unknown);
    let s = c.script();
    if real(&s) {
        return s;
    }
    text[..pos]
        .chars()
        .rev()
        .map(|c| c.script())
        .find(real)
        .or_else(|| text[pos..].chars().map(|c| c.script()).find(real))
        .unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(class_of('a'), Class::Ltr);
        assert_eq!(class_of('Ж'), Class::Ltr);
        assert_eq!(class_of('س'), Class::Rtl);
        assert_eq!(class_of('ש'), Class::Rtl);
        assert_eq!(class_of('7'), Class::Number);
        assert_eq!(class_of('\u{0663}'), Class::Number);
        assert_eq!(class_of('،'), Class::Neutral);
        assert_eq!(class_of('東'), Class::Ltr);
    }

    #[test]
    fn right_to_left_runs_reverse_numbers_keep_their_order() {
        // Logical: Arabic A, number N, Arabic B -> visual: B N A.
        let mut runs = vec![(0, true, 0, 2), (1, false, 2, 4), (0, true, 4, 6)];
        reorder_runs(&mut runs);
        assert_eq!(
            runs,
            vec![(0, true, 4, 6), (1, false, 2, 4), (0, true, 0, 2)]
        );
        // Two left-to-right runs in a row keep their order between them.
        let mut runs = vec![(0, true, 0, 2), (1, false, 2, 4), (2, false, 4, 6)];
        reorder_runs(&mut runs);
        assert_eq!(
            runs,
            vec![(1, false, 2, 4), (2, false, 4, 6), (0, true, 0, 2)]
        );
    }

    #[test]
    fn punctuation_takes_the_script_around_it() {
        assert_eq!(context_script("東京、", 6, '、'), Script::Han);
        assert_eq!(context_script("「東京", 0, '「'), Script::Han);
        assert_eq!(context_script("−", 0, '−'), Script::Common);
    }
}
