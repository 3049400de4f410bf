//! Tests of the typesetter: justification, total fit, hyphenation by
//! language, CJK breaks, right-to-left lines.

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
        lang: Lang::ENGLISH,
    }
}

fn span(t: &str) -> Span<'_> {
    Span {
        text: t.into(),
        face: Face::Serif,
        link: None,
        color: (0.0, 0.0, 0.0),
        strike: false,
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
    let hyph = Hyphenator::new(true);
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
fn hyphenates_in_the_paragraphs_language() {
    let data = FontData::load(&Theme::default(), &PdfStyle::default()).unwrap();
    let fonts = Fonts::new(&data).unwrap();
    let hyph = Hyphenator::new(true);
    let ts = Typesetter::new(&fonts, &hyph, false);
    let de = "Das Bundesverfassungsgericht hat am Dienstag entschieden.";
    let narrow = |lang: Lang| {
        let s = ParaSpec {
            lang,
            ..spec(75.0, true)
        };
        ts.set(&[span(de)], &s)
    };
    let lines = narrow(Lang::from_tag("de"));
    assert!(lines.iter().any(|l| l.hyphenated), "{lines:?}");
    // The word's pieces are its German syllables.
    let pieces = |lang| {
        ts.word(
            Face::Serif,
            "Bundesverfassungsgericht",
            true,
            Some(lang),
            false,
            10.0,
            1000.0,
        )
        .iter()
        .map(|p| p.glyphs.iter().map(|g| &*g.text).collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
    };
    assert_eq!(
        pieces(hypher::Lang::German),
        "Bun-des-ver-fas-sungs-ge-richt"
    );
    // The English run of the same paragraph (a fresh language) uses the
    // English patterns, which cut elsewhere; Japanese is never hyphenated.
    assert_ne!(
        Hyphenator::new(true).breaks("Bundesverfassungsgericht", Some(hypher::Lang::German)),
        Hyphenator::new(true).breaks("Bundesverfassungsgericht", Some(hypher::Lang::English)),
    );
    let lines = narrow(Lang::from_tag("ja"));
    assert!(lines.iter().all(|l| !l.hyphenated));
}

/// The default faces with system fonts, when the font at `path` (the one
/// the test needs) is installed.
fn with_font(path: &str) -> Option<FontData> {
    match std::fs::metadata(path) {
        Ok(_) => Some(FontData::load(&Theme::default(), &PdfStyle::default()).unwrap()),
        Err(e) => {
            println!("skipped: {path}: {e} (apt install fonts-noto-core fonts-noto-cjk)");
            None
        }
    }
}

const JA: &str = "「東京の空」は、今日も青かった。港の近くでは、朝早くから漁船が次々と戻ってきた（午前六時ごろ）。市場の人々は、魚の値段について話し合い、昼前には店を閉めた。";

fn cjk_lines(fonts: &Fonts, measure: f32, justify: bool) -> Vec<Line> {
    let hyph = Hyphenator::new(true);
    let ts = Typesetter::new(fonts, &hyph, false);
    let s = ParaSpec {
        lang: Lang::from_tag("ja"),
        ..spec(measure, justify)
    };
    ts.set(&[span(JA)], &s)
}

fn check_cjk(lines: &[Line], measure: f32) {
    // Three lines at least: 78 characters at 200 pt are three lines of
    // 6 pt .notdef boxes when no CJK font is installed.
    assert!(lines.len() >= 3, "{lines:?}");
    let back: String = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(back, JA, "nothing lost, nothing added");
    for (i, l) in lines.iter().enumerate() {
        assert!(
            l.width <= measure + 0.05,
            "overfull: {} {}",
            l.width,
            l.text
        );
        let first = l.text.chars().next().unwrap();
        let last = l.text.chars().next_back().unwrap();
        assert!(
            !"。」、）".contains(first),
            "line starts with {first}: {:?}",
            l.text
        );
        assert!(
            !"「（".contains(last),
            "line ends with {last}: {:?}",
            l.text
        );
        if i + 1 < lines.len() {
            assert!(
                (l.width - measure).abs() < 0.05,
                "not justified: {} {:?}",
                l.width,
                l.text
            );
        }
    }
}

#[test]
fn cjk_breaks_between_characters_never_before_closing_punctuation() {
    // With or without a CJK font (without one, every character is the same
    // .notdef box, which breaks the same way).
    let data = with_font("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
        .unwrap_or_else(|| FontData::load(&Theme::default(), &PdfStyle::default()).unwrap());
    let fonts = Fonts::new(&data).unwrap();
    for measure in [97.0, 120.0, 151.0, 200.0] {
        check_cjk(&cjk_lines(&fonts, measure, true), measure);
        let ragged = cjk_lines(&fonts, measure, false);
        let back: String = ragged.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(back, JA);
    }
}

#[test]
fn thai_breaks_at_spaces_and_never_overflows() {
    let Some(data) = with_font("/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf") else {
        return;
    };
    let fonts = Fonts::new(&data).unwrap();
    let hyph = Hyphenator::new(true);
    let ts = Typesetter::new(&fonts, &hyph, false);
    let th = "วันนี้อากาศดีมาก ชาวประมงออกเรือแต่เช้า ตลาดปลาเปิดตามปกติ";
    // Phrases (between spaces) are kept whole: UAX #14 without a dictionary
    // breaks Thai only at spaces.
    let lines = ts.set(&[span(th)], &spec(240.0, true));
    assert!(lines.len() > 1);
    assert!(lines.iter().all(|l| l.width <= 240.05));
    let back: Vec<String> = lines.iter().map(|l| l.text.trim().to_string()).collect();
    assert_eq!(back.join(" "), th);
}

const AR: &str = "افتتحت المدينة يوم الثلاثاء جسرا جديدا فوق النهر بطول 420 مترا، وقال رئيس البلدية إن المشروع الذي صممته شركة Harbour Works سيخفف الازدحام في وسط المدينة.";

#[test]
fn rtl_lines_are_broken_in_logical_order_and_set_right_to_left() {
    let Some(data) = with_font("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf") else {
        return;
    };
    let fonts = Fonts::new(&data).unwrap();
    let hyph = Hyphenator::new(true);
    let ts = Typesetter::new(&fonts, &hyph, false);
    let s = ParaSpec {
        lang: Lang::from_tag("ar"),
        ..spec(160.0, true)
    };
    let lines = ts.set(&[span(AR)], &s);
    assert!(lines.len() > 3);
    // Logical order: the lines' texts put together give the paragraph.
    let words: Vec<String> = lines
        .iter()
        .flat_map(|l| {
            l.text
                .split_whitespace()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect();
    let expect: Vec<&str> = AR.split_whitespace().collect();
    assert_eq!(words, expect);
    assert!(fonts.missing().is_empty(), "{:?}", fonts.missing());
    let last = lines.last().unwrap();
    for l in &lines {
        assert!(l.rtl && l.width <= 160.05);
        // Flush right: the rightmost glyph ends at the measure.
        let right = l
            .runs
            .iter()
            .map(|r| r.x + r.glyphs.iter().map(|g| g.adv).sum::<f32>())
            .fold(0.0f32, f32::max);
        assert!((right - 160.0).abs() < 0.1, "{right} {:?}", l.text);
    }
    // The last line sits on the right at its natural width, ragged on the left.
    let left = last.runs.iter().map(|r| r.x).fold(f32::INFINITY, f32::min);
    let natural: f32 = last
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter())
        .map(|g| g.adv)
        .sum();
    assert_eq!(last.ratio, 0.0);
    assert!((left - (160.0 - natural)).abs() < 0.1, "{left} {natural}");
    // Visual order: the first word of the paragraph is at the right of
    // line 1, and "Harbour Works" stays in reading order left to right.
    let first_line = &lines[0];
    let glyph_texts: Vec<&str> = first_line
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter().map(|g| g.text().as_str()))
        .collect();
    let visual: String = glyph_texts.concat();
    let rev_first: String = "افتتحت".chars().rev().collect();
    assert!(visual.ends_with(&rev_first), "{visual}");
    let hw = lines.iter().find(|l| l.text.contains("Harbour")).unwrap();
    let vis: String = hw
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter().map(|g| g.text().as_str()))
        .collect::<Vec<_>>()
        .concat();
    if hw.text.contains("Harbour Works") {
        assert!(vis.contains("Harbour Works"), "{vis}");
    }
    let nums = lines.iter().find(|l| l.text.contains("420")).unwrap();
    let vis: String = nums
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter().map(|g| g.text().as_str()))
        .collect::<Vec<_>>()
        .concat();
    assert!(vis.contains("420"), "digits stay left to right: {vis}");
}

#[test]
fn arabic_is_joined_by_the_shaper() {
    let Some(data) = with_font("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf") else {
        return;
    };
    let fonts = Fonts::new(&data).unwrap();
    // The same letter takes different glyphs at the start, in the middle
    // and alone: joined forms, not isolated letters.
    let word = fonts.shape_dir(Face::Serif, "ببب", true);
    let alone = fonts.shape_dir(Face::Serif, "ب", true);
    let gids: Vec<u16> = word.glyphs.iter().map(|g| g.gid).collect();
    assert_eq!(gids.len(), 3);
    assert!(gids.iter().all(|g| *g != alone.glyphs[0].gid), "{gids:?}");
    assert_ne!(gids[0], gids[2]);
    // Visual order: the last character's glyph first.
    assert!(word.glyphs[0].cluster > word.glyphs[2].cluster);
}

#[test]
fn a_latin_paragraph_with_an_arabic_word_stays_left_to_right() {
    let Some(data) = with_font("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf") else {
        return;
    };
    let fonts = Fonts::new(&data).unwrap();
    let hyph = Hyphenator::new(true);
    let ts = Typesetter::new(&fonts, &hyph, false);
    let lines = ts.set(&[span("The word سلام means peace.")], &spec(300.0, false));
    assert_eq!(lines.len(), 1);
    let l = &lines[0];
    assert!(!l.rtl);
    assert_eq!(l.text, "The word سلام means peace.");
    let first = l.runs.iter().map(|r| r.x).fold(f32::INFINITY, f32::min);
    assert!(first.abs() < 0.01, "flush left");
}

#[test]
fn a_number_and_its_period_read_right_to_left() {
    let data = FontData::load(&Theme::default(), &PdfStyle::default()).unwrap();
    let fonts = Fonts::new(&data).unwrap();
    let hyph = Hyphenator::none();
    let ts = Typesetter::new(&fonts, &hyph, false);
    let s = ParaSpec {
        lang: Lang::from_tag("ar"),
        ..spec(300.0, false)
    };
    let lines = ts.set(&[span("1.")], &s);
    let visual: String = lines[0]
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter().map(|g| g.text().as_str()))
        .collect();
    assert_eq!(visual, ".1");
    assert_eq!(lines[0].text, "1.");
}

