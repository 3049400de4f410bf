//! Very long paragraphs set window by window.
//!
//! Knuth–Plass over a whole paragraph keeps the paragraph's items, pieces
//! and break nodes at once: for a 50 MB article that is one paragraph,
//! gigabytes. A paragraph longer than [`WINDOW`] bytes is set a window at a
//! time instead: the text from where the last window stopped, cut after
//! about `WINDOW` bytes at a space, is set as if it were the paragraph;
//! its lines are kept except the last few, which the end of the window
//! shaped (a window's last line is set loose, as a paragraph's is); the
//! next window starts with the first word of the first line not kept. The
//! lines kept end between two words, never inside a hyphenated word.
//!
//! Paragraphs up to `WINDOW` bytes (all real ones) are set whole, exactly
//! as before. Text with right-to-left or CJK characters is set whole too:
//! its bidi levels and break opportunities are found over the whole
//! paragraph.

use super::*;

/// Paragraphs longer than this many bytes of text are set in windows.
pub(super) const WINDOW: usize = 32 * 1024;

/// Lines at the end of a window that are set again at the start of the next.
const REDO: usize = 4;

/// For each break, where the line after it starts in the paragraph's spans
/// (span, byte) when the break falls between two words.
pub(super) fn next_starts(built: &Built, breaks: &[usize]) -> Vec<Option<(usize, usize)>> {
    breaks
        .iter()
        .map(|&b| {
            let between = match built.items.get(b) {
                Some(Item::Glue { .. }) => true,
                Some(Item::Penalty { p, .. }) => *p <= -INF,
                _ => false,
            };
            if !between {
                return None;
            }
            let k = built.starts.partition_point(|s| s.0 <= b);
            built.starts.get(k).map(|s| (s.1, s.2))
        })
        .collect()
}

/// Whether `c` separates words for the typesetter (see `Typesetter::build`).
fn is_gap(c: char) -> bool {
    c.is_whitespace() && c != '\u{00A0}' && c != '\u{202F}'
}

/// The spans from `from` (span, byte) to the first word gap at or after
/// `window` bytes on; and whether that reaches the paragraph's end.
fn cut<'s>(spans: &'s [Span<'_>], from: (usize, usize), window: usize) -> (Vec<Span<'s>>, bool) {
    let mut out: Vec<Span<'s>> = Vec::new();
    let mut len = 0usize;
    for (si, sp) in spans.iter().enumerate().skip(from.0) {
        let start = if si == from.0 { from.1 } else { 0 };
        let text = sp.text.get(start..).unwrap_or("");
        // Looking for a gap from this byte of `text` on.
        let look = window.saturating_sub(len);
        let end = if look < text.len() {
            text.char_indices()
                .skip_while(|&(i, _)| i < look)
                .find(|&(_, c)| is_gap(c))
                .map(|(i, _)| i)
        } else {
            None
        };
        let piece = &text[..end.unwrap_or(text.len())];
        len += piece.len();
        // The window's piece of the text, borrowed (`..sp.clone()` copied
        // the whole span's text, all 50 MB of a one-paragraph article, for
        // every window).
        out.push(Span {
            text: Cow::Borrowed(piece),
            face: sp.face,
            link: sp.link.clone(),
            color: sp.color,
            strike: sp.strike,
        });
        if end.is_some() {
            let at_end = spans[si + 1..].iter().all(|s| s.text.trim().is_empty())
                && text[piece.len()..].trim().is_empty();
            return (out, at_end);
        }
    }
    (out, true)
}

