//! The structure tree written: marked content in the page streams
//! ([`PageMarker`]), link annotations as `/OBJR` of their `Link` element,
//! then the elements, `/StructTreeRoot` and `/ParentTree`.
//!
//! An element's MCIDs are numbered per page in drawing order; consecutive
//! lines of one element share one marked-content sequence. A line's glyphs
//! inside one of its link areas belong to a `Link` element made here, a
//! child of the line's element (reused while the same link continues on
//! the next line).

use super::super::splice::RawObjects;
use super::{ElemId, LineTag, Role, Scope, StructTree};
use crate::error::{Error, Result};
use lopdf::{Dictionary, Object, ObjectId};
use std::sync::Arc;

#[derive(Debug, Clone)]
enum Kid {
    Elem(u32),
    /// Marked content, with its place in drawing order.
    Mc {
        page: u32,
        mcid: u32,
        seq: u64,
    },
    Annot {
        page: u32,
        obj: ObjectId,
        seq: u64,
    },
}

#[derive(Debug, Clone)]
struct WElem {
    role: Role,
    parent: u32,
    kids: Vec<Kid>,
    /// The text of a `Link` element (its annotation's `/Contents`).
    text: String,
}

/// What few elements have besides their role and kids (kept apart: a
/// million paragraphs have none of it).
#[derive(Debug, Clone, Default)]
struct Extra {
    alt: Option<String>,
    lang: Option<String>,
    scope: Option<Scope>,
    /// A `Span` of struck text: `/TextDecorationType /LineThrough`.
    line_through: bool,
}

/// The structure as the pages are written.
#[derive(Debug)]
pub struct Tagger {
    elems: Vec<WElem>,
    /// `/Alt`, `/Lang` and table scopes, by element.
    extra: std::collections::HashMap<u32, Extra>,
    /// Per page: the element of each MCID.
    mcids: Vec<Vec<u32>>,
    /// The link element in progress: (parent, url, link).
    last_link: Option<(u32, Arc<str>, u32)>,
    /// The struck `Span` in progress: (parent, span).
    last_strike: Option<(u32, u32)>,
    /// The struck x-ranges of the line being written ([`Tagger::strikes_of`]).
    strikes: Vec<(f32, f32)>,
    /// Per page: (line index, link index in the line, link element).
    line_links: Vec<Vec<(usize, usize, u32)>>,
    /// Annotation objects with their element, in key order.
    annots: Vec<(ObjectId, u32)>,
    /// Drawing order of marked content and annotations.
    seq: u64,
}

