//! The PDF backend: our own typesetter (Knuth–Plass line breaking,
//! hyphenation, kerning, page flow with widow and orphan control) on top of
//! printpdf for writing the file.
//!
//! - [`style`]: the theme's `pdf/style.toml` and `[output.pdf]` options.
//! - [`fonts`]: faces, shaping, fallback, missing characters, subsetting.
//! - [`layout`]: paragraphs into lines (Knuth–Plass).
//! - [`flow`]: lines into pages.
//! - [`chrome`]: cover, contents entries, running heads and feet.
//! - [`emit`]: printpdf pages, outline, links and document info.
//!
//! Set `GALLEY_DEBUG_LAYOUT=1` to log the line-breaking decisions to stderr.

pub mod chrome;
pub mod emit;
pub mod flow;
pub mod fonts;
pub mod layout;
pub mod style;

use self::flow::{FlowPage, Mark, ParaInfo, VItem};
use self::fonts::{Face, FontData, Fonts};
use self::layout::{Hyphenator, Line, ParaSpec, Rgb, Span, Typesetter};
use self::style::{PdfOptions, PdfStyle, parse_color};
use super::view::ArticleView;
use super::{Backend, Mode, OutputFile, RenderContext};
use crate::error::Result;
use crate::model::{Block, Book, Inline, safe_url};
use crate::theme::Strings;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The PDF backend.
pub struct PdfBackend;

impl Backend for PdfBackend {
    fn name(&self) -> &'static str {
        "pdf"
    }
    fn extension(&self) -> &'static str {
        "pdf"
    }
    fn render(&self, book: &Book, ctx: &RenderContext) -> Result<Vec<OutputFile>> {
        let out = render_pdf(book, ctx)?;
        let name = match ctx.mode {
            Mode::Single => book
                .articles()
                .next()
                .map(|a| format!("{}.pdf", a.id))
                .unwrap_or_else(|| "article.pdf".into()),
            Mode::Collection => "book.pdf".into(),
        };
        Ok(vec![OutputFile {
            path: PathBuf::from(name),
            bytes: out.bytes,
            warnings: out.warnings,
        }])
    }
}

/// A rendered PDF with what the typesetter did.
#[derive(Debug, Clone)]
pub struct PdfOutput {
    /// The file.
    pub bytes: Vec<u8>,
    /// Warnings (characters no font has, ...), one per problem.
    pub warnings: Vec<String>,
    /// What went where.
    pub layout: LayoutRecord,
}

/// The typesetter's records, for checks: every page with its text block and lines.
#[derive(Debug, Clone, Default)]
pub struct LayoutRecord {
    /// Pages in order.
    pub pages: Vec<PageRecord>,
}

/// What kind of page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// The cover.
    Cover,
    /// A contents page.
    Contents,
    /// A page of article `n`.
    Article(usize),
}

/// One page of the record.
#[derive(Debug, Clone)]
pub struct PageRecord {
    /// Kind.
    pub kind: PageKind,
    /// Page width and height in points.
    pub size: (f32, f32),
    /// Text block: x0, y0, x1, y1 (top-down y, points).
    pub block: (f32, f32, f32, f32),
    /// Lines of the text block.
    pub lines: Vec<LineRecord>,
}

/// One line of the record.
#[derive(Debug, Clone)]
pub struct LineRecord {
    /// Left edge (points from the page's left).
    pub x: f32,
    /// Top of the line box (points from the page's top).
    pub y: f32,
    /// Leftmost glyph pen position (list markers hang left of `x`).
    pub ink_x0: f32,
    /// Width covered by glyphs from `x`.
    pub width: f32,
    /// Line box height (leading).
    pub height: f32,
    /// Paragraph membership.
    pub para: Option<ParaInfo>,
    /// Hyphen added by the typesetter at the end.
    pub hyphenated: bool,
    /// Plain text.
    pub text: String,
}

