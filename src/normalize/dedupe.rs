//! Duplicate paragraphs: a paragraph repeated verbatim (ignoring case,
//! spacing and punctuation) is kept once.

use super::{Action, Context, Pass, Report};
use crate::model::{Block, inline_text};
use crate::read::Draft;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

fn for_each_text(i: &crate::model::Inline, f: &mut dyn FnMut(&str)) {
    use crate::model::Inline;
    match i {
        Inline::Text { text } | Inline::Code { text } => f(text),
        Inline::Emphasis { content }
        | Inline::Strong { content }
        | Inline::Link { content, .. } => content.iter().for_each(|c| for_each_text(c, f)),
        Inline::LineBreak => {}
    }
}

/// The dedupe pass.
pub struct Dedupe;

impl Pass for Dedupe {
    fn name(&self) -> &'static str {
        "dedupe"
    }
    fn run(&self, draft: &mut Draft, _cx: &Context, report: &mut Report) {
        let mut seen: HashSet<u64> = HashSet::new();
        let mut buf = String::new();
        draft.items.retain(|item| {
            let Block::Paragraph { content } = &item.block else {
                return true;
            };
            // Hash of the lowercased alphanumerics (a 64-bit hash: a collision
            // between two different paragraphs is vanishingly unlikely).
            buf.clear();
            for inline in content {
                for_each_text(inline, &mut |t| {
                    for c in t.chars().filter(|c| c.is_alphanumeric()) {
                        if c.is_ascii() {
                            buf.push(c.to_ascii_lowercase());
                        } else {
                            buf.extend(c.to_lowercase());
                        }
                    }
                });
            }
            // Short repeats ("No.", "Yes.") can be real dialogue.
            if buf.chars().count() < 24 {
                return true;
            }
            let mut h = std::collections::hash_map::DefaultHasher::new();
            buf.hash(&mut h);
            let key = h.finish();
            if seen.insert(key) {
                true
            } else {
                report.add(
                    "dedupe",
                    "repeat",
                    Action::Removed,
                    item.line,
                    inline_text(content),
                );
                false
            }
        });
    }
}
