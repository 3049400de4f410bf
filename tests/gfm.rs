//! GitHub Flavored Markdown in every format: a fixture article of tables,
//! footnotes, strikethrough and a task list (tests/fixtures/gfm/) read into
//! the model, then written as Markdown (which reads back to the same
//! model), HTML, EPUB, plain text and PDF. The Markdown and the HTML body
//! are pinned as snapshots beside the fixture.

mod common;

use galley::model::{Align, Block, Book, Document, Inline, Table};
use galley::read::{Format, read_str};
use galley::render::{Backend, Mode, RenderContext};
use galley::time::BuildTime;
use std::io::Read;
use std::path::Path;

const FIXTURE: &str = "tests/fixtures/gfm/harbour-fees.md";

fn fixture() -> Document {
    let text = std::fs::read_to_string(FIXTURE).expect("fixture");
    galley::normalize::normalize_str(&text, Format::Markdown).0
}

fn ctx() -> RenderContext {
    RenderContext::new(Mode::Single, BuildTime::fixed(1_712_016_000))
}

fn table(doc: &Document) -> &Table {
    doc.blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .expect("a table")
}

#[test]
fn the_model_holds_the_table_notes_strike_and_tasks() {
    let doc = fixture();
    let t = table(&doc);
    assert_eq!(
        t.align,
        [Align::Left, Align::Right, Align::Right, Align::Center]
    );
    assert_eq!(t.header.len(), 4);
    assert_eq!(t.rows.len(), 4);
    assert_eq!(galley::model::inline_text(&t.rows[2][0]), "Greyhaven");
    let notes: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Note { label, .. } => Some(label.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(notes, ["schedule", "assoc"], "in order of reference, last");
    assert!(matches!(doc.blocks.last(), Some(Block::Note { .. })));
    let mut refs = Vec::new();
    let mut strike = false;
    let mut tasks = Vec::new();
    for b in &doc.blocks {
        galley::model::walk_inlines(b, &mut |i| match i {
            Inline::NoteRef { label } => refs.push(label.clone()),
            Inline::Strike { .. } => strike = true,
            Inline::Task { checked } => tasks.push(*checked),
            _ => {}
        });
    }
    assert_eq!(refs, ["schedule", "assoc"]);
    assert!(strike);
    assert_eq!(tasks, [true, true, false]);
    // Inline HTML: <em> and <br> read as the model's; <script> as text.
    let text = doc.plain_text();
    assert!(text.contains("<script>alert(1)</script>"), "{text}");
    let list = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::List { items, .. } => Some(items),
            _ => None,
        })
        .expect("the task list");
    let Block::Paragraph { content } = &list[2][0] else {
        panic!("a paragraph item");
    };
    assert!(content.iter().any(|i| matches!(i, Inline::Emphasis { .. })));
    assert!(content.iter().any(|i| matches!(i, Inline::LineBreak)));
}

#[test]
fn markdown_and_html_snapshots_and_the_markdown_reads_back() {
    let doc = fixture();
    let md = galley::render::markdown::document(&doc).expect("markdown");
    let html = galley::render::html::body_html(&doc.blocks, false);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gfm");
    common::settings(&dir, &dir.join("harbour-fees.md")).bind(|| {
        insta::assert_snapshot!("harbour-fees.md", md);
        insta::assert_snapshot!("harbour-fees.html", html);
    });
    let mut back = read_str(&md, Format::Markdown).into_document();
    back.meta.language_source = doc.meta.language_source.clone();
    assert_eq!(back, doc, "Markdown round trip:\n{md}");
}

