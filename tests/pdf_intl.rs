//! The PDF typesets every language: an Arabic article right to left
//! (flush right, joined letters, logical order for copy and paste), a
//! Japanese one broken between characters by the Unicode line-breaking
//! rules (never before `。`), a German one hyphenated with German patterns.
//!
//! The Arabic and CJK faces come from the system's Noto packages, copied
//! into a temporary theme as `fonts.fallback`; without them the tests that
//! need them print why they skip.

use galley::model::{Article, Book, BookMeta, Document, Section};
use galley::render::pdf::{LayoutRecord, PageKind, render_pdf};
use galley::render::{Mode, RenderContext};
use galley::theme::Theme;
use galley::time::BuildTime;
use std::path::Path;

const ARABIC: &str = "\
---
title: جسر جديد فوق النهر
language: ar
authors: [سارة خليل]
source: صحيفة الساحل
date: 2025-03-14
---

افتتحت بلدية المدينة يوم الثلاثاء جسرا جديدا للمشاة فوق النهر، بطول 420 مترا وعرض ستة أمتار. وقال رئيس البلدية في كلمة قصيرة إن المشروع سيخفف الازدحام في وسط المدينة ويقرب الأحياء الشرقية من السوق القديم. وأضاف أن أعمال الصيانة ستبدأ في الربيع المقبل، وأن البلدية ستنشر جدولا مفصلا للمواعيد على موقعها قبل نهاية الشهر.

وصممت الجسر شركة Harbour Works بالتعاون مع مهندسين من الجامعة المحلية، واستغرق بناؤه عامين تقريبا. ويضم الجسر مسارا للدراجات وإنارة تعمل بالطاقة الشمسية، كما زرعت على جانبيه أشجار صغيرة. وقالت المهندسة المسؤولة عن التصميم إن الفريق اختبر نماذج عدة قبل اختيار الشكل النهائي، وإن الهيكل يتحمل الرياح القوية التي تهب على المدينة في الشتاء.

## ما الذي سيتغير

- ستغلق الطريق القديمة أمام الشاحنات.
- ستعمل حافلة جديدة كل عشر دقائق.

ويأمل التجار أن يجذب الجسر زوارا أكثر إلى المقاهي والمكتبات على ضفة النهر، بينما يطالب بعض السكان بمواقف أوسع للسيارات قرب المدخل الجنوبي.
";

const JAPANESE: &str = "\
---
title: 港町に新しい市場が開業
language: ja
authors: [山田花子]
source: 海辺新聞
date: 2025-03-14
---

港の近くに新しい魚市場が十四日、開業した。市によると、建物は木造二階建てで、一階には鮮魚店が二十軒、二階には食堂と展示室が入る。開業初日の朝は、早くから多くの買い物客が列を作った。

市場の運営会社の社長は「漁師と町の人が毎日会える場所にしたい」と話した。近くの小学校の子どもたちも見学に訪れ、水槽の中の魚を熱心に観察していた（午前十時ごろ）。

市は今後、駐車場の拡張や、駅と市場を結ぶ循環バスの運行も検討するという。観光客の増加に期待する声がある一方、周辺の道路の混雑を心配する住民もいる。
";

const GERMAN: &str = "\
---
title: Neue Regeln für die Hafenverwaltung
language: de
authors: [Jürgen Brandt]
source: Küstenbote
date: 2025-03-14
---

Das Bundesverfassungsgericht hat am Dienstag eine Beschwerde der Hafenbetriebsgesellschaft zurückgewiesen. Die Richterinnen und Richter stellten fest, dass die Landesregierung die Gebührenordnung für Fischereifahrzeuge rechtmäßig geändert habe.

Die Geschäftsführerin der Gesellschaft kündigte an, die Entscheidung genau zu prüfen. Sie verwies auf gestiegene Instandhaltungskosten der Kaimauern und auf die Verkehrssicherungspflichten, die der Betrieb eines Containerterminals mit sich bringe.

Im Stadtrat wird nun über eine Übergangsregelung beraten. Mehrere Fraktionen wollen die Gebührenerhöhung schrittweise einführen, damit kleinere Familienbetriebe nicht überfordert werden.
";

fn doc(md: &str) -> Document {
    galley::normalize::normalize_str(md, galley::read::Format::Markdown).0
}

fn book(lang: &str, docs: &[&str]) -> Book {
    let mut meta = BookMeta::new("Küstenbriefing");
    meta.language = lang.into();
    let articles = docs
        .iter()
        .enumerate()
        .map(|(i, md)| Article::new(format!("a{i}"), format!("a{i}.md"), doc(md)))
        .collect();
    Book::new(meta, vec![Section::new(None, articles)])
}

