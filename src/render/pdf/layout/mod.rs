//! Line breaking: paragraphs become Knuth–Plass item lists (boxes, glue,
//! penalties) that are broken by total fit, then set into positioned lines.
//!
//! - this module: the types, hyphenation, the item lists ([`Typesetter::set`]);
//! - [`breaking`]: Knuth–Plass total fit, and first fit when no total fit exists;
//! - [`lines`]: the chosen breaks set into positioned lines.

mod breaking;
use breaking::greedy;
mod lines;

use super::fonts::{Face, Fonts, Glyph};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// An RGB colour, 0..=1.
pub type Rgb = (f32, f32, f32);

/// A run of inline text in one face.
#[derive(Debug, Clone)]
pub struct Span {
    /// The text (may contain spaces; newlines are hard breaks).
    pub text: String,
    /// Face.
    pub face: Face,
    /// Link target, if the span is a link.
    pub link: Option<Arc<str>>,
    /// Colour.
    pub color: Rgb,
}

/// How to set a paragraph.
#[derive(Debug, Clone)]
pub struct ParaSpec {
    /// Line length in points.
    pub measure: f32,
    /// First-line indent in points.
    pub indent: f32,
    /// Type size.
    pub size: f32,
    /// Baseline-to-baseline distance.
    pub leading: f32,
    /// Justified (true) or ragged right.
    pub justify: bool,
    /// Hyphenate words.
    pub hyphenate: bool,
    /// Centre every line (cover, captions).
    pub center: bool,
}

/// A glyph placed on a line.
#[derive(Debug, Clone)]
pub struct PGlyph {
    /// Original glyph id.
    pub gid: u16,
    /// Advance in points, after kerning and justification.
    pub adv: f32,
    /// Text for extraction.
    pub text: Arc<str>,
}

/// Consecutive glyphs of one font, size and colour.
#[derive(Debug, Clone)]
pub struct GlyphRun {
    /// Font index in the font data.
    pub font: u8,
    /// Type size.
    pub size: f32,
    /// Colour.
    pub color: Rgb,
    /// Pen position of the first glyph, relative to the line's x.
    pub x: f32,
    /// Glyphs.
    pub glyphs: Vec<PGlyph>,
}

/// A set line.
#[derive(Debug, Clone, Default)]
pub struct Line {
    /// Glyph runs, x relative to the line's left edge.
    pub runs: Vec<GlyphRun>,
    /// Link areas: (x0, x1, url), relative to the line's left edge.
    pub links: Vec<(f32, f32, Arc<str>)>,
    /// Width actually covered by glyphs.
    pub width: f32,
    /// Line length the line was set to.
    pub measure: f32,
    /// Baseline-to-baseline distance.
    pub leading: f32,
    /// Type size of the line's main text.
    pub size: f32,
    /// Adjustment ratio Knuth–Plass chose (0 for ragged lines).
    pub ratio: f32,
    /// Whether the line ends with a hyphen the typesetter added.
    pub hyphenated: bool,
    /// Plain text of the line (for tests and debugging).
    pub text: String,
}

#[derive(Debug, Clone)]
struct Frag {
    glyphs: Arc<[Glyph]>,
    /// Sum of the glyph advances, in em.
    width: f32,
    size: f32,
    color: Rgb,
    link: Option<Arc<str>>,
}

#[derive(Debug, Clone)]
enum Item {
    Box {
        w: f32,
        frag: Option<usize>,
    },
    Glue {
        w: f32,
        stretch: f32,
        shrink: f32,
        space: Option<usize>,
    },
    Penalty {
        w: f32,
        p: f32,
        flagged: bool,
        frag: Option<usize>,
    },
}

/// Glyphs of a word piece and the cut after it (penalty, adds a hyphen).
type Piece = (Vec<Glyph>, Option<(f32, bool)>);

/// A piece of a word, between two places it may be broken.
#[derive(Debug)]
struct WordPiece {
    glyphs: Arc<[Glyph]>,
    /// Sum of the advances, in em.
    width: f32,
    /// The cut after the piece: (penalty, flagged (adds a hyphen)).
    cut: Option<(f32, bool)>,
}