#[test]
fn isolated_parts_keep_their_own_direction() {
    let data = FontData::load(&Theme::default(), &PdfStyle::default()).unwrap();
    let fonts = Fonts::new(&data).unwrap();
    let hyph = Hyphenator::none();
    let ts = Typesetter::new(&fonts, &hyph, false);
    let s = ParaSpec {
        lang: Lang::from_tag("ar"),
        ..spec(400.0, false)
    };
    let visual = |text: &str| {
        let lines = ts.set(&[span(text)], &s);
        let v: String = lines[0]
            .runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(|g| g.text().as_str()))
            .collect();
        (v, lines[0].text.clone())
    };
    // Without isolates the day leaves its month (UAX #9 as browsers do it).
    let (v, _) = visual("أحمد حسن · 14 March 2025");
    assert!(!v.contains("14 March 2025"), "{v}");
    // Isolated, the date is one left-to-right unit; the marks draw nothing.
    let (v, logical) = visual(&format!("أحمد حسن · {}", isolate("14 March 2025")));
    assert!(v.starts_with("14 March 2025"), "{v}");
    assert_eq!(logical, "أحمد حسن · 14 March 2025");
}

#[test]
fn addresses_are_recognised() {
    for a in [
        "https://ports.example.org/notices/final-version.pdf",
        "http://a.example",
        "www.example.org/page",
        "(https://example.org/x)",
        "tariffs.desk@ports.example.org",
        "example.com/a/b",
        "mailto:desk@example.org",
    ] {
        assert!(is_address(a), "{a}");
    }
    for w in [
        "final-version",
        "and/or",
        "e.g.",
        "3.5/10",
        "@handle",
        "well-known",
        "2025-06-02",
    ] {
        assert!(!is_address(w), "{w}");
    }
}

