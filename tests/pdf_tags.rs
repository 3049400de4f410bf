//! Tagged PDF (issue 14 item 5): the structure tree read back with lopdf.
//! Every page's text is marked content whose MCID the parent tree maps to
//! an element holding it, or an artifact; headings, lists, quotes,
//! figures (with /Alt), links (with their annotation), code and each
//! article's /Lang are in the tree in reading order; hyphenated words carry
//! the whole word as /ActualText; `standard = "a-2b" | "ua-1"` adds XMP
//! metadata agreeing with the document information (and an sRGB output
//! intent for PDF/A).

use galley::model::{Article, Book, BookMeta, Document, Section};
use galley::render::pdf::render_pdf;
use galley::render::{Mode, RenderContext};
use galley::time::BuildTime;
use lopdf::content::Content;
use lopdf::{Dictionary, Object, ObjectId};
use std::collections::{BTreeMap, HashMap};

fn doc(md: &str) -> Document {
    galley::normalize::normalize_str(md, galley::read::Format::Markdown).0
}

const FIRST: &str = "---\ntitle: Harbour accounts reviewed\nlanguage: en\n---\n\n\
The council's auditors published their review of the harbour accounts on Monday, \
with recommendations about [the dredging budget](https://example.org/dredging) and \
the ferry subsidy.\n\n\
## What the auditors found\n\n\
Notwithstanding considerable administrative reorganisation, the interdepartmental \
accountability arrangements remained incomprehensibly overcomplicated, \
characteristically underperforming and institutionally unaccountable, the \
auditors wrote, recommending simplification, standardisation and \
internationalisation of the procurement documentation.\n\n\
#### A detail\n\n\
- The dredging contract was signed late.\n\
- The fuel bills were paid twice.\n\n\
> We will publish a reply within a month.\n\n\
![A red chart of harbour income](chart.png)\n\n\
```\nincome   2023   2024\nfees     410    455\n```\n";

const SECOND: &str = "---\ntitle: Neue Fähre für die Inseln\nlanguage: de\n---\n\n\
Die Gemeinde hat am Dienstag eine neue Fähre für die Verbindung zu den äußeren \
Inseln bestellt.\n";

fn book() -> Book {
    let mut meta = BookMeta::new("Harbour & Islands Review");
    meta.authors = vec!["Review Desk".into()];
    meta.date = Some("2024-04-02".into());
    meta.language = "en".into();
    let arts = vec![
        Article::new("a1", "a1.md", doc(FIRST)),
        Article::new("a2", "a2.md", doc(SECOND)),
    ];
    Book::new(meta, vec![Section::new(None, arts)])
}

fn ctx(toml: &str) -> RenderContext {
    let mut c = RenderContext::new(Mode::Collection, BuildTime::fixed(1_712_016_000));
    let cfg = galley::config::BookConfig::parse(
        &format!("[book]\ntitle = \"T\"\n[output.pdf]\n{toml}"),
        std::path::Path::new("book.toml"),
    )
    .expect("book.toml");
    c.options
        .insert("pdf", cfg.output("pdf").expect("pdf").options.clone());
    c
}

struct Elem {
    role: String,
    dict: Dictionary,
}

fn deref<'a>(pdf: &'a lopdf::Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(r) => pdf.get_object(*r).expect("reference"),
        o => o,
    }
}

fn text_of(o: &Object) -> String {
    let b = o.as_str().expect("string");
    if b.starts_with(&[0xFE, 0xFF]) {
        let u: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&u)
    } else {
        String::from_utf8_lossy(b).into_owned()
    }
}

/// Every structure element, in reading (depth-first) order.
fn elements(pdf: &lopdf::Document) -> Vec<(ObjectId, Elem)> {
    let cat = pdf.catalog().expect("catalog");
    let root = pdf
        .get_dictionary(cat.get(b"StructTreeRoot").unwrap().as_reference().unwrap())
        .unwrap();
    let mut out = Vec::new();
    let mut stack: Vec<ObjectId> = root
        .get(b"K")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|k| k.as_reference().unwrap())
        .collect();
    while let Some(id) = stack.pop() {
        let d = pdf.get_dictionary(id).unwrap().clone();
        let role = String::from_utf8(d.get(b"S").unwrap().as_name().unwrap().to_vec()).unwrap();
        if let Ok(kids) = d.get(b"K").and_then(Object::as_array) {
            for k in kids.iter().rev() {
                if let Object::Reference(r) = k {
                    stack.push(*r);
                }
            }
        }
        out.push((id, Elem { role, dict: d }));
    }
    out
}

