//! Tables in the PDF: column widths from the content, cells wrapped inside
//! their column, each column's alignment, rules between rows, the header
//! row repeated at the top of a page the table continues on.
//!
//! Widths follow the automatic table layout of CSS, simplified: every
//! column gets at least its min-content width (its widest word, so a word is
//! never split across lines unless the table cannot fit otherwise) and at
//! most its max-content width (its longest cell on one line). A table whose
//! columns fit on one line each keeps those widths (narrow tables are not
//! stretched to the measure); a wider one shares the room left after the
//! minimums in proportion to what each column would still need.
//!
//! One row is one [`VItem::Line`] per line of its tallest cell, the cells'
//! glyph runs side by side on the same baseline, so text extraction
//! (`pdftotext -layout`) reads a row as one line, cells in order.

use super::builder::{Builder, Ctx};
use super::flow::{ParaInfo, VItem};
use super::fonts::Face;
use super::layout::{Line, ParaSpec, Span};
use super::tags::{Role, Scope, StructTree};
use crate::model::{Align, Table};

/// Cell padding on each side, in ems of the table's type size.
const PAD_EM: f32 = 0.4;

impl Builder<'_, '_, '_> {
    /// Sets `t` at `cx` (its size is the table's body size).
    pub(super) fn table(&mut self, t: &Table, cx: &Ctx, out: &mut Vec<VItem>) {
        let cols = t.columns();
        if cols == 0 {
            return;
        }
        let s = self.style;
        let size = s.small_size + 0.5;
        let tcx = Ctx {
            size,
            leading: size * 1.5,
            ..*cx
        };
        let avail = (self.measure - cx.left - cx.right).max(72.0);
        let pad = PAD_EM * size;
        out.push(VItem::Space(cx.leading * 0.5));
        if !t.caption.is_empty() {
            let spans = self.spans(&t.caption, Face::Italic, self.colors.muted);
            self.tagged(Role::Caption, out, |b, out| {
                b.push_para(&spans, &tcx, 0.0, false, true, false, out)
            });
            self.keep_next = true;
            out.push(VItem::Space(size * 0.3));
        }
        let head: Vec<Vec<Span>> = t
            .header
            .iter()
            .map(|c| self.spans(c, Face::Bold, cx.color))
            .collect();
        let rows: Vec<Vec<Vec<Span>>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| self.spans(c, cx.face, cx.color)).collect())
            .collect();
        let widths = self.column_widths(
            std::iter::once(&head)
                .chain(&rows)
                .filter(|r| !r.is_empty()),
            cols,
            avail,
            pad,
            &tcx,
        );
        let total: f32 = widths.iter().sum::<f32>() + 2.0 * pad * cols as f32;
        let rule = |w: f32, color| VItem::Rule {
            x0: cx.left,
            x1: cx.left + total,
            width: w,
            color,
        };
        out.push(rule(0.8, self.colors.text));
        let mut header_items = Vec::new();
        if !head.is_empty() {
            let start = out.len();
            self.table_row(&head, true, &t.align, &widths, pad, &tcx, out);
            out.push(rule(0.5, self.colors.text));
            header_items = out[start..].to_vec();
            // The repeated copy never breaks inside, and is an artifact in
            // a tagged PDF (the header is in the structure once).
            for it in &mut header_items {
                if let VItem::Line {
                    break_before, line, ..
                } = it
                {
                    *break_before = false;
                    line.tag = Default::default();
                }
            }
            out.push(VItem::RepeatHeader(Some(header_items.clone())));
            // The first row stays with the header.
            self.keep_next = true;
        }
        for (k, row) in rows.iter().enumerate() {
            if k > 0 {
                out.push(rule(0.3, self.colors.muted));
            }
            self.table_row(row, false, &t.align, &widths, pad, &tcx, out);
        }
        out.push(rule(0.8, self.colors.text));
        if !header_items.is_empty() {
            out.push(VItem::RepeatHeader(None));
        }
        out.push(VItem::Space(cx.leading * 0.5));
    }

    /// Column widths (content only, padding not included).
    fn column_widths<'r, 't: 'r>(
        &self,
        rows: impl Iterator<Item = &'r Vec<Vec<Span<'t>>>>,
        cols: usize,
        avail: f32,
        pad: f32,
        cx: &Ctx,
    ) -> Vec<f32> {
        let mut min = vec![0f32; cols];
        let mut max = vec![0f32; cols];
        for r in rows {
            for (k, cell) in r.iter().enumerate().take(cols) {
                let (lo, hi) = self.cell_extent(cell, cx);
                min[k] = min[k].max(lo);
                max[k] = max[k].max(hi);
            }
        }
        let room = avail - 2.0 * pad * cols as f32;
        let sum_max: f32 = max.iter().sum();
        if sum_max <= room {
            return max;
        }
        let sum_min: f32 = min.iter().sum();
        if sum_min >= room {
            // Even the widest words do not fit: shrink in proportion (long
            // words are then hyphenated or overflow their cell).
            let f = room.max(1.0) / sum_min.max(1.0);
            return min.iter().map(|m| (m * f).max(cx.size)).collect();
        }
        let extra = room - sum_min;
        let want: f32 = max.iter().zip(&min).map(|(a, b)| a - b).sum();
        min.iter()
            .zip(&max)
            .map(|(lo, hi)| lo + (hi - lo) * extra / want.max(0.01))
            .collect()
    }

    /// (min-content, max-content) width of a cell.
    fn cell_extent(&self, cell: &[Span], cx: &Ctx) -> (f32, f32) {
        if cell.iter().all(|s| s.text.trim().is_empty()) {
            return (0.0, 0.0);
        }
        let wide = self.ts.set(cell, &self.cell_spec(1.0e5, cx, false));
        let hi = wide.iter().map(|l| l.width).fold(0.0, f32::max);
        // The widest word, set alone (a line narrower than a word would
        // break it between characters).
        let spec = self.cell_spec(1.0e5, cx, false);
        let mut lo = 0.0f32;
        for span in cell {
            for word in span.text.split_whitespace() {
                let one = Span {
                    text: std::borrow::Cow::Borrowed(word),
                    face: span.face,
                    link: span.link.clone(),
                    color: span.color,
                    strike: span.strike,
                };
                let w = self.ts.set(&[one], &spec).first().map_or(0.0, |l| l.width);
                lo = lo.max(w);
            }
        }
        (lo.min(hi), hi)
    }

    fn cell_spec(&self, measure: f32, cx: &Ctx, hyphenate: bool) -> ParaSpec {
        ParaSpec {
            measure,
            indent: 0.0,
            size: cx.size,
            leading: cx.leading,
            justify: false,
            hyphenate: hyphenate && self.style.hyphenate,
            center: false,
            lang: self.lang,
        }
    }

    /// One row: each cell set in its column, the lines of all cells merged
    /// line by line.
    #[allow(clippy::too_many_arguments)]
    fn table_row(
        &mut self,
        cells: &[Vec<Span>],
        header: bool,
        align: &[Align],
        widths: &[f32],
        pad: f32,
        cx: &Ctx,
        out: &mut Vec<VItem>,
    ) {
        let mut set: Vec<Vec<Line>> = Vec::with_capacity(cells.len());
        for (k, cell) in cells.iter().enumerate() {
            let w = widths.get(k).copied().unwrap_or(cx.size);
            set.push(self.ts.set(cell, &self.cell_spec(w + 0.01, cx, true)));
        }
        let height = set.iter().map(Vec::len).max().unwrap_or(0).max(1);
        self.para_id += 1;
        let keep = std::mem::take(&mut self.keep_next);
        let mut x = 0.0;
        let mut xs = Vec::with_capacity(widths.len());
        for w in widths {
            xs.push(x + pad);
            x += w + 2.0 * pad;
        }
        // Tagged PDF: a TR with a TH (heading its column) or TD per cell;
        // each line of the row is the row's, each cell's glyphs its cell's.
        let tr = self.tags.open(Role::TR);
        let cell_tags: Vec<_> = (0..cells.len())
            .map(|_| {
                let id = self.tags.add(if header { Role::TH } else { Role::TD });
                if header {
                    self.tags.set_scope(id, Scope::Column);
                }
                id
            })
            .collect();
        for i in 0..height {
            let mut line = Line {
                size: cx.size,
                leading: cx.leading,
                measure: x,
                ..Default::default()
            };
            line.tag.elem = Some(tr);
            for (k, &id) in cell_tags.iter().enumerate() {
                let x0 = xs.get(k).copied().unwrap_or(0.0) - pad;
                let x1 = x0 + widths.get(k).copied().unwrap_or(0.0) + 2.0 * pad;
                StructTree::tag_part(&mut line, x0, x1, id);
            }
            let mut texts = Vec::with_capacity(set.len());
            for (k, lines) in set.iter_mut().enumerate() {
                let Some(l) = lines.get_mut(i) else {
                    texts.push(String::new());
                    continue;
                };
                let w = widths.get(k).copied().unwrap_or(0.0);
                let room = (w - l.width).max(0.0);
                let shift = if l.rtl {
                    0.0
                } else {
                    match align.get(k).copied().unwrap_or_default() {
                        Align::Right => room,
                        Align::Center => room / 2.0,
                        Align::None | Align::Left => 0.0,
                    }
                };
                let dx = xs.get(k).copied().unwrap_or(0.0) + shift;
                for mut r in std::mem::take(&mut l.runs) {
                    r.x += dx;
                    line.runs.push(r);
                }
                for (a, b, u) in std::mem::take(&mut l.links) {
                    line.links.push((a + dx, b + dx, u));
                }
                for mut st in std::mem::take(&mut l.strikes) {
                    st.x0 += dx;
                    st.x1 += dx;
                    line.strikes.push(st);
                }
                line.width = line.width.max(dx + l.width);
                texts.push(std::mem::take(&mut l.text));
            }
            line.text = texts.join(" ").trim().to_string();
            out.push(VItem::Line {
                line: Box::new(line),
                x: cx.left,
                // A row may start a page; its own lines stay together.
                break_before: i == 0 && !keep,
                para: Some(ParaInfo {
                    id: self.para_id,
                    index: super::flow::n32(i),
                    count: super::flow::n32(height),
                }),
                bar: None,
                goto: None,
                page_number: false,
            });
        }
        self.tags.close(tr);
    }
}
