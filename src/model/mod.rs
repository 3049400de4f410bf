//! The Document model: the contract between readers, the normalizer and backends.
//!
//! Readers produce a [`Document`]; normalizer passes rewrite it; backends only
//! ever read it. Every variant documents the input that produces it.

use serde::{Deserialize, Serialize};

mod book;
mod canon;
pub mod date;
mod draft;
pub mod lang;
mod notes;
mod table;
pub use book::{Article, Book, BookMeta, Section};
pub use canon::canonicalize_inlines;
pub use date::Date;
pub use draft::{Draft, Item};
pub use lang::{LanguageSource, Undetermined};
pub use notes::order_notes;
pub use table::{Align, Table};

/// One article: metadata plus body blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Document {
    /// Title, standfirst, byline, source and the rest.
    pub meta: Meta,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
}

/// Article metadata. Every field is optional: readers fill what they find.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Meta {
    /// Headline. Text input: the first line. Markdown: `title:` in front matter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Standfirst / dek: the short summary sentence under the headline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Authors, from a byline such as `By Jane Roe and John Doe, Harbour Post`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Publication the article comes from (`Harbour Post` above).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Publication date: the text the input or front matter wrote (ISO 8601
    /// preferred) and the day it names, parsed once by the reader.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Dateline place, e.g. `GENEVA` from `GENEVA (Reuters) -`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    /// Canonical URL of the original article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// BCP 47 language tag, e.g. `en`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Where `language` came from: declared by the input, detected from the
    /// text (with a confidence), or left undetermined (and why).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_source: Option<LanguageSource>,
    /// Free-form tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Production credits kept as metadata, e.g. `Reporting by A; Editing by B`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credits: Option<String>,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
#[non_exhaustive]
pub enum Block {
    /// A paragraph: a run of text ended by a blank line.
    /// `The ministers met on Monday.`
    Paragraph {
        /// The paragraph's text.
        content: Vec<Inline>,
    },
    /// A heading inside the article body (level 2..=6; level 1 is the title).
    /// Markdown `## What happens next`.
    Heading {
        /// 1..=6.
        level: u8,
        /// The heading text.
        content: Vec<Inline>,
    },
    /// A block quotation. Markdown `> “We will not wait,” she said.`
    Quote {
        /// Quoted blocks.
        blocks: Vec<Block>,
    },
    /// A bulleted or numbered list. Markdown `- item` or `1. item`.
    List {
        /// Numbered when true.
        ordered: bool,
        /// Each item is a list of blocks.
        items: Vec<Vec<Block>>,
    },
    /// An image with its caption. Markdown `![alt](src "caption")`-style figure.
    Figure {
        /// Image location.
        src: String,
        /// Alternative text.
        alt: String,
        /// Caption describing the picture (not a bare photo credit).
        caption: Vec<Inline>,
    },
    /// A section break the author meant (Markdown `---` between sections),
    /// not a scraped delimiter line.
    Break,
    /// Preformatted code. Markdown fenced block.
    Code {
        /// Info string (language), may be empty.
        lang: String,
        /// The literal text, lines separated by `\n`.
        text: String,
    },
    /// A data table. Markdown (GFM) `| a | b |` rows over a `| --- | --: |`
    /// delimiter row; HTML `<table>` with data cells (layout tables are
    /// read as their content). See [`Table`].
    Table(Table),
    /// A footnote's text (its definition), referenced from the body by
    /// [`Inline::NoteRef`] with the same `label`. Markdown (GFM)
    /// `[^fee]: The fee was raised in 2024.`; HTML the `<li id="fn1">` of a
    /// footnote list (`role="doc-endnotes"`, `class="footnotes"`). Readers
    /// put every note at the end of the body, in the order of first
    /// reference; backends number them 1, 2, … in that order and show them
    /// as notes (the foot of the PDF page, an EPUB pop-up, an endnotes
    /// section), never in the flow of the text.
    Note {
        /// The label the references use (`fee` for `[^fee]`).
        label: String,
        /// The note's content.
        blocks: Vec<Block>,
    },
}

