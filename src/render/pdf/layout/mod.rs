//! Line breaking: paragraphs become Knuth–Plass item lists (boxes, glue,
//! penalties) that are broken by total fit, then set into positioned lines.
//!
//! - this module: the types, the item lists ([`Typesetter::set`]);
//! - [`lang`]: the paragraph's language: hyphenation patterns (hypher) and
//!   direction;
//! - [`script`]: UAX #14 break opportunities in CJK text and UAX #9
//!   embedding levels of right-to-left text;
//! - [`breaking`]: Knuth–Plass total fit, and first fit when no total fit exists;
//! - [`lines`]: the chosen breaks set into positioned lines, reordered
//!   visually and set flush right in right-to-left paragraphs.
//!
//! Latin text breaks at spaces, after explicit hyphens and dashes, at
//! hyphenation points, and inside very long words (URLs). CJK text also
//! breaks between characters where UAX #14 allows it (never before `。」、`,
//! never after `「（`) and is justified by spacing between the characters
//! (JIS X 4051), not by stretching spaces it does not have. Right-to-left
//! paragraphs are broken in logical order; each line is then reordered by
//! the bidi algorithm.

mod breaking;
mod few;
use breaking::greedy;
pub use few::Few;
mod gtext;
pub use gtext::{GlyphKey, GlyphText};
mod lang;
mod lines;
pub mod script;
mod window;

pub use lang::{Hyphenator, Lang};
use script::Analysis;

use super::fonts::{Face, Fonts, Glyph};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// An RGB colour, 0..=1.
pub type Rgb = (f32, f32, f32);

/// A run of inline text in one face.
#[derive(Debug, Clone)]
pub struct Span<'t> {
    /// The text (may contain spaces; newlines are hard breaks): borrowed
    /// from the model where it can be (a 50 MB paragraph is not copied).
    pub text: Cow<'t, str>,
    /// Face.
    pub face: Face,
    /// Link target, if the span is a link.
    pub link: Option<Arc<str>>,
    /// Colour.
    pub color: Rgb,
    /// Struck through (`~~deleted~~`): the line gets a [`Strike`] over it.
    pub strike: bool,
}

/// A line drawn through struck text, relative to the line's left edge and
/// baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Strike {
    /// Start.
    pub x0: f32,
    /// End.
    pub x1: f32,
    /// Height above the baseline (half the face's x-height).
    pub rise: f32,
    /// Thickness.
    pub width: f32,
    /// Colour (the struck text's).
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
    /// The paragraph's language: hyphenation patterns and direction.
    pub lang: Lang,
}

/// A glyph placed on a line: 8 bytes (lines hold one per glyph until the
/// PDF is written).
#[derive(Debug, Clone, Copy)]
pub struct PGlyph {
    /// Advance in points, after kerning and justification.
    pub adv: f32,
    /// Original glyph id and text for extraction.
    pub key: GlyphKey,
}

impl PGlyph {
    /// Glyph `gid` standing for `text`, `adv` points wide.
    pub fn new(gid: u16, adv: f32, text: &str) -> PGlyph {
        PGlyph {
            adv,
            key: GlyphKey::new(gid, text),
        }
    }

    /// Original glyph id.
    pub fn gid(&self) -> u16 {
        self.key.gid()
    }

    /// Text for extraction (empty for the second and later glyphs of a
    /// cluster).
    pub fn text(&self) -> GlyphText {
        self.key.text()
    }
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
    pub glyphs: Glyphs,
}

/// A run's glyphs: its own while its line is set, then (for the lines of a
/// long paragraph, set together) a stretch of one block holding all their
/// glyphs. Half a million lines' glyph vectors, each rounded up to the
/// allocator's next size, were some 40 MB more than their 400 MB of glyphs.
#[derive(Debug, Clone)]
pub enum Glyphs {
    /// Its own.
    Own(Vec<PGlyph>),
    /// `all[start..start + len]`.
    Shared {
        /// The glyphs of the lines set together.
        all: Arc<[PGlyph]>,
        /// First.
        start: u32,
        /// How many.
        len: u32,
    },
}

