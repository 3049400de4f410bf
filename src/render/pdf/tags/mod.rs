//! Tagged PDF: the logical structure of what the typesetter sets (ISO
//! 32000-1, 14.7-14.8), so a screen reader reads headings, paragraphs,
//! lists and figures in reading order, and copy and search give real text.
//!
//! Two halves:
//!
//! - **while laying out** ([`StructTree`], this file): the builder opens and
//!   closes structure elements in reading order (`Document > Art > H1, P,
//!   L > LI > Lbl + LBody, BlockQuote, Figure, Code, Table > TR > TH/TD,
//!   Note, ...`) and every set [`Line`](super::layout::Line) carries the
//!   element it belongs to in its [`LineTag`] through flow and chrome;
//! - **while writing** ([`marked`]): every tagged line's glyphs become a
//!   marked-content sequence with an MCID (`/P <</MCID 3>> BDC ... EMC`),
//!   everything untagged (running heads, page numbers, rules, the cover
//!   ornament) is `/Artifact`; link text becomes a `Link` element holding
//!   its annotation (`/OBJR`); the tree is written with its `/ParentTree`.
//!
//! [`standard`] adds what PDF/A-2b and PDF/UA-1 need on top (XMP, sRGB
//! output intent, checks of the fonts).
//!
//! # Tagging new kinds of blocks (tables, footnotes)
//!
//! The builder owns one tree (`Builder::tags`). A block layout tags its
//! lines in one call:
//!
//! ```ignore
//! // Table > TR > TH/TD: open, set lines, close; lines pushed while an
//! // element is open are tagged with it (tag_lines) unless already tagged.
//! let table = b.tags.open(Role::Table);
//! for row in rows {
//!     let tr = b.tags.open(Role::TR);
//!     for cell in row {
//!         let td = b.tags.add(if header { Role::TH } else { Role::TD });
//!         if header { b.tags.set_scope(td, Scope::Column); }
//!         // a cell set as its own lines:
//!         let start = out.len();
//!         /* push the cell's lines */
//!         StructTree::tag_lines(&mut out[start..], td);
//!         // or a row set as one line with the cells side by side:
//!         // StructTree::tag_part(&mut line, x0, x1, td);
//!     }
//!     b.tags.close(tr);
//! }
//! b.tags.close(table);
//! ```
//!
//! `Builder::tagged(role, out, |b, out| ...)` does open / lay out / tag /
//! close in one call. Elements that receive no content are dropped when
//! the tree is written; an element's children are in the order they were
//! created, its content in the order it is drawn.

pub mod icc;
pub mod marked;
pub mod standard;
#[cfg(test)]
mod tests;

use super::flow::VItem;
use super::layout::Line;

/// A structure element, by its index in the [`StructTree`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ElemId(pub u32);

impl ElemId {
    /// The root (`Document`).
    pub const ROOT: ElemId = ElemId(0);
}

/// Standard structure types (ISO 32000-1, 14.8.4) galley uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Role {
    Document,
    /// An article of the book (with its `/Lang`).
    Art,
    Sect,
    /// The contents and its entries.
    TOC,
    TOCI,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    P,
    L,
    LI,
    /// A list item's marker (`1.`, `•`).
    Lbl,
    LBody,
    BlockQuote,
    /// An image; needs [`StructTree::set_alt`].
    Figure,
    Caption,
    /// A link: its text and its annotation.
    Link,
    Code,
    Table,
    THead,
    TBody,
    TR,
    /// A header cell (give it a [`Scope`]).
    TH,
    TD,
    /// A footnote's text.
    Note,
    /// A footnote reference in the text.
    Reference,
    Span,
}

