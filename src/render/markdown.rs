//! Markdown backend: YAML front matter + a CommonMark body written by comrak's
//! formatter (which owns escaping), from a comrak AST built from the model.

use super::{Backend, Mode, OutputFile, RenderContext};
use crate::error::{Error, Result};
use crate::model::{Align, Table};
use crate::model::{Block, Book, Document, Inline, Meta, safe_url};
use comrak::nodes::{
    AstNode, ListType, NodeCode, NodeCodeBlock, NodeFootnoteDefinition, NodeFootnoteReference,
    NodeHeading, NodeLink, NodeList, NodeTable, NodeTaskItem, NodeValue, TableAlignment,
};
use comrak::{Arena, Options};
use std::borrow::Cow;

/// The Markdown backend (`--to md`).
pub struct MarkdownBackend;

/// `[output.markdown]`: takes no keys.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownOptions {}

impl super::formats::FormatOptions for MarkdownOptions {}

impl Backend for MarkdownBackend {
    fn name(&self) -> &'static str {
        "markdown"
    }
    fn extension(&self) -> &'static str {
        "md"
    }
    fn render(&self, book: &Book, ctx: &RenderContext) -> Result<Vec<OutputFile>> {
        match ctx.mode {
            Mode::Single => {
                let doc = book
                    .articles()
                    .next()
                    .map(|a| &a.doc)
                    .ok_or_else(|| Error::render("markdown", "nothing to render"))?;
                Ok(vec![OutputFile {
                    path: "article.md".into(),
                    bytes: document(doc)?.into_bytes(),
                    warnings: Vec::new(),
                }])
            }
            // Local images copied beside the pages, as for HTML.
            Mode::Collection => {
                let localized = super::images::localize(book, &ctx.images, true);
                let mut files = collection(localized.as_ref().unwrap_or(book))?;
                files.extend(super::images::output_files(&ctx.images));
                Ok(files)
            }
        }
    }
}

fn collection(book: &Book) -> Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    let mut index = String::new();
    index.push_str("---\n");
    index.push_str(&front_matter_yaml(&Meta {
        title: Some(book.meta.title.clone()),
        subtitle: book.meta.subtitle.clone(),
        authors: book.meta.authors.clone(),
        date: book.meta.date.clone(),
        language: Some(book.meta.language.clone()),
        ..Meta::default()
    })?);
    index.push_str("---\n\n");
    let mut body = Vec::new();
    for section in &book.sections {
        if let Some(t) = &section.title {
            body.push(Block::Heading {
                level: 2,
                content: vec![Inline::text(t.clone())],
            });
        }
        let items = section
            .articles
            .iter()
            .map(|a| {
                let mut content = vec![Inline::Link {
                    url: format!("{}.md", a.id),
                    content: vec![Inline::text(a.display_title())],
                }];
                if let Some(src) = &a.doc.meta.source {
                    content.push(Inline::text(format!(" ({src})")));
                }
                vec![Block::Paragraph { content }]
            })
            .collect();
        body.push(Block::List {
            ordered: false,
            items,
        });
    }
    index.push_str(&body_markdown(&body));
    files.push(OutputFile {
        path: "index.md".into(),
        bytes: index.into_bytes(),
        warnings: Vec::new(),
    });
    for a in book.articles() {
        files.push(OutputFile {
            path: format!("{}.md", a.id).into(),
            bytes: document(&a.doc)?.into_bytes(),
            warnings: Vec::new(),
        });
    }
    Ok(files)
}

/// Renders one document: `---` YAML front matter `---`, blank line, body.
pub fn document(doc: &Document) -> Result<String> {
    let mut out = String::new();
    if safe_meta(&doc.meta) != Meta::default() {
        out.push_str("---\n");
        out.push_str(&front_matter_yaml(&doc.meta)?);
        out.push_str("---\n\n");
    }
    out.push_str(&body_markdown(&doc.blocks));
    Ok(out)
}

/// The front matter, under the same URL and language policy as every other
/// format: a URL [`safe_url`] refuses and a language that is not a tag are
/// left out, whoever built the [`Meta`].
fn front_matter_yaml(meta: &Meta) -> Result<String> {
    serde_yaml::to_string(&safe_meta(meta)).map_err(|e| Error::render("markdown", e.to_string()))
}

fn safe_meta(meta: &Meta) -> Meta {
    Meta {
        url: meta.url.as_deref().and_then(safe_url).map(str::to_string),
        language: meta
            .language
            .as_deref()
            .and_then(crate::model::language_tag),
        // Provenance is for `galley check`, not the article's front matter.
        language_source: None,
        ..meta.clone()
    }
}

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.render.width = 0;
    o.render.list_style = comrak::options::ListStyleType::Dash;
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.footnotes = true;
    o.extension.tasklist = true;
    o
}

