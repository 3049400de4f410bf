//! EPUB backend: an EPUB 3 digest (with EPUB 3 nav and NCX) built with
//! `epub-builder` over a ZIP writer with fixed timestamps, so the same book
//! always gives byte-identical files.
//!
//! Layout inside `OEBPS/`: `cover.xhtml` + `images/cover.*` (the image named by
//! `[output.epub] cover`, or a generated SVG), `title.xhtml` (title page with
//! the list of articles and their sources), `section-N.xhtml` (one per
//! `[[section]]`, a level in the contents), `a-ID.xhtml` (one chapter per
//! article), `stylesheet.css` (the theme's `epub/style.css`), `nav.xhtml`, `toc.ncx`.
//!
//! - [`package`]: the package (`render_epub`: metadata, manifest, the
//!   content-derived identifier, the reproducible ZIP).
//! - [`chapters`]: the article chapters (the theme's `epub/chapter.xhtml`
//!   over the [`ArticleView`](super::view::ArticleView)), the title page and
//!   section pages.
//! - [`cover`]: the generated SVG cover and the checks on a cover image.

mod chapters;
mod cover;
mod package;

pub use cover::{cover_svg, load_cover};
pub use package::render_epub;

use super::shared::escape_html;
use super::{Backend, Mode, OutputFile, RenderContext};
use crate::error::{Error, Result};
use crate::model::Book;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

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

pub(super) fn err(message: impl std::fmt::Display) -> Error {
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

pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_html(&xml_clean(s), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::chapters::{external_url, host_of};
    use super::cover::wrap;
    use super::*;
    use crate::model::{Article, Block, Book, Date, Inline};
    use crate::model::{Document, Meta, Section};
    use crate::time::BuildTime;
    use std::io::{Cursor, Read};

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
