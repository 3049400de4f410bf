//! `galley build` never harms what it did not write: outputs that overlap
//! sources are refused, user files in output folders survive, a failed build
//! changes nothing, builds of one folder take turns, book paths are confined
//! and reads are bounded to regular files. Each test failed on b538277.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn galley(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .output()
        .expect("run galley")
}

/// `galley` with a time limit: a hang is a failure, not a stuck test run.
fn galley_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run galley");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("galley {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn article(n: usize) -> String {
    format!(
        "Council story number {n}\n\nBy Ana Lima, Quay News\n\nThe council met on Tuesday to discuss item {n}. It agreed to act.\n\nShare this article\n\nMembers said the work would begin in spring and end by the autumn.\n"
    )
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            let t = e.file_type().unwrap();
            if t.is_dir() {
                stack.push(p);
            } else if t.is_file() {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

fn staging_left(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir)
        .into_keys()
        .filter(|p| {
            let s = p.to_string_lossy();
            s.contains(".galley-") || s.ends_with(".tmp")
        })
        .collect()
}

#[test]
fn build_refuses_an_output_folder_over_its_sources() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "html/a.txt", &article(1));
    write(
        d.path(),
        "html/page.html",
        "<html><body><p>Kept.</p></body></html>",
    );
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"T\"\nsrc = \"html\"\n[build]\nbuild-dir = \".\"\n[output.html]\n[output.markdown]\n",
    );
    let before = snapshot(d.path());
    let o = galley(d.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("build-dir"), "{}", stderr(&o));
    assert_eq!(snapshot(d.path()), before, "a refused build changed files");
    // The same with a source folder that is the build folder itself.
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"T\"\nsrc = \".\"\n[build]\nbuild-dir = \".\"\n[output.markdown]\n",
    );
    let o = galley(d.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // A build folder inside the source folder is fine: scans skip it, and
    // the second build does not read the first one's outputs.
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"T\"\nsrc = \".\"\n[build]\nbuild-dir = \"out\"\n[output.markdown]\n",
    );
    for _ in 0..2 {
        let o = galley(d.path(), &["build"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains("built 2 articles"), "{}", stderr(&o));
    }
}

#[test]
fn build_never_deletes_unknown_files() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "articles/a.txt", &article(1));
    write(d.path(), "articles/b.txt", &article(2));
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"Quay\"\nsrc = \"articles\"\n[output.html]\n[output.markdown]\n[output.epub]\n",
    );
    write(d.path(), "destx/html/notes.txt", "my notes");
    write(d.path(), "destx/html/drafts/idea.md", "an idea");
    write(d.path(), "destx/readme.txt", "mine");
    let o = galley(d.path(), &["build", "--dest", "destx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("kept 2 files") && stderr(&o).contains("notes.txt"),
        "the build says what it kept: {}",
        stderr(&o)
    );
    // Rebuild with one article fewer and under another title: its page and
    // the old EPUB go, the user's files stay.
    std::fs::remove_file(d.path().join("articles/b.txt")).unwrap();
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"Quay Two\"\nsrc = \"articles\"\n[output.html]\n[output.markdown]\n[output.epub]\n",
    );
    let o = galley(d.path(), &["build", "--dest", "destx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dest = d.path().join("destx");
    assert_eq!(
        std::fs::read_to_string(dest.join("html/notes.txt")).unwrap(),
        "my notes"
    );
    assert_eq!(
        std::fs::read_to_string(dest.join("html/drafts/idea.md")).unwrap(),
        "an idea"
    );
    assert_eq!(
        std::fs::read_to_string(dest.join("readme.txt")).unwrap(),
        "mine"
    );
    assert!(dest.join("quay-two.epub").is_file());
    assert!(
        !dest.join("quay.epub").exists(),
        "stale EPUB of the old title kept"
    );
    assert!(!dest.join("html/council-story-number-2.html").exists());
    assert!(dest.join("html/council-story-number-1.html").is_file());
    assert!(staging_left(&dest).is_empty(), "{:?}", staging_left(&dest));
    // `--to epub` leaves the other formats alone.
    let o = galley(d.path(), &["build", "--dest", "destx", "--to", "epub"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dest.join("html/index.html").is_file());
    assert!(dest.join("markdown/index.md").is_file());
}

#[test]
fn build_refuses_to_overwrite_a_file_it_did_not_write_and_changes_nothing() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "articles/a.txt", &article(1));
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"Quay\"\nsrc = \"articles\"\n[output.markdown]\n[output.html]\n",
    );
    let o = galley(d.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A hand-made page in the site where the next build writes one.
    let book = d.path().join("book");
    write(&book, "html/council-story-number-2.html", "hand-made");
    write(d.path(), "articles/b.txt", &article(2));
    let before = snapshot(&book);
    let o = galley(d.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("council-story-number-2.html")
            && stderr(&o).contains("not written by galley"),
        "{}",
        stderr(&o)
    );
    let after: BTreeMap<_, _> = snapshot(&book)
        .into_iter()
        .filter(|(p, _)| p != Path::new(".galley.lock"))
        .collect();
    let before: BTreeMap<_, _> = before
        .into_iter()
        .filter(|(p, _)| p != Path::new(".galley.lock"))
        .collect();
    assert_eq!(after, before, "markdown/ was replaced though html/ failed");
}

