//! Code, images and addresses in every format (issue 14, items 3, 4 and 6):
//! the fixture book `tests/fixtures/media/` (a code block with aligned
//! columns and an over-long line, inline code, a local PNG with alpha and a
//! local JPEG, a missing image, a remote image, a URL and an e-mail
//! address) built as Markdown, HTML, EPUB, PDF and plain text.

use galley::build::{BuildOptions, Observer, build};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/media");

const BOOK: &str = "[book]\ntitle = \"Harbour Figures\"\nlanguage = \"en\"\ndate = 2025-06-02\nsrc = \"story\"\n\n[build]\nbuild-dir = \"out\"\n\n[output.markdown]\n[output.html]\n[output.epub]\n[output.pdf]\nsystem-fonts = false\n[output.txt]\n";

#[derive(Default)]
struct Warnings(Mutex<Vec<String>>);
impl Observer for Warnings {
    fn warn(&self, msg: &str) {
        self.0.lock().unwrap().push(msg.to_string());
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// The fixture built in a temporary folder; the warnings of the build.
fn built() -> (tempfile::TempDir, Vec<String>) {
    let d = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FIXTURE), d.path());
    std::fs::write(d.path().join("book.toml"), BOOK).unwrap();
    let w = Warnings::default();
    build(d.path(), &BuildOptions::default(), &w).unwrap();
    let warnings = w.0.into_inner().unwrap();
    (d, warnings)
}

fn only(dir: &Path, ext: &str) -> PathBuf {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    assert_eq!(v.len(), 1, "{v:?}");
    v.remove(0)
}

fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        out.insert(f.name().to_string(), b);
    }
    out
}

