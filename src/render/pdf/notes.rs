//! Footnotes in the PDF: a reference is the note's number in superscript
//! digits; the note is set small at the foot of the page its reference
//! lands on ([`VItem::Foot`], placed by the page flow). A note too tall for
//! a third of the page, and a note no text references, is set at the end
//! of the article instead, under a short rule.
//!
//! A reference links to its note and the note's number back to its first
//! reference ([`NoteLink`], resolved to pages by the chrome).

use super::builder::{Builder, Ctx};
use super::flow::{Mark, VItem};
use super::fonts::Face;
use crate::model::Block;
use std::sync::Arc;

/// An internal link of a footnote: from a reference to note `.1` of article
/// `.0`, or from that note's number back to its (first) reference. Carried
/// through layout as a link "address" no web address can be: `safe_url`
/// lets no `\u{1}note:` or `\u{1}ref:` through (their scheme is neither web
/// nor mail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoteLink {
    /// A reference, to its note.
    Note(usize, usize),
    /// A note's number, back to its reference.
    Ref(usize, usize),
}

impl NoteLink {
    /// The link's key in a [`Line`](super::layout::Line)'s links.
    pub fn key(self) -> Arc<str> {
        Arc::from(match self {
            NoteLink::Note(a, n) => format!("\u{1}note:{a}:{n}"),
            NoteLink::Ref(a, n) => format!("\u{1}ref:{a}:{n}"),
        })
    }

    /// The link a key stands for; `None` for a web address.
    pub fn parse(key: &str) -> Option<Self> {
        let rest = key.strip_prefix('\u{1}')?;
        let (kind, rest) = rest.split_once(':')?;
        let (a, n) = rest.split_once(':')?;
        let (a, n) = (a.parse().ok()?, n.parse().ok()?);
        match kind {
            "note" => Some(NoteLink::Note(a, n)),
            "ref" => Some(NoteLink::Ref(a, n)),
            _ => None,
        }
    }
}

/// One note of the article being set.
#[derive(Debug, Clone)]
pub(super) struct PdfNote {
    pub(super) label: String,
    pub(super) number: usize,
    pub(super) blocks: Vec<Block>,
    /// Set (at a page foot or the article's end).
    pub(super) placed: bool,
}

/// `n` in superscript digits (`12` → `¹²`).
pub(super) fn superscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| match c {
            '1' => '\u{b9}',
            '2' => '\u{b2}',
            '3' => '\u{b3}',
            d => char::from_u32(0x2070 + d.to_digit(10).unwrap_or(0)).unwrap_or(d),
        })
        .collect()
}

/// The notes of `blocks` (top level), numbered in order.
pub(super) fn collect(blocks: &[Block]) -> Vec<PdfNote> {
    crate::model::note_numbers(blocks)
        .into_iter()
        .filter_map(|(label, number)| {
            blocks.iter().find_map(|b| match b {
                Block::Note { label: l, blocks } if l == label => Some(PdfNote {
                    label: label.to_string(),
                    number,
                    blocks: blocks.clone(),
                    placed: false,
                }),
                _ => None,
            })
        })
        .collect()
}

