//! What a reader hands the normalizer: blocks with their input lines.
//! Here, below both, so that neither depends on the other.

use super::{Block, Document, Meta};

/// A block as read, with the 1-based input line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Item {
    /// The block.
    pub block: Block,
    /// 1-based line of the input where the block starts.
    pub line: usize,
}

/// What a reader hands the normalizer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Draft {
    /// Metadata the input states (front matter, HTML meta); the normalizer adds
    /// what it finds in the text.
    pub meta: Meta,
    /// Body blocks in order.
    pub items: Vec<Item>,
    /// True for plain scraped text: structure (title, standfirst, byline) is
    /// then guessed from the first lines.
    pub plain: bool,
    /// True for Markdown: the structure is the author's own (or galley's
    /// output read back), so block-context heuristics leave it alone.
    pub authored: bool,
    /// True once `comment-section` has cut the page's tail at its comment
    /// heading: the last blocks are then the article's own end (and its
    /// post footer), not the page's end that `tail-run` and `blocks` look
    /// for. Set by the applier only (`Op::RemoveTail`).
    pub tail_cut: bool,
}

impl Item {
    /// `block`, read at 1-based `line`.
    pub fn new(block: Block, line: usize) -> Self {
        Item { block, line }
    }
}

impl Draft {
    /// A draft of `meta` and `items` (neither plain text nor authored).
    pub fn new(meta: Meta, items: Vec<Item>) -> Self {
        Draft {
            meta,
            items,
            ..Draft::default()
        }
    }

    /// Drops line numbers.
    pub fn into_document(self) -> Document {
        Document {
            meta: self.meta,
            blocks: self.items.into_iter().map(|i| i.block).collect(),
        }
    }
}
