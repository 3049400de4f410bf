//! Any bytes through every reader (text, Markdown, HTML), the normalizer and the text backends:
//! no panic, and no `javascript:` URL or raw `<script` in any output.
#![no_main]

use galley::model::Book;
use galley::normalize::Normalizer;
use galley::read::Format;
use galley::render::{Mode, RenderContext};
use galley::time::BuildTime;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let normalizer = Normalizer::default_config();
    let ctx = RenderContext::new(Mode::Single, BuildTime::fixed(0));
    for format in [Format::Text, Format::Markdown, Format::Html] {
        let Ok(c) = galley::convert_bytes(data, Path::new("fuzz"), format, &normalizer) else {
            continue;
        };
        let book = Book::single("fuzz", c.doc);
        for name in ["markdown", "html"] {
            let Some(backend) = galley::render::backend(name) else {
                continue;
            };
            let Ok(files) = backend.render(&book, &ctx) else {
                continue;
            };
            for f in files {
                let s = String::from_utf8_lossy(&f.bytes).to_lowercase();
                if name == "html" {
                    assert!(
                        !s.contains("href=\"javascript:"),
                        "javascript: URL in HTML output"
                    );
                    assert!(
                        !s.contains("src=\"javascript:"),
                        "javascript: URL in HTML output"
                    );
                    // The only script element is the JSON-LD one.
                    assert_eq!(s.matches("<script").count(), 1, "raw script in HTML output");
                }
            }
        }
    }
});