#[test]
fn concurrent_builds_of_one_book_take_turns() {
    let d = tempfile::tempdir().unwrap();
    for i in 0..30 {
        write(d.path(), &format!("articles/a{i:02}.txt"), &article(i));
    }
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"Quay\"\nsrc = \"articles\"\n[output.markdown]\n[output.html]\n[output.epub]\n",
    );
    let dir = d.path().to_path_buf();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                (0..4)
                    .map(|_| galley(&dir, &["build", "--jobs", "1"]))
                    .filter(|o| !o.status.success())
                    .map(|o| stderr(&o))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let failures: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    assert!(failures.is_empty(), "{failures:?}");
    let book = d.path().join("book");
    assert!(staging_left(&book).is_empty(), "{:?}", staging_left(&book));
    assert_eq!(
        std::fs::read_dir(book.join("html")).unwrap().count(),
        32,
        "index, style and 30 pages"
    );
}

#[test]
fn folder_symlinks_are_not_followed_and_loops_do_not_hang() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "articles/a.txt", &article(1));
    write(d.path(), "articles/sub/b.txt", &article(2));
    std::os::unix::fs::symlink(".", d.path().join("articles/a")).unwrap();
    std::os::unix::fs::symlink(".", d.path().join("articles/b")).unwrap();
    std::os::unix::fs::symlink("/usr/share", d.path().join("articles/share")).unwrap();
    for list in ["src = \"articles\"", "articles = [\"articles/**/*.txt\"]"] {
        write(
            d.path(),
            "book.toml",
            &format!("[book]\ntitle = \"T\"\n{list}\n[output.markdown]\n"),
        );
        let o = galley_within(d.path(), &["build"], Duration::from_secs(60));
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("built 2 articles"),
            "{list}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn book_paths_stay_inside_the_book_folder() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.txt", &article(9));
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "articles/in.txt", &article(1));
    let secret = outside.path().join("secret.txt");
    let s = secret.display();
    std::os::unix::fs::symlink(&secret, d.path().join("articles/link.txt")).unwrap();
    let cases = [
        format!("articles = [\"articles/in.txt\", \"{s}\"]"),
        format!(
            "articles = [\"articles/in.txt\", \"../{}/*.txt\"]",
            outside.path().file_name().unwrap().to_string_lossy()
        ),
        "articles = [\"articles/in.txt\", \"articles/link.txt\"]".to_string(),
        "src = \"articles\"".to_string(),
    ];
    // Only a parent-relative glob reaches the other temp folder if both share a parent.
    for (i, list) in cases.iter().enumerate() {
        if i == 1 && outside.path().parent() != d.path().parent() {
            continue;
        }
        write(
            d.path(),
            "book.toml",
            &format!("[book]\ntitle = \"T\"\n{list}\n[output.markdown]\n"),
        );
        let o = galley(d.path(), &["build"]);
        assert_eq!(o.status.code(), Some(1), "{list}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("outside the book folder") && stderr(&o).contains("allow-outside"),
            "{list}: {}",
            stderr(&o)
        );
        assert!(!d.path().join("book").exists(), "{list}: wrote outputs");
    }
    // A cover outside is refused too.
    write(
        d.path(),
        "book.toml",
        &format!(
            "[book]\ntitle = \"T\"\narticles = [\"articles/in.txt\"]\n[output.epub]\ncover = \"{}\"\n",
            outside.path().join("c.png").display()
        ),
    );
    std::fs::write(outside.path().join("c.png"), b"\x89PNG\r\n\x1a\n0000").unwrap();
    let o = galley(d.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("[output.epub] cover"), "{}", stderr(&o));
    // With allow-outside the book may read there.
    write(
        d.path(),
        "book.toml",
        &format!(
            "[book]\ntitle = \"T\"\narticles = [\"articles/in.txt\", \"{s}\"]\n[build]\nallow-outside = true\n[output.markdown]\n"
        ),
    );
    let o = galley(d.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn books_read_only_regular_files() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "articles/a.txt", &article(1));
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"T\"\narticles = [\"articles/a.txt\", \"/dev/zero\"]\n[build]\nallow-outside = true\n[output.markdown]\n",
    );
    let o = galley_within(d.path(), &["build"], Duration::from_secs(30));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    // A FIFO inside src is skipped with a warning instead of blocking the build.
    let fifo = d.path().join("articles/pipe.txt");
    let ok = Command::new("mkfifo").arg(&fifo).status();
    if ok.is_ok_and(|s| s.success()) {
        write(
            d.path(),
            "book.toml",
            "[book]\ntitle = \"T\"\nsrc = \"articles\"\n[output.markdown]\n",
        );
        let o = galley_within(d.path(), &["build"], Duration::from_secs(30));
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains("pipe.txt"), "{}", stderr(&o));
    }
}

