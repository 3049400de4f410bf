//! Hostile content in every output format: one URL policy everywhere, HTML
//! free of the code points, language tags and URL characters the Nu HTML
//! checker refuses, and SVG covers that cannot run scripts.

use galley::model::{Article, Block, Book, BookMeta, Document, Inline, Meta, Section};
use galley::normalize::Normalizer;
use galley::read::Format;
use galley::render::{self, Mode, RenderContext};
use galley::time::BuildTime;
use std::io::Read;
use std::path::Path;

fn ctx(mode: Mode) -> RenderContext {
    RenderContext::new(mode, BuildTime::fixed(1_712_016_000))
}

fn markdown_doc(text: &str) -> Document {
    let n = Normalizer::default_config();
    galley::convert_bytes(text.as_bytes(), Path::new("a.md"), Format::Markdown, &n)
        .expect("convert")
        .doc
}

/// Every output file of `format` for `book`, as text (EPUB: every entry).
fn render_text(format: &str, book: &Book, mode: Mode) -> Vec<String> {
    let b = render::backend(format).unwrap_or_else(|| panic!("backend {format}"));
    let files = b.render(book, &ctx(mode)).expect("render");
    let mut out = Vec::new();
    for f in files {
        if format == "epub" {
            let mut z = zip::ZipArchive::new(std::io::Cursor::new(f.bytes)).expect("zip");
            for i in 0..z.len() {
                let mut e = z.by_index(i).expect("entry");
                let mut s = Vec::new();
                e.read_to_end(&mut s).expect("read entry");
                out.push(String::from_utf8_lossy(&s).into_owned());
            }
        } else {
            out.push(String::from_utf8_lossy(&f.bytes).into_owned());
        }
    }
    out
}

fn single(doc: Document) -> Book {
    Book::single("a", doc)
}

const ALL: [&str; 4] = ["markdown", "html", "epub", "pdf"];

#[test]
fn markdown_drops_javascript_url_from_front_matter() {
    let doc = markdown_doc(
        "---\ntitle: Hostile\nurl: javascript:alert(1)\n---\n\nThe body of the article is here.\n",
    );
    for format in ALL {
        for s in render_text(format, &single(doc.clone()), Mode::Single) {
            assert!(
                !s.to_ascii_lowercase().contains("javascript"),
                "{format} keeps the javascript: URL:\n{}",
                &s[..s.len().min(600)]
            );
        }
    }
}

#[test]
fn markdown_writer_applies_the_url_policy_to_any_document() {
    // A document built by a caller, not read by galley: the writer still
    // refuses the URL.
    let mut meta = Meta::titled("T");
    meta.url = Some(" JaVaScript:alert(1)".into());
    meta.language = Some("en us<".into());
    let doc = Document::new(meta, vec![Block::para("Text.")]);
    let md = galley::render::markdown::document(&doc).expect("markdown");
    assert!(!md.to_ascii_lowercase().contains("javascript"), "{md}");
    assert!(!md.contains("en us<"), "{md}");
    assert!(md.contains("title: T"), "{md}");
}

#[test]
fn uppercase_https_url_is_kept_in_every_format() {
    let doc = markdown_doc(
        "---\ntitle: Shouting scheme\nurl: HTTPS://example.com/x\n---\n\nSee [the report](HTTPS://example.com/y) for details.\n",
    );
    assert_eq!(doc.meta.url.as_deref(), Some("HTTPS://example.com/x"));
    let book = single(doc);
    let md = render_text("markdown", &book, Mode::Single).concat();
    assert!(md.contains("url: HTTPS://example.com/x"), "{md}");
    assert!(md.contains("(HTTPS://example.com/y)"), "{md}");
    // minijinja writes `/` as `&#x2f;` in attributes: the same URL.
    let html = render_text("html", &book, Mode::Single)
        .concat()
        .replace("&#x2f;", "/");
    assert!(
        html.contains("<link rel=\"canonical\" href=\"HTTPS://example.com/x\">"),
        "HTML drops the article URL"
    );
    assert!(
        html.contains("href=\"HTTPS://example.com/y\""),
        "HTML drops the link"
    );
    let epub = render_text("epub", &book, Mode::Single).concat();
    assert!(
        epub.contains("href=\"HTTPS://example.com/y\""),
        "EPUB drops the link"
    );
    let pdf = render_text("pdf", &book, Mode::Single).concat();
    assert!(pdf.contains("HTTPS://example.com/y"), "PDF drops the link");
    assert!(
        pdf.contains("HTTPS://example.com/x"),
        "PDF drops the article URL"
    );
}

