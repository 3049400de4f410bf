//! Reproducible output: a book or article with no dates gives the same bytes
//! on every build, without `SOURCE_DATE_EPOCH` and without the clock; a
//! malformed `SOURCE_DATE_EPOCH` is an error; times before 1980 clamp to
//! 1980-01-01 00:00 in ZIP entries.
//!
//! This file is its own test process, and only its library test touches the
//! process environment (removing `SOURCE_DATE_EPOCH`), under a mutex; the
//! other tests set the variable on the `galley` child process only.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Mutex;

static ENV: Mutex<()> = Mutex::new(());

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// A book with no date anywhere: not in `book.toml`, not in any article.
fn dateless_book() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    write(
        d.path(),
        "book.toml",
        "[book]\ntitle = \"Undated Digest\"\nsrc = \"articles\"\n\n[output.epub]\n[output.pdf]\n",
    );
    write(
        d.path(),
        "articles/a.txt",
        "Harbour wall repaired\n\nThe council finished the repairs to the harbour wall.\n\nWork on the slipway starts next.\n",
    );
    write(
        d.path(),
        "articles/b.md",
        "---\ntitle: Library opens on Sundays\nauthors: [Ana Lima]\n---\n\nThe central library will open on Sunday afternoons.\n",
    );
    d
}

fn build(dir: &Path, dest: &Path) -> Vec<(String, Vec<u8>)> {
    let opts = galley::build::BuildOptions {
        dest: Some(dest.to_path_buf()),
        ..Default::default()
    };
    galley::build::build(dir, &opts, &galley::build::Silent).expect("build");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dest)
        .expect("dest")
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read output"),
            )
        })
        .collect();
    files.sort();
    files
}

fn zip_entry(epub: &[u8], suffix: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("EPUB is a ZIP");
    let name = z
        .file_names()
        .find(|n| n.ends_with(suffix))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no {suffix} in the EPUB"));
    let mut s = String::new();
    z.by_name(&name)
        .expect("entry")
        .read_to_string(&mut s)
        .expect("UTF-8 entry");
    s
}

fn galley(dir: &Path, args: &[&str], sde: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_galley"));
    c.args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH");
    if let Some(v) = sde {
        c.env("SOURCE_DATE_EPOCH", v);
    }
    c.output().expect("run galley")
}

#[test]
fn dateless_book_builds_are_byte_identical_and_never_read_the_clock() {
    let _g = ENV.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: this test holds the lock every environment access of this
    // process takes; the other tests only set the child's environment.
    unsafe { std::env::remove_var("SOURCE_DATE_EPOCH") };
    let book = dateless_book();
    let out = tempfile::tempdir().expect("tempdir");
    let first = build(book.path(), &out.path().join("one"));
    // Cross a second boundary: a clock read would now give other bytes.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = build(book.path(), &out.path().join("two"));
    let names: Vec<&str> = first.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.iter().any(|n| n.ends_with(".epub")) && names.iter().any(|n| n.ends_with(".pdf")),
        "{names:?}"
    );
    for ((n1, b1), (n2, b2)) in first.iter().zip(&second) {
        assert_eq!(n1, n2);
        assert!(b1 == b2, "{n1} differs between two builds of the same book");
    }
    let epub = &first
        .iter()
        .find(|(n, _)| n.ends_with(".epub"))
        .expect("epub")
        .1;
    let opf = zip_entry(epub, ".opf");
    assert!(
        opf.contains(">1980-01-01T00:00:00Z</meta>"),
        "dcterms:modified is not the documented undated time:\n{opf}"
    );
    assert!(
        !opf.contains("<dc:date"),
        "an undated book states a date:\n{opf}"
    );
    // Readers see no made-up date: not on the title page, not on the cover.
    let title = zip_entry(epub, "title.xhtml");
    assert!(!title.contains("book-date"), "{title}");
    let cover = zip_entry(epub, "cover.svg");
    assert!(
        !cover.contains("1980") && !cover.contains("2026"),
        "{cover}"
    );
    let pdf = &first
        .iter()
        .find(|(n, _)| n.ends_with(".pdf"))
        .expect("pdf")
        .1;
    let text = String::from_utf8_lossy(pdf);
    assert!(
        !text.contains("/CreationDate") && !text.contains("/ModDate"),
        "an undated PDF carries a date"
    );
}

#[test]
fn dateless_article_converts_to_the_same_epub_and_pdf_every_time() {
    let d = tempfile::tempdir().expect("tempdir");
    write(
        d.path(),
        "x.txt",
        "Ferry timetable changes\n\nThe spring timetable starts on Monday.\n",
    );
    let mut outputs = Vec::new();
    for run in ["one", "two"] {
        let o = galley(
            d.path(),
            &["convert", "x.txt", "--to", "epub,pdf", "-o", run, "--quiet"],
            None,
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        outputs.push((
            std::fs::read(d.path().join(run).join("x.epub")).expect("epub"),
            std::fs::read(d.path().join(run).join("x.pdf")).expect("pdf"),
        ));
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }
    assert!(outputs[0].0 == outputs[1].0, "EPUB differs between runs");
    assert!(outputs[0].1 == outputs[1].1, "PDF differs between runs");
    assert!(zip_entry(&outputs[0].0, ".opf").contains(">1980-01-01T00:00:00Z</meta>"));
}

#[test]
fn malformed_source_date_epoch_is_an_error_naming_the_variable() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "x.txt", "Title\n\nSome text for the article.\n");
    for bad in ["garbage", "", "1.5e9", " 17"] {
        let o = galley(
            d.path(),
            &["convert", "x.txt", "--to", "epub", "-o", "out"],
            Some(bad),
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            !o.status.success(),
            "SOURCE_DATE_EPOCH={bad:?} was accepted"
        );
        assert!(err.contains("SOURCE_DATE_EPOCH"), "{bad:?}: {err}");
        assert!(!d.path().join("out").join("x.epub").exists());
    }
    // Through a book as well.
    let book = dateless_book();
    let o = galley(book.path(), &["build", "--dest", "out"], Some("garbage"));
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("SOURCE_DATE_EPOCH"));
}

#[test]
fn source_date_epoch_before_1980_clamps_zip_entries_to_1980_01_01() {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "x.txt", "Title\n\nSome text for the article.\n");
    let o = galley(
        d.path(),
        &["convert", "x.txt", "--to", "epub", "-o", "out", "--quiet"],
        Some("-5"),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(d.path().join("out/x.epub")).expect("epub");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    for i in 0..z.len() {
        let e = z.by_index(i).expect("entry");
        let t = e.last_modified().expect("time");
        assert_eq!(
            (
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
            (1980, 1, 1, 0, 0, 0),
            "{}",
            e.name()
        );
    }
}

#[test]
fn source_date_epoch_sets_the_time_of_a_dateless_book() {
    let book = dateless_book();
    let o = galley(
        book.path(),
        &["build", "--dest", "out", "--quiet"],
        Some("1712016000"),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let epub = std::fs::read_dir(book.path().join("out"))
        .expect("out")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "epub"))
        .expect("epub");
    let opf = zip_entry(&std::fs::read(epub).expect("epub"), ".opf");
    assert!(opf.contains(">2024-04-02T00:00:00Z</meta>"), "{opf}");
}
