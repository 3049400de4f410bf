//! Plain-text backend (`--to txt`): the reader copy as clean text wrapped at
//! 72 columns, for e-mail, text-to-speech and language-model pipelines.
//!
//! Like pandoc's `plain` writer: no markup. The title on its own line(s),
//! the standfirst, a byline/source/date line and the source URL; then
//! paragraphs, headings as their own lines, list items after `- ` (or
//! `1. `), block quotes and code indented four spaces, a break as `* * *`.
//! Emphasis is dropped; a link keeps its text, followed by ` <URL>` when
//! the URL is absolute and not the text itself.
//!
//! Wrapping counts display columns (`unicode-width`: a CJK character is two
//! columns) and breaks only at spaces, or between two CJK characters (not
//! before closing punctuation such as `。`). A word wider than the line (a
//! long URL) stands alone on its line, unbroken. A book is a folder:
//! `index.txt` (title, contents) and one `ID.txt` per article.

use super::view::ArticleView;
use super::{Backend, Mode, OutputFile, RenderContext};
use crate::error::{Error, Result};
use crate::model::{Block, Book, Document, Inline, safe_url};
use unicode_width::UnicodeWidthChar;

/// The line width, in display columns.
pub const WIDTH: usize = 72;

/// The plain-text backend.
pub struct TxtBackend;

/// `[output.txt]`: takes no keys.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TxtOptions {}

impl super::formats::FormatOptions for TxtOptions {}

impl Backend for TxtBackend {
    fn name(&self) -> &'static str {
        "txt"
    }
    fn extension(&self) -> &'static str {
        "txt"
    }
    fn render(&self, book: &Book, ctx: &RenderContext) -> Result<Vec<OutputFile>> {
        let file = |path: String, text: String| OutputFile {
            path: path.into(),
            bytes: text.into_bytes(),
            warnings: Vec::new(),
        };
        match ctx.mode {
            Mode::Single => {
                let doc = book
                    .articles()
                    .next()
                    .map(|a| &a.doc)
                    .ok_or_else(|| Error::render("txt", "nothing to render"))?;
                Ok(vec![file("article.txt".into(), document(doc))])
            }
            Mode::Collection => {
                let mut files = vec![file("index.txt".into(), index(book))];
                for a in book.articles() {
                    files.push(file(format!("{}.txt", a.id), document(&a.doc)));
                }
                Ok(files)
            }
        }
    }
}

/// The book's title page and contents.
fn index(book: &Book) -> String {
    let mut out = Out::default();
    let m = &book.meta;
    out.wrapped(&clean(&m.title), "", "");
    if let Some(s) = &m.subtitle {
        out.wrapped(&clean(s), "", "");
    }
    let mut line = Vec::new();
    if !m.authors.is_empty() {
        line.push(m.authors.join(", "));
    }
    if let Some(d) = m.date.as_ref().filter(|d| !d.is_blank()) {
        line.push(d.human());
    }
    if !line.is_empty() {
        out.blank();
        out.wrapped(&clean(&line.join(" · ")), "", "");
    }
    if let Some(d) = &m.description {
        out.blank();
        out.wrapped(&clean(d), "", "");
    }
    for s in &book.sections {
        out.blank();
        if let Some(t) = &s.title {
            out.wrapped(&clean(t), "", "");
            out.blank();
        }
        for a in &s.articles {
            let mut t = a.display_title();
            if let Some(src) = &a.doc.meta.source {
                t.push_str(&format!(" ({src})"));
            }
            out.wrapped(&clean(&t), "- ", "  ");
        }
    }
    out.finish()
}

