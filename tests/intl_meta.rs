//! Issue 13, the article-language half: a book of Arabic, Hebrew, Japanese,
//! German, Russian and English articles (fixtures written for this test).
//! Checks the language of each article and where it came from (`galley
//! check`, text and JSON), `lang`/`dir` on every HTML page, `<bdi>` in the
//! header, the OPF `page-progression-direction`, the EPUB chapters' `dir`,
//! transliterated slugs, the translated "Contents" and localized dates.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};

fn galley(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run galley")
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// Arabic, Markdown without a language: detected.
const AR: &str = "---\ntitle: القاهرة تفتح خطا جديدا للمترو\nauthors: [أحمد حسن]\ndate: 2025-03-14\n---\n\nافتتحت السلطات في القاهرة يوم الجمعة خطا جديدا لمترو الأنفاق يربط وسط المدينة بالأحياء الشرقية.\n\nوقال وزير النقل إن الخط سينقل أكثر من مئتي ألف راكب كل يوم، وإن أسعار التذاكر لن تتغير هذا العام.\n\nويأمل السكان أن يخفف المشروع من زحام الشوارع في ساعات الذروة.\n";

/// Hebrew, a saved page with `<html lang="he">`.
const HE: &str = "<!DOCTYPE html>\n<html lang=\"he\">\n<head><meta charset=\"utf-8\"><title>חיפה מרחיבה את הנמל</title>\n<meta name=\"author\" content=\"דנה לוי\">\n<meta property=\"article:published_time\" content=\"2025-03-14\">\n</head>\n<body><article><h1>חיפה מרחיבה את הנמל</h1>\n<p>עיריית חיפה אישרה השבוע תוכנית להרחבת הנמל הצפוני ולבניית רציף חדש לאוניות משא.</p>\n<p>לפי התוכנית, העבודות יימשכו שלוש שנים ויעלו כחצי מיליארד שקלים. ראש העירייה אמר שהפרויקט ייצור מאות מקומות עבודה חדשים באזור.</p>\n<p>תושבי השכונות הסמוכות ביקשו שהעבודות לא יתקיימו בשעות הלילה.</p>\n</article></body></html>\n";

/// Japanese, scraped text: detected.
const JA: &str = "大阪で新しい路面電車が開業\n\n大阪市で十四日、市の中心部と湾岸地区を結ぶ新しい路面電車が開業した。初日から多くの市民が乗車し、駅は一日中にぎわった。\n\n市によると、運賃は一回二百円で、朝と夕方は五分おきに運行する。市長は、車の利用を減らし、街の空気をきれいにしたいと話した。\n\n沿線の商店街では、客が増えることへの期待が高まっている。\n";

/// German, Markdown declaring `language: Deutsch` (a name, not a tag).
const DE: &str = "---\ntitle: Die Straße nach Łódź wird gesperrt\nauthors: [Jürgen Müller, Anna Schmidt]\ndate: 2025-03-14\nlanguage: Deutsch\n---\n\nDie Landstraße zwischen Frankfurt (Oder) und Łódź wird ab Montag für drei Wochen gesperrt.\n\nDie Behörden empfehlen, die Autobahn zu nutzen. Für Lastwagen gilt eine eigene Umleitung über Posen.\n";

/// Russian, a saved page with only `og:locale` (`ru_RU`).
const RU: &str = "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>Москва закупит новые автобусы</title>\n<meta property=\"og:locale\" content=\"ru_RU\">\n<meta name=\"author\" content=\"Ирина Волкова\">\n<meta property=\"article:published_time\" content=\"2025-03-14\">\n</head>\n<body><article><h1>Москва закупит новые автобусы</h1>\n<p>Власти Москвы объявили, что в этом году город закупит триста новых электробусов для северных районов.</p>\n<p>По словам чиновников, старые машины будут списаны до конца осени, а новые маршруты откроются уже летом.</p>\n</article></body></html>\n";

/// English, scraped text titled only by a year: the slug falls back to
/// the file name.
const EN: &str = "2025\n\nThe harbour town looks back on a year of new ferries, a rebuilt pier and the long argument about parking on the sea front.\n\nThe council says the pier will reopen in May, after two winters of repairs, and that the ferry timetable will not change.\n";

const BOOK: &str = "[book]\ntitle = \"موجز المدن\"\nlanguage = \"ar\"\ndate = 2025-03-14\narticles = [\"a/cairo.md\", \"a/haifa.html\", \"a/osaka.txt\", \"a/lodz.md\", \"a/moscow.html\", \"a/year-review.txt\"]\n\n[output.html]\n[output.epub]\n";

fn book() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    write(d.path(), "book.toml", BOOK);
    write(d.path(), "a/cairo.md", AR);
    write(d.path(), "a/haifa.html", HE);
    write(d.path(), "a/osaka.txt", JA);
    write(d.path(), "a/lodz.md", DE);
    write(d.path(), "a/moscow.html", RU);
    write(d.path(), "a/year-review.txt", EN);
    d
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_shows_each_language_and_where_it_came_from() {
    let d = book();
    let files = [
        "a/cairo.md",
        "a/haifa.html",
        "a/osaka.txt",
        "a/lodz.md",
        "a/moscow.html",
        "a/year-review.txt",
    ];
    let mut args = vec!["check"];
    args.extend(files);
    let out = galley(d.path(), &args);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}\n{}", stderr(&out));
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("language ")).collect();
    println!("{}", lines.join("\n"));
    assert_eq!(lines.len(), 6, "{text}");
    let want = [
        "ar (detected(",
        "he (html-lang)",
        "ja (detected(",
        "de (declared-front-matter)",
        "ru-RU (og-locale)",
        "en (detected(",
    ];
    for (line, want) in lines.iter().zip(want) {
        assert!(line.contains(want), "{line:?} lacks {want:?}");
    }
    // `language: Deutsch` is read as `de`, with a warning that says so.
    let err = stderr(&out);
    assert!(
        err.contains("\"Deutsch\"") && err.contains("language: de"),
        "{err}"
    );

    let out = galley(
        d.path(),
        &["check", "--format", "json", "a/osaka.txt", "a/haifa.html"],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v[0]["meta"]["language"], "ja");
    let src = v[0]["meta"]["language_source"].as_str().unwrap_or_default();
    assert!(src.starts_with("detected("), "{src}");
    assert_eq!(v[1]["meta"]["language_source"], "html-lang");

    // Too little text: left unknown, and check says so.
    write(d.path(), "short.txt", "Paris\n\nOK.\n");
    let out = galley(d.path(), &["check", "short.txt"]);
    let text = stdout(&out);
    assert!(
        text.contains("language  unknown: too little text"),
        "{text}"
    );
}

