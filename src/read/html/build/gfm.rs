//! Tables and footnotes of the saved page, read by the article builder
//! (see [`tables`](super::super::tables) and [`notes`](super::super::notes)
//! for what counts as one).

use super::super::tables;
use super::{Exit, HtmlBuilder};
use crate::model::{Align, Block, Inline, Item, Table, canonicalize_inlines};

impl HtmlBuilder<'_> {
    /// A table cell's content as inlines: its paragraphs joined by line
    /// breaks.
    fn cell(&mut self, i: u32) -> Vec<Inline> {
        let mut out = Vec::new();
        for b in self.blocks_of(i) {
            let content = match b {
                Block::Paragraph { content } | Block::Heading { content, .. } => content,
                other => vec![Inline::text(crate::model::block_text(&other))],
            };
            if !out.is_empty() {
                out.push(Inline::LineBreak);
            }
            out.extend(content);
        }
        canonicalize_inlines(out)
    }

    /// A data table: caption, header (a `<thead>` row, else a first row of
    /// `<th>` only), rows; a cell spanning columns is followed by empty
    /// ones; the alignment of a column is the first one its cells state.
    /// False (and nothing read) when the table is too empty to be one.
    pub(super) fn table(&mut self, i: u32) -> bool {
        let dom = self.dom;
        let caption = (i + 1..dom.end(i))
            .find(|&k| dom.is(k, "caption"))
            .map(|c| self.cell(c))
            .unwrap_or_default();
        let mut align: Vec<Option<Align>> = Vec::new();
        let mut header = Vec::new();
        let mut rows = Vec::new();
        for (n, (tr, in_head)) in tables::rows(dom, i).into_iter().enumerate() {
            let cells: Vec<u32> = dom
                .children(tr)
                .filter(|&c| matches!(dom.tag(c), "td" | "th"))
                .collect();
            let all_th = !cells.is_empty() && cells.iter().all(|&c| dom.is(c, "th"));
            let mut row = Vec::new();
            for c in cells {
                let col = row.len();
                if align.len() <= col {
                    align.resize(col + 1, None);
                }
                if align[col].is_none() {
                    align[col] = tables::cell_align(dom, c);
                }
                row.push(self.cell(c));
                for _ in 1..tables::span(dom, c) {
                    row.push(Vec::new());
                }
            }
            if header.is_empty() && rows.is_empty() && (in_head || (n == 0 && all_th)) {
                header = row;
            } else {
                rows.push(row);
            }
        }
        // A first row of bold cells only is a header written without `<th>`.
        let bold = |r: &Vec<Vec<Inline>>| {
            r.iter().any(|c| !c.is_empty())
                && r.iter()
                    .all(|c| c.is_empty() || matches!(c.as_slice(), [Inline::Strong { .. }]))
        };
        rows.retain(|r| r.iter().any(|c| !c.is_empty()));
        if header.is_empty() && rows.len() > 1 && bold(&rows[0]) {
            header = rows.remove(0);
            for c in &mut header {
                if let [Inline::Strong { content }] = c.as_mut_slice() {
                    *c = std::mem::take(content);
                }
            }
        }
        let align = align.into_iter().map(Option::unwrap_or_default).collect();
        let t = Table::new(caption, align, header, rows);
        // What extraction left of the table is too little to be one (its
        // cells dropped as page furniture): read as its content instead.
        let cells = t.cells().count();
        let filled = t.cells().filter(|c| !c.is_empty()).count();
        let lines = t.rows.len() + usize::from(!t.header.is_empty());
        if t.rows.is_empty() || lines < 2 || filled * 2 <= cells {
            return false;
        }
        self.push_block(Block::Table(t), dom.line(i));
        true
    }

    /// A footnote's reference, a note, a list of notes, a link back: read
    /// here (`Some`: what `enter` returns), else `None`.
    pub(super) fn enter_note(&mut self, i: u32) -> Option<(Exit, bool)> {
        let notes = self.notes;
        if notes.targets.is_empty() {
            return None;
        }
        if let Some(label) = notes.refs.get(&i) {
            if self.space && self.has_text {
                self.target().push(Inline::text(" "));
                self.space = false;
            }
            self.target().push(Inline::NoteRef {
                label: label.clone(),
            });
            self.has_text = true;
            return Some((Exit::Nothing, true));
        }
        if notes.backlinks.contains(&i) {
            return Some((Exit::Nothing, true));
        }
        if notes.sections.contains(&i) {
            self.flush();
            let dom = self.dom;
            let mut k = i + 1;
            while k < dom.end(i) {
                if notes.targets.contains_key(&k) {
                    self.note(k);
                    k = dom.end(k).max(k + 1);
                } else {
                    k += 1;
                }
            }
            return Some((Exit::Nothing, true));
        }
        if notes.targets.contains_key(&i) {
            self.flush();
            self.note(i);
            return Some((Exit::Nothing, true));
        }
        None
    }

    fn note(&mut self, i: u32) {
        let Some(label) = self.notes.targets.get(&i).cloned() else {
            return;
        };
        let mut blocks = self.blocks_of(i);
        // The brackets a dropped link back leaves (`[↩]` → `[]`).
        if let Some(Block::Paragraph { content }) = blocks.last_mut()
            && let Some(Inline::Text { text }) = content.last_mut()
        {
            for empty in ["[]", "()", "[ ]"] {
                if let Some(t) = text.trim_end().strip_suffix(empty) {
                    *text = t.trim_end().to_string();
                }
            }
            content.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
        }
        self.note_items
            .push(Item::new(Block::Note { label, blocks }, self.dom.line(i)));
    }
}
