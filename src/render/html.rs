//! HTML backend: one self-contained page per article (single mode), or a site
//! (`index.html`, one page per article with previous/next links, `style.css`).
//!
//! The body is written by [`body_html`], an escaping writer over the model;
//! the page around it comes from the theme's `html/article.html` template
//! (minijinja). [`body_html`] with `xhtml = true` is reused by the EPUB backend.

use super::shared::{escape_html, href, html_clean};
use super::view::ArticleView;
use super::{Backend, Mode, OutputFile, RenderContext};
use crate::error::{Error, Result};
use crate::model::{Article, Block, Book, Document, Inline, inline_text, safe_url};
use crate::theme::Strings;
use minijinja::{Environment, context};
use serde::Serialize;

/// The HTML backend (`--to html`).
pub struct HtmlBackend;

/// `[output.html]`.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HtmlOptions {
    /// `default`, or a theme folder relative to the book folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
}

impl super::formats::FormatOptions for HtmlOptions {
    fn theme(&self) -> Option<&str> {
        self.theme.as_deref()
    }
}

impl Backend for HtmlBackend {
    fn name(&self) -> &'static str {
        "html"
    }
    fn extension(&self) -> &'static str {
        "html"
    }
    fn render(&self, book: &Book, ctx: &RenderContext) -> Result<Vec<OutputFile>> {
        let css = ctx.theme.text("css/article.css")?;
        let mut strings = StringsCache::new(ctx, &book.meta.language);
        // The built-in theme's templates are parsed once per process; a
        // theme folder may override them, so its templates are parsed per
        // render.
        let own_env;
        let env = match (&ctx.theme.dir, &*DEFAULT_ENV) {
            (None, Ok(env)) => env,
            _ => {
                own_env = environment(ctx)?;
                &own_env
            }
        };
        // Local figures point at their copies (`images/…`, written beside
        // the pages below); figures whose image is missing show alt text.
        let rename = ctx.mode == Mode::Collection || ctx.images.beside_single;
        let localized = super::images::localize(book, &ctx.images, rename);
        let book = localized.as_ref().unwrap_or(book);
        match ctx.mode {
            Mode::Single => {
                let a = book
                    .articles()
                    .next()
                    .ok_or_else(|| Error::render("html", "nothing to render"))?;
                let page = render_page(env, a, &mut strings, Some(&css), None, None, None)?;
                Ok(vec![OutputFile {
                    path: "article.html".into(),
                    bytes: page.into_bytes(),
                    warnings: Vec::new(),
                }])
            }
            Mode::Collection => {
                let mut files = site(env, book, css, &mut strings)?;
                files.extend(super::images::output_files(&ctx.images));
                Ok(files)
            }
        }
    }
}

/// The built-in theme's template environment.
static DEFAULT_ENV: std::sync::LazyLock<Result<Environment<'static>>> =
    std::sync::LazyLock::new(|| {
        environment(&RenderContext::new(
            Mode::Single,
            crate::time::BuildTime::fixed(0),
        ))
    });

fn environment(ctx: &RenderContext) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    for name in ["html/article.html", "html/index.html"] {
        let src = ctx.theme.text(name)?;
        env.add_template_owned(name.to_string(), src)
            .map_err(|e| Error::render("html", format!("theme template {name}: {e}")))?;
    }
    Ok(env)
}

/// The theme's strings per language, each loaded once per render: a book
/// of articles in several languages shows each article's header in its own
/// language, and the book's pages in the book's.
pub(crate) struct StringsCache<'a> {
    ctx: &'a RenderContext,
    /// The book's language (for articles of unknown language).
    pub book_lang: String,
    map: std::collections::HashMap<String, Strings>,
}

impl<'a> StringsCache<'a> {
    /// A cache for the theme of `ctx`, the book in `book_lang`.
    pub(crate) fn new(ctx: &'a RenderContext, book_lang: &str) -> Self {
        StringsCache {
            ctx,
            book_lang: page_lang(Some(book_lang)),
            map: std::collections::HashMap::new(),
        }
    }