/// Inline content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
#[non_exhaustive]
pub enum Inline {
    /// Literal text. Never contains a newline.
    Text {
        /// The text.
        text: String,
    },
    /// Emphasis. Markdown `*words*`.
    Emphasis {
        /// Emphasised content.
        content: Vec<Inline>,
    },
    /// Strong emphasis. Markdown `**words**`.
    Strong {
        /// Strong content.
        content: Vec<Inline>,
    },
    /// A hyperlink. Markdown `[text](https://example.org)`. Only safe schemes
    /// (http, https, mailto, relative) are ever kept; see [`safe_url`].
    Link {
        /// Target.
        url: String,
        /// Link text.
        content: Vec<Inline>,
    },
    /// Inline code. Markdown `` `x` ``.
    Code {
        /// The literal code.
        text: String,
    },
    /// A hard line break inside a paragraph.
    LineBreak,
    /// Struck-through text. Markdown (GFM) `~~words~~`; HTML `<del>`, `<s>`,
    /// `<strike>`.
    Strike {
        /// Struck content.
        content: Vec<Inline>,
    },
    /// A reference to the footnote [`Block::Note`] of the same label.
    /// Markdown (GFM) `[^fee]`; HTML `<sup><a href="#fn1">1</a></sup>`,
    /// `<a role="doc-noteref">`. Backends show the note's number.
    NoteRef {
        /// The note's label (`fee`).
        label: String,
    },
    /// The check box of a task-list item, the first inline of the item's
    /// first paragraph. Markdown (GFM) `- [x] done` / `- [ ] to do`.
    Task {
        /// Ticked (`[x]`).
        checked: bool,
    },
}

impl Document {
    /// A document of `meta` and `blocks`.
    pub fn new(meta: Meta, blocks: Vec<Block>) -> Self {
        Document { meta, blocks }
    }
}

impl Meta {
    /// Metadata with a title and nothing else (set the other fields after).
    pub fn titled(title: impl Into<String>) -> Self {
        Meta {
            title: Some(title.into()),
            ..Meta::default()
        }
    }
}

impl Inline {
    /// A text inline.
    pub fn text(s: impl Into<String>) -> Self {
        Inline::Text { text: s.into() }
    }
}

impl Block {
    /// A paragraph of plain text.
    pub fn para(s: impl Into<String>) -> Self {
        Block::Paragraph {
            content: vec![Inline::text(s)],
        }
    }
}

/// Plain text of a run of inlines (line breaks become spaces).
pub fn inline_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    push_inline_text(inlines, &mut s);
    s
}

fn push_inline_text(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Link { content, .. } => push_inline_text(content, out),
            Inline::LineBreak => out.push(' '),
            // A reference reads as nothing in plain text (its number is the
            // backend's); a check box as its GFM marker.
            Inline::NoteRef { .. } => {}
            Inline::Task { checked } => out.push_str(if *checked { "[x] " } else { "[ ] " }),
        }
    }
}

/// Plain text of a block, blocks separated by blank lines.
pub fn block_text(block: &Block) -> String {
    match block {
        Block::Paragraph { content } | Block::Heading { content, .. } => inline_text(content),
        Block::Quote { blocks } => blocks
            .iter()
            .map(block_text)
            .collect::<Vec<_>>()
            .join("\n\n"),
        Block::List { items, .. } => items
            .iter()
            .flat_map(|it| it.iter().map(block_text))
            .collect::<Vec<_>>()
            .join("\n\n"),
        Block::Figure { caption, alt, .. } => {
            let c = inline_text(caption);
            if c.is_empty() { alt.clone() } else { c }
        }
        Block::Break => String::new(),
        Block::Code { text, .. } => text.clone(),
        Block::Table(t) => {
            let mut lines = Vec::with_capacity(t.rows.len() + 2);
            if !t.caption.is_empty() {
                lines.push(inline_text(&t.caption));
            }
            if !t.header.is_empty() {
                lines.push(row_text(&t.header));
            }
            lines.extend(t.rows.iter().map(|r| row_text(r)));
            lines.join("\n")
        }
        Block::Note { blocks, .. } => blocks
            .iter()
            .map(block_text)
            .collect::<Vec<_>>()
            .join("\n\n"),
    }
}

/// A table row as plain text: cells separated by tabs.
fn row_text(cells: &[Vec<Inline>]) -> String {
    cells
        .iter()
        .map(|c| inline_text(c))
        .collect::<Vec<_>>()
        .join("\t")
}

impl Document {
    /// All body text, one block per paragraph, for checks and search.
    pub fn plain_text(&self) -> String {
        self.blocks
            .iter()
            .map(block_text)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// Returns the URL when its scheme is safe to emit (http, https, mailto, or a
/// relative reference), else `None`. `javascript:`, `data:`, `vbscript:` and
/// friends never survive, whatever their case or embedded whitespace.
pub fn safe_url(url: &str) -> Option<&str> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return None;
    }
    // Browsers ignore ASCII tab/newline and leading control chars inside schemes.
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find(':') {
        Some(colon) => {
            let scheme = &cleaned[..colon];
            // A colon after a path/query/fragment char means it's a relative URL.
            if scheme.contains(['/', '?', '#']) {
                return Some(trimmed);
            }
            match scheme {
                "http" | "https" | "mailto" => Some(trimmed),
                _ => None,
            }
        }
        None => Some(trimmed),
    }
}