/// One article as plain text: the header from the [`ArticleView`] every
/// format shares (the dateline stays where the body states it).
pub fn document(doc: &Document) -> String {
    let mut out = Out::default();
    let v = ArticleView::of_meta(&doc.meta);
    let mut head = false;
    if !v.title.trim().is_empty() {
        out.wrapped(&clean(&v.title), "", "");
        head = true;
    }
    if let Some(s) = &v.subtitle {
        out.blank();
        out.wrapped(&clean(s), "", "");
        head = true;
    }
    // The byline and date in the article's language (`By Jane Roe`,
    // `14 mars 2025`).
    let line: Vec<String> = [v.by_line, v.source, v.date]
        .into_iter()
        .flatten()
        .collect();
    if !line.is_empty() || v.url.is_some() {
        out.blank();
        if !line.is_empty() {
            out.wrapped(&clean(&line.join(" · ")), "", "");
        }
        if let Some(u) = &v.url {
            out.wrapped(&clean(u), "", "");
        }
        head = true;
    }
    if head && !doc.blocks.is_empty() {
        out.blank();
    }
    let (body, notes) = super::txt_gfm::split_notes(&doc.blocks);
    blocks(&mut out, &body, "");
    // Footnotes at the end: `[1] The note's text.`
    for (n, note) in notes {
        out.blank();
        let lead = format!("[{n}] ");
        let rest = " ".repeat(lead.len());
        for (k, b) in note.iter().enumerate() {
            match b {
                Block::Paragraph { content } if k == 0 => {
                    for (j, line) in inline_lines(content).iter().enumerate() {
                        out.wrapped(line, if j == 0 { &lead } else { &rest }, &rest);
                    }
                }
                other => {
                    if k == 0 {
                        out.line(lead.trim_end());
                    }
                    block(&mut out, other, &rest);
                }
            }
        }
    }
    if let Some(c) = &v.credits {
        out.blank();
        out.wrapped(&clean(c), "", "");
    }
    out.finish()
}

/// Writes `blocks`, each line after `indent`, a blank line between blocks.
fn blocks(out: &mut Out, blocks: &[Block], indent: &str) {
    for (k, b) in blocks.iter().enumerate() {
        if k > 0 {
            out.blank();
        }
        block(out, b, indent);
    }
}

fn block(out: &mut Out, b: &Block, indent: &str) {
    match b {
        Block::Paragraph { content } | Block::Heading { content, .. } => {
            for line in inline_lines(content) {
                out.wrapped(&line, indent, indent);
            }
        }
        Block::Quote { blocks: inner } => blocks(out, inner, &format!("{indent}    ")),
        Block::List { ordered, items } => {
            for (k, item) in items.iter().enumerate() {
                let marker = if *ordered {
                    format!("{}. ", k + 1)
                } else {
                    "- ".to_string()
                };
                let first = format!("{indent}{marker}");
                let rest = format!("{indent}{}", " ".repeat(marker.len()));
                let mut started = false;
                for (j, b) in item.iter().enumerate() {
                    if j > 0 {
                        out.blank();
                    }
                    let lead = if started { &rest } else { &first };
                    match b {
                        Block::Paragraph { content } | Block::Heading { content, .. } => {
                            for line in inline_lines(content) {
                                out.wrapped(&line, if started { &rest } else { lead }, &rest);
                                started = true;
                            }
                        }
                        other => {
                            if !started {
                                out.line(first.trim_end());
                                started = true;
                            }
                            block(out, other, &rest);
                        }
                    }
                }
                if !started {
                    out.line(first.trim_end());
                }
            }
        }
        Block::Figure { alt, caption, .. } => {
            let caption = inline_lines(caption).join(" ");
            let text = if caption.trim().is_empty() {
                clean(alt)
            } else {
                caption
            };
            if !text.trim().is_empty() {
                out.wrapped(&format!("[Image: {}]", text.trim()), indent, indent);
            }
        }
        Block::Table(t) => {
            let text = |c: &[Inline]| inline_lines(c).join(" ");
            if !t.caption.is_empty() {
                out.wrapped(&text(&t.caption), indent, indent);
            }
            for l in super::txt_gfm::table_lines(t, super::txt_gfm::avail(indent), &text) {
                out.line(&format!("{indent}{l}"));
            }
        }
        // Listed at the end of the article (`document`).
        Block::Note { .. } => {}
        Block::Break => out.line(&format!("{indent}* * *")),
        Block::Code { text, .. } => {
            for l in text.lines() {
                out.line(&format!("{indent}    {}", clean(l)));
            }
        }
    }
}