impl Typesetter<'_, '_> {
    /// Sets a paragraph, window by window when it is longer than `window`
    /// bytes (see the module).
    pub(super) fn set_windowed<T>(
        &self,
        spans: &[Span],
        spec: &ParaSpec,
        window: usize,
        wrap: impl Fn(Line) -> T,
    ) -> Vec<T> {
        let total: usize = spans.iter().map(|s| s.text.len()).sum();
        let whole = total <= window
            || spec.lang.rtl
            || spans.iter().any(|s| {
                s.text
                    .chars()
                    .any(|c| script::is_cjk(c) || script::is_rtl(c))
            });
        // A paragraph set whole keeps a vector per run (copying them into
        // one block cost a 100-article book 3-5% of its time); a long
        // one's windows each get their glyphs in one block
        // (`Glyphs::share`).
        if whole {
            let mut lines = self.set_whole(spans, spec).0;
            Glyphs::fit(&mut lines);
            return lines.into_iter().map(wrap).collect();
        }
        let mut out = Vec::new();
        let mut from = (0usize, 0usize);
        let mut first = true;
        loop {
            let (chunk, last) = cut(spans, from, window);
            let cspec = if first {
                spec.clone()
            } else {
                ParaSpec {
                    indent: 0.0,
                    ..spec.clone()
                }
            };
            let (mut lines, next) = self.set_whole(&chunk, &cspec);
            if last {
                Glyphs::share(&mut lines);
                out.extend(lines.into_iter().map(&wrap));
                break;
            }
            // The last line kept: at least REDO lines before the window's
            // end, ending between two words.
            let keep = (0..lines.len().saturating_sub(REDO))
                .rev()
                .find_map(|i| next.get(i).copied().flatten().map(|at| (i, at)));
            let restart = match keep {
                Some((i, (cs, cb))) => {
                    lines.truncate(i + 1);
                    // Chunk span `cs` is span `from.0 + cs`, its byte 0 at
                    // `from.1` for the first.
                    let base = if cs == 0 { from.1 } else { 0 };
                    (from.0 + cs, base + cb)
                }
                None => {
                    // Too few lines to redo any: keep them all; the window
                    // ended at a gap, so the next word starts after it.
                    let cs = chunk.len() - 1;
                    let base = if cs == 0 { from.1 } else { 0 };
                    (from.0 + cs, base + chunk[cs].text.len())
                }
            };
            Glyphs::share(&mut lines);
            out.extend(lines.into_iter().map(&wrap));
            if restart <= from {
                // No progress (cannot happen: a window holds a word); set
                // the rest whole rather than loop.
                let rest = cut(spans, from, usize::MAX).0;
                let mut lines = self.set_whole(&rest, &cspec).0;
                Glyphs::share(&mut lines);
                out.extend(lines.into_iter().map(&wrap));
                break;
            }
            from = restart;
            first = false;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::fonts::FontData;
    use super::super::super::style::PdfStyle;
    use super::*;
    use crate::theme::Theme;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "harbour",
        "council",
        "met",
        "on",
        "Tuesday",
        "to",
        "discuss",
        "the",
        "extraordinarily",
        "long",
        "timetable,",
        "which",
        "adds",
        "two",
        "evening",
        "crossings.",
        "Residents",
        "north-east",
        "https://example.org/a/long/path",
        "unanimous",
        "a",
        "breakwater",
    ];

    fn spec(justify: bool) -> ParaSpec {
        ParaSpec {
            measure: 220.0,
            indent: 12.0,
            size: 10.0,
            leading: 13.0,
            justify,
            hyphenate: true,
            center: false,
            lang: Lang::ENGLISH,
        }
    }

    /// The paragraph's text as the lines give it back, hyphens the
    /// typesetter added taken out, without the spaces (a line may end
    /// inside a word without a hyphen: after a URL's `/`, a word's `-`).
    fn words_of(lines: &[Line]) -> String {
        let mut s = String::new();
        for l in lines {
            let t = if l.hyphenated {
                l.text.trim_end().trim_end_matches('-')
            } else {
                l.text.as_str()
            };
            s.extend(t.chars().filter(|c| !c.is_whitespace()));
        }
        s
    }

    fn paragraph(picks: &[(usize, bool)]) -> Vec<Span<'static>> {
        // Words in two faces, a span per face change.
        let mut spans: Vec<Span> = Vec::new();
        for &(w, italic) in picks {
            let face = if italic { Face::Italic } else { Face::Serif };
            let word = WORDS[w % WORDS.len()];
            match spans.last_mut() {
                Some(s) if s.face == face => {
                    s.text.to_mut().push(' ');
                    s.text.to_mut().push_str(word);
                }
                _ => spans.push(Span {
                    text: if spans.is_empty() {
                        word.into()
                    } else {
                        format!(" {word}").into()
                    },
                    face,
                    link: None,
                    color: (0.0, 0.0, 0.0),
                    strike: false,
                }),
            }
        }
        spans
    }

