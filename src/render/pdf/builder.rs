//! The PDF builder: the model into vertical lists of set lines, with the
//! state one run of articles shares (paragraph numbers, keep-with-next, list
//! markers). The cover and contents ([`super::contents`]) and the articles
//! ([`super::article`]) are its other methods.

use super::flow::{ParaInfo, VItem};
use super::fonts::Face;
use super::layout::{self, Lang, Line, ParaSpec, Rgb, Span, Typesetter};
use super::style::{PdfStyle, parse_color};
use super::tags::{ElemId, Role, StructTree};
use crate::model::{Inline, safe_url};
use crate::theme::Strings;
use std::borrow::Cow;
use std::sync::Arc;

/// Builds vertical lists from the model.
pub struct Builder<'t, 'f, 'a> {
    pub(super) ts: &'t Typesetter<'f, 'a>,
    pub(super) style: &'t PdfStyle,
    pub(super) strings: &'t Strings,
    pub(super) measure: f32,
    pub(super) para_id: u32,
    pub(super) keep_next: bool,
    pub(super) marker: Option<(String, f32)>,
    pub(super) article: usize,
    pub(super) colors: Colors,
    /// The language of what is being set (the article's, else the book's):
    /// hyphenation patterns and direction. A right-to-left language
    /// mirrors the indents, list markers and quote bars.
    pub(super) lang: Lang,
    /// The book's language (cover, contents, chrome).
    pub(super) book_lang: Lang,
    /// The theme's strings for each article language of the book (the
    /// article header's "By" and date); `strings` for the others.
    pub(super) article_strings: &'t std::collections::HashMap<String, Strings>,
    /// The current article's footnotes (`notes.rs`).
    pub(super) notes: Vec<super::notes::PdfNote>,
    /// Notes left for the article's end (too tall for a page foot).
    pub(super) deferred: Vec<usize>,
    /// A note's own text is being set (its references are not attached).
    pub(super) in_note: bool,
    /// The images figures may show (set after [`Builder::new`]).
    pub(super) images: Option<Arc<super::image::PdfImages>>,
    /// The structure tree (tagged PDF) of what this builder set.
    pub tags: StructTree,
    /// The `Lbl` element of the list marker in `marker`.
    pub(super) label_tag: Option<ElemId>,
    /// The last heading level tagged in this article (the title is 1), so
    /// that heading tags never skip a level.
    pub(super) heading_depth: u8,
    /// Keep each body line's plain text (for the layout record); without
    /// it a paragraph's lines are set without their text once the notes
    /// that look for their numbers in it are placed (a 50 MB paragraph is
    /// 50 MB of line text).
    pub(super) keep_text: bool,
}

/// Style colours.
#[derive(Debug, Clone, Copy)]
pub struct Colors {
    /// Body text.
    pub text: Rgb,
    /// Accents.
    pub accent: Rgb,
    /// Links.
    pub link: Rgb,
    /// Secondary text.
    pub muted: Rgb,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Ctx {
    pub(super) left: f32,
    pub(super) right: f32,
    pub(super) size: f32,
    pub(super) leading: f32,
    pub(super) face: Face,
    pub(super) color: Rgb,
    pub(super) bar: Option<f32>,
    pub(super) indent_paras: bool,
}

impl<'t, 'f, 'a> Builder<'t, 'f, 'a> {
    pub(super) fn new(
        ts: &'t Typesetter<'f, 'a>,
        style: &'t PdfStyle,
        strings: &'t Strings,
        article_strings: &'t std::collections::HashMap<String, Strings>,
        book_lang: Lang,
    ) -> Self {
        let (pw, _) = style.paper.size();
        let c = |s: &str| parse_color(s).unwrap_or((0.0, 0.0, 0.0));
        Builder {
            ts,
            style,
            strings,
            measure: pw - style.margin_left - style.margin_right,
            para_id: 0,
            keep_next: false,
            marker: None,
            article: 0,
            colors: Colors {
                text: c(&style.text_color),
                accent: c(&style.accent_color),
                link: c(&style.link_color),
                muted: c(&style.muted_color),
            },
            lang: book_lang,
            book_lang,
            article_strings,
            notes: Vec::new(),
            deferred: Vec::new(),
            in_note: false,
            images: None,
            tags: StructTree::new(),
            label_tag: None,
            heading_depth: 1,
            keep_text: true,
        }
    }

