//! Any bytes through a reader (text, Markdown or HTML, by the first byte),
//! the normalizer and the EPUB backend, as one article and as a two-section
//! book: no panic, and the output is a ZIP whose first entry is the stored
//! `mimetype`, whose entries all read back, with no `javascript:` URL and no
//! character XML 1.0 forbids in any XHTML file.
#![no_main]

use galley::model::{Article, Book, BookMeta, Section};
use galley::normalize::Normalizer;
use galley::read::Format;
use galley::render::{Mode, RenderContext};
use galley::time::BuildTime;
use libfuzzer_sys::fuzz_target;
use std::io::Read;
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
    let Some(backend) = galley::render::backend("epub") else {
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
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&f.bytes)).expect("EPUB is a ZIP");
        {
            let first = z.by_index(0).expect("first entry");
            assert_eq!(first.name(), "mimetype");
            assert_eq!(first.compression(), zip::CompressionMethod::Stored);
        }
        for i in 0..z.len() {
            let mut e = z.by_index(i).expect("entry");
            let name = e.name().to_string();
            let mut body = Vec::new();
            e.read_to_end(&mut body).expect("entry reads back");
            if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") {
                let s = std::str::from_utf8(&body).expect("XHTML is UTF-8");
                assert!(
                    !s.to_ascii_lowercase().contains("javascript:"),
                    "javascript: in {name}"
                );
                assert!(
                    !s.chars()
                        .any(|c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
                            || matches!(c, '\u{FFFE}' | '\u{FFFF}')),
                    "character XML forbids in {name}"
                );
            }
        }
    }
});
