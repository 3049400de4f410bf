//! The plain-text backend (`--to txt`, `[output.txt]`): the reader copy as
//! text wrapped at 72 columns, through the command line.

use std::path::Path;
use std::process::{Command, Output};

fn galley(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run galley");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.unwrap_or_default().as_bytes())
        .expect("write stdin");
    drop(input);
    child.wait_with_output().expect("galley output")
}

fn width(s: &str) -> usize {
    // The test's own count: CJK ideographs and kana are two columns.
    s.chars()
        .map(|c| match c as u32 {
            0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFF60 => 2,
            _ => 1,
        })
        .sum()
}

const ARTICLE: &str = "---
title: Harbour road to be widened by spring after three years of argument about its cost
subtitle: The council voted on Tuesday.
authors: [Ana Lima, Joan Feld]
source: Quay News
date: 2025-03-12
url: https://news.example/harbour-road
---

The council met on Tuesday and agreed to widen the harbour road by spring, after three years of argument about the cost of the work. Read the [minutes](https://council.example/minutes/2025-03-11-harbour-road-widening-decision-and-budget-appendix.pdf) for the vote.

## What happens next

- Work starts in April and takes eight weeks, the engineers said on Tuesday evening.
- The bus stops move for the duration.

> We have waited long enough for this road, and the whole harbour will be better for it.

東京都は十二日、湾岸道路の拡幅工事を春までに終えると発表した。工事は三年前から議論されてきたが、費用の問題で遅れていた。
";

#[test]
fn convert_to_txt_wraps_and_keeps_structure() {
    let d = tempfile::tempdir().expect("tempdir");
    let o = galley(
        d.path(),
        &["convert", "-", "--from", "md", "--to", "txt"],
        Some(ARTICLE),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    // The title wraps; the standfirst and the byline line follow.
    assert_eq!(
        lines[0],
        "Harbour road to be widened by spring after three years of argument about"
    );
    assert_eq!(lines[1], "its cost");
    assert!(text.contains("\nThe council voted on Tuesday.\n"), "{text}");
    assert!(
        text.contains("\nBy Ana Lima and Joan Feld · Quay News · 12 March 2025\nhttps://news.example/harbour-road\n"),
        "{text}"
    );
    // A heading on its own line, between blank lines.
    assert!(text.contains("\n\nWhat happens next\n\n"), "{text}");
    // List items after `- `, continued under the text.
    assert!(text.contains("\n- Work starts in April and takes eight weeks, the engineers said on\n  Tuesday evening.\n- The bus stops move for the duration.\n"), "{text}");
    // Block quotes indented.
    assert!(text.contains("\n    We have waited long enough for this road, and the whole harbour will\n    be better for it.\n"), "{text}");
    // The long URL is whole, on its own line.
    let url = "<https://council.example/minutes/2025-03-11-harbour-road-widening-decision-and-budget-appendix.pdf>";
    assert!(lines.contains(&url), "{text}");
    // Every line fits 72 columns, but the URL's.
    for l in &lines {
        assert!(width(l) <= 72 || *l == url, "{l:?} is {} columns", width(l));
    }
    // The CJK paragraph wraps by width (two columns a character), whole.
    let cjk: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.contains('湾') || l.contains('費'))
        .collect();
    assert!(
        cjk.len() >= 2 && cjk.iter().all(|l| width(l) <= 72),
        "{cjk:?}"
    );
    assert!(text.contains("東京都は十二日"));
    assert!(!text.contains("**") && !text.contains("## "), "{text}");
    assert!(text.ends_with("遅れていた。\n"), "{text}");
}

#[test]
fn build_writes_one_txt_per_article_and_an_index() {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(d.path().join("articles")).expect("mkdir");
    std::fs::write(d.path().join("articles/a.md"), ARTICLE).expect("write");
    std::fs::write(
        d.path().join("articles/b.txt"),
        "Ferry fares rise\n\nBy Joan Feld, Quay News\n\nFares rise by ten pence from May, the operator said on Monday.\n",
    )
    .expect("write");
    std::fs::write(
        d.path().join("book.toml"),
        "[book]\ntitle = \"Quay Digest\"\nsrc = \"articles\"\n\n[output.txt]\n",
    )
    .expect("write");
    let o = galley(d.path(), &["build", "-q"], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = d.path().join("book/txt");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("book/txt")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.contains(&"index.txt".to_string()), "{names:?}");
    let index = std::fs::read_to_string(out.join("index.txt")).expect("index");
    assert!(index.starts_with("Quay Digest\n"), "{index}");
    assert!(index.contains("- Ferry fares rise (Quay News)"), "{index}");
    // An unknown key in [output.txt] is refused with its line.
    std::fs::write(
        d.path().join("book.toml"),
        "[book]\ntitle = \"Quay Digest\"\nsrc = \"articles\"\n\n[output.txt]\nwidth = 60\n",
    )
    .expect("write");
    let o = galley(d.path(), &["build", "-q"], None);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && err.contains("book.toml:6") && err.contains("[output.txt]"),
        "{err}"
    );
}