impl Default for Glyphs {
    fn default() -> Self {
        Glyphs::Own(Vec::new())
    }
}

impl From<Vec<PGlyph>> for Glyphs {
    fn from(v: Vec<PGlyph>) -> Self {
        Glyphs::Own(v)
    }
}

impl std::ops::Deref for Glyphs {
    type Target = [PGlyph];
    fn deref(&self) -> &[PGlyph] {
        match self {
            Glyphs::Own(v) => v,
            Glyphs::Shared { all, start, len } => {
                let s = *start as usize;
                all.get(s..s + *len as usize).unwrap_or(&[])
            }
        }
    }
}

impl<'a> IntoIterator for &'a Glyphs {
    type Item = &'a PGlyph;
    type IntoIter = std::slice::Iter<'a, PGlyph>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Glyphs {
    /// Appends `g` (a shared stretch becomes its own first).
    pub fn push(&mut self, g: PGlyph) {
        if let Glyphs::Shared { .. } = self {
            *self = Glyphs::Own(self.to_vec());
        }
        if let Glyphs::Own(v) = self {
            v.push(g);
        }
    }

    /// Each run's own glyph vector without the room it grew into.
    pub fn fit(lines: &mut [Line]) {
        for run in lines.iter_mut().flat_map(|l| &mut l.runs) {
            if let Glyphs::Own(v) = &mut run.glyphs {
                v.shrink_to_fit();
            }
        }
    }

    /// The glyphs of `lines`' runs moved into one block each run then
    /// points into (when there are enough to be worth it); otherwise each
    /// run's vector without the room it grew into.
    pub fn share(lines: &mut [Line]) {
        let total: usize = lines
            .iter()
            .flat_map(|l| &l.runs)
            .map(|r| r.glyphs.len())
            .sum();
        if lines.len() < SHARE_LINES || u32::try_from(total).is_err() {
            Self::fit(lines);
            return;
        }
        let mut all: Vec<PGlyph> = Vec::with_capacity(total);
        for run in lines.iter().flat_map(|l| &l.runs) {
            all.extend_from_slice(&run.glyphs);
        }
        let all: Arc<[PGlyph]> = all.into();
        let mut start = 0u32;
        for run in lines.iter_mut().flat_map(|l| &mut l.runs) {
            // (Fits: the total does.)
            let len = run.glyphs.len() as u32;
            run.glyphs = Glyphs::Shared {
                all: all.clone(),
                start,
                len,
            };
            start += len;
        }
    }
}

/// Lines set together from which their glyphs go into one block.
const SHARE_LINES: usize = 8;

/// A set line.
#[derive(Debug, Clone, Default)]
pub struct Line {
    /// Glyph runs, x relative to the line's left edge.
    pub runs: Vec<GlyphRun>,
    /// Link areas: (x0, x1, url), relative to the line's left edge.
    pub links: Few<(f32, f32, Arc<str>)>,
    /// Lines through struck text (drawn as artifacts).
    pub strikes: Few<Strike>,
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
    /// Plain text of the line, in logical order (for tests and debugging;
    /// empty when the typesetter was told not to keep it, see
    /// [`Typesetter::keep_text`]).
    pub text: String,
    /// The text ends with a hyphen or a dash (of its own, not one the
    /// typesetter added): a page should not break after the line.
    pub dash_end: bool,
    /// The paragraph's base direction is right to left: the line is set
    /// flush right and its runs are in visual order.
    pub rtl: bool,
    /// The structure element the line belongs to (tagged PDF); none for
    /// running heads and page numbers, which are artifacts.
    pub tag: super::tags::LineTag,
}