/// Renders `book` as a PDF.
pub fn render_pdf(book: &Book, ctx: &RenderContext) -> Result<PdfOutput> {
    let t_start = std::time::Instant::now();
    let opts: PdfOptions = ctx.options_for("pdf")?;
    let style = PdfStyle::load(&ctx.theme, &opts)?;
    let data = FontData::load(&ctx.theme, &style)?;
    let fonts = Fonts::new(&data)?;
    let lang = if book.meta.language.is_empty() {
        "en"
    } else {
        &book.meta.language
    };
    let new_hyphenator = || {
        if style.hyphenate {
            Hyphenator::for_language(lang)
        } else {
            Hyphenator::none()
        }
    };
    let hyph = new_hyphenator();
    let debug = std::env::var_os("GALLEY_DEBUG_LAYOUT").is_some_and(|v| v != "0" && !v.is_empty());
    let strings = ctx.theme.strings(lang)?;
    let ts = Typesetter::new(&fonts, &hyph, debug);
    let mut b = Builder::new(&ts, &style, &strings);
    let (pw, ph) = style.paper.size();
    let block_h = ph - style.margin_top - style.margin_bottom;

    let collection = ctx.mode == Mode::Collection;
    let mut pages: Vec<(PageKind, FlowPage)> = Vec::new();
    if collection {
        // A cover is one page, unless a very long title makes it more.
        for p in flow::paginate(b.cover(book), block_h) {
            pages.push((PageKind::Cover, p));
        }
    }
    if collection {
        let items = b.contents(book);
        for p in flow::paginate(items, block_h) {
            pages.push((PageKind::Contents, p));
        }
    }
    // Articles. Each starts on a new page and is set on its own, so runs of
    // articles are set in parallel, each run with its own fonts, caches and
    // builder; paragraph numbers are then made to continue from run to run,
    // exactly as if one builder had set them all.
    let articles: Vec<&crate::model::Article> = book.articles().collect();
    let threads = rayon::current_num_threads();
    let mut extra_missing: Vec<BTreeMap<char, usize>> = Vec::new();
    let mut items = Vec::new();
    if debug || threads < 2 || articles.len() < 2 {
        for (i, art) in articles.iter().enumerate() {
            items.push(VItem::PageBreak);
            items.push(VItem::Mark(Mark::Article(i)));
            b.article(i, art, &mut items);
        }
    } else {
        use rayon::prelude::*;
        let per = articles.len().div_ceil(threads * 2).max(1);
        let runs: Vec<(usize, &[&crate::model::Article])> = articles
            .chunks(per)
            .enumerate()
            .map(|(k, run)| (k * per, run))
            .collect();
        let parts = runs
            .par_iter()
            .map(|&(first, run)| {
                let fonts = Fonts::new(&data)?;
                let hyph = new_hyphenator();
                let ts = Typesetter::new(&fonts, &hyph, false);
                let mut rb = Builder::new(&ts, &style, &strings);
                let mut items = Vec::new();
                for (k, art) in run.iter().enumerate() {
                    items.push(VItem::PageBreak);
                    items.push(VItem::Mark(Mark::Article(first + k)));
                    rb.article(first + k, art, &mut items);
                }
                Ok((items, rb.para_id, fonts.missing()))
            })
            .collect::<Result<Vec<_>>>()?;
        for (mut part, paras, missing) in parts {
            for it in &mut part {
                if let VItem::Line { para: Some(p), .. } = it {
                    p.id += b.para_id;
                }
            }
            b.para_id += paras;
            items.append(&mut part);
            extra_missing.push(missing);
        }
    }
    let mut article_of_page = Vec::new();
    let mut current = 0usize;
    for p in flow::paginate(items, block_h) {
        for (it, _) in &p {
            if let VItem::Mark(Mark::Article(i)) = it {
                current = *i;
            }
        }
        article_of_page.push(current);
        pages.push((PageKind::Article(current), p));
    }
    if pages.is_empty() {
        // An empty book still gets one (blank) page: a PDF needs one.
        pages.push((PageKind::Article(0), Vec::new()));
    }
    let mut warnings = Vec::new();
    let mut missing = fonts.missing();
    for m in extra_missing {
        for (c, n) in m {
            *missing.entry(c).or_insert(0) += n;
        }
    }
    for (c, n) in &missing {
        warnings.push(format!(
            "the PDF fonts have no glyph for {:?} (U+{:04X}), used {n} time{}; it shows as a box",
            c,
            *c as u32,
            if *n == 1 { "" } else { "s" }
        ));
    }
    let t_layout = std::time::Instant::now();
    let composed = chrome::compose(book, &b, pages, (pw, ph), collection)?;
    let bytes = emit::write(book, ctx, &fonts, &composed, &strings)?;
    let n_pages = composed.len();
    let record = LayoutRecord {
        pages: composed.into_iter().map(|p| p.record).collect(),
    };
    if debug {
        eprintln!(
            "galley layout: {} pages; fonts+layout {:?}, compose+write {:?}",
            n_pages,
            t_layout - t_start,
            t_layout.elapsed()
        );
    }
    Ok(PdfOutput {
        bytes,
        warnings,
        layout: record,
    })
}

