//! Local images of figures: found beside the article, read once per build
//! (before any backend runs), and handed to every backend through
//! [`RenderContext::images`](super::RenderContext).
//!
//! A figure's `src` is a local image when it is a relative path (no scheme,
//! no `//` host); it is resolved against the article file's folder. It is
//! refused, with a warning, when it is absolute or resolves outside the
//! scope (the book folder; for `galley convert`, the article's folder),
//! when it is missing, not a regular file, larger than the input limit, or
//! not a PNG, JPEG, GIF, WebP or SVG file. Remote images (`http:`,
//! `https:`) are never fetched. Each problem is one warning naming the
//! article and the path; the figure then falls back to its alt text and
//! caption in every format.
//!
//! Every image gets one output name, `images/<stem>-<hash>.<ext>`, the same
//! in the HTML folder (copied beside the pages) and in the EPUB (a manifest
//! item); the PDF embeds PNG and JPEG.

use crate::model::{Block, Book};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// The kind of an image file, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// PNG.
    Png,
    /// JPEG (JFIF/Exif).
    Jpeg,
    /// GIF.
    Gif,
    /// WebP.
    Webp,
    /// SVG (XML text).
    Svg,
}

impl ImageKind {
    /// The kind of `bytes`, by signature.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageKind::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageKind::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(ImageKind::Gif)
        } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageKind::Webp)
        } else {
            let head = &bytes[..bytes.len().min(1024)];
            let text = String::from_utf8_lossy(head);
            let t = text.trim_start_matches('\u{FEFF}').trim_start();
            (t.starts_with("<svg") || (t.starts_with("<?xml") && t.contains("<svg")))
                .then_some(ImageKind::Svg)
        }
    }

    /// The media type (EPUB manifest).
    pub fn media_type(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Gif => "image/gif",
            ImageKind::Webp => "image/webp",
            ImageKind::Svg => "image/svg+xml",
        }
    }

    /// The file extension of the output copy.
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpg",
            ImageKind::Gif => "gif",
            ImageKind::Webp => "webp",
            ImageKind::Svg => "svg",
        }
    }
}

/// One local image, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Its path in the outputs (`images/chart-1a2b3c4d.png`), relative to
    /// the HTML pages and the EPUB chapters.
    pub name: String,
    /// The file.
    pub bytes: Arc<Vec<u8>>,
    /// What it is.
    pub kind: ImageKind,
}

/// The local images of a book, by (article id, figure `src`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Images {
    by_src: BTreeMap<(String, String), Arc<Image>>,
    /// Whether the book's images were looked for ([`collect`]): without
    /// that, backends leave every figure's `src` as it is.
    collected: bool,
    /// The caller writes [`output_files`] beside a single HTML page too
    /// (`galley convert -o`), so that page points at the copies.
    pub beside_single: bool,
}

impl Images {
    /// The image of figure `src` in article `article` (its id), when it was
    /// found and read.
    pub fn get(&self, article: &str, src: &str) -> Option<&Image> {
        self.by_src
            .get(&(article.to_string(), src.to_string()))
            .map(|i| &**i)
    }

    /// Every image once, by output name.
    pub fn files(&self) -> Vec<&Image> {
        let mut seen = BTreeMap::new();
        for i in self.by_src.values() {
            seen.entry(i.name.as_str()).or_insert(&**i);
        }
        seen.into_values().collect()
    }

    /// Whether no image was found.
    pub fn is_empty(&self) -> bool {
        self.by_src.is_empty()
    }
}

/// Where images may be read from.
#[derive(Debug, Clone)]
pub struct ImageScope {
    /// Images must resolve inside this folder (the book folder).
    pub root: PathBuf,
    /// `[build] allow-outside`: images may resolve anywhere.
    pub allow_outside: bool,
    /// Largest image read.
    pub max_bytes: u64,
}

/// Whether `src` names a local file (not `http:`, `data:`, `//host`, …).
pub fn is_local(src: &str) -> bool {
    let s = src.trim();
    if s.is_empty() || s.starts_with("//") || s.starts_with('#') {
        return false;
    }
    // A scheme: letters, digits, `+-.` before a colon (not a Windows drive,
    // which the absolute-path check refuses anyway).
    match s.split_once(':') {
        Some((scheme, _)) => {
            !(scheme.len() > 1
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        }
        None => true,
    }
}

/// `%20` and the like decoded; invalid escapes kept as they are.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The local image sources of `blocks` (figures inside quotes and lists too).
fn sources<'a>(blocks: &'a [Block], out: &mut Vec<&'a str>) {
    for b in blocks {
        match b {
            Block::Figure { src, .. } if is_local(src) => out.push(src),
            Block::Quote { blocks } => sources(blocks, out),
            Block::List { items, .. } => items.iter().for_each(|i| sources(i, out)),
            _ => {}
        }
    }
}