#[test]
fn an_interrupted_build_leaves_no_staging_behind() {
    let d = tempfile::tempdir().unwrap();
    for i in 0..150 {
        write(d.path(), &format!("articles/a{i:03}.txt"), &article(i));
    }
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"Quay\"\nsrc = \"articles\"\n[output.markdown]\n[output.html]\n[output.epub]\n",
    );
    let o = galley(d.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let book = d.path().join("book");
    let mut before = snapshot(&book);
    write(d.path(), "articles/zz.txt", &article(999));
    for (signal, delay_ms) in [("INT", 150), ("TERM", 300), ("INT", 600), ("KILL", 400)] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_galley"))
            .args(["build", "--jobs", "1"])
            .current_dir(d.path())
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        let after = snapshot(&book);
        // Either the build finished before the signal, or the old outputs are whole.
        if !status.success() {
            let a: BTreeMap<_, _> = after
                .iter()
                .filter(|(p, _)| !p.ends_with(".galley.lock"))
                .collect();
            let b: BTreeMap<_, _> = before
                .iter()
                .filter(|(p, _)| !p.ends_with(".galley.lock"))
                .collect();
            if signal != "KILL" && a != b {
                // The signal came after the new outputs were committed (a
                // fast machine): then they must be whole, byte for byte what
                // a complete build writes (outputs are reproducible).
                let o = galley(d.path(), &["build"]);
                assert!(o.status.success(), "{}", stderr(&o));
                let again = snapshot(&book);
                let c: BTreeMap<_, _> = again
                    .iter()
                    .filter(|(p, _)| !p.ends_with(".galley.lock"))
                    .collect();
                assert_eq!(
                    a, c,
                    "SIG{signal} after {delay_ms} ms left a mix of outputs"
                );
                before = again.clone();
            }
            if signal != "KILL" {
                assert!(
                    staging_left(&book).is_empty(),
                    "SIG{signal}: {:?}",
                    staging_left(&book)
                );
            }
        }
    }
    // The next build removes whatever kill -9 left and succeeds.
    let o = galley(d.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(staging_left(&book).is_empty(), "{:?}", staging_left(&book));
    assert!(book.join("html/council-story-number-999.html").is_file());
}