/// Renders body blocks as CommonMark. Blocks go through comrak's formatter,
/// which owns escaping; a paragraph that is one run of text with nothing
/// Markdown could read as syntax is written as is (the common case, and
/// what comrak would write for it), which keeps long inputs fast.
pub fn body_markdown(blocks: &[Block]) -> String {
    // Room for the text of the plain paragraphs (most of a long article),
    // so the output is not copied as it grows.
    let plain: usize = blocks
        .iter()
        .filter_map(plain_text_len)
        .map(|n| n + n / 64 + 2)
        .sum();
    let mut out = String::with_capacity(plain);
    let mut start = 0;
    for (k, b) in blocks.iter().enumerate() {
        if let Some(text) = plain_paragraph(b) {
            push_chunk(&mut out, &blocks[start..k]);
            if !out.is_empty() {
                out.push('\n');
            }
            push_escaped(&mut out, text);
            out.push('\n');
            start = k + 1;
        }
    }
    push_chunk(&mut out, &blocks[start..]);
    out
}

/// The length of a paragraph that is one run of text.
fn plain_text_len(b: &Block) -> Option<usize> {
    match b {
        Block::Paragraph { content } => match content.as_slice() {
            [Inline::Text { text }] => Some(text.len()),
            _ => None,
        },
        _ => None,
    }
}

/// Writes a plain paragraph's text, escaping `!`, `[` and `]` as comrak
/// does (`\!`, `\[`, `\]`); everything else needs no escaping.
fn push_escaped(out: &mut String, text: &str) {
    // The three are ASCII, so a byte search finds them at character
    // boundaries.
    let mut last = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if matches!(b, b'!' | b'[' | b']') {
            out.push_str(text.get(last..i).unwrap_or_default());
            out.push('\\');
            out.push(char::from(b));
            last = i + 1;
        }
    }
    out.push_str(text.get(last..).unwrap_or_default());
}

/// ASCII bytes a plain paragraph may hold anywhere: letters, digits and
/// `,.;:'"?()/%$@![]` (a space or `-` only after a non-space).
const PLAIN: [bool; 128] = {
    let mut t = [false; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b',' | b'.'
                    | b';'
                    | b':'
                    | b'\''
                    | b'"'
                    | b'?'
                    | b'('
                    | b')'
                    | b'/'
                    | b'%'
                    | b'$'
                    | b'@'
                    | b'!'
                    | b'['
                    | b']'
            );
        i += 1;
    }
    t
};

/// The text of a paragraph that needs no escaping beyond `push_escaped`.
fn plain_paragraph(b: &Block) -> Option<&str> {
    let Block::Paragraph { content } = b else {
        return None;
    };
    let [Inline::Text { text }] = content.as_slice() else {
        return None;
    };
    let first = text.chars().next()?;
    if !(first.is_alphabetic() || matches!(first, '“' | '‘' | '"' | '\'' | '(')) {
        return None;
    }
    if text.ends_with(' ') {
        return None;
    }
    // One pass over the bytes: ASCII by the table, only other characters
    // decoded.
    let bytes = text.as_bytes();
    let mut prev_space = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            let ok = match b {
                b' ' | b'-' => !prev_space,
                _ => PLAIN[usize::from(b)],
            };
            if !ok {
                return None;
            }
            prev_space = b == b' ';
            i += 1;
        } else {
            let c = text.get(i..)?.chars().next()?;
            if !(c.is_alphanumeric() || matches!(c, '’' | '‘' | '“' | '”' | '—' | '–' | '…'))
            {
                return None;
            }
            prev_space = false;
            i += c.len_utf8();
        }
    }
    Some(text)
}

fn push_chunk(out: &mut String, blocks: &[Block]) {
    if blocks.is_empty() {
        return;
    }
    let arena = Arena::new();
    let root = arena.alloc(NodeValue::Document.into());
    for b in blocks {
        append_block(&arena, root, b);
    }
    let mut chunk = String::new();
    // Formatting into a String cannot fail.
    let _ = comrak::format_commonmark(root, &options(), &mut chunk);
    if chunk.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&chunk);
}

fn node<'a>(arena: &'a Arena<'a>, v: NodeValue) -> &'a AstNode<'a> {
    arena.alloc(v.into())
}

