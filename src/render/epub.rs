//! EPUB backend: an EPUB 3 digest (with EPUB 3 nav and NCX) built with
//! `epub-builder` over a ZIP writer with fixed timestamps, so the same book
//! always gives byte-identical files.
//!
//! Layout inside `OEBPS/`: `cover.xhtml` + `images/cover.*` (the image named by
//! `[output.epub] cover`, or a generated SVG), `title.xhtml` (title page with
//! the list of articles and their sources), `section-N.xhtml` (one per
//! `[[section]]`, a level in the contents), `a-ID.xhtml` (one chapter per
//! article), `stylesheet.css` (the theme's `epub/style.css`), `nav.xhtml`, `toc.ncx`.

use super::html::{body_html, byline};
use super::shared::escape_html;
use super::view::ArticleView;
use super::{Backend, Mode, OutputFile, RenderContext};
use crate::error::{Error, Result};
use crate::model::{Article, Block, Book, Date, Inline, safe_url};
use crate::theme::Strings;
use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, ZipLibrary,
};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io::{Cursor, Read, Write};
use std::path::Path;

/// The EPUB backend (`--to epub`).
pub struct EpubBackend;

/// `[output.epub]` options.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct EpubOptions {
    /// A cover image (JPEG, PNG, GIF, SVG or WebP), relative to the book
    /// folder; without it galley draws a cover from the title, subtitle and date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cover: Option<String>,
    /// `default`, or a theme folder relative to the book folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// The cover image read by [`FormatOptions::prepare`]: bytes, media
    /// type, extension ([`load_cover`]).
    #[serde(skip)]
    pub cover_image: Option<(Vec<u8>, &'static str, &'static str)>,
}

impl super::formats::FormatOptions for EpubOptions {
    fn theme(&self) -> Option<&str> {
        self.theme.as_deref()
    }
    /// Reads and checks the cover: a regular file inside the book folder
    /// (unless allowed outside), within the input limit, of a supported type.
    fn prepare(&mut self, assets: &super::formats::Assets<'_>) -> Result<()> {
        let Some(cover) = &self.cover else {
            return Ok(());
        };
        let p = assets.root.join(cover);
        (assets.check)("[output.epub] cover", &p)?;
        // Only a regular file, within the input limit: a FIFO or
        // /dev/zero as the cover must not hang or fill memory.
        match std::fs::metadata(&p) {
            Ok(m) if !m.is_file() => {
                return Err(assets.error(format!(
                    "[output.epub] cover: {} is not a regular file",
                    p.display()
                )));
            }
            Ok(m) if m.len() > assets.max_bytes => {
                return Err(assets.error(format!(
                    "[output.epub] cover: {} is larger than the {} input limit",
                    p.display(),
                    crate::text::size::format_size(assets.max_bytes)
                )));
            }
            _ => {}
        }
        let image =
            load_cover(&p).map_err(|e| assets.error(format!("[output.epub] cover: {e}")))?;
        self.cover_image = Some(image);
        Ok(())
    }
}

impl Backend for EpubBackend {
    fn name(&self) -> &'static str {
        "epub"
    }
    fn extension(&self) -> &'static str {
        "epub"
    }
    fn render(&self, book: &Book, ctx: &RenderContext) -> Result<Vec<OutputFile>> {
        let opts: EpubOptions = ctx.options_for("epub")?;
        let bytes = render_epub(book, ctx, &opts)?;
        let name = match ctx.mode {
            Mode::Single => "article.epub".to_string(),
            Mode::Collection => format!("{}.epub", super::slugify(&book.meta.title)),
        };
        Ok(vec![OutputFile {
            path: name.into(),
            bytes,
            warnings: Vec::new(),
        }])
    }
}

fn err(message: impl std::fmt::Display) -> Error {
    Error::render("epub", message.to_string())
}

/// Removes characters XML 1.0 does not allow (C0 controls but tab, LF, CR;
/// U+FFFE, U+FFFF).
pub fn xml_clean(s: &str) -> Cow<'_, str> {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if s.chars().any(bad) {
        Cow::Owned(s.chars().filter(|c| !bad(*c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_html(&xml_clean(s), &mut out);
    out
}

/// An absolute link target an e-reader can follow (http, https, mailto, no
/// whitespace): anything else is unwrapped, because an EPUB may not point at
/// files it does not contain.
fn external_url(url: &str) -> Option<&str> {
    let u = safe_url(url)?;
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let absolute = lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:");
    let clean = !u
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c));
    (absolute && clean && u.len() > 8).then_some(u)
}

