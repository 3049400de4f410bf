//! The chosen breaks set into positioned lines: glue stretched or shrunk,
//! hyphens added, the line's pieces put in visual order (bidi rule L2) in
//! paragraphs with right-to-left text, glyph runs and link areas placed,
//! right-to-left lines set flush right.

use super::*;

/// Thickness of a line through struck text, in em of its size.
const STRIKE_WIDTH: f32 = 0.055;

/// One piece of a line in visual order: a fragment (with its width when it
/// is a stretched space) or blank space (indent, CJK spacing).
enum Piece {
    Frag(usize, Option<f32>),
    Blank(f32),
}

impl Typesetter<'_, '_> {
    pub(super) fn lines(&self, built: &Built, breaks: &[usize], spec: &ParaSpec) -> Vec<Line> {
        let items = &built.items;
        let mut out = Vec::new();
        let mut start = 0usize;
        for &b in breaks {
            // Skip discardable items at the line start.
            while start < b && !matches!(items[start], Item::Box { .. }) {
                start += 1;
            }
            let seg = &items[start..b];
            let (mut w, mut st, mut sh) = (0.0f32, 0.0f32, 0.0f32);
            for it in seg {
                match it {
                    Item::Box { w: bw, .. } => w += bw,
                    Item::Glue {
                        w: gw,
                        stretch,
                        shrink,
                        ..
                    } => {
                        w += gw;
                        st += stretch;
                        sh += shrink;
                    }
                    Item::Penalty { .. } => {}
                }
            }
            let hyphen = match items.get(b) {
                Some(Item::Penalty {
                    frag: Some(f),
                    w: pw,
                    ..
                }) => {
                    w += pw;
                    Some(*f)
                }
                _ => None,
            };
            let mut r = if w < spec.measure {
                if st > 0.0 {
                    (spec.measure - w) / st
                } else {
                    0.0
                }
            } else if w > spec.measure && sh > 0.0 {
                ((spec.measure - w) / sh).max(-1.0)
            } else {
                0.0
            };
            // Very loose lines look worse stretched than ragged.
            if !spec.justify || spec.center || st >= FILL || r > 3.0 {
                r = if w > spec.measure && sh > 0.0 {
                    r.min(0.0)
                } else {
                    0.0
                };
            }
            let mut line = Line {
                measure: spec.measure,
                leading: spec.leading,
                size: spec.size,
                ratio: r,
                hyphenated: hyphen.is_some(),
                rtl: built.base_level == 1,
                ..Default::default()
            };
            // The line's pieces in logical order with their bidi levels.
            let mut pieces: Vec<(Piece, u8)> = Vec::with_capacity(seg.len() + 1);
            let mut last_level = built.base_level;
            for it in seg {
                match it {
                    Item::Box { w: bw, frag: None } => {
                        pieces.push((Piece::Blank(*bw), built.base_level));
                    }
                    Item::Box { frag: Some(f), .. } => {
                        last_level = built.frags[*f].level;
                        pieces.push((Piece::Frag(*f, None), last_level));
                    }
                    Item::Glue {
                        w: gw,
                        stretch,
                        shrink,
                        space,
                    } => {
                        let adj = if r >= 0.0 {
                            gw + r * stretch
                        } else {
                            gw + r * shrink
                        };
                        match space {
                            Some(s) => {
                                pieces.push((Piece::Frag(*s, Some(adj)), built.frags[*s].level))
                            }
                            None => pieces.push((Piece::Blank(adj), last_level)),
                        }
                    }
                    Item::Penalty { .. } => {}
                }
            }
            if let Some(h) = hyphen {
                pieces.push((Piece::Frag(h, None), last_level));
            }
            // Plain text in logical order (right-to-left fragments hold their
            // glyphs in visual order).
            for (p, _) in &pieces {
                if let Piece::Frag(f, _) = p {
                    let frag = &built.frags[*f];
                    if frag.level % 2 == 1 {
                        for g in frag.glyphs.iter().rev() {
                            line.text.push_str(&g.text);
                        }
                    } else {
                        for g in frag.glyphs.iter() {
                            line.text.push_str(&g.text);
                        }
                    }
                }
            }
            let order: Vec<usize> = if pieces.iter().any(|(_, l)| *l > 0) {
                let levels: Vec<u8> = pieces.iter().map(|(_, l)| *l).collect();
                script::visual_order(&levels)
            } else {
                (0..pieces.len()).collect()
            };
            let mut x = 0.0f32;
            let mut link_open: Option<(f32, Arc<str>)> = None;
            let place = |line: &mut Line, frag: &Frag, x: &mut f32, space_w: Option<f32>| {
                let adv_total: f32 = frag.width * frag.size;
                let scale = match space_w {
                    Some(sw) if adv_total > 0.0 => sw / adv_total,
                    _ => 1.0,
                };
                for (g, text) in frag.glyphs.iter().zip(frag.texts.iter()) {
                    let adv = g.advance * frag.size * scale;
                    let extend = line.runs.last().is_some_and(|run| {
                        run.font == g.font && run.size == frag.size && run.color == frag.color
                    });
                    if !extend {
                        line.runs.push(GlyphRun {
                            font: g.font,
                            size: frag.size,
                            color: frag.color,
                            x: *x,
                            glyphs: Glyphs::default(),
                        });
                    }
                    if let Some(run) = line.runs.last_mut() {
                        run.glyphs.push(PGlyph { adv, key: *text });
                    }
                    *x += adv;
                }
            };
            // The struck stretch in progress: (x0, end of its last struck
            // word piece, font of its first glyph, size, colour). Spaces
            // between struck words continue it; the line ends at the last
            // struck glyph (never over the space after).
            let mut strike_open: Option<(f32, f32, u8, f32, Rgb)> = None;
            let close_strike = |line: &mut Line, open: &mut Option<(f32, f32, u8, f32, Rgb)>| {
                if let Some((x0, x1, font, size, color)) = open.take()
                    && x1 > x0
                {
                    line.strikes.push(Strike {
                        x0,
                        x1,
                        rise: self.fonts.strike_rise(font) * size,
                        width: STRIKE_WIDTH * size,
                        color,
                    });
                }
            };
            for &k in &order {
                match &pieces[k].0 {
                    Piece::Blank(w) => x += w,
                    Piece::Frag(f, Some(sw)) => {
                        if !built.frags[*f].strike {
                            close_strike(&mut line, &mut strike_open);
                        }
                        place(&mut line, &built.frags[*f], &mut x, Some(*sw))
                    }
                    Piece::Frag(f, None) => {
                        let frag = &built.frags[*f];
                        let x_before = x;
                        match (&link_open, &frag.link) {
                            (Some((_, u)), Some(l)) if Arc::ptr_eq(u, l) || **u == **l => {}
                            _ => {
                                if let Some((x0, u)) = link_open.take() {
                                    line.links.push((x0, x, u));
                                }
                                if let Some(l) = &frag.link {
                                    link_open = Some((x, l.clone()));
                                }
                            }
                        }
                        place(&mut line, frag, &mut x, None);
                        match &mut strike_open {
                            Some((_, end, _, _, c)) if frag.strike && *c == frag.color => *end = x,
                            _ => {
                                close_strike(&mut line, &mut strike_open);
                                if frag.strike {
                                    let font = frag.glyphs.first().map_or(0, |g| g.font);
                                    strike_open = Some((x_before, x, font, frag.size, frag.color));
                                }
                            }
                        }
                    }
                }
            }
            if let Some((x0, u)) = link_open.take() {
                line.links.push((x0, x, u));
            }
            close_strike(&mut line, &mut strike_open);
            line.width = x;
            let shift = if spec.center {
                ((spec.measure - x) / 2.0).max(0.0)
            } else if line.rtl {
                (spec.measure - x).max(0.0)
            } else {
                0.0
            };
            if shift > 0.0 {
                for run in &mut line.runs {
                    run.x += shift;
                }
                for l in &mut line.links {
                    l.0 += shift;
                    l.1 += shift;
                }
                for st in &mut line.strikes {
                    st.x0 += shift;
                    st.x1 += shift;
                }
                line.width = x + shift;
            }
            // Lines are kept until the PDF is written: without the room
            // their vectors grew into (a 17-glyph line held 32 glyphs' worth;
            // the glyphs' vectors: `Glyphs::share`, once the lines kept
            // are known).
            line.runs.shrink_to_fit();
            line.strikes.shrink_to_fit();
            line.links.shrink_to_fit();
            line.dash_end = line
                .text
                .trim_end()
                .ends_with(['-', '\u{2010}', '\u{2013}', '\u{2014}']);
            if self.keep_text.get() {
                line.text.shrink_to_fit();
            } else {
                line.text = String::new();
            }
            out.push(line);
            start = b + 1;
        }
        out
    }
}