fn append_block<'a>(arena: &'a Arena<'a>, parent: &'a AstNode<'a>, b: &Block) {
    match b {
        Block::Paragraph { content } => {
            if content.is_empty() {
                return;
            }
            let p = node(arena, NodeValue::Paragraph);
            parent.append(p);
            append_inlines(arena, p, content);
        }
        Block::Heading { level, content } => {
            let h = node(
                arena,
                NodeValue::Heading(NodeHeading {
                    level: (*level).clamp(1, 6),
                    setext: false,
                    closed: false,
                }),
            );
            parent.append(h);
            append_inlines(arena, h, content);
        }
        Block::Quote { blocks } => {
            let q = node(arena, NodeValue::BlockQuote);
            parent.append(q);
            for b in blocks {
                append_block(arena, q, b);
            }
        }
        Block::Table(t) => append_table(arena, parent, t),
        Block::Note { label, blocks } => {
            let d = node(
                arena,
                NodeValue::FootnoteDefinition(NodeFootnoteDefinition {
                    name: note_label(label),
                    total_references: 0,
                }),
            );
            parent.append(d);
            for b in blocks {
                append_block(arena, d, b);
            }
        }
        Block::List { ordered, items } => {
            let nl = NodeList {
                list_type: if *ordered {
                    ListType::Ordered
                } else {
                    ListType::Bullet
                },
                start: 1,
                bullet_char: b'-',
                tight: items.iter().all(|it| it.len() <= 1),
                ..NodeList::default()
            };
            let l = node(arena, NodeValue::List(nl));
            parent.append(l);
            for it in items {
                // `- [x] done`: the item's check box, taken off its paragraph.
                if let Some((checked, first, rest)) = task_item(it) {
                    let i = node(
                        arena,
                        NodeValue::TaskItem(NodeTaskItem {
                            symbol: checked.then_some('x'),
                            symbol_sourcepos: (0, 0, 0, 0).into(),
                        }),
                    );
                    l.append(i);
                    append_block(arena, i, &first);
                    for b in rest {
                        append_block(arena, i, b);
                    }
                    continue;
                }
                let i = node(arena, NodeValue::Item(nl));
                l.append(i);
                for b in it {
                    append_block(arena, i, b);
                }
            }
        }
        Block::Figure { src, alt, caption } => {
            let p = node(arena, NodeValue::Paragraph);
            parent.append(p);
            let url = safe_url(src).unwrap_or("").to_string();
            let img = node(
                arena,
                NodeValue::Image(Box::new(NodeLink {
                    url,
                    title: crate::model::inline_text(caption),
                })),
            );
            p.append(img);
            img.append(node(arena, NodeValue::Text(Cow::Owned(alt.clone()))));
        }
        Block::Break => parent.append(node(arena, NodeValue::ThematicBreak)),
        Block::Code { lang, text } => {
            let mut literal = text.clone();
            if !literal.ends_with('\n') {
                literal.push('\n');
            }
            let fence_length = longest_run(text, '`').max(2) + 1;
            parent.append(node(
                arena,
                NodeValue::CodeBlock(Box::new(NodeCodeBlock {
                    fenced: true,
                    fence_char: b'`',
                    fence_length,
                    info: lang.clone(),
                    literal,
                    closed: true,
                    ..NodeCodeBlock::default()
                })),
            ));
        }
    }
}

/// An item whose first paragraph starts with a check box: the box, that
/// paragraph without it, and the item's other blocks.
fn task_item(item: &[Block]) -> Option<(bool, Block, &[Block])> {
    let (Block::Paragraph { content }, rest) = item.split_first()? else {
        return None;
    };
    let (Inline::Task { checked }, after) = content.split_first()? else {
        return None;
    };
    let content = after.to_vec();
    Some((*checked, Block::Paragraph { content }, rest))
}

/// A note label as GFM reads it back: letters, digits, `-` and `_` kept,
/// anything else (spaces, brackets) as `-`.
fn note_label(label: &str) -> String {
    let l: String = label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if l.is_empty() { "note".into() } else { l }
}

