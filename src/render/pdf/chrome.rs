//! Page composition: places the flowed lines on the page, adds contents page
//! numbers and links, running heads (book title, article title) and feet
//! (`n / N`). Pages of a right-to-left article (and the cover and contents
//! of a right-to-left book) mirror: the book title on the right, the
//! article title on the left, contents page numbers on the left, the foot
//! in bidi order.

use super::flow::{FlowPage, Mark, VItem};
use super::fonts::Face;
use super::layout::{GlyphRun, Line, PGlyph, Rgb};
use super::notes::NoteLink;
use super::{Builder, LineRecord, PageKind, PageRecord};
use crate::error::Result;
use crate::model::Book;

/// Where a link goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A web address.
    Uri(String),
    /// A page (0-based index) and the y of the top of the view (top-down).
    Page(usize, f32),
    /// A page and y as [`Target::Page`], from a link inside text: a
    /// footnote reference or a note's number (the key of the link in its
    /// line's links, [`NoteLink::key`]).
    Note(usize, f32, std::sync::Arc<str>),
}

/// A finished page: absolute positions, top-down y.
#[derive(Debug, Clone)]
pub struct ComposedPage {
    /// For tests.
    pub record: PageRecord,
    /// (line, left x, baseline y). Boxed as the vertical list holds them:
    /// placed without being copied (a million lines are 130 MB).
    pub lines: Vec<(Box<Line>, f32, f32)>,
    /// (x0, y0, x1, y1, thickness, colour).
    pub rules: Vec<(f32, f32, f32, f32, f32, Rgb)>,
    /// (x0, y0, x1, y1, target): y0 top, y1 bottom.
    pub links: Vec<(f32, f32, f32, f32, Target)>,
    /// Marks on this page with their y.
    pub marks: Vec<(Mark, f32)>,
    /// Images placed on the page.
    pub images: Vec<super::image::Placed>,
}

fn baseline(top: f32, line: &Line) -> f32 {
    top + (line.leading + line.size * 0.7) / 2.0
}