#[test]
fn html_has_table_semantics_and_note_roles() {
    let doc = fixture();
    let html = galley::render::html::body_html(&doc.blocks, false);
    assert_eq!(html.matches("<th scope=\"col\"").count(), 4);
    assert!(html.contains("<td style=\"text-align: right\">24.75</td>"));
    assert_eq!(html.matches("role=\"doc-noteref\"").count(), 2);
    assert!(html.contains("<section class=\"footnotes\" role=\"doc-endnotes\">"));
    assert!(html.contains("<li id=\"fn-2\">"));
    assert!(html.contains("<a href=\"#fnref-1\" role=\"doc-backlink\">"));
    assert!(html.contains("<del>winter discount</del>"));
    assert_eq!(
        html.matches("<input type=\"checkbox\" disabled checked>")
            .count(),
        2
    );
    assert!(!html.contains("<script>"));
    assert!(!html.contains("epub:type"), "epub:type is for EPUB only");
}

#[test]
fn epub_notes_are_pop_up_footnotes() {
    let book = Book::single("harbour-fees", fixture());
    let files = galley::render::epub::EpubBackend
        .render(&book, &ctx())
        .expect("EPUB renders");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(files[0].bytes.clone())).expect("ZIP");
    let name = (0..z.len())
        .filter_map(|i| z.by_index(i).ok().map(|f| f.name().to_string()))
        .find(|n| n.starts_with("OEBPS/a-") && n.ends_with(".xhtml"))
        .expect("a chapter");
    let mut x = String::new();
    z.by_name(&name)
        .expect("chapter")
        .read_to_string(&mut x)
        .expect("UTF-8");
    assert_eq!(x.matches("epub:type=\"noteref\"").count(), 2, "{x}");
    assert_eq!(x.matches("<aside id=\"fn-").count(), 2);
    assert_eq!(x.matches("epub:type=\"footnote\"").count(), 2);
    assert!(x.contains("<th scope=\"col\""));
    assert!(x.contains("<input type=\"checkbox\" disabled=\"disabled\" checked=\"checked\"/>"));
}

#[test]
fn plain_text_aligns_columns_and_lists_notes_at_the_end() {
    let txt = galley::render::txt::document(&fixture());
    assert!(
        txt.contains("Port        Berths  Daily fee (EUR)  Change\n"),
        "{txt}"
    );
    assert!(
        txt.contains("Greyhaven      310            24.75   +8%\n"),
        "{txt}"
    );
    assert!(txt.contains("on Friday.[1] Most"), "{txt}");
    let end = txt.rfind("[2] The Coastal").expect("note 2 at the end");
    assert!(end > txt.find("A note on method").unwrap_or(usize::MAX));
    assert!(txt.contains("- [x] Check the berth class"));
}

fn pdf_lines(book: &Book) -> Vec<Vec<(f32, String)>> {
    let out = galley::render::pdf::render_pdf(book, &ctx()).expect("PDF renders");
    assert!(out.bytes.starts_with(b"%PDF-"));
    out.layout
        .pages
        .iter()
        .map(|p| p.lines.iter().map(|l| (l.y, l.text.clone())).collect())
        .collect()
}

#[test]
fn pdf_sets_each_table_row_on_one_line_in_order_and_notes_at_the_foot() {
    let pages = pdf_lines(&Book::single("harbour-fees", fixture()));
    let lines: Vec<&str> = pages[0].iter().map(|(_, t)| t.as_str()).collect();
    let rows = [
        "Port Berths Daily fee (EUR) Change",
        "Northwick 120 18.50 +12%",
        "Saltmarsh 45 9.00 none",
        "Greyhaven 310 24.75 +8%",
        "Little Orm 12 6.00 none",
    ];
    let at: Vec<usize> = rows
        .iter()
        .map(|r| {
            lines
                .iter()
                .position(|l| l == r)
                .unwrap_or_else(|| panic!("row {r:?} in {lines:#?}"))
        })
        .collect();
    assert!(
        at.windows(2).all(|w| w[1] == w[0] + 1),
        "rows in order: {at:?}"
    );
    // The notes: on the page of their reference, below every body line.
    let (note_y, _) = pages[0]
        .iter()
        .find(|(_, t)| t.starts_with("1. The schedule runs"))
        .expect("note 1 at the foot of page 1");
    let body_bottom = pages[0]
        .iter()
        .filter(|(_, t)| t.starts_with("A note on method"))
        .map(|(y, _)| *y)
        .fold(0.0, f32::max);
    assert!(*note_y > body_bottom + 50.0, "{note_y} vs {body_bottom}");
    assert!(lines.iter().any(|l| l.contains("Friday.\u{b9}")));
}