/// A word's width (em) and its pieces as a short and as a long word.
#[derive(Default)]
struct CachedWord {
    width: f32,
    pieces: [Option<Arc<[WordPiece]>>; 2],
}

/// Words cut into pieces, per face and "hyphenate" (8 maps): the same words
/// come back all the time, and cutting one costs a shaping-cache lookup,
/// hyphenation and several allocations.
type WordCache = RefCell<[HashMap<Box<str>, CachedWord>; 8]>;

const INF: f32 = 10_000.0;
const FILL: f32 = 1.0e6;

/// The hyphenation dictionary for a language, when we have one.
pub struct Hyphenator {
    dict: Option<hyphenation::Standard>,
    cache: std::cell::RefCell<std::collections::HashMap<String, Vec<usize>>>,
}

impl Hyphenator {
    /// Patterns for `lang` (English is built in; other languages are not
    /// hyphenated).
    pub fn for_language(lang: &str) -> Self {
        use hyphenation::Load;
        let l = lang.trim().to_ascii_lowercase();
        let dict = if l.is_empty() || l == "en" || l.starts_with("en-") || l.starts_with("en_") {
            hyphenation::Standard::from_embedded(hyphenation::Language::EnglishUS).ok()
        } else {
            None
        };
        Hyphenator {
            dict,
            cache: Default::default(),
        }
    }

    /// No hyphenation.
    pub fn none() -> Self {
        Hyphenator {
            dict: None,
            cache: Default::default(),
        }
    }

    /// Byte offsets inside `word` where it may be hyphenated.
    pub fn breaks(&self, word: &str) -> Vec<usize> {
        if self.dict.is_none() {
            return Vec::new();
        }
        if let Some(b) = self.cache.borrow().get(word) {
            return b.clone();
        }
        let b = self.breaks_uncached(word);
        self.cache.borrow_mut().insert(word.to_string(), b.clone());
        b
    }

    fn breaks_uncached(&self, word: &str) -> Vec<usize> {
        use hyphenation::Hyphenator as _;
        let Some(dict) = &self.dict else {
            return Vec::new();
        };
        // Hyphenate only the alphabetic core of the word.
        let start = word
            .char_indices()
            .find(|(_, c)| c.is_alphabetic())
            .map(|(i, _)| i)
            .unwrap_or(word.len());
        let end = word
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_alphabetic())
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(start);
        if end <= start {
            return Vec::new();
        }
        let core = &word[start..end];
        if core.chars().count() < 5 || !core.chars().all(char::is_alphabetic) {
            return Vec::new();
        }
        dict.hyphenate(core)
            .breaks
            .into_iter()
            .map(|b| b + start)
            .collect()
    }
}

/// Paragraph builder and breaker.
pub struct Typesetter<'f, 'a> {
    /// Fonts.
    pub fonts: &'f Fonts<'a>,
    /// Hyphenation patterns.
    pub hyph: &'f Hyphenator,
    /// Print Knuth–Plass decisions to stderr.
    pub debug: bool,
    words: WordCache,
}

struct Built {
    items: Vec<Item>,
    frags: Vec<Frag>,
}

impl<'f, 'a> Typesetter<'f, 'a> {
    /// A typesetter with `fonts` and `hyph`; `debug` logs Knuth–Plass decisions.
    pub fn new(fonts: &'f Fonts<'a>, hyph: &'f Hyphenator, debug: bool) -> Self {
        Typesetter {
            fonts,
            hyph,
            debug,
            words: Default::default(),
        }
    }

    /// Forgets the shaped words: the fonts now shape some text differently
    /// (another article's language picks other CJK faces).
    pub fn forget_words(&self) {
        self.words.borrow_mut().iter_mut().for_each(HashMap::clear);
    }

