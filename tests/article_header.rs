//! One presentation model: the same article header fields (title, byline,
//! dateline, date, source, original URL, credits) appear in the HTML page,
//! the EPUB chapter and the PDF, all read from one `ArticleView`; and the
//! words around them come from the theme's `strings.toml`.

use galley::model::{Block, Book, Document, Meta};
use galley::render::{Backend, Mode, RenderContext};
use galley::theme::Theme;
use galley::time::BuildTime;
use std::io::Read;

const TITLE: &str = "Night ferry to Kessmoor approved";
const AUTHOR: &str = "Ana Lima";
const DATELINE: &str = "KESSMOOR";
const DATE_SHOWN: &str = "2 April 2024";
const SOURCE: &str = "Harbour Post";
const URL: &str = "https://harbour.example/news/night-ferry";
const CREDIT: &str = "Reporting by Tom Berg; editing by Ines Calloway";

fn article() -> Book {
    let mut meta = Meta::titled(TITLE);
    meta.authors = vec![AUTHOR.into()];
    meta.dateline = Some(DATELINE.into());
    meta.date = Some("2024-04-02".into());
    meta.source = Some(SOURCE.into());
    meta.url = Some(URL.into());
    meta.credits = Some(CREDIT.into());
    let doc = Document::new(
        meta,
        vec![Block::para(
            "KESSMOOR - The harbour board approved a night ferry on Tuesday.",
        )],
    );
    Book::single("night-ferry", doc)
}

fn ctx(theme: Theme) -> RenderContext {
    let mut c = RenderContext::new(Mode::Single, BuildTime::fixed(1_712_016_000));
    c.theme = theme;
    c
}

/// The HTML page with the entities minijinja writes decoded.
fn html(book: &Book, theme: Theme) -> String {
    let files = galley::render::html::HtmlBackend
        .render(book, &ctx(theme))
        .expect("HTML renders");
    String::from_utf8(files[0].bytes.clone())
        .expect("UTF-8")
        .replace("&#x2f;", "/")
}

/// The EPUB's article chapter (`OEBPS/a-ID.xhtml`).
fn epub_chapter(book: &Book, theme: Theme) -> String {
    let files = galley::render::epub::EpubBackend
        .render(book, &ctx(theme))
        .expect("EPUB renders");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(files[0].bytes.clone())).expect("ZIP");
    let mut s = String::new();
    z.by_name("OEBPS/a-night-ferry.xhtml")
        .expect("chapter")
        .read_to_string(&mut s)
        .expect("UTF-8");
    s
}

/// The PDF's text, line by line, as the typesetter set it.
fn pdf_text(book: &Book, theme: Theme) -> String {
    let out = galley::render::pdf::render_pdf(book, &ctx(theme)).expect("PDF renders");
    assert!(out.bytes.starts_with(b"%PDF-"));
    out.layout
        .pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| l.text.as_str()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_header_field_appears_in_html_epub_and_pdf() {
    let b = article();
    let outputs = [
        ("HTML", html(&b, Theme::default())),
        ("EPUB", epub_chapter(&b, Theme::default())),
        ("PDF", pdf_text(&b, Theme::default())),
    ];
    for (format, text) in &outputs {
        for (field, value) in [
            ("title", TITLE),
            ("byline", AUTHOR),
            ("dateline", DATELINE),
            ("date", DATE_SHOWN),
            ("source", SOURCE),
            ("URL", URL),
            ("credits", CREDIT),
        ] {
            // The dateline is also the body's first word: look for it in
            // the header, not the body.
            let header = match *format {
                "PDF" => {
                    text.split("KESSMOOR - The harbour")
                        .next()
                        .unwrap_or_default()
                        .to_string()
                        + text.rsplit("Tuesday.").next().unwrap_or_default()
                }
                _ => {
                    text.split("<div class=\"article-body\">")
                        .next()
                        .unwrap_or_default()
                        .to_string()
                        + text.rsplit("</div>").next().unwrap_or_default()
                }
            };
            assert!(
                header.contains(value),
                "{format}: the {field} ({value:?}) is missing from the header:\n{header}"
            );
        }
    }
    // HTML and EPUB write the same byline line.
    let line = format!(
        "<bdi>By <span class=\"author\">{AUTHOR}</span></bdi> · <bdi class=\"dateline\">{DATELINE}</bdi> · <bdi><time datetime=\"2024-04-02\">{DATE_SHOWN}</time></bdi>"
    );
    assert!(outputs[0].1.contains(&line), "{}", outputs[0].1);
    assert!(outputs[1].1.contains(&line), "{}", outputs[1].1);
    assert!(
        outputs[2].1.contains(&format!(
            "By {AUTHOR} · {DATELINE} · {SOURCE} · {DATE_SHOWN}"
        )),
        "{}",
        outputs[2].1
    );
}

fn theme_with_strings(toml: &str) -> (tempfile::TempDir, Theme) {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("strings.toml"), toml).expect("write");
    let t = Theme::from_dir(d.path()).expect("theme");
    (d, t)
}

#[test]
fn a_theme_string_changes_every_format() {
    let b = article();
    let (_d, theme) =
        theme_with_strings("[en]\nby = \"Written by\"\noriginal = \"Source page:\"\n");
    assert!(html(&b, theme.clone()).contains("Written by <span class=\"author\">"));
    let ch = epub_chapter(&b, theme.clone());
    assert!(ch.contains("Written by <span class=\"author\">"), "{ch}");
    assert!(ch.contains("Source page: <a href="), "{ch}");
    assert!(pdf_text(&b, theme.clone()).contains("Written by Ana Lima"));
    // Strings the theme does not change stay the built-in ones.
    assert!(html(&b, theme).contains(">Original article</a>"));
}

#[test]
fn strings_follow_the_document_language_with_english_as_fallback() {
    let mut b = article();
    b.meta.language = "fr-CA".into();
    let (_d, theme) = theme_with_strings("[fr]\nby = \"Par\"\n[de]\nby = \"Von\"\n");
    assert!(html(&b, theme.clone()).contains("Par <span class=\"author\">"));
    assert!(pdf_text(&b, theme.clone()).contains("Par Ana Lima"));
    // A language neither the theme nor galley translates: English.
    b.meta.language = "eo".into();
    assert!(html(&b, theme.clone()).contains("By <span class=\"author\">"));
    // One galley translates: its built-in words.
    b.meta.language = "es".into();
    assert!(html(&b, theme).contains("Por <span class=\"author\">"));
}

#[test]
fn the_epub_chapter_comes_from_the_theme() {
    let b = article();
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(d.path().join("epub")).expect("mkdir");
    std::fs::write(
        d.path().join("epub/chapter.xhtml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>{{ article.title }}</title></head><body><p class=\"mine\">{{ article.dateline }} &amp; {{ article.source }}</p>{{ body }}</body></html>\n",
    )
    .expect("write");
    let ch = epub_chapter(&b, Theme::from_dir(d.path()).expect("theme"));
    assert!(
        ch.contains("<p class=\"mine\">KESSMOOR &amp; Harbour Post</p>"),
        "{ch}"
    );
}
