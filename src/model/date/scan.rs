//! Reading the day out of a date as articles in many languages write it:
//! month names ([`super::names`]), numeric day-first forms (`12.03.2025`,
//! `14/3/2025`), year-first forms (`2025/03/14`, `2025.03.14`), CJK and
//! Korean forms (`2025年3月14日`, `2025년 3월 14일`), Vietnamese `ngày 14
//! tháng 3 năm 2025`, and Arabic-Indic, Persian, Devanagari and full-width
//! digits. A scan also says whether every word of the text belongs to a
//! date (a date *line*), which the normalizer uses to tell `14 марта 2025`
//! from a sentence that holds a date.

use super::names::{DateWords, LANGS, lang};
use chrono::NaiveDate;

/// What a scan found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scan {
    /// The day, when the text names a possible one (never 31 February).
    pub day: Option<NaiveDate>,
    /// Every token is part of a date or time (weekday, connector, zone).
    pub whole: bool,
}

/// Longest text scanned, in characters.
const MAX_CHARS: usize = 120;

/// The language rows a scan consults: English and `code`'s, or all of them
/// when the language is unknown.
fn rows(code: Option<&str>) -> Vec<&'static DateWords> {
    let primary = code.map(|c| {
        c.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    });
    match primary.as_deref().and_then(lang) {
        Some(l) if l.code == "en" => vec![l],
        // The language's own words first: its weekday `mar.` (mardi) is not
        // English `Mar` (March).
        Some(l) => std::iter::once(l)
            .chain(LANGS.iter().filter(|r| r.code == "en"))
            .collect(),
        None => LANGS.iter().collect(),
    }
}

/// ASCII for the decimal digits of other scripts.
fn ascii_digit(c: char) -> char {
    let base = match c {
        '\u{0660}'..='\u{0669}' => 0x0660,
        '\u{06F0}'..='\u{06F9}' => 0x06F0,
        '\u{0966}'..='\u{096F}' => 0x0966,
        '\u{FF10}'..='\u{FF19}' => 0xFF10,
        _ => return c,
    };
    char::from_u32('0' as u32 + (c as u32 - base)).unwrap_or(c)
}