impl Tagger {
    /// Starts from the layout's tree, for `pages` pages.
    pub fn new(tree: &StructTree, pages: usize) -> Self {
        let elems = tree
            .elems()
            .iter()
            .map(|e| WElem {
                role: e.role,
                parent: e.parent.0,
                kids: e.kids.iter().map(|k| Kid::Elem(k.0)).collect(),
                text: String::new(),
            })
            .collect();
        let extra = tree
            .elems()
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let e = e.extra.as_deref()?;
                (e.alt.is_some() || e.lang.is_some() || e.scope.is_some()).then(|| {
                    let x = Extra {
                        alt: e.alt.clone(),
                        lang: e.lang.clone(),
                        scope: e.scope,
                        line_through: false,
                    };
                    (i as u32, x)
                })
            })
            .collect();
        Tagger {
            elems,
            extra,
            mcids: vec![Vec::new(); pages],
            last_link: None,
            last_strike: None,
            strikes: Vec::new(),
            line_links: vec![Vec::new(); pages],
            annots: Vec::new(),
            seq: 0,
        }
    }

    fn push_elem(&mut self, parent: u32, role: Role) -> u32 {
        let id = self.elems.len() as u32;
        self.elems.push(WElem {
            role,
            parent,
            kids: Vec::new(),
            text: String::new(),
        });
        if let Some(p) = self.elems.get_mut(parent as usize) {
            p.kids.push(Kid::Elem(id));
        }
        id
    }

    /// The lines through struck text of the line whose glyphs
    /// [`Tagger::resolve`] is asked about next.
    pub fn strikes_of(&mut self, strikes: &[super::super::layout::Strike]) {
        self.strikes.clear();
        self.strikes.extend(strikes.iter().map(|s| (s.x0, s.x1)));
    }

    /// The element a glyph at pen position `pen` of line `line` on `page`
    /// belongs to; `None`: an artifact. Struck glyphs (inside one of the
    /// line's strikes, [`Tagger::strikes_of`]) are in a `Span` with
    /// `/TextDecorationType /LineThrough`, a child of the element they
    /// would be in (reused while the struck text goes on, over a line break
    /// too).
    pub fn resolve(
        &mut self,
        page: usize,
        line: usize,
        tag: &LineTag,
        links: &[(f32, f32, Arc<str>)],
        pen: f32,
    ) -> Option<u32> {
        let elem = self.resolve_link(page, line, tag, links, pen)?;
        let p = pen + 0.01;
        if !self.strikes.iter().any(|&(x0, x1)| p >= x0 && p < x1) {
            return Some(elem);
        }
        let reuse = match self.last_strike {
            Some((par, sp)) if par == elem => {
                let last = self.elems[elem as usize].kids.last();
                matches!(last, Some(Kid::Elem(k)) if *k == sp).then_some(sp)
            }
            _ => None,
        };
        Some(match reuse {
            Some(sp) => sp,
            None => {
                let sp = self.push_elem(elem, Role::Span);
                self.extra.entry(sp).or_default().line_through = true;
                self.last_strike = Some((elem, sp));
                sp
            }
        })
    }

    /// [`Tagger::resolve`] without the struck `Span`s.
    fn resolve_link(
        &mut self,
        page: usize,
        line: usize,
        tag: &LineTag,
        links: &[(f32, f32, Arc<str>)],
        pen: f32,
    ) -> Option<u32> {
        let base = tag.elem_at(pen)?.0;
        if (base as usize) >= self.elems.len() {
            return None;
        }
        let p = pen + 0.01;
        let Some((j, (_, _, url))) = links
            .iter()
            .enumerate()
            .find(|(_, (x0, x1, _))| p >= *x0 && p < *x1)
        else {
            return Some(base);
        };
        if self.elems[base as usize].role == Role::Link {
            return Some(base);
        }
        let reuse = match &self.last_link {
            Some((par, u, l)) if *par == base && **u == **url => {
                let last = self.elems[base as usize].kids.last();
                matches!(last, Some(Kid::Elem(k)) if k == l).then_some(*l)
            }
            _ => None,
        };
        let link = match reuse {
            Some(l) => l,
            None => {
                let l = self.push_elem(base, Role::Link);
                self.last_link = Some((base, url.clone(), l));
                l
            }
        };
        if let Some(v) = self.line_links.get_mut(page)
            && !v.iter().any(|&(li, lj, _)| li == line && lj == j)
        {
            v.push((line, j, link));
        }
        Some(link)
    }

    /// Records a glyph's text for a `Link` element's description (a struck
    /// `Span`'s text for the `Link` it is in).
    pub fn note_text(&mut self, elem: u32, text: &str) {
        let elem = match self.elems.get(elem as usize) {
            Some(e) if e.role == Role::Span => e.parent,
            _ => elem,
        };
        if let Some(e) = self.elems.get_mut(elem as usize)
            && e.role == Role::Link
            && e.text.len() < 500
        {
            e.text.push_str(text);
        }
    }

    /// A new marked-content id on `page` for element `elem`.
    pub(in crate::render::pdf) fn new_mcid(&mut self, page: usize, elem: u32) -> u32 {
        let Some(v) = self.mcids.get_mut(page) else {
            return 0;
        };
        let mcid = v.len() as u32;
        v.push(elem);
        self.seq += 1;
        if let Some(e) = self.elems.get_mut(elem as usize) {
            // Most elements hold one or two sequences: no room for four.
            if e.kids.len() < 4 && e.kids.len() == e.kids.capacity() {
                e.kids.reserve_exact(1);
            }
            e.kids.push(Kid::Mc {
                page: page as u32,
                mcid,
                seq: self.seq,
            });
        }
        mcid
    }
}

