//! The PDF builder: the model into vertical lists of set lines, with the
//! state one run of articles shares (paragraph numbers, keep-with-next, list
//! markers). The cover and contents ([`super::contents`]) and the articles
//! ([`super::article`]) are its other methods.

use super::flow::{ParaInfo, VItem};
use super::fonts::Face;
use super::layout::{self, Line, ParaSpec, Rgb, Span, Typesetter};
use super::style::{PdfStyle, parse_color};
use crate::model::{Inline, safe_url};
use crate::theme::Strings;
use std::sync::Arc;

/// Builds vertical lists from the model.
pub struct Builder<'t, 'f, 'a> {
    pub(super) ts: &'t Typesetter<'f, 'a>,
    pub(super) style: &'t PdfStyle,
    pub(super) strings: &'t Strings,
    pub(super) measure: f32,
    pub(super) para_id: usize,
    pub(super) keep_next: bool,
    pub(super) marker: Option<(String, f32)>,
    pub(super) article: usize,
    pub(super) colors: Colors,
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
        }
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

    pub(super) fn span(&self, text: impl Into<String>, face: Face, color: Rgb) -> Span {
        Span {
            text: text.into(),
            face,
            link: None,
            color,
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
        };
        let mut lines = self.ts.set(spans, &spec);
        if lines.is_empty() {
            return 0;
        }
        if let Some((m, size)) = self.marker.take() {
            let shaped = self.ts.fonts.shape(Face::Serif, &m);
            let w = shaped.width * size;
            let mut run = layout::GlyphRun {
                font: Face::Serif.index() as u8,
                size,
                color: cx.color,
                x: -(w + 0.35 * size),
                glyphs: Vec::new(),
            };
            for g in &shaped.glyphs {
                run.font = g.font;
                run.glyphs.push(layout::PGlyph {
                    gid: g.gid,
                    adv: g.advance * size,
                    text: g.text.clone(),
                });
            }
            lines[0].runs.insert(0, run);
            lines[0].text = format!("{m} {}", lines[0].text);
        }
        self.para_id += 1;
        let n = lines.len();
        let mut prev_hyphenated = false;
        for (i, line) in lines.into_iter().enumerate() {
            // No page break after the first line (orphan), before the last
            // (widow), nor after a hyphenated line (a word split over pages).
            let break_before = if i == 0 {
                !std::mem::take(&mut self.keep_next)
            } else {
                i != 1 && i + 1 != n && !prev_hyphenated
            };
            prev_hyphenated = line.hyphenated
                || line
                    .text
                    .trim_end()
                    .ends_with(['-', '\u{2010}', '\u{2013}', '\u{2014}']);
            out.push(VItem::Line {
                line,
                x: cx.left,
                break_before,
                para: Some(ParaInfo {
                    id: self.para_id,
                    index: i,
                    count: n,
                }),
                bar: cx.bar,
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

    pub(super) fn spans(&self, inlines: &[Inline], face: Face, color: Rgb) -> Vec<Span> {
        let mut out = Vec::new();
        self.push_spans(inlines, face, color, None, &mut out);
        out
    }

    pub(super) fn push_spans(
        &self,
        inlines: &[Inline],
        face: Face,
        color: Rgb,
        link: Option<Arc<str>>,
        out: &mut Vec<Span>,
    ) {
        for i in inlines {
            match i {
                Inline::Text { text } | Inline::Code { text } => out.push(Span {
                    text: text.clone(),
                    face,
                    link: link.clone(),
                    color,
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
                }),
            }
        }
    }

    /// Sets one line of text (running heads, feet): no breaking; clipped to
    /// `max` with an ellipsis.
    pub fn one_line(&self, text: &str, face: Face, size: f32, color: Rgb, max: f32) -> Line {
        let mut t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        loop {
            let shaped = self.ts.fonts.shape(face, &t);
            if shaped.width * size <= max || t.chars().count() <= 1 {
                let mut run = layout::GlyphRun {
                    font: face.index() as u8,
                    size,
                    color,
                    x: 0.0,
                    glyphs: Vec::new(),
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
                            glyphs: Vec::new(),
                        };
                        line.runs.push(std::mem::replace(&mut run, next));
                    }
                    run.font = g.font;
                    run.glyphs.push(layout::PGlyph {
                        gid: g.gid,
                        adv: g.advance * size,
                        text: g.text.clone(),
                    });
                    x += g.advance * size;
                }
                line.runs.push(run);
                line.width = x;
                line.text = t;
                return line;
            }
            // Drop the last word (or character) and add an ellipsis.
            let base = t.trim_end_matches('…').trim_end().to_string();
            let cut = match base.rfind(' ') {
                Some(p) if p > 0 => base[..p].to_string(),
                _ => {
                    let mut b = base.clone();
                    b.pop();
                    b
                }
            };
            t = format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']));
        }
    }
}
