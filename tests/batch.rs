//! `galley batch` and per-reader briefings (`galley build --manifest`), end
//! to end: exit codes, a 100 MB line, `check --format jsonl`, the briefing
//! build's one normalization per article, its error records, reader ids
//! that would escape the folder, reproducible books.

use galley::batch::briefing::{self, BriefingOptions};
use galley::normalize::Normalizer;
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn galley_with_stdin(args: &[&str], dir: &Path, stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("galley runs");
    let mut pipe = child.stdin.take().expect("stdin");
    let input = stdin.to_vec();
    // Written from another thread: galley answers while it reads.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("galley ends");
    writer.join().expect("writer");
    out
}

fn records(o: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn article(i: usize) -> String {
    format!(
        "Council story number {i}\n\nBy Ana Lima\n\nThe harbour council met for the {i}th time and agreed on a plan for the ferries.\n\nAdvertisement\n\nResidents said the plan, number {i}, was a long time coming.\n"
    )
}

#[test]
fn exit_codes_say_whether_every_record_converted() {
    let t = tempfile::tempdir().unwrap();
    let good = json!({"id": "a", "text": article(1)}).to_string() + "\n";
    let o = galley_with_stdin(&["batch"], t.path(), good.as_bytes());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(records(&o).len(), 1);
    let o = galley_with_stdin(
        &["batch", "--jobs", "1"],
        t.path(),
        format!("{good}{{\"id\": 2}}\n").as_bytes(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("1 of 2 records failed"));
    let recs = records(&o);
    assert_eq!(
        (recs[1]["id"].clone(), recs[1]["line"].clone()),
        (json!(2), json!(2))
    );
    for bad in [
        &["batch", "--to", "nope"][..],
        &["batch", "--to", "epub"],
        &["batch", "--jobs", "0"],
    ] {
        let o = galley_with_stdin(bad, t.path(), good.as_bytes());
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn a_line_of_100_mb_is_an_error_record_and_the_stream_goes_on() {
    let t = tempfile::tempdir().unwrap();
    let good = json!({"id": "after", "text": article(2)}).to_string();
    let mut input = Vec::with_capacity(100 << 20);
    input.extend_from_slice(b"{\"id\": \"huge\", \"text\": \"");
    input.resize(100 << 20, b'a');
    input.extend_from_slice(b"\"}\n");
    input.extend_from_slice(good.as_bytes());
    input.push(b'\n');
    let o = galley_with_stdin(&["batch"], t.path(), &input);
    assert_eq!(o.status.code(), Some(1));
    let recs = records(&o);
    assert_eq!(recs.len(), 2);
    assert!(
        recs[0]["error"]
            .as_str()
            .unwrap()
            .contains("over the limit"),
        "{}",
        recs[0]
    );
    assert_eq!(recs[1]["id"], "after");
}

#[test]
fn check_jsonl_is_one_object_per_input() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("a.txt"), article(1)).unwrap();
    std::fs::write(t.path().join("b.txt"), "").unwrap();
    std::fs::write(t.path().join("c.txt"), article(3)).unwrap();
    let o = galley_with_stdin(
        &["check", "--format", "jsonl", "a.txt", "b.txt", "c.txt"],
        t.path(),
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    let recs = records(&o);
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["input"], "a.txt");
    assert_eq!(recs[0]["removed"], 1);
    assert!(recs[1]["error"].is_string());
    assert_eq!(recs[2]["meta"]["title"], "Council story number 3");
}

/// A store of `n` articles as `galley batch` writes it.
fn store(dir: &Path, n: usize) -> std::path::PathBuf {
    let input: String = (0..n)
        .map(|i| json!({"id": format!("s{i}"), "text": article(i)}).to_string() + "\n")
        .collect();
    let o = galley_with_stdin(&["batch"], dir, input.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    let p = dir.join("store.jsonl");
    std::fs::write(&p, &o.stdout).unwrap();
    p
}

fn build(
    manifest: &str,
    store: &Path,
    dest: &Path,
) -> (briefing::BriefingSummary, Vec<Value>, usize) {
    let dir = dest.parent().unwrap();
    let m = dir.join("readers.jsonl");
    std::fs::write(&m, manifest).unwrap();
    let normalizer = Normalizer::default_config();
    let mut out = Vec::new();
    let opts = BriefingOptions {
        window: 3,
        ..BriefingOptions::default()
    };
    let s = briefing::build(&m, store, dest, &opts, &normalizer, &mut out, &|_| {}).unwrap();
    let recs = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (s, recs, normalizer.runs())
}

#[test]
fn every_article_is_normalized_once_however_many_books_it_is_in() {
    let t = tempfile::tempdir().unwrap();
    let s = store(t.path(), 6);
    let manifest: String = (0..20)
        .map(|r| json!({"reader": format!("r{r}"), "articles": [format!("s{}", r % 6), format!("s{}", (r + 1) % 6), "s0"]}).to_string() + "\n")
        .collect();
    let dest = t.path().join("out");
    let (summary, recs, runs) = build(&manifest, &s, &dest);
    assert_eq!(runs, 6, "6 stored articles, 60 article places in 20 books");
    assert_eq!(
        (
            summary.readers,
            summary.built,
            summary.failed,
            summary.articles
        ),
        (20, 20, 0, 6)
    );
    assert_eq!(
        recs[4],
        json!({"reader": "r4", "files": ["r4.epub"], "articles": 3})
    );
    let epub = std::fs::read(dest.join("r4.epub")).unwrap();
    assert!(epub.starts_with(b"PK"));
}

#[test]
fn a_failed_reader_is_one_error_record_and_the_others_are_built() {
    let t = tempfile::tempdir().unwrap();
    let s = store(t.path(), 3);
    let dest = t.path().join("out");
    std::fs::create_dir(&dest).unwrap();
    std::fs::write(dest.join("taken.epub"), "the user's file").unwrap();
    let lines = [
        json!({"reader": "ok1", "title": "Morning", "articles": ["s0", "s1"], "formats": ["epub", "pdf"]}).to_string(),
        json!({"reader": "missing", "articles": ["s0", "nope"]}).to_string(),
        json!({"reader": "../../etc/passwd", "articles": ["s0"]}).to_string(),
        json!({"reader": "a/b", "articles": ["s0"]}).to_string(),
        json!({"reader": ".hidden", "articles": ["s0"]}).to_string(),
        "{\"reader\": \"nul\\u0000x\", \"articles\": [\"s0\"]}".to_string(),
        "not json".to_string(),
        json!({"reader": "taken", "articles": ["s0"]}).to_string(),
        json!({"reader": "fmt", "articles": ["s0"], "formats": ["html"]}).to_string(),
        json!({"reader": "ok1", "articles": ["s2"]}).to_string(),
        json!({"reader": "ok2", "articles": ["s2"]}).to_string(),
    ];
    let (summary, recs, _) = build(&(lines.join("\n") + "\n"), &s, &dest);
    assert_eq!((summary.readers, summary.built, summary.failed), (11, 2, 9));
    assert_eq!(recs.len(), 11);
    let error = |i: usize| recs[i]["error"].as_str().unwrap_or_default().to_string();
    assert_eq!(recs[0]["files"], json!(["ok1.epub", "ok1.pdf"]));
    assert!(
        error(1).contains("unknown article id \"nope\""),
        "{}",
        error(1)
    );
    assert_eq!(recs[1]["reader"], "missing");
    for i in 2..=5 {
        assert!(
            error(i).contains("cannot be a file name"),
            "{i}: {}",
            error(i)
        );
    }
    assert!(error(6).contains("manifest line 7"));
    assert!(error(7).contains("galley did not write it"), "{}", error(7));
    assert!(error(8).contains("unknown book format"));
    assert!(error(9).contains("named twice"));
    assert_eq!(recs[10]["files"], json!(["ok2.epub"]));
    assert_eq!(
        std::fs::read_to_string(dest.join("taken.epub")).unwrap(),
        "the user's file"
    );
    assert!(
        std::fs::read(dest.join("ok1.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
    let names: Vec<String> = std::fs::read_dir(&dest)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with(".galley"))
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["ok1.epub", "ok1.pdf", "ok2.epub", "taken.epub"]);
    assert!(!t.path().join("etc").exists());
}

#[test]
fn briefings_are_reproducible() {
    let t = tempfile::tempdir().unwrap();
    let s = store(t.path(), 4);
    let manifest =
        json!({"reader": "r", "articles": ["s3", "s1", "s2"], "formats": ["epub"]}).to_string();
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    build(&manifest, &s, &a);
    build(&manifest, &s, &b);
    let (x, y) = (
        std::fs::read(a.join("r.epub")).unwrap(),
        std::fs::read(b.join("r.epub")).unwrap(),
    );
    assert_eq!(x, y);
    // Built again into the same folder: galley's own file is replaced.
    let (summary, _, _) = build(&manifest, &s, &a);
    assert_eq!(summary.built, 1);
    assert_eq!(std::fs::read(a.join("r.epub")).unwrap(), x);
}

/// A folder store of `n` articles (`a0.txt`, …) and `readers.jsonl` with
/// `readers` (one JSON object per line) in `dir`.
fn folder_store(dir: &Path, n: usize, readers: &[Value]) {
    let store = dir.join("store");
    std::fs::create_dir(&store).unwrap();
    for i in 0..n {
        std::fs::write(store.join(format!("a{i}.txt")), article(i)).unwrap();
    }
    let lines: String = readers.iter().map(|r| r.to_string() + "\n").collect();
    std::fs::write(dir.join("readers.jsonl"), lines).unwrap();
}

/// `galley build --manifest readers.jsonl --articles store --dest DEST` in `dir`.
fn cli_briefings(dir: &Path, dest: &str) -> Output {
    galley_with_stdin(
        &[
            "build",
            "--manifest",
            "readers.jsonl",
            "--articles",
            "store",
            "--dest",
            dest,
        ],
        dir,
        b"",
    )
}

#[test]
fn the_cli_builds_briefings_from_a_folder_store() {
    let t = tempfile::tempdir().unwrap();
    folder_store(
        t.path(),
        3,
        &[json!({"reader": "z", "articles": ["a2", "a0"]})],
    );
    let o = cli_briefings(t.path(), "out");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("2 articles read and normalized once each (2 normalizer runs)")
    );
    assert_eq!(records(&o)[0]["files"], json!(["z.epub"]));
    assert!(t.path().join("out/z.epub").is_file());
    let o = galley_with_stdin(&["build", "--manifest", "readers.jsonl"], t.path(), b"");
    assert_eq!(o.status.code(), Some(2));
}

/// Every text file of the EPUB at `path`, concatenated.
fn epub_text(path: &Path) -> String {
    use std::io::Read as _;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut all = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        if f.name().ends_with(".opf") || f.name().ends_with(".xhtml") {
            f.read_to_string(&mut all).unwrap();
        }
    }
    all
}

#[test]
fn briefings_take_the_book_folders_book_toml() {
    let t = tempfile::tempdir().unwrap();
    folder_store(
        t.path(),
        2,
        &[
            json!({"reader": "untitled", "articles": ["a0", "a1"]}),
            json!({"reader": "titled", "title": "Own Title", "language": "es", "articles": ["a1"]}),
        ],
    );
    let run = |dir: &Path, dest: &str| {
        let o = cli_briefings(dir, dest);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    // Without book.toml: the defaults (the normalizer removes the ad line).
    run(t.path(), "plain");
    let plain = epub_text(&t.path().join("plain/untitled.epub"));
    assert!(
        plain.contains("<dc:title") && plain.contains(">Briefing<"),
        "{plain}"
    );
    assert!(!plain.contains("Advertisement"));

    std::fs::write(
        t.path().join("book.toml"),
        "[book]\ntitle = \"Morning Desk\"\nauthors = [\"Night Editor\"]\nlanguage = \"pt\"\n\n[normalize]\nboilerplate = false\n",
    )
    .unwrap();
    run(t.path(), "desk");
    let untitled = epub_text(&t.path().join("desk/untitled.epub"));
    assert!(untitled.contains(">Morning Desk<"), "{untitled}");
    assert!(untitled.contains(">Night Editor<"), "{untitled}");
    assert!(untitled.contains(">pt</dc:language>"), "{untitled}");
    // [normalize] boilerplate = false keeps the ad line.
    assert!(untitled.contains("Advertisement"));
    // What the reader's line says wins over book.toml.
    let titled = epub_text(&t.path().join("desk/titled.epub"));
    assert!(titled.contains(">Own Title<") && !titled.contains(">Morning Desk<"));
    assert!(titled.contains(">es</dc:language>"), "{titled}");
    assert!(titled.contains(">Night Editor<"));

    // A book.toml that does not parse is an error, not a silent default.
    std::fs::write(t.path().join("book.toml"), "[book\n").unwrap();
    let o = cli_briefings(t.path(), "broken");
    assert_ne!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("book.toml"));
}