/// The marked-content state of one page's content stream.
#[derive(Debug)]
pub struct PageMarker {
    page: usize,
    /// The open sequence: its element (`None`: an artifact) and the key of
    /// its `/ActualText`.
    open: Option<(Option<u32>, Option<u64>)>,
}

/// Appends a PDF text string (UTF-16BE with BOM, hex) to a content stream.
pub fn hex_text(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(b"<FEFF");
    for u in s.encode_utf16() {
        for b in u.to_be_bytes() {
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 15) as usize]);
        }
    }
    out.push(b'>');
}

impl PageMarker {
    /// Nothing open yet on page `page`.
    pub fn new(page: usize) -> Self {
        PageMarker { page, open: None }
    }

    /// Whether content of `elem` with the actual text keyed `actual` needs
    /// a new sequence (the caller then ends its text array first).
    pub fn differs(&self, elem: Option<u32>, actual: Option<u64>) -> bool {
        let actual = if elem.is_some() { actual } else { None };
        self.open != Some((elem, actual))
    }

    /// Opens a marked-content sequence for content of `elem` (`None`: an
    /// artifact) with `actual` (key, text) as its `/ActualText`, closing
    /// the one open. A sequence with an actual text is one of its own (with
    /// its own MCID, not nested), which every reader handles.
    pub fn switch(
        &mut self,
        t: &mut Tagger,
        out: &mut Vec<u8>,
        elem: Option<u32>,
        actual: Option<(u64, &str)>,
    ) {
        let actual = if elem.is_some() { actual } else { None };
        let want = (elem, actual.map(|a| a.0));
        if self.open == Some(want) {
            return;
        }
        self.end(out);
        match elem {
            None => out.extend_from_slice(b"/Artifact <</Type /Pagination>> BDC\n"),
            Some(e) => {
                let mcid = t.new_mcid(self.page, e);
                // The tag names the element's type, except that a sequence
                // with an actual text is a `/Span` (the tag poppler and
                // others look for it on; the type comes from the element).
                let role = match actual {
                    Some(_) => "Span",
                    None => t.elems.get(e as usize).map_or("Span", |x| x.role.name()),
                };
                out.push(b'/');
                out.extend_from_slice(role.as_bytes());
                out.extend_from_slice(format!(" <</MCID {mcid}").as_bytes());
                if let Some((_, text)) = actual {
                    out.extend_from_slice(b" /ActualText ");
                    hex_text(out, text);
                }
                out.extend_from_slice(b">> BDC\n");
            }
        }
        self.open = Some(want);
    }

    /// Closes the open sequence.
    pub fn end(&mut self, out: &mut Vec<u8>) {
        if self.open.take().is_some() {
            out.extend_from_slice(b"EMC\n");
        }
    }
}

/// Wraps `body` (rules and other decoration) as one artifact.
pub fn artifact(out: &mut Vec<u8>, body: &[u8]) {
    if body.is_empty() {
        return;
    }
    out.extend_from_slice(b"/Artifact BMC\n");
    out.extend_from_slice(body);
    out.extend_from_slice(b"EMC\n");
}