#[test]
fn book_articles_over_the_size_limit_are_refused() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "articles/a.txt", &article(1));
    write(d.path(), "articles/big.txt", &article(2).repeat(40));
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"T\"\nsrc = \"articles\"\n[build]\nmax-input-size = \"4K\"\n[output.markdown]\n",
    );
    let o = galley(d.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("big.txt") && stderr(&o).contains("limit"),
        "{}",
        stderr(&o)
    );
    assert!(
        !d.path().join("book").exists(),
        "a failed build wrote outputs"
    );
    // The command line overrides the book.
    let o = galley(d.path(), &["build", "--max-input-size", "1M"]);
    assert!(o.status.success(), "{}", stderr(&o));
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"T\"\nsrc = \"articles\"\n[build]\nmax-input-size = \"lots\"\n[output.markdown]\n",
    );
    let o = galley(d.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("max-input-size"), "{}", stderr(&o));
}

#[test]
fn a_dangling_symlink_build_folder_is_refused() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "articles/a.txt", &article(1));
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"T\"\nsrc = \"articles\"\n[output.markdown]\n",
    );
    std::os::unix::fs::symlink("nowhere/deeper", d.path().join("book")).unwrap();
    let o = galley(d.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("missing folder"), "{}", stderr(&o));
    assert!(
        !d.path().join("nowhere").exists(),
        "created the link's folders"
    );
}

/// Found by a tester after the first fixes: a planted journal, a symlinked
/// lock, theme files linking out, a FIFO cover, a build folder inside the
/// sources, user files named like galley's temp files.
#[test]
fn a_planted_journal_cannot_move_files_outside_the_build_folder() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "articles/a.txt", &article(1));
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"T\"\nsrc = \"articles\"\n[output.markdown]\n",
    );
    std::fs::create_dir_all(d.path().join("book/.galley-stage-x1y2z3")).unwrap();
    write(
        d.path(),
        "book/.galley.journal.json",
        r#"{"stage":".galley-stage-x1y2z3","swaps":[],"remove":["../articles"]}"#,
    );
    let o = galley(d.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        d.path().join("articles/a.txt").is_file(),
        "the journal moved the sources"
    );
}

#[test]
fn a_symlinked_lock_file_is_not_written_through() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "articles/a.txt", &article(1));
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"T\"\nsrc = \"articles\"\n[output.markdown]\n",
    );
    write(d.path(), "thesis.txt", "MY THESIS");
    std::fs::create_dir_all(d.path().join("book")).unwrap();
    std::os::unix::fs::symlink(
        d.path().join("thesis.txt"),
        d.path().join("book/.galley.lock"),
    )
    .unwrap();
    let o = galley(d.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(d.path().join("thesis.txt")).unwrap(),
        "MY THESIS"
    );
}

#[test]
fn theme_files_and_covers_are_confined_regular_files() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.css", "SECRET");
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "articles/a.txt", &article(1));
    write(d.path(), "th/css/article.css", "body{}");
    std::fs::remove_file(d.path().join("th/css/article.css")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.css"),
        d.path().join("th/css/article.css"),
    )
    .unwrap();
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"T\"\nsrc = \"articles\"\n[output.html]\ntheme = \"th\"\n",
    );
    let o = galley(d.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("outside the theme folder"),
        "{}",
        stderr(&o)
    );
    // A FIFO as the cover fails at once instead of hanging.
    let fifo = d.path().join("cover.png");
    if Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        write(
            d.path(),
            "book.toml",
            "[book]\ntitle = \"T\"\nsrc = \"articles\"\n[output.epub]\ncover = \"cover.png\"\n",
        );
        let o = galley_within(d.path(), &["build"], Duration::from_secs(30));
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    }
}

#[test]
fn another_build_folder_inside_the_sources_is_not_read_back() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "articles/a.txt", &article(1));
    write(d.path(), "articles/b.txt", &article(2));
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"T\"\nsrc = \"articles\"\n[output.markdown]\n",
    );
    let o = galley(d.path(), &["build", "--dest", "articles/sub"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = galley(d.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("built 2 articles"), "{}", stderr(&o));
}

#[test]
fn user_files_named_like_temp_files_survive_a_build() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "articles/a.txt", &article(1));
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"T\"\nsrc = \"articles\"\n[output.markdown]\n",
    );
    write(d.path(), "book/.galley-stage-mine/important.txt", "x");
    write(d.path(), "book/.galley-notes.tmp", "x");
    let o = galley(d.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        d.path()
            .join("book/.galley-stage-mine/important.txt")
            .is_file()
    );
    assert!(d.path().join("book/.galley-notes.tmp").is_file());
}