impl Builder<'_, '_, '_> {
    /// The number a reference to `label` shows, when a note has that label.
    pub(super) fn note_number(&self, label: &str) -> Option<usize> {
        self.notes
            .iter()
            .find(|n| n.label == label)
            .map(|n| n.number)
    }

    /// After `out[start..]` was set: each line that shows the number of the
    /// next note not yet placed gets that note, at the foot of its page.
    pub(super) fn attach_notes(&mut self, out: &mut Vec<VItem>, start: usize) {
        if self.notes.iter().all(|n| n.placed) || self.in_note {
            return;
        }
        let mut k = start;
        while k < out.len() {
            let Some(next) = self.notes.iter().position(|n| !n.placed) else {
                return;
            };
            let mark = superscript(self.notes[next].number);
            let hit = matches!(&out[k], VItem::Line { line, .. } if line.text.contains(&mark));
            if !hit {
                k += 1;
                continue;
            }
            let items = self.note_items(next);
            let h: f32 = items
                .iter()
                .map(|i| match i {
                    VItem::Line { line, .. } => line.leading,
                    VItem::Space(h) => *h,
                    _ => 0.0,
                })
                .sum();
            // Too tall for a page foot: left for the article's end.
            if h > self.foot_limit() {
                k += 1;
                self.deferred.push(next);
                // Not looked for again.
                self.notes[next].placed = true;
                continue;
            }
            self.notes[next].placed = true;
            out.insert(k + 1, VItem::Foot(items));
            k += 2;
        }
    }

    /// The tallest a page's footnote may be: a third of the text block.
    fn foot_limit(&self) -> f32 {
        let (_, ph) = self.style.paper.size();
        (ph - self.style.margin_top - self.style.margin_bottom) / 3.0
    }

    /// The lines of note `k`: small type, its number leading the first line.
    fn note_items(&mut self, k: usize) -> Vec<VItem> {
        let s = self.style;
        let size = s.small_size;
        let ncx = Ctx {
            size,
            leading: size * 1.3,
            face: Face::Serif,
            indent_paras: false,
            ..self.body_ctx()
        };
        let number = self.notes[k].number;
        let blocks = self.notes[k].blocks.clone();
        // Where the note starts, for the links of its references.
        let mut items = vec![VItem::Mark(Mark::Note {
            article: self.article,
            number,
        })];
        // The note's number links back to its reference.
        let back = Some(NoteLink::Ref(self.article, number).key());
        let num = |b: &Self, text: String| super::layout::Span {
            link: back.clone(),
            ..b.span(text, Face::Serif, ncx.color)
        };
        let keep = std::mem::take(&mut self.keep_next);
        self.in_note = true;
        // Tagged PDF: the note's blocks are one `Note` element.
        let note = self.tags.open(super::tags::Role::Note);
        let mut first = true;
        for b in &blocks {
            match b {
                Block::Paragraph { content } => {
                    let mut spans = Vec::new();
                    if first {
                        spans.push(num(self, format!("{number}.")));
                        spans.push(self.span(" ", Face::Serif, ncx.color));
                    }
                    spans.extend(self.spans(content, Face::Serif, ncx.color));
                    self.push_para(&spans, &ncx, 0.0, false, true, false, &mut items);
                }
                other => {
                    if first {
                        let n = num(self, format!("{number}."));
                        self.push_line(&[n], &ncx, &mut items);
                    }
                    self.blocks(std::slice::from_ref(other), &ncx, &mut items);
                }
            }
            first = false;
        }
        if blocks.is_empty() {
            let n = num(self, format!("{number}."));
            self.push_line(&[n], &ncx, &mut items);
        }
        super::tags::StructTree::tag_lines(&mut items, note);
        self.tags.close(note);
        self.in_note = false;
        self.keep_next = keep;
        // A note is not split between pages (its mark, then its first item,
        // keep theirs).
        for it in items.iter_mut().skip(2) {
            if let VItem::Line { break_before, .. } = it {
                *break_before = false;
            }
        }
        items
    }

    /// At the article's end: the notes too tall for a page foot and the ones
    /// no text referenced, under a short rule.
    pub(super) fn end_notes(&mut self, out: &mut Vec<VItem>) {
        let mut left: Vec<usize> = std::mem::take(&mut self.deferred);
        left.extend(
            self.notes
                .iter()
                .enumerate()
                .filter(|(_, n)| !n.placed)
                .map(|(k, _)| k),
        );
        left.sort_unstable();
        left.dedup();
        if left.is_empty() {
            return;
        }
        out.push(VItem::Space(self.style.body_leading));
        out.push(VItem::Rule {
            x0: 0.0,
            x1: 72.0,
            width: 0.4,
            color: self.colors.muted,
        });
        out.push(VItem::Space(self.style.body_leading * 0.4));
        for k in left {
            let items = self.note_items(k);
            out.extend(items);
            out.push(VItem::Space(self.style.small_size * 0.4));
            self.notes[k].placed = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_superscript() {
        assert_eq!(superscript(1), "\u{b9}");
        assert_eq!(superscript(12), "\u{b9}\u{b2}");
        assert_eq!(superscript(40), "\u{2074}\u{2070}");
    }
}
