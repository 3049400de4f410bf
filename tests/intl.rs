//! One scraped-style article per language (`tests/fixtures/normalize/intl-*`:
//! 22 languages, an English control and a mixed-direction Arabic byline),
//! each with an `expect.txt`: every artifact line removed, every real line
//! kept, title / standfirst / byline / date lifted. Run twice: with the
//! language unknown (every language's tables apply) and declared (English
//! and that language's). Prints a table of counts and fails on any miss.

use galley::model::{Document, block_text};
use galley::normalize::Normalizer;
use galley::read::{Format, read_str};
use std::fs;
use std::path::{Path, PathBuf};

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/normalize");
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("intl-"))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Letters and digits only, lower case.
fn key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(Default)]
struct Expect {
    title: String,
    standfirst: String,
    authors: Vec<String>,
    date: String,
    /// Lines lifted or dropped with the head: byline, role, date line.
    head: Vec<String>,
    artifacts: Vec<String>,
}

fn expect(case: &Path) -> Expect {
    let text = fs::read_to_string(case.join("expect.txt")).unwrap_or_default();
    let mut e = Expect::default();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((k, v)) = line.split_once(": ") else {
            continue;
        };
        let v = v.to_string();
        match k {
            "title" => e.title = v,
            "standfirst" => e.standfirst = v,
            "authors" => e.authors = v.split(" | ").map(str::to_string).collect(),
            "date" => e.date = v,
            "byline" | "role" | "date-line" => e.head.push(v),
            "artifact" => e.artifacts.push(v),
            other => panic!("{}: unknown key {other}", case.display()),
        }
    }
    e
}

struct Counts {
    artifacts: (usize, usize),
    real: (usize, usize),
    head: (usize, usize),
    misses: Vec<String>,
}

/// `s` with typographic quotes and apostrophes as straight ones (the
/// smart-punctuation pass sets `d'ici` as `d’ici`; the fixtures are typed
/// with straight ones) and narrow no-break spaces as spaces.
fn plain_quotes(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '’' | '‘' | '‚' => '\'',
            '“' | '”' | '„' | '«' | '»' => '"',
            '\u{202F}' | '\u{a0}' => ' ',
            c => c,
        })
        .collect()
}

fn check(doc: &Document, input: &str, e: &Expect) -> Counts {
    let body: Vec<String> = doc.blocks.iter().map(|b| key(&block_text(b))).collect();
    let present = |l: &str| body.contains(&key(l));
    let mut misses = Vec::new();
    let removed = e.artifacts.iter().filter(|a| !present(a)).count();
    for a in e.artifacts.iter().filter(|a| present(a)) {
        misses.push(format!("artifact kept: {a}"));
    }
    let known: Vec<String> = e
        .artifacts
        .iter()
        .chain(&e.head)
        .chain([&e.title, &e.standfirst])
        .map(|l| key(l))
        .collect();
    let real: Vec<&str> = input
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !known.contains(&key(l)))
        .collect();
    let kept = real.iter().filter(|l| present(l)).count();
    for l in real.iter().filter(|l| !present(l)) {
        misses.push(format!("real line lost: {l}"));
    }
    let mut head_ok = 0;
    let meta = &doc.meta;
    let checks = [
        (
            "title",
            meta.title.as_deref().map(plain_quotes) == Some(plain_quotes(&e.title)),
            format!("{:?}", meta.title),
        ),
        (
            "standfirst",
            meta.subtitle.as_deref().map(plain_quotes) == Some(plain_quotes(&e.standfirst)),
            format!("{:?}", meta.subtitle),
        ),
        (
            "authors",
            meta.authors == e.authors,
            format!("{:?}", meta.authors),
        ),
        (
            "date",
            meta.date.as_ref().and_then(|d| d.iso()).as_deref() == Some(e.date.as_str()),
            format!("{:?}", meta.date),
        ),
    ];
    for (what, ok, got) in &checks {
        if *ok {
            head_ok += 1;
        } else {
            misses.push(format!("{what} not lifted: got {got}"));
        }
    }
    for h in e.head.iter().filter(|h| present(h)) {
        misses.push(format!("head line left in the body: {h}"));
    }
    let head_total = checks.len() + e.head.len();
    let head_ok = head_ok + e.head.iter().filter(|h| !present(h)).count();
    Counts {
        artifacts: (removed, e.artifacts.len()),
        real: (kept, real.len()),
        head: (head_ok, head_total),
        misses,
    }
}

#[test]
fn every_language_fixture() {
    let cases = cases();
    assert!(cases.len() >= 23, "only {} intl fixtures", cases.len());
    let n = Normalizer::default_config();
    let mut failures = Vec::new();
    println!(
        "{:<10} {:>8} {:>14} {:>12} {:>10} | {:>14} {:>12} {:>10}",
        "language", "", "artifacts", "real lines", "head", "artifacts", "real lines", "head"
    );
    println!(
        "{:<10} {:>8} {:>38} | {:>38}",
        "", "", "language unknown", "language declared"
    );
    for case in &cases {
        let name = case
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let code = name
            .trim_start_matches("intl-")
            .split('-')
            .next()
            .unwrap_or("")
            .to_string();
        let input = fs::read_to_string(case.join("input.txt")).unwrap_or_default();
        let e = expect(case);
        assert!(!e.artifacts.is_empty(), "{name}: no artifacts listed");
        let mut row = format!("{:<10} {:>8}", name.trim_start_matches("intl-"), "");
        for declared in [None, Some(code.clone())] {
            let mut draft = read_str(&input, Format::Text);
            draft.meta.language.clone_from(&declared);
            let (doc, _) = n.run(draft);
            let c = check(&doc, &input, &e);
            let cell = |(a, b): (usize, usize)| format!("{a}/{b}");
            row.push_str(&format!(
                " {:>14} {:>12} {:>10} |",
                cell(c.artifacts),
                cell(c.real),
                cell(c.head)
            ));
            for m in c.misses {
                failures.push(format!("{name} (language {declared:?}): {m}"));
            }
        }
        println!("{}", row.trim_end_matches('|'));
    }
    assert!(
        failures.is_empty(),
        "{} misses:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