    /// The strings for `lang` (`None`: the book's language).
    pub(crate) fn get(&mut self, lang: Option<&str>) -> Result<&Strings> {
        let lang = lang
            .and_then(crate::model::language_tag)
            .unwrap_or_else(|| self.book_lang.clone());
        if let std::collections::hash_map::Entry::Vacant(e) = self.map.entry(lang.clone()) {
            let s = self.ctx.theme.strings(e.key())?;
            e.insert(s);
        }
        self.map
            .get(&lang)
            .ok_or_else(|| Error::render("html", "strings cache"))
    }

    /// The effective language of an article: its own, else the book's.
    pub(crate) fn lang_of(&self, article: &Article) -> String {
        article
            .doc
            .meta
            .language
            .as_deref()
            .and_then(crate::model::language_tag)
            .unwrap_or_else(|| self.book_lang.clone())
    }
}

/// A link to a neighbouring page of a site.
#[derive(Serialize)]
struct NavLink {
    href: String,
    title: String,
    /// The linked article's language, when it has one.
    lang: Option<String>,
}

/// What the page's `<head>` says (the header itself reads the
/// [`ArticleView`]).
#[derive(Serialize)]
struct PageMeta<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    byline: Option<&'a str>,
    source: Option<&'a str>,
    /// The date as written (JSON-LD, when no day is known).
    date: Option<&'a str>,
    /// The date as `YYYY-MM-DD` when it can be read (for `datetime` attributes).
    date_iso: Option<&'a str>,
    /// The original address as an `href` (absolute http(s) only).
    url: Option<String>,
    lang: String,
    /// `rtl` for a language written right to left, else `ltr`.
    dir: &'static str,
    description: Option<String>,
}

fn page_meta<'a>(doc: &'a Document, view: &'a ArticleView, lang: String) -> PageMeta<'a> {
    let m = &doc.meta;
    let description = view.subtitle.clone().or_else(|| {
        doc.blocks.iter().find_map(|b| match b {
            Block::Paragraph { content } => Some(truncate_words(&inline_text(content), 160)),
            _ => None,
        })
    });
    PageMeta {
        title: &view.title,
        subtitle: view.subtitle.as_deref(),
        byline: view.byline.as_deref(),
        source: view.source.as_deref(),
        date: m.date.as_ref().map(crate::model::Date::text),
        date_iso: view.date_iso.as_deref(),
        url: view.url.as_deref().and_then(page_url),
        dir: crate::model::lang::direction(&lang),
        lang,
        description,
    }
}

/// An article's own address for `rel=canonical` and "Original article": an
/// absolute http(s) URL (any case: `HTTPS://` is as good as `https://`),
/// percent-encoded where an `href` needs it.
fn page_url(url: &str) -> Option<String> {
    let u = safe_url(url)?;
    let scheme = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    if scheme.starts_with("http://") || scheme.starts_with("https://") {
        href(u)
    } else {
        None
    }
}

/// `lang` when it is a language tag (BCP 47 shape), else `en`: a
/// `lang` attribute never carries text from the input that is not a tag.
fn page_lang(lang: Option<&str>) -> String {
    lang.and_then(crate::model::language_tag)
        .unwrap_or_else(|| "en".into())
}

pub use super::view::byline;