#[test]
fn book_toml_language_names_get_a_suggestion() {
    let d = book();
    for (value, want) in [
        ("english", "en"),
        ("Deutsch", "de"),
        ("日本語", "ja"),
        ("en_US", "en-US"),
    ] {
        write(
            d.path(),
            "book.toml",
            &BOOK.replace("language = \"ar\"", &format!("language = \"{value}\"")),
        );
        let out = galley(d.path(), &["build"]);
        let err = stderr(&out);
        assert!(!out.status.success(), "{value}");
        assert!(
            err.contains(&format!("did you mean \"{want}\"?")),
            "{value}: {err}"
        );
    }
}

fn attr<'a>(page: &'a str, tag_start: &str) -> &'a str {
    let i = page
        .find(tag_start)
        .unwrap_or_else(|| panic!("no {tag_start}"));
    let rest = &page[i..];
    &rest[..rest.find('>').unwrap_or(rest.len())]
}

#[test]
fn html_and_epub_carry_language_direction_and_localized_words() {
    let d = book();
    let out = galley(d.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = d.path().join("book/html");
    let mut names: Vec<String> = std::fs::read_dir(&html)
        .expect("html folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html") && n != "index.html")
        .collect();
    names.sort();
    println!("pages: {names:?}");
    // Slugs: transliterated titles; the year-only title falls back to the
    // file name; nothing is `article`.
    for want in [
        "die-strasse-nach-lodz-wird-gesperrt.html",
        "moskva-zakupit-novye-avtobusy.html",
        "year-review.html",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} not in {names:?}");
    }
    assert!(
        names
            .iter()
            .all(|n| !n.starts_with("article") && n.is_ascii()),
        "{names:?}"
    );
    assert_eq!(names.len(), 6);

    let page = |name: &str| std::fs::read_to_string(html.join(name)).expect("page");
    let find = |needle: &str| {
        names
            .iter()
            .map(|n| page(n))
            .find(|p| p.contains(needle))
            .unwrap_or_else(|| panic!("no page with {needle}"))
    };
    for (needle, lang, dir, contents, date) in [
        ("<h1>القاهرة", "ar", "rtl", "المحتويات", "14 مارس 2025"),
        ("<h1>חיפה", "he", "rtl", "תוכן העניינים", "14 במרץ 2025"),
        ("<h1>大阪", "ja", "ltr", "目次", ""),
        (
            "<h1>Die Straße nach Łódź",
            "de",
            "ltr",
            "Inhalt",
            "14. März 2025",
        ),
        ("<h1>Москва", "ru-RU", "ltr", "Содержание", "14 марта 2025"),
        ("<h1>2025</h1>", "en", "ltr", "Contents", ""),
    ] {
        let p = find(needle);
        let html_tag = attr(&p, "<html");
        assert!(
            html_tag.contains(&format!("lang=\"{lang}\""))
                && html_tag.contains(&format!("dir=\"{dir}\"")),
            "{needle}: {html_tag}"
        );
        assert!(
            p.contains(&format!(">{contents}</a>")),
            "{needle}: no {contents}"
        );
        if !date.is_empty() {
            assert!(
                p.contains(&format!(">{date}</time></bdi>")),
                "{needle}: no {date}"
            );
        }
    }
    // The byline, dateline and date each isolated, the separator outside.
    let ar = find("<h1>القاهرة");
    assert!(
        ar.contains("<bdi>بقلم <span class=\"author\">أحمد حسن</span></bdi> · <bdi><time datetime=\"2025-03-14\">"),
        "{}",
        attr(&ar, "<p class=\"byline\"")
    );
    let de = find("<h1>Die Straße");
    assert!(
        de.contains("Von <span class=\"author\">Jürgen Müller und Anna Schmidt</span>"),
        "German names"
    );

    // The contents page is the book's (Arabic, right to left); each entry
    // carries its article's language and direction.
    let index = page("index.html");
    assert!(
        attr(&index, "<html").contains("dir=\"rtl\""),
        "{}",
        attr(&index, "<html")
    );
    for (lang, dir) in [("ja", "ltr"), ("he", "rtl"), ("de", "ltr")] {
        let entry = format!(" lang=\"{lang}\" dir=\"{dir}\">");
        assert!(index.contains(&entry), "{entry} not in the contents");
    }

    // EPUB: the spine reads right to left; each chapter has its direction.
    let epub = std::fs::read_dir(d.path().join("book"))
        .expect("book folder")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .expect("an epub");
    let mut z = zip::ZipArchive::new(std::fs::File::open(&epub).expect("open")).expect("zip");
    let mut opf = String::new();
    z.by_name("OEBPS/content.opf")
        .expect("opf")
        .read_to_string(&mut opf)
        .expect("read");
    assert!(opf.contains("page-progression-direction=\"rtl\""), "{opf}");
    let mut dirs = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let name = f.name().to_string();
        if !name.starts_with("OEBPS/a-") {
            continue;
        }
        let mut s = String::new();
        f.read_to_string(&mut s).expect("read");
        let tag = attr(&s, "<html").to_string();
        let dir = if tag.contains("dir=\"rtl\"") {
            "rtl"
        } else {
            "ltr"
        };
        let lang = tag
            .split("lang=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or("")
            .to_string();
        dirs.push((lang, dir));
    }
    dirs.sort();
    println!("EPUB chapters: {dirs:?}");
    assert_eq!(dirs.len(), 6);
    for (lang, dir) in &dirs {
        let want = if lang == "ar" || lang == "he" {
            "rtl"
        } else {
            "ltr"
        };
        assert_eq!(dir, &want, "{lang}");
    }
    let mut nav = String::new();
    z.by_name("OEBPS/nav.xhtml")
        .expect("nav")
        .read_to_string(&mut nav)
        .expect("read");
    assert!(
        attr(&nav, "<html").contains("dir=\"rtl\""),
        "{}",
        attr(&nav, "<html")
    );
    assert!(nav.contains("المحتويات"), "nav title in Arabic");
}