/// Face 0 of a TrueType/OpenType collection as a standalone font file
/// (the Noto CJK packages ship collections only).
fn first_face_of_collection(ttc: &[u8]) -> Option<Vec<u8>> {
    let u32_at =
        |o: usize| -> Option<u32> { Some(u32::from_be_bytes(ttc.get(o..o + 4)?.try_into().ok()?)) };
    if ttc.get(0..4)? != b"ttcf" {
        return Some(ttc.to_vec());
    }
    let face = u32_at(12)? as usize;
    let n = u16::from_be_bytes(ttc.get(face + 4..face + 6)?.try_into().ok()?) as usize;
    let mut out = ttc.get(face..face + 12)?.to_vec();
    let mut body = Vec::new();
    let dir_len = 12 + 16 * n;
    for i in 0..n {
        let rec = face + 12 + 16 * i;
        let (off, len) = (u32_at(rec + 8)? as usize, u32_at(rec + 12)? as usize);
        out.extend_from_slice(ttc.get(rec..rec + 8)?);
        out.extend_from_slice(&((dir_len + body.len()) as u32).to_be_bytes());
        out.extend_from_slice(&(len as u32).to_be_bytes());
        body.extend_from_slice(ttc.get(off..off + len)?);
        while body.len() % 4 != 0 {
            body.push(0);
        }
    }
    out.extend_from_slice(&body);
    Some(out)
}

/// A theme folder whose style falls back to Noto Naskh Arabic and Noto
/// Sans CJK, or `None` (with the reason printed) when they are not installed.
fn theme_with_system_fonts(dir: &Path) -> Option<Theme> {
    let arabic = "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf";
    let cjk = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    let (Ok(a), Ok(c)) = (std::fs::read(arabic), std::fs::read(cjk)) else {
        println!("skipped: {arabic} or {cjk} missing (apt install fonts-noto-core fonts-noto-cjk)");
        return None;
    };
    let c = first_face_of_collection(&c)?;
    std::fs::create_dir_all(dir.join("fonts")).ok()?;
    std::fs::create_dir_all(dir.join("pdf")).ok()?;
    std::fs::write(dir.join("fonts/arabic.ttf"), a).ok()?;
    std::fs::write(dir.join("fonts/cjk.otf"), c).ok()?;
    std::fs::write(
        dir.join("pdf/style.toml"),
        "[fonts]\nfallback = [\"fonts/arabic.ttf\", \"fonts/cjk.otf\"]\n",
    )
    .ok()?;
    Theme::from_dir(dir).ok()
}

fn ctx(theme: Option<Theme>) -> RenderContext {
    let mut c = RenderContext::new(Mode::Collection, BuildTime::fixed(1_742_000_000));
    if let Some(t) = theme {
        c.theme = t;
    }
    c
}

fn article_lines(rec: &LayoutRecord, n: usize) -> Vec<&galley::render::pdf::LineRecord> {
    rec.pages
        .iter()
        .filter(|p| p.kind == PageKind::Article(n))
        .flat_map(|p| p.lines.iter())
        .collect()
}

fn pdftotext(pdf: &[u8], dir: &Path, first: usize, last: usize) -> Option<String> {
    let path = dir.join("out.pdf");
    std::fs::write(&path, pdf).ok()?;
    let out = std::process::Command::new("pdftotext")
        .args([
            "-f",
            &first.to_string(),
            "-l",
            &last.to_string(),
            "-enc",
            "UTF-8",
        ])
        .arg(&path)
        .arg("-")
        .output();
    match out {
        Ok(o) if o.status.success() => String::from_utf8(o.stdout).ok(),
        _ => {
            println!("skipped: pdftotext not available (apt install poppler-utils)");
            None
        }
    }
}