/// Blocks as the EPUB shows them: images it cannot embed become their
/// caption (or alt text); links to anything but http(s)/mailto are unwrapped.
fn epub_blocks(blocks: &[Block]) -> Vec<Block> {
    blocks.iter().map(epub_block).collect()
}

fn epub_block(b: &Block) -> Block {
    match b {
        Block::Paragraph { content } => Block::Paragraph {
            content: epub_inlines(content),
        },
        Block::Heading { level, content } => Block::Heading {
            level: *level,
            content: epub_inlines(content),
        },
        Block::Quote { blocks } => Block::Quote {
            blocks: epub_blocks(blocks),
        },
        Block::List { ordered, items } => Block::List {
            ordered: *ordered,
            items: items.iter().map(|i| epub_blocks(i)).collect(),
        },
        Block::Figure { alt, caption, .. } => {
            let caption = if caption.is_empty() && !alt.trim().is_empty() {
                vec![Inline::text(alt.clone())]
            } else {
                epub_inlines(caption)
            };
            Block::Figure {
                src: String::new(),
                alt: alt.clone(),
                caption,
            }
        }
        other => other.clone(),
    }
}

fn epub_inlines(inlines: &[Inline]) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for i in inlines {
        match i {
            Inline::Emphasis { content } => out.push(Inline::Emphasis {
                content: epub_inlines(content),
            }),
            Inline::Strong { content } => out.push(Inline::Strong {
                content: epub_inlines(content),
            }),
            Inline::Link { url, content } => match external_url(url) {
                Some(u) => out.push(Inline::Link {
                    url: u.to_string(),
                    content: epub_inlines(content),
                }),
                None => out.extend(epub_inlines(content)),
            },
            other => out.push(other.clone()),
        }
    }
    out
}

/// `<time datetime="…">2 April 2024</time>` for ISO dates, else escaped text.
fn date_html(d: &Date) -> String {
    match d.iso() {
        Some(iso) => format!("<time datetime=\"{iso}\">{}</time>", esc(&d.human())),
        None => esc(d.text()),
    }
}

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

fn page(lang: &str, title: &str, body_type: &str, body: &str) -> String {
    let lang = esc(lang);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n\
<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n\
<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n\
<body epub:type=\"{body_type}\">\n{body}</body>\n</html>\n",
        esc(title)
    )
}

fn article_title(a: &Article) -> String {
    a.display_title()
}

fn chapter_file(a: &Article) -> String {
    format!("a-{}.xhtml", a.id)
}

/// The chapter template's environment: the theme's `epub/chapter.xhtml`,
/// every value escaped for XHTML (and cleaned of what XML forbids) unless
/// it is marked safe.
/// minijinja drops a template's final newline: the flag says to put it back.
fn chapter_env(ctx: &RenderContext) -> Result<(minijinja::Environment<'static>, bool)> {
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.set_formatter(|out, state, value| {
        match value.as_str() {
            Some(s) if !value.is_safe() => out.write_str(&esc(s))?,
            _ => minijinja::escape_formatter(out, state, value)?,
        }
        Ok(())
    });
    let src = ctx.theme.text(CHAPTER_TEMPLATE)?;
    let newline = src.ends_with('\n');
    env.add_template_owned(CHAPTER_TEMPLATE, src)
        .map_err(|e| err(format!("theme template {CHAPTER_TEMPLATE}: {e}")))?;
    Ok((env, newline))
}

const CHAPTER_TEMPLATE: &str = "epub/chapter.xhtml";

/// One article chapter, from the theme's chapter template.
fn chapter(
    (env, newline): &(minijinja::Environment, bool),
    a: &Article,
    book_lang: &str,
    strings: &Strings,
) -> Result<String> {
    let view = ArticleView::of(a);
    let lang = view
        .language
        .clone()
        .unwrap_or_else(|| book_lang.to_string());
    let body = body_html(&epub_blocks(&a.doc.blocks), true);
    let mut page = env
        .get_template(CHAPTER_TEMPLATE)
        .and_then(|t| {
            t.render(minijinja::context! {
                article => minijinja::Value::from(minijinja::value::Serde(&view)),
                lang => lang,
                url => view.url.as_deref().and_then(external_url),
                body => minijinja::Value::from_safe_string(body),
                strings => minijinja::Value::from(minijinja::value::Serde(strings)),
            })
        })
        .map_err(|e| err(format!("template {CHAPTER_TEMPLATE}: {e}")))?;
    if *newline {
        page.push('\n');
    }
    Ok(xml_clean(&page).into_owned())
}