fn truncate_words(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for w in s.split_whitespace() {
        if out.chars().count() + w.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.push('…');
    out
}

/// schema.org NewsArticle JSON-LD, safe to embed in a `<script>` element.
fn json_ld(doc: &Document, pm: &PageMeta) -> String {
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": pm.title,
        "inLanguage": pm.lang,
    });
    if let Some(s) = pm.subtitle {
        v["description"] = s.into();
    }
    if !doc.meta.authors.is_empty() {
        v["author"] = doc
            .meta
            .authors
            .iter()
            .map(|a| serde_json::json!({"@type": "Person", "name": a}))
            .collect();
    }
    if let Some(s) = pm.source {
        v["publisher"] = serde_json::json!({"@type": "Organization", "name": s});
    }
    if let Some(d) = pm.date_iso.or(pm.date) {
        v["datePublished"] = d.into();
    }
    if let Some(u) = &pm.url {
        v["url"] = u.as_str().into();
    }
    let s = serde_json::to_string(&v).unwrap_or_else(|_| "{}".into());
    // Nothing inside may close the script element or open a comment.
    s.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn render_page(
    env: &Environment,
    article: &Article,
    strings: &mut StringsCache,
    inline_css: Option<&str>,
    css_href: Option<&str>,
    prev: Option<NavLink>,
    next: Option<(NavLink, String)>,
) -> Result<String> {
    let doc = &article.doc;
    let lang = strings.lang_of(article);
    let strings = strings.get(Some(&lang))?;
    let mut view = ArticleView::localized(article, strings);
    view.dir = crate::model::lang::direction(&lang);
    let pm = page_meta(doc, &view, lang);
    let body = body_html(&doc.blocks, false);
    let ld = json_ld(doc, &pm);
    let (next, index_href) = match next {
        Some((n, idx)) => (Some(n), Some(idx)),
        None => (None, None),
    };
    let tmpl = env
        .get_template("html/article.html")
        .map_err(|e| Error::render("html", e.to_string()))?;
    let page = tmpl
        .render(context! {
            meta => minijinja::Value::from(minijinja::value::Serde(&pm)),
            article => minijinja::Value::from(minijinja::value::Serde(&view)),
            strings => minijinja::Value::from(minijinja::value::Serde(strings)),
            body => minijinja::Value::from_safe_string(body),
            json_ld => minijinja::Value::from_safe_string(ld),
            inline_css => inline_css.map(|c| minijinja::Value::from_safe_string(c.to_string())),
            css_href => css_href,
            prev => minijinja::Value::from(minijinja::value::Serde(&prev)),
            next => minijinja::Value::from(minijinja::value::Serde(&next)),
            index_href => index_href,
        })
        .map_err(|e| Error::render("html", format!("template html/article.html: {e}")))?;
    Ok(clean_page(page))
}

/// A rendered page without the code points HTML forbids, wherever they came
/// from (article text, `book.toml`, the theme): one pass over the whole page
/// covers text, attributes and the JSON-LD alike.
fn clean_page(page: String) -> String {
    match html_clean(&page) {
        std::borrow::Cow::Borrowed(_) => page,
        std::borrow::Cow::Owned(p) => p,
    }
}

