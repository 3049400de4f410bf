//! End-to-end tests of `galley build` and `galley init`, running the built
//! binary in temporary folders.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn galley(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run galley")
}

fn write(dir: &Path, name: &str, text: &[u8]) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const ARTICLE_A: &str = "Tide tables reprinted after a misprint\n\nThe harbour office says the corrected booklets are free.\n\nBy Joan Feld, Quay News\n\nShare this article\n\nThe booklets printed in January showed the wrong times for every Sunday in June. Nobody was hurt, the office said.\n\nRead\u{a0} Ferry timetable changes for spring\n\nCorrected copies are at the harbour office and the library.\n\n----------\n\nSign up for our newsletter\n";
const ARTICLE_B: &str = "---\ntitle: Library opens on Sundays\nauthors: [Ana Lima]\nsource: Quay News\ndate: 2025-02-01\n---\n\nThe central library will open on Sunday afternoons from March.\n\nThe council found the money by moving the mobile library's budget.\n";

const BOOK: &str = "[book]\ntitle = \"Quay Digest\"\nsubtitle = \"Issue 3\"\nauthors = [\"Desk\"]\ndate = 2025-02-03\nsrc = \"articles\"\n\n[[section]]\ntitle = \"Library\"\narticles = [\"articles/b.md\"]\n\n[output.markdown]\n[output.html]\n[output.epub]\n";

fn good_book() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "book.toml", BOOK.as_bytes());
    write(d.path(), "articles/a.txt", ARTICLE_A.as_bytes());
    write(d.path(), "articles/b.md", ARTICLE_B.as_bytes());
    d
}