    /// Opens a `role` element, lays out `f` inside it, tags the lines `f`
    /// pushed that no inner element tagged, and closes it.
    pub fn tagged<R>(
        &mut self,
        role: Role,
        out: &mut Vec<VItem>,
        f: impl FnOnce(&mut Self, &mut Vec<VItem>) -> R,
    ) -> (ElemId, R) {
        let id = self.tags.open(role);
        let start = out.len();
        let r = f(self, out);
        StructTree::tag_lines(&mut out[start..], id);
        self.tags.close(id);
        (id, r)
    }

    /// The typesetter.
    pub fn ts(&self) -> &Typesetter<'f, 'a> {
        self.ts
    }
    /// The style.
    pub fn style(&self) -> &PdfStyle {
        self.style
    }
    /// The theme's strings for the book's language.
    pub fn strings(&self) -> &Strings {
        self.strings
    }
    /// Colours.
    pub fn colors(&self) -> Colors {
        self.colors
    }
    /// Text block width.
    pub fn measure(&self) -> f32 {
        self.measure
    }

    pub(super) fn span(&self, text: impl Into<String>, face: Face, color: Rgb) -> Span<'static> {
        Span {
            text: Cow::Owned(text.into()),
            face,
            link: None,
            color,
            strike: false,
        }
    }