/// The words broken by a hyphen the typesetter added: per page, per line,
/// (first glyph, end glyph, text) over the line's glyphs counted across
/// its runs. The part before the hyphen (hyphen included) reads as the
/// whole word, the part after it as nothing, so copy and search see the
/// word once and whole (the approach of ISO 32000-1, 14.9.4, for
/// hyphenation). Right-to-left lines are left alone.
pub fn hyphen_spans(pages: &[super::super::chrome::ComposedPage]) -> Vec<Vec<Vec<HyphenSpan>>> {
    // A page's list reaches only as far as its last line with a span (a
    // list per line of a million lines is 24 MB of empty lists).
    let mut out: Vec<Vec<Vec<HyphenSpan>>> = vec![Vec::new(); pages.len()];
    let push = |out: &mut Vec<Vec<Vec<HyphenSpan>>>, pi: usize, li: usize, s: HyphenSpan| {
        if let Some(page) = out.get_mut(pi) {
            if page.len() <= li {
                page.resize_with(li + 1, Vec::new);
            }
            page[li].push(s);
        }
    };
    // (page, line, element, start glyph, end glyph, word part).
    let mut prev: Option<(usize, usize, ElemId, usize, usize, String)> = None;
    for (pi, p) in pages.iter().enumerate() {
        for (li, (line, _, _)) in p.lines.iter().enumerate() {
            let Some(elem) = line.tag.elem else { continue };
            let glyphs: Vec<&str> = line
                .runs
                .iter()
                .flat_map(|r| r.glyphs.iter().map(|g| g.text().as_str()))
                .collect();
            let is_space = |t: &str| !t.is_empty() && t.chars().all(char::is_whitespace);
            if let Some((ppi, pli, pe, s, e, part)) = prev.take()
                && pe == elem
                && !line.rtl
            {
                let k = glyphs
                    .iter()
                    .position(|t| is_space(t))
                    .unwrap_or(glyphs.len());
                let rest: String = glyphs[..k].concat();
                if k > 0 && !part.is_empty() {
                    let whole = HyphenSpan {
                        start: s,
                        end: e,
                        text: format!("{part}{rest}"),
                    };
                    push(&mut out, ppi, pli, whole);
                    let after = HyphenSpan {
                        start: 0,
                        end: k,
                        text: String::new(),
                    };
                    push(&mut out, pi, li, after);
                }
            }
            if line.hyphenated && !line.rtl && !glyphs.is_empty() {
                let s = glyphs
                    .iter()
                    .rposition(|t| is_space(t))
                    .map_or(0, |k| k + 1);
                let mut part: String = glyphs[s..].concat();
                if part.ends_with(['-', '\u{2010}', '\u{ad}']) {
                    part.pop();
                }
                prev = Some((pi, li, elem, s, glyphs.len(), part));
            }
        }
    }
    out
}

/// A run of a line's glyphs with its `/ActualText`.
#[derive(Debug, Clone, PartialEq)]
pub struct HyphenSpan {
    /// First glyph (counted across the line's runs).
    pub start: usize,
    /// One past the last glyph.
    pub end: usize,
    /// The text they stand for.
    pub text: String,
}

/// Where a link annotation is, to find its line: the rectangle (top-down)
/// and whether it goes to a page (a contents entry covers the whole line).
pub struct AnnotPlace {
    /// x0, y0 (top), x1, y1 (bottom).
    pub rect: (f32, f32, f32, f32),
    /// The web address, for links inside text.
    pub uri: Option<String>,
}

