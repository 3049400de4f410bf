//! Normalizer precision and recall on fixture lines, and whole-article
//! fixture cases.
//!
//! * `keep.txt`: real content lines that only look like artifacts. Each is
//!   put inside a small fictional article (in the middle, and at the end) and
//!   must survive, with the rest of the article.
//! * `remove.txt`: artifact lines in several languages. Each is put in the
//!   middle of the same article and must be gone from the body, with the rest
//!   of the article intact.
//! * `<case>/input.txt` (or `input.md`, Markdown with front matter) -> `<case>/markdown.snap` and `<case>/report.snap`:
//!   galley's Markdown output and the normalizer's Report (every finding:
//!   line, action, pass/rule, text, reason), insta snapshots reviewed by eye
//!   once and then pinned. A change leaves `<case>/*.snap.new` to review
//!   (`cargo insta review`, or read the diff and rename it).

mod common;

use galley::model::{Document, block_text};
use galley::normalize::normalize_str;
use galley::read::Format;
use std::fs;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/normalize")
}

/// Fixture lines: one per line, `#` comments and blank lines skipped.
fn lines(name: &str) -> Vec<String> {
    let text = fs::read_to_string(fixtures().join(name)).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

const TITLE: &str = "Harbour council approves new ferry timetable";
const STANDFIRST: &str =
    "The changes take effect in June after months of consultation with island residents.";
const BYLINE: &str = "By Ana Lima, Coast Gazette";
const BODY: [&str; 4] = [
    "The harbour council voted on Tuesday to approve a new ferry timetable, ending a dispute that had divided the island for most of the year.",
    "Councillors said the new schedule would add two early crossings on weekdays and keep the late boat on Fridays, which commuters had fought hard to save.",
    "The operator, Blue Strait Lines, said it would hire four more deckhands before the summer season and publish the full timetable online next week.",
    "Residents who spoke at the meeting welcomed the decision but asked for more seats on the morning boats, which are often full by the second stop.",
];

#[derive(Clone, Copy, Debug)]
enum At {
    Middle,
    End,
}

/// The fictional article with `line` inserted.
fn article(line: &str, at: At) -> String {
    let mut blocks = vec![TITLE, STANDFIRST, BYLINE];
    match at {
        At::Middle => {
            blocks.extend_from_slice(&BODY[..2]);
            blocks.push(line);
            blocks.extend_from_slice(&BODY[2..]);
        }
        At::End => {
            blocks.extend_from_slice(&BODY);
            blocks.push(line);
        }
    }
    blocks.join("\n\n") + "\n"
}

/// Letters and digits only, lowercased: comparison that ignores spacing,
/// NBSP and punctuation changes made by text repair.
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn body_keys(doc: &Document) -> Vec<String> {
    doc.blocks.iter().map(|b| key(&block_text(b))).collect()
}

/// Problems with the article around the line: its own text must all be there.
fn article_intact(doc: &Document) -> Result<(), String> {
    let keys = body_keys(doc);
    for p in BODY {
        if !keys.contains(&key(p)) {
            return Err(format!("lost article paragraph {p:?}"));
        }
    }
    if doc.meta.title.as_deref() != Some(TITLE) {
        return Err(format!("title is {:?}", doc.meta.title));
    }
    if doc.meta.subtitle.as_deref() != Some(STANDFIRST) {
        return Err(format!("subtitle is {:?}", doc.meta.subtitle));
    }
    if doc.meta.authors != ["Ana Lima"] || doc.meta.source.as_deref() != Some("Coast Gazette") {
        return Err(format!(
            "byline is {:?} / {:?}",
            doc.meta.authors, doc.meta.source
        ));
    }
    Ok(())
}

#[test]
fn keep_lines_survive() {
    let keep = lines("keep.txt");
    assert!(keep.len() >= 40, "keep.txt has only {} lines", keep.len());
    let mut failures = Vec::new();
    let mut survived = 0;
    for line in &keep {
        let mut ok = true;
        for at in [At::Middle, At::End] {
            let (doc, report) = normalize_str(&article(line, at), Format::Text);
            let present = body_keys(&doc).contains(&key(line));
            let intact = article_intact(&doc);
            if !present || intact.is_err() {
                ok = false;
                let why: Vec<String> = report
                    .findings
                    .iter()
                    .filter(|f| key(&f.text) == key(line))
                    .map(|f| format!("{}/{} {:?}", f.pass, f.rule, f.action))
                    .collect();
                failures.push(format!(
                    "{line:?} ({at:?}): present={present} {intact:?} {why:?}"
                ));
            }
        }
        survived += usize::from(ok);
    }
    println!("keep: {survived}/{} survived", keep.len());
    assert!(failures.is_empty(), "lost:\n{}", failures.join("\n"));
}

#[test]
fn remove_lines_go() {
    let remove = lines("remove.txt");
    assert!(
        remove.len() >= 40,
        "remove.txt has only {} lines",
        remove.len()
    );
    let mut failures = Vec::new();
    let mut removed = 0;
    for line in &remove {
        let (doc, _) = normalize_str(&article(line, At::Middle), Format::Text);
        let k = key(line);
        let present = !k.is_empty() && body_keys(&doc).iter().any(|b| b.contains(&k));
        let intact = article_intact(&doc);
        if present || intact.is_err() {
            failures.push(format!("{line:?}: present={present} {intact:?}"));
        } else {
            removed += 1;
        }
    }
    println!("remove: {removed}/{} removed", remove.len());
    assert!(failures.is_empty(), "kept:\n{}", failures.join("\n"));
}

#[test]
fn fixture_cases() {
    let mut cases: Vec<PathBuf> = fs::read_dir(fixtures())
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.join("input.txt").is_file() || p.join("input.md").is_file())
                .collect()
        })
        .unwrap_or_default();
    cases.sort();
    assert!(cases.len() >= 6, "only {} fixture cases", cases.len());
    let mut checks: Vec<(String, Box<dyn FnOnce()>)> = Vec::new();
    for case in cases {
        let name = case
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // `input.md`: a Markdown article (front matter declares the language).
        let (input_path, format) = if case.join("input.md").is_file() {
            (case.join("input.md"), Format::Markdown)
        } else {
            (case.join("input.txt"), Format::Text)
        };
        let input = fs::read(&input_path).unwrap_or_default();
        let text = String::from_utf8_lossy(&input);
        let (doc, report) = normalize_str(&text, format);
        let md = galley::render::markdown::document(&doc)
            .unwrap_or_else(|e| format!("render failed: {e}"));
        let report = common::report_text(&report);
        let settings = common::settings(&case, &input_path);
        checks.push((
            name,
            Box::new(move || {
                settings.bind(|| {
                    insta::assert_snapshot!("markdown", md);
                    insta::assert_snapshot!("report", report);
                })
            }),
        ));
    }
    common::run_all(checks);
}

/// Every snapshot beside a case belongs to it: a renamed or deleted case
/// leaves none behind.
#[test]
fn no_stray_snapshots() {
    let mut stray = Vec::new();
    for case in fs::read_dir(fixtures()).into_iter().flatten().flatten() {
        let case = case.path();
        for f in fs::read_dir(&case).into_iter().flatten().flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            let known = matches!(name.as_str(), "markdown.snap" | "report.snap")
                && (case.join("input.txt").is_file() || case.join("input.md").is_file());
            if name.ends_with(".snap") && !known {
                stray.push(f.path().display().to_string());
            }
        }
    }
    assert!(stray.is_empty(), "stray snapshots: {stray:?}");
}
