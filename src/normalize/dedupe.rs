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

/// Writes the text's letters and digits, lower-cased, into `buf` (as UTF-8)
/// and returns how many characters that is. ASCII text takes a byte loop.
fn normalized_key(text: &str, buf: &mut Vec<u8>) -> usize {
    buf.clear();
    if text.is_ascii() {
        buf.extend(
            text.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| b.to_ascii_lowercase()),
        );
        return buf.len();
    }
    let mut n = 0;
    let mut tmp = [0u8; 4];
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                buf.push(c.to_ascii_lowercase() as u8);
                n += 1;
            }
        } else if c.is_alphanumeric() {
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
