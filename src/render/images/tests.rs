use super::*;
use crate::model::{Article, Document, Section};

/// A 1x1 PNG (signature and IHDR are all `sniff` reads).
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";

fn book_with(srcs: &[&str]) -> Book {
    let blocks = srcs
        .iter()
        .map(|s| Block::Figure {
            src: s.to_string(),
            alt: "alt".into(),
            caption: Vec::new(),
        })
        .collect();
    let doc = Document {
        blocks,
        ..Document::default()
    };
    let mut book = Book::default();
    book.sections.push(Section::new(
        None,
        vec![Article::new("story", "news/story.md", doc)],
    ));
    book
}

fn scope(root: &Path) -> ImageScope {
    ImageScope {
        root: root.to_path_buf(),
        allow_outside: false,
        max_bytes: 1 << 20,
    }
}

#[test]
fn local_and_remote_sources() {
    assert!(is_local("chart.png"));
    assert!(is_local("img/chart one.png"));
    assert!(is_local("../chart.png"));
    assert!(!is_local("https://example.org/a.png"));
    assert!(!is_local("http://example.org/a.png"));
    assert!(!is_local("//cdn.example.org/a.png"));
    assert!(!is_local("data:image/png;base64,AAAA"));
    assert!(!is_local(""));
}

#[test]
fn kinds_by_signature() {
    assert_eq!(ImageKind::sniff(PNG), Some(ImageKind::Png));
    assert_eq!(
        ImageKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
        Some(ImageKind::Jpeg)
    );
    assert_eq!(ImageKind::sniff(b"GIF89a...."), Some(ImageKind::Gif));
    assert_eq!(
        ImageKind::sniff(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"\"/>"),
        Some(ImageKind::Svg)
    );
    assert_eq!(ImageKind::sniff(b"root:x:0:0:root"), None);
}

#[test]
fn found_missing_escaping_and_absolute_images() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("book");
    std::fs::create_dir_all(root.join("news")).unwrap();
    std::fs::write(root.join("news/chart.png"), PNG).unwrap();
    std::fs::write(tmp.path().join("secret.png"), PNG).unwrap();
    std::fs::write(root.join("news/notes.png"), b"not an image").unwrap();
    let book = book_with(&[
        "chart.png",
        "chart.png",
        "missing.png",
        "missing.png",
        "../../secret.png",
        "/etc/passwd.png",
        "notes.png",
        "https://example.org/remote.png",
    ]);
    let mut warnings = Vec::new();
    let images = collect(&book, &root, &scope(&root), &mut |w| warnings.push(w));
    let img = images.get("story", "chart.png").expect("chart.png read");
    assert_eq!(img.kind, ImageKind::Png);
    assert!(img.name.starts_with("images/chart-") && img.name.ends_with(".png"));
    assert_eq!(images.files().len(), 1);
    for src in [
        "missing.png",
        "../../secret.png",
        "/etc/passwd.png",
        "notes.png",
    ] {
        assert!(images.get("story", src).is_none(), "{src}");
    }
    assert!(
        images
            .get("story", "https://example.org/remote.png")
            .is_none()
    );
    // One warning per problem, naming the article and the path; none for
    // the remote image (never fetched) nor the repeated one.
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    assert!(
        warnings
            .iter()
            .all(|w| w.starts_with("news/story.md: image "))
    );
    assert!(warnings[0].contains("missing.png") && warnings[0].contains("no such file"));
    assert!(
        warnings[1].contains("outside the book folder"),
        "{}",
        warnings[1]
    );
    assert!(warnings[2].contains("absolute path"), "{}", warnings[2]);
    assert!(warnings[3].contains("not a PNG"), "{}", warnings[3]);
    // Allowed outside: the file beyond the book folder is read.
    let mut open = scope(&root);
    open.allow_outside = true;
    let images = collect(&book, &root, &open, &mut |_| {});
    assert!(images.get("story", "../../secret.png").is_some());
}

#[test]
fn percent_escapes_are_decoded() {
    assert_eq!(percent_decode("a%20b.png"), "a b.png");
    assert_eq!(percent_decode("100%.png"), "100%.png");
}