/// Reads the local images of every article of `book`; an article's images
/// are relative to `base.join(source_path)`'s folder. `warn` receives one
/// message per figure that cannot be used.
pub fn collect(
    book: &Book,
    base: &Path,
    scope: &ImageScope,
    warn: &mut dyn FnMut(String),
) -> Images {
    let mut images = Images {
        collected: true,
        ..Images::default()
    };
    for art in book.articles() {
        let file = base.join(&art.source_path);
        let dir = file.parent().unwrap_or(base);
        collect_article(
            &mut images,
            &art.id,
            &art.source_path,
            &art.doc.blocks,
            dir,
            scope,
            warn,
        );
    }
    images
}

/// [`collect`] for one article (`id`, named `name` in messages) whose file is
/// in `dir`.
pub fn collect_article(
    images: &mut Images,
    id: &str,
    name: &str,
    blocks: &[Block],
    dir: &Path,
    scope: &ImageScope,
    warn: &mut dyn FnMut(String),
) {
    images.collected = true;
    let mut srcs = Vec::new();
    sources(blocks, &mut srcs);
    // One read and at most one warning per article and path.
    let mut seen = std::collections::HashSet::new();
    srcs.retain(|s| seen.insert(*s));
    for src in srcs {
        match read_image(src, dir, scope) {
            Ok(img) => {
                images
                    .by_src
                    .insert((id.to_string(), src.to_string()), Arc::new(img));
            }
            Err(why) => warn(format!(
                "{name}: image {src}: {why}; the alt text and caption are shown instead"
            )),
        }
    }
}

/// Reads one image, or says why it cannot be used.
fn read_image(src: &str, dir: &Path, scope: &ImageScope) -> Result<Image, String> {
    let rel = percent_decode(src.trim());
    let rel = rel.split(['?', '#']).next().unwrap_or("").to_string();
    let p = Path::new(&rel);
    if p.is_absolute()
        || p.components()
            .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
    {
        return Err("an absolute path is refused (write it relative to the article)".into());
    }
    let joined = dir.join(p);
    let real = std::fs::canonicalize(&joined)
        .map_err(|e| format!("cannot read {} ({})", joined.display(), io_reason(&e)))?;
    if !scope.allow_outside {
        let root = std::fs::canonicalize(&scope.root).unwrap_or_else(|_| scope.root.clone());
        if !real.starts_with(&root) {
            return Err(format!(
                "resolves outside the book folder {} and is refused (set [build] allow-outside = true to allow it)",
                root.display()
            ));
        }
    }
    let meta =
        std::fs::metadata(&real).map_err(|e| format!("cannot read it ({})", io_reason(&e)))?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > scope.max_bytes {
        return Err(format!(
            "larger than the {} input limit",
            crate::text::size::format_size(scope.max_bytes)
        ));
    }
    let bytes = std::fs::read(&real).map_err(|e| format!("cannot read it ({})", io_reason(&e)))?;
    let kind = ImageKind::sniff(&bytes).ok_or("not a PNG, JPEG, GIF, WebP or SVG image")?;
    let stem = real
        .file_stem()
        .map(|s| super::slugify(&s.to_string_lossy()))
        .unwrap_or_else(|| "image".into());
    let name = format!(
        "images/{stem}-{:08x}.{}",
        fnv(&bytes) as u32,
        kind.extension()
    );
    Ok(Image {
        name,
        bytes: Arc::new(bytes),
        kind,
    })
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// FNV-1a, 64 bit: the content part of an image's output name.
fn fnv(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests;

/// Every image as a file of a folder output (`images/…`), beside the pages
/// that [`localize`] pointed at it.
pub fn output_files(images: &Images) -> Vec<super::OutputFile> {
    images
        .files()
        .into_iter()
        .map(|img| super::OutputFile {
            path: img.name.clone().into(),
            bytes: img.bytes.to_vec(),
            warnings: Vec::new(),
        })
        .collect()
}

/// `book` with its local figures pointing at their output copies (when
/// `rename`; else at the source path, for a single HTML page written beside
/// its article), and the figures whose image could not be read emptied of
/// their `src` (alt text and caption remain). Remote figures are unchanged.
/// `None` when the book has no local figure, or its images were not
/// collected (nothing to change).
pub fn localize(book: &Book, images: &Images, rename: bool) -> Option<Book> {
    fn any_local(blocks: &[Block]) -> bool {
        let mut v = Vec::new();
        sources(blocks, &mut v);
        !v.is_empty()
    }
    fn fix(blocks: &mut [Block], id: &str, images: &Images, rename: bool) {
        for b in blocks {
            match b {
                Block::Figure { src, .. } if is_local(src) => {
                    *src = match images.get(id, src) {
                        Some(img) if rename => img.name.clone(),
                        Some(_) => src.clone(),
                        None => String::new(),
                    };
                }
                Block::Quote { blocks } => fix(blocks, id, images, rename),
                Block::List { items, .. } => {
                    items.iter_mut().for_each(|i| fix(i, id, images, rename))
                }
                _ => {}
            }
        }
    }
    if !images.collected || !book.articles().any(|a| any_local(&a.doc.blocks)) {
        return None;
    }
    let mut out = book.clone();
    for s in &mut out.sections {
        for a in &mut s.articles {
            fix(&mut a.doc.blocks, &a.id, images, rename);
        }
    }
    Some(out)
}
