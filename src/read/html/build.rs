//! The chosen article subtree -> model blocks. An index walk with an explicit
//! stack of open elements (no recursion); nesting of quotes and lists in the
//! model is capped, deeper containers are flattened.

use super::dom::{Dom, NONE, NodeKind, collapse_ws};
use super::extract::Extraction;
use super::notes::Notes;
use super::tables;
use crate::model::Item;
use crate::model::{Block, Inline, canonicalize_inlines, inline_text, safe_url};
use url::Url;

mod gfm;

/// Model nesting (quotes, lists) deeper than this is flattened.
const MAX_CONTAINERS: usize = 24;
/// Inline nesting (emphasis, links) deeper than this is flattened.
const MAX_INLINES: usize = 24;

/// A finding from extraction: (rule, line, text).
pub type Dropped = (String, usize, String);

enum Container {
    Root,
    Quote(Vec<Block>),
    List(bool, Vec<Vec<Block>>),
    Item(Vec<Block>),
}

enum IKind {
    Em,
    Strong,
    Link(String),
    Code,
    Strike,
}

struct IFrame {
    kind: IKind,
    content: Vec<Inline>,
}

#[derive(Clone, Copy)]
enum Exit {
    Nothing,
    Flush,
    Heading,
    Container,
    Inline,
}

struct HtmlBuilder<'a> {
    dom: &'a Dom,
    marks: &'a [Option<&'static str>],
    base: Option<&'a Url>,
    title: Option<String>,
    containers: Vec<(Container, usize)>,
    inl: Vec<IFrame>,
    para: Vec<Inline>,
    para_line: usize,
    has_text: bool,
    space: bool,
    heading: Option<u8>,
    items: Vec<Item>,
    dropped: Vec<Dropped>,
    /// The page's footnotes (references, notes, their lists).
    notes: &'a Notes,
    /// Notes read so far (label, blocks, line).
    note_items: Vec<Item>,
}

use crate::text::key as norm_cmp;

/// Resolves `href` against `base`; `None` unless the result is a safe URL.
pub fn resolve(base: Option<&Url>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let joined = match base {
        Some(b) => b
            .join(href)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| href.to_string()),
        None => href.to_string(),
    };
    safe_url(&joined).map(str::to_string)
}

/// A picture's best source: `src`, else a lazy-loading attribute, else the
/// first `srcset` candidate; never a `data:` URL.
pub fn image_src(dom: &Dom, i: u32, base: Option<&Url>) -> Option<String> {
    let e = dom.element(i)?;
    let mut cands: Vec<&str> = Vec::new();
    for a in [
        "src",
        "data-src",
        "data-lazy-src",
        "data-original",
        "data-url",
        "data-hi-res-src",
    ] {
        if let Some(v) = e.attr(a) {
            cands.push(v);
        }
    }
    for a in ["srcset", "data-srcset"] {
        if let Some(v) = e.attr(a)
            && let Some(first) = v
                .split(',')
                .next()
                .and_then(|c| c.split_whitespace().next())
        {
            cands.push(first);
        }
    }
    cands
        .into_iter()
        .filter(|c| !c.trim_start().to_ascii_lowercase().starts_with("data:"))
        .find_map(|c| resolve(base, c))
}

/// True when a caption only credits the photographer or agency.
pub fn credit_only(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return true;
    }
    if crate::text::is_photo_credit(t) {
        return true;
    }
    let lower = t.to_lowercase();
    let short = t.chars().count() <= 60;
    short
        && (lower.starts_with("photo")
            || lower.starts_with("image")
            || lower.starts_with("credit")
            || lower.starts_with("picture")
            || lower.starts_with('©')
            || lower.starts_with("(c)")
            || lower.ends_with("getty images")
            || lower.ends_with("/afp")
            || lower.ends_with("/reuters")
            || lower.ends_with("/ap")
            || lower.ends_with("shutterstock"))
}