/// Lower case, ASCII digits, separators as spaces, CJK unit characters
/// followed by a space (`2025年3月14日` → `2025年 3月 14日`).
fn prepare(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        let c = ascii_digit(c);
        match c {
            ',' | ';' | '|' | '·' | '•' | '(' | ')' | '（' | '）' | '[' | ']' | '【' | '】'
            | '«' | '»' | '،' | '"' | '“' | '”' | '„' | '—' | '–' | '、' | '，' | '\u{a0}' => {
                out.push(' ')
            }
            '年' | '月' | '日' | '년' | '월' | '일' | '時' | '时' | '시' | '点' | '分' | '분'
            | '秒' | '초' => {
                out.push(c);
                out.push(' ');
            }
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[derive(Default)]
struct Found {
    full: Option<(i32, u32, u32)>,
    year: Option<i32>,
    /// Months named, each with whether some language also uses the word
    /// for a weekday (`mar`).
    months: Vec<(u32, bool)>,
    month: Option<u32>,
    day: Option<u32>,
    extra_number: bool,
    unknown: bool,
    ambiguous: bool,
}

/// Digits then at most a short suffix (`14`, `14.`, `14th`, `1er`, `2025م`).
fn number(t: &str) -> Option<(u32, usize)> {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let suffix = &t[digits..];
    const SUFFIXES: &[&str] = &[
        "", ".", "st", "nd", "rd", "th", "er", "e", "º", "ª", "°", "م",
    ];
    if !SUFFIXES.contains(&suffix) {
        return None;
    }
    Some((t[..digits].parse().ok()?, digits))
}

/// `hh:mm`, `hh:mm:ss`, `07h42`, `10h`, `hh.mm`, a zone offset (`+01:00`,
/// `gmt+7`, `utc+3`).
fn is_time(t: &str) -> bool {
    let t = t.trim_end_matches('.');
    let zone = t.strip_prefix("gmt").or_else(|| t.strip_prefix("utc"));
    let t = zone.unwrap_or(t);
    let t = t.strip_prefix(['+', '-']).unwrap_or(t);
    let parts: Vec<&str> = t.split([':', 'h', '.']).collect();
    let digits = |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        // `gmt+7`.
        [h] => zone.is_some() && digits(h),
        [h, ""] => digits(h) && t.ends_with('h'),
        [h, m] | [h, m, _] => digits(h) && digits(m),
        _ => false,
    }
}

/// A numeric date (`12.03.2025`, `14/3/2025`, `2025-03-14`, `2025.03.14.`).
fn numeric(t: &str, month_first: Option<bool>, f: &mut Found) -> bool {
    let t = t.trim_end_matches('.');
    let t = t.split_once('t').map_or(t, |(d, _)| d);
    let Some(sep) = ['.', '/', '-'].into_iter().find(|s| t.contains(*s)) else {
        return false;
    };
    let parts: Vec<&str> = t.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    let [a, b, c] = n.as_slice() else {
        return false;
    };
    let (a, b, c) = (*a, *b, *c);
    if parts[0].len() == 4 {
        f.full = Some((a as i32, b, c));
    } else if parts[2].len() == 4 {
        // Dots are always day first; slashes and dashes by language.
        let mf = if sep == '.' { Some(false) } else { month_first };
        match mf {
            Some(false) => f.full = Some((c as i32, b, a)),
            Some(true) => f.full = Some((c as i32, a, b)),
            None if a > 12 && b <= 12 => f.full = Some((c as i32, b, a)),
            None if b > 12 && a <= 12 => f.full = Some((c as i32, a, b)),
            None => f.ambiguous = true,
        }
    } else {
        return false;
    }
    true
}

/// What a word of a date is.
enum Word {
    /// A month, and whether some language also uses the word for a weekday.
    Month(u32, bool),
    /// A weekday, a connector or a zone.
    Ignore,
    /// Not a date word.
    Unknown,
}

/// The first row that knows `word` decides what it is.
fn word(w: &str, rows: &[&DateWords]) -> Word {
    let month_in = |r: &DateWords| {
        r.months
            .iter()
            .position(|m| !m.is_empty() && m.split('|').any(|s| s == w))
            .and_then(|i| u32::try_from(i + 1).ok())
    };
    for r in rows {
        if let Some(m) = month_in(r) {
            let weekday = LANGS.iter().any(|l| l.weekdays.contains(&w));
            return Word::Month(m, weekday);
        }
        if r.weekdays.contains(&w) || r.words.contains(&w) {
            return Word::Ignore;
        }
    }
    Word::Unknown
}

/// Scans `text` for a day, with `language` (a BCP 47 tag) choosing the
/// month names and the order of ambiguous numeric dates.
pub fn scan(text: &str, language: Option<&str>) -> Scan {
    let none = Scan {
        day: None,
        whole: false,
    };
    if text.chars().count() > MAX_CHARS {
        return none;
    }
    let rows = rows(language);
    // Month first only when the one language chosen writes it so; with
    // English, or with every language, only unambiguous numbers are read.
    let month_first = match rows.as_slice() {
        [l, _] => Some(l.month_first),
        _ => None,
    };
    let prepared = prepare(text);
    let tokens: Vec<&str> = prepared.split_whitespace().collect();
    if tokens.is_empty() || tokens.len() > 16 {
        return none;
    }
    let mut f = Found::default();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        i += 1;
        if t.starts_with(|c: char| c.is_ascii_digit() || c == '+') {
            cjk_or_number(t, month_first, &mut f);
            continue;
        }
        // Two-word month names (`تشرين الأول`).
        if let Some(next) = tokens.get(i)
            && let Word::Month(m, w) = word(&format!("{t} {next}"), &rows)
        {
            f.months.push((m, w));
            i += 1;
            continue;
        }
        // Vietnamese `tháng 3`: the number after `tháng` is the month.
        if t == "tháng"
            && let Some((m, _)) = tokens.get(i).and_then(|n| number(n))
        {
            f.months.push((m, false));
            i += 1;
            continue;
        }
        if is_time(t) {
            continue;
        }
        for w in t.split('-').filter(|w| !w.is_empty()) {
            let w = w.trim_end_matches('.');
            if w.is_empty() {
                continue;
            }
            match word(w, &rows) {
                Word::Month(m, wd) => f.months.push((m, wd)),
                Word::Ignore => {}
                Word::Unknown => {
                    // Hebrew `במרץ`: "in March".
                    let hebrew = w
                        .strip_prefix('ב')
                        .map(|r| r.trim_start_matches('-'))
                        .map(|r| word(r, &rows));
                    match hebrew {
                        Some(Word::Month(m, wd)) => f.months.push((m, wd)),
                        _ if w.starts_with(|c: char| c.is_ascii_digit()) => {
                            cjk_or_number(w, month_first, &mut f)
                        }
                        _ => f.unknown = true,
                    }
                }
            }
        }
    }
    // A month word that is also a weekday (`mar.`) yields to another month.
    let month = f
        .months
        .iter()
        .find(|(_, weekday)| !weekday)
        .or(f.months.first())
        .map(|(m, _)| *m);
    if f.month.is_none() {
        f.month = month;
    }
    let ymd = f
        .full
        .or_else(|| Some((f.year?, f.month?, f.day?)))
        .filter(|_| !f.ambiguous);
    let day = ymd
        .filter(|(y, ..)| (1900..=2200).contains(y))
        .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
    Scan {
        day,
        whole: day.is_some() && !f.unknown && !f.extra_number,
    }
}