fn epub_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "epub"))
        .collect();
    v.sort();
    v
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn builds_every_output_and_is_reproducible() {
    let d = good_book();
    let out = galley(d.path(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("built 2 articles"), "{stderr}");
    let book = d.path().join("book");
    assert!(book.join("markdown/index.md").is_file());
    assert!(book.join("html/index.html").is_file());
    assert!(book.join("html/style.css").is_file());
    let first = std::fs::read(book.join("quay-digest.epub")).unwrap();

    // Again, into another folder, from another working directory.
    let other = tempfile::tempdir().unwrap();
    let dest = other.path().join("again");
    let out = galley(
        other.path(),
        &[
            "build",
            d.path().to_str().unwrap(),
            "--to",
            "epub",
            "--dest",
            dest.to_str().unwrap(),
            "--jobs",
            "1",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let second = std::fs::read(dest.join("quay-digest.epub")).unwrap();
    assert!(first == second, "two builds of the same book differ");
    assert!(!dest.join("html").exists(), "--to epub built other formats");
    // No temp files left behind.
    assert!(
        walk(&book)
            .iter()
            .all(|p| !p.to_string_lossy().contains(".galley-"))
    );
}

#[test]
fn html_site_has_sections_and_pager() {
    let d = good_book();
    assert!(
        galley(d.path(), &["build", "--to", "html,md"])
            .status
            .success()
    );
    let index = std::fs::read_to_string(d.path().join("book/html/index.html")).unwrap();
    assert!(index.contains("<h2>Library</h2>"), "{index}");
    let a = std::fs::read_to_string(
        d.path()
            .join("book/html/tide-tables-reprinted-after-a-misprint.html"),
    )
    .unwrap();
    assert!(
        a.contains("rel=\"next\" href=\"library-opens-on-sundays.html\""),
        "{a}"
    );
    assert!(a.contains("href=\"style.css\""));
    let md = std::fs::read_to_string(d.path().join("book/markdown/index.md")).unwrap();
    assert!(md.contains("(library-opens-on-sundays.md)"), "{md}");
    // A rebuild after an article is removed drops its stale page.
    std::fs::remove_file(d.path().join("articles/a.txt")).unwrap();
    assert!(
        galley(d.path(), &["build", "--to", "html"])
            .status
            .success()
    );
    assert!(
        !d.path()
            .join("book/html/tide-tables-reprinted-after-a-misprint.html")
            .exists()
    );
}

fn assert_fails(d: &Path, needles: &[&str]) {
    let out = galley(d, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    for n in needles {
        assert!(stderr.contains(n), "expected {n:?} in: {stderr}");
    }
    assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
    assert!(
        epub_files(d).is_empty(),
        "a failed build left an EPUB behind"
    );
    assert!(
        walk(d)
            .iter()
            .all(|p| !p.to_string_lossy().contains(".galley-")),
        "temp files left"
    );
}

#[test]
fn missing_article_file_fails_cleanly() {
    let d = good_book();
    write(
        d.path(),
        "book.toml",
        BOOK.replace(
            "src = \"articles\"",
            "articles = [\"articles/a.txt\", \"articles/gone.txt\"]",
        )
        .as_bytes(),
    );
    assert_fails(d.path(), &["articles/gone.txt", "not found"]);
}

#[test]
fn bad_glob_fails_cleanly() {
    let d = good_book();
    write(
        d.path(),
        "book.toml",
        BOOK.replace("src = \"articles\"", "articles = [\"articles/[a.txt\"]")
            .as_bytes(),
    );
    assert_fails(d.path(), &["bad glob pattern", "articles/[a.txt"]);
    write(
        d.path(),
        "book.toml",
        BOOK.replace("src = \"articles\"", "articles = [\"articles/*.html\"]")
            .as_bytes(),
    );
    assert_fails(d.path(), &["matches no article files"]);
}

#[test]
fn unknown_key_fails_with_line_and_suggestion() {
    let d = good_book();
    write(
        d.path(),
        "book.toml",
        BOOK.replace("subtitle =", "subtitel =").as_bytes(),
    );
    assert_fails(
        d.path(),
        &[
            "book.toml:3",
            "unknown key `subtitel`",
            "did you mean `subtitle`",
        ],
    );
    write(
        d.path(),
        "book.toml",
        format!("{BOOK}cover = \"x.png\"\nthem = \"default\"\n").as_bytes(),
    );
    assert_fails(
        d.path(),
        &["book.toml:16", "`them`", "did you mean `theme`"],
    );
}

#[test]
fn unreadable_article_fails_cleanly() {
    let d = good_book();
    write(
        d.path(),
        "articles/c.txt",
        &[0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0, 7, 255, 0],
    );
    assert_fails(d.path(), &["articles/c.txt"]);
    let d = good_book();
    write(d.path(), "articles/empty.txt", b"");
    assert_fails(d.path(), &["articles/empty.txt", "empty"]);
}

#[test]
fn empty_article_list_fails_cleanly() {
    let d = good_book();
    write(
        d.path(),
        "book.toml",
        BOOK.replace("src = \"articles\"", "articles = []")
            .replace(
                "[[section]]\ntitle = \"Library\"\narticles = [\"articles/b.md\"]\n",
                "",
            )
            .as_bytes(),
    );
    assert_fails(d.path(), &["no articles"]);
    let d = good_book();
    std::fs::remove_file(d.path().join("articles/a.txt")).unwrap();
    std::fs::remove_file(d.path().join("articles/b.md")).unwrap();
    write(
        d.path(),
        "book.toml",
        BOOK.replace(
            "[[section]]\ntitle = \"Library\"\narticles = [\"articles/b.md\"]\n",
            "",
        )
        .as_bytes(),
    );
    assert_fails(d.path(), &["no articles"]);
}

#[test]
fn missing_book_toml_and_bad_cover_fail_cleanly() {
    let d = tempfile::tempdir().unwrap();
    assert_fails(d.path(), &["book.toml", "galley init"]);
    let d = good_book();
    write(
        d.path(),
        "book.toml",
        format!("{BOOK}cover = \"cover.png\"\n").as_bytes(),
    );
    write(d.path(), "cover.png", b"not a png");
    assert_fails(d.path(), &["cover", "not a valid image/png"]);
}

/// Text of every XHTML file in the EPUB, tags stripped, entities decoded,
/// whitespace collapsed.
fn epub_text(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut all = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        if !f.name().ends_with(".xhtml") {
            continue;
        }
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        let mut in_tag = false;
        for c in s.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    all.push(' ');
                }
                c if !in_tag => all.push(c),
                _ => {}
            }
        }
        all.push(' ');
    }
    let decoded = all
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for w in text.split_whitespace() {
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
        if w.ends_with(['.', '!', '?', '"', '\u{201d}']) && w.len() > 2 {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[test]
fn every_kept_sentence_of_the_example_briefing_is_in_the_epub() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dest = tempfile::tempdir().unwrap();
    let out = galley(
        root,
        &[
            "build",
            "-q",
            "--to",
            "epub",
            "--dest",
            dest.path().to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let epubs = epub_files(dest.path());
    assert_eq!(epubs.len(), 1);
    let text = epub_text(&std::fs::read(&epubs[0]).unwrap());

    let normalizer = galley::normalize::Normalizer::default_config();
    let mut articles: Vec<PathBuf> = walk(&root.join("examples/briefing/articles"));
    articles.sort();
    assert!(articles.len() >= 6);
    let mut checked = 0;
    for a in &articles {
        let c = galley::convert_file(a, None, &normalizer).unwrap();
        let m = &c.doc.meta;
        for field in [&m.title, &m.subtitle, &m.source].into_iter().flatten() {
            assert!(
                text.contains(field.as_str()),
                "{}: {field:?} missing",
                a.display()
            );
        }
        for s in sentences(&c.doc.plain_text()) {
            assert!(
                text.contains(&s),
                "{}: sentence missing from the EPUB: {s:?}",
                a.display()
            );
            checked += 1;
        }
        // And the promos and prompts the normalizer removed are not.
        for f in c
            .report
            .findings
            .iter()
            .filter(|f| f.action == galley::normalize::Action::Removed)
        {
            if f.text.len() > 12 && f.text.starts_with("Read\u{a0}") {
                assert!(
                    !text.contains(f.text.as_str()),
                    "removed promo still present: {:?}",
                    f.text
                );
            }
        }
    }
    assert!(checked > 40, "only {checked} sentences checked");
    assert!(!text.contains("Sign up for our"));
}

#[test]
fn init_creates_a_book_that_builds_and_refuses_to_overwrite() {
    let d = tempfile::tempdir().unwrap();
    let out = galley(d.path(), &["init", "harbour-notes"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let b = d.path().join("harbour-notes");
    let toml = std::fs::read_to_string(b.join("book.toml")).unwrap();
    assert!(toml.contains("title = \"Harbour Notes\""), "{toml}");
    assert_eq!(
        std::fs::read_to_string(b.join(".gitignore")).unwrap(),
        "/book/\n"
    );
    assert!(b.join("articles/lighthouse.txt").is_file());
    let out = galley(&b, &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(epub_files(&b.join("book")).len(), 1);

    std::fs::write(b.join("book.toml"), "# mine\n").unwrap();
    let out = galley(d.path(), &["init", "harbour-notes"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exist"));
    assert_eq!(
        std::fs::read_to_string(b.join("book.toml")).unwrap(),
        "# mine\n"
    );
}