impl Role {
    /// The PDF name (`/S`).
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Art => "Art",
            Role::Sect => "Sect",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::H4 => "H4",
            Role::H5 => "H5",
            Role::H6 => "H6",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::BlockQuote => "BlockQuote",
            Role::Figure => "Figure",
            Role::Caption => "Caption",
            Role::Link => "Link",
            Role::Code => "Code",
            Role::Table => "Table",
            Role::THead => "THead",
            Role::TBody => "TBody",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Note => "Note",
            Role::Reference => "Reference",
            Role::Span => "Span",
        }
    }

    /// The heading role of `level` (1..=6; others clamp).
    pub fn heading(level: u8) -> Role {
        match level {
            0 | 1 => Role::H1,
            2 => Role::H2,
            3 => Role::H3,
            4 => Role::H4,
            5 => Role::H5,
            _ => Role::H6,
        }
    }
}

/// A table header cell's scope (`/A <</O /Table /Scope /Column>>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Heads its column.
    Column,
    /// Heads its row.
    Row,
    /// Both.
    Both,
}

impl Scope {
    /// The PDF name.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Column => "Column",
            Scope::Row => "Row",
            Scope::Both => "Both",
        }
    }
}

/// One structure element as the layout made it.
#[derive(Debug, Clone)]
pub struct Elem {
    /// Structure type.
    pub role: Role,
    /// Parent (the root is its own parent).
    pub parent: ElemId,
    /// Child elements, in creation (reading) order.
    pub kids: Vec<ElemId>,
    /// `/Alt`, `/Lang`, `/Scope`: few elements have any, so they are boxed
    /// (an element of a million paragraphs' tree is 40 bytes, not 80).
    pub extra: Option<Box<ElemExtra>>,
}

/// What few elements carry besides their role and place.
#[derive(Debug, Clone, Default)]
pub struct ElemExtra {
    /// Alternate description (`/Alt`), for figures.
    pub alt: Option<String>,
    /// Language (`/Lang`), where it differs from the surrounding text.
    pub lang: Option<String>,
    /// Header cell scope.
    pub scope: Option<Scope>,
}

/// The structure element a line belongs to: the whole line, or parts of it
/// (by x, relative to the line's left edge) belonging to other elements.
/// No element: the line is an artifact (running head, page number).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineTag {
    /// The element of the line's glyphs.
    pub elem: Option<ElemId>,
    /// Glyphs whose pen position is in `[x0, x1)` belong to the element
    /// (a list item's label, a table cell of a row set as one line).
    pub parts: super::layout::Few<(f32, f32, ElemId)>,
}

impl LineTag {
    /// The element of a glyph whose pen position is `x`.
    pub fn elem_at(&self, x: f32) -> Option<ElemId> {
        self.parts
            .iter()
            .find(|(x0, x1, _)| x >= *x0 && x < *x1)
            .map(|p| p.2)
            .or(self.elem)
    }

    fn shift(&mut self, map: impl Fn(ElemId) -> ElemId) {
        self.elem = self.elem.map(&map);
        for p in &mut self.parts {
            p.2 = map(p.2);
        }
    }
}

/// The structure tree the builder makes while laying out.
#[derive(Debug, Clone)]
pub struct StructTree {
    elems: Vec<Elem>,
    stack: Vec<ElemId>,
}

impl Default for StructTree {
    fn default() -> Self {
        Self::new()
    }
}

impl StructTree {
    /// A tree with its `Document` root open.
    pub fn new() -> Self {
        StructTree {
            elems: vec![Elem {
                role: Role::Document,
                parent: ElemId::ROOT,
                kids: Vec::new(),
                extra: None,
            }],
            stack: vec![ElemId::ROOT],
        }
    }

    /// The elements; index 0 is the root.
    pub fn elems(&self) -> &[Elem] {
        &self.elems
    }

    /// One element.
    pub fn get(&self, id: ElemId) -> Option<&Elem> {
        self.elems.get(id.0 as usize)
    }

    /// The innermost open element.
    pub fn current(&self) -> ElemId {
        self.stack.last().copied().unwrap_or(ElemId::ROOT)
    }

    /// A new element, the last child of `parent`, not opened.
    pub fn add_to(&mut self, parent: ElemId, role: Role) -> ElemId {
        let id = ElemId(self.elems.len() as u32);
        self.elems.push(Elem {
            role,
            parent,
            kids: Vec::new(),
            extra: None,
        });
        if let Some(p) = self.elems.get_mut(parent.0 as usize) {
            p.kids.push(id);
        }
        id
    }

