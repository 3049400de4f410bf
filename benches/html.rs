//! HTML reader speed on galley's own fictional fixture pages: decoding,
//! parsing, extraction and metadata (`read::html::read_bytes`), and the full
//! convert (reader + normalizer).

use galley::normalize::Normalizer;
use galley::read::Format;
use std::path::Path;

fn main() {
    divan::main();
}

const FERRY: &str = include_str!("../tests/fixtures/html/harbour-ferry.html");

/// A news-site-sized page: the fixture article padded with the kind of
/// chrome real pages carry (navigation, inline scripts and styles, related
/// links, comments), about 300 KB like the average real page.
fn big_page() -> String {
    let mut chrome = String::new();
    for k in 0..400 {
        chrome.push_str(&format!(
            "<li class=\"menu-item\"><a href=\"/section/{k}\">Section {k}</a></li>\n"
        ));
    }
    let script = format!(
        "<script>var config = {{{}}};</script>\n",
        "\"k\": \"value\", ".repeat(4000)
    );
    let style = format!(
        "<style>{}</style>\n",
        ".c { color: red; margin: 0 auto; } ".repeat(2000)
    );
    let mut comments = String::new();
    for k in 0..150 {
        comments.push_str(&format!(
            "<div class=\"comment\"><p>Comment {k}: I have taken the late bus for years, and a boat would be better, if it runs on time.</p></div>\n"
        ));
    }
    let (head, rest) = FERRY.split_once("</head>").unwrap_or((FERRY, ""));
    let (body_start, body_rest) = rest.split_once("<main>").unwrap_or((rest, ""));
    format!(
        "{head}{script}{style}</head>{body_start}<ul class=\"site-menu\">{chrome}</ul><main>{body_rest}<section class=\"comments\">{comments}</section>{script}"
    )
}

#[divan::bench]
fn read_fixture(b: divan::Bencher) {
    b.bench(|| {
        galley::read::html::read_bytes(divan::black_box(FERRY.as_bytes()), Path::new("f.html"))
    });
}

#[divan::bench]
fn read_big_page(b: divan::Bencher) {
    let page = big_page();
    b.counter(divan::counter::BytesCount::new(page.len()))
        .bench(|| {
            galley::read::html::read_bytes(divan::black_box(page.as_bytes()), Path::new("b.html"))
        });
}

#[divan::bench]
fn convert_big_page(b: divan::Bencher) {
    let page = big_page();
    let n = Normalizer::default_config();
    b.counter(divan::counter::BytesCount::new(page.len()))
        .bench(|| {
            galley::convert_bytes(
                divan::black_box(page.as_bytes()),
                Path::new("b.html"),
                Format::Html,
                &n,
            )
        });
}

/// The real pages of `../shared/corpus` (benchmarked only when present; the
/// data stays there).
fn corpus() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pages");
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    pages.sort();
    pages
        .iter()
        .filter_map(|p| std::fs::read(p.join("source.html")).ok())
        .collect()
}

/// Per iteration: all corpus pages, one thread. Three stages, to show where
/// the time goes: the HTML5 parse alone (after the script/style prescan),
/// the whole reader (parse, extraction, metadata), and reader + normalizer +
/// Markdown.
#[divan::bench(args = ["parse", "read", "convert"])]
fn corpus_pages(b: divan::Bencher, stage: &str) {
    let pages = corpus();
    let texts: Vec<String> = pages
        .iter()
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    let n = Normalizer::default_config();
    let total: usize = pages.iter().map(Vec::len).sum();
    b.counter(divan::counter::BytesCount::new(total))
        .bench(|| match stage {
            "parse" => texts
                .iter()
                .map(|t| {
                    galley::read::html::dom::Dom::parse(&galley::read::html::prescan::elide(t))
                        .nodes
                        .len()
                })
                .sum::<usize>(),
            "read" => pages
                .iter()
                .filter_map(|p| galley::read::html::read_bytes(p, Path::new("p.html")).ok())
                .count(),
            _ => pages
                .iter()
                .filter_map(|p| {
                    let c = galley::convert_bytes(p, Path::new("p.html"), Format::Html, &n).ok()?;
                    galley::render::markdown::document(&c.doc).ok()
                })
                .map(|m| m.len())
                .sum(),
        });
}