    /// Sets a paragraph into lines.
    pub fn set(&self, spans: &[Span], spec: &ParaSpec) -> Vec<Line> {
        let built = self.build(spans, spec);
        if built.frags.is_empty() {
            return Vec::new();
        }
        let extra = if spec.justify && !spec.center {
            0.0
        } else {
            3.0 * spec.size
        };
        let breaks = self
            .breaks(&built.items, spec.measure, 2.0, extra)
            .or_else(|| self.breaks(&built.items, spec.measure, f32::INFINITY, extra))
            .unwrap_or_else(|| greedy(&built.items, spec.measure));
        self.lines(&built, &breaks, spec)
    }

    fn build(&self, spans: &[Span], spec: &ParaSpec) -> Built {
        let mut items = Vec::new();
        let mut frags: Vec<Frag> = Vec::new();
        if spec.indent > 0.0 {
            items.push(Item::Box {
                w: spec.indent,
                frag: None,
            });
        }
        let fill_end = |items: &mut Vec<Item>| {
            items.push(Item::Glue {
                w: 0.0,
                stretch: FILL,
                shrink: 0.0,
                space: None,
            });
            items.push(Item::Penalty {
                w: 0.0,
                p: -INF,
                flagged: false,
                frag: None,
            });
        };
        // Words: sequences of (span index, start, end) without spaces.
        let mut word: Vec<(usize, usize, usize)> = Vec::new();
        let mut pending_space: Option<usize> = None; // span index of the space
        let flush_word = |word: &mut Vec<(usize, usize, usize)>,
                          pending_space: &mut Option<usize>,
                          items: &mut Vec<Item>,
                          frags: &mut Vec<Frag>| {
            if word.is_empty() {
                return;
            }
            if let Some(si) = pending_space.take() {
                let has_box = items.iter().any(|i| matches!(i, Item::Box { .. }));
                if has_box && !matches!(items.last(), Some(Item::Penalty { p, .. }) if *p <= -INF) {
                    let sp = &spans[si];
                    let space = self.word(sp.face, " ", false, 0.0, 0.0);
                    let (glyphs, width) = space
                        .first()
                        .map(|p| (p.glyphs.clone(), p.width))
                        .unwrap_or_else(|| (Arc::from(Vec::new()), 0.0));
                    let w = width * spec.size;
                    let idx = frags.len();
                    frags.push(Frag {
                        glyphs,
                        width,
                        size: spec.size,
                        color: sp.color,
                        link: None,
                    });
                    let (stretch, shrink) = if spec.justify && !spec.center {
                        (w * 0.6, w * 0.3)
                    } else {
                        (0.0, 0.0)
                    };
                    items.push(Item::Glue {
                        w,
                        stretch,
                        shrink,
                        space: Some(idx),
                    });
                }
            }
            let single = word.len() == 1;
            for (si, start, end) in word.drain(..) {
                let sp = &spans[si];
                let text = sp.text.get(start..end).unwrap_or("");
                let pieces = self.word(
                    sp.face,
                    text,
                    single && spec.hyphenate,
                    spec.size,
                    spec.measure,
                );
                self.push_word(&pieces, sp, spec, items, frags);
            }
        };
        for (si, sp) in spans.iter().enumerate() {
            let mut cur: Option<usize> = None;
            for (pos, c) in sp.text.char_indices() {
                if c == '\n' {
                    if let Some(st) = cur.take() {
                        word.push((si, st, pos));
                    }
                    flush_word(&mut word, &mut pending_space, &mut items, &mut frags);
                    pending_space = None;
                    if items.iter().any(|i| matches!(i, Item::Box { .. })) {
                        fill_end(&mut items);
                    }
                } else if c.is_whitespace() && c != '\u{00A0}' && c != '\u{202F}' {
                    if let Some(st) = cur.take() {
                        word.push((si, st, pos));
                    }
                    flush_word(&mut word, &mut pending_space, &mut items, &mut frags);
                    pending_space = Some(si);
                } else {
                    cur.get_or_insert(pos);
                }
            }
            if let Some(st) = cur {
                word.push((si, st, sp.text.len()));
            }
        }
        flush_word(&mut word, &mut pending_space, &mut items, &mut frags);
        // Drop a trailing forced break, then end the paragraph.
        while matches!(items.last(), Some(Item::Penalty { p, .. }) if *p <= -INF)
            || matches!(items.last(), Some(Item::Glue { .. }))
        {
            items.pop();
        }
        if !frags.is_empty() {
            fill_end(&mut items);
        }
        Built { items, frags }
    }