/// Lines of `text` at `measure`, justified and hyphenated in English.
fn set_text(text: &str, measure: f32) -> Vec<Line> {
    let data = FontData::load(&Theme::default(), &PdfStyle::default()).unwrap();
    let fonts = Fonts::new(&data).unwrap();
    let hyph = Hyphenator::new(true);
    let ts = Typesetter::new(&fonts, &hyph, false);
    ts.set(&[span(text)], &spec(measure, true))
}

#[test]
fn urls_and_e_mail_addresses_break_after_punctuation_without_a_hyphen() {
    let url = "https://ports.example.org/notices/2025/final-version-of-the-tariff.pdf";
    let mail = "tariffs.desk@ports.example.org";
    let text = format!("The full notice is at {url} and questions go to {mail} for anyone.");
    for measure in [90.0, 120.0, 150.0, 200.0] {
        let lines = set_text(&text, measure);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(!l.hyphenated, "{measure}: hyphen added in {:?}", l.text);
            assert!(
                l.width <= measure + 0.05,
                "{measure}: {:?} overflows",
                l.text
            );
        }
        // Broken only after `/ . - ? & @` inside the addresses: the text
        // comes back whole when the lines are joined.
        let mut joined = String::new();
        for l in &lines {
            let t = l.text.trim_end();
            joined.push_str(t);
            let last = t.chars().last().unwrap_or(' ');
            if !matches!(last, '/' | '.' | '-' | '?' | '&' | '@' | '_' | '=' | '#') {
                joined.push(' ');
            }
        }
        assert!(joined.contains(url), "{measure}: {joined}");
        assert!(joined.contains(mail), "{measure}: {joined}");
        assert!(!joined.contains("ver-sion"));
    }
}

