//! The parsed page: html5ever (through scraper's tree sink, wrapped to record
//! source lines) and a flat pre-order index over it. Every walk over the page
//! goes through the flat index with explicit loops, never recursion, so a
//! page nested 100,000 levels deep cannot overflow the stack.

use ego_tree::NodeId;
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink, Node};
use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::collections::HashMap;

/// No node.
pub const NONE: u32 = u32::MAX;

/// What a flat node is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// An element, with its lowercase local name.
    Element(html5ever::LocalName),
    /// A text node.
    Text,
    /// Document, comment, doctype, processing instruction.
    Other,
}

/// One node of the flat pre-order index.
#[derive(Debug, Clone)]
pub struct FNode {
    /// The node in the scraper tree.
    pub id: NodeId,
    /// Element, text or other.
    pub kind: NodeKind,
    /// Parent index, or [`NONE`].
    pub parent: u32,
    /// One past the last index of this node's subtree (pre-order ranges).
    pub end: u32,
    /// Depth below the document.
    pub depth: u32,
    /// Approximate 1-based source line.
    pub line: u32,
}

/// The parsed page.
pub struct Dom {
    html: Html,
    /// Nodes in document (pre-)order; node `i`'s subtree is `i..nodes[i].end`.
    pub nodes: Vec<FNode>,
}

/// Wraps scraper's sink to note the source line of each element.
struct LineSink {
    inner: HtmlTreeSink,
    line: Cell<u32>,
    lines: RefCell<HashMap<NodeId, u32>>,
}

impl TreeSink for LineSink {
    type Output = (Html, HashMap<NodeId, u32>);
    type Handle = NodeId;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Self::Output {
        (self.inner.finish(), self.lines.into_inner())
    }
    fn parse_error(&self, _msg: Cow<'static, str>) {}
    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let id = self.inner.create_element(name, attrs, flags);
        self.lines.borrow_mut().insert(id, self.line.get());
        id
    }
    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.inner.append(parent, child)
    }
    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.inner
            .append_based_on_parent_node(element, prev_element, child)
    }
    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id)
    }
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }
    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.inner.append_before_sibling(sibling, new_node)
    }
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }
    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }
    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }
    fn set_current_line(&self, line: u64) {
        self.line.set(u32::try_from(line).unwrap_or(u32::MAX));
    }
}

impl Dom {
    /// Parses `text` as an HTML document.
    pub fn parse(text: &str) -> Dom {
        let sink = LineSink {
            inner: HtmlTreeSink::new(Html::new_document()),
            line: Cell::new(1),
            lines: RefCell::new(HashMap::new()),
        };
        let (html, lines) =
            html5ever::parse_document(sink, Default::default()).one(StrTendril::from(text));
        let mut nodes: Vec<FNode> = Vec::new();
        let mut stack: Vec<u32> = Vec::new();
        let mut last_line = 1u32;
        for edge in html.tree.root().traverse() {
            match edge {
                ego_tree::iter::Edge::Open(n) => {
                    let kind = match n.value() {
                        Node::Element(e) => NodeKind::Element(e.name.local.clone()),
                        Node::Text(_) => NodeKind::Text,
                        _ => NodeKind::Other,
                    };
                    if let Some(&l) = lines.get(&n.id()) {
                        last_line = l.max(1);
                    }
                    let idx = u32::try_from(nodes.len()).unwrap_or(NONE);
                    nodes.push(FNode {
                        id: n.id(),
                        kind,
                        parent: stack.last().copied().unwrap_or(NONE),
                        end: NONE,
                        depth: u32::try_from(stack.len()).unwrap_or(NONE),
                        line: last_line,
                    });
                    stack.push(idx);
                }
                ego_tree::iter::Edge::Close(_) => {
                    if let Some(i) = stack.pop() {
                        let end = u32::try_from(nodes.len()).unwrap_or(NONE);
                        if let Some(n) = nodes.get_mut(i as usize) {
                            n.end = end;
                        }
                    }
                }
            }
        }
        Dom { html, nodes }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when the page has no nodes at all.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The element data of node `i`.
    pub fn element(&self, i: u32) -> Option<&scraper::node::Element> {
        let n = self.nodes.get(i as usize)?;
        self.html.tree.get(n.id)?.value().as_element()
    }

    /// Tag name of node `i` (empty for non-elements).
    pub fn tag(&self, i: u32) -> &str {
        match self.nodes.get(i as usize).map(|n| &n.kind) {
            Some(NodeKind::Element(name)) => name,
            _ => "",
        }
    }

    /// True when node `i` is a `tag` element.
    pub fn is(&self, i: u32, tag: &str) -> bool {
        self.tag(i) == tag
    }

    /// Attribute `name` of element `i`.
    pub fn attr(&self, i: u32, name: &str) -> Option<&str> {
        self.element(i)?.attr(name)
    }

    /// The text of text node `i` (empty for other nodes).
    pub fn text(&self, i: u32) -> &str {
        self.nodes
            .get(i as usize)
            .and_then(|n| self.html.tree.get(n.id))
            .and_then(|n| match n.value() {
                Node::Text(t) => Some(&**t),
                _ => None,
            })
            .unwrap_or("")
    }

    /// Subtree end of `i`.
    pub fn end(&self, i: u32) -> u32 {
        self.nodes.get(i as usize).map_or(i, |n| n.end)
    }

    /// Whether `i` is `anc` or inside its subtree.
    pub fn contains(&self, anc: u32, i: u32) -> bool {
        anc <= i && i < self.end(anc)
    }

    /// Parent of `i`.
    pub fn parent(&self, i: u32) -> u32 {
        self.nodes.get(i as usize).map_or(NONE, |n| n.parent)
    }

    /// Source line of `i`.
    pub fn line(&self, i: u32) -> usize {
        self.nodes.get(i as usize).map_or(1, |n| n.line as usize)
    }

    /// Children of `i`, in order.
    pub fn children(&self, i: u32) -> Children<'_> {
        Children {
            dom: self,
            next: i.saturating_add(1),
            end: self.end(i),
        }
    }

