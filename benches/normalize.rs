//! Throughput of read + normalize + Markdown (+ HTML) on one core:
//! an article-sized input, a 10 MB input, and the seed article
//! (`../shared/seed/article.txt`, benchmarked only when it is there).
//!
//! `cargo bench --bench normalize`

use divan::counter::BytesCount;
use galley::model::Book;
use galley::normalize::Normalizer;
use galley::read::{Format, read_str};
use galley::render::{Backend, Mode, RenderContext, html::HtmlBackend, markdown};
use galley::time::BuildTime;

fn main() {
    divan::main();
}

const SENTENCES: &[&str] = &[
    "The harbour council met on Tuesday to discuss the new ferry timetable, which adds two evening crossings.",
    "Residents had asked for later boats for years, according to a statement from the council’s transport office.",
    "“We listened, and we acted,” said the council’s chair, who added that fares would not change this year.",
    "Opposition members said the plan came too late and would cost more than the budget allowed.",
    "The operator expects the first evening crossing to run in May, weather permitting.",
    "A consultation on winter services will open next month and run for six weeks.",
];

const ARTIFACTS: &[&str] = &[
    "Read\u{a0} Storm closes coastal road for a second day",
    "Advertisement",
    "Share this article",
    "Sign up for our morning newsletter",
    "- - - - - - - -",
    "Facebook",
    "Credit: Lena Ortiz/Harbour Post",
];

/// A scraped article of about `target` bytes.
fn article(target: usize, seed: usize) -> String {
    let mut s = String::from(
        "Harbour council approves new ferry timetable\n\nThe change adds two evening crossings from May.\n\nBy Ana Lima, Harbour Post\n\n",
    );
    let mut k = seed;
    while s.len() < target {
        for j in 0..3 {
            s.push_str(SENTENCES[(k + j) % SENTENCES.len()]);
            s.push(' ');
        }
        s.push_str(&format!("(Paragraph {k}.)\n\n"));
        if k.is_multiple_of(4) {
            s.push_str(ARTIFACTS[k / 4 % ARTIFACTS.len()]);
            s.push_str("\n\n");
        }
        k += 1;
    }
    s
}

fn run(text: &str, n: &Normalizer, with_html: bool) -> usize {
    let (doc, _) = n.run(read_str(text, Format::Text));
    let md = markdown::document(&doc).unwrap_or_default();
    let mut len = md.len();
    if with_html {
        let ctx = RenderContext::new(Mode::Single, BuildTime::fixed(0));
        let book = Book::single("a", doc);
        len += HtmlBackend
            .render(&book, &ctx)
            .map(|f| f[0].bytes.len())
            .unwrap_or(0);
    }
    len
}

#[divan::bench(args = [6_000, 10_000_000])]
fn normalize_markdown(bencher: divan::Bencher, size: usize) {
    let text = article(size, 0);
    let n = Normalizer::default_config();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| run(divan::black_box(&text), &n, false));
}

#[divan::bench(args = [6_000, 10_000_000])]
fn normalize_markdown_html(bencher: divan::Bencher, size: usize) {
    let text = article(size, 0);
    let n = Normalizer::default_config();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| run(divan::black_box(&text), &n, true));
}

/// The real seed article beside the repository, if present.
fn seed() -> Option<String> {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seed/article.txt"
    ))
    .ok()
}

#[divan::bench(args = [false, true])]
fn seed_article(bencher: divan::Bencher, with_html: bool) {
    let text = seed().unwrap_or_else(|| article(6_000, 0));
    let n = Normalizer::default_config();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| run(divan::black_box(&text), &n, with_html));
}