#[test]
fn a_long_table_repeats_its_header_on_the_next_page() {
    let mut md = String::from(
        "---\ntitle: Tide table\n---\n\n| Day | High water | Low water |\n| --- | ---: | ---: |\n",
    );
    for d in 1..=120 {
        md.push_str(&format!(
            "| Day {d} | {}:{:02} | {}:{:02} |\n",
            d % 12,
            d % 60,
            (d + 6) % 12,
            (d * 7) % 60
        ));
    }
    let doc = galley::normalize::normalize_str(&md, Format::Markdown).0;
    let pages = pdf_lines(&Book::single("tides", doc));
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let mut days = Vec::new();
    for p in &pages[1..] {
        let first = p
            .iter()
            .map(|(_, t)| t.as_str())
            .find(|t| t.starts_with("Day "))
            .expect("rows on the page");
        assert_eq!(first, "Day High water Low water", "the header first");
    }
    for p in &pages {
        for (_, t) in p {
            if let Some(n) = t
                .strip_prefix("Day ")
                .and_then(|r| r.split(' ').next())
                .and_then(|n| n.parse::<u32>().ok())
            {
                days.push(n);
            }
        }
    }
    assert_eq!(
        days,
        (1..=120).collect::<Vec<_>>(),
        "every row once, in order"
    );
}

#[test]
fn html_input_keeps_tables_and_footnotes() {
    let page = r##"<!doctype html><html lang="en"><head><title>Ferry times</title></head><body>
<article><h1>Ferry times</h1>
<p>The island ferry keeps its winter timetable until April, the operator said on Monday, after a season of storms that cancelled many crossings.<sup><a href="#fn1" id="r1">1</a></sup></p>
<p>Passengers were asked to check the times before travelling, as the smaller boat takes longer on the crossing in bad weather and may not sail at all.</p>
<table><caption>Winter sailings</caption>
<thead><tr><th>Route</th><th align="right">Departures</th><th style="text-align:center">Boat</th></tr></thead>
<tbody><tr><td>Harbour to Isle</td><td align="right">6</td><td>Gull</td></tr>
<tr><td>Isle to Harbour</td><td align="right">6</td><td>Gull</td></tr>
<tr><td>Harbour to Point</td><td align="right">2</td><td>Tern</td></tr></tbody></table>
<p>Fares are unchanged from last year, and <del>cash</del> cards are now accepted on board every crossing, the operator added in a statement.</p>
<section role="doc-endnotes"><hr><ol><li id="fn1"><p>Eleven crossings were cancelled in January alone. <a href="#r1" role="doc-backlink">↩</a></p></li></ol></section>
</article></body></html>"##;
    let doc = galley::normalize::normalize_str(page, Format::Html).0;
    let t = table(&doc);
    assert_eq!(galley::model::inline_text(&t.caption), "Winter sailings");
    assert_eq!(t.align, [Align::None, Align::Right, Align::Center]);
    assert_eq!(t.rows.len(), 3);
    assert_eq!(galley::model::inline_text(&t.header[1]), "Departures");
    let Some(Block::Note { blocks, label }) = doc.blocks.last() else {
        panic!("the note last: {:#?}", doc.blocks);
    };
    assert_eq!(label, "fn1");
    let text = galley::model::block_text(&blocks[0]);
    assert_eq!(text, "Eleven crossings were cancelled in January alone.");
    let mut refs = 0;
    let mut strike = false;
    for b in &doc.blocks {
        galley::model::walk_inlines(b, &mut |i| match i {
            Inline::NoteRef { .. } => refs += 1,
            Inline::Strike { .. } => strike = true,
            _ => {}
        });
    }
    assert_eq!(refs, 1);
    assert!(strike);
}