/// Builds vertical lists from the model.
pub struct Builder<'t, 'f, 'a> {
    ts: &'t Typesetter<'f, 'a>,
    style: &'t PdfStyle,
    strings: &'t Strings,
    measure: f32,
    para_id: usize,
    keep_next: bool,
    marker: Option<(String, f32)>,
    article: usize,
    colors: Colors,
}

/// Style colours.
#[derive(Debug, Clone, Copy)]
pub struct Colors {
    /// Body text.
    pub text: Rgb,
    /// Accents.
    pub accent: Rgb,
    /// Links.
    pub link: Rgb,
    /// Secondary text.
    pub muted: Rgb,
}

#[derive(Debug, Clone, Copy)]
struct Ctx {
    left: f32,
    right: f32,
    size: f32,
    leading: f32,
    face: Face,
    color: Rgb,
    bar: Option<f32>,
    indent_paras: bool,
}

impl<'t, 'f, 'a> Builder<'t, 'f, 'a> {
    fn new(ts: &'t Typesetter<'f, 'a>, style: &'t PdfStyle, strings: &'t Strings) -> Self {
        let (pw, _) = style.paper.size();
        let c = |s: &str| parse_color(s).unwrap_or((0.0, 0.0, 0.0));
        Builder {
            ts,
            style,
            strings,
            measure: pw - style.margin_left - style.margin_right,
            para_id: 0,
            keep_next: false,
            marker: None,
            article: 0,
            colors: Colors {
                text: c(&style.text_color),
                accent: c(&style.accent_color),
                link: c(&style.link_color),
                muted: c(&style.muted_color),
            },
        }
    }

    /// The typesetter.
    pub fn ts(&self) -> &Typesetter<'f, 'a> {
        self.ts
    }
    /// The style.
    pub fn style(&self) -> &PdfStyle {
        self.style
    }
    /// The theme's strings for the book's language.
    pub fn strings(&self) -> &Strings {
        self.strings
    }
    /// Colours.
    pub fn colors(&self) -> Colors {
        self.colors
    }
    /// Text block width.
    pub fn measure(&self) -> f32 {
        self.measure
    }

    fn span(&self, text: impl Into<String>, face: Face, color: Rgb) -> Span {
        Span {
            text: text.into(),
            face,
            link: None,
            color,
        }
    }

    /// Sets `spans` and pushes the lines with widow/orphan control.
    /// A paragraph set flush left, without justification or hyphenation
    /// (titles, bylines, cover and contents lines).
    fn push_line(&mut self, spans: &[Span], cx: &Ctx, out: &mut Vec<VItem>) -> usize {
        self.push_para(spans, cx, 0.0, false, false, false, out)
    }

