//! Duplicate paragraphs: a paragraph repeated verbatim (ignoring case,
//! spacing and punctuation) is kept once.

use super::{Action, Context, Pass, Report};
use crate::model::{Block, inline_text};
use crate::read::Draft;
use std::collections::HashSet;

/// The dedupe pass.
pub struct Dedupe;

impl Pass for Dedupe {
    fn name(&self) -> &'static str {
        "dedupe"
    }
    fn run(&self, draft: &mut Draft, _cx: &Context, report: &mut Report) {
        let mut seen: HashSet<String> = HashSet::new();
        draft.items.retain(|item| {
            let Block::Paragraph { content } = &item.block else {
                return true;
            };
            let text = inline_text(content);
            let key: String = text
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            // Short repeats ("No.", "Yes.") can be real dialogue, and a short
            // line without a sentence end is a heading that a table of
            // contents repeats: both stay.
            let t = text.trim();
            if key.chars().count() < 24
                || !(super::context::is_prose(t) || super::context::is_sentence(t))
            {
                return true;
            }
            if seen.insert(key) {
                true
            } else {
                report.add("dedupe", "repeat", Action::Removed, item.line, text);
                false
            }
        });
    }
}
