//! Word counts and the prose tests the readers and the normalizer share.

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// `words(s)`, but counting stops at `cap` (ASCII text need not be scanned
/// to its end).
pub(crate) fn words_up_to(s: &str, cap: usize) -> usize {
    // One pass over the bytes. A block of 16 ASCII bytes is counted without
    // branches (a word starts where a non-space follows a space); only a
    // non-ASCII character is decoded (whitespace or CJK). The count only
    // grows, so stopping at `cap` gives `min(words, cap)`.
    const BLOCK: usize = 16;
    let bytes = s.as_bytes();
    let (mut n, mut cjk) = (0usize, 0usize);
    // Whether the byte before `i` is whitespace (the start counts as one).
    let mut prev_ws = true;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(block) = bytes.get(i..i + BLOCK)
            && block.iter().fold(0u8, |a, &b| a | b) < 0x80
        {
            // ws[j + 1] for block[j]; ws[0] for the byte before.
            let mut ws = [0u8; BLOCK + 1];
            ws[0] = u8::from(prev_ws);
            for (w, &b) in ws[1..].iter_mut().zip(block) {
                *w = u8::from(ascii_ws(b));
            }
            let mut starts = 0u8;
            for j in 0..BLOCK {
                starts += ws[j] & (ws[j + 1] ^ 1);
            }
            n += usize::from(starts);
            prev_ws = ws[BLOCK] == 1;
            i += BLOCK;
        } else {
            let b = bytes[i];
            let ws = if b < 0x80 {
                i += 1;
                ascii_ws(b)
            } else {
                let Some(c) = s.get(i..).and_then(|t| t.chars().next()) else {
                    break;
                };
                i += c.len_utf8();
                cjk += usize::from(is_cjk(c));
                c.is_whitespace()
            };
            n += usize::from(prev_ws && !ws);
            prev_ws = ws;
        }
        if n + cjk / 2 >= cap {
            return cap;
        }
    }
    n + cjk / 2
}

/// ASCII whitespace as `char::is_whitespace` has it (space, `\t` to `\r`).
fn ascii_ws(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// Word count, with two CJK characters counting as one word.
pub fn words(s: &str) -> usize {
    words_up_to(s, usize::MAX)
}

fn truncated(s: &str) -> bool {
    s.ends_with("...") || s.ends_with('…')
}

/// Running prose: ten words or more, not a truncated teaser, ending like a
/// sentence (or long enough to be a paragraph whatever its end).
pub fn is_prose(s: &str) -> bool {
    let w = words_up_to(s, 30);
    if w < 10 || truncated(s) {
        return false;
    }
    let t = s.trim_end();
    let end = t.chars().next_back();
    // A closing bracket ends a sentence only after sentence punctuation
    // (`… (he said.)`); `Headline (Source)` is a teaser.
    let stop = |c: char| matches!(c, '.' | '!' | '?' | '。' | '！' | '？');
    let open = t.rfind(['(', '[']);
    let bracket_end = matches!(end, Some(')' | ']'))
        && (t[..t.len() - 1].chars().next_back().is_some_and(stop)
            // `… voraus. (lbe)`: a sentence, then an author tag.
            || open.is_some_and(|i| t[..i].trim_end().chars().next_back().is_some_and(stop))
            // `… without hitting the network (Bug 1663501)`: a reference
            // number, not a source name.
            || open.is_some_and(|i| is_reference(&t[i + 1..t.len() - 1])));
    w >= 30
        || bracket_end
        || end.is_some_and(|c| matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '"' | '”' | '»'))
}

/// The inside of a closing bracket that cites something by number (`Bug
/// 1663501`, `#4521`, `RFC 9110`): a short identifier with a digit, not a
/// time or duration (`2:35`).
fn is_reference(inner: &str) -> bool {
    let inner = inner.trim();
    !inner.is_empty()
        && inner.len() <= 24
        && inner.bytes().any(|b| b.is_ascii_digit())
        && !inner.contains(':')
        && inner.split_whitespace().count() <= 3
}

/// A line that reads as a sentence (or a bare URL): never removed by `tail-run`.
pub fn is_sentence(s: &str) -> bool {
    let s = s.trim();
    if (s.starts_with("http://") || s.starts_with("https://") || s.starts_with("www."))
        && !s.contains(char::is_whitespace)
    {
        return true;
    }
    if truncated(s) || words_up_to(s, 3) < 3 {
        return false;
    }
    let core = s.trim_end_matches(['"', '”', '’', '\'', ')', '»']);
    let ends = core
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | '。' | '！' | '？'));
    let starts = s.chars().next().is_some_and(|c| !c.is_lowercase());
    // Two sentences or more (`… censorship. Follow him on X @name`) is text.
    let inner = words_up_to(s, 8) >= 8
        && s.as_bytes().windows(3).any(|w| {
            matches!(w[0], b'.' | b'!' | b'?') && w[1] == b' ' && w[2].is_ascii_uppercase()
        });
    (ends || inner) && starts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The char-by-char definition the byte scanner must agree with.
    fn words_reference(s: &str, cap: usize) -> usize {
        let (mut n, mut cjk) = (0usize, 0usize);
        let mut in_word = false;
        for c in s.chars() {
            let ws = c.is_whitespace();
            n += usize::from(!ws && !in_word);
            cjk += usize::from(is_cjk(c));
            in_word = !ws;
            if n + cjk / 2 >= cap {
                return cap;
            }
        }
        n + cjk / 2
    }

    proptest::proptest! {
        #[test]
        fn word_count_matches_the_char_definition(
            s in "([a-z.,’é]|\\u{a0}|\\u{2003}|\\u{3000}| |\\t|\\n|中|한|ひ){0,60}",
            cap in 0usize..40,
        ) {
            proptest::prop_assert_eq!(words_up_to(&s, cap), words_reference(&s, cap));
            proptest::prop_assert_eq!(words(&s), words_reference(&s, usize::MAX));
        }
    }

    #[test]
    fn counts_words_and_half_cjk_characters() {
        assert_eq!(words("The council met on Tuesday."), 5);
        assert_eq!(words("“We listened,” she\u{a0}said."), 4);
        // One run without spaces, plus half of its six CJK characters.
        assert_eq!(words("東京都の会議"), 4);
        assert_eq!(words_up_to("one two three four", 2), 2);
    }
}
