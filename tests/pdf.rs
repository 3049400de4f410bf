//! PDF backend: layout records (no overfull lines, no widows or orphans,
//! nothing lost), structure (fonts, outline, links, metadata), bad input and
//! reproducibility. External validators (qpdf, pdffonts, pdftotext) run in CI:
//! see scripts/check-pdf.sh.

use galley::model::{Article, Block, Book, BookMeta, Document, Inline, Meta, Section};
use galley::render::pdf::{LayoutRecord, PageKind, PdfOutput, render_pdf};
use galley::render::{Mode, RenderContext};
use galley::time::BuildTime;
use std::collections::BTreeMap;

/// A tiny deterministic generator of fictional text.
struct Gen(u64);
impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn sentence(&mut self) -> String {
        const N: &[&str] = &[
            "council",
            "harbour",
            "committee",
            "breakwater",
            "budget",
            "ferry",
            "bridge",
            "hospital",
            "railway",
            "festival",
            "reservoir",
            "cooperative",
            "observatory",
        ];
        const V: &[&str] = &[
            "approved",
            "rejected",
            "postponed",
            "questioned",
            "welcomed",
            "investigated",
            "reconsidered",
        ];
        const A: &[&str] = &[
            "controversial",
            "long-awaited",
            "unexpected",
            "modest",
            "comprehensive",
            "extraordinary",
            "unanimous",
            "independent",
        ];
        let s = format!(
            "The {} {} {} the {} plan after {} hours of debate.",
            self.pick(A),
            self.pick(N),
            self.pick(V),
            self.pick(N),
            self.next() % 40 + 2
        );
        s
    }
    fn para(&mut self) -> String {
        let n = self.next() % 5 + 1;
        (0..n)
            .map(|_| self.sentence())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn article_md(g: &mut Gen, i: usize, paras: usize) -> String {
    let mut s = format!(
        "---\ntitle: Kessmoor council item {i} reviewed\nsubtitle: A fictional standfirst for item {i}.\nauthors: [Ana Lima]\nsource: Harbour Post\ndate: 2024-04-02\nurl: https://news.example/{i}\n---\n\n"
    );
    for k in 0..paras {
        if k == 3 {
            s.push_str("## What comes next\n\n");
        }
        if k == 5 {
            s.push_str(&format!("> {}\n\n", g.para()));
        }
        if k == 6 {
            s.push_str(&format!("- {}\n- {}\n\n", g.sentence(), g.sentence()));
        }
        s.push_str(&g.para());
        s.push_str("\n\n");
    }
    s
}

fn doc(md: &str) -> Document {
    galley::normalize::normalize_str(md, galley::read::Format::Markdown).0
}

fn book(sections: Vec<(Option<&str>, Vec<Document>)>) -> Book {
    let mut n = 0;
    let mut meta = BookMeta::new("Coastal Affairs Briefing");
    meta.subtitle = Some("Week 14".into());
    meta.authors = vec!["Briefing Desk".into()];
    meta.date = Some("2024-04-02".into());
    let sections = sections
        .into_iter()
        .map(|(t, docs)| {
            let articles = docs
                .into_iter()
                .map(|doc| {
                    n += 1;
                    Article::new(format!("a{n}"), format!("a{n}.md"), doc)
                })
                .collect();
            Section::new(t.map(String::from), articles)
        })
        .collect();
    Book::new(meta, sections)
}

fn ctx(mode: Mode) -> RenderContext {
    RenderContext::new(mode, BuildTime::fixed(1_712_016_000))
}

fn render(b: &Book, mode: Mode) -> PdfOutput {
    render_pdf(b, &ctx(mode)).expect("renders")
}

fn multi_article_book() -> Book {
    let mut g = Gen(0x9e37_79b9_7f4a_7c15);
    let a: Vec<Document> = (0..4).map(|i| doc(&article_md(&mut g, i, 14))).collect();
    let b: Vec<Document> = (4..7).map(|i| doc(&article_md(&mut g, i, 22))).collect();
    book(vec![(Some("Harbours"), a), (Some("Railways"), b)])
}

/// Every line inside the text block, and no glyph outside it.
fn assert_no_overfull(rec: &LayoutRecord) {
    for (pi, p) in rec.pages.iter().enumerate() {
        let (x0, y0, x1, y1) = p.block;
        for l in &p.lines {
            assert!(
                l.x >= x0 - 0.01 && l.ink_x0 >= x0 - 0.01,
                "page {pi}: {l:?}"
            );
            assert!(
                l.x + l.width <= x1 + 0.05,
                "overfull on page {}: {:?}",
                pi + 1,
                l
            );
            assert!(
                l.y >= y0 - 0.01 && l.y + l.height <= y1 + 0.05,
                "page {pi}: {l:?}"
            );
        }
    }
}

/// No paragraph leaves its first line alone at a page foot or its last at a page head.
fn assert_no_widows_or_orphans(rec: &LayoutRecord) {
    let mut page_of: BTreeMap<(u32, u32), (usize, u32)> = BTreeMap::new();
    for (pi, p) in rec.pages.iter().enumerate() {
        for l in &p.lines {
            if let Some(para) = l.para {
                page_of.insert((para.id, para.index), (pi, para.count));
            }
        }
    }
    let mut broken = 0;
    for (&(id, idx), &(page, count)) in &page_of {
        if count >= 2 && idx == 0 {
            assert_eq!(page_of[&(id, 1)].0, page, "orphan: paragraph {id}");
        }
        if count >= 2 && idx + 1 == count {
            assert_eq!(page_of[&(id, idx - 1)].0, page, "widow: paragraph {id}");
        }
        if idx > 0 && page_of[&(id, idx - 1)].0 != page {
            broken += 1;
        }
    }
    assert!(
        broken > 0,
        "the test book should have paragraphs split across pages"
    );
}

/// Words of the record's text in reading order, hyphenation joined back.
fn record_words(rec: &LayoutRecord, kinds: impl Fn(PageKind) -> bool) -> Vec<String> {
    let mut text = String::new();
    for p in rec.pages.iter().filter(|p| kinds(p.kind)) {
        for l in &p.lines {
            if l.hyphenated {
                text.push_str(l.text.trim_end().trim_end_matches('-'));
            } else if l.text.trim_end().ends_with(['-', '\u{2013}', '\u{2014}']) {
                // A break after a hyphen that belongs to the word.
                text.push_str(l.text.trim_end());
            } else {
                text.push_str(&l.text);
                text.push(' ');
            }
        }
    }
    text.split_whitespace().map(String::from).collect()
}

#[test]
fn multi_article_book_layout_is_sound() {
    let b = multi_article_book();
    let out = render(&b, Mode::Collection);
    let rec = &out.layout;
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    assert_eq!(rec.pages[0].kind, PageKind::Cover);
    assert_eq!(rec.pages[1].kind, PageKind::Contents);
    assert!(rec.pages.len() > 12);
    assert_no_overfull(rec);
    assert_no_widows_or_orphans(rec);
    // Each article starts on a new page, with its title first.
    let mut seen = Vec::new();
    for p in &rec.pages {
        if let PageKind::Article(i) = p.kind
            && !seen.contains(&i)
        {
            seen.push(i);
            let first = &p.lines[0].text;
            assert!(first.starts_with("Kessmoor council item"), "{first}");
        }
    }
    assert_eq!(seen, (0..7).collect::<Vec<_>>());
    // Justified: every full line of body text fills the measure.
    let measure = rec.pages[3].block.2 - rec.pages[3].block.0;
    let full = rec.pages[3]
        .lines
        .iter()
        .filter(|l| l.para.is_some_and(|p| p.index + 1 < p.count) && l.x == rec.pages[3].block.0)
        .filter(|l| l.height > 13.0 && l.height < 15.0)
        .collect::<Vec<_>>();
    assert!(!full.is_empty());
    for l in full {
        assert!((l.width - measure).abs() < 0.1, "{l:?}");
    }
}

#[test]
fn nothing_is_lost_in_reading_order() {
    let b = multi_article_book();
    let out = render(&b, Mode::Collection);
    let words = record_words(&out.layout, |k| matches!(k, PageKind::Article(_)));
    // Every body word of every article appears, in order.
    let mut pos = 0;
    for a in b.articles() {
        for w in a.doc.plain_text().split_whitespace() {
            let found = words[pos..].iter().position(|x| x == w);
            match found {
                Some(k) => pos += k + 1,
                None => panic!("word {w:?} of {} missing or out of order", a.id),
            }
        }
    }
}

#[test]
fn contents_lists_every_article_with_its_page() {
    let b = multi_article_book();
    let out = render(&b, Mode::Collection);
    let rec = &out.layout;
    let contents: Vec<&str> = rec
        .pages
        .iter()
        .filter(|p| p.kind == PageKind::Contents)
        .flat_map(|p| p.lines.iter().map(|l| l.text.as_str()))
        .collect();
    assert!(contents.contains(&"Harbours") && contents.contains(&"Railways"));
    for i in 0..7 {
        let start = rec
            .pages
            .iter()
            .position(|p| p.kind == PageKind::Article(i))
            .unwrap();
        let entry = contents
            .iter()
            .find(|l| l.starts_with(&format!("Kessmoor council item {i} reviewed")))
            .unwrap_or_else(|| panic!("no contents entry for article {i}"));
        assert!(entry.ends_with(&format!(" {}", start + 1)), "{entry}");
    }
}

#[test]
fn pdf_structure_fonts_outline_links_metadata() {
    let b = multi_article_book();
    let out = render(&b, Mode::Collection);
    let pdf = lopdf::Document::load_mem(&out.bytes).expect("lopdf reads it back");
    assert_eq!(pdf.get_pages().len(), out.layout.pages.len());
    // Fonts: embedded and subset.
    let mut fonts = 0;
    for obj in pdf.objects.values() {
        if let Ok(d) = obj.as_dict()
            && d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor")
        {
            fonts += 1;
            assert!(d.has(b"FontFile2"), "font embedded");
            let name = d.get(b"FontName").unwrap().as_name().unwrap();
            assert_eq!(name[6], b'+', "subset tag");
        }
    }
    assert!(fonts >= 3);
    // Outline: Contents, two sections with their articles.
    let cat = pdf.catalog().unwrap();
    let outlines = cat.get(b"Outlines").unwrap().as_reference().unwrap();
    let o = pdf.get_dictionary(outlines).unwrap();
    let first = pdf
        .get_dictionary(o.get(b"First").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(first.get(b"Title").unwrap().as_str().unwrap(), b"Contents");
    let next = pdf
        .get_dictionary(first.get(b"Next").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(next.get(b"Title").unwrap().as_str().unwrap(), b"Harbours");
    assert!(next.has(b"First"), "section has its articles as children");
    assert!(o.get(b"Count").unwrap().as_i64().unwrap() >= 10);
    // Links: URI links for article URLs, GoTo links on the contents page.
    let (mut uri, mut goto) = (0, 0);
    for (_, page) in pdf.get_pages() {
        let page = pdf.get_dictionary(page).unwrap();
        let Ok(annots) = page.get(b"Annots").and_then(|a| a.as_array()) else {
            continue;
        };
        for a in annots {
            let d = match a {
                lopdf::Object::Reference(r) => pdf.get_dictionary(*r).unwrap(),
                other => other.as_dict().unwrap(),
            };
            let act = d.get(b"A").unwrap().as_dict().unwrap();
            match act.get(b"S").and_then(|s| s.as_name()).ok() {
                Some(b"URI") => uri += 1,
                Some(b"GoTo") => goto += 1,
                _ => {}
            }
        }
    }
    assert!(uri >= 7, "{uri}");
    assert!(goto >= 7, "{goto}");
    // Metadata.
    let info = pdf
        .get_dictionary(pdf.trailer.get(b"Info").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(
        info.get(b"Title").unwrap().as_str().unwrap(),
        b"Coastal Affairs Briefing"
    );
    assert_eq!(
        info.get(b"Author").unwrap().as_str().unwrap(),
        b"Briefing Desk"
    );
    assert_eq!(info.get(b"Subject").unwrap().as_str().unwrap(), b"Week 14");
    assert!(info.has(b"Keywords") && info.has(b"Creator"));
    assert_eq!(
        info.get(b"CreationDate").unwrap().as_str().unwrap(),
        b"D:20240402000000Z"
    );
}

#[test]
fn same_input_same_bytes() {
    let b = multi_article_book();
    let one = render(&b, Mode::Collection).bytes;
    let two = render(&b, Mode::Collection).bytes;
    assert!(one == two, "rebuilding gives identical bytes");
    let later = render_pdf(
        &b,
        &RenderContext::new(Mode::Collection, BuildTime::fixed(1_800_000_000)),
    )
    .unwrap()
    .bytes;
    assert!(later != one, "the build time is recorded");
}

#[test]
fn articles_set_in_parallel_give_the_same_bytes_and_layout_as_one_thread() {
    let b = multi_article_book();
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| render(&b, Mode::Collection))
    };
    let one = on(1);
    for threads in [2, 3] {
        let many = on(threads);
        assert!(one.bytes == many.bytes, "{threads} threads: same bytes");
        assert_eq!(
            format!("{:?}", one.layout),
            format!("{:?}", many.layout),
            "{threads} threads: same layout record"
        );
    }
    assert_no_widows_or_orphans(&one.layout);
}

#[test]
fn single_mode_has_no_cover_or_contents() {
    let mut g = Gen(7);
    let d = doc(&article_md(&mut g, 1, 4));
    let b = Book::single("one", d);
    let out = render(&b, Mode::Single);
    assert!(
        out.layout
            .pages
            .iter()
            .all(|p| p.kind == PageKind::Article(0))
    );
    assert_eq!(out.layout.pages.len(), 1);
    let files = galley::render::backend("pdf")
        .unwrap()
        .render(&b, &ctx(Mode::Single))
        .unwrap();
    assert_eq!(files.len(), 1);
    assert!(files[0].bytes.starts_with(b"%PDF-"));
}

#[test]
fn options_paper_and_ragged() {
    let mut g = Gen(11);
    let b = Book::single("one", doc(&article_md(&mut g, 1, 8)));
    let mut c = ctx(Mode::Single);
    let cfg = galley::config::BookConfig::parse(
        "[book]\ntitle = \"T\"\n[output.pdf]\npaper = \"letter\"\nragged = true\n",
        std::path::Path::new("book.toml"),
    )
    .unwrap();
    let pdf = cfg.output("pdf").unwrap();
    c.options.insert("pdf", pdf.options.clone());
    let out = render_pdf(&b, &c).unwrap();
    let p = &out.layout.pages[0];
    assert_eq!(p.size, (612.0, 792.0));
    let measure = p.block.2 - p.block.0;
    let short = p
        .lines
        .iter()
        .filter(|l| l.para.is_some_and(|x| x.index + 1 < x.count) && l.height < 15.0)
        .filter(|l| l.width < measure - 3.0)
        .count();
    assert!(short > 3, "ragged lines do not fill the measure");
    assert_no_overfull(&out.layout);
    // A bad value is refused when book.toml is read, with its line.
    let e = galley::config::BookConfig::parse(
        "[book]\ntitle = \"T\"\n[output.pdf]\npaper = \"a3\"\n",
        std::path::Path::new("book.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("book.toml:4") && e.contains("[output.pdf]"),
        "{e}"
    );
}

#[test]
fn characters_the_fonts_lack_give_one_warning_per_article_and_kind() {
    let d = doc(
        "---\ntitle: Tokyo 東京\n---\n\nThe mayor of 東京 met the mayor of 大阪 in 東京. Αθήνα and Москва were fine. Emoji 🙂.\n",
    );
    // Without system fonts, so the outcome is the same on every machine.
    let mut c = ctx(Mode::Single);
    let cfg = galley::config::BookConfig::parse(
        "[book]\ntitle = \"T\"\n[output.pdf]\nsystem-fonts = false\n",
        std::path::Path::new("book.toml"),
    )
    .unwrap();
    c.options
        .insert("pdf", cfg.output("pdf").unwrap().options.clone());
    let out = render_pdf(&Book::single("x", d), &c).unwrap();
    let w = &out.warnings;
    for l in w {
        println!("{l}");
    }
    assert_eq!(w.len(), 2, "{w:?}");
    // Letters: the file, the script, the count, the fix.
    assert!(w[0].starts_with("x: "), "{}", w[0]);
    assert!(
        w[0].contains("4 different characters of the Han script"),
        "{}",
        w[0]
    );
    assert!(w[0].contains("[output.pdf] fonts") && w[0].contains("system-fonts"));
    // Symbols and emoji: one line of their own.
    assert!(
        w[1].contains("1 symbol") && w[1].contains("U+1F642"),
        "{}",
        w[1]
    );
    assert!(!w.iter().any(|m| m.contains('Α')), "Greek is covered");
    // Still drawn (as boxes), never dropped.
    let text: String = out.layout.pages[0]
        .lines
        .iter()
        .map(|l| l.text.clone())
        .collect();
    assert!(text.contains("東京") && text.contains("大阪"));
}

#[test]
fn a_500_character_url_like_word_is_broken_not_overfull() {
    let word = format!("https://example.org/{}", "abcdefghij/".repeat(44));
    assert!(word.len() > 500);
    let d = doc(&format!(
        "---\ntitle: Long\n---\n\nSee {word} for more. And [{word}]({word}).\n"
    ));
    let out = render(&Book::single("x", d), Mode::Single);
    assert_no_overfull(&out.layout);
    let words = record_words(&out.layout, |_| true).join("");
    assert!(words.contains(&word.replace(' ', "")));
}

#[test]
fn empty_articles_and_empty_books_render() {
    let empty = Document::default();
    let out = render(&Book::single("e", empty.clone()), Mode::Single);
    assert_eq!(out.layout.pages.len(), 1);
    assert!(out.bytes.starts_with(b"%PDF-"));
    let out = render(
        &book(vec![(None, vec![empty.clone(), empty])]),
        Mode::Collection,
    );
    assert_eq!(out.layout.pages.len(), 4);
    let out = render(&book(vec![]), Mode::Collection);
    assert!(out.layout.pages.len() >= 2);
    lopdf::Document::load_mem(&out.bytes).unwrap();
    // Blocks with nothing in them.
    let mut meta = Meta::titled("   ");
    meta.url = Some("javascript:alert(1)".into());
    let d = Document::new(
        meta,
        vec![
            Block::Paragraph { content: vec![] },
            Block::Heading {
                level: 9,
                content: vec![Inline::text("")],
            },
            Block::Quote { blocks: vec![] },
            Block::List {
                ordered: true,
                items: vec![vec![]],
            },
            Block::Figure {
                src: String::new(),
                alt: String::new(),
                caption: vec![],
            },
            Block::Break,
            Block::Code {
                lang: String::new(),
                text: "\n\n".into(),
            },
            Block::Paragraph {
                content: vec![Inline::LineBreak, Inline::text("  \u{200b} ")],
            },
        ],
    );
    let out = render(&Book::single("e", d), Mode::Single);
    assert!(!String::from_utf8_lossy(&out.bytes).contains("javascript"));
}

#[test]
fn a_2000_paragraph_article_renders() {
    let mut g = Gen(3);
    let mut md = String::from("---\ntitle: A very long record\n---\n\n");
    for _ in 0..2000 {
        md.push_str(&g.sentence());
        md.push_str("\n\n");
    }
    let d = doc(&md);
    let n = d.blocks.len();
    assert!(n > 1500, "{n}");
    let out = render(&Book::single("long", d), Mode::Single);
    assert!(out.layout.pages.len() > 30, "{}", out.layout.pages.len());
    assert_no_overfull(&out.layout);
    let paras: std::collections::BTreeSet<u32> = out
        .layout
        .pages
        .iter()
        .flat_map(|p| p.lines.iter().filter_map(|l| l.para.map(|x| x.id)))
        .collect();
    assert!(paras.len() > n, "every paragraph is set");
}

#[test]
fn a_huge_title_stays_inside_the_page() {
    let mut g = Gen(5);
    let long = "Extraordinarily ".repeat(60);
    let mut b = book(vec![(
        Some(long.as_str()),
        vec![doc(&article_md(&mut g, 1, 3))],
    )]);
    b.meta.title = long.clone();
    b.sections[0].articles[0].doc.meta.title = Some(long.clone());
    let out = render(&b, Mode::Collection);
    assert_no_overfull(&out.layout);
    assert!(
        out.layout
            .pages
            .iter()
            .filter(|p| p.kind == PageKind::Cover)
            .count()
            >= 2
    );
    lopdf::Document::load_mem(&out.bytes).unwrap();
}

#[test]
fn a_theme_can_override_the_style_and_a_broken_font_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("pdf")).unwrap();
    std::fs::create_dir_all(dir.path().join("fonts")).unwrap();
    std::fs::write(
        dir.path().join("pdf/style.toml"),
        "paper = \"letter\"\nbody_size = 12\n[fonts]\nfallback = [\"fonts/NotoSans-Bold.ttf\"]\n",
    )
    .unwrap();
    let mut g = Gen(9);
    let b = Book::single("t", doc(&article_md(&mut g, 1, 3)));
    let mut c = ctx(Mode::Single);
    c.theme = galley::theme::Theme::from_dir(dir.path()).unwrap();
    let out = render_pdf(&b, &c).unwrap();
    assert_eq!(out.layout.pages[0].size, (612.0, 792.0));
    // A font file that is not a font.
    std::fs::write(
        dir.path().join("fonts/NotoSerif-Regular.ttf"),
        b"not a font",
    )
    .unwrap();
    let e = render_pdf(&b, &c).unwrap_err().to_string();
    assert!(
        e.contains("fonts/NotoSerif-Regular.ttf") && e.contains("not a TrueType"),
        "{e}"
    );
    // A style that does not parse.
    std::fs::write(dir.path().join("pdf/style.toml"), "margin_left = -5\n").unwrap();
    let e = render_pdf(&b, &c).unwrap_err().to_string();
    assert!(e.contains("pdf/style.toml"), "{e}");
}
