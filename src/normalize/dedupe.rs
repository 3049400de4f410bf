//! Duplicate paragraphs: a paragraph repeated verbatim (ignoring case,
//! spacing and punctuation) is kept once.

use super::{Action, Context, Pass, Report};
use crate::model::{Block, Inline, inline_text};
use crate::read::Draft;
use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

/// The dedupe pass.
pub struct Dedupe;

impl Pass for Dedupe {
    fn name(&self) -> &'static str {
        "dedupe"
    }
    fn run(&self, draft: &mut Draft, _cx: &Context, report: &mut Report) {
        // Keys are 128-bit hashes of the normalized text (two independent
        // 64-bit hashes): no allocation per paragraph, and a collision that
        // would drop a real paragraph is beyond practical reach.
        let mut seen: HashSet<(u64, u64)> = HashSet::new();
        draft.items.retain(|item| {
            let Block::Paragraph { content } = &item.block else {
                return true;
            };
            let text: Cow<'_, str> = match content.as_slice() {
                [Inline::Text { text }] => Cow::Borrowed(text),
                _ => Cow::Owned(inline_text(content)),
            };
            let mut h1 = DefaultHasher::new();
            let mut h2 = DefaultHasher::new();
            0xA5u8.hash(&mut h2);
            let mut len = 0usize;
            for c in text
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
            {
                c.hash(&mut h1);
                c.hash(&mut h2);
                len += 1;
            }
            // Short repeats ("No.", "Yes.") can be real dialogue, and a short
            // line without a sentence end is a heading that a table of
            // contents repeats: both stay.
            let t = text.trim();
            if len < 24 || !(super::context::is_prose(t) || super::context::is_sentence(t)) {
                return true;
            }
            let key = (h1.finish(), h2.finish());
            if seen.insert(key) {
                true
            } else {
                report.add(
                    "dedupe",
                    "repeat",
                    Action::Removed,
                    item.line,
                    text.into_owned(),
                );
                false
            }
        });
    }
}