fn site(
    env: &Environment,
    book: &Book,
    css: String,
    strings: &mut StringsCache,
) -> Result<Vec<OutputFile>> {
    let arts: Vec<_> = book.articles().collect();
    let mut files = vec![OutputFile {
        path: "style.css".into(),
        bytes: css.into_bytes(),
        warnings: Vec::new(),
    }];
    for (i, a) in arts.iter().enumerate() {
        let link = |k: usize| NavLink {
            href: format!("{}.html", arts[k].id),
            title: arts[k].display_title(),
            lang: arts[k]
                .doc
                .meta
                .language
                .as_deref()
                .and_then(crate::model::language_tag),
        };
        let prev = (i > 0).then(|| link(i - 1));
        let next = (i + 1 < arts.len()).then(|| link(i + 1));
        let page = render_page(
            env,
            a,
            strings,
            None,
            Some("style.css"),
            prev,
            Some((
                next.unwrap_or(NavLink {
                    href: String::new(),
                    title: String::new(),
                    lang: None,
                }),
                "index.html".into(),
            )),
        )?;
        files.push(OutputFile {
            path: format!("{}.html", a.id).into(),
            bytes: page.into_bytes(),
            warnings: Vec::new(),
        });
    }
    #[derive(Serialize)]
    struct Entry {
        href: String,
        title: String,
        /// The article's own language (the entry's `lang`).
        lang: Option<String>,
        /// The article's direction (the entry's `dir`).
        dir: &'static str,
        source: Option<String>,
        byline: Option<String>,
        subtitle: Option<String>,
    }
    #[derive(Serialize)]
    struct Sec {
        title: Option<String>,
        entries: Vec<Entry>,
    }
    let mut sections: Vec<Sec> = Vec::with_capacity(book.sections.len());
    for s in &book.sections {
        let mut entries = Vec::with_capacity(s.articles.len());
        for a in &s.articles {
            let lang = strings.lang_of(a);
            let view = ArticleView::localized(a, strings.get(Some(&lang))?);
            entries.push(Entry {
                href: format!("{}.html", a.id),
                title: a.display_title(),
                lang: view.language.clone(),
                dir: crate::model::lang::direction(&lang),
                source: a.doc.meta.source.clone(),
                byline: view.byline,
                subtitle: a.doc.meta.subtitle.clone(),
            });
        }
        sections.push(Sec {
            title: s.title.clone(),
            entries,
        });
    }
    let book_lang = strings.book_lang.clone();
    let strings = strings.get(None)?;
    let tmpl = env
        .get_template("html/index.html")
        .map_err(|e| Error::render("html", e.to_string()))?;
    let meta = crate::model::BookMeta {
        language: page_lang(Some(&book.meta.language)),
        ..book.meta.clone()
    };
    let index = tmpl
        .render(context! {
            book => minijinja::Value::from(minijinja::value::Serde(&meta)),
            book_date => book.meta.date.as_ref().map(|d| super::dates::display(d, strings)),
            book_dir => crate::model::lang::direction(&book_lang),
            sections => minijinja::Value::from(minijinja::value::Serde(&sections)),
            css_href => "style.css",
            strings => minijinja::Value::from(minijinja::value::Serde(strings)),
        })
        .map_err(|e| Error::render("html", format!("template html/index.html: {e}")))?;
    files.push(OutputFile {
        path: "index.html".into(),
        bytes: clean_page(index).into_bytes(),
        warnings: Vec::new(),
    });
    Ok(files)
}

/// Renders body blocks as HTML (or XHTML when `xhtml`), escaping every piece
/// of text and dropping unsafe URLs. Body headings are shifted so the page
/// keeps one `h1` (the title): level n renders as `h{max(n,2)}`.
///
/// Footnotes ([`Block::Note`]) are left out of the flow and written after
/// it, numbered in order, as a `<section role="doc-endnotes">` (HTML) or one
/// `<aside epub:type="footnote">` each (XHTML, for EPUB readers' pop-up
/// notes); references are `<a role="doc-noteref">` (plus
/// `epub:type="noteref"` in XHTML) and each note links back to its first
/// reference.
pub fn body_html(blocks: &[Block], xhtml: bool) -> String {
    let mut w = Writer {
        out: String::with_capacity(blocks.len() * 200),
        xhtml,
        notes: crate::model::note_numbers(blocks)
            .into_iter()
            .map(|(l, n)| (l.to_string(), n, 0))
            .collect(),
    };
    let mut last_level = 1u8;
    for b in blocks {
        w.block(b, &mut last_level);
    }
    super::html_notes::write_notes(&mut w, blocks, &mut last_level);
    w.out
}

pub(super) struct Writer {
    pub(super) out: String,
    pub(super) xhtml: bool,
    /// Note label, number, references written so far.
    pub(super) notes: Vec<(String, usize, usize)>,
}

impl Writer {
    pub(super) fn void(&mut self, tag: &str) {
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push_str(if self.xhtml { "/>" } else { ">" });
    }

