//! Markdown (CommonMark with the GitHub extensions: tables, footnotes,
//! strikethrough, task lists, bare-URL autolinks) with optional YAML front
//! matter -> blocks. pulldown-cmark's events never leave this file (and its
//! two helpers: `markdown/inline_html.rs`, `markdown/autolink.rs`).

use super::{Draft, Item, frontmatter};
use crate::model::{Align, Block, Inline, Table, canonicalize_inlines};
use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

mod autolink;
mod inline_html;
use inline_html::HtmlTag;

/// The extensions galley reads: GitHub Flavored Markdown's.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Nesting deeper than this (quotes in lists in quotes...) is flattened, so
/// hostile input cannot build a model deep enough to exhaust the stack.
const MAX_DEPTH: usize = 48;

/// Reads Markdown.
pub fn read(text: &str) -> Draft {
    let (meta, body, fm_lines) = frontmatter::split(text);
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |off: usize| line_starts.partition_point(|&s| s <= off) + fm_lines;

    let mut b = MdBuilder::default();
    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if b.stack.len() == 1 && b.top_start.is_none() {
            b.top_start = Some(line_of(range.start));
        }
        b.event(ev);
    }
    b.finish_top();
    let mut items = b.items;
    items.extend(crate::model::order_notes(b.notes, &items));
    Draft {
        plain: meta.is_none() && items.is_empty(),
        authored: true,
        tail_cut: false,
        meta: meta.unwrap_or_default(),
        items,
    }
}

enum Frame {
    Root,
    Quote(Vec<Block>),
    List(bool, Vec<Vec<Block>>),
    Item(Vec<Block>, Vec<Inline>),
    Para(Vec<Inline>),
    Heading(u8, Vec<Inline>),
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    Link(String, Vec<Inline>),
    Image(String, String, Vec<Inline>),
    Code(String, String),
    Strike(Vec<Inline>),
    /// A footnote definition (label, blocks).
    Note(String, Vec<Block>),
    /// A table (alignments, header, rows) and its parts.
    Table(Vec<Align>, Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>),
    TableHead(Vec<Vec<Inline>>),
    TableRow(Vec<Vec<Inline>>),
    TableCell(Vec<Inline>),
    /// An allowed inline HTML element (`<em>`, `<del>`, `<code>`, …) opened
    /// and not yet closed.
    Html(HtmlTag, Vec<Inline>),
    /// A container flattened because of depth.
    Skipped,
}

struct MdBuilder {
    stack: Vec<Frame>,
    items: Vec<Item>,
    top_start: Option<usize>,
    /// An image that so far is alone in its paragraph (src, title, alt).
    lone_image: Option<(String, String, String)>,
    /// Footnote definitions, put after the body by
    /// [`order_notes`](crate::model::order_notes).
    notes: Vec<Item>,
}

impl Default for MdBuilder {
    fn default() -> Self {
        MdBuilder {
            stack: vec![Frame::Root],
            items: Vec::new(),
            top_start: None,
            lone_image: None,
            notes: Vec::new(),
        }
    }
}

impl MdBuilder {
    fn push_inline(&mut self, i: Inline) {
        if let Some((_, _, alt)) = self.lone_image.take() {
            // Not alone after all: the image reads as its alt text.
            self.push_inline(Inline::text(alt));
        }
        match self.stack.last_mut() {
            Some(
                Frame::Para(v)
                | Frame::Heading(_, v)
                | Frame::Emph(v)
                | Frame::Strong(v)
                | Frame::Link(_, v)
                | Frame::Image(_, _, v)
                | Frame::Strike(v)
                | Frame::TableCell(v)
                | Frame::Html(_, v)
                | Frame::Item(_, v),
            ) => v.push(i),
            Some(Frame::Code(_, s)) => {
                if let Inline::Text { text } = i {
                    s.push_str(&text);
                }
            }
            // Inline content straight in a container (should not happen with
            // CommonMark, but be safe): wrap it in a paragraph.
            _ => self.push_block(Block::Paragraph { content: vec![i] }),
        }
    }

    fn push_block(&mut self, b: Block) {
        // Find the nearest block container, skipping flattened frames.
        for f in self.stack.iter_mut().rev() {
            match f {
                Frame::Quote(v) | Frame::Note(_, v) => return v.push(b),
                Frame::Item(v, pending) => {
                    if !pending.is_empty() {
                        let content = canonicalize_inlines(std::mem::take(pending));
                        if !content.is_empty() {
                            v.push(Block::Paragraph { content });
                        }
                    }
                    return v.push(b);
                }
                Frame::List(_, items) => return items.push(vec![b]),
                Frame::Root => {
                    let line = self.top_start.unwrap_or(1);
                    self.items.push(Item { block: b, line });
                    return;
                }
                Frame::Skipped => continue,
                _ => continue,
            }
        }
    }

