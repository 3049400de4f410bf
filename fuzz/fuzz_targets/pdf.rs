//! Any bytes through a reader (text, Markdown or HTML, by the first byte),
//! the normalizer and the PDF backend (single article or collection): no
//! panic, and the output is a PDF that lopdf loads back with at least one page.
#![no_main]

use galley::model::{Article, Book, BookMeta, Section};
use galley::normalize::Normalizer;
use galley::read::Format;
use galley::render::{Mode, RenderContext};
use galley::time::BuildTime;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let format = [Format::Text, Format::Markdown, Format::Html][sel as usize % 3];
    let normalizer = Normalizer::default_config();
    let Ok(c) = galley::convert_bytes(rest, Path::new("fuzz"), format, &normalizer) else {
        return;
    };
    let Some(backend) = galley::render::backend("pdf") else {
        return;
    };
    let (book, mode) = if sel & 0x80 == 0 {
        (Book::single("fuzz", c.doc), Mode::Single)
    } else {
        let title = c.doc.meta.title.clone().unwrap_or_default();
        let art = |id: &str| Article::new(id, id, c.doc.clone());
        let mut meta = BookMeta::new(format!("{title} digest"));
        meta.subtitle = c.doc.meta.subtitle.clone();
        meta.authors = c.doc.meta.authors.clone();
        meta.language = c.doc.meta.language.clone().unwrap_or_else(|| "en".into());
        meta.date = c.doc.meta.date.clone();
        let book = Book::new(
            meta,
            vec![
                Section::new(None, vec![art("one")]),
                Section::new(Some(title), vec![art("two")]),
            ],
        );
        (book, Mode::Collection)
    };
    let ctx = RenderContext::new(mode, BuildTime::fixed(1_700_000_000));
    let Ok(files) = backend.render(&book, &ctx) else {
        return;
    };
    for f in files {
        assert!(f.bytes.starts_with(b"%PDF-"), "not a PDF header");
        let doc = lopdf::Document::load_mem(&f.bytes).expect("PDF loads back");
        assert!(!doc.get_pages().is_empty(), "PDF without pages");
    }
});
