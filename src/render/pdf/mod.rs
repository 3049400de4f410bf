//! The PDF backend: our own typesetter (Knuth–Plass line breaking,
//! hyphenation, kerning, page flow with widow and orphan control) on top of
//! printpdf for writing the file.
//!
//! - [`style`]: the theme's `pdf/style.toml` and `[output.pdf]` options.
//! - [`fonts`]: faces, shaping, fallback, missing characters, subsetting.
//! - [`builder`], [`contents`], [`article`]: the model into vertical lists
//!   (the builder and its state; cover and contents; one article).
//! - [`code`]: code blocks in the monospace face.
//! - [`image`]: figures' PNG and JPEG images.
//! - [`layout`]: paragraphs into lines (Knuth–Plass).
//! - [`flow`]: lines into pages.
//! - [`chrome`]: cover, contents entries, running heads and feet.
//! - [`emit`]: printpdf pages, outline, links and document info.
//!
//! Set `GALLEY_DEBUG_LAYOUT=1` to log the line-breaking decisions to stderr.

mod article;
mod builder;
pub mod chrome;
pub mod code;
mod contents;
pub mod emit;
pub mod flow;
pub mod fonts;
pub mod image;
pub mod layout;
mod notes;
mod splice;
pub mod style;
mod table;
pub mod tags;

pub use self::builder::{Builder, Colors};

use self::flow::{FlowPage, Mark, ParaInfo, VItem};
use self::fonts::{FontData, Fonts};
use self::layout::{Hyphenator, Lang, Typesetter};
use self::style::{PdfOptions, PdfStyle};
use super::{Backend, Mode, OutputFile, RenderContext};
use crate::error::Result;
use crate::model::Book;
use std::borrow::Cow;
use std::path::PathBuf;

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
        self.render_owned_or_not(Cow::Borrowed(book), ctx)
    }
    fn render_owned(&self, book: Book, ctx: &RenderContext) -> Result<Vec<OutputFile>> {
        self.render_owned_or_not(Cow::Owned(book), ctx)
    }
}