    /// All text of `i`'s subtree, concatenated, raw (no whitespace collapse).
    /// Never includes the text of `script`, `style`, `noscript` or
    /// `template` elements (unless `i` is one).
    pub fn raw_text(&self, i: u32, max: usize) -> String {
        let mut s = String::new();
        let end = self.end(i);
        let mut k = i;
        while k < end {
            match &self.nodes[k as usize].kind {
                NodeKind::Text => {
                    s.push_str(self.text(k));
                    if s.len() > max {
                        break;
                    }
                }
                NodeKind::Element(name)
                    if k != i
                        && matches!(&**name, "script" | "style" | "noscript" | "template") =>
                {
                    k = self.end(k).max(k + 1);
                    continue;
                }
                // Block boundaries separate words.
                NodeKind::Element(name)
                    if !matches!(
                        &**name,
                        "a" | "span"
                            | "b"
                            | "i"
                            | "em"
                            | "strong"
                            | "small"
                            | "sup"
                            | "sub"
                            | "abbr"
                            | "cite"
                            | "code"
                            | "q"
                            | "s"
                            | "u"
                            | "mark"
                            | "time"
                            | "font"
                            | "label"
                            | "wbr"
                            | "bdi"
                            | "bdo"
                            | "data"
                            | "kbd"
                            | "var"
                    ) && !s.is_empty()
                        && !s.ends_with(char::is_whitespace) =>
                {
                    s.push(' ');
                }
                _ => {}
            }
            k += 1;
        }
        s
    }

    /// Text of `i`'s subtree with whitespace collapsed, skipping `skip` subtrees.
    pub fn collapsed_text(&self, i: u32, max_chars: usize) -> String {
        let raw = self.raw_text(i, max_chars * 4 + 64);
        collapse_ws(&raw)
    }

    /// First element named `tag` in the document.
    pub fn first(&self, tag: &str) -> Option<u32> {
        (0..self.len() as u32).find(|&i| self.is(i, tag))
    }
}

/// Iterator over the children of a node.
pub struct Children<'a> {
    dom: &'a Dom,
    next: u32,
    end: u32,
}

impl Iterator for Children<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.next >= self.end {
            return None;
        }
        let c = self.next;
        self.next = self.dom.end(c).max(c + 1);
        Some(c)
    }
}

/// HTML whitespace (and NBSP runs) collapsed to single spaces, trimmed.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c.is_whitespace()) {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn flat_index_and_lines() {
        let d = Dom::parse(
            "<html><body>\n<div>\n<p>One <b>two</b></p>\n<p>three</p></div></body></html>",
        );
        let p = d.first("p").unwrap_or(NONE);
        assert_eq!(d.line(p), 3);
        assert_eq!(d.collapsed_text(p, 100), "One two");
        let div = d.first("div").unwrap_or(NONE);
        let kids: Vec<&str> = d.children(div).map(|c| d.tag(c)).collect();
        assert_eq!(kids, ["", "p", "", "p"]);
    }
    #[test]
    fn deep_nesting_does_not_overflow() {
        let n = 100_000;
        let html = format!("{}deep{}", "<div>".repeat(n), "</div>".repeat(n));
        let d = Dom::parse(&super::super::prescan::elide(&html));
        assert!(d.len() > super::super::prescan::MAX_DEPTH);
        assert_eq!(d.collapsed_text(0, 100), "deep");
    }
}
