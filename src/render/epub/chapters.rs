//! The EPUB's XHTML pages: one chapter per article (the theme's
//! `epub/chapter.xhtml` template over the article's
//! [`ArticleView`](crate::render::view::ArticleView)), the title page with
//! the contents, and one page per titled section.

use super::{err, esc, xml_clean};
use crate::error::Result;
use crate::model::{Article, Block, Book, Date, Inline, safe_url};
use crate::render::RenderContext;
use crate::render::html::{body_html, byline};
use crate::render::view::ArticleView;
use crate::theme::Strings;

/// An absolute link target an e-reader can follow (http, https, mailto, no
/// whitespace): anything else is unwrapped, because an EPUB may not point at
/// files it does not contain.
pub(super) fn external_url(url: &str) -> Option<&str> {
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
pub(super) fn epub_blocks(blocks: &[Block]) -> Vec<Block> {
    blocks.iter().map(epub_block).collect()
}

pub(super) fn epub_block(b: &Block) -> Block {
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
        // A local image read for the book (its `src` set to the manifest
        // item by `images::localize`) is shown; a remote one is not fetched.
        Block::Figure { src, alt, caption } if crate::render::images::is_local(src) => {
            Block::Figure {
                src: src.clone(),
                alt: alt.clone(),
                caption: epub_inlines(caption),
            }
        }
        Block::Figure { alt, caption, .. } => {
            // The alt text as the caption when there is none (not twice).
            let (alt, caption) = if caption.is_empty() && !alt.trim().is_empty() {
                (String::new(), vec![Inline::text(alt.clone())])
            } else {
                (alt.clone(), epub_inlines(caption))
            };
            Block::Figure {
                src: String::new(),
                alt,
                caption,
            }
        }
        Block::Table(t) => {
            let mut t = t.clone();
            t.caption = epub_inlines(&t.caption);
            t.cells_mut().for_each(|c| *c = epub_inlines(c));
            Block::Table(t)
        }
        Block::Note { label, blocks } => Block::Note {
            label: label.clone(),
            blocks: epub_blocks(blocks),
        },
        other => other.clone(),
    }
}

pub(super) fn epub_inlines(inlines: &[Inline]) -> Vec<Inline> {
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
            Inline::Strike { content } => out.push(Inline::Strike {
                content: epub_inlines(content),
            }),
            other => out.push(other.clone()),
        }
    }
    out
}

/// `<time datetime="…">2 April 2024</time>` for ISO dates (in the language
/// of `strings`), else escaped text.
pub(super) fn date_html(d: &Date, strings: &Strings) -> String {
    match d.iso() {
        Some(iso) => format!(
            "<time datetime=\"{iso}\">{}</time>",
            esc(&crate::render::dates::display(d, strings))
        ),
        None => esc(d.text()),
    }
}

pub(super) fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

pub(super) fn page(lang: &str, title: &str, body_type: &str, body: &str) -> String {
    let dir = crate::model::lang::direction(lang);
    let lang = esc(lang);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{dir}\">\n\
<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n\
<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n\
<body epub:type=\"{body_type}\">\n{body}</body>\n</html>\n",
        esc(title)
    )
}

pub(super) fn article_title(a: &Article) -> String {
    a.display_title()
}

pub(super) fn chapter_file(a: &Article) -> String {
    format!("a-{}.xhtml", a.id)
}

/// The chapter template's environment: the theme's `epub/chapter.xhtml`,
/// every value escaped for XHTML (and cleaned of what XML forbids) unless
/// it is marked safe.
/// minijinja drops a template's final newline: the flag says to put it back.
pub(super) fn chapter_env(ctx: &RenderContext) -> Result<(minijinja::Environment<'static>, bool)> {
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

pub(super) const CHAPTER_TEMPLATE: &str = "epub/chapter.xhtml";

/// One article chapter, from the theme's chapter template.
pub(super) fn chapter(
    (env, newline): &(minijinja::Environment, bool),
    a: &Article,
    book_lang: &str,
    strings: &Strings,
) -> Result<String> {
    let mut view = ArticleView::localized(a, strings);
    let lang = view
        .language
        .clone()
        .unwrap_or_else(|| book_lang.to_string());
    view.dir = crate::model::lang::direction(&lang);
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
pub(super) fn source_label(a: &Article) -> Option<String> {
    let m = &a.doc.meta;
    m.source
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| m.url.as_deref().and_then(host_of).map(str::to_string))
}

/// The list of `articles` on a contents page: each entry carries its
/// article's language and direction (an Arabic title in an English list
/// reads right to left), names and sources isolated in `<bdi>`.
pub(super) fn article_list(articles: &[Article], book_lang: &str) -> String {
    let mut h = String::from("<ol class=\"toc\">\n");
    for a in articles {
        let lang = a
            .doc
            .meta
            .language
            .as_deref()
            .and_then(crate::model::language_tag);
        let attrs = match &lang {
            Some(l) => format!(
                " lang=\"{0}\" xml:lang=\"{0}\" dir=\"{1}\"",
                esc(l),
                crate::model::lang::direction(l)
            ),
            None => format!(" dir=\"{}\"", crate::model::lang::direction(book_lang)),
        };
        h.push_str(&format!(
            "<li><a href=\"{}\"{attrs}>{}</a>",
            chapter_file(a),
            esc(&article_title(a))
        ));
        let by = byline(&a.doc.meta.authors);
        let src = source_label(a);
        if by.is_some() || src.is_some() {
            let parts: Vec<String> = by
                .into_iter()
                .chain(src)
                .map(|s| format!("<bdi>{}</bdi>", esc(&s)))
                .collect();
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

pub(super) fn title_page(book: &Book, time: &crate::time::BuildTime, strings: &Strings) -> String {
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
            date_html(&date, strings)
        ));
    }
    if let Some(d) = &m.description {
        h.push_str(&format!("<p class=\"book-description\">{}</p>\n", esc(d)));
    }
    h.push_str(&format!(
        "</section>\n<section class=\"contents\" aria-labelledby=\"in-this-issue\">\n<h2 id=\"in-this-issue\">{}</h2>\n",
        esc(strings.get("in_this_issue"))
    ));
    let lang = crate::model::language_tag(&m.language).unwrap_or_else(|| "en".into());
    for s in &book.sections {
        if let Some(t) = &s.title {
            h.push_str(&format!("<h3>{}</h3>\n", esc(t)));
        }
        h.push_str(&article_list(&s.articles, &lang));
    }
    h.push_str("</section>\n");
    xml_clean(&page(&lang, &m.title, "frontmatter", &h)).into_owned()
}

pub(super) fn section_page(title: &str, articles: &[Article], lang: &str) -> String {
    let mut h = String::from(
        "<section epub:type=\"part\" role=\"doc-part\" class=\"part\" aria-labelledby=\"part-title\">\n",
    );
    h.push_str(&format!("<h1 id=\"part-title\">{}</h1>\n", esc(title)));
    h.push_str(&article_list(articles, lang));
    h.push_str("</section>\n");
    xml_clean(&page(lang, title, "bodymatter", &h)).into_owned()
}
