//! Book benchmarks: rendering the EPUB digest, and a whole `build` (read,
//! normalize, render, write) of generated articles.
//!
//! `cargo bench --bench book`

use galley::model::{Article, Block, Book, BookMeta, Document, Inline, Meta, Section};
use galley::render::{Backend, Mode, RenderContext, epub::EpubBackend};
use galley::time::BuildTime;
use std::path::Path;

fn main() {
    divan::main();
}

const WORDS: &[&str] = &[
    "council",
    "harbour",
    "ferry",
    "island",
    "approved",
    "plan",
    "winter",
    "quay",
    "residents",
    "said",
    "the",
    "a",
    "on",
    "tuesday",
    "road",
    "budget",
    "survey",
    "seals",
    "wind",
    "coast",
];

fn para(seed: usize) -> String {
    let mut s = String::new();
    for k in 0..60 {
        if k > 0 {
            s.push(' ');
        }
        s.push_str(WORDS[(seed * 7 + k * 13 + k * k) % WORDS.len()]);
        if k % 15 == 14 {
            s.push('.');
        }
    }
    s.push('.');
    s
}

fn book(n: usize) -> Book {
    let articles: Vec<Article> = (0..n)
        .map(|i| {
            let mut meta = Meta::titled(format!("Story number {i} about the harbour"));
            meta.subtitle = Some(para(i + 1)[..80].to_string());
            meta.authors = vec!["Ana Lima".into()];
            meta.source = Some("Harbour Weekly".into());
            meta.date = Some("2025-03-14".into());
            meta.url = Some(format!("https://news.example/{i}"));
            let blocks = (0..8)
                .map(|k| {
                    if k == 4 {
                        Block::Heading {
                            level: 2,
                            content: vec![Inline::text("What happens next")],
                        }
                    } else {
                        Block::para(para(i * 8 + k))
                    }
                })
                .collect();
            Article::new(
                format!("story-{i}"),
                format!("{i}.md"),
                Document::new(meta, blocks),
            )
        })
        .collect();
    let sections = articles
        .chunks(n.div_ceil(5).max(1))
        .enumerate()
        .map(|(k, c)| Section::new(Some(format!("Section {}", k + 1)), c.to_vec()))
        .collect();
    let mut meta = BookMeta::new("Benchmark Briefing");
    meta.subtitle = Some("Generated".into());
    meta.authors = vec!["Desk".into()];
    meta.date = Some("2025-03-14".into());
    Book::new(meta, sections)
}

#[divan::bench(args = [10, 100, 1000], sample_count = 10)]
fn render_epub(bencher: divan::Bencher, n: usize) {
    let b = book(n);
    let ctx = RenderContext::new(Mode::Collection, BuildTime::fixed(1_741_910_400));
    bencher.bench(|| {
        EpubBackend
            .render(divan::black_box(&b), &ctx)
            .map(|f| f.len())
    });
}

fn write_articles(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    for i in 0..n {
        let mut text = format!(
            "---\ntitle: Story number {i} about the harbour\nauthors: [Ana Lima]\nsource: Harbour Weekly\ndate: 2025-03-14\n---\n\n"
        );
        for k in 0..8 {
            text.push_str(&para(i * 8 + k));
            text.push_str("\n\n");
        }
        std::fs::write(dir.join(format!("articles/{i:04}.md")), text).unwrap();
    }
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Benchmark Briefing\"\ndate = 2025-03-14\nsrc = \"articles\"\n[output.epub]\n",
    )
    .unwrap();
}

#[divan::bench(args = [100, 1000], sample_count = 5)]
fn build_epub(bencher: divan::Bencher, n: usize) {
    let dir = tempfile::tempdir().unwrap();
    write_articles(dir.path(), n);
    let opts = galley::build::BuildOptions::default();
    bencher.bench(|| {
        galley::build::build(dir.path(), &opts, &galley::build::Silent).map(|r| r.articles)
    });
}
