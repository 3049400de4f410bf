//! Tests of shaping, fallback, system faces and subsetting (those that need
//! a Noto family skip, saying so, when it is not installed).

use super::*;
use read_fonts::TableProvider;

fn fonts_data() -> FontData {
    FontData::load(&Theme::default(), &PdfStyle::default()).unwrap()
}

fn no_system_data() -> FontData {
    let opts = PdfOptions {
        system_fonts: Some(false),
        ..PdfOptions::default()
    };
    FontData::with_options(&Theme::default(), &PdfStyle::default(), &opts).unwrap()
}

/// Whether the system has `family`; prints why a test is skipped.
fn installed(family: &str) -> bool {
    let ok = system::installed(family);
    if !ok {
        println!("skipped: {family} is not installed (apt install fonts-noto-core fonts-noto-cjk)");
    }
    ok
}

#[test]
fn shapes_with_kerning_and_reports_what_no_face_has() {
    let data = no_system_data();
    let fonts = Fonts::new(&data).unwrap();
    let av = fonts.shape(Face::Serif, "AV");
    let a = fonts.shape(Face::Serif, "A");
    let v = fonts.shape(Face::Serif, "V");
    assert!(av.width < a.width + v.width, "kerning applied");
    // Greek and Cyrillic are covered.
    let g = fonts.shape(Face::Serif, "Αθήνα Москва");
    assert!(g.glyphs.iter().all(|g| g.gid != 0));
    assert!(fonts.missing().is_empty());
    // CJK is not (without system fonts): reported, not dropped.
    fonts.set_context(Some(3), Some("ja"));
    let c = fonts.shape(Face::Serif, "東京");
    assert_eq!(c.glyphs.len(), 2);
    assert!(c.glyphs.iter().all(|g| g.gid == 0 && g.font == 0));
    let m = fonts.missing();
    assert_eq!(m.len(), 2);
    assert_eq!(m.get(&(Some(3), '東')), Some(&1));
}

#[test]
fn latin_text_never_scans_the_system() {
    let data = fonts_data();
    let fonts = Fonts::new(&data).unwrap();
    fonts.shape(Face::Serif, "The quick brown fox — “quoted” café 1–2");
    fonts.shape(Face::Sans, "Ελλάδα Україна");
    fonts.shape(Face::Mono, "let x = 1; // ok");
    assert_eq!(data.len(), 5);
    // (Other tests of this process may have scanned; the face list says
    // that this render loaded nothing.)
}

#[test]
fn subsets_fonts() {
    let data = fonts_data();
    let fonts = Fonts::new(&data).unwrap();
    let s = fonts.shape(Face::Serif, "Hello");
    let gids: BTreeSet<u16> = s.glyphs.iter().map(|g| g.gid).collect();
    let (bytes, map) = fonts.subset(0, &gids).unwrap();
    assert!(bytes.len() < data.file(0).unwrap().bytes.len() / 4);
    assert_eq!(map.len(), gids.len() + 1);
    assert_eq!(fonts.postscript_name(0), "NotoSerif-Regular");
}

#[test]
fn arabic_joins_and_comes_out_right_to_left() {
    if !installed("Noto Naskh Arabic") {
        return;
    }
    let data = fonts_data();
    let fonts = Fonts::new(&data).unwrap();
    fonts.set_context(Some(0), Some("ar"));
    let word = fonts.shape(Face::Serif, "سلام");
    let letters: Vec<u16> = "سلام"
        .chars()
        .map(|c| fonts.shape(Face::Serif, &c.to_string()).glyphs[0].gid)
        .collect();
    assert!(
        word.glyphs
            .iter()
            .all(|g| g.font as usize >= 4 && g.gid != 0)
    );
    assert!(fonts.missing().is_empty());
    // Joined forms: the initial seen and the medial lam (or a lam-alef
    // ligature) are other glyphs than the isolated letters; the meem
    // after the alef (which joins only to the right) stays isolated.
    let last = word.glyphs.last().unwrap();
    assert_ne!(last.gid, letters[0], "initial seen");
    let lam = word.glyphs.iter().find(|g| g.cluster == 2).unwrap();
    assert_ne!(lam.gid, letters[1], "medial lam");
    // Visual order: the last letter (meem, byte 6) is drawn first, the
    // first (seen, byte 0) last.
    assert_eq!(word.glyphs.first().map(|g| g.cluster), Some(6));
    assert_eq!(word.glyphs.last().map(|g| g.cluster), Some(0));
    assert_eq!(&*word.glyphs.last().unwrap().text, "س");
    // A number inside Arabic text keeps its left-to-right order, and
    // sits between the two words it separates, right to left.
    let mixed = fonts.shape(Face::Serif, "عام2025م");
    let text: Vec<&str> = mixed
        .glyphs
        .iter()
        .map(|g| &*g.text)
        .filter(|t| !t.is_empty())
        .collect();
    let digits: String = text
        .iter()
        .filter(|t| t.chars().all(|c| c.is_ascii_digit()))
        .copied()
        .collect();
    assert_eq!(digits, "2025");
    assert_eq!(text.first(), Some(&"م"), "{text:?}");
}