/// The source shown for an article in lists: its publication, else the host
/// of its URL.
fn source_label(a: &Article) -> Option<String> {
    let m = &a.doc.meta;
    m.source
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| m.url.as_deref().and_then(host_of).map(str::to_string))
}

fn article_list(articles: &[Article]) -> String {
    let mut h = String::from("<ol class=\"toc\">\n");
    for a in articles {
        h.push_str(&format!(
            "<li><a href=\"{}\">{}</a>",
            chapter_file(a),
            esc(&article_title(a))
        ));
        let by = byline(&a.doc.meta.authors);
        let src = source_label(a);
        if by.is_some() || src.is_some() {
            let parts: Vec<String> = by.into_iter().chain(src).map(|s| esc(&s)).collect();
            h.push_str(&format!(
                " <span class=\"toc-source\">{}</span>",
                parts.join(", ")
            ));
        }
        h.push_str("</li>\n");
    }
    h.push_str("</ol>\n");
    h
}

fn title_page(book: &Book, time: &crate::time::BuildTime, strings: &Strings) -> String {
    let m = &book.meta;
    let mut h = String::from("<section epub:type=\"titlepage\" class=\"titlepage\">\n");
    h.push_str(&format!(
        "<h1 class=\"book-title\">{}</h1>\n",
        esc(&m.title)
    ));
    if let Some(s) = &m.subtitle {
        h.push_str(&format!("<p class=\"book-subtitle\">{}</p>\n", esc(s)));
    }
    if !m.authors.is_empty() {
        h.push_str(&format!(
            "<p class=\"book-authors\">{}</p>\n",
            esc(&byline(&m.authors).unwrap_or_default())
        ));
    }
    // An undated build shows no date: the fallback time is not a date.
    if let Some(date) = m
        .date
        .clone()
        .or_else(|| time.is_stated().then(|| Date::parse(time.date())))
    {
        h.push_str(&format!(
            "<p class=\"book-date\">{}</p>\n",
            date_html(&date)
        ));
    }
    if let Some(d) = &m.description {
        h.push_str(&format!("<p class=\"book-description\">{}</p>\n", esc(d)));
    }
    h.push_str(&format!(
        "</section>\n<section class=\"contents\" aria-labelledby=\"in-this-issue\">\n<h2 id=\"in-this-issue\">{}</h2>\n",
        esc(strings.get("in_this_issue"))
    ));
    for s in &book.sections {
        if let Some(t) = &s.title {
            h.push_str(&format!("<h3>{}</h3>\n", esc(t)));
        }
        h.push_str(&article_list(&s.articles));
    }
    h.push_str("</section>\n");
    let lang = crate::model::language_tag(&m.language).unwrap_or_else(|| "en".into());
    xml_clean(&page(&lang, &m.title, "frontmatter", &h)).into_owned()
}

fn section_page(title: &str, articles: &[Article], lang: &str) -> String {
    let mut h = String::from(
        "<section epub:type=\"part\" role=\"doc-part\" class=\"part\" aria-labelledby=\"part-title\">\n",
    );
    h.push_str(&format!("<h1 id=\"part-title\">{}</h1>\n", esc(title)));
    h.push_str(&article_list(articles));
    h.push_str("</section>\n");
    xml_clean(&page(lang, title, "bodymatter", &h)).into_owned()
}

/// Word-wraps `s` into lines of at most `width` characters (long words alone).
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for w in s.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + w.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

fn limit_lines(mut lines: Vec<String>, max: usize) -> Vec<String> {
    if lines.len() > max {
        lines.truncate(max);
        if let Some(l) = lines.last_mut() {
            l.push('…');
        }
    }
    lines
}