    #[allow(clippy::too_many_arguments)]
    fn push_para(
        &mut self,
        spans: &[Span],
        cx: &Ctx,
        indent: f32,
        justify: bool,
        hyphenate: bool,
        center: bool,
        out: &mut Vec<VItem>,
    ) -> usize {
        let spec = ParaSpec {
            measure: (self.measure - cx.left - cx.right).max(72.0),
            indent,
            size: cx.size,
            leading: cx.leading,
            justify: justify && !self.style.ragged,
            hyphenate: hyphenate && self.style.hyphenate,
            center,
        };
        let mut lines = self.ts.set(spans, &spec);
        if lines.is_empty() {
            return 0;
        }
        if let Some((m, size)) = self.marker.take() {
            let shaped = self.ts.fonts.shape(Face::Serif, &m);
            let w = shaped.width * size;
            let mut run = layout::GlyphRun {
                font: Face::Serif.index() as u8,
                size,
                color: cx.color,
                x: -(w + 0.35 * size),
                glyphs: Vec::new(),
            };
            for g in &shaped.glyphs {
                run.font = g.font;
                run.glyphs.push(layout::PGlyph {
                    gid: g.gid,
                    adv: g.advance * size,
                    text: g.text.clone(),
                });
            }
            lines[0].runs.insert(0, run);
            lines[0].text = format!("{m} {}", lines[0].text);
        }
        self.para_id += 1;
        let n = lines.len();
        let mut prev_hyphenated = false;
        for (i, line) in lines.into_iter().enumerate() {
            // No page break after the first line (orphan), before the last
            // (widow), nor after a hyphenated line (a word split over pages).
            let break_before = if i == 0 {
                !std::mem::take(&mut self.keep_next)
            } else {
                i != 1 && i + 1 != n && !prev_hyphenated
            };
            prev_hyphenated = line.hyphenated
                || line
                    .text
                    .trim_end()
                    .ends_with(['-', '\u{2010}', '\u{2013}', '\u{2014}']);
            out.push(VItem::Line {
                line,
                x: cx.left,
                break_before,
                para: Some(ParaInfo {
                    id: self.para_id,
                    index: i,
                    count: n,
                }),
                bar: cx.bar,
                goto: None,
            });
        }
        n
    }

    fn body_ctx(&self) -> Ctx {
        Ctx {
            left: 0.0,
            right: 0.0,
            size: self.style.body_size,
            leading: self.style.body_leading,
            face: Face::Serif,
            color: self.colors.text,
            bar: None,
            indent_paras: true,
        }
    }

    /// The cover page.
    fn cover(&mut self, book: &Book) -> Vec<VItem> {
        let s = self.style;
        let c = self.colors;
        let mut out = Vec::new();
        let cx = Ctx {
            size: s.title_size * 1.5,
            leading: s.title_size * 1.75,
            face: Face::Sans,
            color: c.text,
            ..self.body_ctx()
        };
        out.push(VItem::Fixed(120.0));
        out.push(VItem::Rule {
            x0: 0.0,
            x1: self.measure,
            width: 2.0,
            color: c.accent,
        });
        out.push(VItem::Space(24.0));
        let title = if book.meta.title.trim().is_empty() {
            self.strings.get("book_title_fallback")
        } else {
            book.meta.title.trim()
        };
        self.push_line(&[self.span(title, Face::Sans, c.text)], &cx, &mut out);
        if let Some(sub) = book
            .meta
            .subtitle
            .as_deref()
            .filter(|x| !x.trim().is_empty())
        {
            out.push(VItem::Space(10.0));
            let scx = Ctx {
                size: s.subtitle_size * 1.4,
                leading: s.subtitle_size * 1.8,
                face: Face::Italic,
                color: c.muted,
                ..cx
            };
            self.push_line(
                &[self.span(sub.trim(), Face::Italic, c.muted)],
                &scx,
                &mut out,
            );
        }
        out.push(VItem::Space(36.0));
        let mcx = Ctx {
            size: s.body_size * 1.2,
            leading: s.body_size * 1.7,
            face: Face::Serif,
            color: c.text,
            ..cx
        };
        if let Some(d) = book.meta.date.as_ref().filter(|x| !x.is_blank()) {
            let d = d.human();
            self.push_line(&[self.span(&d, Face::Serif, c.text)], &mcx, &mut out);
        }
        if !book.meta.authors.is_empty() {
            let a = join_names(&book.meta.authors);
            self.push_line(&[self.span(a, Face::Italic, c.text)], &mcx, &mut out);
        }
        if let Some(d) = book
            .meta
            .description
            .as_deref()
            .filter(|x| !x.trim().is_empty())
        {
            out.push(VItem::Space(18.0));
            let dcx = Ctx {
                size: s.body_size * 1.05,
                leading: s.body_size * 1.5,
                face: Face::Italic,
                color: c.muted,
                right: self.measure * 0.25,
                ..mcx
            };
            self.push_line(
                &[self.span(d.trim(), Face::Italic, c.muted)],
                &dcx,
                &mut out,
            );
            out.push(VItem::Space(18.0));
        }
        let n = book.articles().count();
        let sections = book.sections.iter().filter(|s| s.title.is_some()).count();
        let articles = self.strings.fill(
            if n == 1 {
                "articles_one"
            } else {
                "articles_other"
            },
            &[("n", &n.to_string())],
        );
        let count = if sections > 1 {
            self.strings.fill(
                "articles_in_sections",
                &[("articles", &articles), ("sections", &sections.to_string())],
            )
        } else {
            articles
        };
        self.push_line(&[self.span(count, Face::Serif, c.muted)], &mcx, &mut out);
        out
    }