impl<'a> HtmlBuilder<'a> {
    /// A builder with nothing read yet (the page's, or one for a table
    /// cell's or note's own blocks).
    fn new(
        dom: &'a Dom,
        marks: &'a [Option<&'static str>],
        base: Option<&'a Url>,
        title: Option<String>,
        notes: &'a Notes,
    ) -> Self {
        HtmlBuilder {
            dom,
            marks,
            base,
            title,
            containers: vec![(Container::Root, 1)],
            inl: Vec::new(),
            para: Vec::new(),
            para_line: 0,
            has_text: false,
            space: false,
            heading: None,
            items: Vec::new(),
            dropped: Vec::new(),
            notes,
            note_items: Vec::new(),
        }
    }

    fn target(&mut self) -> &mut Vec<Inline> {
        match self.inl.last_mut() {
            Some(f) => &mut f.content,
            None => &mut self.para,
        }
    }

    fn text(&mut self, i: u32) {
        let t = self.dom.text(i);
        if self.inl.iter().any(|f| matches!(f.kind, IKind::Code)) {
            let c = collapse_ws(t);
            if !c.is_empty() {
                if self.space && self.has_text {
                    self.target().push(Inline::text(" "));
                }
                self.target().push(Inline::text(c));
                self.has_text = true;
                self.space = t.ends_with(char::is_whitespace);
                if self.para_line == 0 {
                    self.para_line = self.dom.line(i);
                }
            } else if !t.is_empty() {
                self.space = true;
            }
            return;
        }
        if t.starts_with(|c: char| c.is_ascii_whitespace() || c == '\u{0c}') {
            self.space = true;
        }
        let mut words = t
            .split([' ', '\t', '\n', '\r', '\u{0c}'])
            .filter(|w| !w.is_empty())
            .peekable();
        if words.peek().is_none() {
            if !t.is_empty() {
                self.space = true;
            }
            return;
        }
        if self.para_line == 0 {
            self.para_line = self.dom.line(i);
        }
        let mut s = String::new();
        if self.space && self.has_text {
            s.push(' ');
        }
        for (k, w) in words.enumerate() {
            if k > 0 {
                s.push(' ');
            }
            s.push_str(w);
        }
        self.target().push(Inline::text(s));
        self.has_text = true;
        self.space = t.ends_with([' ', '\t', '\n', '\r', '\u{0c}']);
    }

    fn wrap(kind: IKind, content: Vec<Inline>) -> Option<Inline> {
        let content = canonicalize_inlines(content);
        if content.is_empty() {
            return None;
        }
        Some(match kind {
            IKind::Em => Inline::Emphasis { content },
            IKind::Strong => Inline::Strong { content },
            IKind::Link(url) => Inline::Link { url, content },
            IKind::Code => Inline::Code {
                text: inline_text(&content),
            },
            IKind::Strike => Inline::Strike { content },
        })
    }

    fn close_inline(&mut self) {
        if let Some(f) = self.inl.pop()
            && let Some(x) = Self::wrap(f.kind, f.content)
        {
            self.target().push(x);
        }
    }

    /// Ends the current paragraph (closing and reopening open inlines).
    fn flush(&mut self) {
        let mut kinds = Vec::new();
        while let Some(f) = self.inl.pop() {
            let reopen = match &f.kind {
                IKind::Em => IKind::Em,
                IKind::Strong => IKind::Strong,
                IKind::Link(u) => IKind::Link(u.clone()),
                IKind::Code => IKind::Code,
                IKind::Strike => IKind::Strike,
            };
            kinds.push(reopen);
            if let Some(x) = Self::wrap(f.kind, f.content) {
                self.target().push(x);
            }
        }
        for k in kinds.into_iter().rev() {
            self.inl.push(IFrame {
                kind: k,
                content: Vec::new(),
            });
        }
        let mut content = canonicalize_inlines(std::mem::take(&mut self.para));
        while matches!(content.last(), Some(Inline::LineBreak)) {
            content.pop();
        }
        while matches!(content.first(), Some(Inline::LineBreak)) {
            content.remove(0);
        }
        trim_inlines(&mut content);
        let line = self.para_line.max(1);
        self.para_line = 0;
        self.has_text = false;
        self.space = false;
        let heading = self.heading.take();
        if content.is_empty() {
            return;
        }
        let block = match heading {
            Some(level) => {
                let t = inline_text(&content);
                if self
                    .title
                    .as_deref()
                    .is_some_and(|ti| norm_cmp(ti) == norm_cmp(&t))
                {
                    self.dropped.push(("title".into(), line, t));
                    return;
                }
                Block::Heading {
                    level: level.clamp(2, 6),
                    content,
                }
            }
            None => Block::Paragraph { content },
        };
        self.push_block(block, line);
    }

    fn push_block(&mut self, b: Block, line: usize) {
        match self.containers.last_mut() {
            Some((Container::Quote(v) | Container::Item(v), _)) => v.push(b),
            Some((Container::List(_, items), _)) => items.push(vec![b]),
            Some((Container::Root, _)) | None => self.items.push(Item { block: b, line }),
        }
    }

    fn enter(&mut self, i: u32) -> (Exit, bool) {
        let dom = self.dom;
        let tag = dom.tag(i);
        if let Some(skip) = self.enter_note(i) {
            return skip;
        }
        match tag {
            "table" if tables::is_data_table(dom, i) => {
                self.flush();
                let (dropped, notes) = (self.dropped.len(), self.note_items.len());
                if self.table(i) {
                    return (Exit::Nothing, true);
                }
                // Read again as a container: forget what the try found.
                self.dropped.truncate(dropped);
                self.note_items.truncate(notes);
                (Exit::Flush, false)
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                self.heading = tag[1..].parse().ok();
                (Exit::Heading, false)
            }
            "blockquote" | "ul" | "ol" | "li" | "dl" => {
                self.flush();
                if self.containers.len() >= MAX_CONTAINERS {
                    return (Exit::Flush, false);
                }
                let c = match tag {
                    "blockquote" => Container::Quote(Vec::new()),
                    "ul" | "dl" => Container::List(false, Vec::new()),
                    "ol" => Container::List(true, Vec::new()),
                    _ => {
                        if !matches!(self.containers.last(), Some((Container::List(..), _))) {
                            return (Exit::Flush, false);
                        }
                        Container::Item(Vec::new())
                    }
                };
                self.containers.push((c, dom.line(i)));
                (Exit::Container, false)
            }
            "pre" => {
                self.flush();
                let raw = dom.raw_text(i, 1 << 20);
                let text = raw.trim_matches('\n').trim_end().to_string();
                if !text.trim().is_empty() {
                    let lang = dom
                        .element(i)
                        .and_then(|e| e.attr("class"))
                        .and_then(|c| {
                            c.split_whitespace()
                                .find_map(|w| w.strip_prefix("language-"))
                        })
                        .unwrap_or("")
                        .to_string();
                    self.push_block(Block::Code { lang, text }, dom.line(i));
                }
                (Exit::Nothing, true)
            }
            "figure" => {
                self.flush();
                self.figure(i);
                (Exit::Nothing, true)
            }
            "img" | "picture" => {
                if self.has_text {
                    return (Exit::Nothing, true);
                }
                let img = if tag == "img" {
                    Some(i)
                } else {
                    (i..dom.end(i)).find(|&k| dom.is(k, "img"))
                };
                if let Some(src) = img.and_then(|k| image_src(dom, k, self.base)) {
                    self.flush();
                    let alt = img.map(|k| image_alt(dom, k)).unwrap_or_default();
                    self.push_block(
                        Block::Figure {
                            src,
                            alt,
                            caption: Vec::new(),
                        },
                        dom.line(i),
                    );
                }
                (Exit::Nothing, true)
            }
            "br" => {
                if matches!(self.para.last(), Some(Inline::LineBreak)) && self.inl.is_empty() {
                    self.para.pop();
                    self.flush();
                } else if self.has_text {
                    self.target().push(Inline::LineBreak);
                    self.space = false;
                }
                (Exit::Nothing, true)
            }
            "hr" => {
                self.flush();
                if !self.items.is_empty() {
                    self.push_block(Block::Break, dom.line(i));
                }
                (Exit::Nothing, true)
            }
            "a" | "em" | "i" | "cite" | "dfn" | "var" | "strong" | "b" | "code" | "kbd"
            | "samp" | "tt" | "del" | "s" | "strike" => {
                if self.inl.len() >= MAX_INLINES {
                    return (Exit::Nothing, false);
                }
                let kind = match tag {
                    "a" => {
                        let href = dom.attr(i, "href").unwrap_or("").trim();
                        if href.is_empty() || href.starts_with('#') {
                            return (Exit::Nothing, false);
                        }
                        match resolve(self.base, href) {
                            Some(u) => IKind::Link(u),
                            None => return (Exit::Nothing, false),
                        }
                    }
                    "strong" | "b" => IKind::Strong,
                    "code" | "kbd" | "samp" | "tt" => IKind::Code,
                    "del" | "s" | "strike" => IKind::Strike,
                    _ => IKind::Em,
                };
                if self.space && self.has_text {
                    self.target().push(Inline::text(" "));
                    self.space = false;
                }
                self.inl.push(IFrame {
                    kind,
                    content: Vec::new(),
                });
                (Exit::Inline, false)
            }
            "span" | "font" | "u" | "small" | "big" | "sup" | "sub" | "mark" | "abbr" | "time"
            | "q" | "ins" | "bdi" | "bdo" | "wbr" | "data" | "label" | "nobr" => {
                (Exit::Nothing, false)
            }
            _ => {
                self.flush();
                (Exit::Flush, false)
            }
        }
    }

    fn exit(&mut self, exit: Exit) {
        match exit {
            Exit::Nothing => {}
            Exit::Flush => self.flush(),
            Exit::Heading => self.flush(),
            Exit::Inline => self.close_inline(),
            Exit::Container => {
                self.flush();
                let Some((c, line)) = self.containers.pop() else {
                    return;
                };
                let block = match c {
                    Container::Quote(blocks) if !blocks.is_empty() => Block::Quote { blocks },
                    Container::List(ordered, items) if !items.is_empty() => {
                        Block::List { ordered, items }
                    }
                    Container::Item(blocks) => {
                        if let Some((Container::List(_, items), _)) = self.containers.last_mut()
                            && !blocks.is_empty()
                        {
                            items.push(blocks);
                        }
                        return;
                    }
                    _ => return,
                };
                self.push_block(block, line);
            }
        }
    }

    fn figure(&mut self, i: u32) {
        let dom = self.dom;
        let alive = |k: u32| -> bool {
            let mut p = k;
            while p != NONE && p >= i {
                if self.ex_dropped(p) {
                    return false;
                }
                p = dom.parent(p);
            }
            true
        };
        let img = (i..dom.end(i)).find(|&k| dom.is(k, "img") && alive(k));
        let cap_node = (i..dom.end(i)).find(|&k| dom.is(k, "figcaption") && alive(k));
        let mut caption = cap_node
            .map(|c| dom.collapsed_text(c, 2000))
            .unwrap_or_default();
        let line = dom.line(i);
        if !caption.is_empty() && credit_only(&caption) {
            self.dropped.push(("credit".into(), line, caption.clone()));
            caption.clear();
        }
        let src = img.and_then(|k| image_src(dom, k, self.base));
        let mut alt = img.map(|k| image_alt(dom, k)).unwrap_or_default();
        // An alt text that repeats the caption says nothing more.
        if !caption.is_empty()
            && (norm_cmp(&caption).contains(&norm_cmp(&alt))
                || norm_cmp(&alt).contains(&norm_cmp(&caption)))
        {
            alt.clear();
        }
        let cap = if caption.is_empty() {
            Vec::new()
        } else {
            vec![Inline::text(caption.clone())]
        };
        match src {
            Some(src) => self.push_block(
                Block::Figure {
                    src,
                    alt,
                    caption: cap,
                },
                line,
            ),
            None if !caption.is_empty() => self.push_block(Block::para(caption), line),
            None => {}
        }
    }

    fn ex_dropped(&self, k: u32) -> bool {
        self.marks.get(k as usize).is_some_and(Option::is_some)
    }
}