/// A token that starts with a digit.
fn cjk_or_number(t: &str, month_first: Option<bool>, f: &mut Found) {
    if numeric(t, month_first, f) || is_time(t) {
        return;
    }
    // `2025年`, `3月`, `14日`, `10時`, `30分` (and the Korean units).
    if let Some(unit) = t.chars().last().filter(|c| !c.is_ascii())
        && let Some(n) = t
            .strip_suffix(unit)
            .filter(|d| !d.is_empty() && d.len() <= 4 && d.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|d| d.parse::<u32>().ok())
    {
        match unit {
            '年' | '년' => {
                f.year.get_or_insert(n as i32);
            }
            '月' | '월' => {
                f.month.get_or_insert(n);
            }
            '日' | '일' => {
                f.day.get_or_insert(n);
            }
            '時' | '时' | '시' | '点' | '分' | '분' | '秒' | '초' => {}
            'م' => {
                f.year.get_or_insert(n as i32);
            }
            _ => f.unknown = true,
        }
        return;
    }
    match number(t) {
        Some((n, 4)) if (1900..=2200).contains(&n) && f.year.is_none() => f.year = Some(n as i32),
        Some((n, 1 | 2)) if (1..=31).contains(&n) && f.day.is_none() => f.day = Some(n),
        Some(_) => f.extra_number = true,
        None => f.unknown = true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str, lang: Option<&str>) -> Option<String> {
        scan(text, lang)
            .day
            .map(|d| d.format("%Y-%m-%d").to_string())
    }

    #[test]
    fn every_language_reads_its_dates() {
        let cases: &[(&str, &str, &str)] = &[
            ("de", "14. März 2025", "2025-03-14"),
            ("de", "12.03.2025", "2025-03-12"),
            ("de", "14.03.2025, 10:12 Uhr", "2025-03-14"),
            ("fr", "14 janvier 2025 à 07h42", "2025-01-14"),
            ("fr", "mar. 14 janv. 2025", "2025-01-14"),
            ("es", "14 de marzo de 2025", "2025-03-14"),
            ("it", "14 marzo 2025 alle ore 10:30", "2025-03-14"),
            ("pt", "14 de março de 2025, 10h30", "2025-03-14"),
            ("nl", "14 maart 2025 om 10:12 uur", "2025-03-14"),
            ("sv", "14 mars 2025 kl. 10.12", "2025-03-14"),
            ("pl", "14 marca 2025 r., godz. 10:12", "2025-03-14"),
            ("cs", "14. března 2025", "2025-03-14"),
            ("ru", "14 марта 2025 г., 10:12", "2025-03-14"),
            ("uk", "14 березня 2025 року", "2025-03-14"),
            ("tr", "14 Mart 2025 Cuma", "2025-03-14"),
            ("ar", "14 آذار 2025", "2025-03-14"),
            ("ar", "١٣ مارس ٢٠٢٥", "2025-03-13"),
            ("ar", "3 تشرين الأول 2024", "2024-10-03"),
            ("he", "14 במרץ 2025", "2025-03-14"),
            ("fa", "۱۴ مارس ۲۰۲۵", "2025-03-14"),
            ("hi", "14 मार्च 2025", "2025-03-14"),
            ("zh", "2025年3月14日 10:30", "2025-03-14"),
            ("ja", "2025年3月14日（金）10時30分", "2025-03-14"),
            ("ko", "2025년 3월 14일 (금) 오전 10:30", "2025-03-14"),
            ("ko", "2025.03.14", "2025-03-14"),
            ("id", "Jumat, 14 Maret 2025 10:12 WIB", "2025-03-14"),
            ("vi", "Thứ sáu, ngày 14 tháng 3 năm 2025", "2025-03-14"),
            ("vi", "14/3/2025 10:12 GMT+7", "2025-03-14"),
            ("en", "March 14, 2025", "2025-03-14"),
        ];
        for (lang, text, want) in cases {
            let s = scan(text, Some(lang));
            assert_eq!(
                s.day.map(|d| d.format("%Y-%m-%d").to_string()).as_deref(),
                Some(*want),
                "{lang}: {text}"
            );
            assert!(s.whole, "{lang}: {text} is a whole date line");
            // With no language every table applies, and reads the same day.
            assert_eq!(iso(text, None).as_deref(), Some(*want), "none: {text}");
        }
    }

    #[test]
    fn ambiguous_and_impossible_dates() {
        assert_eq!(iso("31. Februar 2025", Some("de")), None);
        assert_eq!(iso("31.02.2025", Some("de")), None);
        assert_eq!(iso("30 февраля 2025", Some("ru")), None);
        // Day first by language; English reads only the unambiguous.
        assert_eq!(iso("03/12/2025", Some("fr")).as_deref(), Some("2025-12-03"));
        assert_eq!(iso("03/12/2025", Some("en")), None);
        assert_eq!(iso("03/12/2025", None), None);
        assert_eq!(iso("13/03/2025", Some("en")).as_deref(), Some("2025-03-13"));
        assert_eq!(iso("03/13/2025", None).as_deref(), Some("2025-03-13"));
    }

    #[test]
    fn sentences_are_not_date_lines() {
        for (lang, text) in [
            ("ru", "14 марта 2025 года парламент принял закон"),
            ("de", "Am 14. März 2025 stimmte der Rat zu"),
            ("fr", "Le 14 janvier 2025, la mairie a voté"),
            ("ja", "2025年3月14日に発表された"),
        ] {
            assert!(!scan(text, Some(lang)).whole, "{text}");
        }
    }
}