#[test]
fn arabic_japanese_and_german_articles_are_typeset_in_their_languages() {
    let dir = tempfile::tempdir().unwrap();
    let theme = theme_with_system_fonts(dir.path());
    let have_fonts = theme.is_some();
    let b = book("en", &[ARABIC, JAPANESE, GERMAN]);
    let out = render_pdf(&b, &ctx(theme)).expect("renders");
    let rec = &out.layout;
    let block = rec.pages[0].block;
    let measure = block.2 - block.0;

    // Arabic: right to left, flush right, every word in logical order.
    let ar = article_lines(rec, 0);
    let body: Vec<_> = ar
        .iter()
        .filter(|l| l.text.contains("افتتحت") || l.text.contains("الجسر"))
        .collect();
    assert!(!body.is_empty());
    for l in &ar {
        let right = l.x + l.width;
        assert!(right <= block.2 + 0.1, "overfull: {l:?}");
    }
    let paras: Vec<_> = ar
        .iter()
        .filter(|l| l.para.is_some_and(|p| p.count > 2))
        .collect();
    assert!(!paras.is_empty(), "{ar:#?}");
    for l in &paras {
        // Flush right: the line ends at the right edge of the text block.
        assert!(
            (l.x + l.width - block.2).abs() < 0.2,
            "not flush right: {l:?}"
        );
    }
    let last = paras
        .iter()
        .rfind(|l| l.para.is_some_and(|p| p.index + 1 == p.count))
        .unwrap();
    assert!(
        last.ink_x0 > block.0 + 5.0,
        "the last line sits on the right: {last:?}"
    );
    // List items: bullets on the right of their lines.
    let item = ar.iter().find(|l| l.text.contains("الشاحنات")).unwrap();
    assert!(item.text.starts_with('•'));
    assert!(item.x + item.width > block.2 - 0.2 || item.ink_x0 >= item.x);

    // Japanese: no line starts with closing punctuation nor ends with
    // opening; full lines fill the measure; nothing overflows.
    let ja = article_lines(rec, 1);
    let ja_body: Vec<_> = ja
        .iter()
        .filter(|l| l.para.is_some_and(|p| p.count >= 2))
        .collect();
    assert!(ja_body.len() > 4, "{ja:?}");
    for l in &ja_body {
        let t = l.text.trim();
        let first = t.chars().next().unwrap();
        let last = t.chars().next_back().unwrap();
        assert!(!"。」、）".contains(first), "line starts with {first}: {t}");
        assert!(!"「（".contains(last), "line ends with {last}: {t}");
        assert!(l.width <= measure + 0.1, "overfull: {t}");
        let p = l.para.unwrap();
        if p.index + 1 < p.count {
            assert!(
                (l.width - measure).abs() < 0.2,
                "not justified: {} {t}",
                l.width
            );
        }
    }
    let ja_text: String = ja.iter().map(|l| l.text.as_str()).collect();
    assert!(ja_text.contains("検討するという。"), "nothing lost");

    // German: hyphenated with German patterns only at German points.
    let de = article_lines(rec, 2);
    let hyphenated: Vec<_> = de.iter().filter(|l| l.hyphenated).collect();
    assert!(!hyphenated.is_empty(), "{de:#?}");
    let h = galley::render::pdf::layout::Hyphenator::new(true);
    for l in &hyphenated {
        let frag = l.text.trim_end_matches('-').rsplit(' ').next().unwrap();
        let frag = frag.trim_start_matches(|c: char| !c.is_alphabetic());
        // The fragment is the start of a word cut at one of its German points.
        let word_line = de
            .iter()
            .skip_while(|x| !std::ptr::eq(**x, **l))
            .nth(1)
            .map(|n| n.text.split(' ').next().unwrap_or(""))
            .unwrap_or("");
        let word = format!("{frag}{word_line}");
        let word = word.trim_end_matches(|c: char| !c.is_alphabetic());
        let points = h.breaks(word, Some(hypher::Lang::German));
        assert!(
            points.contains(&frag.len()),
            "{word} cut at {frag:?}, German points {points:?}"
        );
    }

    if have_fonts {
        // Every character had a glyph, and the fonts are embedded.
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        let doc = lopdf::Document::load_mem(&out.bytes).unwrap();
        let fonts = doc
            .objects
            .values()
            .filter(|o| {
                o.as_dict().is_ok_and(|d| {
                    d.get(b"Type")
                        .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"FontDescriptor"))
                })
            })
            .count();
        assert!(fonts >= 4, "{fonts} font descriptors");
        // Copy and paste: the Arabic page's text comes out with its words.
        let first_ar = rec
            .pages
            .iter()
            .position(|p| p.kind == PageKind::Article(0))
            .unwrap()
            + 1;
        if let Some(t) = pdftotext(&out.bytes, dir.path(), first_ar, first_ar) {
            println!("pdftotext, Arabic page:\n{t}");
            for w in ["افتتحت", "بلدية", "المدينة", "Harbour", "420"] {
                assert!(t.contains(w), "{w} not extracted: {t}");
            }
        }
    }
}

#[test]
fn an_rtl_book_mirrors_its_chrome() {
    let dir = tempfile::tempdir().unwrap();
    let Some(theme) = theme_with_system_fonts(dir.path()) else {
        return;
    };
    let mut long = String::from(ARABIC);
    for k in 0..40 {
        long.push_str(&format!("\nفي اليوم {k} بعد الافتتاح عبر الجسر آلاف المشاة، وقال بعض التجار إن عدد الزوار في المقاهي والمكتبات على ضفة النهر زاد بوضوح.\n"));
    }
    let b = book("ar", &[&long, ARABIC]);
    let out = render_pdf(&b, &ctx(Some(theme))).expect("renders");
    let rec = &out.layout;
    let block = rec.pages[0].block;
    // The contents entries are set flush right, page numbers on the left.
    let contents = rec
        .pages
        .iter()
        .find(|p| p.kind == PageKind::Contents)
        .unwrap();
    let entry = contents
        .lines
        .iter()
        .find(|l| l.text.contains("جسر"))
        .unwrap();
    assert!(
        (entry.ink_x0 - block.0).abs() < 1.0,
        "page number on the left: {entry:?}"
    );
    // The cover's lines too.
    let cover = rec
        .pages
        .iter()
        .find(|p| p.kind == PageKind::Cover)
        .unwrap();
    let title = cover
        .lines
        .iter()
        .find(|l| l.text.contains("Küstenbriefing"))
        .unwrap();
    assert!(
        title.ink_x0 > block.0 + 100.0,
        "cover title flush right: {title:?}"
    );
    assert!(
        rec.pages
            .iter()
            .filter(|p| p.kind == PageKind::Article(0))
            .count()
            >= 2
    );
}