    /// The contents: section titles and one linked entry per article.
    fn contents(&mut self, book: &Book) -> Vec<VItem> {
        let s = self.style;
        let c = self.colors;
        let mut out = Vec::new();
        let hcx = Ctx {
            size: s.heading_size(2) * 1.3,
            leading: s.heading_size(2) * 1.7,
            face: Face::Sans,
            ..self.body_ctx()
        };
        let heading = self.span(self.strings.get("contents"), Face::Sans, c.text);
        self.push_line(&[heading], &hcx, &mut out);
        out.push(VItem::Space(s.body_leading * 0.5));
        let mut idx = 0usize;
        for sec in &book.sections {
            if let Some(t) = sec.title.as_deref().filter(|t| !t.trim().is_empty()) {
                out.push(VItem::Space(s.body_leading * 0.8));
                let scx = Ctx {
                    size: s.heading_size(3),
                    leading: s.heading_size(3) * 1.5,
                    face: Face::Sans,
                    color: c.accent,
                    ..self.body_ctx()
                };
                self.keep_next = false;
                self.push_line(&[self.span(t.trim(), Face::Sans, c.accent)], &scx, &mut out);
                self.keep_next = true;
            }
            for art in &sec.articles {
                let view = ArticleView::of(art);
                let title = view.title;
                let ecx = Ctx {
                    right: 36.0,
                    ..self.body_ctx()
                };
                out.push(VItem::Space(s.body_leading * 0.35));
                let start = out.len();
                self.push_line(&[self.span(title, Face::Serif, c.text)], &ecx, &mut out);
                let meta = [view.source.as_deref(), view.date.as_deref()]
                    .into_iter()
                    .flatten()
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · ");
                let title_end = out.len();
                if !meta.is_empty() {
                    let mcx = Ctx {
                        size: s.small_size,
                        leading: s.small_size * 1.35,
                        face: Face::Italic,
                        color: c.muted,
                        ..ecx
                    };
                    self.keep_next = true;
                    self.push_line(&[self.span(meta, Face::Italic, c.muted)], &mcx, &mut out);
                }
                // Link every line of the entry; the page number goes on the
                // title's last line.
                for (k, it) in out[start..].iter_mut().enumerate() {
                    if let VItem::Line {
                        goto, break_before, ..
                    } = it
                    {
                        *goto = Some(idx);
                        if k > 0 {
                            *break_before = false;
                        }
                    }
                }
                if let Some(VItem::Line { line, .. }) = out.get_mut(title_end.saturating_sub(1)) {
                    line.text.push('\u{0}'); // marks the number line
                }
                idx += 1;
            }
        }
        if idx == 0 {
            self.push_para(
                &[self.span(self.strings.get("no_articles"), Face::Italic, c.muted)],
                &self.body_ctx(),
                0.0,
                false,
                false,
                false,
                &mut out,
            );
        }
        out
    }