#[test]
fn code_is_never_hyphenated() {
    let data = FontData::load(&Theme::default(), &PdfStyle::default()).unwrap();
    let fonts = Fonts::new(&data).unwrap();
    let hyph = Hyphenator::new(true);
    let ts = Typesetter::new(&fonts, &hyph, false);
    let mut code = span("configuration_management_extraordinarily_unbreakable");
    code.face = Face::Mono;
    let spans = [span("Run the command "), code, span(" at once.")];
    for measure in [120.0, 160.0] {
        for l in ts.set(&spans, &spec(measure, true)) {
            assert!(!l.hyphenated, "{measure}: {:?}", l.text);
        }
    }
}

#[test]
fn a_paragraph_that_cannot_be_justified_is_set_ragged() {
    // Unbreakable words three quarters of the measure wide: every line
    // but the last would need its one space stretched many times over.
    let text = "Unbreakablecompoundedword a Unbreakablecompoundedword b \
        Unbreakablecompoundedword c Unbreakablecompoundedword d";
    let data = FontData::load(&Theme::default(), &PdfStyle::default()).unwrap();
    let fonts = Fonts::new(&data).unwrap();
    let hyph = Hyphenator::none();
    let ts = Typesetter::new(&fonts, &hyph, false);
    let mut sp = spec(165.0, true);
    sp.hyphenate = false;
    let lines = ts.set(&[span(text)], &sp);
    assert!(lines.len() >= 3);
    for l in &lines {
        assert_eq!(l.ratio, 0.0, "{:?} stretched by {}", l.text, l.ratio);
        assert!(l.width <= 165.05);
    }
    // A paragraph that can be justified still is.
    let lines = ts.set(&[span(TEXT)], &spec(200.0, true));
    assert!(lines.iter().any(|l| l.ratio != 0.0));
}