#[test]
fn every_format_carries_code_and_images() {
    let (d, warnings) = built();
    let out = d.path().join("out");
    let png = std::fs::read(d.path().join("story/chart.png")).unwrap();
    let jpg = std::fs::read(d.path().join("story/photo.jpg")).unwrap();

    // One warning for the missing image, naming the article and the path;
    // none for the remote one (never fetched).
    let about_images: Vec<&String> = warnings.iter().filter(|w| w.contains("image")).collect();
    assert_eq!(about_images.len(), 1, "{warnings:#?}");
    assert!(about_images[0].starts_with("story/article.md: image missing-notice.png:"));
    assert!(!warnings.iter().any(|w| w.contains("ferries.example")));

    // HTML: the images copied beside the pages, the page pointing at them.
    let html_dir = out.join("html");
    let page = std::fs::read_to_string(html_dir.join("ferry-fees-in-numbers.html")).unwrap();
    let images: Vec<PathBuf> = std::fs::read_dir(html_dir.join("images"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(images.len(), 2, "{images:?}");
    let chart = images
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .unwrap();
    assert_eq!(std::fs::read(chart).unwrap(), png);
    let chart_name = format!("images/{}", chart.file_name().unwrap().to_string_lossy());
    assert!(page.contains(&format!(
        "<img src=\"{chart_name}\" alt=\"Three bars rising from left to right\">"
    )));
    assert!(page.contains("<img src=\"https://ferries.example/img/new-ferry.jpg\""));
    assert!(!page.contains("missing-notice.png"));
    assert!(page.contains("<code>fee_eur</code>"));
    assert!(page.contains("Port      Fee    Crossing"));
    let body = &page[page.find("<article").unwrap()..page.find("</article>").unwrap()];
    insta::assert_snapshot!("media_html_article", body);

    // EPUB: the images as manifest items with their media types.
    let epub = std::fs::read(only(&out, "epub")).unwrap();
    let files = unzip(&epub);
    let opf = String::from_utf8(files["OEBPS/content.opf"].clone()).unwrap();
    assert!(opf.contains("media-type=\"image/png\""), "{opf}");
    assert!(opf.contains("media-type=\"image/jpeg\""));
    assert_eq!(files[&format!("OEBPS/{chart_name}")], png);
    assert!(files.values().any(|b| b == &jpg));
    let chapter = files
        .iter()
        .find(|(n, _)| n.contains("ferry-fees"))
        .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
        .unwrap();
    assert!(chapter.contains(&format!(
        "<img src=\"{chart_name}\" alt=\"Three bars rising from left to right\"/>"
    )));
    assert!(
        !chapter.contains("ferries.example/img"),
        "remote images stay out"
    );

    // PDF: both images embedded (the JPEG as it is), the mono face.
    let pdf = std::fs::read(only(&out, "pdf")).unwrap();
    let count = |needle: &[u8]| pdf.windows(needle.len()).filter(|w| *w == needle).count();
    assert_eq!(count(b"/Subtype/Image"), 3, "two images and one soft mask");
    assert_eq!(count(b"/DCTDecode"), 1);
    assert_eq!(count(b"/SMask"), 1);
    assert_eq!(count(&jpg), 1, "the JPEG's bytes unchanged");
    assert!(count(b"NotoSansMono") > 0);

    // Plain text and Markdown mark inline code.
    let txt = std::fs::read_dir(out.join("txt"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect::<String>();
    assert!(txt.contains("`fee_eur`"), "{txt}");
    assert!(txt.contains("Port      Fee    Crossing"));
    assert!(!txt.contains("[Image: ]"));
    let md = std::fs::read_dir(out.join("markdown"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect::<String>();
    // The Markdown folder has its images too, and points at them.
    assert_eq!(
        std::fs::read(out.join("markdown").join(&chart_name)).unwrap(),
        png
    );
    assert!(
        md.contains(&format!(
            "![Three bars rising from left to right]({chart_name}"
        )),
        "{md}"
    );
    assert!(md.contains("`fee_eur`"));
    assert!(md.contains("Port      Fee    Crossing"));
}

/// The fixture article converted alone (`galley convert`'s path), as a PDF.
fn article_pdf() -> galley::render::pdf::PdfOutput {
    use galley::render::{Mode, RenderContext, images};
    let path = Path::new(FIXTURE).join("story/article.md");
    let normalizer = galley::normalize::Normalizer::default_config();
    let c = galley::convert_file(&path, None, &normalizer).unwrap();
    let book = galley::model::Book::single("ferry-fees", c.doc);
    let mut ctx = RenderContext::new(Mode::Single, galley::time::BuildTime::fixed(0));
    let dir = path.parent().unwrap();
    let scope = images::ImageScope {
        root: dir.to_path_buf(),
        allow_outside: false,
        max_bytes: 1 << 20,
    };
    let mut found = images::Images::default();
    let a = book.articles().next().unwrap();
    images::collect_article(
        &mut found,
        &a.id,
        "article.md",
        &a.doc.blocks,
        dir,
        &scope,
        &mut |_| {},
    );
    ctx.images = std::sync::Arc::new(found);
    galley::render::pdf::render_pdf(&book, &ctx).unwrap()
}

#[test]
fn pdf_code_keeps_its_spacing_and_wraps_with_a_marker() {
    let out = article_pdf();
    let page = &out.layout.pages[0];
    let texts: Vec<&str> = page.lines.iter().map(|l| l.text.as_str()).collect();
    for row in [
        "Port      Fee    Crossing",
        "Harwick   12.50  45 min",
        "Lindvik    8.00  20 min",
    ] {
        assert!(texts.contains(&row), "{row:?} not in {texts:#?}");
    }
    // The over-long line: cut after a space, its rest after the marker.
    let k = texts
        .iter()
        .position(|t| t.starts_with("# a deliberately long line"))
        .unwrap();
    assert!(texts[k].ends_with(' '), "{:?}", texts[k]);
    assert!(texts[k + 1].starts_with("\u{2192} "), "{:?}", texts[k + 1]);
    // A line with no space: cut at the last glyph that fits; nothing lost.
    let k = texts
        .iter()
        .position(|t| t.starts_with("checksum="))
        .unwrap();
    let rest = texts[k + 1].strip_prefix("\u{2192} ").unwrap();
    let hex = "0123456789abcdef".repeat(6);
    assert_eq!(format!("{}{rest}", texts[k]), format!("checksum={hex}"));
    let (x0, _, x1, _) = page.block;
    for l in &page.lines {
        assert!(l.x + l.width <= x1 + 0.05, "{:?} overflows", l.text);
        assert!(l.x >= x0 - 0.05);
    }
    // Missing image: no bare label; the remote one: its alt text and caption.
    assert!(!texts.iter().any(|t| t.trim() == "Image:"));
    assert!(texts.contains(&"Image: The new ferry at the quay \u{2014} Operator photo"));
    // The URL is never hyphenated.
    assert!(
        page.lines
            .iter()
            .all(|l| !l.hyphenated || !l.text.contains("ports.example"))
    );
    // The missing image is the article's, not the PDF's, to report.
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}

#[test]
fn convert_copies_images_beside_the_html_page() {
    let d = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FIXTURE), d.path());
    let out = d.path().join("out");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(["convert", "story/article.md", "--to", "html", "-o"])
        .arg(out.join("page.html"))
        .current_dir(d.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        stderr.matches("image missing-notice.png").count(),
        1,
        "{stderr}"
    );
    let page = std::fs::read_to_string(out.join("page.html")).unwrap();
    let png = std::fs::read(d.path().join("story/chart.png")).unwrap();
    let name = std::fs::read_dir(out.join("images"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".png"))
        .unwrap();
    assert_eq!(std::fs::read(out.join("images").join(&name)).unwrap(), png);
    assert!(
        page.contains(&format!("<img src=\"images/{name}\"")),
        "{page}"
    );
}
