//! Duplicate paragraphs: a paragraph repeated verbatim (ignoring case,
//! spacing and punctuation) is kept once.

use super::{Context, Edits, Pass};
use crate::model::Draft;
use crate::model::{Block, Inline, inline_text};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

/// The dedupe pass.
pub struct Dedupe;

impl Pass for Dedupe {
    fn name(&self) -> &'static str {
        "dedupe"
    }
    fn propose(&self, draft: &Draft, _cx: &Context, edits: &mut Edits) {
        // Keys are 128-bit hashes of the normalized text (two independent
        // 64-bit hashes): no allocation per paragraph, and a collision that
        // would drop a real paragraph is beyond practical reach. Two passes: the keys of all paragraphs, then a verdict only for
        // keys seen twice or more, so the common case (no repeat) never
        // judges prose.
        let mut key_buf: Vec<u8> = Vec::new();
        let keys: Vec<Option<(u64, u64)>> = draft
            .items
            .iter()
            .map(|item| {
                let text = paragraph_text(item)?;
                // Short repeats ("No.", "Yes.") can be real dialogue: they stay.
                if normalized_key(&text, &mut key_buf) < 24 {
                    return None;
                }
                let mut h1 = DefaultHasher::new();
                let mut h2 = DefaultHasher::new();
                0xA5u8.hash(&mut h2);
                h1.write(&key_buf);
                h2.write(&key_buf);
                Some((h1.finish(), h2.finish()))
            })
            .collect();
        let mut counts: HashMap<(u64, u64), u32> = HashMap::new();
        for k in keys.iter().flatten() {
            *counts.entry(*k).or_default() += 1;
        }
        if counts.values().all(|&c| c < 2) {
            return;
        }
        let mut seen: HashSet<(u64, u64)> = HashSet::new();
        for (k, item) in draft.items.iter().enumerate() {
            let Some(key) = keys[k].filter(|key| counts.get(key).is_some_and(|&c| c >= 2)) else {
                continue;
            };
            let Some(text) = paragraph_text(item) else {
                continue;
            };
            // A short line without a sentence end is a heading that a table
            // of contents repeats: it stays.
            let t = text.trim();
            if !(crate::text::is_prose(t) || crate::text::is_sentence(t)) {
                continue;
            }
            if !seen.insert(key) {
                edits
                    .remove(k, "repeat", "the same paragraph appears earlier")
                    .text(text.into_owned());
            }
        }
    }
}

/// The text of a paragraph (borrowed when it is one plain run).
fn paragraph_text(item: &crate::model::Item) -> Option<Cow<'_, str>> {
    let Block::Paragraph { content } = &item.block else {
        return None;
    };
    Some(match content.as_slice() {
        [Inline::Text { text }] => Cow::Borrowed(text),
        _ => Cow::Owned(inline_text(content)),
    })
}

/// An ASCII byte's key byte: letters lower-cased, digits kept, the rest 0.
const KEY: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        if b.is_ascii_alphanumeric() {
            t[i] = b.to_ascii_lowercase();
        }
        i += 1;
    }
    t
};

/// Writes the text's letters and digits, lower-cased, into `buf` (as UTF-8)
/// and returns how many characters that is.
fn normalized_key(text: &str, buf: &mut Vec<u8>) -> usize {
    buf.clear();
    buf.reserve(text.len());
    // One pass over the bytes: a run of ASCII is copied without branches
    // (every byte written, the cursor advanced past letters and digits only);
    // only other characters are decoded.
    let mut n = 0;
    let mut tmp = [0u8; 4];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i..].iter().take_while(|b| b.is_ascii()).count();
        if run > 0 {
            let start = buf.len();
            buf.resize(start + run, 0);
            let out = &mut buf[start..];
            let mut w = 0;
            for &b in &bytes[i..i + run] {
                let k = KEY[usize::from(b & 0x7f)];
                if let Some(slot) = out.get_mut(w) {
                    *slot = k;
                }
                w += usize::from(k != 0);
            }
            buf.truncate(start + w);
            n += w;
            i += run;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                buf.extend_from_slice(l.encode_utf8(&mut tmp).as_bytes());
                n += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    proptest::proptest! {
        /// The run copier agrees with the char-by-char definition.
        #[test]
        fn key_matches_the_char_definition(t in "([a-zA-Z0-9 ,.’]|É|ß|İ|Ⱥ|中|\u{a0}){0,60}") {
            let mut buf = Vec::new();
            let n = normalized_key(&t, &mut buf);
            let want: String = t.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
            proptest::prop_assert_eq!(n, want.chars().count());
            proptest::prop_assert_eq!(String::from_utf8_lossy(&buf).into_owned(), want);
        }
    }

    #[test]
    fn key_ignores_case_space_and_punctuation() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        assert_eq!(normalized_key("Hello, World!", &mut a), 10);
        assert_eq!(normalized_key("hello world", &mut b), 10);
        assert_eq!(a, b);
        let n = normalized_key("Ünïcode  ÉTÉ 42", &mut a);
        assert_eq!(n, 12);
        assert_eq!(String::from_utf8_lossy(&a), "ünïcodeété42");
    }
}
