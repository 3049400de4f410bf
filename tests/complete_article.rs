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

fn num(o: &lopdf::Object) -> f32 {
    o.as_float()
        .or_else(|_| o.as_i64().map(|i| i as f32))
        .expect("a number")
}

/// The struck phrase (`~~planned for spring~~`) has a line drawn through
/// it: a stroked horizontal segment, as an artifact, in the colour of the
/// struck text's run, from where that run starts to where the next run
/// (the space after it) starts, half an x-height above their baseline.
/// Each footnote reference is a GoTo link to its note at the page foot and
/// each note's number a GoTo link back to the reference's line, every
/// annotation the `/OBJR` of a `Link` element.
#[test]
fn the_pdf_strikes_struck_text_and_links_the_notes() {
    use lopdf::Object;
    let d = tempfile::tempdir().expect("tempdir");
    let out = d.path().join("a.pdf");
    convert("pdf", &out);
    let pdf = lopdf::Document::load(&out).expect("lopdf reads it");
    let pages = pdf.get_pages();
    let (_, &page_id) = pages.iter().next().expect("a page");
    let ops = lopdf::content::Content::decode(&pdf.get_page_content(page_id))
        .expect("content")
        .operations;

    // Strokes (with their colour, width and whether inside an artifact)
    // and text runs (x, baseline, fill colour).
    let mut strokes = Vec::new();
    let mut runs = Vec::new();
    let (mut stroke, mut fill, mut width) = (vec![], vec![], 0.0f32);
    let mut from = None;
    let mut artifact = 0;
    for op in &ops {
        let f: Vec<f32> = op
            .operands
            .iter()
            .filter_map(|o| {
                o.as_float()
                    .ok()
                    .or_else(|| o.as_i64().ok().map(|i| i as f32))
            })
            .collect();
        match op.operator.as_str() {
            "BMC" | "BDC" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok());
                artifact += i32::from(name == Some(b"Artifact".as_slice()));
            }
            "EMC" => artifact = 0.max(artifact - 1),
            "RG" => stroke = f.clone(),
            "rg" => fill = f.clone(),
            "w" => width = num(&op.operands[0]),
            "m" => from = Some((f[0], f[1])),
            "l" => {
                if let Some((x0, y0)) = from.take() {
                    strokes.push((x0, y0, f[0], f[1], width, stroke.clone(), artifact > 0));
                }
            }
            "Tm" => runs.push((f[4], f[5], fill.clone())),
            _ => {}
        }
    }
    // Strokes through text: thin, horizontal, from the start of a text run
    // in their colour, a little above its baseline (not the table's rules).
    let strikes: Vec<_> = strokes
        .iter()
        .filter(|s| {
            s.1 == s.3
                && s.4 < 1.0
                && runs
                    .iter()
                    .any(|r| r.2 == s.5 && (r.0 - s.0).abs() < 0.02 && s.1 > r.1 && s.1 < r.1 + 5.0)
        })
        .collect();
    assert_eq!(
        strikes.len(),
        1,
        "one struck phrase on one line: {strokes:?}"
    );
    let &&(x0, y, x1, _, w, ref color, in_artifact) = &strikes[0];
    assert!(in_artifact, "the line is an artifact");
    assert!(w > 0.3, "{w}");
    let k = runs
        .iter()
        .position(|r| &r.2 == color && (r.0 - x0).abs() < 0.02)
        .expect("the struck run");
    let (_, base, _) = runs[k];
    let next = &runs[k + 1];
    assert_eq!(next.1, base, "the run after it is on the same line");
    assert!(
        (next.0 - x1).abs() < 0.02,
        "ends where the space after starts: {x1} {next:?}"
    );
    let rise = y - base;
    assert!(
        rise > 1.8 && rise < 3.5,
        "through the x-height's middle: {rise}"
    );

    // Tagged: the struck words are one `Span` with a line-through
    // decoration (PDF 1.7, 14.8.5.4.3) holding marked content.
    let spans: Vec<_> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(Object::as_name).ok() == Some(&b"Span"[..]))
        .filter(|d| {
            d.get(b"A").and_then(Object::as_dict).is_ok_and(|a| {
                a.get(b"O").and_then(Object::as_name).ok() == Some(&b"Layout"[..])
                    && a.get(b"TextDecorationType").and_then(Object::as_name).ok()
                        == Some(&b"LineThrough"[..])
            })
        })
        .collect();
    assert_eq!(spans.len(), 1, "one struck Span: {spans:?}");
    assert!(spans[0].has(b"K"), "it holds the struck text");

    // Links: two references to the foot, two numbers back up.
    let page = pdf.get_dictionary(page_id).expect("page");
    let annots = page
        .get(b"Annots")
        .and_then(Object::as_array)
        .expect("annots");
    let tree = {
        let cat = pdf.catalog().expect("catalog");
        let root = pdf
            .get_dictionary(
                cat.get(b"StructTreeRoot")
                    .and_then(Object::as_reference)
                    .expect("root"),
            )
            .expect("root");
        let pt = pdf
            .get_dictionary(
                root.get(b"ParentTree")
                    .and_then(Object::as_reference)
                    .expect("pt"),
            )
            .expect("pt");
        pt.get(b"Nums")
            .and_then(Object::as_array)
            .expect("nums")
            .clone()
    };
    let mut tops = Vec::new();
    for a in annots {
        let id = a.as_reference().expect("an indirect annotation");
        let d = pdf.get_dictionary(id).expect("annotation");
        let act = d.get(b"A").and_then(Object::as_dict).expect("action");
        assert_eq!(
            act.get(b"S").and_then(Object::as_name).ok(),
            Some(&b"GoTo"[..])
        );
        let dest = act.get(b"D").and_then(Object::as_array).expect("dest");
        assert_eq!(dest[0].as_reference().ok(), Some(page_id), "to this page");
        let rect: Vec<f32> = d
            .get(b"Rect")
            .and_then(Object::as_array)
            .expect("rect")
            .iter()
            .map(num)
            .collect();
        tops.push((rect[1], num(&dest[3])));
        // Tagged as the link annotations to the web are.
        let key = d
            .get(b"StructParent")
            .and_then(Object::as_i64)
            .expect("StructParent");
        let at = tree
            .chunks(2)
            .find(|c| c[0].as_i64().ok() == Some(key))
            .expect("in the parent tree");
        let elem = pdf
            .get_dictionary(at[1].as_reference().expect("elem"))
            .expect("elem");
        assert_eq!(
            elem.get(b"S").and_then(Object::as_name).ok(),
            Some(&b"Link"[..])
        );
        let kids = match elem.get(b"K").expect("kids") {
            Object::Array(k) => k.clone(),
            k => vec![k.clone()],
        };
        assert!(
            kids.iter().any(|k| k.as_dict().is_ok_and(|k| k
                .get(b"Obj")
                .and_then(Object::as_reference)
                .ok()
                == Some(id))),
            "the Link element holds its annotation: {kids:?}"
        );
    }
    assert_eq!(tops.len(), 4, "{tops:?}");
    // A reference (high on the page) goes down to the foot; a note's
    // number (at the foot) goes back up to its reference.
    let (refs, numbers): (Vec<_>, Vec<_>) = tops.iter().partition(|(y, _)| *y > 200.0);
    assert_eq!((refs.len(), numbers.len()), (2, 2), "{tops:?}");
    for (y, to) in &refs {
        assert!(*to < 120.0, "reference at {y} goes to the foot, not {to}");
    }
    for (y, to) in &numbers {
        assert!(
            refs.iter().any(|(ry, _)| (to - ry).abs() < 20.0),
            "number at {y} goes back to a reference: {to} {refs:?}"
        );
    }
}