impl Tagger {
    /// Tags the link annotations printpdf wrote on each page (in the order
    /// of `places`): each becomes an indirect object with `/StructParent`,
    /// the print flag and a `/Contents` description, and an `/OBJR` kid of
    /// the `Link` element of its text.
    pub fn tag_annotations(
        &mut self,
        lo: &mut lopdf::Document,
        page_ids: &[ObjectId],
        pages: &[super::super::chrome::ComposedPage],
    ) -> Result<()> {
        let err = |e: lopdf::Error| Error::render("pdf", format!("assembling the PDF: {e}"));
        for (pi, (&pid, p)) in page_ids.iter().zip(pages).enumerate() {
            let annots = match lo.get_dictionary(pid).and_then(|d| d.get(b"Annots")) {
                Ok(Object::Array(a)) => a.clone(),
                _ => continue,
            };
            if annots.is_empty() {
                continue;
            }
            let mut refs = Vec::with_capacity(annots.len());
            for (k, a) in annots.into_iter().enumerate() {
                let (id, mut d) = match a {
                    Object::Reference(r) => (r, lo.get_dictionary(r).map_err(err)?.clone()),
                    Object::Dictionary(d) => (lo.new_object_id(), d),
                    _ => continue,
                };
                let place = p.links.get(k).map(|(x0, y0, x1, y1, t)| AnnotPlace {
                    rect: (*x0, *y0, *x1, *y1),
                    uri: match t {
                        super::super::chrome::Target::Uri(u) => Some(u.clone()),
                        super::super::chrome::Target::Page(..) => None,
                        super::super::chrome::Target::Note(_, _, key) => Some(key.to_string()),
                    },
                });
                let elem = self.annot_elem(pi, p, place.as_ref());
                let key = (page_ids.len() + self.annots.len()) as i64;
                self.annots.push((id, elem));
                if let Some(e) = self.elems.get_mut(elem as usize) {
                    e.kids.push(Kid::Annot {
                        page: pi as u32,
                        obj: id,
                        seq: self.seq,
                    });
                }
                let desc = self
                    .elems
                    .get(elem as usize)
                    .map(|e| e.text.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|t| !t.is_empty())
                    .or_else(|| place.as_ref().and_then(|p| p.uri.clone()))
                    // A footnote link's key is no description.
                    .filter(|t| !t.starts_with('\u{1}'))
                    .unwrap_or_default();
                d.set("StructParent", Object::Integer(key));
                d.set("F", Object::Integer(4));
                d.set("Contents", super::super::emit::text(&desc));
                d.set("P", Object::Reference(pid));
                lo.objects.insert(id, Object::Dictionary(d));
                refs.push(Object::Reference(id));
            }
            let page = lo.get_dictionary_mut(pid).map_err(err)?;
            page.set("Annots", Object::Array(refs));
            page.set("Tabs", Object::Name(b"S".to_vec()));
        }
        Ok(())
    }

    /// The `Link` element of an annotation: the link of its line, found by
    /// geometry; else a new `Link` (its line's element's, or the root's).
    fn annot_elem(
        &mut self,
        pi: usize,
        p: &super::super::chrome::ComposedPage,
        place: Option<&AnnotPlace>,
    ) -> u32 {
        let Some(place) = place else {
            return self.push_elem(0, Role::Link);
        };
        let (x0, y0, _, y1) = place.rect;
        let mut owner = None;
        for (li, (line, lx, bl)) in p.lines.iter().enumerate() {
            if *bl < y0 - 0.01 || *bl > y1 + 0.01 {
                continue;
            }
            match &place.uri {
                Some(u) => {
                    let hit = line.links.iter().enumerate().find(|(_, (a, _, url))| {
                        (lx + a - x0).abs() < 0.05 && &**url == u.as_str()
                    });
                    if let Some((j, _)) = hit {
                        let found = self.line_links.get(pi).and_then(|v| {
                            v.iter()
                                .find(|&&(l, lj, _)| l == li && lj == j)
                                .map(|x| x.2)
                        });
                        if let Some(e) = found {
                            return e;
                        }
                        owner = line.tag.elem;
                        break;
                    }
                }
                None if (lx - x0).abs() < 0.05 => {
                    owner = line.tag.elem;
                    break;
                }
                None => {}
            }
        }
        match owner
            .map(|e| e.0)
            .filter(|&e| (e as usize) < self.elems.len())
        {
            Some(e) if self.elems[e as usize].role == Role::Link => e,
            Some(e) => self.push_elem(e, Role::Link),
            None => self.push_elem(0, Role::Link),
        }
    }