fn trim_inlines(content: &mut Vec<Inline>) {
    if let Some(Inline::Text { text }) = content.first_mut() {
        let t = text.trim_start().to_string();
        *text = t;
    }
    if let Some(Inline::Text { text }) = content.last_mut() {
        let t = text.trim_end().to_string();
        *text = t;
    }
    content.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
}

/// Builds the article's blocks; returns them and what was dropped inside.
pub fn build(
    dom: &Dom,
    ex: &Extraction,
    base: Option<&Url>,
    title: Option<&str>,
) -> (Vec<Item>, Vec<Dropped>) {
    let alive = |k: u32| {
        let mut p = k;
        while p != NONE {
            if ex.dropped.get(p as usize).is_some_and(Option::is_some) {
                return false;
            }
            p = dom.parent(p);
        }
        true
    };
    let notes = super::notes::find(dom, &ex.roots, &alive);
    let mut b = HtmlBuilder::new(dom, &ex.dropped, base, title.map(str::to_string), &notes);
    for &root in &ex.roots {
        b.walk(root, root, dom.end(root));
        b.flush();
    }
    while b.containers.len() > 1 {
        b.exit(Exit::Container);
    }
    b.flush();
    let mut items = b.items;
    items.extend(crate::model::order_notes(b.note_items, &items));
    (items, b.dropped)
}

