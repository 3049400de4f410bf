//! `smart-punctuation`: straight quotes and spaced hyphens set as the
//! article's language prints them ([`crate::text::punct`]). Runs last, on
//! what the other passes kept; changes characters, never words. An article
//! whose language is unknown is left as it is.

use super::{Context, Edits, MetaSet, Op, Pass};
use crate::model::{Block, Draft, walk_text_mut};
use crate::text::punct::{self, Runs, Style};

/// The pass.
pub struct SmartPunctuation;

fn smarten_block(block: &mut Block, style: &Style) {
    let mut runs = Runs::default();
    walk_text_mut(block, &mut |s| {
        if let std::borrow::Cow::Owned(t) = punct::smarten(s, style, &mut runs) {
            *s = t;
        }
    });
}

fn smarten_field(field: &mut Option<String>, style: &Style) -> bool {
    let Some(s) = field else { return false };
    match punct::smarten(s, style, &mut Runs::default()) {
        std::borrow::Cow::Owned(t) => {
            *s = t;
            true
        }
        std::borrow::Cow::Borrowed(_) => false,
    }
}

impl Pass for SmartPunctuation {
    fn name(&self) -> &'static str {
        "smart-punctuation"
    }

    fn propose(&self, draft: &Draft, _cx: &Context, edits: &mut Edits) {
        let Some(lang) = draft.meta.language.as_deref() else {
            return;
        };
        let Some(style) = punct::style_for(lang) else {
            return;
        };
        let reason = format!(
            "straight quotes and spaced hyphens set as {lang} prints them ({}…{})",
            style.double.0, style.double.1
        );
        let mut meta = draft.meta.clone();
        let title = smarten_field(&mut meta.title, &style);
        let subtitle = smarten_field(&mut meta.subtitle, &style);
        if title || subtitle {
            edits
                .push(None, Op::Note, "smart-punctuation (metadata)", &reason)
                .set(MetaSet::All(Box::new(meta)));
        }
        for (k, item) in draft.items.iter().enumerate() {
            if matches!(item.block, Block::Code { .. } | Block::Break) {
                continue;
            }
            let mut block = item.block.clone();
            smarten_block(&mut block, &style);
            if block != item.block {
                let after = crate::model::block_text(&block);
                edits
                    .push(Some(k), Op::Replace(block), "smart-punctuation", &reason)
                    .text(after);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::normalize::Normalizer;
    use crate::read::{Format, read_str};

    fn clean(text: &str) -> (crate::model::Document, crate::normalize::Report) {
        Normalizer::default_config().run(read_str(text, Format::Markdown))
    }

    #[test]
    fn quotes_follow_the_declared_language_and_code_is_left_alone() {
        let (doc, report) = clean(
            "---\ntitle: Der \"Plan\"\nlanguage: de\n---\n\nEr sagte: \"Wir warten nicht\" - und ging. Code: `a \"b\"` bleibt.\n",
        );
        assert_eq!(doc.meta.title.as_deref(), Some("Der „Plan“"));
        let md = crate::model::block_text(&doc.blocks[0]);
        assert!(md.contains("„Wir warten nicht“ – und ging"), "{md}");
        assert!(md.contains("a \"b\""), "{md}");
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.pass == "smart-punctuation")
        );
    }

    #[test]
    fn unknown_language_is_left_as_it_is() {
        let (doc, _) = clean("He said \"now\" - then left.\n");
        if doc.meta.language.is_none() {
            assert_eq!(
                crate::model::block_text(&doc.blocks[0]),
                "He said \"now\" - then left."
            );
        }
    }
}