impl PdfBackend {
    fn render_owned_or_not(
        &self,
        book: Cow<'_, Book>,
        ctx: &RenderContext,
    ) -> Result<Vec<OutputFile>> {
        let name = match ctx.mode {
            Mode::Single => book
                .articles()
                .next()
                .map(|a| format!("{}.pdf", a.id))
                .unwrap_or_else(|| "article.pdf".into()),
            Mode::Collection => "book.pdf".into(),
        };
        // The layout record (every line's text again) is for tests.
        let out = render(book, ctx, false)?;
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
    /// Warnings (characters no font has, one line per article and kind, ...).
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

/// Renders `book` as a PDF, with the record of every page's lines.
pub fn render_pdf(book: &Book, ctx: &RenderContext) -> Result<PdfOutput> {
    render(Cow::Borrowed(book), ctx, true)
}

/// Renders `book`; `record`: fill in [`PdfOutput::layout`]'s lines. An
/// owned book's blocks are dropped once every article is set (what follows
/// needs only its metadata).
fn render(book: Cow<'_, Book>, ctx: &RenderContext, record: bool) -> Result<PdfOutput> {
    let t_start = std::time::Instant::now();
    // Figures point at their images by output name; those the PDF cannot
    // embed are named in one warning each, with the articles that show them.
    let mut image_warnings = Vec::new();
    let images = std::sync::Arc::new(image::PdfImages::decode(&ctx.images, &mut |name, why| {
        for a in book.articles() {
            for src in figure_sources(&a.doc.blocks) {
                if ctx.images.get(&a.id, src).is_some_and(|i| i.name == name) {
                    image_warnings.push(format!(
                        "{}: image {src}: {why}; the PDF shows the alt text and caption",
                        a.source_path
                    ));
                }
            }
        }
    }));
    let mut book = match crate::render::images::localize(&book, &ctx.images, true) {
        Some(localized) => Cow::Owned(localized),
        None => book,
    };
    let opts: PdfOptions = ctx.options_for("pdf")?;
    let style = PdfStyle::load(&ctx.theme, &opts)?;
    let data = FontData::with_options(&ctx.theme, &style, &opts)?;
    let fonts = Fonts::new(&data)?;
    let lang: String = if book.meta.language.is_empty() {
        "en".into()
    } else {
        book.meta.language.clone()
    };
    let lang = lang.as_str();
    // Every article is hyphenated in its own language (see
    // `layout::Lang`); the book's fills in for articles without one.
    let book_lang = Lang::resolve(None, lang);
    let new_hyphenator = || Hyphenator::new(style.hyphenate);
    let hyph = new_hyphenator();
    let debug = std::env::var_os("GALLEY_DEBUG_LAYOUT").is_some_and(|v| v != "0" && !v.is_empty());
    let rss_start = if debug { rss_mb() } else { String::new() };
    let strings = ctx.theme.strings(lang)?;
    // Each article's header in its own language's words.
    let mut article_strings = std::collections::HashMap::new();
    for art in book.articles() {
        if let Some(l) = art
            .doc
            .meta
            .language
            .as_deref()
            .and_then(crate::model::language_tag)
            && !article_strings.contains_key(&l)
        {
            let st = ctx.theme.strings(&l)?;
            article_strings.insert(l, st);
        }
    }
    let ts = Typesetter::new(&fonts, &hyph, debug);
    fonts.set_context(None, Some(lang));
    let mut b = Builder::new(&ts, &style, &strings, &article_strings, book_lang);
    b.images = Some(images.clone());
    b.keep_text = record;
    let (pw, ph) = style.paper.size();
    let block_h = ph - style.margin_top - style.margin_bottom;

    let collection = ctx.mode == Mode::Collection;
    let mut pages: Vec<(PageKind, FlowPage)> = Vec::new();
    if collection {
        // A cover is one page, unless a very long title makes it more.
        for p in flow::paginate(b.cover(&book), block_h) {
            pages.push((PageKind::Cover, p));
        }
    }
    if collection {
        let items = b.contents(&book);
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
    let mut extra_missing: Vec<fonts::Missing> = Vec::new();
    let mut items = Vec::new();
    // Each article's text is shaped in its own language (the CJK faces
    // differ) and its missing characters are recorded under its name.
    let begin = |ts: &Typesetter<'_, '_>, i: usize, art: &crate::model::Article| {
        let art_lang = art.doc.meta.language.as_deref().unwrap_or(lang);
        if ts.fonts.set_context(Some(i), Some(art_lang)) {
            ts.forget_words();
        }
    };
    if debug || threads < 2 || articles.len() < 2 {
        for (i, art) in articles.iter().enumerate() {
            items.push(VItem::PageBreak);
            items.push(VItem::Mark(Mark::Article(i)));
            begin(&ts, i, art);
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
                let mut rb = Builder::new(&ts, &style, &strings, &article_strings, book_lang);
                rb.images = Some(images.clone());
                rb.keep_text = record;
                let mut items = Vec::new();
                for (k, art) in run.iter().enumerate() {
                    items.push(VItem::PageBreak);
                    items.push(VItem::Mark(Mark::Article(first + k)));
                    begin(&ts, first + k, art);
                    rb.article(first + k, art, &mut items);
                }
                Ok((items, rb.para_id, fonts.missing(), rb.tags))
            })
            .collect::<Result<Vec<_>>>()?;
        for (mut part, paras, missing, tree) in parts {
            for it in &mut part {
                if let VItem::Line { para: Some(p), .. } = it {
                    p.id += b.para_id;
                }
            }
            // The run's structure elements follow the ones before it.
            let map = b.tags.append(tree);
            tags::StructTree::remap_lines(&mut part, map);
            b.para_id += paras;
            items.append(&mut part);
            extra_missing.push(missing);
        }
    }
    // What follows needs only the metadata: an owned book's blocks go
    // (a million paragraphs are some 200 MB), after the file identifier,
    // which hashes the whole book, is taken.
    let file_id = emit::file_id(&book, ctx);
    ts.free_caches();
    drop(articles);
    if let Cow::Owned(owned) = &mut book {
        for s in &mut owned.sections {
            for a in &mut s.articles {
                a.doc.blocks = Vec::new();
            }
        }
    }
    let book = &*book;
    let articles: Vec<&crate::model::Article> = book.articles().collect();
    let mut rss = vec![("start", rss_start)];
    if debug {
        rss.push(("set", rss_mb()));
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
    // Running heads and feet belong to the book.
    if fonts.set_context(None, Some(lang)) {
        ts.forget_words();
    }
    let t_layout = std::time::Instant::now();
    if debug {
        rss.push(("paginated", rss_mb()));
    }
    let mut composed = chrome::compose(book, &b, pages, (pw, ph), collection, record)?;
    if debug {
        rss.push(("composed", rss_mb()));
    }
    let mut missing = fonts.missing();
    for m in extra_missing {
        fonts::missing::merge(&mut missing, m);
    }
    let mut warnings = fonts::missing::warnings(&missing, &articles, data.system_fonts());
    warnings.extend(image_warnings);
    if let Some(std) = opts.standard {
        tags::standard::check_fonts(std, &composed, &data)?;
    }
    let bytes = emit::write(
        book,
        ctx,
        &fonts,
        &mut composed,
        &strings,
        std::mem::take(&mut b.tags),
        opts.standard,
        file_id,
    )?;
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
        rss.push(("written", rss_mb()));
        eprintln!(
            "galley layout: resident MB {}",
            rss.iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(PdfOutput {
        bytes,
        warnings,
        layout: record,
    })
}

/// The process's resident memory in MB and, in brackets, its peak so far
/// (Linux; 0 elsewhere), for `GALLEY_DEBUG_LAYOUT`.
fn rss_mb() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
            / 1024
    };
    format!("{} ({})", field("VmRSS:"), field("VmHWM:"))
}

/// The `src` of every figure of `blocks` (inside quotes and lists too).
fn figure_sources(blocks: &[crate::model::Block]) -> Vec<&str> {
    use crate::model::Block;
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Figure { src, .. } => out.push(src.as_str()),
            Block::Quote { blocks } => out.extend(figure_sources(blocks)),
            Block::List { items, .. } => items.iter().for_each(|i| out.extend(figure_sources(i))),
            _ => {}
        }
    }
    out
}

/// `A`, `A and B`, `A, B and C`.
pub fn join_names(names: &[String]) -> String {
    super::view::byline(names).unwrap_or_default()
}