/// A generated SVG cover: title, subtitle and date on the theme's colours.
pub fn cover_svg(title: &str, subtitle: Option<&str>, date: Option<&Date>) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"1200\" height=\"1800\" viewBox=\"0 0 1200 1800\">\n",
    );
    s.push_str(&format!("<title>{}</title>\n", esc(title)));
    s.push_str(
        "<rect width=\"1200\" height=\"1800\" fill=\"#1d2b3a\"/>\n\
<rect x=\"60\" y=\"60\" width=\"1080\" height=\"1680\" fill=\"none\" stroke=\"#d9b44a\" stroke-width=\"6\"/>\n\
<rect x=\"60\" y=\"1380\" width=\"1080\" height=\"8\" fill=\"#d9b44a\"/>\n",
    );
    let title_lines = limit_lines(wrap(title, 18), 6);
    let mut y = 360;
    for l in &title_lines {
        s.push_str(&format!(
            "<text x=\"600\" y=\"{y}\" font-family=\"Georgia, 'DejaVu Serif', serif\" font-size=\"104\" font-weight=\"bold\" fill=\"#ffffff\" text-anchor=\"middle\">{}</text>\n",
            esc(l)
        ));
        y += 128;
    }
    if let Some(sub) = subtitle.filter(|s| !s.trim().is_empty()) {
        y += 40;
        for l in limit_lines(wrap(sub, 32), 4) {
            s.push_str(&format!(
                "<text x=\"600\" y=\"{y}\" font-family=\"Georgia, 'DejaVu Serif', serif\" font-size=\"60\" font-style=\"italic\" fill=\"#e8dcc0\" text-anchor=\"middle\">{}</text>\n",
                esc(&l)
            ));
            y += 78;
        }
    }
    if let Some(date) = date.filter(|d| !d.is_blank()) {
        s.push_str(&format!(
            "<text x=\"600\" y=\"1520\" font-family=\"Helvetica, Arial, 'DejaVu Sans', sans-serif\" font-size=\"54\" letter-spacing=\"4\" fill=\"#ffffff\" text-anchor=\"middle\">{}</text>\n",
            esc(&date.human())
        ));
    }
    s.push_str("</svg>\n");
    s
}

/// Media type of a cover image by its extension.
fn image_type(path: &Path) -> Option<(&'static str, &'static str)> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "jpg" | "jpeg" => ("image/jpeg", "jpg"),
        "png" => ("image/png", "png"),
        "gif" => ("image/gif", "gif"),
        "svg" => ("image/svg+xml", "svg"),
        "webp" => ("image/webp", "webp"),
        _ => return None,
    })
}

/// Checks a cover image file: it exists, is a supported type, and its bytes
/// look like that type. Returns the bytes and (media type, extension).
pub fn load_cover(path: &Path) -> Result<(Vec<u8>, &'static str, &'static str)> {
    let (mime, ext) = image_type(path).ok_or_else(|| {
        Error::input(
            path,
            "cover must be a .jpg, .png, .gif, .svg or .webp image",
        )
    })?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let ok = match ext {
        "jpg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "gif" => bytes.starts_with(b"GIF8"),
        "webp" => bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        _ => std::str::from_utf8(&bytes).is_ok_and(|t| t.contains("<svg")),
    };
    if !ok {
        return Err(Error::input(path, format!("is not a valid {mime} image")));
    }
    if ext == "svg"
        && let Some(what) = std::str::from_utf8(&bytes)
            .ok()
            .and_then(svg_active_content)
    {
        return Err(Error::input(
            path,
            format!(
                "the SVG cover contains {what}; galley refuses SVG covers with scripts, \
                 event handlers (on...=), javascript: URLs, entity declarations or embedded \
                 documents (foreignObject, iframe, embed, object) instead of sanitising \
                 them: remove it, or use a JPEG or PNG cover"
            ),
        ));
    }
    Ok((bytes, mime, ext))
}