/// Code points the Nu HTML checker reports as forbidden.
fn forbidden(c: char) -> bool {
    let n = c as u32;
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&n)
        || (n & 0xFFFE) == 0xFFFE
}

fn hostile_book() -> Book {
    let doc = |title: &str| {
        let mut meta = Meta::titled(format!("{title}\u{1} with a control"));
        meta.subtitle = Some("Dek \u{FFFF} here".into());
        meta.authors = vec!["Ann\u{7}Author".into()];
        meta.source = Some("Paper\u{85}".into());
        meta.language = Some("en us<".into());
        meta.url = Some("https://example.com/a<b c".into());
        Document::new(
            meta,
            vec![
                Block::para("Text with \u{FFFE} and \u{FFFF} and \u{1} and \u{FDD0}."),
                Block::Paragraph {
                    content: vec![Inline::Link {
                        url: "https://example.com/p<q>?r=s t#u#v".into(),
                        content: vec![Inline::text("a link")],
                    }],
                },
                Block::Figure {
                    src: "images/a b<c>.png".into(),
                    alt: "alt\u{1}".into(),
                    caption: vec![Inline::text("cap\u{FFFE}")],
                },
            ],
        )
    };
    let mut meta = BookMeta::new("Book\u{1} title");
    meta.subtitle = Some("Sub\u{FFFE}".into());
    meta.authors = vec!["Ed\u{1}itor".into()];
    meta.language = "garbage language!".into();
    meta.description = Some("About\u{FFFF}".into());
    Book::new(
        meta,
        vec![Section::new(
            Some("Part\u{1}".into()),
            vec![
                Article::new("one", "one.md", doc("One")),
                Article::new("two", "two.md", doc("Two")),
            ],
        )],
    )
}

#[test]
fn html_output_has_no_forbidden_code_points() {
    let book = hostile_book();
    let mut pages = render_text("html", &book, Mode::Collection);
    pages.extend(render_text(
        "html",
        &single(book.sections[0].articles[0].doc.clone()),
        Mode::Single,
    ));
    assert!(pages.len() >= 4);
    for p in &pages {
        let bad: Vec<String> = p
            .chars()
            .filter(|c| forbidden(*c))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(bad.is_empty(), "forbidden code points {bad:?} in:\n{p}");
    }
    // The text around them is kept.
    assert!(pages.iter().any(|p| p.contains("Book title")));
    assert!(
        pages
            .iter()
            .any(|p| p.contains("Text with  and  and  and ."))
    );
}

#[test]
fn html_lang_is_a_language_tag_or_the_default() {
    let book = hostile_book();
    let mut pages = render_text("html", &book, Mode::Collection);
    pages.extend(render_text(
        "html",
        &single(markdown_doc(
            "---\ntitle: T\nlanguage: \"en us<\"\n---\n\nBody text here.\n",
        )),
        Mode::Single,
    ));
    for garbage in ["zz", "english", "en-US-a", "\"en\\u0001\""] {
        pages.extend(render_text(
            "html",
            &single(markdown_doc(&format!(
                "---\ntitle: T\nlanguage: {garbage}\n---\n\nBody text here.\n"
            ))),
            Mode::Single,
        ));
    }
    for p in pages.iter().filter(|p| p.starts_with("<!DOCTYPE")) {
        assert!(
            p.contains("<html lang=\"en\" dir=\"ltr\">"),
            "{}",
            &p[..p.len().min(300)]
        );
        assert!(!p.contains("us&lt;") && !p.contains("garbage"), "{p}");
        assert!(!p.contains("\"zz\"") && !p.contains("\"english\""), "{p}");
        assert!(p.contains("\"inLanguage\":\"en\"") || !p.contains("inLanguage"));
    }
    // A real tag is kept, with `_` read as `-`.
    let fr = render_text(
        "html",
        &single(markdown_doc(
            "---\ntitle: T\nlanguage: pt_BR\n---\n\nBody text here.\n",
        )),
        Mode::Single,
    )
    .concat();
    assert!(fr.contains("<html lang=\"pt-BR\" dir=\"ltr\">"), "{fr}");
}

