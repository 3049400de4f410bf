//! Writing the PDF: subset fonts, printpdf pages and link annotations, then
//! (on the lopdf document printpdf hands out) the outline, the document
//! information and a deterministic file identifier.

use super::chrome::{ComposedPage, Target};
use super::flow::Mark;
use super::fonts::Fonts;
use super::layout::{GlyphText, Rgb};
use super::splice::RawObjects;
use super::tags::{
    self, StructTree,
    marked::{HyphenSpan, PageMarker, Tagger},
    standard::PdfStandard,
};
use crate::error::{Error, Result};
use crate::model::Book;
use crate::render::{Mode, RenderContext};
use crate::theme::Strings;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, ColorArray, Destination, FontId, LinkAnnotation, Op, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, TextItem,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

fn round1(x: f32) -> f32 {
    (x * 10.0).round() / 10.0
}

fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

/// FNV-1a, 64 bit: a stable hash for identifiers and subset tags.
pub fn fnv(bytes: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// [`fnv`] of `value`'s JSON, without holding the JSON.
fn fnv_json(value: &impl serde::Serialize, seed: u64) -> u64 {
    struct Fnv(u64);
    impl std::io::Write for Fnv {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            for b in buf {
                self.0 ^= *b as u64;
                self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut h = Fnv(0xcbf2_9ce4_8422_2325u64 ^ seed);
    // A book that cannot be written as JSON hashes as the empty input,
    // as before.
    if serde_json::to_writer(&mut h, value).is_err() {
        return fnv(&[], seed);
    }
    h.0
}

/// The file identifier (`/ID`): from the input, so the same input gives
/// the same bytes. Taken from the whole book before its blocks are dropped.
/// (The book's JSON is hashed as it is written, not held: for a 50 MB
/// article that is another 50 MB.)
pub fn file_id(book: &Book, ctx: &RenderContext) -> Vec<u8> {
    let h1 = fnv_json(book, ctx.time.epoch as u64);
    let h2 = fnv_json(book, h1);
    let mut id = h1.to_be_bytes().to_vec();
    id.extend_from_slice(&h2.to_be_bytes());
    id
}

/// Writes the composed pages as PDF bytes.
#[allow(clippy::too_many_arguments)]
pub fn write(
    book: &Book,
    ctx: &RenderContext,
    fonts: &Fonts<'_>,
    pages: &mut [ComposedPage],
    strings: &Strings,
    tree: StructTree,
    standard: Option<PdfStandard>,
    file_id: Vec<u8>,
) -> Result<Vec<u8>> {
    // 1. Glyphs used per font (flags indexed by glyph id: this loop sees
    // every glyph of the book).
    let mut flags: Vec<Vec<bool>> = vec![Vec::new(); fonts.len()];
    for p in pages.iter() {
        for (line, _, _) in &p.lines {
            for run in &line.runs {
                let Some(f) = flags.get_mut(run.font as usize) else {
                    continue;
                };
                if f.is_empty() {
                    f.resize(GIDS, false);
                }
                for g in &run.glyphs {
                    f[g.gid() as usize] = true;
                }
            }
        }
    }
    let mut used: BTreeMap<u8, BTreeSet<u16>> = BTreeMap::new();
    for (font, f) in flags.iter().enumerate() {
        let gids: BTreeSet<u16> = (0..f.len()).filter(|&g| f[g]).map(|g| g as u16).collect();
        if !gids.is_empty() {
            used.insert(font as u8, gids);
        }
    }
    // 2. Subset and register them.
    let title = if book.meta.title.trim().is_empty() {
        strings.get("document_title_fallback").to_string()
    } else {
        book.meta.title.trim().to_string()
    };
    let mut doc = PdfDocument::new(&title);
    let mut remaps: Vec<Remap> = (0..fonts.len()).map(|_| Remap::default()).collect();
    // Font names (/F4) by a numbering that does not depend on the order in
    // which shaping threads loaded system faces.
    let ids = fonts.stable_ids();
    let id_of = |font: u8| ids.get(font as usize).copied().unwrap_or(font);
    for (&font, gids) in &used {
        let (bytes, map) = fonts.subset(font as usize, gids)?;
        let remap = &mut remaps[font as usize];
        remap.gid.resize(GIDS, 0);
        remap.width.resize(GIDS, 0.0);
        for (&old, &new) in &map {
            remap.gid[old as usize] = new;
            remap.width[old as usize] = fonts.pdf_width(font, old) as f32;
        }
        let mut warns = Vec::new();
        let mut parsed = printpdf::ParsedFont::from_bytes(&bytes, 0, &mut warns)
            .ok_or_else(|| Error::render("pdf", "a subset font could not be read back"))?;
        // The six-letter subset tag (ISO 32000-1, 9.6.4) from the glyph set.
        let mut key = vec![id_of(font)];
        for g in gids {
            key.extend_from_slice(&g.to_be_bytes());
        }
        let mut h = fnv(&key, 0);
        let tag: String = (0..6)
            .map(|_| {
                let c = (b'A' + (h % 26) as u8) as char;
                h /= 26;
                c
            })
            .collect();
        parsed.font_name = Some(format!("{tag}+{}", fonts.postscript_name(font as usize)));
        doc.resources
            .fonts
            .map
            .insert(font_id(id_of(font)), PdfFont::new(parsed));
    }
    // 3. Pages. printpdf only sees the link annotations, plus (on the first
    // page) one show-text op per font with every glyph used and its text, from
    // which it writes the /W widths and the ToUnicode map. The content streams
    // are written directly below and replace printpdf's afterwards: going
    // through printpdf's op list cost more than the whole layout.
    let glyph_text = tounicode(pages, &remaps, fonts.len());
    let hyphens = tags::marked::hyphen_spans(pages);
    let mut tagger = Tagger::new(&tree, pages.len());
    // The tagger holds the structure from here on (a million paragraphs'
    // elements are some 100 MB, held twice until now).
    drop(tree);
    let mut actual_key = 0u64;
    let mut contents: Vec<Content> = Vec::with_capacity(pages.len());
    let mut pdf_pages = Vec::with_capacity(pages.len());
    for (pi, p) in pages.iter_mut().enumerate() {
        let (pw, ph) = p.record.size;
        // Deflated a batch of pages at a time (on all cores), so the
        // pages' streams are never all held uncompressed.
        if contents.len().is_multiple_of(DEFLATE_BATCH) {
            deflate_from(&mut contents, pi.saturating_sub(DEFLATE_BATCH));
        }
        contents.push(Content::Plain(content_stream(
            pi,
            &*p,
            &remaps,
            &ids,
            &glyph_text,
            &mut tagger,
            hyphens.get(pi).map_or(&[][..], Vec::as_slice),
            &mut actual_key,
        )));
        let mut ops = Vec::new();
        for (x0, y0, x1, y1, target) in &p.links {
            let actions = match target {
                Target::Uri(u) => Actions::Uri(u.clone()),
                Target::Page(pg, y) | Target::Note(pg, y, _) => Actions::Goto(Destination::Xyz {
                    page: pg + 1,
                    left: None,
                    top: Some(round2(ph - y + 4.0)),
                    zoom: None,
                }),
            };
            ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    Rect {
                        x: Pt(round2(*x0)),
                        y: Pt(round2(ph - y1)),
                        width: Pt(round2(x1 - x0)),
                        height: Pt(round2(y1 - y0)),
                        mode: None,
                        winding_order: None,
                    },
                    actions,
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    Some(ColorArray::Transparent),
                    Some(printpdf::HighlightingMode::Invert),
                ),
            });
        }
        // The page's lines are in its content stream now; only a page
        // with links needs them again (to tag the annotations).
        if p.links.is_empty() {
            p.lines = Vec::new();
        }
        let mut page = PdfPage::new(printpdf::Mm(1.0), printpdf::Mm(1.0), ops);
        let r = Rect {
            x: Pt(0.0),
            y: Pt(0.0),
            width: Pt(round2(pw)),
            height: Pt(round2(ph)),
            mode: None,
            winding_order: None,
        };
        page.media_box = r.clone();
        page.trim_box = r.clone();
        page.crop_box = r;
        pdf_pages.push(page);
    }
    if let Some(first) = pdf_pages.first_mut() {
        let mut ops = vec![Op::StartTextSection];
        let mut order: Vec<(u8, &Vec<Option<GlyphText>>)> = glyph_text
            .iter()
            .enumerate()
            .map(|(font, glyphs)| (id_of(font as u8), glyphs))
            .collect();
        order.sort_by_key(|(id, _)| *id);
        for (id, glyphs) in order {
            if glyphs.iter().all(Option::is_none) {
                continue;
            }
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id(id)),
                size: Pt(1.0),
            });
            let cps = glyphs
                .iter()
                .enumerate()
                .filter_map(|(gid, t)| {
                    Some(printpdf::Codepoint {
                        gid: gid as u16,
                        offset: 0.0,
                        cid: Some(t.as_ref()?.to_string()),
                    })
                })
                .collect();
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(cps)],
            });
        }
        ops.push(Op::EndTextSection);
        first.ops.extend(ops);
    }
    doc.with_pages(pdf_pages);
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    deflate_from(&mut contents, pages.len().saturating_sub(DEFLATE_BATCH + 1));
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    set_contents(&mut lo, contents)?;
    super::image::add_xobjects(&mut lo, pages)?;
    let mut raw = RawObjects::default();
    finish(
        &mut lo, book, ctx, pages, strings, tagger, standard, file_id, &mut raw,
    )?;
    compress(&mut lo);
    super::splice::save(lo, raw)
}