impl HtmlBuilder<'_> {
    /// Reads the nodes `from..end` (the subtree of `root`, or its
    /// children): an index walk with an explicit stack of open elements.
    fn walk(&mut self, from: u32, _root: u32, end: u32) {
        let dom = self.dom;
        let marks = self.marks;
        let mut open: Vec<(u32, Exit)> = Vec::new();
        let mut i = from;
        while i < end {
            while let Some(&(top, exit)) = open.last() {
                if i >= dom.end(top) {
                    open.pop();
                    self.exit(exit);
                } else {
                    break;
                }
            }
            if let Some(reason) = marks.get(i as usize).copied().flatten() {
                if !matches!(reason, "script" | "head" | "empty" | "embed") {
                    let text = dom.collapsed_text(i, 300);
                    if !text.is_empty() {
                        self.dropped.push((reason.to_string(), dom.line(i), text));
                    }
                }
                i = dom.end(i).max(i + 1);
                continue;
            }
            match dom.nodes[i as usize].kind {
                NodeKind::Text => {
                    self.text(i);
                    i += 1;
                }
                NodeKind::Other => i += 1,
                NodeKind::Element(_) => {
                    let (exit, skip) = self.enter(i);
                    if skip {
                        self.exit(exit);
                        i = dom.end(i).max(i + 1);
                    } else {
                        open.push((i, exit));
                        i += 1;
                    }
                }
            }
        }
        while let Some((_, exit)) = open.pop() {
            self.exit(exit);
        }
    }

    /// The blocks of `i`'s children, read by a builder of their own (a
    /// table cell, a note).
    fn blocks_of(&mut self, i: u32) -> Vec<Block> {
        let mut sub = HtmlBuilder::new(self.dom, self.marks, self.base, None, self.notes);
        sub.walk(i + 1, i, self.dom.end(i));
        while sub.containers.len() > 1 {
            sub.exit(Exit::Container);
        }
        sub.flush();
        self.dropped.append(&mut sub.dropped);
        self.note_items.append(&mut sub.note_items);
        sub.items.into_iter().map(|it| it.block).collect()
    }
}

