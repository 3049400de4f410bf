//! Any bytes through a reader (text, Markdown or HTML, by the first byte),
//! the normalizer and the plain-text backend, as one article and as a book:
//! no panic; the output is UTF-8 without control characters (but newlines)
//! and ends with a newline; a line wider than 72 columns is one unbroken
//! word (after its indentation and list marker) or a code line.
#![no_main]

use galley::model::{Block, Book};
use galley::normalize::Normalizer;
use galley::read::Format;
use galley::render::txt::{WIDTH, width};
use galley::render::{Mode, RenderContext};
use galley::time::BuildTime;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fn has_code(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Code { .. } => true,
        Block::Quote { blocks } => has_code(blocks),
        Block::List { items, .. } => items.iter().any(|i| has_code(i)),
        _ => false,
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let format = [Format::Text, Format::Markdown, Format::Html][sel as usize % 3];
    let normalizer = Normalizer::default_config();
    let Ok(c) = galley::convert_bytes(rest, Path::new("fuzz"), format, &normalizer) else {
        return;
    };
    let Some(backend) = galley::render::backend("txt") else {
        return;
    };
    let code = has_code(&c.doc.blocks);
    let book = Book::single("fuzz", c.doc);
    for mode in [Mode::Single, Mode::Collection] {
        let ctx = RenderContext::new(mode, BuildTime::fixed(0));
        let files = backend.render(&book, &ctx).expect("txt renders any document");
        for f in files {
            let s = String::from_utf8(f.bytes).expect("UTF-8");
            assert!(s.is_empty() || s.ends_with('\n'), "no final newline");
            assert!(
                !s.chars().any(|c| c.is_control() && c != '\n'),
                "control character in {s:?}"
            );
            for l in s.lines().filter(|l| width(l) > WIDTH) {
                let body = l.trim_start();
                let body = body
                    .strip_prefix("- ")
                    .or_else(|| {
                        let digits = body.find(|c: char| !c.is_ascii_digit())?;
                        body[digits..].strip_prefix(". ").filter(|_| digits > 0)
                    })
                    .unwrap_or(body);
                assert!(
                    code || body == "* * *" || !body.contains(' '),
                    "{l:?}: a wide line that could have been broken"
                );
            }
        }
    }
});