    /// `text` in `face` cut into pieces where it may be broken: at
    /// hyphenation points (when `hyphenate`), after explicit hyphens and
    /// dashes, and, in a word longer than half the measure (a URL), after
    /// every character. Cached.
    fn word(
        &self,
        face: Face,
        text: &str,
        hyphenate: bool,
        size: f32,
        measure: f32,
    ) -> Arc<[WordPiece]> {
        let slot = face.index() * 2 + usize::from(hyphenate);
        if let Some(w) = self.words.borrow()[slot].get(text) {
            let long = w.width * size > measure * 0.5;
            if let Some(p) = &w.pieces[usize::from(long)] {
                return p.clone();
            }
        }
        let shaped = self.fonts.shape(face, text);
        let long = shaped.width * size > measure * 0.5;
        let hyph = if hyphenate {
            self.hyph.breaks(text)
        } else {
            Vec::new()
        };
        // Cut points: byte offset -> (penalty, flagged (adds a hyphen)).
        let mut cuts: Vec<(usize, f32, bool)> = Vec::new();
        for &b in &hyph {
            cuts.push((b, 50.0, true));
        }
        for (i, c) in text.char_indices() {
            let after = i + c.len_utf8();
            if after >= text.len() {
                break;
            }
            let next_alnum = text[after..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            if matches!(c, '-' | '\u{2010}' | '\u{2013}' | '\u{2014}') && i > 0 && next_alnum {
                cuts.push((after, 50.0, false));
            } else if long {
                if matches!(c, '/' | '.' | '_' | '?' | '&' | '=' | '#' | ':' | ',' | ';') {
                    cuts.push((after, 100.0, false));
                } else {
                    cuts.push((after, 900.0, false));
                }
            }
        }
        cuts.sort_by_key(|c| c.0);
        cuts.dedup_by_key(|c| c.0);
        // Only cut at cluster boundaries.
        let mut pieces: Vec<Piece> = Vec::new();
        let mut cur: Vec<Glyph> = Vec::new();
        let mut ci = 0;
        for (gi, g) in shaped.glyphs.iter().enumerate() {
            while ci < cuts.len() && (cuts[ci].0 as u32) < g.cluster {
                ci += 1;
            }
            let new_cluster = gi == 0 || shaped.glyphs[gi - 1].cluster != g.cluster;
            if new_cluster && ci < cuts.len() && cuts[ci].0 as u32 == g.cluster && !cur.is_empty() {
                pieces.push((std::mem::take(&mut cur), Some((cuts[ci].1, cuts[ci].2))));
                ci += 1;
            }
            cur.push(g.clone());
        }
        pieces.push((cur, None));
        let pieces: Arc<[WordPiece]> = pieces
            .into_iter()
            .map(|(glyphs, cut)| WordPiece {
                width: glyphs.iter().map(|g| g.advance).sum::<f32>(),
                glyphs: Arc::from(glyphs),
                cut,
            })
            .collect();
        let mut words = self.words.borrow_mut();
        let w = match words[slot].get_mut(text) {
            Some(w) => w,
            None => words[slot].entry(text.into()).or_default(),
        };
        w.width = shaped.width;
        w.pieces[usize::from(long)] = Some(pieces.clone());
        pieces
    }

    fn push_word(
        &self,
        pieces: &[WordPiece],
        sp: &Span,
        spec: &ParaSpec,
        items: &mut Vec<Item>,
        frags: &mut Vec<Frag>,
    ) {
        let size = spec.size;
        for piece in pieces {
            let idx = frags.len();
            frags.push(Frag {
                glyphs: piece.glyphs.clone(),
                width: piece.width,
                size,
                color: sp.color,
                link: sp.link.clone(),
            });
            items.push(Item::Box {
                w: piece.width * size,
                frag: Some(idx),
            });
            if let Some((p, flagged)) = piece.cut {
                if flagged {
                    let h = self.word(sp.face, "-", false, 0.0, 0.0);
                    let (glyphs, width) = h
                        .first()
                        .map(|p| (p.glyphs.clone(), p.width))
                        .unwrap_or_else(|| (Arc::from(Vec::new()), 0.0));
                    let hidx = frags.len();
                    frags.push(Frag {
                        glyphs,
                        width,
                        size,
                        color: sp.color,
                        link: sp.link.clone(),
                    });
                    items.push(Item::Penalty {
                        w: width * size,
                        p,
                        flagged: true,
                        frag: Some(hidx),
                    });
                } else {
                    items.push(Item::Penalty {
                        w: 0.0,
                        p,
                        flagged: false,
                        frag: None,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fonts::FontData;
    use super::super::style::PdfStyle;
    use super::*;
    use crate::theme::Theme;

    fn spec(measure: f32, justify: bool) -> ParaSpec {
        ParaSpec {
            measure,
            indent: 0.0,
            size: 10.0,
            leading: 13.0,
            justify,
            hyphenate: true,
            center: false,
        }
    }

    fn span(t: &str) -> Span {
        Span {
            text: t.into(),
            face: Face::Serif,
            link: None,
            color: (0.0, 0.0, 0.0),
        }
    }

    const TEXT: &str = "The harbour commission met on a grey Tuesday morning to settle, \
        once and for all, the question of the northern breakwater. Engineers had warned \
        for a decade that the structure was failing; fishermen had complained for longer. \
        What followed was an extraordinarily long afternoon of argument, recrimination \
        and, eventually, a remarkably unanimous vote to rebuild.";

    #[test]
    fn justified_lines_fill_the_measure_and_never_overflow() {
        let data = FontData::load(&Theme::default(), &PdfStyle::default()).unwrap();
        let fonts = Fonts::new(&data).unwrap();
        let hyph = Hyphenator::for_language("en");
        let ts = Typesetter::new(&fonts, &hyph, false);
        let lines = ts.set(&[span(TEXT)], &spec(200.0, true));
        assert!(lines.len() > 4);
        for l in &lines[..lines.len() - 1] {
            assert!((l.width - 200.0).abs() < 0.05, "{} {}", l.width, l.text);
        }
        for l in &lines {
            assert!(l.width <= 200.05);
        }
        // Nothing lost: the words come back in order.
        let joined: String = lines
            .iter()
            .map(|l| {
                if l.hyphenated {
                    l.text.trim_end_matches('-').to_string()
                } else {
                    format!("{} ", l.text.trim_end())
                }
            })
            .collect();
        let words: Vec<&str> = joined.split_whitespace().collect();
        let expect: Vec<&str> = TEXT.split_whitespace().collect();
        assert_eq!(words, expect);
    }

    #[test]
    fn total_fit_beats_first_fit_and_ragged_works() {
        let data = FontData::load(&Theme::default(), &PdfStyle::default()).unwrap();
        let fonts = Fonts::new(&data).unwrap();
        let hyph = Hyphenator::none();
        let ts = Typesetter::new(&fonts, &hyph, false);
        let lines = ts.set(&[span(TEXT)], &spec(180.0, false));
        for l in &lines {
            assert!(l.width <= 180.0 + 0.01);
            assert_eq!(l.ratio, 0.0);
        }
        // A 500-character URL-like word is broken, never overfull.
        let url = format!("https://example.org/{}", "segment/".repeat(60));
        let lines = ts.set(&[span(&url)], &spec(180.0, true));
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| l.width <= 180.01));
        let back: String = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(back, url);
    }

    #[test]
    fn hyphenates_english() {
        let h = Hyphenator::for_language("en-GB");
        assert!(!h.breaks("extraordinarily").is_empty());
        assert!(h.breaks("cat").is_empty());
        assert!(
            Hyphenator::for_language("fr")
                .breaks("extraordinairement")
                .is_empty()
        );
    }
}