/// The struck text's colour in these tests (the rest is black).
const RED: Rgb = (1.0, 0.0, 0.0);

/// The placed glyphs of `line` in visual order: (x0, x1, colour).
fn glyph_boxes(line: &Line) -> Vec<(f32, f32, Rgb)> {
    let mut out = Vec::new();
    for r in &line.runs {
        let mut x = r.x;
        for g in &r.glyphs {
            out.push((x, x + g.adv, r.color));
            x += g.adv;
        }
    }
    out
}

/// The x-range from the first to the last red glyph of `line` (the struck
/// words and the spaces between them: a space is its span's colour, and
/// the space after the struck span is the next span's).
fn red_range(line: &Line) -> Option<(f32, f32)> {
    let red: Vec<(f32, f32, Rgb)> = glyph_boxes(line)
        .into_iter()
        .filter(|g| g.2 == RED)
        .collect();
    Some((red.first()?.0, red.last()?.1))
}

fn struck(t: &str) -> Span<'_> {
    Span {
        strike: true,
        color: RED,
        ..span(t)
    }
}

#[test]
fn a_struck_phrase_gets_a_line_on_each_of_its_lines_over_its_words_only() {
    let data = FontData::load(&Theme::default(), &PdfStyle::default()).unwrap();
    let fonts = Fonts::new(&data).unwrap();
    let hyph = Hyphenator::none();
    let ts = Typesetter::new(&fonts, &hyph, false);
    let spans = [
        span("What followed was an unusually long afternoon of argument, "),
        struck("recrimination and, eventually, a remarkably unanimous vote"),
        span(" to rebuild the old harbour wall."),
    ];
    let lines = ts.set(&spans, &spec(200.0, true));
    let with: Vec<&Line> = lines.iter().filter(|l| !l.strikes.is_empty()).collect();
    assert!(with.len() >= 2, "the phrase is split over lines: {lines:?}");
    for l in &lines {
        let Some((x0, x1)) = red_range(l) else {
            assert!(l.strikes.is_empty(), "{:?}: {:?}", l.text, l.strikes);
            continue;
        };
        // One line from the first struck glyph to the last: the spaces
        // between the struck words (stretched by justification) are
        // covered, the space after them is not.
        assert_eq!(l.strikes.len(), 1, "{:?}", l.strikes);
        let st = l.strikes[0];
        assert!(
            (st.x0 - x0).abs() < 0.01,
            "{} vs {x0} on {:?}",
            st.x0,
            l.text
        );
        assert!(
            (st.x1 - x1).abs() < 0.01,
            "{} vs {x1} on {:?}",
            st.x1,
            l.text
        );
        let after = glyph_boxes(l).into_iter().find(|g| g.0 >= st.x1 - 0.01);
        if let Some(after) = after {
            assert_ne!(after.2, RED, "nothing struck after the line's end");
        }
        // Through the middle of the lower-case letters, a hairline thick,
        // in the struck text's colour.
        assert!(st.rise > 1.8 && st.rise < 3.0, "{st:?}");
        assert!(st.width > 0.3 && st.width < 1.0, "{st:?}");
        assert_eq!(st.color, RED);
    }
    // The space after the phrase ("vote| to") is black and not struck.
    let last = with.last().unwrap();
    let end = last.strikes[0].x1;
    let next = glyph_boxes(last).into_iter().find(|g| g.0 >= end - 0.01);
    assert!(
        next.is_some_and(|g| g.2 != RED && g.1 - g.0 > 1.0),
        "{last:?}"
    );
    // Justified lines stretch their spaces: the strike follows them.
    let r: Vec<(f32, &str)> = lines.iter().map(|l| (l.ratio, l.text.as_str())).collect();
    assert!(with.iter().any(|l| l.ratio > 0.05), "{r:?}");
}

