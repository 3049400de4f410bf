//! Data tables: Markdown (GFM) pipe tables and HTML `<table>` elements with
//! data in them (not page-layout tables).

use super::Inline;
use serde::{Deserialize, Serialize};

/// Horizontal alignment of a table column. Markdown: the delimiter row
/// (`:---` left, `:---:` center, `---:` right, `---` none); HTML:
/// `align="right"` or `style="text-align: right"` on the cells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// No alignment stated (backends align left).
    #[default]
    None,
    /// `:---`
    Left,
    /// `:---:`
    Center,
    /// `---:`
    Right,
}

/// A table of data. Markdown
///
/// ```text
/// | Port   | Fee |
/// | :----- | --: |
/// | Genoa  |  12 |
/// ```
///
/// or HTML `<table><caption>…</caption><thead><tr><th>Port</th>…`.
/// Every row (and the header, when present) has exactly `align.len()`
/// cells: readers pad short rows with empty cells and cut long ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Table {
    /// HTML `<caption>`; Markdown tables have none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub caption: Vec<Inline>,
    /// Alignment of each column; its length is the number of columns.
    pub align: Vec<Align>,
    /// The header row, one cell per column; empty when the table has no
    /// header (an HTML table without `<th>` cells).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub header: Vec<Vec<Inline>>,
    /// Body rows, each one cell per column.
    pub rows: Vec<Vec<Vec<Inline>>>,
}

impl Table {
    /// A table of `header` and `rows` with `align`; every row is padded with
    /// empty cells or cut to the number of columns (the longest of `align`,
    /// the header and the rows), and `align` padded with [`Align::None`].
    pub fn new(
        caption: Vec<Inline>,
        mut align: Vec<Align>,
        mut header: Vec<Vec<Inline>>,
        mut rows: Vec<Vec<Vec<Inline>>>,
    ) -> Self {
        let cols = rows
            .iter()
            .map(Vec::len)
            .chain([align.len(), header.len()])
            .max()
            .unwrap_or(0);
        align.resize(cols, Align::None);
        if !header.is_empty() {
            header.resize(cols, Vec::new());
        }
        for r in &mut rows {
            r.resize(cols, Vec::new());
        }
        Table {
            caption,
            align,
            header,
            rows,
        }
    }

    /// Number of columns.
    pub fn columns(&self) -> usize {
        self.align.len()
    }

    /// Every cell, header first, then the rows in order.
    pub fn cells(&self) -> impl Iterator<Item = &Vec<Inline>> {
        self.header.iter().chain(self.rows.iter().flatten())
    }

    /// Every cell, mutably, header first (the caption is not a cell).
    pub fn cells_mut(&mut self) -> impl Iterator<Item = &mut Vec<Inline>> {
        self.header.iter_mut().chain(self.rows.iter_mut().flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_padded_to_the_widest() {
        let t = Table::new(
            vec![],
            vec![Align::Right],
            vec![vec![Inline::text("a")]],
            vec![
                vec![vec![Inline::text("1")], vec![Inline::text("2")]],
                vec![],
            ],
        );
        assert_eq!(t.columns(), 2);
        assert_eq!(t.align, [Align::Right, Align::None]);
        assert_eq!(t.header.len(), 2);
        assert!(t.rows.iter().all(|r| r.len() == 2));
        assert_eq!(t.cells().count(), 6);
    }
}