#[test]
fn cjk_comes_from_the_collection_face_of_the_language() {
    if !installed("Noto Serif CJK JP") || !installed("Noto Serif CJK KR") {
        return;
    }
    let data = fonts_data();
    let fonts = Fonts::new(&data).unwrap();
    fonts.set_context(Some(0), Some("ja"));
    let ja = fonts.shape(Face::Serif, "東京、大阪");
    assert!(ja.glyphs.iter().all(|g| g.gid != 0), "{ja:?}");
    // The ideographic comma stays in the CJK face of the run.
    let f = ja.glyphs[0].font;
    assert!(ja.glyphs.iter().all(|g| g.font == f));
    let file = data.file(f as usize).unwrap();
    assert!(
        file.name.ends_with(".ttc") || file.name.contains(".ttc#"),
        "{}",
        file.name
    );
    assert!(
        fonts
            .postscript_name(f as usize)
            .starts_with("NotoSerifCJKjp")
    );
    // Another language, another face of the same collection.
    assert!(fonts.set_context(Some(1), Some("ko")));
    let ko = fonts.shape(Face::Serif, "東京");
    let g = ko.glyphs[0].font;
    assert_ne!(g, f);
    assert!(
        fonts
            .postscript_name(g as usize)
            .starts_with("NotoSerifCJKkr")
    );
    // Headings take the sans face.
    let h = fonts.shape(Face::Sans, "서울");
    assert!(
        fonts
            .postscript_name(h.glyphs[0].font as usize)
            .starts_with("NotoSansCJKkr-Bold")
    );
    // Subsetting a face of a collection gives a font that parses.
    let gids: BTreeSet<u16> = ja.glyphs.iter().map(|g| g.gid).collect();
    let (sub, map) = fonts.subset(f as usize, &gids).unwrap();
    assert_eq!(map.len(), gids.len() + 1);
    let face = face::parse(&sub, 0).unwrap();
    assert_eq!(face.maxp().unwrap().num_glyphs() as usize, map.len());
    assert!(fonts.missing().is_empty());
}

#[test]
fn symbols_and_other_scripts_come_from_noto() {
    if !installed("Noto Sans Symbols") || !installed("Noto Sans Devanagari") {
        return;
    }
    let data = fonts_data();
    let fonts = Fonts::new(&data).unwrap();
    fonts.set_context(Some(0), Some("hi"));
    for t in ["ⓒ", "बगीचा", "ตลาด", "שלום"] {
        let s = fonts.shape(Face::Serif, t);
        assert!(s.glyphs.iter().all(|g| g.gid != 0 && g.font >= 4), "{t}");
    }
    assert!(fonts.missing().is_empty(), "{:?}", fonts.missing());
}

#[test]
fn one_parse_per_face_and_one_plan_per_script_and_direction() {
    let data = no_system_data();
    let a = Fonts::new(&data).unwrap();
    let b = Fonts::new(&data).unwrap();
    // Threads share the parsed face (its layout tables are read once).
    assert!(std::ptr::eq(a.fixed[0].font, b.fixed[0].font));
    for w in [
        "harbour",
        "ferry",
        "council",
        "Αθήνα",
        "Москва",
        "tide",
        "quay",
    ] {
        a.shape(Face::Serif, w);
    }
    // Latin, Greek and Cyrillic: three plans for the serif face, not one a word.
    assert_eq!(a.plans.borrow().len(), 3);
    a.shape(Face::Bold, "harbour");
    assert_eq!(a.plans.borrow().len(), 4);
    // The reused buffer gives the same glyphs as a fresh one.
    let again = b.shape(Face::Serif, "council");
    let first = a.shape(Face::Serif, "council");
    let gids = |s: &Shaped| {
        s.glyphs
            .iter()
            .map(|g| (g.gid, g.cluster))
            .collect::<Vec<_>>()
    };
    assert_eq!(gids(&first), gids(&again));
    assert_eq!(first.width, again.width);
}

#[test]
fn ligatures_advances_and_metrics_of_the_theme_face() {
    let data = no_system_data();
    let fonts = Fonts::new(&data).unwrap();
    // Noto Serif has an "fi" ligature: one glyph for two letters, the
    // second letter's text carried by the first glyph's cluster.
    let fi = fonts.shape(Face::Serif, "fi");
    assert_eq!(fi.glyphs.len(), 1, "{:?}", fi.glyphs);
    assert_eq!(&*fi.glyphs[0].text, "fi");
    // Advances are the hmtx ones, in em, as the PDF /W array states them.
    let a = fonts.shape(Face::Serif, "a");
    let w = fonts.pdf_width(0, a.glyphs[0].gid);
    assert_eq!(w, (a.width * 1000.0) as i64);
    let (asc, desc) = fonts.metrics(Face::Serif);
    assert!(
        asc > 0.9 && asc < 1.2 && desc < -0.2 && desc > -0.4,
        "{asc} {desc}"
    );
    assert_eq!(fonts.postscript_name(0), "NotoSerif-Regular");
}

#[test]
fn threads_that_need_one_system_face_load_it_once() {
    if !installed("Noto Sans CJK JP") {
        return;
    }
    let data = fonts_data();
    let before = data.len();
    // Eight threads ask for the same face at once: each face is appended
    // once (a copy per thread made the PDF's fonts depend on timing).
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                let fonts = Fonts::new(&data).unwrap();
                fonts.set_context(Some(0), Some("ja"));
                assert!(fonts.shape(Face::Sans, "港").glyphs[0].gid != 0);
            });
        }
    });
    let faces: Vec<_> = (before..data.len())
        .filter_map(|i| data.file(i).map(|f| (f.name.clone(), f.index)))
        .collect();
    let mut once = faces.clone();
    once.sort();
    once.dedup();
    assert!(!faces.is_empty());
    assert_eq!(faces.len(), once.len(), "{faces:?}");
}