#[derive(Debug, Clone)]
struct Frag {
    glyphs: Arc<[Glyph]>,
    /// Each glyph's id and text, as placed glyphs carry them.
    texts: Arc<[GlyphKey]>,
    /// Sum of the glyph advances, in em.
    width: f32,
    size: f32,
    color: Rgb,
    link: Option<Arc<str>>,
    /// Bidi embedding level (odd: right to left, glyphs in visual order).
    level: u8,
    /// Struck through (from its span; a space between words: its own span's).
    strike: bool,
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
    texts: Arc<[GlyphKey]>,
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

/// Words cut into pieces, per face, "hyphenate" and direction (20 maps):
/// the same words come back all the time, and cutting one costs a
/// shaping-cache lookup, hyphenation and several allocations. The
/// hyphenated maps hold one language's words at a time.
type WordCache = RefCell<[HashMap<Box<str>, CachedWord>; 4 * super::fonts::FACES]>;

/// A gap between two words: a space (span index, bidi level) or a break
/// opportunity inside CJK text.
#[derive(Debug, Clone, Copy)]
enum Gap {
    Space(usize, u8),
    Cjk,
}

/// `text` as a bidi isolate (FSI … PDI): its direction is its own and
/// does not mix with what is around it (a Latin date next to an Arabic
/// name in a byline, `<bdi>` in HTML). The typesetter drops the marks.
pub fn isolate(text: &str) -> String {
    format!("\u{2068}{text}\u{2069}")
}

/// Whether `word` (no spaces) is a web or e-mail address: `https://…`,
/// `www.…`, `name@host.tld`, or a dotted host followed by a path
/// (`example.com/a`). Such words break after punctuation, unhyphenated.
pub fn is_address(word: &str) -> bool {
    let w = word.trim_start_matches(['(', '<', '[', '"', '\u{201C}', '\u{2018}']);
    let lower = |p: &str| w.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    if lower("http://") || lower("https://") || lower("ftp://") || lower("www.") || lower("mailto:")
    {
        return true;
    }
    if let Some((user, host)) = w.split_once('@') {
        return !user.is_empty()
            && host.contains('.')
            && !host.starts_with('.')
            && host.chars().all(|c| {
                c.is_alphanumeric() || matches!(c, '.' | '-' | '>' | ')' | ',' | ';' | ']')
            });
    }
    match w.split_once('/') {
        Some((host, _)) => {
            let labels: Vec<&str> = host.split('.').collect();
            labels.len() >= 2
                && labels
                    .iter()
                    .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
                && labels
                    .last()
                    .is_some_and(|t| t.chars().all(char::is_alphabetic))
        }
        None => false,
    }
}

/// Inter-character stretch of justified CJK text, in em per gap.
const CJK_STRETCH: f32 = 0.12;

/// Words kept per cache map before it starts again.
const WORD_CACHE_MAX: usize = 1 << 16;

const INF: f32 = 10_000.0;
/// The looser tolerance tried when no breaks fit within 2.
const LOOSE: f32 = 4.0;
/// Emergency stretch per line, in em, of the last justified try.
const EMERGENCY: f32 = 2.0;
const FILL: f32 = 1.0e6;

/// Paragraph builder and breaker.
pub struct Typesetter<'f, 'a> {
    /// Fonts.
    pub fonts: &'f Fonts<'a>,
    /// Hyphenation patterns.
    pub hyph: &'f Hyphenator,
    /// Print Knuth–Plass decisions to stderr.
    pub debug: bool,
    words: WordCache,
    /// The language the hyphenated word maps hold.
    words_lang: std::cell::Cell<Option<hypher::Lang>>,
    /// Set lines keep their plain text ([`Line::text`]); true unless the
    /// caller turns it off for a paragraph.
    pub keep_text: std::cell::Cell<bool>,
}

struct Built {
    items: Vec<Item>,
    frags: Vec<Frag>,
    /// The paragraph's embedding level: 1 for right to left, else 0.
    base_level: u8,
    /// Where each word starts: (index of its first item, span, byte offset
    /// in the span's text), in item order (see [`window`]).
    starts: Vec<(usize, usize, usize)>,
}

impl<'f, 'a> Typesetter<'f, 'a> {
    /// A typesetter with `fonts` and `hyph`; `debug` logs Knuth–Plass decisions.
    pub fn new(fonts: &'f Fonts<'a>, hyph: &'f Hyphenator, debug: bool) -> Self {
        Typesetter {
            fonts,
            hyph,
            debug,
            words: Default::default(),
            words_lang: std::cell::Cell::new(None),
            keep_text: std::cell::Cell::new(true),
        }
    }