/// Places every page and adds the chrome; `record`: with the record of
/// the lines (for tests).
pub fn compose(
    book: &Book,
    b: &Builder<'_, '_, '_>,
    pages: Vec<(PageKind, FlowPage)>,
    (pw, ph): (f32, f32),
    collection: bool,
    record: bool,
) -> Result<Vec<ComposedPage>> {
    let s = b.style();
    let colors = b.colors();
    let left = s.margin_left;
    let top = s.margin_top;
    let block = (left, top, pw - s.margin_right, ph - s.margin_bottom);
    let measure = b.measure();
    // First page of each article.
    let mut starts: Vec<Option<(usize, f32)>> = vec![None; book.articles().count()];
    for (pi, (_, p)) in pages.iter().enumerate() {
        for (it, y) in p {
            if let VItem::Mark(Mark::Article(i)) = it
                && let Some(slot) = starts.get_mut(*i)
            {
                slot.get_or_insert((pi, top + y));
            }
        }
    }
    // Where each footnote starts and where its first reference is: the
    // targets of the links between them.
    let mut note_at: std::collections::HashMap<NoteLink, (usize, f32)> = Default::default();
    for (pi, (_, p)) in pages.iter().enumerate() {
        for (it, y) in p {
            match it {
                VItem::Mark(Mark::Note { article, number }) => {
                    note_at.insert(NoteLink::Note(*article, *number), (pi, top + y));
                }
                VItem::Line { line, .. } => {
                    for (_, _, url) in &line.links {
                        if let Some(NoteLink::Note(a, n)) = NoteLink::parse(url) {
                            note_at.entry(NoteLink::Ref(a, n)).or_insert((pi, top + y));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let titles: Vec<String> = book.articles().map(|a| a.display_title()).collect();
    let sources: Vec<String> = book
        .articles()
        .map(|a| a.doc.meta.source.clone().unwrap_or_default())
        .collect();
    let langs: Vec<bool> = book
        .articles()
        .map(|a| super::article::article_lang(a, b.book_lang).rtl)
        .collect();
    let total = pages.len();
    let mut out = Vec::with_capacity(total);
    for (pi, (kind, flow)) in pages.into_iter().enumerate() {
        let mut page = ComposedPage {
            record: PageRecord {
                kind,
                size: (pw, ph),
                block,
                lines: Vec::new(),
            },
            lines: Vec::new(),
            rules: Vec::new(),
            links: Vec::new(),
            marks: Vec::new(),
            images: Vec::new(),
        };
        let rtl = match kind {
            PageKind::Cover | PageKind::Contents => b.book_lang.rtl,
            PageKind::Article(i) => langs.get(i).copied().unwrap_or(false),
        };
        for (it, y) in flow {
            let y_top = top + y;
            match it {
                VItem::Line {
                    mut line,
                    x,
                    para,
                    bar,
                    goto,
                    page_number,
                    ..
                } => {
                    let lx = left + x;
                    if let Some(target) = goto {
                        let start = starts.get(target as usize).copied().flatten();
                        if page_number && let Some((sp, _)) = start {
                            let num = format!("{}", sp + 1);
                            let mut nl =
                                b.one_line(&num, Face::Serif, line.size, colors.text, 60.0);
                            let w = nl.width;
                            let nx = if line.rtl { -x } else { measure - x - w };
                            if let Some(mut run) = nl.runs.pop() {
                                run.x = nx;
                                line.runs.push(run);
                            }
                            line.text.push(' ');
                            line.text.push_str(&num);
                            line.width = measure - x;
                        }
                        if let Some((sp, sy)) = start {
                            page.links.push((
                                lx,
                                y_top,
                                left + measure,
                                y_top + line.leading,
                                Target::Page(sp, sy),
                            ));
                        }
                    }
                    // A note's number whose note no text references links
                    // nowhere: no link (nor `Link` element) at all.
                    line.links.retain(|(_, _, url)| {
                        NoteLink::parse(url).is_none_or(|l| note_at.contains_key(&l))
                    });
                    for (x0, x1, url) in &line.links {
                        let target = match NoteLink::parse(url).and_then(|l| note_at.get(&l)) {
                            Some(&(pg, y)) => Target::Note(pg, y, url.clone()),
                            None => Target::Uri(url.to_string()),
                        };
                        page.links
                            .push((lx + x0, y_top, lx + x1, y_top + line.leading, target));
                    }
                    if let Some(bx) = bar {
                        page.rules.push((
                            left + bx,
                            y_top,
                            left + bx,
                            y_top + line.leading,
                            1.2,
                            colors.accent,
                        ));
                    }
                    let ink_x0 = line
                        .runs
                        .iter()
                        .filter(|r| !r.glyphs.is_empty())
                        .map(|r| r.x)
                        .fold(f32::INFINITY, f32::min);
                    let ink_x0 = if ink_x0.is_finite() { ink_x0 } else { 0.0 };
                    if record {
                        page.record.lines.push(LineRecord {
                            x: lx,
                            y: y_top,
                            ink_x0: lx + ink_x0,
                            width: line.width,
                            height: line.leading,
                            para,
                            hyphenated: line.hyphenated,
                            text: line.text.clone(),
                        });
                    }
                    let bl = baseline(y_top, &line);
                    // Lines through struck text, drawn with the rules (an
                    // artifact).
                    for st in &line.strikes {
                        let y = bl - st.rise;
                        page.rules
                            .push((lx + st.x0, y, lx + st.x1, y, st.width, st.color));
                    }
                    page.lines.push((line, lx, bl));
                }
                VItem::Rule {
                    x0,
                    x1,
                    width,
                    color,
                } => {
                    let yy = y_top + width / 2.0;
                    page.rules
                        .push((left + x0, yy, left + x1, yy, width, color));
                }
                VItem::Image {
                    index,
                    x,
                    width,
                    height,
                    alt,
                    tag,
                    ..
                } => {
                    let index = index as usize;
                    if let Some(image) = b.images.as_ref().and_then(|im| im.list.get(index)) {
                        page.images.push(super::image::Placed {
                            index,
                            image: image.clone(),
                            alt: alt.into(),
                            tag,
                            x: left + x,
                            y: y_top,
                            width,
                            height,
                        });
                    }
                }
                VItem::Mark(m) => page.marks.push((m, y_top)),
                VItem::Space(_)
                | VItem::Fixed(_)
                | VItem::PageBreak
                | VItem::RepeatHeader(_)
                | VItem::Foot(_) => {}
            }
        }
        // Running head.
        let head: Option<(String, String)> = match kind {
            PageKind::Cover => None,
            PageKind::Contents => {
                Some((book.meta.title.clone(), b.strings().get("contents").into()))
            }
            PageKind::Article(i) => {
                let first = starts.get(i).copied().flatten().map(|x| x.0) == Some(pi);
                if first {
                    None
                } else {
                    let l = if collection {
                        book.meta.title.clone()
                    } else {
                        sources.get(i).cloned().unwrap_or_default()
                    };
                    Some((l, titles.get(i).cloned().unwrap_or_default()))
                }
            }
        };
        let hs = s.small_size;
        if let Some((l, r)) = head {
            let hy = top * 0.55;
            let half = measure * 0.48;
            // The book's (or source's) name where reading starts, the
            // article's title where it ends.
            let ll = b.one_line_dir(&l, Face::Sans, hs, colors.muted, half, rtl);
            let rl = b.one_line_dir(&r, Face::Italic, hs, colors.muted, half, rtl);
            let (lx, rx) = if rtl {
                (left + measure - ll.width, left)
            } else {
                (left, left + measure - rl.width)
            };
            if !ll.runs.iter().all(|r| r.glyphs.is_empty()) {
                page.lines.push((Box::new(ll), lx, hy));
            }
            page.lines.push((Box::new(rl), rx, hy));
            page.rules
                .push((left, hy + 5.0, left + measure, hy + 5.0, 0.4, colors.muted));
        }
        if kind != PageKind::Cover {
            let num = format!("{} / {}", pi + 1, total);
            let fl = b.one_line_dir(&num, Face::Serif, hs, colors.muted, measure, rtl);
            let fx = left + (measure - fl.width) / 2.0;
            page.lines
                .push((Box::new(fl), fx, ph - s.margin_bottom * 0.5));
        }
        out.push(page);
    }
    Ok(out)
}

/// Total advance of a run (points).
pub fn run_width(run: &GlyphRun) -> f32 {
    run.glyphs.iter().map(|g: &PGlyph| g.adv).sum()
}