/// ISO 639-1 two-letter language codes (with the deprecated `in`, `iw`,
/// `ji`, `jw`, `mo` that the language subtag registry still lists), sorted.
const ISO_639_1: [&str; 189] = [
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "in", "io", "is", "it", "iu", "iw", "ja", "ji", "jv", "jw",
    "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la",
    "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mo", "mr",
    "ms", "mt", "my", "na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj",
    "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc",
    "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw",
    "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk",
    "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// `tag` as a well-formed BCP 47 language tag (RFC 5646 shape: language,
/// extended language, script, region, variants, extensions, private use),
/// trimmed and with `_` read as `-` (`en_US` → `en-US`); `None` for
/// anything else (`en us<`, `english`, `zz`). A two-letter language must be
/// an ISO 639-1 code; longer subtags are checked for shape only. Every
/// backend writes a `lang` only through this.
pub fn language_tag(tag: &str) -> Option<String> {
    let t = tag.trim().replace('_', "-");
    let parts: Vec<&str> = t.split('-').collect();
    let n = parts.len();
    let alpha = |s: &str, lo: usize, hi: usize| {
        (lo..=hi).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let alnum = |s: &str, lo: usize, hi: usize| {
        (lo..=hi).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    let primary = parts[0].to_ascii_lowercase();
    let mut i = match primary.len() {
        2 if ISO_639_1.binary_search(&primary.as_str()).is_ok() => 1,
        3 if alpha(&primary, 3, 3) => 1,
        // A private-use tag: `x-whatever`.
        1 if primary == "x" => 0,
        _ => return None,
    };
    if i == 1 {
        // Extended language subtags (`zh-yue`), then script, then region.
        while i < n && i <= 3 && alpha(parts[i], 3, 3) {
            i += 1;
        }
        if i < n && alpha(parts[i], 4, 4) {
            i += 1;
        }
        if i < n
            && (alpha(parts[i], 2, 2)
                || (parts[i].len() == 3 && parts[i].bytes().all(|b| b.is_ascii_digit())))
        {
            i += 1;
        }
        // Variants: 5-8 characters, or 4 starting with a digit.
        while i < n
            && (alnum(parts[i], 5, 8)
                || (alnum(parts[i], 4, 4) && parts[i].as_bytes()[0].is_ascii_digit()))
        {
            i += 1;
        }
    }
    // Extensions (`u-ca-gregory`) and private use (`x-foo`, always last).
    while i < n {
        let single = parts[i];
        if !alnum(single, 1, 1) {
            return None;
        }
        let private = single.eq_ignore_ascii_case("x");
        i += 1;
        let start = i;
        while i < n && alnum(parts[i], if private { 1 } else { 2 }, 8) {
            i += 1;
        }
        if i == start || (private && i != n) {
            return None;
        }
    }
    Some(t)
}

/// Calls `f` on every text string of `block` (text, code, alt, captions).
pub fn walk_text_mut(block: &mut Block, f: &mut dyn FnMut(&mut String)) {
    match block {
        Block::Paragraph { content } | Block::Heading { content, .. } => {
            walk_inlines_mut(content, f)
        }
        Block::Quote { blocks } => blocks.iter_mut().for_each(|b| walk_text_mut(b, f)),
        Block::List { items, .. } => items
            .iter_mut()
            .flat_map(|i| i.iter_mut())
            .for_each(|b| walk_text_mut(b, f)),
        Block::Figure { alt, caption, .. } => {
            f(alt);
            walk_inlines_mut(caption, f);
        }
        Block::Break => {}
        Block::Code { .. } => {}
        Block::Table(t) => {
            walk_inlines_mut(&mut t.caption, f);
            t.cells_mut().for_each(|c| walk_inlines_mut(c, f));
        }
        Block::Note { blocks, .. } => blocks.iter_mut().for_each(|b| walk_text_mut(b, f)),
    }
}

/// Calls `f` on every `Text` of an inline run.
pub fn walk_inlines_mut(inlines: &mut [Inline], f: &mut dyn FnMut(&mut String)) {
    for i in inlines {
        match i {
            Inline::Text { text } => f(text),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Link { content, .. } => walk_inlines_mut(content, f),
            Inline::Code { .. }
            | Inline::LineBreak
            | Inline::NoteRef { .. }
            | Inline::Task { .. } => {}
        }
    }
}

/// Calls `f` on every text string of `block` that [`walk_text_mut`] visits.
pub fn walk_text(block: &Block, f: &mut dyn FnMut(&str)) {
    fn inlines(v: &[Inline], f: &mut dyn FnMut(&str)) {
        for i in v {
            match i {
                Inline::Text { text } => f(text),
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Strike { content }
                | Inline::Link { content, .. } => inlines(content, f),
                Inline::Code { .. }
                | Inline::LineBreak
                | Inline::NoteRef { .. }
                | Inline::Task { .. } => {}
            }
        }
    }
    match block {
        Block::Paragraph { content } | Block::Heading { content, .. } => inlines(content, f),
        Block::Quote { blocks } => blocks.iter().for_each(|b| walk_text(b, f)),
        Block::List { items, .. } => items
            .iter()
            .flat_map(|i| i.iter())
            .for_each(|b| walk_text(b, f)),
        Block::Figure { alt, caption, .. } => {
            f(alt);
            inlines(caption, f);
        }
        Block::Break | Block::Code { .. } => {}
        Block::Table(t) => {
            inlines(&t.caption, f);
            t.cells().for_each(|c| inlines(c, f));
        }
        Block::Note { blocks, .. } => blocks.iter().for_each(|b| walk_text(b, f)),
    }
}

/// Calls `f` on every inline of `block`, containers before their content,
/// in reading order (table caption, header, rows; a note's blocks).
pub fn walk_inlines(block: &Block, f: &mut dyn FnMut(&Inline)) {
    fn run(v: &[Inline], f: &mut dyn FnMut(&Inline)) {
        for i in v {
            f(i);
            if let Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Link { content, .. } = i
            {
                run(content, f);
            }
        }
    }
    match block {
        Block::Paragraph { content } | Block::Heading { content, .. } => run(content, f),
        Block::Quote { blocks } | Block::Note { blocks, .. } => {
            blocks.iter().for_each(|b| walk_inlines(b, f))
        }
        Block::List { items, .. } => items.iter().flatten().for_each(|b| walk_inlines(b, f)),
        Block::Figure { caption, .. } => run(caption, f),
        Block::Table(t) => {
            run(&t.caption, f);
            t.cells().for_each(|c| run(c, f));
        }
        Block::Break | Block::Code { .. } => {}
    }
}

/// Calls `f` on the label of every [`Inline::NoteRef`] in `block`, in
/// reading order.
pub fn walk_note_refs(block: &Block, f: &mut dyn FnMut(&str)) {
    walk_inlines(block, &mut |i| {
        if let Inline::NoteRef { label } = i {
            f(label)
        }
    });
}

/// The notes of `blocks` (top level) with their numbers, 1-based, in order;
/// a label defined twice is numbered once, at its first definition.
pub fn note_numbers(blocks: &[Block]) -> Vec<(&str, usize)> {
    let mut out: Vec<(&str, usize)> = Vec::new();
    for b in blocks {
        if let Block::Note { label, .. } = b
            && !out.iter().any(|(l, _)| l == label)
        {
            out.push((label, out.len() + 1));
        }
    }
    out
}

impl Meta {
    /// Calls `f` on every text field.
    pub fn walk_text_mut(&mut self, f: &mut dyn FnMut(&mut String)) {
        for s in [
            &mut self.title,
            &mut self.subtitle,
            &mut self.source,
            &mut self.dateline,
            &mut self.credits,
        ]
        .into_iter()
        .flatten()
        {
            f(s);
        }
        if let Some(d) = &mut self.date {
            d.edit_text(&mut *f);
        }
        self.authors.iter_mut().for_each(&mut *f);
        self.tags.iter_mut().for_each(&mut *f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_are_well_formed_or_refused() {
        for (t, want) in [
            ("en", Some("en")),
            (" pt-BR ", Some("pt-BR")),
            ("en_US", Some("en-US")),
            ("zh-Hant-TW", Some("zh-Hant-TW")),
            ("zh-yue", Some("zh-yue")),
            ("es-419", Some("es-419")),
            ("de-CH-1901", Some("de-CH-1901")),
            ("gsw", Some("gsw")),
            ("en-US-x-twain", Some("en-US-x-twain")),
            ("x-private", Some("x-private")),
            ("en us<", None),
            ("english", None),
            ("zz", None),
            ("", None),
            ("en-", None),
            ("en-x", None),
            ("en-US-a", None),
            ("1234", None),
        ] {
            assert_eq!(language_tag(t).as_deref(), want, "{t:?}");
        }
    }

    #[test]
    fn unsafe_urls_are_refused() {
        for u in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " java\tscript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "\u{1}javascript:x",
        ] {
            assert_eq!(safe_url(u), None, "{u}");
        }
        for u in [
            "https://a.example/x",
            "mailto:a@b.c",
            "/rel/x:y",
            "page.html",
            "#top",
        ] {
            assert_eq!(safe_url(u), Some(u), "{u}");
        }
    }
}