/// The text of `content`, one string per hard line break.
fn inline_lines(content: &[Inline]) -> Vec<String> {
    /// The line being written (`lines` is never empty).
    fn last(lines: &mut Vec<String>) -> &mut String {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let n = lines.len() - 1;
        &mut lines[n]
    }
    fn walk(content: &[Inline], lines: &mut Vec<String>) {
        for i in content {
            match i {
                Inline::Text { text } => last(lines).push_str(&clean(text)),
                // Inline code between backticks, as a reader of plain text expects.
                Inline::Code { text } => {
                    let l = last(lines);
                    l.push('`');
                    l.push_str(&clean(text));
                    l.push('`');
                }
                Inline::Emphasis { content } | Inline::Strong { content } => walk(content, lines),
                // Struck text stays visibly struck: read plainly it would
                // say the opposite ("planned for spring brought forward").
                Inline::Strike { content } => {
                    last(lines).push_str("~~");
                    walk(content, lines);
                    last(lines).push_str("~~");
                }
                // A reference to no note: its Markdown form.
                Inline::NoteRef { label } => last(lines).push_str(&format!("[^{}]", clean(label))),
                Inline::Task { checked } => {
                    last(lines).push_str(if *checked { "[x] " } else { "[ ] " })
                }
                Inline::Link { url, content } => {
                    let (line, before) = (lines.len(), last(lines).len());
                    walk(content, lines);
                    // The link's text (on its last line, if it holds a break).
                    let start = if lines.len() == line { before } else { 0 };
                    let l = last(lines);
                    let text = l.get(start..).unwrap_or_default().trim().to_string();
                    let absolute = url.starts_with("http://") || url.starts_with("https://");
                    if let Some(u) = safe_url(url).filter(|_| absolute)
                        && text != u
                    {
                        l.push_str(&format!(" <{}>", clean(u)));
                    }
                }
                Inline::LineBreak => lines.push(String::new()),
            }
        }
    }
    let mut lines = vec![String::new()];
    walk(content, &mut lines);
    lines
}