/// The first active (scriptable) thing in an SVG document, named for the
/// user, or `None` when it is plain drawing. Elements and attributes are
/// matched in any case and with any namespace prefix; character references
/// are decoded before URLs are looked at, so `&#106;avascript:` is caught.
fn svg_active_content(svg: &str) -> Option<String> {
    const ELEMENTS: [&str; 7] = [
        "script",
        "foreignobject",
        "iframe",
        "embed",
        "object",
        "handler",
        "listener",
    ];
    // `data:` images stay allowed (drawing programs embed PNGs so), but not
    // documents or SVG, which could carry scripts of their own.
    const SCHEMES: [&str; 5] = [
        "javascript:",
        "vbscript:",
        "data:text/",
        "data:application/",
        "data:image/svg",
    ];
    let lower = svg.to_lowercase();
    if lower.contains("<!entity") || lower.contains("<?xml-stylesheet") {
        return Some("an entity declaration or a style sheet instruction".into());
    }
    // Every tag: `<name attr=...>`, comments skipped.
    let mut rest = lower.as_str();
    while let Some(k) = rest.find('<') {
        rest = &rest[k + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .collect();
        let local = name.rsplit(':').next().unwrap_or("");
        if ELEMENTS.contains(&local) {
            return Some(format!("a <{name}> element"));
        }
        // Event handler attributes: `onload=`, `onclick =`, ...
        let bytes = tag.as_bytes();
        for (i, _) in tag.match_indices("on") {
            let starts_attr = i > 0
                && matches!(
                    bytes[i - 1],
                    b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'"' | b'\'' | b':'
                );
            let tail = &tag[i + 2..];
            let letters = tail.bytes().take_while(u8::is_ascii_alphabetic).count();
            if starts_attr && letters > 0 && tail[letters..].trim_start().starts_with('=') {
                return Some(format!(
                    "an event handler attribute (on{}=)",
                    &tail[..letters]
                ));
            }
        }
    }
    let decoded: String = decode_char_refs(&lower)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_lowercase();
    SCHEMES
        .iter()
        .find(|s| decoded.contains(*s))
        .map(|s| format!("a {s} URL"))
}

/// `&#106;` and `&#x6A;` decoded (other text unchanged).
fn decode_char_refs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find("&#") {
        out.push_str(&rest[..k]);
        let after = &rest[k + 2..];
        let (hex, digits) = match after.strip_prefix(['x', 'X']) {
            Some(h) => (true, h),
            None => (false, after),
        };
        let n = digits
            .bytes()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        let code = u32::from_str_radix(&digits[..n], if hex { 16 } else { 10 })
            .ok()
            .and_then(char::from_u32);
        match code {
            Some(c) if n > 0 => {
                out.push(c);
                let used = &digits[n..];
                rest = used.strip_prefix(';').unwrap_or(used);
            }
            _ => {
                out.push_str("&#");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Rewrites the ZIP that epub-builder made so it is byte-for-byte
/// reproducible: every entry gets the build time as its modification time and
/// mode 0644 (epub-builder stamps the current time), `mimetype` stays first
/// and stored, entries are copied without recompression. The NCX head also
/// gets the book identifier (`dtb:uid`) and the real depth, which
/// epub-builder leaves out.
fn reproducible_zip(
    bytes: &[u8],
    time: &crate::time::BuildTime,
    uid: &str,
    bodies: &[(String, &[u8])],
) -> Result<Vec<u8>> {
    use rayon::prelude::*;
    let (y, mo, d, h, mi, s) = time.zip_civil();
    let when = zip::DateTime::from_date_and_time(y, mo, d, h, mi, s).unwrap_or_default();
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(when)
        .unix_permissions(0o644);
    // Chapter bodies are compressed here, in parallel chunks (epub-builder
    // only saw empty placeholders), then copied raw into place.
    let chunk = bodies
        .len()
        .div_ceil(rayon::current_num_threads().max(1) * 4)
        .max(1);
    let parts: Vec<Vec<u8>> = bodies
        .par_chunks(chunk)
        .map(|c| -> Result<Vec<u8>> {
            let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
            for (name, body) in c {
                w.start_file(name.as_str(), opts).map_err(err)?;
                w.write_all(body).map_err(err)?;
            }
            Ok(w.finish().map_err(err)?.into_inner())
        })
        .collect::<Result<_>>()?;
    let mut parts: Vec<zip::ZipArchive<Cursor<&[u8]>>> = parts
        .iter()
        .map(|p| zip::ZipArchive::new(Cursor::new(p.as_slice())).map_err(err))
        .collect::<Result<_>>()?;
    let index: std::collections::HashMap<&str, (usize, usize)> = bodies
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.as_str(), (i / chunk, i % chunk)))
        .collect();
    let mut src = zip::ZipArchive::new(Cursor::new(bytes)).map_err(err)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + 1024)));
    for i in 0..src.len() {
        let file = src.by_index_raw(i).map_err(err)?;
        let name = file.name().to_string();
        if name == "OEBPS/toc.ncx" || name == "OEBPS/content.opf" {
            drop(file);
            let mut text = String::new();
            src.by_index(i)
                .map_err(err)?
                .read_to_string(&mut text)
                .map_err(err)?;
            let text = if name == "OEBPS/toc.ncx" {
                text.replacen(
                    "<meta name=\"dtb:depth\" content=\"1\" />",
                    &format!(
                        "<meta name=\"dtb:uid\" content=\"{uid}\" />\n    <meta name=\"dtb:depth\" content=\"2\" />"
                    ),
                    1,
                )
            } else {
                // epub-builder numbers languages with the creators' ids.
                text.replace(
                    "<dc:language id=\"epub-creator-",
                    "<dc:language id=\"epub-language-",
                )
            };
            out.start_file(name, opts).map_err(err)?;
            out.write_all(text.as_bytes()).map_err(err)?;
        } else if let Some(&(p, k)) = index.get(name.as_str()) {
            drop(file);
            let body = parts[p].by_index_raw(k).map_err(err)?;
            out.raw_copy_file_touch(body, when, Some(0o644))
                .map_err(err)?;
        } else {
            out.raw_copy_file_touch(file, when, Some(0o644))
                .map_err(err)?;
        }
    }
    Ok(out.finish().map_err(err)?.into_inner())
}