    /// Sets `spans` and pushes the lines with widow/orphan control.
    /// A paragraph set flush left, without justification or hyphenation
    /// (titles, bylines, cover and contents lines).
    pub(super) fn push_line(&mut self, spans: &[Span], cx: &Ctx, out: &mut Vec<VItem>) -> usize {
        self.push_para(spans, cx, 0.0, false, false, false, out)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn push_para(
        &mut self,
        spans: &[Span],
        cx: &Ctx,
        indent: f32,
        justify: bool,
        hyphenate: bool,
        center: bool,
        out: &mut Vec<VItem>,
    ) -> usize {
        let spec = ParaSpec {
            measure: (self.measure - cx.left - cx.right).max(72.0),
            indent,
            size: cx.size,
            leading: cx.leading,
            justify: justify && !self.style.ragged,
            hyphenate: hyphenate && self.style.hyphenate,
            center,
            lang: self.lang,
        };
        // Notes still to place look for their numbers in the lines' text.
        let keep_text = self.keep_text || !self.notes.iter().all(|n| n.placed);
        self.ts.keep_text.set(keep_text);
        let mut lines = self.ts.set_boxed(spans, &spec);
        self.ts.keep_text.set(true);
        if lines.is_empty() {
            return 0;
        }
        let rtl = lines[0].rtl;
        if let Some((m, size)) = self.marker.take() {
            // The marker hangs in the margin the text starts from: left of a
            // left-to-right line, right of a right-to-left one (its
            // characters in bidi order there: `1.` reads `.1`).
            let mspec = ParaSpec {
                measure: 1.0e4,
                indent: 0.0,
                size,
                justify: false,
                hyphenate: false,
                center: false,
                ..spec.clone()
            };
            let ml = self
                .ts
                .set(&[self.span(m.as_str(), Face::Serif, cx.color)], &mspec);
            if let Some(mut ml) = ml.into_iter().next() {
                let label = self.label_tag.take();
                let x0 = if rtl {
                    // Visual runs of a flush-right line: move them to start
                    // just right of the text.
                    let first = ml.runs.iter().map(|r| r.x).fold(f32::INFINITY, f32::min);
                    spec.measure + 0.35 * size - first
                } else {
                    -(ml.width + 0.35 * size)
                };
                let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
                for (k, mut run) in ml.runs.drain(..).enumerate() {
                    run.x += x0;
                    lo = lo.min(run.x);
                    hi = hi.max(run.x + super::chrome::run_width(&run));
                    lines[0].runs.insert(k, run);
                }
                // The marker is the list item's label.
                if let Some(l) = label
                    && lo < hi
                {
                    StructTree::tag_part(&mut lines[0], lo - 0.01, hi - 0.01, l);
                }
            }
            if keep_text {
                lines[0].text = format!("{m} {}", lines[0].text);
            }
        }
        self.para_id += 1;
        let n = lines.len();
        // Room for a long paragraph's lines at once, not by doubling.
        out.reserve(n);
        let mut prev_hyphenated = false;
        for (i, line) in lines.into_iter().enumerate() {
            // No page break after the first line (orphan), before the last
            // (widow), nor after a hyphenated line (a word split over pages).
            let break_before = if i == 0 {
                !std::mem::take(&mut self.keep_next)
            } else {
                i != 1 && i + 1 != n && !prev_hyphenated
            };
            prev_hyphenated = line.hyphenated || line.dash_end;
            // Right to left mirrors the indents: the left one is on the right.
            let x = if rtl { cx.right } else { cx.left };
            let bar = cx.bar.map(|b| if rtl { self.measure - b } else { b });
            out.push(VItem::Line {
                line,
                x,
                break_before,
                para: Some(ParaInfo {
                    id: self.para_id,
                    index: super::flow::n32(i),
                    count: super::flow::n32(n),
                }),
                bar,
                goto: None,
                page_number: false,
            });
        }
        n
    }

    pub(super) fn body_ctx(&self) -> Ctx {
        Ctx {
            left: 0.0,
            right: 0.0,
            size: self.style.body_size,
            leading: self.style.body_leading,
            face: Face::Serif,
            color: self.colors.text,
            bar: None,
            indent_paras: true,
        }
    }

    pub(super) fn spans<'i>(&self, inlines: &'i [Inline], face: Face, color: Rgb) -> Vec<Span<'i>> {
        let mut out = Vec::new();
        self.push_spans(inlines, face, color, None, &mut out);
        out
    }

    pub(super) fn push_spans<'i>(
        &self,
        inlines: &'i [Inline],
        face: Face,
        color: Rgb,
        link: Option<Arc<str>>,
        out: &mut Vec<Span<'i>>,
    ) {
        for i in inlines {
            match i {
                Inline::Text { text } => out.push(Span {
                    text: Cow::Borrowed(text),
                    face,
                    link: link.clone(),
                    color,
                    strike: false,
                }),
                // Code keeps its own direction inside right-to-left text
                // (a trailing `)` stays with it).
                Inline::Code { text } => out.push(Span {
                    text: if self.lang.rtl {
                        layout::isolate(text).into()
                    } else {
                        Cow::Borrowed(text)
                    },
                    face: Face::Mono,
                    link: link.clone(),
                    color,
                    strike: false,
                }),
                Inline::Emphasis { content } => {
                    let f = match face {
                        Face::Serif => Face::Italic,
                        Face::Italic => Face::Serif,
                        f => f,
                    };
                    self.push_spans(content, f, color, link.clone(), out)
                }
                Inline::Strong { content } => {
                    let f = match face {
                        Face::Sans => Face::Sans,
                        _ => Face::Bold,
                    };
                    self.push_spans(content, f, color, link.clone(), out)
                }
                Inline::Link { url, content } => match safe_url(url) {
                    Some(u) => {
                        self.push_spans(content, face, self.colors.link, Some(Arc::from(u)), out)
                    }
                    None => self.push_spans(content, face, color, link.clone(), out),
                },
                Inline::LineBreak => out.push(Span {
                    text: "\n".into(),
                    face,
                    link: None,
                    color,
                    strike: false,
                }),
                // Struck text in the muted colour (as `del` in the HTML
                // theme) with a line through it (drawn by the chrome).
                Inline::Strike { content } => {
                    let from = out.len();
                    self.push_spans(content, face, self.colors.muted, link.clone(), out);
                    for s in &mut out[from..] {
                        s.strike = true;
                    }
                }
                // A reference links to its note (see `notes::NoteLink`).
                Inline::NoteRef { label } => out.push(match self.note_number(label) {
                    Some(n) => Span {
                        text: super::notes::superscript(n).into(),
                        face,
                        link: Some(super::notes::NoteLink::Note(self.article, n).key()),
                        color,
                        strike: false,
                    },
                    None => Span {
                        text: format!("[^{label}]").into(),
                        face,
                        link: link.clone(),
                        color,
                        strike: false,
                    },
                }),
                Inline::Task { checked } => out.push(Span {
                    text: if *checked { "\u{2611} " } else { "\u{2610} " }.into(),
                    face,
                    link: None,
                    color,
                    strike: false,
                }),
            }
        }
    }

    /// Sets one line of text (running heads, feet): no breaking; clipped to
    /// `max` with an ellipsis.
    pub fn one_line(&self, text: &str, face: Face, size: f32, color: Rgb, max: f32) -> Line {
        self.one_line_dir(text, face, size, color, max, false)
    }

    /// [`Builder::one_line`] in a paragraph whose base direction is right to
    /// left when `rtl` (or by its first strong character when the text has
    /// right-to-left characters): reordered by the bidi algorithm, runs from
    /// x = 0 in visual order.
    pub fn one_line_dir(
        &self,
        text: &str,
        face: Face,
        size: f32,
        color: Rgb,
        max: f32,
        rtl: bool,
    ) -> Line {
        let mut t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if rtl || layout::script::has_rtl(&t) {
            return self.one_line_bidi(t, face, size, color, max, rtl);
        }
        loop {
            let shaped = self.ts.fonts.shape(face, &t);
            if shaped.width * size <= max || t.chars().count() <= 1 {
                let mut run = layout::GlyphRun {
                    font: face.index() as u8,
                    size,
                    color,
                    x: 0.0,
                    glyphs: Default::default(),
                };
                let mut line = Line {
                    size,
                    leading: size * 1.2,
                    measure: max,
                    ..Default::default()
                };
                let mut x = 0.0;
                for g in &shaped.glyphs {
                    if g.font != run.font && !run.glyphs.is_empty() {
                        let next = layout::GlyphRun {
                            font: g.font,
                            size,
                            color,
                            x,
                            glyphs: Default::default(),
                        };
                        line.runs.push(std::mem::replace(&mut run, next));
                    }
                    run.font = g.font;
                    run.glyphs
                        .push(layout::PGlyph::new(g.gid, g.advance * size, &g.text));
                    x += g.advance * size;
                }
                line.runs.push(run);
                line.width = x;
                line.text = t;
                return line;
            }
            // Drop the last word (or character) and add an ellipsis.
            let cut = without_last_word(&t);
            t = format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']));
        }
    }

    fn one_line_bidi(
        &self,
        mut t: String,
        face: Face,
        size: f32,
        color: Rgb,
        max: f32,
        rtl: bool,
    ) -> Line {
        let spec = ParaSpec {
            measure: 1.0e5,
            indent: 0.0,
            size,
            leading: size * 1.2,
            justify: false,
            hyphenate: false,
            center: false,
            lang: Lang { hyph: None, rtl },
        };
        loop {
            let span = self.span(t.as_str(), face, color);
            let mut line = self
                .ts
                .set(&[span], &spec)
                .into_iter()
                .next()
                .unwrap_or_default();
            let w: f32 = line
                .runs
                .iter()
                .flat_map(|r| r.glyphs.iter())
                .map(|g| g.adv)
                .sum();
            if w <= max || t.chars().count() <= 1 {
                let x0 = line.runs.iter().map(|r| r.x).fold(f32::INFINITY, f32::min);
                if x0.is_finite() {
                    for r in &mut line.runs {
                        r.x -= x0;
                    }
                }
                line.width = w;
                line.measure = max;
                line.links.clear();
                return line;
            }
            let cut = without_last_word(&t);
            t = format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ', '،']));
        }
    }
}

/// `t` without its ellipsis and its last word (or, for one word, its last
/// character): the next try when a one-line text does not fit.
fn without_last_word(t: &str) -> String {
    let base = t.trim_end_matches('…').trim_end();
    match base.rfind(' ') {
        Some(p) if p > 0 => base[..p].to_string(),
        _ => {
            let mut b = base.to_string();
            b.pop();
            b
        }
    }
}