#[test]
fn a_struck_word_split_by_a_hyphen_is_struck_on_both_lines_hyphen_included() {
    let data = FontData::load(&Theme::default(), &PdfStyle::default()).unwrap();
    let fonts = Fonts::new(&data).unwrap();
    let hyph = Hyphenator::new(true);
    let ts = Typesetter::new(&fonts, &hyph, false);
    let spans = [
        span("It was an "),
        struck("extraordinarily"),
        span(" long afternoon."),
    ];
    // A measure that leaves room for part of the word on the first line.
    let lines = ts.set(&spans, &spec(80.0, false));
    let split = lines
        .iter()
        .position(|l| l.hyphenated)
        .expect("the struck word is hyphenated");
    let (a, b) = (&lines[split], &lines[split + 1]);
    assert_eq!((a.strikes.len(), b.strikes.len()), (1, 1), "{lines:?}");
    // The first part runs to the end of the added hyphen (the line's last
    // glyph, in the word's colour), the second starts at the line's first
    // glyph.
    let last = glyph_boxes(a).last().copied().unwrap();
    assert_eq!(last.2, RED);
    assert!((a.strikes[0].x1 - last.1).abs() < 0.01, "{a:?}");
    let (x0, x1) = red_range(b).unwrap();
    assert!(x0 < 0.01, "{b:?}");
    assert!((b.strikes[0].x0 - x0).abs() < 0.01 && (b.strikes[0].x1 - x1).abs() < 0.01);
}

#[test]
fn a_struck_word_in_right_to_left_text_is_struck_where_it_is_drawn() {
    let data = FontData::load(&Theme::default(), &PdfStyle::default()).unwrap();
    let fonts = Fonts::new(&data).unwrap();
    let hyph = Hyphenator::none();
    let ts = Typesetter::new(&fonts, &hyph, false);
    let s = ParaSpec {
        lang: Lang::from_tag("he"),
        ..spec(300.0, false)
    };
    // The paragraph's first (struck) word is drawn at the right end of the
    // flush-right line, the last one at the left end.
    let (word, rest) = ("שלום", " עולם גדול");
    for spans in [
        vec![struck(word), span(rest)],
        vec![span("עולם גדול "), struck(word)],
    ] {
        let lines = ts.set(&spans, &s);
        assert_eq!(lines.len(), 1);
        let l = &lines[0];
        assert!(l.rtl);
        assert_eq!(l.strikes.len(), 1, "{l:?}");
        let (x0, x1) = red_range(l).unwrap();
        assert!((l.strikes[0].x0 - x0).abs() < 0.01, "{l:?}");
        assert!((l.strikes[0].x1 - x1).abs() < 0.01, "{l:?}");
        let w = fonts.shape_dir(Face::Serif, word, true).width * 10.0;
        assert!((x1 - x0 - w).abs() < 0.01, "{l:?} {w}");
    }
    let first = ts.set(&[struck(word), span(rest)], &s);
    let right = glyph_boxes(&first[0])
        .iter()
        .map(|g| g.1)
        .fold(0.0f32, f32::max);
    assert!(
        (first[0].strikes[0].x1 - right).abs() < 0.01,
        "at the right end"
    );
}