    /// One article: header, rule, body.
    fn article(&mut self, i: usize, art: &crate::model::Article, out: &mut Vec<VItem>) {
        self.article = i;
        let s = self.style;
        let c = self.colors;
        let doc = &art.doc;
        let m = ArticleView::of(art);
        let title = m.title.as_str();
        let tcx = Ctx {
            size: s.title_size,
            leading: s.title_size * 1.2,
            face: Face::Sans,
            ..self.body_ctx()
        };
        self.keep_next = false;
        self.push_line(&[self.span(title.trim(), Face::Sans, c.text)], &tcx, out);
        if let Some(sub) = m.subtitle.as_deref() {
            out.push(VItem::Space(s.body_leading * 0.4));
            let scx = Ctx {
                size: s.subtitle_size,
                leading: s.subtitle_size * 1.35,
                face: Face::Italic,
                color: c.muted,
                ..self.body_ctx()
            };
            self.keep_next = true;
            self.push_para(
                &[self.span(sub.trim(), Face::Italic, c.muted)],
                &scx,
                0.0,
                false,
                true,
                false,
                out,
            );
        }
        let mut meta_line = Vec::new();
        if let Some(by) = &m.byline {
            meta_line.push(format!("{} {by}", self.strings.get("by")));
        }
        for x in [
            m.dateline.as_deref(),
            m.source.as_deref(),
            m.date.as_deref(),
        ]
        .into_iter()
        .flatten()
        {
            if !x.trim().is_empty() {
                meta_line.push(x.trim().to_string());
            }
        }
        let mcx = Ctx {
            size: s.small_size + 0.5,
            leading: (s.small_size + 0.5) * 1.4,
            face: Face::Serif,
            color: c.muted,
            ..self.body_ctx()
        };
        if !meta_line.is_empty() {
            out.push(VItem::Space(s.body_leading * 0.5));
            self.keep_next = true;
            self.push_line(
                &[self.span(meta_line.join(" · "), Face::Serif, c.muted)],
                &mcx,
                out,
            );
        }
        if let Some(url) = m.url.as_deref() {
            self.keep_next = true;
            let sp = Span {
                text: url.to_string(),
                face: Face::Italic,
                link: Some(Arc::from(url)),
                color: c.link,
            };
            self.push_line(&[sp], &mcx, out);
        }
        out.push(VItem::Space(s.body_leading * 0.5));
        out.push(VItem::Rule {
            x0: 0.0,
            x1: self.measure,
            width: 0.6,
            color: c.accent,
        });
        out.push(VItem::Space(s.body_leading * 0.8));
        self.keep_next = false;
        let cx = self.body_ctx();
        self.blocks(&doc.blocks, &cx, out);
        if let Some(cr) = m.credits.as_deref() {
            out.push(VItem::Space(s.body_leading * 0.6));
            let ccx = Ctx {
                face: Face::Italic,
                color: c.muted,
                size: s.small_size + 0.5,
                leading: (s.small_size + 0.5) * 1.4,
                ..cx
            };
            self.push_para(
                &[self.span(cr.trim(), Face::Italic, c.muted)],
                &ccx,
                0.0,
                false,
                true,
                false,
                out,
            );
        }
    }