    #[test]
    fn a_paragraph_shorter_than_the_window_is_set_whole() {
        let data = FontData::load(&Theme::default(), &PdfStyle::default()).unwrap();
        let fonts = Fonts::new(&data).unwrap();
        let hyph = Hyphenator::new(true);
        let ts = Typesetter::new(&fonts, &hyph, false);
        let picks: Vec<(usize, bool)> = (0..300).map(|i| (i * 7 % 23, i % 11 == 0)).collect();
        let spans = paragraph(&picks);
        let whole = ts.set_whole(&spans, &spec(true)).0;
        let windowed = ts.set(&spans, &spec(true));
        let texts = |l: &[Line]| l.iter().map(|l| l.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&whole), texts(&windowed));
    }

    #[test]
    fn windows_keep_every_word_in_order_and_lines_fit() {
        let data = FontData::load(&Theme::default(), &PdfStyle::default()).unwrap();
        let fonts = Fonts::new(&data).unwrap();
        let hyph = Hyphenator::new(true);
        let ts = Typesetter::new(&fonts, &hyph, false);
        let picks: Vec<(usize, bool)> = (0..3000).map(|i| (i * 7 % 23, i % 13 == 0)).collect();
        let spans = paragraph(&picks);
        let whole = ts.set_whole(&spans, &spec(true)).0;
        let windowed = ts.set_windowed(&spans, &spec(true), 2000, |l| l);
        assert_eq!(words_of(&whole), words_of(&windowed));
        // The first line keeps its indent; the rest are set as before: a
        // window's end costs at most a line here and there.
        assert_eq!(whole[0].text, windowed[0].text);
        assert!(windowed.len().abs_diff(whole.len()) <= whole.len() / 50 + 1);
        for l in &windowed {
            assert!(l.width <= 220.05, "{} {}", l.width, l.text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        #[test]
        fn windowed_breaking_matches_whole_paragraph_breaking(
            picks in prop::collection::vec((0usize..64, prop::bool::weighted(0.1)), 100..900),
            window in 300usize..3000,
            justify in any::<bool>(),
        ) {
            let data = FontData::load(&Theme::default(), &PdfStyle::default()).unwrap();
            let fonts = Fonts::new(&data).unwrap();
            let hyph = Hyphenator::new(true);
            let ts = Typesetter::new(&fonts, &hyph, false);
            let spans = paragraph(&picks);
            let whole = ts.set_whole(&spans, &spec(justify)).0;
            let windowed = ts.set_windowed(&spans, &spec(justify), window, |l| l);
            // Nothing lost, nothing doubled, in order; every line fits.
            let source: String = spans
                .iter()
                .flat_map(|s| s.text.chars())
                .filter(|c| !c.is_whitespace())
                .collect();
            prop_assert_eq!(&words_of(&windowed), &source);
            prop_assert_eq!(words_of(&whole), words_of(&windowed));
            for l in &windowed {
                prop_assert!(l.width <= 220.05, "{} {}", l.width, l.text);
            }
            // The same lines when one window holds it all. (Not the first
            // line otherwise: breaking is optimal over the window, so where
            // the window ends can move even its first break; cases of 444
            // and 1,620 bytes are in the regressions file.)
            let total: usize = spans.iter().map(|s| s.text.len()).sum();
            if total <= window {
                let texts = |l: &[Line]| l.iter().map(|l| l.text.clone()).collect::<Vec<_>>();
                prop_assert_eq!(texts(&whole), texts(&windowed));
            }
        }
    }
}