fn parent_tree(pdf: &lopdf::Document) -> BTreeMap<i64, Object> {
    let cat = pdf.catalog().unwrap();
    let root = pdf
        .get_dictionary(cat.get(b"StructTreeRoot").unwrap().as_reference().unwrap())
        .unwrap();
    let pt = pdf
        .get_dictionary(root.get(b"ParentTree").unwrap().as_reference().unwrap())
        .unwrap();
    let nums = pt.get(b"Nums").unwrap().as_array().unwrap();
    nums.chunks(2)
        .map(|c| (c[0].as_i64().unwrap(), c[1].clone()))
        .collect()
}

/// Whether element `e` holds MCID `mcid` on page `page`.
fn holds(e: &Dictionary, page: ObjectId, mcid: i64) -> bool {
    let pg = e.get(b"Pg").ok().and_then(|p| p.as_reference().ok());
    e.get(b"K")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .any(|k| match k {
            Object::Integer(n) => *n == mcid && pg == Some(page),
            Object::Dictionary(d) => {
                d.get(b"MCID").ok().and_then(|m| m.as_i64().ok()) == Some(mcid)
                    && d.get(b"Pg").ok().and_then(|p| p.as_reference().ok()) == Some(page)
            }
            _ => false,
        })
}

#[test]
fn every_page_is_marked_and_the_tree_holds_what_the_article_has() {
    let b = book();
    let out = render_pdf(&b, &ctx("")).expect("renders");
    let pdf = lopdf::Document::load_mem(&out.bytes).expect("reads back");
    let cat = pdf.catalog().unwrap();
    let mark = deref(&pdf, cat.get(b"MarkInfo").unwrap())
        .as_dict()
        .unwrap();
    assert!(mark.get(b"Marked").unwrap().as_bool().unwrap());
    assert_eq!(text_of(cat.get(b"Lang").unwrap()), "en");
    let vp = deref(&pdf, cat.get(b"ViewerPreferences").unwrap())
        .as_dict()
        .unwrap();
    assert!(vp.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());

    let elems = elements(&pdf);
    let by_id: HashMap<ObjectId, &Elem> = elems.iter().map(|(i, e)| (*i, e)).collect();
    let roles: Vec<&str> = elems.iter().map(|(_, e)| e.role.as_str()).collect();
    for r in [
        "Document",
        "Sect",
        "TOC",
        "TOCI",
        "Art",
        "H1",
        "H2",
        "H3",
        "P",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "BlockQuote",
        "Figure",
        "Link",
        "Code",
    ] {
        assert!(roles.contains(&r), "no {r} in {roles:?}");
    }
    // The level-4 heading after a level 2 is tagged H3: no level skipped.
    assert!(!roles.contains(&"H4"), "{roles:?}");
    // Reading order: the first article's H1 comes before its H2, the
    // second article after both.
    let pos = |r: &str| roles.iter().position(|x| *x == r).unwrap();
    assert!(pos("Art") < pos("H2") && pos("H2") < pos("L") && pos("L") < pos("Figure"));
    // Each article has its language.
    let langs: Vec<String> = elems
        .iter()
        .filter(|(_, e)| e.role == "Art")
        .map(|(_, e)| text_of(e.dict.get(b"Lang").unwrap()))
        .collect();
    assert_eq!(langs, vec!["en", "de"]);
    // The figure's alternate description is its alt text.
    let fig = elems.iter().find(|(_, e)| e.role == "Figure").unwrap();
    assert_eq!(
        text_of(fig.1.dict.get(b"Alt").unwrap()),
        "A red chart of harbour income"
    );

    // Every painting operator is inside an artifact or an MCID sequence
    // that the parent tree maps to an element holding it.
    let parents = parent_tree(&pdf);
    let mut mcids = 0;
    let mut artifacts = 0;
    let mut actual_texts = Vec::new();
    for (pno, (_, page_id)) in pdf.get_pages().into_iter().enumerate() {
        let page = pdf.get_dictionary(page_id).unwrap();
        let key = page.get(b"StructParents").unwrap().as_i64().unwrap();
        let arr = deref(&pdf, &parents[&key]).as_array().unwrap().clone();
        let content = Content::decode(&pdf.get_page_content(page_id)).unwrap();
        let mut stack: Vec<(Vec<u8>, Option<i64>)> = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" | "BMC" => {
                    let tag = op.operands[0].as_name().unwrap().to_vec();
                    let props = op.operands.get(1).and_then(|p| p.as_dict().ok());
                    let mcid = props.and_then(|d| d.get(b"MCID").ok()?.as_i64().ok());
                    if let Some(a) = props.and_then(|d| d.get(b"ActualText").ok()) {
                        actual_texts.push(text_of(a));
                    }
                    if let Some(m) = mcid {
                        mcids += 1;
                        let e = arr[m as usize]
                            .as_reference()
                            .expect("MCID maps to an element");
                        assert!(
                            holds(&by_id[&e].dict, page_id, m),
                            "page {pno}: element does not hold MCID {m}"
                        );
                    }
                    stack.push((tag, mcid));
                }
                "EMC" => {
                    stack.pop().expect("EMC closes a sequence");
                }
                "TJ" | "Tj" | "S" | "f" | "Do" => {
                    if stack.iter().any(|(t, _)| t == b"Artifact") {
                        artifacts += 1;
                    } else {
                        assert!(
                            stack.iter().any(|(_, m)| m.is_some()),
                            "page {pno}: {} outside marked content",
                            op.operator
                        );
                    }
                }
                _ => {}
            }
        }
        assert!(stack.is_empty(), "page {pno}: sequence left open");
        // Link annotations belong to Link elements, which hold them.
        if let Ok(annots) = page.get(b"Annots").and_then(Object::as_array) {
            for a in annots {
                let aid = a.as_reference().expect("annotations are objects");
                let ad = pdf.get_dictionary(aid).unwrap();
                assert_eq!(ad.get(b"F").unwrap().as_i64().unwrap(), 4, "print flag");
                assert!(!text_of(ad.get(b"Contents").unwrap()).is_empty());
                let sp = ad.get(b"StructParent").unwrap().as_i64().unwrap();
                let e = parents[&sp].as_reference().unwrap();
                let el = by_id[&e];
                assert_eq!(el.role, "Link");
                let objr = el
                    .dict
                    .get(b"K")
                    .unwrap()
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|k| {
                        k.as_dict().is_ok_and(|d| {
                            d.get(b"Obj").ok().and_then(|o| o.as_reference().ok()) == Some(aid)
                        })
                    });
                assert!(objr, "the Link element holds its annotation");
            }
        }
    }
    assert!(mcids > 20, "{mcids}");
    assert!(
        artifacts > 5,
        "running heads, page numbers, rules: {artifacts}"
    );
    // The in-text link is a Link element whose text is the link's.
    let link_texts: Vec<String> = elems
        .iter()
        .filter(|(_, e)| e.role == "Link")
        .filter_map(|(_, e)| {
            let objr = e
                .dict
                .get(b"K")
                .ok()?
                .as_array()
                .ok()?
                .iter()
                .find_map(|k| k.as_dict().ok()?.get(b"Obj").ok()?.as_reference().ok())?;
            Some(text_of(
                pdf.get_dictionary(objr).ok()?.get(b"Contents").ok()?,
            ))
        })
        .collect();
    assert!(
        link_texts.iter().any(|t| t == "the dredging budget"),
        "{link_texts:?}"
    );

    // Hyphenated words: the part before the hyphen carries the whole word.
    let pages = &out.layout.pages;
    let lines: Vec<_> = pages.iter().flat_map(|p| p.lines.iter()).collect();
    let mut words = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        if l.hyphenated
            && let Some(next) = lines.get(k + 1)
        {
            let part = l
                .text
                .split_whitespace()
                .last()
                .unwrap()
                .trim_end_matches('-');
            let rest = next.text.split_whitespace().next().unwrap();
            words.push(format!("{part}{rest}"));
        }
    }
    assert!(!words.is_empty(), "the test paragraph hyphenates");
    for w in &words {
        assert!(
            actual_texts.contains(w),
            "no ActualText {w:?} in {actual_texts:?}"
        );
    }
    assert!(
        actual_texts.iter().any(String::is_empty),
        "the rest reads as nothing"
    );
}