#[test]
fn urls_in_code_stay_text_and_unclosed_inline_html_ends_with_its_paragraph() {
    let md = "```\ncurl https://example.org/api\n```\n\nSee `https://a.example` and <em>open emphasis\n\n<b>bold</b> and </i> stray and <a href=\"javascript:x\">link</a>\n";
    let doc = read_str(md, Format::Markdown).into_document();
    let Block::Code { text, .. } = &doc.blocks[0] else {
        panic!("a code block: {:#?}", doc.blocks);
    };
    assert_eq!(text, "curl https://example.org/api");
    let Block::Paragraph { content } = &doc.blocks[1] else {
        panic!("a paragraph");
    };
    assert!(matches!(&content[1], Inline::Code { text } if text == "https://a.example"));
    assert!(
        matches!(content.last(), Some(Inline::Emphasis { .. })),
        "{content:?}"
    );
    let Block::Paragraph { content } = &doc.blocks[2] else {
        panic!("a paragraph");
    };
    assert!(matches!(&content[0], Inline::Strong { .. }));
    let text = galley::model::inline_text(content);
    assert!(text.contains("</i> stray"), "{text}");
    assert!(text.contains("<a href=\"javascript:x\">link</a>"), "{text}");
    assert!(
        !content.iter().any(|i| matches!(i, Inline::Link { .. })),
        "no link from raw HTML"
    );
}

#[test]
fn a_wide_table_wraps_its_cells_inside_the_measure_and_never_splits_a_short_word() {
    let long = "The breakwater was extended by forty metres and the fuel berth moved to the inner basin, which shortens the walk from the car park";
    let md = format!(
        "---\ntitle: Wide\n---\n\n| Harbour | What changed | View |\n| :-- | :-- | --: |\n| Northwick | {long} | {long} |\n| Saltmarsh | Nothing | Unchanged |\n"
    );
    let doc = galley::normalize::normalize_str(&md, Format::Markdown).0;
    let out = galley::render::pdf::render_pdf(&Book::single("wide", doc), &ctx()).expect("PDF");
    let page = &out.layout.pages[0];
    let (x0, _, x1, _) = page.block;
    for l in &page.lines {
        assert!(l.x >= x0 - 0.5 && l.x + l.width <= x1 + 0.5, "{l:?}");
    }
    let texts: Vec<&str> = page.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Northwick The breakwater")),
        "{texts:#?}"
    );
    assert!(texts.contains(&"Saltmarsh Nothing Unchanged"), "{texts:#?}");
    // The long cells wrapped: the row took several lines.
    let row = texts
        .iter()
        .position(|t| t.starts_with("Northwick"))
        .unwrap_or(0);
    assert!(
        texts[row + 1].starts_with("tres and the fuel"),
        "{texts:#?}"
    );
    assert!(texts[row + 2].starts_with("basin,"), "{texts:#?}");
}