/// A GFM pipe table: header row (empty cells when the table has none),
/// delimiter row with the alignments, body rows. A caption has no GFM form:
/// it is written as a paragraph before the table.
fn append_table<'a>(arena: &'a Arena<'a>, parent: &'a AstNode<'a>, t: &Table) {
    let cols = t.columns();
    if cols == 0 {
        return;
    }
    if !t.caption.is_empty() {
        let p = node(arena, NodeValue::Paragraph);
        parent.append(p);
        append_inlines(arena, p, &t.caption);
    }
    let alignments = t
        .align
        .iter()
        .map(|a| match a {
            Align::None => TableAlignment::None,
            Align::Left => TableAlignment::Left,
            Align::Center => TableAlignment::Center,
            Align::Right => TableAlignment::Right,
        })
        .collect();
    let table = node(
        arena,
        NodeValue::Table(Box::new(NodeTable {
            alignments,
            num_columns: cols,
            num_rows: t.rows.len() + 1,
            num_nonempty_cells: 0,
        })),
    );
    parent.append(table);
    let empty = vec![Vec::new(); cols];
    let header = if t.header.is_empty() {
        &empty
    } else {
        &t.header
    };
    for (k, row) in std::iter::once(header).chain(&t.rows).enumerate() {
        let r = node(arena, NodeValue::TableRow(k == 0));
        table.append(r);
        for k in 0..cols {
            let c = node(arena, NodeValue::TableCell);
            r.append(c);
            if let Some(cell) = row.get(k) {
                append_cell_inlines(arena, c, cell);
            }
        }
    }
}

/// A cell's inlines: a line break (which a GFM row cannot hold) as `<br>`,
/// which the reader takes back as a line break.
fn append_cell_inlines<'a>(arena: &'a Arena<'a>, parent: &'a AstNode<'a>, inlines: &[Inline]) {
    let mut run = Vec::new();
    for i in inlines {
        if matches!(i, Inline::LineBreak) {
            append_inlines(arena, parent, &std::mem::take(&mut run));
            parent.append(node(arena, NodeValue::HtmlInline("<br>".into())));
        } else {
            run.push(i.clone());
        }
    }
    append_inlines(arena, parent, &run);
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for ch in s.chars() {
        if ch == c {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

fn append_inlines<'a>(arena: &'a Arena<'a>, parent: &'a AstNode<'a>, inlines: &[Inline]) {
    for i in inlines {
        match i {
            Inline::Text { text } => {
                parent.append(node(arena, NodeValue::Text(Cow::Owned(text.clone()))))
            }
            Inline::Emphasis { content } => {
                let e = node(arena, NodeValue::Emph);
                parent.append(e);
                append_inlines(arena, e, content);
            }
            Inline::Strong { content } => {
                let e = node(arena, NodeValue::Strong);
                parent.append(e);
                append_inlines(arena, e, content);
            }
            Inline::Link { url, content } => match safe_url(url) {
                Some(u) => {
                    let l = node(
                        arena,
                        NodeValue::Link(Box::new(NodeLink {
                            url: u.to_string(),
                            title: String::new(),
                        })),
                    );
                    parent.append(l);
                    append_inlines(arena, l, content);
                }
                None => append_inlines(arena, parent, content),
            },
            Inline::Code { text } => parent.append(node(
                arena,
                NodeValue::Code(NodeCode {
                    num_backticks: longest_run(text, '`') + 1,
                    literal: text.clone(),
                }),
            )),
            Inline::LineBreak => parent.append(node(arena, NodeValue::LineBreak)),
            Inline::Strike { content } => {
                let e = node(arena, NodeValue::Strikethrough);
                parent.append(e);
                append_inlines(arena, e, content);
            }
            Inline::NoteRef { label } => parent.append(node(
                arena,
                NodeValue::FootnoteReference(Box::new(NodeFootnoteReference {
                    name: note_label(label),
                    ..NodeFootnoteReference::default()
                })),
            )),
            // A check box that does not lead an item: its marker as text.
            Inline::Task { checked } => parent.append(node(
                arena,
                NodeValue::Text(Cow::Borrowed(if *checked { "[x] " } else { "[ ] " })),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn via_comrak(b: &Block) -> String {
        let mut out = String::new();
        push_chunk(&mut out, std::slice::from_ref(b));
        out
    }

    proptest! {
        /// The fast path writes exactly what comrak would.
        #[test]
        fn plain_fast_path_matches_comrak(s in "[A-Za-z“(][A-Za-z0-9 ,.;:'\"?()/%$@’‘“”—–…!\\[\\]-]{0,60}") {
            let b = Block::para(s.clone());
            if let Some(text) = plain_paragraph(&b) {
                let mut fast = String::new();
                push_escaped(&mut fast, text);
                prop_assert_eq!(format!("{fast}\n"), via_comrak(&b));
            }
        }
    }

    #[test]
    fn fast_path_refuses_markdown_lookalikes() {
        for s in [
            "1. one", "- dash", "# hash", "a *b*", "a_b_", "<b>", "a & b", "x  y", "[x](y)",
            "a `b`", "9) x",
        ] {
            assert!(plain_paragraph(&Block::para(s)).is_none(), "{s}");
        }
    }
}