    fn depth(&self) -> usize {
        self.stack.len()
    }

    fn finish_top(&mut self) {
        if self.stack.len() == 1 {
            self.top_start = None;
        }
    }

    fn event(&mut self, ev: Event) {
        match ev {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => {
                self.end(tag);
                self.finish_top();
            }
            Event::Text(t) if self.in_link_or_code() => {
                self.push_inline(Inline::text(t.into_string()))
            }
            Event::Text(t) => {
                for i in autolink::split(&t) {
                    self.push_inline(i);
                }
            }
            Event::Code(t) => self.push_inline(Inline::Code {
                text: t.into_string(),
            }),
            // Raw HTML is not interpreted: it stays literal text (and is escaped on output).
            // HTML comments are invisible in rendered Markdown (comrak writes
            // `<!-- end list -->` to separate a list from what follows).
            Event::Html(t) | Event::InlineHtml(t) if is_comment(&t) => {}
            Event::InlineHtml(t) if self.inline_html(&t) => {}
            Event::Html(t) | Event::InlineHtml(t) => {
                if matches!(
                    self.stack.last(),
                    Some(Frame::Root | Frame::Quote(_) | Frame::List(..) | Frame::Skipped)
                ) {
                    let t = t.trim_end().to_string();
                    if !t.is_empty() {
                        self.push_block(Block::para(t));
                    }
                } else {
                    self.push_inline(Inline::text(t.into_string()));
                }
            }
            Event::SoftBreak => self.push_inline(Inline::text(" ")),
            Event::HardBreak => self.push_inline(Inline::LineBreak),
            Event::Rule => self.push_block(Block::Break),
            Event::FootnoteReference(t) => self.push_inline(Inline::NoteRef {
                label: t.into_string(),
            }),
            Event::TaskListMarker(checked) => self.push_inline(Inline::Task { checked }),
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_inline(Inline::text(t.into_string()))
            }
        }
    }

    fn start(&mut self, tag: Tag) {
        let deep = self.depth() > MAX_DEPTH;
        let frame = match tag {
            Tag::Paragraph => Frame::Para(Vec::new()),
            Tag::Heading { level, .. } => Frame::Heading(heading_level(level), Vec::new()),
            Tag::BlockQuote(_) if deep => Frame::Skipped,
            Tag::BlockQuote(_) => Frame::Quote(Vec::new()),
            Tag::List(_) if deep => Frame::Skipped,
            Tag::List(start) => Frame::List(start.is_some(), Vec::new()),
            Tag::Item if matches!(self.stack.last(), Some(Frame::Skipped)) => Frame::Skipped,
            Tag::Item => Frame::Item(Vec::new(), Vec::new()),
            Tag::CodeBlock(kind) => Frame::Code(
                match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                },
                String::new(),
            ),
            Tag::Emphasis if deep => Frame::Skipped,
            Tag::Emphasis => Frame::Emph(Vec::new()),
            Tag::Strong if deep => Frame::Skipped,
            Tag::Strong => Frame::Strong(Vec::new()),
            Tag::Link { dest_url, .. } if !deep => Frame::Link(dest_url.into_string(), Vec::new()),
            Tag::Image {
                dest_url, title, ..
            } => Frame::Image(dest_url.into_string(), title.into_string(), Vec::new()),
            Tag::Strikethrough if deep => Frame::Skipped,
            Tag::Strikethrough => Frame::Strike(Vec::new()),
            Tag::FootnoteDefinition(label) => Frame::Note(label.into_string(), Vec::new()),
            Tag::Table(aligns) => Frame::Table(
                aligns.into_iter().map(align).collect(),
                Vec::new(),
                Vec::new(),
            ),
            Tag::TableHead => Frame::TableHead(Vec::new()),
            Tag::TableRow => Frame::TableRow(Vec::new()),
            Tag::TableCell => Frame::TableCell(Vec::new()),
            _ => Frame::Skipped,
        };
        self.stack.push(frame);
    }

    fn end(&mut self, _tag: TagEnd) {
        // An inline HTML element left open ends with its Markdown container.
        while matches!(self.stack.last(), Some(Frame::Html(..))) {
            self.close_html();
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        if self.stack.is_empty() {
            self.stack.push(Frame::Root);
            return;
        }
        match frame {
            Frame::Root | Frame::Skipped => {}
            Frame::Para(v) => {
                let content = canonicalize_inlines(v);
                // A paragraph that is only an image is a figure.
                if let Some((src, title, alt)) = self.lone_image.take()
                    && content.is_empty()
                {
                    let caption = canonicalize_inlines(vec![Inline::text(title)]);
                    self.push_block(Block::Figure { src, alt, caption });
                    return;
                }
                if !content.is_empty() {
                    self.push_block(Block::Paragraph { content });
                }
            }
            Frame::Heading(level, v) => {
                let content = canonicalize_inlines(v);
                if !content.is_empty() {
                    self.push_block(Block::Heading { level, content });
                }
            }
            Frame::Quote(blocks) => self.push_block(Block::Quote { blocks }),
            Frame::List(ordered, items) => {
                let items: Vec<Vec<Block>> = items.into_iter().filter(|i| !i.is_empty()).collect();
                if !items.is_empty() {
                    self.push_block(Block::List { ordered, items });
                }
            }
            Frame::Item(mut blocks, pending) => {
                let content = canonicalize_inlines(pending);
                if !content.is_empty() {
                    blocks.push(Block::Paragraph { content });
                }
                if let Some(Frame::List(_, items)) = self.stack.last_mut() {
                    items.push(blocks);
                } else {
                    for b in blocks {
                        self.push_block(b);
                    }
                }
            }
            Frame::Emph(v) => self.push_inline(Inline::Emphasis { content: v }),
            Frame::Strong(v) => self.push_inline(Inline::Strong { content: v }),
            // Unsafe schemes (javascript:, data:) never enter the model.
            Frame::Link(url, v) => match crate::model::safe_url(&url) {
                Some(_) => self.push_inline(Inline::Link { url, content: v }),
                None => v.into_iter().for_each(|i| self.push_inline(i)),
            },
            Frame::Image(src, title, alt) => {
                let alt = crate::model::inline_text(&alt);
                match self.stack.last() {
                    _ if crate::model::safe_url(&src).is_none() => {
                        self.push_inline(Inline::text(alt))
                    }
                    Some(Frame::Para(v)) if v.is_empty() => {
                        self.lone_image = Some((src, title, alt))
                    }
                    _ => self.push_inline(Inline::text(alt)),
                }
            }
            Frame::Code(lang, text) => {
                let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
                self.push_block(Block::Code { lang, text });
            }
            Frame::Strike(v) => self.push_inline(Inline::Strike { content: v }),
            Frame::Note(label, blocks) => {
                let line = self.top_start.unwrap_or(1);
                self.notes.push(Item {
                    block: Block::Note { label, blocks },
                    line,
                });
            }
            Frame::Table(align, header, rows) => {
                let table = Table::new(Vec::new(), align, header, rows);
                self.push_block(Block::Table(table));
            }
            Frame::TableHead(cells) => {
                // A header of empty cells is a table without one (GFM has
                // no other way to write it).
                if let Some(Frame::Table(_, header, _)) = self.stack.last_mut()
                    && cells.iter().any(|c| !c.is_empty())
                {
                    *header = cells;
                }
            }
            Frame::TableRow(cells) => {
                if let Some(Frame::Table(_, _, rows)) = self.stack.last_mut() {
                    rows.push(cells);
                }
            }
            Frame::TableCell(v) => {
                let cell = canonicalize_inlines(v);
                if let Some(Frame::TableHead(cells) | Frame::TableRow(cells)) =
                    self.stack.last_mut()
                {
                    cells.push(cell);
                }
            }
            Frame::Html(tag, v) => self.push_inline(tag.inline(v)),
        }
    }

    /// True inside a link, an image's alt text, a code block or inline
    /// HTML `<code>`, where a URL stays text.
    fn in_link_or_code(&self) -> bool {
        self.stack.iter().any(|f| {
            matches!(
                f,
                Frame::Link(..)
                    | Frame::Image(..)
                    | Frame::Code(..)
                    | Frame::Html(HtmlTag::Code, _)
            )
        })
    }

    /// Inline HTML: an allowed element's tag opens or closes its frame (or
    /// is a line break) and returns true; anything else returns false and
    /// stays literal text.
    fn inline_html(&mut self, raw: &str) -> bool {
        match inline_html::parse(raw) {
            Some(inline_html::Piece::Break) => {
                self.push_inline(Inline::LineBreak);
                true
            }
            Some(inline_html::Piece::Open(tag)) if self.depth() <= MAX_DEPTH => {
                self.stack.push(Frame::Html(tag, Vec::new()));
                true
            }
            Some(inline_html::Piece::Close(tag)) if matches!(self.stack.last(), Some(Frame::Html(t, _)) if *t == tag) =>
            {
                self.close_html();
                true
            }
            _ => false,
        }
    }

    fn close_html(&mut self) {
        if let Some(Frame::Html(tag, v)) = self.stack.pop() {
            self.push_inline(tag.inline(v));
        }
    }
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

fn is_comment(t: &str) -> bool {
    let t = t.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
