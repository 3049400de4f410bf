//! The HTML/XHTML body writer's tables and footnotes (see
//! [`body_html`](super::html::body_html)).

use super::html::Writer;
use super::shared::escape_html;
use crate::model::{Align, Block, Table};

impl Writer {
    /// `<table>` with its `<caption>`, a `<thead>` of `<th scope="col">`
    /// cells, a `<tbody>`; a column's alignment as a `text-align` style on
    /// each of its cells (valid HTML and EPUB, no stylesheet needed).
    pub(super) fn table(&mut self, t: &Table) {
        if t.columns() == 0 {
            return;
        }
        self.out.push_str("<table>\n");
        if !t.caption.is_empty() {
            self.out.push_str("<caption>");
            self.inlines(&t.caption);
            self.out.push_str("</caption>\n");
        }
        if !t.header.is_empty() {
            self.out.push_str("<thead>\n<tr>");
            for (cell, a) in t.header.iter().zip(&t.align) {
                self.out.push_str("<th scope=\"col\"");
                align_style(*a, &mut self.out);
                self.out.push('>');
                self.inlines(cell);
                self.out.push_str("</th>");
            }
            self.out.push_str("</tr>\n</thead>\n");
        }
        self.out.push_str("<tbody>\n");
        for row in &t.rows {
            self.out.push_str("<tr>");
            for (cell, a) in row.iter().zip(&t.align) {
                self.out.push_str("<td");
                align_style(*a, &mut self.out);
                self.out.push('>');
                self.inlines(cell);
                self.out.push_str("</td>");
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n");
    }

    /// A reference: the note's number, superscript, linking to the note.
    /// A label no note defines is written as its `[^label]` text.
    pub(super) fn note_ref(&mut self, label: &str) {
        let Some(k) = self.notes.iter().position(|(l, _, _)| l == label) else {
            self.out.push_str("[^");
            escape_html(label, &mut self.out);
            self.out.push(']');
            return;
        };
        self.notes[k].2 += 1;
        let (n, count) = (self.notes[k].1, self.notes[k].2);
        let id = if count == 1 {
            format!("fnref-{n}")
        } else {
            format!("fnref-{n}-{count}")
        };
        let epub = if self.xhtml {
            " epub:type=\"noteref\""
        } else {
            ""
        };
        self.out.push_str(&format!(
            "<sup><a href=\"#fn-{n}\" id=\"{id}\" role=\"doc-noteref\"{epub}>{n}</a></sup>"
        ));
    }
}

fn align_style(a: Align, out: &mut String) {
    let side = match a {
        Align::None => return,
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
    };
    out.push_str(" style=\"text-align: ");
    out.push_str(side);
    out.push('"');
}

/// The notes of `blocks`, after the flow: HTML an endnotes section with an
/// ordered list; XHTML one `aside epub:type="footnote"` per note (EPUB
/// readers show it as a pop-up and hide it from the flow). Each note links
/// back to its first reference, when there is one.
pub(super) fn write_notes(w: &mut Writer, blocks: &[Block], last_level: &mut u8) {
    let notes: Vec<(&str, &[Block])> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Note { label, blocks } => Some((label.as_str(), blocks.as_slice())),
            _ => None,
        })
        .collect();
    if notes.is_empty() {
        return;
    }
    let mut done = Vec::new();
    if w.xhtml {
        w.out.push_str(
            "<section class=\"footnotes\" role=\"doc-endnotes\" epub:type=\"endnotes\">\n",
        );
    } else {
        w.out
            .push_str("<section class=\"footnotes\" role=\"doc-endnotes\">\n");
        w.void("hr");
        w.out.push_str("\n<ol>\n");
    }
    for (label, content) in notes {
        if done.contains(&label) {
            continue;
        }
        done.push(label);
        let Some(&(_, n, refs)) = w.notes.iter().find(|(l, _, _)| l == label) else {
            continue;
        };
        if w.xhtml {
            w.out.push_str(&format!(
                "<aside id=\"fn-{n}\" epub:type=\"footnote\" role=\"doc-footnote\">\n"
            ));
        } else {
            w.out.push_str(&format!("<li id=\"fn-{n}\">\n"));
        }
        let back = (refs > 0)
            .then(|| format!(" <a href=\"#fnref-{n}\" role=\"doc-backlink\">\u{21a9}\u{fe0e}</a>"));
        write_note_blocks(w, n, content, back.as_deref(), last_level);
        w.out
            .push_str(if w.xhtml { "</aside>\n" } else { "</li>\n" });
    }
    if !w.xhtml {
        w.out.push_str("</ol>\n");
    }
    w.out.push_str("</section>\n");
}

/// A note's blocks; in XHTML its number leads the first paragraph (an
/// `aside` has no list numbering); the back link ends the last paragraph,
/// or stands alone after other blocks.
fn write_note_blocks(
    w: &mut Writer,
    n: usize,
    blocks: &[Block],
    back: Option<&str>,
    last_level: &mut u8,
) {
    let last = blocks.len().saturating_sub(1);
    for (k, b) in blocks.iter().enumerate() {
        match b {
            Block::Paragraph { content } => {
                w.out.push_str("<p>");
                if k == 0 && w.xhtml {
                    w.out.push_str(&format!("{n}. "));
                }
                w.inlines(content);
                if k == last
                    && let Some(back) = back
                {
                    w.out.push_str(back);
                }
                w.out.push_str("</p>\n");
            }
            other => {
                w.block(other, last_level);
                if k == last
                    && let Some(back) = back
                {
                    w.out.push_str(&format!("<p>{back}</p>\n"));
                }
            }
        }
    }
    if blocks.is_empty()
        && let Some(back) = back
    {
        w.out.push_str(&format!("<p>{n}.{back}</p>\n"));
    }
}