    pub(super) fn block(&mut self, b: &Block, last_level: &mut u8) {
        match b {
            Block::Table(t) => self.table(t),
            // Written after the flow (`write_notes`).
            Block::Note { .. } => {}
            Block::Paragraph { content } => {
                self.out.push_str("<p>");
                self.inlines(content);
                self.out.push_str("</p>\n");
            }
            Block::Heading { level, content } => {
                // Keep heading order valid: never skip a level going down.
                let lvl = (*level).clamp(2, 6).min(*last_level + 1);
                *last_level = lvl;
                self.out.push_str(&format!("<h{lvl}>"));
                self.inlines(content);
                self.out.push_str(&format!("</h{lvl}>\n"));
            }
            Block::Quote { blocks } => {
                self.out.push_str("<blockquote>\n");
                for b in blocks {
                    self.block(b, last_level);
                }
                self.out.push_str("</blockquote>\n");
            }
            Block::List { ordered, items } => {
                self.out
                    .push_str(if *ordered { "<ol>\n" } else { "<ul>\n" });
                for it in items {
                    self.out.push_str("<li>");
                    if let [Block::Paragraph { content }] = it.as_slice() {
                        self.inlines(content);
                    } else {
                        for b in it {
                            self.block(b, last_level);
                        }
                    }
                    self.out.push_str("</li>\n");
                }
                self.out
                    .push_str(if *ordered { "</ol>\n" } else { "</ul>\n" });
            }
            Block::Figure { src, alt, caption } => {
                let img = safe_url(src).and_then(href);
                if img.is_none() && alt.trim().is_empty() && caption.is_empty() {
                    // No image, no words: nothing to show.
                    return;
                }
                self.out.push_str("<figure>");
                if let Some(u) = img {
                    self.out.push_str("<img src=\"");
                    escape_html(&u, &mut self.out);
                    self.out.push_str("\" alt=\"");
                    escape_html(alt, &mut self.out);
                    self.out.push('"');
                    self.out.push_str(if self.xhtml { "/>" } else { ">" });
                } else if !alt.trim().is_empty() {
                    // No image to show (missing, or not fetched): its alt text.
                    self.out.push_str("<p class=\"figure-alt\">");
                    escape_html(alt.trim(), &mut self.out);
                    self.out.push_str("</p>");
                }
                if !caption.is_empty() {
                    self.out.push_str("<figcaption>");
                    self.inlines(caption);
                    self.out.push_str("</figcaption>");
                }
                self.out.push_str("</figure>\n");
            }
            Block::Break => {
                self.void("hr");
                self.out.push('\n');
            }
            Block::Code { lang, text } => {
                self.out.push_str("<pre><code");
                if !lang.is_empty() {
                    self.out.push_str(" class=\"language-");
                    escape_html(lang, &mut self.out);
                    self.out.push('"');
                }
                self.out.push('>');
                escape_html(text, &mut self.out);
                self.out.push_str("</code></pre>\n");
            }
        }
    }

    pub(super) fn inlines(&mut self, inlines: &[Inline]) {
        for i in inlines {
            match i {
                Inline::Strike { content } => {
                    self.out.push_str("<del>");
                    self.inlines(content);
                    self.out.push_str("</del>");
                }
                Inline::NoteRef { label } => self.note_ref(label),
                Inline::Task { checked } => {
                    self.out.push_str("<input type=\"checkbox\" disabled");
                    if self.xhtml {
                        self.out.push_str("=\"disabled\"");
                    }
                    if *checked {
                        self.out.push_str(if self.xhtml {
                            " checked=\"checked\""
                        } else {
                            " checked"
                        });
                    }
                    self.out.push_str(if self.xhtml { "/> " } else { "> " });
                }
                Inline::Text { text } => escape_html(text, &mut self.out),
                Inline::Emphasis { content } => {
                    self.out.push_str("<em>");
                    self.inlines(content);
                    self.out.push_str("</em>");
                }
                Inline::Strong { content } => {
                    self.out.push_str("<strong>");
                    self.inlines(content);
                    self.out.push_str("</strong>");
                }
                Inline::Link { url, content } => match safe_url(url).and_then(href) {
                    Some(u) => {
                        self.out.push_str("<a href=\"");
                        escape_html(&u, &mut self.out);
                        self.out.push_str("\">");
                        self.inlines(content);
                        self.out.push_str("</a>");
                    }
                    None => self.inlines(content),
                },
                Inline::Code { text } => {
                    self.out.push_str("<code>");
                    escape_html(text, &mut self.out);
                    self.out.push_str("</code>");
                }
                Inline::LineBreak => self.void("br"),
            }
        }
    }
}