#[test]
fn html_hrefs_percent_encode_characters_urls_may_not_hold() {
    let pages = render_text("html", &hostile_book(), Mode::Collection);
    let all = pages.concat().replace("&#x2f;", "/");
    assert!(
        all.contains("href=\"https://example.com/p%3Cq%3E?r=s%20t#u%23v\""),
        "body link not encoded"
    );
    assert!(
        all.contains("href=\"https://example.com/a%3Cb%20c\""),
        "article URL not encoded"
    );
    assert!(
        all.contains("src=\"images/a%20b%3Cc%3E.png\""),
        "image not encoded"
    );
    // No attribute that takes a URL holds an escaped `<` or a space.
    for attr in ["href=\"", "src=\""] {
        for (k, _) in all.match_indices(attr) {
            let v = &all[k + attr.len()..];
            let v = &v[..v.find('"').unwrap_or(v.len())];
            assert!(!v.contains("&lt;") && !v.contains(' '), "{attr}{v}");
        }
    }
}

fn svg_file(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write svg");
    p
}

const SVG_HEAD: &str = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">";

#[test]
fn svg_cover_with_script_is_refused() {
    let d = tempfile::tempdir().expect("tempdir");
    let hostile = [
        ("script", format!("{SVG_HEAD}<script>alert(1)</script></svg>")),
        (
            "iframe",
            format!(
                "{SVG_HEAD}<foreignObject width=\"10\" height=\"10\"><iframe xmlns=\"http://www.w3.org/1999/xhtml\" src=\"javascript:alert(2)\"/></foreignObject></svg>"
            ),
        ),
        (
            "prefixed script",
            format!("{SVG_HEAD}<svg:script xmlns:svg=\"http://www.w3.org/2000/svg\">x()</svg:script></svg>"),
        ),
        ("event handler", format!("{SVG_HEAD}<rect onload = \"x()\"/></svg>")),
        (
            "encoded javascript: link",
            format!("{SVG_HEAD}<a href=\"&#106;ava&#x09;script:x()\"><rect/></a></svg>"),
        ),
        (
            "nested SVG document",
            format!("{SVG_HEAD}<image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/></svg>"),
        ),
        (
            "entity",
            "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY s \"&#60;script&#62;\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&s;</svg>".to_string(),
        ),
    ];
    for (what, text) in hostile {
        let p = svg_file(d.path(), "cover.svg", &text);
        let e = galley::render::epub::load_cover(&p)
            .err()
            .unwrap_or_else(|| panic!("SVG cover with {what} accepted"))
            .to_string();
        assert!(e.contains("refuses"), "{what}: {e}");
        assert!(e.contains("cover.svg"), "{what}: {e}");
    }
    // A plain drawing (with text that merely mentions scripts) is fine.
    let p = svg_file(
        d.path(),
        "plain.svg",
        &format!(
            "{SVG_HEAD}<!-- <script> in a comment --><title>Onion = script</title><rect width=\"10\" height=\"10\" fill=\"#123\"/><image href=\"data:image/png;base64,iVBORw0KGgo=\"/><text>About the script: one on = two</text></svg>"
        ),
    );
    let (bytes, mime, ext) = galley::render::epub::load_cover(&p).expect("plain SVG");
    assert_eq!((mime, ext), ("image/svg+xml", "svg"));
    assert!(!bytes.is_empty());
}

#[test]
fn book_with_scripted_svg_cover_fails_before_writing_anything() {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(d.path().join("articles")).expect("mkdir");
    std::fs::write(
        d.path().join("articles/a.txt"),
        "Title\n\nSome article text.\n",
    )
    .expect("write");
    std::fs::write(
        d.path().join("book.toml"),
        "[book]\ntitle = \"B\"\nsrc = \"articles\"\n\n[output.epub]\ncover = \"cover.svg\"\n",
    )
    .expect("write");
    svg_file(
        d.path(),
        "cover.svg",
        &format!("{SVG_HEAD}<script>alert(1)</script></svg>"),
    );
    let opts = galley::build::BuildOptions {
        dest: Some(d.path().join("out")),
        ..Default::default()
    };
    let e = galley::build::build(d.path(), &opts, &galley::build::Silent)
        .expect_err("scripted cover accepted")
        .to_string();
    assert!(e.contains("cover") && e.contains("<script>"), "{e}");
    assert!(!d.path().join("out").join("b.epub").exists());
}