#[test]
fn html_footnotes_with_links_back_to_the_reference_anchor() {
    // A blog engine's shape: the reference anchor has an id and a
    // footnote class; the note links back to that anchor inside brackets.
    let page = r##"<!doctype html><html lang="en"><head><title>Pier repairs</title></head><body>
<article><h1>Pier repairs</h1>
<p>The old pier reopens in May after two winters of repairs to its iron legs and deck, the council said on Tuesday evening.<sup><a href="#note_7" id="ref_7" class="footnote-link">1</a></sup></p>
<p>Anglers will again be allowed at the far end from June, and the kiosk will open at weekends through the summer season.</p>
<ol class="footnotes"><li id="note_7" class="footnote">The repairs cost less than the first estimate. <span>[<a href="#ref_7" class="footnote-link footnote-back-link">&#8617;</a>]</span></li></ol>
</article></body></html>"##;
    let doc = galley::normalize::normalize_str(page, Format::Html).0;
    let Some(Block::Note { label, blocks }) = doc.blocks.last() else {
        panic!("the note last: {:#?}", doc.blocks);
    };
    assert_eq!(label, "note_7");
    assert_eq!(
        galley::model::block_text(&blocks[0]),
        "The repairs cost less than the first estimate."
    );
    let md = galley::render::markdown::document(&doc).expect("markdown");
    assert_eq!(md.matches("[^note_7]").count(), 2, "{md}");
}

/// A note too tall for a page foot is set at the article's end, pages after
/// its reference: the reference's link goes to that page, at the note's
/// line, and the note's number links back to the reference's page. A note
/// no text references gets no link.
#[test]
fn pdf_note_references_link_to_their_notes_and_back_across_pages() {
    let mut md = String::from(
        "---\ntitle: Pier repairs\n---\n\nThe board met on Monday.[^long] It agreed on the plan.\n\n",
    );
    for i in 0..40 {
        md.push_str(&format!(
            "Paragraph {i} of the report on the pier: the piles are old, the deck is worn and the \
             railings along the seaward side were last painted a long time ago.\n\n"
        ));
    }
    let long = "The minutes list every member who spoke and what they said, at length. ".repeat(60);
    md.push_str(&format!(
        "[^long]: {long}\n\n[^lone]: A note nothing refers to.\n"
    ));
    let doc = galley::normalize::normalize_str(&md, Format::Markdown).0;
    let out = galley::render::pdf::render_pdf(&Book::single("pier", doc), &ctx()).expect("PDF");
    let pages = &out.layout.pages;
    let find = |start: &str| {
        pages
            .iter()
            .enumerate()
            .find_map(|(pi, p)| {
                p.lines
                    .iter()
                    .find(|l| l.text.starts_with(start))
                    .map(|l| (pi, l.y))
            })
            .unwrap_or_else(|| panic!("a line starting {start:?}"))
    };
    let (ref_page, ref_y) = find("The board met on Monday.");
    let (note_page, note_y) = find("1. The minutes");
    find("2. A note nothing");
    assert!(
        note_page > ref_page,
        "the long note is at the end: {note_page}"
    );

    let pdf = lopdf::Document::load_mem(&out.bytes).expect("lopdf");
    let ids: Vec<lopdf::ObjectId> = pdf.get_pages().values().copied().collect();
    let mut links = Vec::new();
    for (pi, id) in ids.iter().enumerate() {
        let page = pdf.get_dictionary(*id).expect("page");
        let Ok(annots) = page.get(b"Annots").and_then(lopdf::Object::as_array) else {
            continue;
        };
        for a in annots {
            let d = pdf
                .get_dictionary(a.as_reference().expect("ref"))
                .expect("annot");
            let act = d
                .get(b"A")
                .and_then(lopdf::Object::as_dict)
                .expect("action");
            let dest = act
                .get(b"D")
                .and_then(lopdf::Object::as_array)
                .expect("GoTo dest");
            let to = ids
                .iter()
                .position(|p| Some(*p) == dest[0].as_reference().ok())
                .expect("a page of the document");
            let top = dest[3].as_float().expect("top");
            links.push((pi, to, top));
        }
    }
    let ph = pages[0].size.1;
    // The reference goes to the note's page, the view's top at the note's
    // line; the note's number back to the reference. Nothing else links.
    assert_eq!(links.len(), 2, "{links:?}");
    let (from, to, top) = links[0];
    assert_eq!((from, to), (ref_page, note_page), "{links:?}");
    assert!((top - (ph - note_y + 4.0)).abs() < 0.05, "{top} {note_y}");
    let (from, to, top) = links[1];
    assert_eq!((from, to), (note_page, ref_page), "{links:?}");
    assert!((top - (ph - ref_y + 4.0)).abs() < 0.05, "{top} {ref_y}");
}
