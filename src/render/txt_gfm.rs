//! The plain-text backend's tables and footnotes (see [`txt`](super::txt)).
//!
//! A table is written as aligned columns, two spaces apart, a rule of `-`
//! under the header; when its natural width passes the line width, the
//! widest columns are narrowed and their cells wrap onto more lines. Notes
//! are numbered `[1]`, `[2]`, … at their references and listed at the end of
//! the article, `[1] The note's text.`

use super::txt::{WIDTH, width, wrap};
use crate::model::{Align, Block, Inline, Table};

/// Columns are separated by this.
const GAP: &str = "  ";
/// A column is never narrowed below this (unless a word is wider).
const MIN_COLUMN: usize = 6;

/// `blocks` with every reference to a defined note as its `[n]` text, and
/// the notes taken out (number, blocks), in order.
pub(super) fn split_notes(blocks: &[Block]) -> (Vec<Block>, Vec<(usize, Vec<Block>)>) {
    let numbers = crate::model::note_numbers(blocks);
    if numbers.is_empty() {
        return (blocks.to_vec(), Vec::new());
    }
    let number = |l: &str| numbers.iter().find(|(x, _)| *x == l).map(|(_, n)| *n);
    let mut body = Vec::with_capacity(blocks.len());
    let mut notes: Vec<(usize, Vec<Block>)> = Vec::new();
    for b in blocks {
        let mut b = b.clone();
        replace_refs(&mut b, &number);
        match b {
            Block::Note { label, blocks } => {
                if let Some(n) = number(&label)
                    && !notes.iter().any(|(m, _)| *m == n)
                {
                    notes.push((n, blocks));
                }
            }
            other => body.push(other),
        }
    }
    (body, notes)
}

fn replace_refs(b: &mut Block, number: &dyn Fn(&str) -> Option<usize>) {
    fn run(v: &mut [Inline], number: &dyn Fn(&str) -> Option<usize>) {
        for i in v {
            match i {
                Inline::NoteRef { label } => {
                    if let Some(n) = number(label) {
                        *i = Inline::text(format!("[{n}]"));
                    }
                }
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Strike { content }
                | Inline::Link { content, .. } => run(content, number),
                _ => {}
            }
        }
    }
    match b {
        Block::Paragraph { content } | Block::Heading { content, .. } => run(content, number),
        Block::Quote { blocks } | Block::Note { blocks, .. } => {
            blocks.iter_mut().for_each(|b| replace_refs(b, number))
        }
        Block::List { items, .. } => items
            .iter_mut()
            .flatten()
            .for_each(|b| replace_refs(b, number)),
        Block::Figure { caption, .. } => run(caption, number),
        Block::Table(t) => {
            run(&mut t.caption, number);
            t.cells_mut().for_each(|c| run(c, number));
        }
        Block::Break | Block::Code { .. } => {}
    }
}

/// The lines of `t` (without indent) for a line of `avail` columns; `text`
/// is a cell's plain text.
pub(super) fn table_lines(
    t: &Table,
    avail: usize,
    text: &dyn Fn(&[Inline]) -> String,
) -> Vec<String> {
    let cols = t.columns();
    if cols == 0 {
        return Vec::new();
    }
    let header: Vec<String> = t.header.iter().map(|c| text(c)).collect();
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| text(c)).collect())
        .collect();
    let all = || {
        std::iter::once(&header)
            .chain(&rows)
            .filter(|r| !r.is_empty())
    };
    // Natural width (the longest cell) and the narrowest a column can wrap
    // to (its longest word).
    let mut widths = vec![0usize; cols];
    let mut mins = vec![0usize; cols];
    for r in all() {
        for (k, c) in r.iter().enumerate() {
            widths[k] = widths[k].max(width(c));
            let word = c.split_whitespace().map(width).max().unwrap_or(0);
            mins[k] = mins[k].max(word);
        }
    }
    let budget = avail.saturating_sub(GAP.len() * (cols - 1));
    // Narrow the widest column one step at a time until the table fits or
    // no column can give more.
    while widths.iter().sum::<usize>() > budget {
        let Some(k) = (0..cols)
            .filter(|&k| widths[k] > mins[k].max(MIN_COLUMN.min(widths[k])))
            .max_by_key(|&k| widths[k])
        else {
            break;
        };
        widths[k] -= 1;
    }
    let mut out = Vec::new();
    let push_row = |cells: &[String], out: &mut Vec<String>| {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                let lines = wrap(c, *w, "", "");
                if lines.is_empty() {
                    vec![String::new()]
                } else {
                    lines
                }
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for l in 0..height {
            let mut line = String::new();
            for (k, cell) in wrapped.iter().enumerate() {
                if k > 0 {
                    line.push_str(GAP);
                }
                let s = cell.get(l).map(String::as_str).unwrap_or("");
                pad(&mut line, s, widths[k], t.align[k]);
            }
            out.push(line.trim_end().to_string());
        }
    };
    if !header.is_empty() {
        push_row(&header, &mut out);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat((*w).max(1))).collect();
        out.push(rule.join(GAP));
    }
    for r in &rows {
        push_row(r, &mut out);
    }
    out
}

fn pad(line: &mut String, s: &str, w: usize, a: Align) {
    let room = w.saturating_sub(width(s));
    let (before, after) = match a {
        Align::Right => (room, 0),
        Align::Center => (room / 2, room - room / 2),
        Align::None | Align::Left => (0, room),
    };
    line.push_str(&" ".repeat(before));
    line.push_str(s);
    line.push_str(&" ".repeat(after));
}

/// The width a table may take at `indent`.
pub(super) fn avail(indent: &str) -> usize {
    WIDTH.saturating_sub(width(indent))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[&str]) -> Vec<Vec<Inline>> {
        v.iter().map(|s| vec![Inline::text(*s)]).collect()
    }

    #[test]
    fn columns_align_and_wide_tables_wrap() {
        let t = Table::new(
            vec![],
            vec![Align::Left, Align::Right],
            cells(&["Port", "Fee"]),
            vec![cells(&["Genoa", "12"]), cells(&["Valletta", "7.50"])],
        );
        let text = |c: &[Inline]| crate::model::inline_text(c);
        let lines = table_lines(&t, 72, &text);
        assert_eq!(
            lines,
            [
                "Port       Fee",
                "--------  ----",
                "Genoa       12",
                "Valletta  7.50"
            ]
        );
        let long = "a very long cell of words that cannot fit beside the other one at all";
        let t = Table::new(
            vec![],
            vec![],
            cells(&["A", "B"]),
            vec![cells(&[long, long])],
        );
        let lines = table_lines(&t, 40, &text);
        assert!(lines.iter().all(|l| width(l) <= 40), "{lines:#?}");
        assert!(lines.len() > 3);
    }
}