/// Pages deflated together.
const DEFLATE_BATCH: usize = 64;

/// A page's content stream, before and after deflating.
enum Content {
    Plain(Vec<u8>),
    /// Deflated (`FlateDecode`), or left plain because deflating did not
    /// make it smaller.
    Done(Vec<u8>, bool),
}

/// Deflates the plain streams of `contents[from..]`, on all cores.
fn deflate_from(contents: &mut [Content], from: usize) {
    use rayon::prelude::*;
    if let Some(rest) = contents.get_mut(from..) {
        rest.par_iter_mut().for_each(|c| {
            if let Content::Plain(b) = c {
                let plain = std::mem::take(b);
                *c = match deflate_bytes(&plain) {
                    Some(d) => Content::Done(d, true),
                    None => Content::Done(plain, false),
                };
            }
        });
    }
}

/// Replaces each page's content stream (in page order) with `contents`.
fn set_contents(lo: &mut lopdf::Document, contents: Vec<Content>) -> Result<()> {
    let err = || Error::render("pdf", "assembling the PDF: a page has no content stream");
    let page_ids: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    if page_ids.len() != contents.len() {
        return Err(Error::render(
            "pdf",
            "assembling the PDF: page count mismatch",
        ));
    }
    for (pid, content) in page_ids.into_iter().zip(contents) {
        let cid = lo
            .get_dictionary(pid)
            .and_then(|d| d.get(b"Contents"))
            .and_then(Object::as_reference)
            .map_err(|_| err())?;
        match lo.objects.get_mut(&cid) {
            Some(Object::Stream(s)) => match content {
                Content::Plain(bytes) => s.set_content(bytes),
                Content::Done(bytes, deflated) => {
                    s.set_content(bytes);
                    if deflated {
                        s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                    } else {
                        // Deflating did not help; `compress` need not try again.
                        s.allows_compression = false;
                    }
                }
            },
            _ => return Err(err()),
        }
    }
    Ok(())
}