/// The alt text of `<img>` `k`, whitespace collapsed; empty when it is only
/// a file name (`12-IMG_3886.jpg`, what upload tools fill in), which
/// describes nothing to a reader or a screen reader.
fn image_alt(dom: &Dom, k: u32) -> String {
    let alt = dom.attr(k, "alt").map(collapse_ws).unwrap_or_default();
    const EXT: &[&str] = &[
        ".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg", ".avif",
    ];
    // `chart.jpg?w=600`: the name without its query.
    let lower = alt.to_ascii_lowercase();
    let name = lower.split('?').next().unwrap_or_default();
    if !alt.contains(' ') && EXT.iter().any(|e| name.ends_with(e)) {
        String::new()
    } else {
        alt
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_is_no_alt_text() {
        let d = Dom::parse(
            r#"<p><img src="a.jpg" alt="12-IMG_3886.JPG"><img src="d.jpg" alt="xtina.gif?w=298"><img src="b.png" alt="  The ferry  at dusk "><img src="c.png" alt="chart.png of tides"></p>"#,
        );
        let alts: Vec<String> = (0..d.len() as u32)
            .filter(|&k| d.is(k, "img"))
            .map(|k| image_alt(&d, k))
            .collect();
        assert_eq!(alts, ["", "", "The ferry at dusk", "chart.png of tides"]);
    }
}
