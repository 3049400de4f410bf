//! Code blocks: the theme's monospace face at `code_size`, every space and
//! line break kept (tabs to stops of four), set flush left, never justified
//! or hyphenated, with a rule down the left edge. A line wider than the text
//! block wraps at a glyph boundary and its continuation starts with a
//! marker (`→`, muted) so a reader sees the line was not broken in the
//! source.

use super::builder::{Builder, Ctx};
use super::flow::{ParaInfo, VItem};
use super::fonts::Face;
use super::layout::{GlyphRun, Line, PGlyph, Rgb};

/// What starts a wrapped line's continuation.
pub const CONTINUATION: &str = "\u{2192} ";

/// Space between the rule and the code.
const PAD: f32 = 10.0;

/// Tab stops every this many columns.
const TAB: usize = 4;

/// `line` with its tabs expanded to the next stop of [`TAB`] columns.
pub fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut col = 0usize;
    for c in line.chars() {
        if c == '\t' {
            let n = TAB - col % TAB;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push(c);
            col += 1;
        }
    }
    out
}

impl Builder<'_, '_, '_> {
    /// A code block (see the module documentation).
    pub(super) fn code_block(&mut self, text: &str, cx: &Ctx, out: &mut Vec<VItem>) {
        let s = self.style;
        let size = s.code_size;
        let leading = size * 1.35;
        let avail = (self.measure - cx.left - cx.right - PAD).max(72.0);
        let mut lines: Vec<Line> = Vec::new();
        let body = text.strip_suffix('\n').unwrap_or(text);
        for src in body.split('\n') {
            let src = expand_tabs(src.strip_suffix('\r').unwrap_or(src));
            self.code_lines(&src, size, leading, avail, cx.color, &mut lines);
        }
        if lines.is_empty() {
            return;
        }
        out.push(VItem::Space(cx.leading * 0.4));
        self.para_id += 1;
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let break_before = if i == 0 {
                !std::mem::take(&mut self.keep_next)
            } else {
                i != 1 && i + 1 != n
            };
            out.push(VItem::Line {
                line: Box::new(line),
                x: cx.left + PAD,
                break_before,
                para: Some(ParaInfo {
                    id: self.para_id,
                    index: super::flow::n32(i),
                    count: super::flow::n32(n),
                }),
                bar: Some(cx.left + 3.0),
                goto: None,
                page_number: false,
            });
        }
        out.push(VItem::Space(cx.leading * 0.4));
    }

    /// One source line of code as set lines of at most `avail` points: cut
    /// after the last space when it leaves the line at least 60% full,
    /// else at the last glyph that fits (never inside a cluster).
    fn code_lines(
        &self,
        src: &str,
        size: f32,
        leading: f32,
        avail: f32,
        color: Rgb,
        out: &mut Vec<Line>,
    ) {
        let shaped = self.ts.fonts.shape(Face::Mono, src);
        let marker = self.ts.fonts.shape(Face::Mono, CONTINUATION);
        let marker_w = marker.width * size;
        let glyphs = &shaped.glyphs;
        // Pieces of the source line: glyph ranges.
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut start = 0usize;
        let mut x = 0.0f32;
        for (i, g) in glyphs.iter().enumerate() {
            let adv = g.advance * size;
            let indent = if pieces.is_empty() { 0.0 } else { marker_w };
            if !g.text.is_empty() && i > start && x + adv > avail + 0.01 {
                let min_x = indent + 0.6 * (avail - indent);
                let mut wx = indent;
                let mut cut = i;
                for (k, pg) in glyphs.iter().enumerate().take(i).skip(start) {
                    wx += pg.advance * size;
                    if &*pg.text == " " && wx >= min_x && k + 1 < i {
                        cut = k + 1;
                    }
                }
                pieces.push((start, cut));
                start = cut;
                x = marker_w + glyphs[cut..i].iter().map(|g| g.advance * size).sum::<f32>();
            }
            x += adv;
        }
        pieces.push((start, glyphs.len()));
        for (n, (a, b)) in pieces.into_iter().enumerate() {
            let mut line = Line {
                size,
                leading,
                measure: avail,
                ..Default::default()
            };
            let mut x = 0.0f32;
            if n > 0 {
                line.runs.push(GlyphRun {
                    font: marker
                        .glyphs
                        .first()
                        .map_or(Face::Mono.index() as u8, |g| g.font),
                    size,
                    color: self.colors.muted,
                    x: 0.0,
                    glyphs: marker
                        .glyphs
                        .iter()
                        .map(|g| PGlyph::new(g.gid, g.advance * size, &g.text))
                        .collect::<Vec<_>>()
                        .into(),
                });
                line.text.push_str(CONTINUATION);
                x = marker_w;
            }
            for g in &glyphs[a..b] {
                let adv = g.advance * size;
                match line.runs.last_mut() {
                    Some(r) if r.font == g.font && r.color == color => {}
                    _ => line.runs.push(GlyphRun {
                        font: g.font,
                        size,
                        color,
                        x,
                        glyphs: Default::default(),
                    }),
                }
                if let Some(r) = line.runs.last_mut() {
                    r.glyphs.push(PGlyph::new(g.gid, adv, &g.text));
                }
                line.text.push_str(&g.text);
                x += adv;
            }
            line.width = x;
            out.push(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_go_to_the_next_stop_of_four() {
        assert_eq!(expand_tabs("a\tb"), "a   b");
        assert_eq!(expand_tabs("\tx"), "    x");
        assert_eq!(expand_tabs("abcd\te"), "abcd    e");
        assert_eq!(expand_tabs("no tabs"), "no tabs");
    }
}
