//! Scraped plain text -> blocks. Blank lines separate blocks; within a block,
//! hard-wrapped lines are rejoined (and words split by a line-end hyphen put
//! back together), while a stack of short unrelated lines (menus, share
//! buttons) becomes one block per line. Lines that are all bullets form a list.
//! No cleaning happens here.

use super::{Draft, Item};
use crate::model::{Block, Inline};

/// Reads scraped text.
pub fn read(text: &str) -> Draft {
    let mut items = Vec::new();
    let mut block: Vec<(usize, &str)> = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if is_blank(line) {
            flush(&mut block, &mut items);
        } else {
            block.push((i + 1, line));
        }
    }
    flush(&mut block, &mut items);
    Draft {
        meta: Default::default(),
        items,
        plain: true,
        authored: false,
        tail_cut: false,
    }
}

fn is_blank(line: &str) -> bool {
    line.chars()
        .all(|c| c.is_whitespace() || super::decode::is_invisible(c))
}

fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    for m in ["• ", "· ", "- ", "* ", "– ", "▪ ", "◦ "] {
        if let Some(rest) = t.strip_prefix(m) {
            let rest = rest.trim();
            // `* * *` and `- - -` are delimiter lines, not list items.
            if !rest.is_empty() && rest.chars().any(|c| c.is_alphanumeric()) {
                return Some(rest);
            }
        }
    }
    None
}

fn flush(block: &mut Vec<(usize, &str)>, items: &mut Vec<Item>) {
    if block.is_empty() {
        return;
    }
    if block.len() >= 2 && block.iter().all(|(_, l)| bullet(l).is_some()) {
        let line = block[0].0;
        let list_items = block
            .iter()
            .filter_map(|(_, l)| bullet(l))
            .map(|t| vec![Block::para(t.trim().to_string())])
            .collect();
        items.push(Item {
            block: Block::List {
                ordered: false,
                items: list_items,
            },
            line,
        });
        block.clear();
        return;
    }
    let max = block
        .iter()
        .map(|(_, l)| l.trim().chars().count())
        .max()
        .unwrap_or(0);
    let mut cur = String::new();
    let mut cur_line = block[0].0;
    for (k, (ln, l)) in block.iter().enumerate() {
        let t = l.trim();
        if cur.is_empty() {
            cur_line = *ln;
            cur.push_str(t);
        } else {
            join_wrapped(&mut cur, t);
        }
        let len = t.chars().count();
        // A line continues into the next when it is a wrapped line: long
        // relative to the block's longest, in a block of real prose.
        let continues = k + 1 < block.len() && max >= 30 && len * 100 >= max * 55;
        if !continues {
            items.push(Item {
                block: Block::Paragraph {
                    content: vec![Inline::text(std::mem::take(&mut cur))],
                },
                line: cur_line,
            });
        }
    }
    block.clear();
}

/// Appends wrapped line `next` to `cur`: a word split by a line-end hyphen
/// (`inter-` / `national`) is joined without the hyphen, else one space.
fn join_wrapped(cur: &mut String, next: &str) {
    let mut tail = cur.chars().rev();
    let hyphen = tail.next() == Some('-');
    let letter_before = tail.next().is_some_and(|c| c.is_alphabetic());
    let lower_after = next.chars().next().is_some_and(|c| c.is_lowercase());
    if hyphen && letter_before && lower_after {
        cur.pop();
        cur.push_str(next);
    } else {
        cur.push(' ');
        cur.push_str(next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn texts(d: &Draft) -> Vec<String> {
        d.items
            .iter()
            .map(|i| crate::model::block_text(&i.block))
            .collect()
    }
    #[test]
    fn blocks_and_lines() {
        let d = read("Title\n\nFirst para\n\n\nSecond");
        assert_eq!(texts(&d), ["Title", "First para", "Second"]);
        assert_eq!(
            d.items.iter().map(|i| i.line).collect::<Vec<_>>(),
            [1, 3, 6]
        );
    }
    #[test]
    fn hard_wrapped_lines_rejoin() {
        let d = read(
            "The committee met on Tuesday to discuss the inter-\nnational agreement, which had been\ndelayed for months.",
        );
        assert_eq!(
            texts(&d),
            [
                "The committee met on Tuesday to discuss the international agreement, which had been delayed for months."
            ]
        );
    }
    #[test]
    fn menu_stacks_split() {
        let d = read(
            "Facebook\nTwitter\nEmail\nA much longer line that is obviously some prose text here",
        );
        assert_eq!(texts(&d).len(), 4);
    }
    #[test]
    fn bullets_make_lists() {
        let d = read("- one thing\n- another thing");
        assert!(matches!(d.items[0].block, Block::List { .. }));
        let d = read("* * *");
        assert!(matches!(d.items[0].block, Block::Paragraph { .. }));
    }
}