fn meta3(property: &str, content: &str) -> Box<MetadataOpfV3> {
    Box::new(MetadataOpfV3::new(property.to_string(), esc(content)))
}

/// Renders `book` to EPUB bytes.
pub fn render_epub(book: &Book, ctx: &RenderContext, opts: &EpubOptions) -> Result<Vec<u8>> {
    let articles: Vec<&Article> = book.articles().collect();
    if articles.is_empty() {
        return Err(err("the book has no articles"));
    }
    let single = ctx.mode == Mode::Single;
    let meta = &book.meta;
    let lang = crate::model::language_tag(&meta.language).unwrap_or_else(|| "en".into());
    let lang = lang.as_str();
    let title = if meta.title.trim().is_empty() {
        article_title(articles[0])
    } else {
        meta.title.clone()
    };
    let css = ctx.theme.text("epub/style.css")?;

    // Everything that goes into the book, rendered first: the identifier is a
    // hash of it.
    let strings = ctx.theme.strings(lang)?;
    let env = chapter_env(ctx)?;
    let chapters: Vec<String> = {
        use rayon::prelude::*;
        articles
            .par_iter()
            .map(|a| chapter(&env, a, lang, &strings))
            .collect::<Result<_>>()?
    };
    let title_xhtml = (!single).then(|| title_page(book, &ctx.time, &strings));
    let section_pages: Vec<Option<String>> = book
        .sections
        .iter()
        .map(|s| {
            s.title
                .as_ref()
                .filter(|_| !single)
                .map(|t| section_page(t, &s.articles, lang))
        })
        .collect();
    // The date readers see (cover, title page, `dc:date`): the book's, or a
    // stated build time; an undated build shows none.
    let date: Option<Date> = meta
        .date
        .clone()
        .or_else(|| ctx.time.is_stated().then(|| Date::parse(ctx.time.date())));
    let (cover_bytes, cover_mime, cover_ext) = match &opts.cover_image {
        Some(c) => c.clone(),
        None => (
            cover_svg(&title, meta.subtitle.as_deref(), date.as_ref()).into_bytes(),
            "image/svg+xml",
            "svg",
        ),
    };
    let cover_alt = match &meta.subtitle {
        Some(s) => strings.fill("cover_alt_subtitle", &[("title", &title), ("subtitle", s)]),
        None => strings.fill("cover_alt", &[("title", &title)]),
    };
    let cover_xhtml = xml_clean(&page(
        lang,
        &title,
        "cover",
        &format!(
            "<section epub:type=\"cover\" class=\"cover\">\n<img src=\"images/cover.{cover_ext}\" alt=\"{}\"/>\n</section>\n",
            esc(&cover_alt)
        ),
    ))
    .into_owned();

    // A content-derived identifier: a name-based UUID over the metadata and
    // the digests of every file's content (hashed in parallel).
    let uuid = {
        use rayon::prelude::*;
        let digest = |b: &[u8]| *uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b).as_bytes();
        let mut h = Vec::with_capacity(64 * 1024);
        for part in [
            title.as_str(),
            meta.subtitle.as_deref().unwrap_or(""),
            lang,
            date.as_ref().map_or("", Date::text),
        ] {
            h.extend_from_slice(part.as_bytes());
            h.push(0);
        }
        for a in &meta.authors {
            h.extend_from_slice(a.as_bytes());
            h.push(0);
        }
        let docs: Vec<&[u8]> = title_xhtml
            .iter()
            .chain(section_pages.iter().flatten())
            .chain(&chapters)
            .map(|c| c.as_bytes())
            .chain([cover_bytes.as_slice(), css.as_bytes()])
            .collect();
        let digests: Vec<[u8; 16]> = docs.par_iter().map(|d| digest(d)).collect();
        for d in digests {
            h.extend_from_slice(&d);
        }
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, &h)
    };
    let urn = uuid::fmt::Urn::from_uuid(uuid).to_string();

    let mut b = EpubBuilder::new(ZipLibrary::new().map_err(err)?).map_err(err)?;
    b.epub_version(EpubVersion::V30);
    b.set_title(xml_clean(&title).into_owned());
    let creators: Vec<String> = if meta.authors.is_empty() && single {
        articles[0].doc.meta.authors.clone()
    } else {
        meta.authors.clone()
    };
    for a in &creators {
        b.add_author(xml_clean(a).into_owned());
    }
    b.add_language(lang);
    b.set_generator("galley");
    b.set_toc_name(strings.get("contents"));
    if let Some(d) = meta.description.as_deref().or(meta.subtitle.as_deref()) {
        b.add_description(xml_clean(d).into_owned());
    }
    if let Some(pubdate) = date
        .as_ref()
        .and_then(Date::iso_day)
        .map(crate::time::BuildTime::from_day)
        .and_then(|t| chrono::DateTime::from_timestamp(t.epoch, 0))
    {
        b.set_publication_date(pubdate);
    }
    let modified = chrono::DateTime::from_timestamp(ctx.time.epoch, 0)
        .ok_or_else(|| err("build time out of range"))?;
    b.set_modified_date(modified);
    b.set_uuid(uuid);
    let mut sources: Vec<String> = articles
        .iter()
        .filter_map(|a| a.doc.meta.source.clone())
        .collect();
    sources.sort();
    sources.dedup();
    for s in sources.iter().take(50) {
        b.add_metadata_opf(meta3("dcterms:source", s));
    }
    for (p, v) in [
        ("schema:accessMode", "textual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "alternativeText"),
        ("schema:accessibilityHazard", "none"),
        (
            "schema:accessibilitySummary",
            strings.get("accessibility_summary"),
        ),
    ] {
        b.add_metadata_opf(meta3(p, v));
    }
    b.stylesheet(css.as_bytes()).map_err(err)?;
    b.add_cover_image(
        format!("images/cover.{cover_ext}"),
        cover_bytes.as_slice(),
        cover_mime,
    )
    .map_err(err)?;
    b.add_content(
        EpubContent::new("cover.xhtml", cover_xhtml.as_bytes()).reftype(ReferenceType::Cover),
    )
    .map_err(err)?;
    if let Some(t) = &title_xhtml {
        b.add_content(
            EpubContent::new("title.xhtml", t.as_bytes())
                .title(xml_clean(&title).into_owned())
                .reftype(ReferenceType::TitlePage),
        )
        .map_err(err)?;
    }
    let mut first = true;
    for (si, s) in book.sections.iter().enumerate() {
        let level = match (&section_pages[si], &s.title) {
            (Some(p), Some(t)) => {
                b.add_content(
                    EpubContent::new(format!("section-{}.xhtml", si + 1), p.as_bytes())
                        .title(xml_clean(t).into_owned())
                        .level(1),
                )
                .map_err(err)?;
                2
            }
            _ => 1,
        };
        for a in &s.articles {
            let mut c = EpubContent::new(chapter_file(a), &b""[..])
                .title(xml_clean(&article_title(a)).into_owned())
                .level(level);
            if first {
                c = c.reftype(ReferenceType::Text);
                first = false;
            }
            b.add_content(c).map_err(err)?;
        }
    }
    let mut out = Vec::new();
    b.generate(&mut out).map_err(err)?;
    let bodies: Vec<(String, &[u8])> = articles
        .iter()
        .zip(&chapters)
        .map(|(a, c)| (format!("OEBPS/{}", chapter_file(a)), c.as_bytes()))
        .collect();
    reproducible_zip(&out, &ctx.time, &urn, &bodies)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Meta, Section};
    use crate::time::BuildTime;

    fn art(id: &str, title: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            source_path: format!("{id}.txt"),
            doc: Document {
                meta: Meta {
                    title: Some(title.into()),
                    authors: vec!["Ana Lima".into()],
                    source: Some("Harbour Post".into()),
                    date: Some("2024-04-01".into()),
                    url: Some("https://harbour.example/x?a=1&b=2".into()),
                    ..Meta::default()
                },
                blocks: vec![
                    Block::para(text),
                    Block::Figure {
                        src: "https://img.example/a.jpg".into(),
                        alt: "A ferry".into(),
                        caption: vec![],
                    },
                    Block::Paragraph {
                        content: vec![Inline::Link {
                            url: "local.html".into(),
                            content: vec![Inline::text("a local link")],
                        }],
                    },
                ],
            },
        }
    }

    fn book() -> Book {
        Book {
            meta: crate::model::BookMeta {
                title: "Coast <Briefing> & more".into(),
                subtitle: Some("Week 14".into()),
                authors: vec!["Desk".into()],
                language: "en".into(),
                date: Some("2024-04-02".into()),
                description: None,
            },
            sections: vec![
                Section {
                    title: None,
                    articles: vec![art("lead", "The lead", "Lead text.\u{1}")],
                },
                Section {
                    title: Some("Port".into()),
                    articles: vec![art("ferry", "Ferry & fares", "Fares rise.")],
                },
            ],
        }
    }

    fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = std::collections::BTreeMap::new();
        for i in 0..z.len() {
            let mut f = z.by_index(i).unwrap();
            let mut s = Vec::new();
            f.read_to_end(&mut s).unwrap();
            out.insert(
                f.name().to_string(),
                String::from_utf8_lossy(&s).into_owned(),
            );
        }
        out
    }

    #[test]
    fn epub_structure_and_metadata() {
        let ctx = RenderContext::new(Mode::Collection, BuildTime::fixed(1_712_016_000));
        let files = EpubBackend.render(&book(), &ctx).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path.to_str(), Some("coast-briefing-more.epub"));
        let bytes = &files[0].bytes;
        assert_eq!(&bytes[30..38], b"mimetype");
        let f = unzip(bytes);
        let opf = &f["OEBPS/content.opf"];
        assert!(
            opf.contains("<dc:title>Coast &lt;Briefing&gt; &amp; more</dc:title>"),
            "{opf}"
        );
        assert!(opf.contains("urn:uuid:"));
        assert!(opf.contains("dcterms:modified\">2024-04-02T00:00:00Z"));
        assert!(opf.contains("schema:accessibilitySummary"));
        assert!(opf.contains("properties=\"cover-image\""));
        assert!(f["OEBPS/toc.ncx"].contains("dtb:uid"));
        let nav = &f["OEBPS/nav.xhtml"];
        assert!(nav.contains("Port") && nav.contains("Ferry &amp; fares"));
        let ch = &f["OEBPS/a-lead.xhtml"];
        assert!(
            ch.contains("Lead text.</p>") && !ch.contains('\u{1}'),
            "{ch}"
        );
        assert!(!ch.contains("img.example") && ch.contains("<figcaption>A ferry</figcaption>"));
        assert!(!ch.contains("local.html") && ch.contains("a local link"));
        assert!(ch.contains("href=\"https://harbour.example/x?a=1&amp;b=2\""));
        assert!(f["OEBPS/title.xhtml"].contains("Harbour Post"));
        assert!(f["OEBPS/images/cover.svg"].contains("Week 14"));
        // Same input, same bytes.
        let again = EpubBackend.render(&book(), &ctx).unwrap();
        assert_eq!(&again[0].bytes, bytes);
    }

    #[test]
    fn single_mode_is_one_chapter() {
        let mut b = book();
        b.sections.truncate(1);
        let ctx = RenderContext::new(Mode::Single, BuildTime::fixed(0));
        let files = EpubBackend.render(&b, &ctx).unwrap();
        let f = unzip(&files[0].bytes);
        assert!(!f.contains_key("OEBPS/title.xhtml"));
        assert!(f.contains_key("OEBPS/a-lead.xhtml"));
    }

    #[test]
    fn wraps_and_dates() {
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(Date::parse("2024-04-02").human(), "2 April 2024");
        assert_eq!(Date::parse("Tuesday").human(), "Tuesday");
        assert_eq!(host_of("https://www.example.org/a"), Some("example.org"));
        assert_eq!(external_url("javascript:x"), None);
        assert_eq!(external_url("https://a b"), None);
    }
}