    /// Forgets the shaped words: the fonts now shape some text differently
    /// (another article's language picks other CJK faces).
    pub fn forget_words(&self) {
        self.words.borrow_mut().iter_mut().for_each(HashMap::clear);
    }

    /// Frees the word cache and the fonts' shaping cache, tables and all
    /// (once the text is set: tens of MB the pages can use).
    pub fn free_caches(&self) {
        for map in self.words.borrow_mut().iter_mut() {
            *map = HashMap::new();
        }
        self.fonts.forget_shapes();
    }

    /// Sets a paragraph into lines; a very long one window by window (see
    /// [`window`]).
    pub fn set(&self, spans: &[Span], spec: &ParaSpec) -> Vec<Line> {
        self.set_windowed(spans, spec, window::WINDOW, |l| l)
    }

    /// [`Typesetter::set`], each line boxed as the vertical list holds it:
    /// a paragraph of half a million lines is then never held twice (once
    /// in a list of lines, once in their boxes).
    pub fn set_boxed(&self, spans: &[Span], spec: &ParaSpec) -> Vec<Box<Line>> {
        self.set_windowed(spans, spec, window::WINDOW, Box::new)
    }

    /// Sets a paragraph into lines in one go: the lines, and for each line
    /// the place in `spans` the next line starts at (span, byte) when the
    /// line ends between two words (`None` inside a word or at the end).
    fn set_whole(
        &self,
        spans: &[Span],
        spec: &ParaSpec,
    ) -> (Vec<Line>, Vec<Option<(usize, usize)>>) {
        // The hyphenated word maps hold one language's words.
        let hyph = spec
            .lang
            .hyph
            .filter(|_| spec.hyphenate && self.hyph.enabled());
        if hyph.is_some() && self.words_lang.get() != hyph {
            let mut words = self.words.borrow_mut();
            for (slot, map) in words.iter_mut().enumerate() {
                if slot % 2 == 1 {
                    map.clear();
                }
            }
            self.words_lang.set(hyph);
        }
        let built = self.build(spans, spec);
        if built.frags.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let extra = if spec.justify && !spec.center {
            0.0
        } else {
            3.0 * spec.size
        };
        // Within tolerance, then looser, then with TeX's emergency stretch
        // (breaks chosen as if every line could stretch `EMERGENCY` more:
        // the loosest lines, past a ratio of 3, are then set ragged by
        // `lines`), then the whole paragraph ragged; first fit only when a
        // glyph is wider than the measure. Never an "infinite tolerance"
        // search, whose badness cap makes every loose line look alike.
        let justified = spec.justify && !spec.center;
        if let Some(breaks) = self
            .breaks(&built.items, spec.measure, 2.0, extra)
            .or_else(|| self.breaks(&built.items, spec.measure, LOOSE, extra))
            .or_else(|| {
                justified
                    .then(|| {
                        let emergency = EMERGENCY * spec.size;
                        self.breaks(&built.items, spec.measure, 2.0, emergency)
                    })
                    .flatten()
            })
        {
            return (
                self.lines(&built, &breaks, spec),
                window::next_starts(&built, &breaks),
            );
        }
        let ragged = ParaSpec {
            justify: false,
            ..spec.clone()
        };
        let built = if justified {
            self.build(spans, &ragged)
        } else {
            built
        };
        let breaks = self
            .breaks(&built.items, spec.measure, f32::INFINITY, 3.0 * spec.size)
            .unwrap_or_else(|| greedy(&built.items, spec.measure));
        (
            self.lines(&built, &breaks, &ragged),
            window::next_starts(&built, &breaks),
        )
    }