/// Number of possible glyph ids.
const GIDS: usize = 1 << 16;

/// One font's glyph ids in the subset, and the advances the PDF states for
/// them (`/W`, 1/1000 em), both indexed by original glyph id.
#[derive(Default)]
struct Remap {
    gid: Vec<u16>,
    width: Vec<f32>,
}

/// Appends `x` in PDF number syntax (no exponent, shortest form).
fn num(out: &mut Vec<u8>, x: f32) {
    use std::io::Write as _;
    let x = if x == 0.0 { 0.0 } else { x }; // no "-0"
    if x.fract() == 0.0 && x.abs() < 1.0e9 {
        let _ = write!(out, "{}", x as i64);
    } else {
        let _ = write!(out, "{x}");
    }
}

fn rgb(out: &mut Vec<u8>, c: Rgb, op: &[u8]) {
    for v in [c.0, c.1, c.2] {
        num(out, v);
        out.push(b' ');
    }
    out.extend_from_slice(op);
    out.push(b'\n');
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// The text each glyph stands for in the ToUnicode map, keyed by subset
/// glyph id: a glyph that is a cluster of its own wins over one that
/// starts a longer cluster, which wins over one inside a cluster (empty).
/// Clusters the map cannot give back (a Devanagari vowel sign drawn before
/// its consonant, a glyph shared by two texts) get an `/ActualText`.
fn tounicode(
    pages: &[ComposedPage],
    remaps: &[Remap],
    fonts: usize,
) -> Vec<Vec<Option<GlyphText>>> {
    let mut texts: Vec<Vec<Option<GlyphText>>> = vec![Vec::new(); fonts];
    let mut rank: Vec<Vec<u8>> = vec![Vec::new(); fonts];
    for p in pages {
        for (line, _, _) in &p.lines {
            for run in &line.runs {
                let (Some(map), Some(t), Some(r)) = (
                    remaps.get(run.font as usize),
                    texts.get_mut(run.font as usize),
                    rank.get_mut(run.font as usize),
                ) else {
                    continue;
                };
                for (k, g) in run.glyphs.iter().enumerate() {
                    let gid = map.gid.get(g.gid() as usize).copied().unwrap_or(0) as usize;
                    if t.len() <= gid {
                        t.resize(gid + 1, None);
                        r.resize(gid + 1, 0);
                    }
                    let alone = run.glyphs.get(k + 1).is_none_or(|n| !n.text().is_empty());
                    let text = g.text();
                    let this = match (text.is_empty(), alone) {
                        (true, _) => 1,
                        (false, false) => 2,
                        (false, true) => 3,
                    };
                    if this > r[gid] {
                        r[gid] = this;
                        t[gid] = Some(text);
                    }
                }
            }
        }
    }
    texts
}

/// Whether the glyphs `glyphs` read back through the ToUnicode map
/// `texts` as `want`.
fn reads_back(
    want: &str,
    glyphs: &[super::layout::PGlyph],
    map: &Remap,
    texts: &[Option<GlyphText>],
) -> bool {
    let mut rest = want;
    for g in glyphs {
        let gid = map.gid.get(g.gid() as usize).copied().unwrap_or(0) as usize;
        let t = texts
            .get(gid)
            .and_then(|t| t.as_ref())
            .map_or("", |t| t.as_str());
        match rest.strip_prefix(t) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

/// The page's content stream: rules (an artifact), then the text in one
/// BT/ET section, one `Tm` and one `TJ` per glyph run, each element's
/// glyphs in marked content with its MCID, the chrome as artifacts (see
/// [`tags::marked`]).
#[allow(clippy::too_many_arguments)]
fn content_stream(
    pi: usize,
    p: &ComposedPage,
    remaps: &[Remap],
    ids: &[u8],
    glyph_text: &[Vec<Option<GlyphText>>],
    tagger: &mut Tagger,
    hyphens: &[Vec<HyphenSpan>],
    actual_key: &mut u64,
) -> Vec<u8> {
    let (_, ph) = p.record.size;
    let mut out = Vec::with_capacity(256 + 64 * p.lines.len());
    let mut rules = Vec::new();
    for &(x0, y0, x1, y1, w, c) in &p.rules {
        rules.extend_from_slice(b"q\n");
        rgb(&mut rules, c, b"RG");
        num(&mut rules, w);
        rules.extend_from_slice(b" w\n");
        num(&mut rules, round2(x0));
        rules.push(b' ');
        num(&mut rules, round2(ph - y0));
        rules.extend_from_slice(b" m\n");
        num(&mut rules, round2(x1));
        rules.push(b' ');
        num(&mut rules, round2(ph - y1));
        rules.extend_from_slice(b" l\nS\nQ\n");
    }
    super::image::draw(&mut out, &p.images, ph, tagger, pi);
    tags::marked::artifact(&mut out, &rules);
    if p.lines.is_empty() {
        return out;
    }
    out.extend_from_slice(b"BT\n");
    let mut marks = PageMarker::new(pi);
    let mut cur_color: Option<Rgb> = None;
    let mut cur_font: Option<(u8, f32)> = None;
    let no_spans = Vec::new();
    for (li, (line, lx, bl)) in p.lines.iter().enumerate() {
        let spans = hyphens.get(li).unwrap_or(&no_spans);
        tagger.strikes_of(&line.strikes);
        // The key of each hyphen span's ActualText.
        let span_keys: Vec<u64> = spans
            .iter()
            .map(|_| {
                *actual_key += 1;
                *actual_key
            })
            .collect();
        let mut gi = 0usize; // glyph index in the line
        for run in &line.runs {
            if run.glyphs.is_empty() {
                continue;
            }
            if cur_color != Some(run.color) {
                rgb(&mut out, run.color, b"rg");
                cur_color = Some(run.color);
            }
            if cur_font != Some((run.font, run.size)) {
                out.extend_from_slice(b"/F");
                let id = ids.get(run.font as usize).copied().unwrap_or(run.font);
                num(&mut out, id as f32);
                out.push(b' ');
                num(&mut out, run.size);
                out.extend_from_slice(b" Tf\n");
                cur_font = Some((run.font, run.size));
            }
            let (Some(map), Some(texts)) = (
                remaps.get(run.font as usize),
                glyph_text.get(run.font as usize),
            ) else {
                gi += run.glyphs.len();
                continue;
            };
            let mut pen = run.x;
            let mut in_tj = false; // inside [ ... ] TJ
            let mut open = false; // inside a <...> hex string
            // The cluster ActualText in effect: (end glyph in run, key).
            let mut cluster: Option<(usize, u64, usize)> = None;
            for (k, g) in run.glyphs.iter().enumerate() {
                let elem = tagger.resolve(pi, li, &line.tag, &line.links, pen);
                let (g_gid, g_text) = (g.key.gid(), g.key.text());
                if let Some(e) = elem {
                    tagger.note_text(e, &g_text);
                }
                if cluster.is_some_and(|(end, _, _)| k >= end) {
                    cluster = None;
                }
                if cluster.is_none() && !g_text.is_empty() {
                    let end = run.glyphs[k + 1..]
                        .iter()
                        .position(|n| !n.text().is_empty())
                        .map_or(run.glyphs.len(), |n| k + 1 + n);
                    if !reads_back(&g_text, &run.glyphs[k..end], map, texts) {
                        *actual_key += 1;
                        cluster = Some((end, *actual_key, k));
                    }
                }
                let hyphen = spans
                    .iter()
                    .zip(&span_keys)
                    .find(|(s, _)| gi >= s.start && gi < s.end);
                let actual: Option<(u64, &str)> = match (hyphen, cluster, elem) {
                    (Some((s, key)), _, _) => Some((*key, s.text.as_str())),
                    (None, Some((_, key, start)), Some(_)) => {
                        Some((key, run.glyphs[start].text().as_str()))
                    }
                    _ => None,
                };
                if marks.differs(elem, actual.map(|a| a.0)) {
                    if open {
                        out.push(b'>');
                        open = false;
                    }
                    if in_tj {
                        out.extend_from_slice(b"] TJ\n");
                        in_tj = false;
                    }
                    marks.switch(tagger, &mut out, elem, actual);
                }
                if !in_tj {
                    out.extend_from_slice(b"1 0 0 1 ");
                    num(&mut out, round2(lx + pen));
                    out.push(b' ');
                    num(&mut out, round2(ph - bl));
                    out.extend_from_slice(b" Tm\n[");
                    in_tj = true;
                }
                let gid = map.gid.get(g_gid as usize).copied().unwrap_or(0);
                if !open {
                    out.push(b'<');
                    open = true;
                }
                for b in gid.to_be_bytes() {
                    out.push(HEX[(b >> 4) as usize]);
                    out.push(HEX[(b & 15) as usize]);
                }
                let natural = map.width.get(g_gid as usize).copied().unwrap_or(0.0);
                let wanted = g.adv * 1000.0 / run.size;
                let off = round1(natural - wanted);
                if off.abs() >= 0.1 {
                    out.push(b'>');
                    open = false;
                    num(&mut out, off);
                }
                pen += g.adv;
                gi += 1;
            }
            if open {
                out.push(b'>');
            }
            if in_tj {
                out.extend_from_slice(b"] TJ\n");
            }
        }
    }
    marks.end(&mut out);
    out.extend_from_slice(b"ET\n");
    out
}

fn font_id(font: u8) -> FontId {
    FontId(format!("F{font}"))
}

/// A PDF text string: literal for ASCII, UTF-16BE with BOM otherwise.
pub(super) fn text(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut b = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            b.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(b, StringFormat::Hexadecimal)
    }
}

struct OutlineNode {
    title: String,
    page: usize,
    y: f32,
    children: Vec<OutlineNode>,
}

fn outline(book: &Book, mode: Mode, pages: &[ComposedPage], strings: &Strings) -> Vec<OutlineNode> {
    // Where marks landed.
    let mut article_at: HashMap<usize, (usize, f32)> = HashMap::new();
    let mut headings: BTreeMap<usize, Vec<(u8, String, usize, f32)>> = BTreeMap::new();
    for (pi, p) in pages.iter().enumerate() {
        for (m, y) in &p.marks {
            match m {
                Mark::Article(i) => {
                    article_at.entry(*i).or_insert((pi, *y));
                }
                Mark::Heading {
                    article,
                    level,
                    title,
                } if !title.is_empty() => {
                    headings
                        .entry(*article)
                        .or_default()
                        .push((*level, title.clone(), pi, *y))
                }
                _ => {}
            }
        }
    }
    let article_node = |i: usize, title: String| -> Option<OutlineNode> {
        let (page, y) = *article_at.get(&i)?;
        let top = headings
            .get(&i)
            .and_then(|h| h.iter().map(|x| x.0).min())
            .unwrap_or(2);
        let children = headings
            .get(&i)
            .map(|h| {
                h.iter()
                    .filter(|x| x.0 == top)
                    .map(|(_, t, p, y)| OutlineNode {
                        title: t.clone(),
                        page: *p,
                        y: *y,
                        children: Vec::new(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(OutlineNode {
            title,
            page,
            y,
            children,
        })
    };
    let mut out = Vec::new();
    if mode == Mode::Collection
        && let Some(pi) = pages
            .iter()
            .position(|p| p.record.kind == super::PageKind::Contents)
    {
        out.push(OutlineNode {
            title: strings.get("contents").into(),
            page: pi,
            y: pages[pi].record.block.1,
            children: Vec::new(),
        });
    }
    let mut idx = 0;
    for sec in &book.sections {
        let mut nodes = Vec::new();
        for a in &sec.articles {
            if let Some(n) = article_node(idx, a.display_title()) {
                nodes.push(n);
            }
            idx += 1;
        }
        match sec.title.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(t) if mode == Mode::Collection && !nodes.is_empty() => out.push(OutlineNode {
                title: t.trim().to_string(),
                page: nodes[0].page,
                y: nodes[0].y,
                children: nodes,
            }),
            _ => out.extend(nodes),
        }
    }
    out
}

fn count(nodes: &[OutlineNode]) -> i64 {
    nodes.iter().map(|n| 1 + count(&n.children)).sum()
}

fn write_outline(
    lo: &mut lopdf::Document,
    nodes: &[OutlineNode],
    parent: ObjectId,
    page_ids: &[ObjectId],
    page_h: &[f32],
    open: bool,
) -> Option<(ObjectId, ObjectId)> {
    let ids: Vec<ObjectId> = nodes.iter().map(|_| lo.new_object_id()).collect();
    for (k, n) in nodes.iter().enumerate() {
        let page = page_ids.get(n.page).copied()?;
        let h = page_h.get(n.page).copied().unwrap_or(842.0);
        let mut d = Dictionary::new();
        d.set("Title", text(&n.title));
        d.set("Parent", Object::Reference(parent));
        d.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(round2(h - n.y + 4.0)),
                Object::Null,
            ]),
        );
        if k > 0 {
            d.set("Prev", Object::Reference(ids[k - 1]));
        }
        if let Some(next) = ids.get(k + 1) {
            d.set("Next", Object::Reference(*next));
        }
        if let Some((first, last)) = write_outline(lo, &n.children, ids[k], page_ids, page_h, false)
        {
            d.set("First", Object::Reference(first));
            d.set("Last", Object::Reference(last));
            let c = count(&n.children);
            d.set("Count", Object::Integer(if open { c } else { -c }));
        }
        lo.set_object(ids[k], d);
    }
    Some((*ids.first()?, *ids.last()?))
}

#[allow(clippy::too_many_arguments)]
fn finish(
    lo: &mut lopdf::Document,
    book: &Book,
    ctx: &RenderContext,
    pages: &[ComposedPage],
    strings: &Strings,
    mut tagger: Tagger,
    standard: Option<PdfStandard>,
    id: Vec<u8>,
    raw: &mut RawObjects,
) -> Result<()> {
    let err = |e: lopdf::Error| Error::render("pdf", format!("assembling the PDF: {e}"));
    let page_ids: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    // The structure tree (tagged PDF).
    tagger.tag_annotations(lo, &page_ids, pages)?;
    let struct_root = tagger.write(lo, &page_ids, raw)?;
    let page_h: Vec<f32> = pages.iter().map(|p| p.record.size.1).collect();
    // Outline.
    let nodes = outline(book, ctx.mode, pages, strings);
    let root_id = lo.new_object_id();
    let outline_ref = match write_outline(lo, &nodes, root_id, &page_ids, &page_h, true) {
        Some((first, last)) => {
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"Outlines".to_vec()));
            d.set("First", Object::Reference(first));
            d.set("Last", Object::Reference(last));
            d.set("Count", Object::Integer(count(&nodes)));
            lo.set_object(root_id, d);
            Some(root_id)
        }
        None => None,
    };
    // A language tag, as in every format; anything else reads as `en`.
    let lang = crate::model::language_tag(&book.meta.language).unwrap_or_else(|| "en".into());
    {
        let cat = lo.catalog_mut().map_err(err)?;
        cat.remove(b"Metadata");
        cat.remove(b"Outlines");
        match outline_ref {
            Some(r) => {
                cat.set("Outlines", Object::Reference(r));
                cat.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
            }
            None => cat.set("PageMode", Object::Name(b"UseNone".to_vec())),
        }
        cat.set("Lang", text(&lang));
        cat.set("StructTreeRoot", Object::Reference(struct_root));
        let mut mark = Dictionary::new();
        mark.set("Marked", Object::Boolean(true));
        cat.set("MarkInfo", Object::Dictionary(mark));
        let mut vp = Dictionary::new();
        vp.set("DisplayDocTitle", Object::Boolean(true));
        cat.set("ViewerPreferences", Object::Dictionary(vp));
    }
    // Document information.
    let m = &book.meta;
    let mut authors: Vec<String> = m.authors.clone();
    if authors.is_empty() {
        for a in book.articles() {
            for n in &a.doc.meta.authors {
                if !authors.contains(n) {
                    authors.push(n.clone());
                }
            }
        }
    }
    let subject = m
        .subtitle
        .clone()
        .or_else(|| m.description.clone())
        .or_else(|| {
            book.articles()
                .next()
                .and_then(|a| a.doc.meta.subtitle.clone())
        })
        .unwrap_or_default();
    let mut keywords: Vec<String> = Vec::new();
    for s in &book.sections {
        if let Some(t) = &s.title {
            keywords.push(t.clone());
        }
        for a in &s.articles {
            for t in a.doc.meta.tags.iter().chain(a.doc.meta.source.iter()) {
                if !keywords.contains(t) {
                    keywords.push(t.clone());
                }
            }
        }
    }
    let (y, mo, d, h, mi, s) = ctx.time.civil();
    let date = format!("D:{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}Z");
    let mut info = Dictionary::new();
    let title = if m.title.trim().is_empty() {
        strings.get("document_title_fallback")
    } else {
        m.title.trim()
    };
    info.set("Title", text(title));
    if !authors.is_empty() {
        info.set("Author", text(&super::join_names(&authors)));
    }
    if !subject.trim().is_empty() {
        info.set("Subject", text(subject.trim()));
    }
    if !keywords.is_empty() {
        info.set("Keywords", text(&keywords.join(", ")));
    }
    info.set(
        "Creator",
        text(concat!("galley ", env!("CARGO_PKG_VERSION"))),
    );
    info.set("Producer", text("galley (printpdf, lopdf)"));
    // An undated build carries no date at all: readers see document
    // properties, and the fallback time is not a date.
    if ctx.time.is_stated() {
        info.set("CreationDate", text(&date));
        info.set("ModDate", text(&date));
    }
    if let Some(std) = standard {
        let nonempty = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let doc_info = tags::standard::DocInfo {
            title: title.to_string(),
            author: (!authors.is_empty()).then(|| super::join_names(&authors)),
            subject: nonempty(&subject),
            keywords: (!keywords.is_empty()).then(|| keywords.join(", ")),
            creator: concat!("galley ", env!("CARGO_PKG_VERSION")).to_string(),
            producer: "galley (printpdf, lopdf)".to_string(),
            date: ctx.time.is_stated().then_some((y, mo, d, h, mi, s)),
            language: lang.clone(),
        };
        tags::standard::apply(lo, std, &doc_info)?;
    }
    let info_id = lo.add_object(info);
    if let Ok(old) = lo.trailer.get(b"Info").and_then(Object::as_reference) {
        lo.objects.remove(&old);
    }
    lo.trailer.set("Info", Object::Reference(info_id));
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    lo.version = "1.7".into();
    prune(lo);
    Ok(())
}

/// Removes the objects nothing refers to (lopdf's `prune_objects` does the
/// same with a list search per reference: quadratic, 18 s for a tagged PDF
/// of 100,000 paragraphs).
fn prune(lo: &mut lopdf::Document) {
    let mut seen: std::collections::HashSet<ObjectId> = std::collections::HashSet::new();
    let mut todo: Vec<ObjectId> = Vec::new();
    fn refs(o: &Object, out: &mut Vec<ObjectId>) {
        let mut stack = vec![o];
        while let Some(o) = stack.pop() {
            match o {
                Object::Reference(r) => out.push(*r),
                Object::Array(a) => stack.extend(a.iter()),
                Object::Dictionary(d) => stack.extend(d.iter().map(|(_, v)| v)),
                Object::Stream(s) => stack.extend(s.dict.iter().map(|(_, v)| v)),
                _ => {}
            }
        }
    }
    for (_, v) in lo.trailer.iter() {
        refs(v, &mut todo);
    }
    let mut found = Vec::new();
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        if let Some(o) = lo.objects.get(&id) {
            found.clear();
            refs(o, &mut found);
            todo.extend(found.iter().filter(|r| !seen.contains(r)));
        }
    }
    lo.objects.retain(|id, _| seen.contains(id));
}

/// Deflates every stream that has no filter yet, on all cores. lopdf's own
/// `compress` uses the slowest level (9); level 3 makes files about 10% larger
/// and is several times faster.
fn compress(lo: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    // Biggest first, dealt round-robin, so the threads get similar work.
    streams.sort_by_key(|s| std::cmp::Reverse(s.content.len()));
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let mut buckets: Vec<Vec<&mut lopdf::Stream>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, s) in streams.into_iter().enumerate() {
        buckets[i % threads].push(s);
    }
    std::thread::scope(|scope| {
        for bucket in buckets {
            scope.spawn(move || bucket.into_iter().for_each(deflate));
        }
    });
}

fn deflate(stream: &mut lopdf::Stream) {
    if let Some(data) = deflate_bytes(&stream.content) {
        stream
            .dict
            .set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream.set_content(data);
    }
}

/// `bytes` deflated (level 3), when that saves more than the `/Filter`
/// entry costs.
fn deflate_bytes(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write as _;
    let mut enc = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::new(3),
    );
    enc.write_all(bytes).ok()?;
    let data = enc.finish().ok()?;
    (data.len() + 19 < bytes.len()).then_some(data)
}
