//! Fonts for every script in the PDF: the multi-script fixture book
//! (tests/fixtures/intl-pdf) through `galley build`, the user's
//! `[output.pdf] fonts`, and one warning per article for what no font has.
//! Tests that need the system's Noto fonts skip, saying so, when they are
//! not installed (`apt install fonts-noto-core fonts-noto-cjk`).

use galley::render::pdf::fonts::system;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn galley(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1710403200")
        .output()
        .expect("run galley")
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/intl-pdf")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

fn installed(families: &[&str]) -> bool {
    let missing: Vec<&&str> = families.iter().filter(|f| !system::installed(f)).collect();
    if !missing.is_empty() {
        println!("skipped: {missing:?} not installed (apt install fonts-noto-core fonts-noto-cjk)");
    }
    missing.is_empty()
}

fn pdf_in(dir: &Path) -> Vec<u8> {
    let p = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("a PDF");
    std::fs::read(p).unwrap()
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn a_book_in_nine_scripts_prints_every_script_from_system_fonts() {
    let need = [
        "Noto Serif CJK JP",
        "Noto Serif CJK KR",
        "Noto Serif CJK SC",
        "Noto Naskh Arabic",
        "Noto Serif Hebrew",
        "Noto Serif Devanagari",
        "Noto Serif Thai",
    ];
    if !installed(&need) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("intl");
    copy_dir(&fixture(), &book);
    let out = galley(&book, &["build", "--dest", "out"]);
    let err = String::from_utf8_lossy(&out.stderr);
    println!("{err}");
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("have no glyphs"), "{err}");
    let pdf = pdf_in(&book.join("out"));
    // Each script from its Noto face (subset: a six-letter tag and `+`),
    // the CJK ones from the faces of the collection for the language.
    for name in [
        "+NotoSerifCJKjp-Regular",
        "+NotoSerifCJKkr-Regular",
        "+NotoSerifCJKsc-Regular",
        "+NotoSansCJKjp-Bold",
        "+NotoNaskhArabic-Regular",
        "+NotoSerifHebrew-Regular",
        "+NotoSerifDevanagari-Regular",
        "+NotoSerifThai-Regular",
        "+NotoSerif-Regular",
    ] {
        assert!(contains(&pdf, name), "{name} not in the PDF");
    }
    assert!(contains(&pdf, "/FontFile"), "fonts embedded");
}

#[test]
fn user_fonts_come_before_the_system_and_bad_ones_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir_all(d.join("articles")).unwrap();
    std::fs::write(
        d.join("articles/th.md"),
        "---\ntitle: Market\nlanguage: th\n---\n\nตลาดน้ำเปิดแล้ว and the boats run every hour.\n",
    )
    .unwrap();
    let toml = |fonts: &str| {
        format!(
            "[book]\ntitle = \"T\"\nsrc = \"articles\"\n[output.pdf]\nsystem-fonts = false\nfonts = [{fonts}]\n"
        )
    };
    // A file that is not there, and one that is not a font: errors naming them.
    std::fs::write(d.join("book.toml"), toml("\"fonts/none.ttf\"")).unwrap();
    let out = galley(d, &["build", "--dest", "out"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("fonts/none.ttf") && err.contains("book.toml"),
        "{err}"
    );
    std::fs::create_dir_all(d.join("fonts")).unwrap();
    std::fs::write(d.join("fonts/bad.ttf"), b"not a font at all").unwrap();
    std::fs::write(d.join("book.toml"), toml("\"fonts/bad.ttf\"")).unwrap();
    let out = galley(d, &["build", "--dest", "out"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("fonts/bad.ttf") && err.contains("not a TrueType/OpenType font"),
        "{err}"
    );
    // Without fonts for Thai: one warning naming the file, the script, the fix.
    std::fs::write(d.join("book.toml"), toml("")).unwrap();
    let out = galley(d, &["build", "--dest", "out"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("have no glyphs"))
        .collect();
    println!("{lines:#?}");
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].contains("articles/th.md") && lines[0].contains("Thai"));
    assert!(lines[0].contains("[output.pdf] fonts"));
    // A Thai font of the user's: no warning, even with system fonts off.
    let thai = system_font_file("Noto Sans Thai");
    let Some(thai) = thai else {
        println!("skipped the rest: Noto Sans Thai is not installed (apt install fonts-noto-core)");
        return;
    };
    std::fs::copy(&thai, d.join("fonts/thai.ttf")).unwrap();
    std::fs::write(d.join("book.toml"), toml("\"fonts/thai.ttf\"")).unwrap();
    let out = galley(d, &["build", "--dest", "out"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("have no glyphs"), "{err}");
    assert!(contains(&pdf_in(&d.join("out")), "+NotoSansThai"));
}

/// The file of an installed family, if any.
fn system_font_file(family: &str) -> Option<PathBuf> {
    let dirs = ["/usr/share/fonts", "/usr/local/share/fonts"];
    let want = family.replace(' ', "") + "-Regular.ttf";
    fn find(dir: &Path, name: &str) -> Option<PathBuf> {
        for e in std::fs::read_dir(dir).ok()? {
            let p = e.ok()?.path();
            if p.is_dir() {
                if let Some(f) = find(&p, name) {
                    return Some(f);
                }
            } else if p.file_name().is_some_and(|n| n == name) {
                return Some(p);
            }
        }
        None
    }
    dirs.iter().find_map(|d| find(Path::new(d), &want))
}

#[test]
fn convert_to_pdf_warns_once_per_article() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // A Korean page with a few symbols: one line for Hangul, one for symbols,
    // whatever the system has (system fonts off in a book is tested above;
    // here `convert` may find Noto: then nothing is printed at all).
    std::fs::write(
        d.join("seoul.md"),
        "---\ntitle: 서울 시청 앞 광장\nlanguage: ko\n---\n\n서울시는 광장에 나무 백 그루를 심었다. 기온은 −3 °C였다. ⓒ 시청\n\n시민들은 주말마다 광장에서 산책을 즐긴다.\n",
    )
    .unwrap();
    let out = galley(
        d,
        &["convert", "seoul.md", "--to", "pdf", "-o", "seoul.pdf"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("have no glyphs"))
        .collect();
    println!("{lines:#?}");
    assert!(lines.len() <= 2, "{err}");
    for l in &lines {
        assert!(l.contains("seoul"), "{l}");
    }
    if installed(&["Noto Serif CJK KR", "Noto Sans Symbols"]) {
        assert!(lines.is_empty(), "{err}");
    } else {
        assert!(lines.iter().any(|l| l.contains("Hangul")), "{err}");
    }
}

#[test]
fn the_multi_script_book_is_reproducible_with_one_thread_or_many() {
    // System faces are loaded by whichever shaping thread needs them first;
    // the PDF must not depend on that order.
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("intl");
    copy_dir(&fixture(), &book);
    let mut pdfs = Vec::new();
    for (k, threads) in ["4", "4", "1"].iter().enumerate() {
        let dest = format!("out{k}");
        let out = Command::new(env!("CARGO_BIN_EXE_galley"))
            .args(["build", "-q", "--dest", &dest])
            .current_dir(&book)
            .env("SOURCE_DATE_EPOCH", "1710403200")
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .expect("run galley");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        pdfs.push(pdf_in(&book.join(dest)));
    }
    assert!(pdfs[0] == pdfs[1], "two builds differ");
    assert!(pdfs[0] == pdfs[2], "one thread and four differ");
}