/// Text without control characters (a newline or tab becomes a space).
fn clean(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// The output being written: lines, and whether a blank line is due.
#[derive(Default)]
struct Out {
    text: String,
    blank: bool,
}

impl Out {
    fn blank(&mut self) {
        if !self.text.is_empty() {
            self.blank = true;
        }
    }
    fn line(&mut self, line: &str) {
        if self.blank {
            self.text.push('\n');
            self.blank = false;
        }
        self.text.push_str(line.trim_end());
        self.text.push('\n');
    }
    /// `text` wrapped at [`WIDTH`]: the first line after `first`, the
    /// others after `rest`.
    fn wrapped(&mut self, text: &str, first: &str, rest: &str) {
        let lines = wrap(text, WIDTH, first, rest);
        for l in lines {
            self.line(&l);
        }
    }
    fn finish(self) -> String {
        self.text
    }
}

/// Display width of `s` in columns.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// A space that may break a line (not a no-break space).
fn breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// A wide (two-column) letter of a script written without spaces, after or
/// before which a line may break.
fn cjk(c: char) -> bool {
    c.width() == Some(2) && c.is_alphanumeric()
}

/// No line starts with these (closing punctuation, small kana, ...).
fn no_break_before(c: char) -> bool {
    matches!(
        c,
        '。' | '、'
            | '，'
            | '．'
            | '！'
            | '？'
            | '：'
            | '；'
            | '）'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '》'
            | '”'
            | '’'
            | '・'
            | 'ー'
            | '々'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
    ) || matches!(c, ',' | '.' | '!' | '?' | ':' | ';' | ')' | ']')
}

/// No line ends with these (opening punctuation).
fn no_break_after(c: char) -> bool {
    matches!(
        c,
        '（' | '「' | '『' | '【' | '〔' | '〈' | '《' | '“' | '‘' | '(' | '['
    )
}

/// The pieces of `word` (a run without breaking spaces) between which a
/// line may break: between two CJK characters, unless punctuation forbids.
fn pieces(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in word.char_indices() {
        if let Some(p) = prev
            && (cjk(p) || cjk(c))
            && !no_break_before(c)
            && !no_break_after(p)
        {
            out.push(&word[start..i]);
            start = i;
        }
        prev = Some(c);
    }
    out.push(&word[start..]);
    out
}

/// Wraps `text` into lines of at most `width` columns (counting the
/// prefixes `first` and `rest`); spaces between words collapse to one. A
/// piece wider than the line stands alone on it.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut used = self::width(first);
    let mut empty = true;
    for word in text.split(breaking_space).filter(|w| !w.is_empty()) {
        let ps = pieces(word);
        for (k, p) in ps.iter().enumerate() {
            let w = self::width(p);
            // A space before a word, none between the pieces of one.
            let gap = usize::from(!empty && k == 0);
            if !empty && used + gap + w > width {
                lines.push(std::mem::replace(&mut line, rest.to_string()));
                used = self::width(rest);
            } else if gap == 1 {
                line.push(' ');
                used += 1;
            }
            line.push_str(p);
            used += w;
            empty = false;
        }
    }
    if !empty || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_at_72_columns_and_never_break() {
        let text = "The council met on Tuesday and agreed to widen the harbour road by spring, after three years of argument about the cost of the work.";
        let lines = wrap(text, WIDTH, "", "");
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l) <= WIDTH), "{lines:?}");
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_long_url_stands_alone_unbroken() {
        let url = "https://news.example/2025/03/12/a-very-long-path-that-goes-on-and-on-beyond-seventy-two-columns";
        let lines = wrap(&format!("See {url} for more."), WIDTH, "", "");
        assert_eq!(lines, ["See", url, "for more."]);
    }

    #[test]
    fn cjk_counts_two_columns_and_breaks_between_characters() {
        let text = "東京都は十二日、湾岸道路の拡幅工事を春までに終えると発表した。工事は三年前から議論されてきたが、費用の問題で遅れていた。";
        let lines = wrap(text, WIDTH, "", "");
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().all(|l| width(l) <= WIDTH), "{lines:?}");
        assert!(lines.iter().any(|l| width(l) >= WIDTH - 2), "{lines:?}");
        assert_eq!(lines.concat(), text);
        // Closing punctuation never starts a line.
        assert!(
            lines.iter().all(|l| !l.starts_with(['。', '、'])),
            "{lines:?}"
        );
    }

    #[test]
    fn a_link_across_a_line_break_keeps_its_url() {
        let doc = Document {
            blocks: vec![Block::Paragraph {
                content: vec![
                    Inline::text("Voilà: "),
                    Inline::Link {
                        url: "https://example.org/é".into(),
                        content: vec![Inline::text("été"), Inline::LineBreak, Inline::text("ici")],
                    },
                ],
            }],
            ..Document::default()
        };
        assert_eq!(document(&doc), "Voilà: été\nici <https://example.org/é>\n");
    }

    #[test]
    fn prefixes_count_and_continue() {
        let lines = wrap(&"word ".repeat(30), 20, "- ", "  ");
        assert!(lines[0].starts_with("- word"));
        assert!(lines[1..].iter().all(|l| l.starts_with("  word")));
        assert!(lines.iter().all(|l| width(l) <= 20));
    }
}