    /// Writes the elements, `/StructTreeRoot` and `/ParentTree`; sets each
    /// page's `/StructParents`. Elements without content are left out.
    /// Returns the `/StructTreeRoot`. The tree's objects go to `raw`, each
    /// written to bytes as it is made (see [`splice`](super::super::splice)).
    pub fn write(
        self,
        lo: &mut lopdf::Document,
        page_ids: &[ObjectId],
        raw: &mut RawObjects,
    ) -> Result<ObjectId> {
        let n = self.elems.len();
        // Which elements hold content (children come after their parents).
        let mut keep = vec![false; n];
        for i in (0..n).rev() {
            let e = &self.elems[i];
            let own = e.kids.iter().any(|k| match k {
                Kid::Elem(c) => keep.get(*c as usize).copied().unwrap_or(false),
                _ => true,
            });
            if own {
                keep[i] = true;
            }
        }
        keep[0] = true;
        // Where each element's content starts in drawing order; an
        // element's content and its children are put in that order, the
        // children keeping the order they were made in (an inline child,
        // a link or a note reference, sits between the text around it).
        let mut first = vec![u64::MAX; n];
        for i in (0..n).rev() {
            let f = self.elems[i]
                .kids
                .iter()
                .map(|k| match k {
                    Kid::Elem(c) => first.get(*c as usize).copied().unwrap_or(u64::MAX),
                    Kid::Mc { seq, .. } | Kid::Annot { seq, .. } => *seq,
                })
                .min()
                .unwrap_or(u64::MAX);
            first[i] = f;
        }
        let mut elems = self.elems;
        for e in &mut elems {
            if e.kids.len() < 2 {
                continue;
            }
            let (mut children, mut content): (Vec<Kid>, Vec<Kid>) = std::mem::take(&mut e.kids)
                .into_iter()
                .partition(|k| matches!(k, Kid::Elem(_)));
            content.sort_by_key(|k| match k {
                Kid::Mc { seq, .. } | Kid::Annot { seq, .. } => *seq,
                Kid::Elem(_) => 0,
            });
            let at = |k: &Kid| match k {
                Kid::Elem(c) => first.get(*c as usize).copied().unwrap_or(u64::MAX),
                Kid::Mc { seq, .. } | Kid::Annot { seq, .. } => *seq,
            };
            let mut merged = Vec::with_capacity(children.len() + content.len());
            let (mut ci, mut ki) = (children.drain(..).peekable(), content.drain(..).peekable());
            loop {
                let take_content = match (ci.peek(), ki.peek()) {
                    (Some(c), Some(k)) => at(k) < at(c),
                    (None, Some(_)) => true,
                    (Some(_), None) => false,
                    (None, None) => break,
                };
                let next = if take_content { ki.next() } else { ci.next() };
                merged.extend(next);
            }
            e.kids = merged;
        }
        let root_id = lo.new_object_id();
        let ids: Vec<Option<ObjectId>> = keep
            .iter()
            .map(|&k| k.then(|| lo.new_object_id()))
            .collect();
        let pg = |p: u32| page_ids.get(p as usize).copied();
        for (i, e) in elems.iter().enumerate() {
            let Some(id) = ids[i] else { continue };
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"StructElem".to_vec()));
            d.set("S", Object::Name(e.role.name().as_bytes().to_vec()));
            let parent = if i == 0 {
                root_id
            } else {
                ids.get(e.parent as usize)
                    .copied()
                    .flatten()
                    .unwrap_or(root_id)
            };
            d.set("P", Object::Reference(parent));
            let home = e.kids.iter().find_map(|k| match k {
                Kid::Mc { page, .. } => Some(*page),
                _ => None,
            });
            if let Some(pid) = home.and_then(pg) {
                d.set("Pg", Object::Reference(pid));
            }
            let mut kids = Vec::with_capacity(e.kids.len());
            for k in &e.kids {
                match *k {
                    Kid::Elem(c) => {
                        if let Some(cid) = ids.get(c as usize).copied().flatten() {
                            kids.push(Object::Reference(cid));
                        }
                    }
                    Kid::Mc { page, mcid, .. } if Some(page) == home => {
                        kids.push(Object::Integer(mcid as i64))
                    }
                    Kid::Mc { page, mcid, .. } => {
                        let mut m = Dictionary::new();
                        m.set("Type", Object::Name(b"MCR".to_vec()));
                        if let Some(pid) = pg(page) {
                            m.set("Pg", Object::Reference(pid));
                        }
                        m.set("MCID", Object::Integer(mcid as i64));
                        kids.push(Object::Dictionary(m));
                    }
                    Kid::Annot { page, obj, .. } => {
                        let mut m = Dictionary::new();
                        m.set("Type", Object::Name(b"OBJR".to_vec()));
                        if let Some(pid) = pg(page) {
                            m.set("Pg", Object::Reference(pid));
                        }
                        m.set("Obj", Object::Reference(obj));
                        kids.push(Object::Dictionary(m));
                    }
                }
            }
            d.set("K", Object::Array(kids));
            let x = self.extra.get(&(i as u32)).cloned().unwrap_or_default();
            if let Some(a) = &x.alt {
                d.set("Alt", super::super::emit::text(a));
            }
            if let Some(l) = &x.lang {
                d.set("Lang", super::super::emit::text(l));
            }
            if let Some(s) = x.scope {
                let mut a = Dictionary::new();
                a.set("O", Object::Name(b"Table".to_vec()));
                a.set("Scope", Object::Name(s.name().as_bytes().to_vec()));
                d.set("A", Object::Dictionary(a));
            }
            if x.line_through {
                let mut a = Dictionary::new();
                a.set("O", Object::Name(b"Layout".to_vec()));
                a.set("TextDecorationType", Object::Name(b"LineThrough".to_vec()));
                d.set("A", Object::Dictionary(a));
            }
            raw.add(id, &Object::Dictionary(d));
        }
        // The parent tree: page i's MCIDs under key i, annotations after.
        let mut nums = Vec::with_capacity(2 * (page_ids.len() + self.annots.len()));
        for (i, (&pid, mc)) in page_ids.iter().zip(&self.mcids).enumerate() {
            let arr: Vec<Object> = mc
                .iter()
                .map(|&e| {
                    ids.get(e as usize)
                        .copied()
                        .flatten()
                        .map_or(Object::Null, Object::Reference)
                })
                .collect();
            let arr_id = lo.new_object_id();
            raw.add(arr_id, &Object::Array(arr));
            nums.push(Object::Integer(i as i64));
            nums.push(Object::Reference(arr_id));
            if let Ok(page) = lo.get_dictionary_mut(pid) {
                page.set("StructParents", Object::Integer(i as i64));
            }
        }
        for (k, (_, e)) in self.annots.iter().enumerate() {
            if let Some(eid) = ids.get(*e as usize).copied().flatten() {
                nums.push(Object::Integer((page_ids.len() + k) as i64));
                nums.push(Object::Reference(eid));
            }
        }
        let mut pt = Dictionary::new();
        pt.set("Nums", Object::Array(nums));
        let pt_id = lo.new_object_id();
        raw.add(pt_id, &Object::Dictionary(pt));
        let mut root = Dictionary::new();
        root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
        if let Some(doc) = ids[0] {
            root.set("K", Object::Array(vec![Object::Reference(doc)]));
        }
        root.set("ParentTree", Object::Reference(pt_id));
        root.set(
            "ParentTreeNextKey",
            Object::Integer((page_ids.len() + self.annots.len()) as i64),
        );
        raw.add(root_id, &Object::Dictionary(root));
        Ok(root_id)
    }
}
