//! `<table>` in a saved page: a data table becomes a model
//! [`Table`](crate::model::Table); a layout table (one row or one column,
//! nested tables, `role="presentation"`, long cells of running text, or a
//! small grid with no header) is read as its content, like any container.
//! The test is Readability's `_markDataTables`, plus the long-cell rule.

use super::dom::Dom;
use crate::model::Align;

/// A cell with more text than this is running text: the table lays out a
/// page, it does not hold data.
const MAX_DATA_CELL: usize = 400;

/// True when `<table>` `i` holds data.
pub(super) fn is_data_table(dom: &Dom, i: u32) -> bool {
    if matches!(dom.attr(i, "role"), Some("presentation" | "none"))
        || dom.attr(i, "datatable") == Some("0")
    {
        return false;
    }
    let end = dom.end(i);
    let mut rows = 0usize;
    let mut cols = 0usize;
    let mut structure = dom.attr(i, "summary").is_some();
    for k in i + 1..end {
        match dom.tag(k) {
            "table" => return false,
            "tr" => {
                rows += 1;
                let n: usize = dom
                    .children(k)
                    .filter(|&c| matches!(dom.tag(c), "td" | "th"))
                    .map(|c| span(dom, c))
                    .sum();
                cols = cols.max(n);
            }
            "td" | "th" => {
                if dom.tag(k) == "th" {
                    structure = true;
                }
                if dom.collapsed_text(k, MAX_DATA_CELL + 1).chars().count() > MAX_DATA_CELL {
                    return false;
                }
            }
            "caption" | "thead" | "tfoot" | "col" | "colgroup" => structure = true,
            _ => {}
        }
    }
    if rows <= 1 || cols <= 1 {
        return false;
    }
    structure || rows >= 10 || cols > 4 || rows * cols > 10
}

/// `colspan` of a cell (1..=64).
pub(super) fn span(dom: &Dom, cell: u32) -> usize {
    dom.attr(cell, "colspan")
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, 64)
}

/// A cell's stated alignment: `align="right"`, or `text-align` in its style.
pub(super) fn cell_align(dom: &Dom, cell: u32) -> Option<Align> {
    let from = |v: &str| match v.trim().to_ascii_lowercase().as_str() {
        "left" | "start" => Some(Align::Left),
        "center" | "middle" => Some(Align::Center),
        "right" | "end" => Some(Align::Right),
        _ => None,
    };
    if let Some(a) = dom.attr(cell, "align").and_then(from) {
        return Some(a);
    }
    let style = dom.attr(cell, "style")?.to_ascii_lowercase();
    let at = style.find("text-align")?;
    let value = style[at + "text-align".len()..]
        .trim_start()
        .strip_prefix(':')?
        .split([';', '!'])
        .next()?;
    from(value)
}

/// The rows of table `i`, in order: (row element, in `<thead>`).
pub(super) fn rows(dom: &Dom, i: u32) -> Vec<(u32, bool)> {
    (i + 1..dom.end(i))
        .filter(|&k| dom.is(k, "tr"))
        .map(|k| (k, dom.is(dom.parent(k), "thead")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(html: &str) -> (Dom, u32) {
        let dom = Dom::parse(html);
        let t = dom.first("table").unwrap_or(0);
        (dom, t)
    }

    #[test]
    fn data_and_layout_tables_are_told_apart() {
        let (d, t) = table(
            "<table><tr><th>Port</th><th>Fee</th></tr><tr><td>Genoa</td><td>12</td></tr></table>",
        );
        assert!(is_data_table(&d, t));
        let (d, t) = table("<table><tr><td>only</td></tr><tr><td>one column</td></tr></table>");
        assert!(!is_data_table(&d, t));
        let (d, t) = table(
            "<table><tr><td><table><tr><th>a</th><th>b</th></tr></table></td><td>x</td></tr>\
             <tr><td>y</td><td>z</td></tr></table>",
        );
        assert!(!is_data_table(&d, t), "nested tables lay out a page");
        let (d, t) = table(
            "<table role=\"presentation\"><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>",
        );
        assert!(!is_data_table(&d, t));
        let long = "word ".repeat(100);
        let (d, t) = table(&format!(
            "<table><tr><th>a</th><th>b</th></tr><tr><td>{long}</td><td>2</td></tr></table>"
        ));
        assert!(!is_data_table(&d, t), "running text in a cell");
    }

    #[test]
    fn alignment_from_attribute_or_style() {
        let d = Dom::parse(
            "<table><tr><td align=RIGHT>1</td><td style=\"color:red; text-align : center\">2</td><td>3</td></tr></table>",
        );
        let cells: Vec<u32> = (0..d.len() as u32).filter(|&k| d.is(k, "td")).collect();
        assert_eq!(cell_align(&d, cells[0]), Some(Align::Right));
        assert_eq!(cell_align(&d, cells[1]), Some(Align::Center));
        assert_eq!(cell_align(&d, cells[2]), None);
    }
}