#[test]
fn lines_set_without_their_text_are_the_same_lines() {
    // Issue 14 item 7: body lines may be set without their plain text; the
    // glyphs, widths, breaks and the dash rule must not change.
    let data = FontData::load(&Theme::default(), &PdfStyle::default()).unwrap();
    let fonts = Fonts::new(&data).unwrap();
    let hyph = Hyphenator::new(true);
    let ts = Typesetter::new(&fonts, &hyph, false);
    let text = format!("{TEXT} A well-known north-east wind \u{2014} the old one \u{2014}");
    let kept = ts.set(&[span(&text)], &spec(120.0, true));
    ts.keep_text.set(false);
    let bare = ts.set(&[span(&text)], &spec(120.0, true));
    ts.keep_text.set(true);
    assert!(kept.iter().all(|l| !l.text.is_empty()));
    assert!(bare.iter().all(|l| l.text.is_empty()));
    assert_eq!(kept.len(), bare.len());
    let glyphs = |l: &Line| -> Vec<(u16, u32, String)> {
        l.runs
            .iter()
            .flat_map(|r| r.glyphs.iter())
            .map(|g| (g.gid(), g.adv.to_bits(), g.text().to_string()))
            .collect()
    };
    for (k, b) in kept.iter().zip(&bare) {
        assert_eq!(glyphs(k), glyphs(b));
        assert_eq!(k.width.to_bits(), b.width.to_bits());
        assert_eq!(k.hyphenated, b.hyphenated);
        let dash = k
            .text
            .trim_end()
            .ends_with(['-', '\u{2010}', '\u{2013}', '\u{2014}']);
        assert_eq!((k.dash_end, b.dash_end), (dash, dash), "{}", k.text);
    }
    assert!(kept.iter().any(|l| l.dash_end), "no line ends with a dash");
}

#[test]
fn lines_set_together_share_one_block_of_glyphs_in_order() {
    let run = |font: u8, gids: std::ops::Range<u16>| GlyphRun {
        font,
        size: 10.0,
        color: (0.0, 0.0, 0.0),
        x: 0.0,
        glyphs: gids
            .map(|g| PGlyph::new(g, f32::from(g) / 4.0, "a"))
            .collect::<Vec<_>>()
            .into(),
    };
    let make = |n: u16| -> Vec<Line> {
        (0..n)
            .map(|i| Line {
                runs: vec![run(0, i * 10..i * 10 + 3), run(1, i * 10 + 3..i * 10 + 7)],
                ..Default::default()
            })
            .collect()
    };
    let flat = |lines: &[Line]| -> Vec<Vec<(u8, u16, f32)>> {
        lines
            .iter()
            .map(|l| {
                l.runs
                    .iter()
                    .flat_map(|r| r.glyphs.iter().map(move |g| (r.font, g.gid(), g.adv)))
                    .collect()
            })
            .collect()
    };
    for n in [1u16, 7, 8, 40] {
        let mut lines = make(n);
        let before = flat(&lines);
        Glyphs::share(&mut lines);
        assert_eq!(flat(&lines), before, "{n} lines");
        let shared = lines
            .iter()
            .flat_map(|l| &l.runs)
            .all(|r| matches!(r.glyphs, Glyphs::Shared { .. }));
        assert_eq!(shared, n >= 8, "{n} lines: one block from 8 lines on");
    }
    // A shared run that grows becomes its own again.
    let mut lines = make(8);
    Glyphs::share(&mut lines);
    lines[3].runs[1].glyphs.push(PGlyph::new(99, 1.0, "z"));
    assert_eq!(lines[3].runs[1].glyphs.len(), 5);
    assert_eq!(lines[3].runs[1].glyphs[4].gid(), 99);
    assert_eq!(
        lines[4].runs[0].glyphs[0].gid(),
        40,
        "the next run is untouched"
    );
}
