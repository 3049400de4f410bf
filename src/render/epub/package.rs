//! The EPUB package: metadata, manifest and spine through `epub-builder`,
//! a content-derived identifier, and the ZIP rewritten to be reproducible.

use super::chapters::{
    article_title, chapter, chapter_env, chapter_file, section_page, title_page,
};
use super::cover::{cover_page, cover_svg};
use super::{EpubOptions, err, esc, xml_clean};
use crate::error::Result;
use crate::model::{Article, Book, Date};
use crate::render::{Mode, RenderContext};
use crate::theme::Strings;
use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, ZipLibrary,
};
use std::io::{Cursor, Read, Write};

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
    nav: &NavLanguage,
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
        if name == "OEBPS/toc.ncx" || name == "OEBPS/content.opf" || name == "OEBPS/nav.xhtml" {
            drop(file);
            let mut text = String::new();
            src.by_index(i)
                .map_err(err)?
                .read_to_string(&mut text)
                .map_err(err)?;
            let text = if name == "OEBPS/nav.xhtml" {
                nav.apply(&text)
            } else if name == "OEBPS/toc.ncx" {
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

/// The navigation document's language and direction (epub-builder writes
/// neither): the book's on `<html>`, and each article entry's own where
/// it differs from the book's.
struct NavLanguage {
    lang: String,
    /// (chapter file, language, direction) of articles whose direction is
    /// not the book's.
    entries: Vec<(String, String, &'static str)>,
}

impl NavLanguage {
    fn apply(&self, text: &str) -> String {
        let dir = crate::model::lang::direction(&self.lang);
        let lang = esc(&self.lang);
        let mut t = text.replacen(
            "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">",
            &format!(
                "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{dir}\">"
            ),
            1,
        );
        for (file, lang, dir) in &self.entries {
            let lang = esc(lang);
            t = t.replace(
                &format!("<a href=\"{file}\">"),
                &format!("<a href=\"{file}\" lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{dir}\">"),
            );
        }
        t
    }
}

fn meta3(property: &str, content: &str) -> Box<MetadataOpfV3> {
    Box::new(MetadataOpfV3::new(property.to_string(), esc(content)))
}

/// Renders `book` to EPUB bytes.
pub fn render_epub(book: &Book, ctx: &RenderContext, opts: &EpubOptions) -> Result<Vec<u8>> {
    // Local figures point at their manifest items (`images/…`); figures
    // whose image is missing keep their alt text and caption.
    let localized = crate::render::images::localize(book, &ctx.images, true);
    let book = localized.as_ref().unwrap_or(book);
    let images = ctx.images.files();
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
    // Each chapter's words in its own language (the book's when unknown).
    let article_lang = |a: &Article| {
        a.doc
            .meta
            .language
            .as_deref()
            .and_then(crate::model::language_tag)
            .unwrap_or_else(|| lang.to_string())
    };
    let mut strings_of: std::collections::HashMap<String, Strings> =
        std::collections::HashMap::new();
    for a in &articles {
        if let std::collections::hash_map::Entry::Vacant(e) = strings_of.entry(article_lang(a)) {
            let s = ctx.theme.strings(e.key())?;
            e.insert(s);
        }
    }
    let env = chapter_env(ctx)?;
    let chapters: Vec<String> = {
        use rayon::prelude::*;
        articles
            .par_iter()
            .map(|a| {
                let s = strings_of.get(&article_lang(a)).unwrap_or(&strings);
                chapter(&env, a, lang, s)
            })
            .collect::<Result<_>>()?
    };
    let book_dir = crate::model::lang::direction(lang);
    let nav = NavLanguage {
        lang: lang.to_string(),
        entries: articles
            .iter()
            .filter_map(|a| {
                let l = article_lang(a);
                let d = crate::model::lang::direction(&l);
                (d != book_dir).then(|| (chapter_file(a), l, d))
            })
            .collect(),
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
            cover_svg(&title, meta.subtitle.as_deref(), date.as_ref(), &strings).into_bytes(),
            "image/svg+xml",
            "svg",
        ),
    };
    let cover_xhtml = cover_page(lang, &title, meta.subtitle.as_deref(), cover_ext, &strings);

    let docs: Vec<&[u8]> = title_xhtml
        .iter()
        .chain(section_pages.iter().flatten())
        .chain(&chapters)
        .map(|c| c.as_bytes())
        .chain([cover_bytes.as_slice(), css.as_bytes()])
        .chain(images.iter().map(|i| i.bytes.as_slice()))
        .collect();
    let uuid = content_id(
        &[
            title.as_str(),
            meta.subtitle.as_deref().unwrap_or(""),
            lang,
            date.as_ref().map_or("", Date::text),
        ],
        &meta.authors,
        &docs,
    );
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
    // The reading order of the whole book: right to left for a book in an
    // RTL language (`[book] language`). (epub-builder 0.8's
    // `epub_direction` sets a field its OPF template does not read; the
    // `direction` metadata sets the one it does.)
    b.metadata("direction", book_dir).map_err(err)?;
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
    add_sources_and_accessibility(&mut b, &articles, &strings);
    b.stylesheet(css.as_bytes()).map_err(err)?;
    for img in &images {
        b.add_resource(&img.name, img.bytes.as_slice(), img.kind.media_type())
            .map_err(err)?;
    }
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
    add_sections_and_chapters(&mut b, book, &section_pages)?;
    let mut out = Vec::new();
    b.generate(&mut out).map_err(err)?;
    let bodies: Vec<(String, &[u8])> = articles
        .iter()
        .zip(&chapters)
        .map(|(a, c)| (format!("OEBPS/{}", chapter_file(a)), c.as_bytes()))
        .collect();
    reproducible_zip(&out, &ctx.time, &urn, &bodies, &nav)
}

/// A content-derived identifier: a name-based UUID over the metadata
/// `parts`, the `authors` and the digests of every file's content (hashed
/// in parallel).
fn content_id(parts: &[&str], authors: &[String], docs: &[&[u8]]) -> uuid::Uuid {
    use rayon::prelude::*;
    let digest = |b: &[u8]| *uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b).as_bytes();
    let mut h = Vec::with_capacity(64 * 1024);
    for part in parts
        .iter()
        .copied()
        .chain(authors.iter().map(String::as_str))
    {
        h.extend_from_slice(part.as_bytes());
        h.push(0);
    }
    let digests: Vec<[u8; 16]> = docs.par_iter().map(|d| digest(d)).collect();
    for d in digests {
        h.extend_from_slice(&d);
    }
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, &h)
}

/// `dcterms:source` for each publication (at most 50) and the schema.org
/// accessibility metadata.
fn add_sources_and_accessibility(
    b: &mut EpubBuilder<ZipLibrary>,
    articles: &[&Article],
    strings: &Strings,
) {
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
}

/// The spine after the title page: each titled section's page (a level in
/// the contents) and each article's chapter (its body is put in place by
/// [`reproducible_zip`]); the first chapter is where the text starts.
fn add_sections_and_chapters(
    b: &mut EpubBuilder<ZipLibrary>,
    book: &Book,
    section_pages: &[Option<String>],
) -> Result<()> {
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
    Ok(())
}