    fn blocks(&mut self, blocks: &[Block], cx: &Ctx, out: &mut Vec<VItem>) {
        let s = self.style;
        let c = self.colors;
        let mut prev_para = false;
        for (bi, block) in blocks.iter().enumerate() {
            match block {
                Block::Paragraph { content } => {
                    let spans = self.spans(content, cx.face, cx.color);
                    let indent = if prev_para && cx.indent_paras && self.marker.is_none() {
                        s.paragraph_indent * cx.size
                    } else {
                        0.0
                    };
                    if prev_para && s.paragraph_space > 0.0 {
                        out.push(VItem::Space(s.paragraph_space));
                    } else if !prev_para && bi > 0 {
                        out.push(VItem::Space(cx.leading * 0.4));
                    }
                    let n = self.push_para(&spans, cx, indent, true, true, false, out);
                    prev_para = n > 0;
                }
                Block::Heading { level, content } => {
                    let size = s.heading_size(*level);
                    let hcx = Ctx {
                        size,
                        leading: size * 1.3,
                        face: Face::Sans,
                        ..*cx
                    };
                    if bi > 0 {
                        out.push(VItem::Space(
                            s.body_leading * if *level <= 2 { 1.1 } else { 0.8 },
                        ));
                    }
                    out.push(VItem::Mark(Mark::Heading {
                        article: self.article,
                        level: *level,
                        title: crate::model::inline_text(content).trim().to_string(),
                    }));
                    let spans = self.spans(content, Face::Sans, cx.color);
                    let start = out.len();
                    self.push_line(&spans, &hcx, out);
                    // A heading's own lines stay together.
                    for it in out[start..].iter_mut().skip(1) {
                        if let VItem::Line { break_before, .. } = it {
                            *break_before = false;
                        }
                    }
                    out.push(VItem::Space(s.body_leading * 0.3));
                    self.keep_next = true;
                    prev_para = false;
                }
                Block::Quote { blocks } => {
                    out.push(VItem::Space(cx.leading * 0.5));
                    let qcx = Ctx {
                        left: cx.left + s.quote_indent,
                        right: cx.right + s.quote_indent * 0.5,
                        size: cx.size * 0.95,
                        leading: cx.leading * 0.95,
                        face: if cx.face == Face::Serif {
                            Face::Italic
                        } else {
                            cx.face
                        },
                        bar: Some(cx.left + s.quote_indent * 0.35),
                        indent_paras: true,
                        ..*cx
                    };
                    self.blocks(blocks, &qcx, out);
                    out.push(VItem::Space(cx.leading * 0.5));
                    prev_para = false;
                }
                Block::List { ordered, items } => {
                    out.push(VItem::Space(cx.leading * 0.3));
                    let lcx = Ctx {
                        left: cx.left + 1.6 * cx.size,
                        indent_paras: false,
                        ..*cx
                    };
                    for (k, item) in items.iter().enumerate() {
                        if k > 0 {
                            out.push(VItem::Space(cx.leading * 0.2));
                        }
                        let m = if *ordered {
                            format!("{}.", k + 1)
                        } else {
                            "•".to_string()
                        };
                        self.marker = Some((m, cx.size));
                        self.blocks(item, &lcx, out);
                        self.marker = None;
                    }
                    out.push(VItem::Space(cx.leading * 0.3));
                    prev_para = false;
                }
                Block::Figure { alt, caption, src } => {
                    let mut spans = self.spans(caption, Face::Italic, c.muted);
                    if spans.iter().all(|s| s.text.trim().is_empty()) {
                        spans = vec![self.span(alt.trim(), Face::Italic, c.muted)];
                    }
                    let label = Span {
                        text: self.strings.get("image").into(),
                        face: Face::Sans,
                        link: safe_url(src).map(Arc::from),
                        color: c.muted,
                    };
                    spans.insert(0, label);
                    out.push(VItem::Space(cx.leading * 0.5));
                    let fcx = Ctx {
                        size: s.small_size + 0.5,
                        leading: (s.small_size + 0.5) * 1.35,
                        ..*cx
                    };
                    self.push_para(&spans, &fcx, 0.0, false, true, false, out);
                    out.push(VItem::Space(cx.leading * 0.5));
                    prev_para = false;
                }
                Block::Break => {
                    out.push(VItem::Space(cx.leading * 0.8));
                    let mid = cx.left + (self.measure - cx.left - cx.right) / 2.0;
                    out.push(VItem::Rule {
                        x0: mid - 30.0,
                        x1: mid + 30.0,
                        width: 0.5,
                        color: c.muted,
                    });
                    out.push(VItem::Space(cx.leading * 0.8));
                    prev_para = false;
                }
                Block::Code { text, .. } => {
                    out.push(VItem::Space(cx.leading * 0.4));
                    let ccx = Ctx {
                        left: cx.left + 8.0,
                        size: s.small_size + 0.5,
                        leading: (s.small_size + 0.5) * 1.3,
                        ..*cx
                    };
                    let t = text.replace('\t', "    ");
                    for l in t.lines() {
                        if l.trim().is_empty() {
                            out.push(VItem::Space(ccx.leading * 0.5));
                            continue;
                        }
                        self.push_line(&[self.span(l, Face::Serif, cx.color)], &ccx, out);
                    }
                    out.push(VItem::Space(cx.leading * 0.4));
                    prev_para = false;
                }
            }
        }
    }