fn metadata(pdf: &lopdf::Document) -> Option<String> {
    let cat = pdf.catalog().ok()?;
    let r = cat.get(b"Metadata").ok()?.as_reference().ok()?;
    let s = pdf.get_object(r).ok()?.as_stream().ok()?;
    Some(String::from_utf8(s.content.clone()).unwrap())
}

#[test]
fn pdf_a_2b_adds_xmp_that_agrees_with_the_info_and_an_srgb_intent() {
    let b = book();
    let plain = render_pdf(&b, &ctx("")).unwrap();
    let pdf = lopdf::Document::load_mem(&plain.bytes).unwrap();
    assert!(metadata(&pdf).is_none(), "no XMP without a standard");

    let out = render_pdf(&b, &ctx("standard = \"a-2b\"\n")).unwrap();
    let pdf = lopdf::Document::load_mem(&out.bytes).unwrap();
    let xmp = metadata(&pdf).expect("metadata stream");
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    assert!(xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(xmp.contains("<dc:language><rdf:Bag><rdf:li>en</rdf:li>"));
    let info = pdf
        .get_dictionary(pdf.trailer.get(b"Info").unwrap().as_reference().unwrap())
        .unwrap();
    let title = text_of(info.get(b"Title").unwrap());
    assert_eq!(title, "Harbour & Islands Review");
    assert!(xmp.contains("<rdf:li xml:lang=\"x-default\">Harbour &amp; Islands Review</rdf:li>"));
    assert!(xmp.contains(&format!(
        "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li>",
        text_of(info.get(b"Author").unwrap())
    )));
    assert_eq!(
        text_of(info.get(b"CreationDate").unwrap()),
        "D:20240402000000Z"
    );
    assert!(xmp.contains("<xmp:CreateDate>2024-04-02T00:00:00Z</xmp:CreateDate>"));
    assert!(xmp.contains(&format!(
        "<xmp:CreatorTool>{}</xmp:CreatorTool>",
        text_of(info.get(b"Creator").unwrap())
    )));
    let cat = pdf.catalog().unwrap();
    let intents = cat.get(b"OutputIntents").unwrap().as_array().unwrap();
    let oi = pdf
        .get_dictionary(intents[0].as_reference().unwrap())
        .unwrap();
    assert_eq!(oi.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
    let prof = pdf
        .get_object(
            oi.get(b"DestOutputProfile")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap()
        .as_stream()
        .unwrap();
    let bytes = prof
        .decompressed_content()
        .unwrap_or_else(|_| prof.content.clone());
    assert_eq!(&bytes[36..40], b"acsp");
    assert_eq!(&bytes[16..20], b"RGB ");
    assert!(pdf.trailer.get(b"ID").is_ok(), "file identifier");
    // Still tagged, and the same input gives the same bytes.
    assert!(cat.get(b"StructTreeRoot").is_ok());
    assert!(render_pdf(&b, &ctx("standard = \"a-2b\"\n")).unwrap().bytes == out.bytes);

    let ua = render_pdf(&b, &ctx("standard = \"ua-1\"\n")).unwrap();
    let pdf = lopdf::Document::load_mem(&ua.bytes).unwrap();
    let xmp = metadata(&pdf).expect("metadata stream");
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"));
    assert!(!xmp.contains("pdfaid:part"));
}

#[test]
fn an_unknown_standard_is_refused_with_the_allowed_values() {
    let e = galley::config::BookConfig::parse(
        "[book]\ntitle = \"T\"\n[output.pdf]\nstandard = \"pdf/a\"\n",
        std::path::Path::new("book.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("book.toml:4") && e.contains("a-2b") && e.contains("ua-1"),
        "{e}"
    );
}

/// The theme's serif face with its OS/2 fsType set to "restricted licence".
fn restricted_serif() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/fonts/NotoSerif-Regular.ttf"
    );
    let mut f = std::fs::read(path).expect("theme font");
    let n = u16::from_be_bytes([f[4], f[5]]) as usize;
    let os2 = (0..n)
        .map(|i| 12 + 16 * i)
        .find(|&r| &f[r..r + 4] == b"OS/2")
        .map(|r| u32::from_be_bytes([f[r + 8], f[r + 9], f[r + 10], f[r + 11]]) as usize)
        .expect("an OS/2 table");
    f[os2 + 8..os2 + 10].copy_from_slice(&2u16.to_be_bytes());
    f
}

#[test]
fn a_font_that_may_not_be_embedded_fails_a_standard_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("fonts")).unwrap();
    std::fs::write(
        dir.path().join("fonts/NotoSerif-Regular.ttf"),
        restricted_serif(),
    )
    .unwrap();
    let b = book();
    let mut c = ctx("standard = \"a-2b\"\n");
    c.theme = galley::theme::Theme::from_dir(dir.path()).unwrap();
    let e = render_pdf(&b, &c).unwrap_err().to_string();
    assert!(
        e.contains("NotoSerif-Regular.ttf")
            && e.contains("may not be embedded")
            && e.contains("a-2b"),
        "{e}"
    );
    // Without a standard the same book renders (as it always did).
    let mut plain = ctx("");
    plain.theme = galley::theme::Theme::from_dir(dir.path()).unwrap();
    assert!(render_pdf(&b, &plain).is_ok());
}
