//! Where footnotes go in a document: after the body, in reading order.

use super::{Block, Item};

/// The footnote definitions, in the order the body first references them
/// (then the unreferenced ones, in their own order; a label defined twice
/// keeps its first definition, as GFM does).
pub fn order_notes(notes: Vec<Item>, items: &[Item]) -> Vec<Item> {
    let mut refs: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut visit = |l: &str| {
        if seen.insert(l.to_string()) {
            refs.push(l.to_string());
        }
    };
    for it in items
        .iter()
        .map(|i| &i.block)
        .chain(notes.iter().map(|n| &n.block))
    {
        super::walk_note_refs(it, &mut visit);
    }
    let mut by_label: Vec<Option<Item>> = Vec::with_capacity(notes.len());
    let mut labels = Vec::with_capacity(notes.len());
    for n in notes {
        if let Block::Note { label, .. } = &n.block
            && !labels.contains(label)
        {
            labels.push(label.clone());
            by_label.push(Some(n));
        }
    }
    let mut out = Vec::with_capacity(by_label.len());
    for r in &refs {
        if let Some(k) = labels.iter().position(|l| l == r)
            && let Some(n) = by_label[k].take()
        {
            out.push(n);
        }
    }
    out.extend(by_label.into_iter().flatten());
    out
}