    fn spans(&self, inlines: &[Inline], face: Face, color: Rgb) -> Vec<Span> {
        let mut out = Vec::new();
        self.push_spans(inlines, face, color, None, &mut out);
        out
    }

    fn push_spans(
        &self,
        inlines: &[Inline],
        face: Face,
        color: Rgb,
        link: Option<Arc<str>>,
        out: &mut Vec<Span>,
    ) {
        for i in inlines {
            match i {
                Inline::Text { text } | Inline::Code { text } => out.push(Span {
                    text: text.clone(),
                    face,
                    link: link.clone(),
                    color,
                }),
                Inline::Emphasis { content } => {
                    let f = match face {
                        Face::Serif => Face::Italic,
                        Face::Italic => Face::Serif,
                        f => f,
                    };
                    self.push_spans(content, f, color, link.clone(), out)
                }
                Inline::Strong { content } => {
                    let f = match face {
                        Face::Sans => Face::Sans,
                        _ => Face::Bold,
                    };
                    self.push_spans(content, f, color, link.clone(), out)
                }
                Inline::Link { url, content } => match safe_url(url) {
                    Some(u) => {
                        self.push_spans(content, face, self.colors.link, Some(Arc::from(u)), out)
                    }
                    None => self.push_spans(content, face, color, link.clone(), out),
                },
                Inline::LineBreak => out.push(Span {
                    text: "\n".into(),
                    face,
                    link: None,
                    color,
                }),
            }
        }
    }

    /// Sets one line of text (running heads, feet): no breaking; clipped to
    /// `max` with an ellipsis.
    pub fn one_line(&self, text: &str, face: Face, size: f32, color: Rgb, max: f32) -> Line {
        let mut t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        loop {
            let shaped = self.ts.fonts.shape(face, &t);
            if shaped.width * size <= max || t.chars().count() <= 1 {
                let mut run = layout::GlyphRun {
                    font: face.index() as u8,
                    size,
                    color,
                    x: 0.0,
                    glyphs: Vec::new(),
                };
                let mut line = Line {
                    size,
                    leading: size * 1.2,
                    measure: max,
                    ..Default::default()
                };
                let mut x = 0.0;
                for g in &shaped.glyphs {
                    if g.font != run.font && !run.glyphs.is_empty() {
                        let next = layout::GlyphRun {
                            font: g.font,
                            size,
                            color,
                            x,
                            glyphs: Vec::new(),
                        };
                        line.runs.push(std::mem::replace(&mut run, next));
                    }
                    run.font = g.font;
                    run.glyphs.push(layout::PGlyph {
                        gid: g.gid,
                        adv: g.advance * size,
                        text: g.text.clone(),
                    });
                    x += g.advance * size;
                }
                line.runs.push(run);
                line.width = x;
                line.text = t;
                return line;
            }
            // Drop the last word (or character) and add an ellipsis.
            let base = t.trim_end_matches('…').trim_end().to_string();
            let cut = match base.rfind(' ') {
                Some(p) if p > 0 => base[..p].to_string(),
                _ => {
                    let mut b = base.clone();
                    b.pop();
                    b
                }
            };
            t = format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']));
        }
    }
}

/// `A`, `A and B`, `A, B and C`.
pub fn join_names(names: &[String]) -> String {
    super::view::byline(names).unwrap_or_default()
}
