//! HTML reader fixtures: each `tests/fixtures/html/NAME.html` is a small
//! page written for one or more extraction signals (article/main, JSON-LD,
//! Open Graph, page chrome, comments, link-dense sidebars, two candidate
//! bodies, figures and credits, lazy images, tables, a round-up of linked
//! headlines, a `<title>` unlike the h1, a non-UTF-8 charset, hidden
//! elements). Converted as `galley convert`
//! does (reader, then the default normalizer), its Markdown and its Report
//! (reader and normalizer findings, and the reader's warnings) are insta
//! snapshots beside it: `NAME.md.snap` and `NAME.report.snap`, reviewed by
//! eye once and then pinned. A change leaves `.snap.new` files to review
//! (`cargo insta review`, or read the diff and rename it).

mod common;

use galley::normalize::Normalizer;
use galley::read::Format;
use std::fs;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html")
}

fn pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = fs::read_dir(fixtures())
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "html"))
                .collect()
        })
        .unwrap_or_default();
    pages.sort();
    pages
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn html_fixture_snapshots() {
    let pages = pages();
    assert!(pages.len() >= 11, "only {} HTML fixtures", pages.len());
    let normalizer = Normalizer::default_config();
    let mut checks: Vec<(String, Box<dyn FnOnce()>)> = Vec::new();
    for page in pages {
        let name = stem(&page);
        let bytes = fs::read(&page).unwrap_or_default();
        // Named by file name alone: warnings carry no machine's path.
        let file_name = PathBuf::from(format!("{name}.html"));
        let (md, report) =
            match galley::convert_bytes(&bytes, &file_name, Format::Html, &normalizer) {
                Ok(c) => {
                    let md = galley::render::markdown::document(&c.doc)
                        .unwrap_or_else(|e| format!("render failed: {e}"));
                    let mut report = common::report_text(&c.report);
                    for w in &c.warnings {
                        report.push_str(&format!("warning: {w}\n"));
                    }
                    (md, report)
                }
                Err(e) => (String::new(), format!("error: {e}\n")),
            };
        let settings = common::settings(&fixtures(), &page);
        checks.push((
            name.clone(),
            Box::new(move || {
                settings.bind(|| {
                    insta::assert_snapshot!(format!("{name}.md"), md);
                    insta::assert_snapshot!(format!("{name}.report"), report);
                })
            }),
        ));
    }
    common::run_all(checks);
}

/// Every snapshot belongs to a page: a renamed or deleted page leaves none
/// behind.
#[test]
fn no_stray_snapshots() {
    let names: Vec<String> = pages().iter().map(|p| stem(p)).collect();
    let mut stray = Vec::new();
    for f in fs::read_dir(fixtures()).into_iter().flatten().flatten() {
        let file = f.file_name().to_string_lossy().into_owned();
        let Some(snap) = file.strip_suffix(".snap") else {
            continue;
        };
        let owner = snap
            .strip_suffix(".md")
            .or_else(|| snap.strip_suffix(".report"));
        if !owner.is_some_and(|o| names.iter().any(|n| n == o)) {
            stray.push(file);
        }
    }
    assert!(stray.is_empty(), "stray snapshots: {stray:?}");
}