    /// A new element, the last child of the current one, not opened
    /// (a leaf: a paragraph, a cell, a label).
    pub fn add(&mut self, role: Role) -> ElemId {
        self.add_to(self.current(), role)
    }

    /// A new element, the last child of the current one; it becomes the
    /// current one until [`StructTree::close`].
    pub fn open(&mut self, role: Role) -> ElemId {
        let id = self.add(role);
        self.stack.push(id);
        id
    }

    /// Closes `id` and every element opened inside it. Closing an element
    /// that is not open does nothing; the root never closes.
    pub fn close(&mut self, id: ElemId) {
        if let Some(k) = self.stack.iter().rposition(|&e| e == id)
            && k > 0
        {
            self.stack.truncate(k);
        }
    }

    /// Sets the alternate description of `id` (a figure's alt text).
    pub fn set_alt(&mut self, id: ElemId, alt: &str) {
        if let Some(e) = self.elems.get_mut(id.0 as usize) {
            e.extra.get_or_insert_default().alt = Some(alt.to_string());
        }
    }

    /// Sets the language of `id` (a BCP 47 tag).
    pub fn set_lang(&mut self, id: ElemId, lang: &str) {
        if let Some(e) = self.elems.get_mut(id.0 as usize) {
            e.extra.get_or_insert_default().lang = Some(lang.to_string());
        }
    }

    /// Sets the scope of a header cell.
    pub fn set_scope(&mut self, id: ElemId, scope: Scope) {
        if let Some(e) = self.elems.get_mut(id.0 as usize) {
            e.extra.get_or_insert_default().scope = Some(scope);
        }
    }

    /// Tags every line of `items` that has no element yet with `id`
    /// (lines of nested blocks, tagged first, keep theirs).
    pub fn tag_lines(items: &mut [VItem], id: ElemId) {
        for it in items {
            match it {
                VItem::Line { line, .. } if line.tag.elem.is_none() => line.tag.elem = Some(id),
                VItem::Image { tag, .. } if tag.is_none() => *tag = Some(id),
                // A table's repeated header and a page's footnotes hold lines too.
                VItem::Foot(v) | VItem::RepeatHeader(Some(v)) => Self::tag_lines(v, id),
                _ => {}
            }
        }
    }

    /// Tags the glyphs of `line` whose pen position is in `[x0, x1)` with
    /// `id` (the rest keeps the line's element).
    pub fn tag_part(line: &mut Line, x0: f32, x1: f32, id: ElemId) {
        line.tag.parts.push((x0, x1, id));
    }

    /// Appends the elements of `other` (a tree made for a run of articles
    /// set in parallel): its root's children become children of this root.
    /// Returns the map of `other`'s ids to this tree's, to apply to the
    /// lines `other` tagged with [`StructTree::remap_lines`].
    pub fn append(&mut self, other: StructTree) -> impl Fn(ElemId) -> ElemId + Copy + use<> {
        let base = self.elems.len() as u32 - 1;
        let map = move |e: ElemId| {
            if e == ElemId::ROOT {
                ElemId::ROOT
            } else {
                ElemId(e.0 + base)
            }
        };
        let mut elems = other.elems.into_iter();
        if let Some(root) = elems.next() {
            let kids: Vec<ElemId> = root.kids.iter().map(|&k| map(k)).collect();
            self.elems[0].kids.extend(kids);
        }
        for mut e in elems {
            e.parent = map(e.parent);
            for k in &mut e.kids {
                *k = map(*k);
            }
            self.elems.push(e);
        }
        map
    }

    /// Applies an id map from [`StructTree::append`] to the lines of `items`.
    pub fn remap_lines(items: &mut [VItem], map: impl Fn(ElemId) -> ElemId + Copy) {
        for it in items {
            match it {
                VItem::Line { line, .. } => line.tag.shift(map),
                VItem::Image { tag, .. } => *tag = tag.map(map),
                VItem::Foot(v) | VItem::RepeatHeader(Some(v)) => Self::remap_lines(v, map),
                _ => {}
            }
        }
    }
}
