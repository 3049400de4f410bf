//! Issue 14's acceptance article (`tests/fixtures/complete/article.md`: a
//! table, footnotes, strikethrough, a task list, a code block and a local
//! PNG) converted by the `galley` binary to every format. The external
//! checks (EPUBCheck, the Nu checker, pdftotext, pdfimages, the tag
//! structure) run on the same article in `scripts/check-complete.sh`.

use std::path::Path;
use std::process::Command;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/complete/article.md"
);

fn convert(to: &str, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(["convert", FIXTURE, "--to", to, "--quiet", "-o"])
        .arg(out)
        .status()
        .expect("run galley");
    assert!(status.success(), "galley convert --to {to}");
}

fn has(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn every_format_carries_every_part() {
    let d = tempfile::tempdir().expect("tempdir");
    let p = |ext: &str| d.path().join(format!("a.{ext}"));
    for f in ["md", "html", "epub", "pdf", "txt"] {
        convert(f, &p(f));
    }

    let html = std::fs::read_to_string(p("html")).expect("html");
    // The table has no caption: none may be invented.
    assert!(!html.contains("<caption"), "HTML invented a caption");
    for want in [
        "<th scope=\"col\"",
        "role=\"doc-noteref\"",
        "role=\"doc-endnotes\"",
        "<del>planned for spring</del>",
        "type=\"checkbox\"",
        "<pre",
        "<img src=\"images/tide-chart-",
    ] {
        assert!(html.contains(want), "HTML has no {want}");
    }
    let images: Vec<_> = std::fs::read_dir(d.path().join("images"))
        .expect("images beside the page")
        .flatten()
        .collect();
    assert_eq!(images.len(), 1, "one image copied beside the page");

    let epub = std::fs::read(p("epub")).expect("epub");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("zip");
    let mut opf = String::new();
    let mut chapter = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let name = f.name().to_string();
        let mut s = String::new();
        if name.ends_with(".opf") {
            std::io::Read::read_to_string(&mut f, &mut opf).expect("opf");
        } else if name.ends_with(".xhtml") && std::io::Read::read_to_string(&mut f, &mut s).is_ok()
        {
            chapter.push_str(&s);
        }
    }
    assert!(
        opf.contains("media-type=\"image/png\""),
        "EPUB manifest: {opf}"
    );
    for want in [
        "<table",
        "epub:type=\"noteref\"",
        "epub:type=\"footnote\"",
        "<img ",
        "<del>",
    ] {
        assert!(chapter.contains(want), "EPUB has no {want}");
    }

    let md = std::fs::read_to_string(p("md")).expect("md");
    for want in [
        "| Section",
        "[^vote]",
        "~~planned for spring~~",
        "- [x] Notices",
        "```",
    ] {
        assert!(md.contains(want), "Markdown has no {want}:\n{md}");
    }
    convert_again(&p("md"), &d.path().join("b.md"));
    assert_eq!(
        md,
        std::fs::read_to_string(d.path().join("b.md")).expect("b.md"),
        "Markdown round-trips"
    );

    let pdf = std::fs::read(p("pdf")).expect("pdf");
    for want in ["NotoSansMono", "/StructTreeRoot", "/Figure"] {
        assert!(has(&pdf, want), "PDF has no {want}");
    }
    assert!(
        has(&pdf, "/Subtype/Image") || has(&pdf, "/Subtype /Image"),
        "PDF has no image XObject"
    );

    let txt = std::fs::read_to_string(p("txt")).expect("txt");
    assert!(txt.contains("Beacon reach"), "txt table");
    assert!(txt.contains("~~planned for spring~~"), "txt strikethrough");
    assert!(
        txt.contains("001   Outer bar     06:10  3.10"),
        "txt code spacing"
    );
}

fn convert_again(md: &Path, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(["convert"])
        .arg(md)
        .args(["--to", "md", "--quiet", "-o"])
        .arg(out)
        .status()
        .expect("run galley");
    assert!(status.success(), "galley convert again");
}
