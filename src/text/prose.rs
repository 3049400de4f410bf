//! Word counts and the prose tests the readers and the normalizer share.

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// `words(s)`, but counting stops at `cap` (ASCII text need not be scanned
/// to its end).
pub(crate) fn words_up_to(s: &str, cap: usize) -> usize {
    if !s.is_ascii() {
        // One pass: whitespace-separated words plus half the CJK characters.
        let (mut n, mut cjk) = (0, 0);
        let mut in_word = false;
        for c in s.chars() {
            let ws = c.is_whitespace();
            n += usize::from(!ws && !in_word);
            cjk += usize::from(!c.is_ascii() && is_cjk(c));
            in_word = !ws;
            if n + cjk / 2 >= cap {
                return cap;
            }
        }
        return n + cjk / 2;
    }
    let mut n = 0;
    let mut in_word = false;
    for &b in s.as_bytes() {
        let ws = matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c');
        if !ws && !in_word {
            n += 1;
            if n >= cap {
                return cap;
            }
        }
        in_word = !ws;
    }
    n
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