    fn build(&self, spans: &[Span], spec: &ParaSpec) -> Built {
        let mut items = Vec::new();
        let mut frags: Vec<Frag> = Vec::new();
        // CJK break opportunities and bidi levels need the whole paragraph's
        // text; plain Latin left-to-right text (the common case) skips it.
        let needs_text = spec.lang.rtl
            || spans.iter().any(|s| {
                s.text
                    .chars()
                    .any(|c| script::is_cjk(c) || script::is_rtl(c))
            });
        let (analysis, offsets) = if needs_text {
            let mut full = String::new();
            let mut offsets = Vec::with_capacity(spans.len());
            for s in spans {
                offsets.push(full.len());
                full.push_str(&s.text);
            }
            (Analysis::of(&full, spec.lang.rtl), offsets)
        } else {
            (Analysis::default(), Vec::new())
        };
        let base_level = u8::from(analysis.rtl);
        let level_at = |si: usize, pos: usize| -> u8 {
            match (&analysis.levels, offsets.get(si)) {
                (Some(l), Some(off)) => l.get(off + pos).copied().unwrap_or(base_level),
                _ => base_level,
            }
        };
        let mut cjk_breaks = analysis.breaks.iter().copied().peekable();
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
        // Words: sequences of (span index, start, end, bidi level) without
        // spaces; a word changes part where its span or its level changes.
        let mut word: Vec<(usize, usize, usize, u8)> = Vec::new();
        let mut starts: Vec<(usize, usize, usize)> = Vec::new();
        let mut pending: Option<Gap> = None;
        let justify = spec.justify && !spec.center;
        let flush_word = |word: &mut Vec<(usize, usize, usize, u8)>,
                          pending: &mut Option<Gap>,
                          items: &mut Vec<Item>,
                          frags: &mut Vec<Frag>,
                          starts: &mut Vec<(usize, usize, usize)>| {
            if word.is_empty() {
                return;
            }
            let has_box = items.iter().any(|i| matches!(i, Item::Box { .. }));
            let after_break = matches!(items.last(), Some(Item::Penalty { p, .. }) if *p <= -INF);
            match pending.take() {
                Some(Gap::Space(si, level)) if has_box && !after_break => {
                    let sp = &spans[si];
                    let space = self.word(sp.face, " ", false, None, false, 0.0, 0.0);
                    let (glyphs, texts, width) = space
                        .first()
                        .map(|p| (p.glyphs.clone(), p.texts.clone(), p.width))
                        .unwrap_or_else(|| (Arc::from(Vec::new()), Arc::from(Vec::new()), 0.0));
                    let w = width * spec.size;
                    let idx = frags.len();
                    frags.push(Frag {
                        glyphs,
                        texts,
                        width,
                        size: spec.size,
                        color: sp.color,
                        link: None,
                        level,
                        strike: sp.strike,
                    });
                    let (stretch, shrink) = if justify {
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
                Some(Gap::Cjk) if has_box && !after_break => {
                    items.push(Item::Glue {
                        w: 0.0,
                        stretch: if justify {
                            CJK_STRETCH * spec.size
                        } else {
                            0.0
                        },
                        shrink: 0.0,
                        space: None,
                    });
                }
                _ => {}
            }
            let single = word.len() == 1;
            let hyph = spec.lang.hyph.filter(|_| single && spec.hyphenate);
            starts.push((items.len(), word[0].0, word[0].1));
            for (si, start, end, level) in word.drain(..) {
                let sp = &spans[si];
                let text = sp.text.get(start..end).unwrap_or("");
                let rtl = level % 2 == 1;
                let pieces = self.word(
                    sp.face,
                    text,
                    hyph.is_some() && !rtl,
                    hyph,
                    rtl,
                    spec.size,
                    spec.measure,
                );
                self.push_word(&pieces, sp, spec, level, items, frags);
            }
        };
        for (si, sp) in spans.iter().enumerate() {
            let off = offsets.get(si).copied().unwrap_or(0);
            let mut cur: Option<(usize, u8)> = None;
            for (pos, c) in sp.text.char_indices() {
                while cjk_breaks.next_if(|&b| b < off + pos).is_some() {}
                if cjk_breaks.next_if_eq(&(off + pos)).is_some() {
                    if let Some((st, l)) = cur.take() {
                        word.push((si, st, pos, l));
                    }
                    flush_word(&mut word, &mut pending, &mut items, &mut frags, &mut starts);
                    pending = Some(Gap::Cjk);
                }
                if c == '\n' {
                    if let Some((st, l)) = cur.take() {
                        word.push((si, st, pos, l));
                    }
                    flush_word(&mut word, &mut pending, &mut items, &mut frags, &mut starts);
                    pending = None;
                    if items.iter().any(|i| matches!(i, Item::Box { .. })) {
                        fill_end(&mut items);
                    }
                } else if matches!(c, '\u{2066}'..='\u{2069}') {
                    // Bidi isolates (see `isolate`) steer the levels and
                    // draw nothing: they end a word's part, not the word.
                    if let Some((st, l)) = cur.take() {
                        word.push((si, st, pos, l));
                    }
                } else if c.is_whitespace() && c != '\u{00A0}' && c != '\u{202F}' {
                    if let Some((st, l)) = cur.take() {
                        word.push((si, st, pos, l));
                    }
                    flush_word(&mut word, &mut pending, &mut items, &mut frags, &mut starts);
                    pending = Some(Gap::Space(si, level_at(si, pos)));
                } else {
                    let level = level_at(si, pos);
                    match cur {
                        Some((st, l)) if l != level => {
                            word.push((si, st, pos, l));
                            cur = Some((pos, level));
                        }
                        Some(_) => {}
                        None => cur = Some((pos, level)),
                    }
                }
            }
            if let Some((st, l)) = cur {
                word.push((si, st, sp.text.len(), l));
            }
        }
        flush_word(&mut word, &mut pending, &mut items, &mut frags, &mut starts);
        // Drop a trailing forced break, then end the paragraph.
        while matches!(items.last(), Some(Item::Penalty { p, .. }) if *p <= -INF)
            || matches!(items.last(), Some(Item::Glue { .. }))
        {
            items.pop();
        }
        if !frags.is_empty() {
            fill_end(&mut items);
        }
        Built {
            items,
            frags,
            base_level,
            starts,
        }
    }

    /// `text` in `face` cut into pieces where it may be broken: at
    /// hyphenation points in `lang` (when `hyphenate`), after explicit
    /// hyphens and dashes, and, in a word longer than half the measure (a
    /// URL), after every character. `rtl`: shaped right to left, each
    /// piece's glyphs in visual order (the pieces stay in logical order).
    /// Cached.
    #[allow(clippy::too_many_arguments)]
    fn word(
        &self,
        face: Face,
        text: &str,
        hyphenate: bool,
        lang: Option<hypher::Lang>,
        rtl: bool,
        size: f32,
        measure: f32,
    ) -> Arc<[WordPiece]> {
        // Web and e-mail addresses and code are never hyphenated: they
        // break after `/ . - ? &` instead, with no hyphen added.
        let address = is_address(text);
        let hyphenate = hyphenate && lang.is_some() && !address && face != Face::Mono;
        let slot = face.index() * 4 + usize::from(rtl) * 2 + usize::from(hyphenate);
        if let Some(w) = self.words.borrow()[slot].get(text) {
            let long = w.width * size > measure * 0.5;
            if let Some(p) = &w.pieces[usize::from(long)] {
                return p.clone();
            }
        }
        let shaped = self.fonts.shape_dir(face, text, rtl);
        let long = shaped.width * size > measure * 0.5;
        let hyph = if hyphenate {
            self.hyph.breaks(text, lang)
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
            if address {
                // After `/`, `.`, `-`, `?`, `&` (and `=`, `_`, `#`, `@`),
                // never between the two slashes of `https://`.
                let next = text[after..].chars().next();
                if matches!(c, '/' | '.' | '-' | '?' | '&' | '=' | '_' | '#' | '@')
                    && next != Some('/')
                    && i > 0
                {
                    cuts.push((after, 10.0, false));
                } else if long {
                    cuts.push((after, 900.0, false));
                }
            } else if matches!(c, '-' | '\u{2010}' | '\u{2013}' | '\u{2014}') && i > 0 && next_alnum
            {
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
        // Only cut at cluster boundaries, walking the glyphs in logical order.
        let mut logical: Vec<Glyph> = shaped.glyphs.clone();
        if rtl {
            logical.reverse();
        }
        let mut pieces: Vec<Piece> = Vec::new();
        let mut cur: Vec<Glyph> = Vec::new();
        let mut ci = 0;
        for (gi, g) in logical.iter().enumerate() {
            while ci < cuts.len() && (cuts[ci].0 as u32) < g.cluster {
                ci += 1;
            }
            let new_cluster = gi == 0 || logical[gi - 1].cluster != g.cluster;
            if new_cluster && ci < cuts.len() && cuts[ci].0 as u32 == g.cluster && !cur.is_empty() {
                pieces.push((std::mem::take(&mut cur), Some((cuts[ci].1, cuts[ci].2))));
                ci += 1;
            }
            cur.push(g.clone());
        }
        pieces.push((cur, None));
        let pieces: Arc<[WordPiece]> = pieces
            .into_iter()
            .map(|(mut glyphs, cut)| {
                if rtl {
                    glyphs.reverse();
                }
                WordPiece {
                    width: glyphs.iter().map(|g| g.advance).sum::<f32>(),
                    texts: Arc::from(GlyphKey::many(glyphs.iter().map(|g| (g.gid, &*g.text)))),
                    glyphs: Arc::from(glyphs),
                    cut,
                }
            })
            .collect();
        let mut words = self.words.borrow_mut();
        // Bounded (a million distinct numbers would stay cut into pieces,
        // some 500 bytes each); real books stay far below.
        if words[slot].len() >= WORD_CACHE_MAX && !words[slot].contains_key(text) {
            words[slot].clear();
        }
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
        level: u8,
        items: &mut Vec<Item>,
        frags: &mut Vec<Frag>,
    ) {
        let size = spec.size;
        for piece in pieces {
            let idx = frags.len();
            frags.push(Frag {
                glyphs: piece.glyphs.clone(),
                texts: piece.texts.clone(),
                width: piece.width,
                size,
                color: sp.color,
                link: sp.link.clone(),
                level,
                strike: sp.strike,
            });
            items.push(Item::Box {
                w: piece.width * size,
                frag: Some(idx),
            });
            if let Some((p, flagged)) = piece.cut {
                if flagged {
                    let h = self.word(sp.face, "-", false, None, false, 0.0, 0.0);
                    let (glyphs, texts, width) = h
                        .first()
                        .map(|p| (p.glyphs.clone(), p.texts.clone(), p.width))
                        .unwrap_or_else(|| (Arc::from(Vec::new()), Arc::from(Vec::new()), 0.0));
                    let hidx = frags.len();
                    frags.push(Frag {
                        glyphs,
                        texts,
                        width,
                        size,
                        color: sp.color,
                        link: sp.link.clone(),
                        level,
                        strike: sp.strike,
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
mod tests;
