//! Smart punctuation by language: straight quotes (`"`, `'`) and spaced
//! hyphens (` - `, ` -- `) as each language prints them (“ ” in English,
//! « » with narrow no-break spaces in French, „ “ in German, 「 」 in
//! Japanese). Text that already has typographic quotes keeps them; only
//! the straight ones change, and only when the language is known (a
//! convention guessed wrong is worse than a straight quote).
//!
//! What never changes: a quote after a digit (`5'10"`, feet and inches),
//! a `"` between two letters in Hebrew (gershayim, `צה"ל`), anything in a
//! URL, e-mail address or inline code (the caller passes only text runs).

use std::borrow::Cow;

/// How one language prints quotations and a spaced dash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Opening and closing double quotes.
    pub double: (&'static str, &'static str),
    /// Opening and closing single (inner) quotes.
    pub single: (&'static str, &'static str),
    /// What ` - ` between words becomes (with its spaces), `None` to keep.
    pub dash: Option<&'static str>,
    /// French spacing: a narrow no-break space inside « », before `! ? ;`
    /// and a no-break space before `:` (where a space already is).
    pub french: bool,
    /// Hebrew: `"` between letters is gershayim (״), `'` stays.
    pub hebrew: bool,
}

const NNBSP: char = '\u{202F}';

const fn style(
    double: (&'static str, &'static str),
    single: (&'static str, &'static str),
    dash: Option<&'static str>,
) -> Style {
    Style {
        double,
        single,
        dash,
        french: false,
        hebrew: false,
    }
}

const CURLY: (&str, &str) = ("“", "”");
const CURLY1: (&str, &str) = ("‘", "’");
const GUILLEMETS: (&str, &str) = ("«", "»");
const LOW: (&str, &str) = ("„", "“");
const LOW1: (&str, &str) = ("‚", "‘");
const CORNER: (&str, &str) = ("「", "」");
const CORNER2: (&str, &str) = ("『", "』");
const EN_DASH: Option<&str> = Some(" – ");
const EM_DASH: Option<&str> = Some(" — ");

/// The style for a BCP 47 tag (language, then primary subtag), following
/// CLDR's quotation delimiters; `None` for a language galley has no rule
/// for (its text is left as it is).
pub fn style_for(tag: &str) -> Option<Style> {
    let lower = tag.to_ascii_lowercase().replace('_', "-");
    let mut parts = lower.split('-');
    let primary = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    let has = |s: &str| rest.contains(&s);
    Some(match primary {
        "en" if has("gb") || has("au") || has("nz") || has("ie") || has("za") || has("in") => {
            style(CURLY, CURLY1, EN_DASH)
        }
        "en" => style(CURLY, CURLY1, EM_DASH),
        "fr" => Style {
            french: true,
            ..style(GUILLEMETS, CURLY, EN_DASH)
        },
        "de" if has("ch") || has("li") => style(GUILLEMETS, ("‹", "›"), EN_DASH),
        "de" => style(LOW, LOW1, EN_DASH),
        "cs" | "sk" => style(LOW, LOW1, EN_DASH),
        "pl" => style(("„", "”"), GUILLEMETS, EN_DASH),
        "es" | "it" | "ca" => style(GUILLEMETS, CURLY, EN_DASH),
        "pt" if has("pt") => style(GUILLEMETS, CURLY, EN_DASH),
        "pt" | "nl" | "tr" | "id" | "ms" | "vi" | "hi" => style(CURLY, CURLY1, EN_DASH),
        "sv" | "fi" => style(("”", "”"), ("’", "’"), EN_DASH),
        "da" | "nb" | "no" | "nn" => style(GUILLEMETS, CURLY1, EN_DASH),
        "ru" | "uk" | "be" | "bg" => style(GUILLEMETS, LOW, EM_DASH),
        "ar" | "fa" | "ur" => style(GUILLEMETS, CURLY, EN_DASH),
        "he" | "iw" => Style {
            hebrew: true,
            ..style(CURLY, CURLY1, EN_DASH)
        },
        "ja" => style(CORNER, CORNER2, None),
        "zh" if has("hant") || has("tw") || has("hk") || has("mo") => style(CORNER, CORNER2, None),
        "zh" | "ko" => style(CURLY, CURLY1, None),
        _ => return None,
    })
}

/// True when `s` has something [`smarten`] may change (cheap pre-test).
pub fn has_straight(s: &str) -> bool {
    memchr::memchr2(b'"', b'\'', s.as_bytes()).is_some() || s.contains(" -") || s.contains("- ")
}

/// Where a quote mark stands.
fn opens_after(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '['
                        | '{'
                        | '—'
                        | '–'
                        | '-'
                        | '/'
                        | '“'
                        | '‘'
                        | '„'
                        | '‚'
                        | '«'
                        | '‹'
                        | '「'
                        | '『'
                        | '\u{202F}'
                )
        }
    }
}

/// Byte ranges of URLs and e-mail addresses in `s` (left as they are).
fn protected(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let check = |a: usize, b: usize, out: &mut Vec<(usize, usize)>| {
        let w = &s[a..b];
        if w.contains("://") || w.starts_with("www.") || (w.contains('@') && w.contains('.')) {
            out.push((a, b));
        }
    };
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(a) = start.take() {
                check(a, i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(a) = start {
        check(a, s.len(), &mut out);
    }
    out
}

/// State carried from one text run of a block to the next (a quotation
/// may open in plain text and close inside emphasis).
#[derive(Debug, Default, Clone)]
pub struct Runs {
    /// The last character written (`None` at the start of a block).
    prev: Option<char>,
    /// An inner quotation is open.
    single_open: bool,
    /// A double quotation is open (French: closing takes its space).
    double_open: bool,
}

/// `s` with straight quotes and spaced hyphens set in `style`, or
/// borrowed when nothing changes. `runs` carries context between the text
/// runs of one block (start each block with `Runs::default()`).
pub fn smarten<'a>(s: &'a str, style: &Style, runs: &mut Runs) -> Cow<'a, str> {
    let french_marks = style.french && [" !", " ?", " ;", " :"].iter().any(|m| s.contains(m));
    if !has_straight(s) && !french_marks {
        if let Some(c) = s.chars().last() {
            runs.prev = Some(c);
        }
        return Cow::Borrowed(s);
    }
    let keep = protected(s);
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if let Some(&(_, end)) = keep.iter().find(|(a, b)| *a <= at && at < *b) {
            out.push_str(&s[at..end]);
            runs.prev = s[..end].chars().last();
            while i < chars.len() && chars[i].0 < end {
                i += 1;
            }
            continue;
        }
        let next = chars.get(i + 1).map(|&(_, c)| c);
        let prev = runs.prev;
        let prev_digit = prev.is_some_and(|p| p.is_ascii_digit());
        match c {
            '"' if prev_digit => out.push(c),
            '"' if style.hebrew
                && prev.is_some_and(char::is_alphabetic)
                && next.is_some_and(char::is_alphabetic) =>
            {
                out.push('\u{05F4}')
            }
            '"' => {
                let spaced_after = next.is_none_or(char::is_whitespace);
                let opening = opens_after(prev);
                let open = if opening != spaced_after {
                    // `␣"word` opens, `word"␣` closes.
                    opening
                } else {
                    // Spaces on both sides (` " c'est " `) or none
                    // (`彼は"行く"と`): the pair decides.
                    !runs.double_open
                };
                if open {
                    out.push_str(style.double.0);
                    runs.double_open = true;
                    if style.french {
                        out.push(NNBSP);
                        // « takes the space after it.
                        while chars.get(i + 1).is_some_and(|&(_, n)| n == ' ') {
                            i += 1;
                        }
                    }
                } else {
                    if style.french {
                        while out.ends_with(' ') {
                            out.pop();
                        }
                        out.push(NNBSP);
                    }
                    out.push_str(style.double.1);
                    runs.double_open = false;
                }
            }
            '\'' if prev_digit || style.hebrew => out.push(c),
            '\'' => {
                let letter_before = prev.is_some_and(char::is_alphanumeric);
                let letter_after = next.is_some_and(char::is_alphanumeric);
                if letter_before && letter_after {
                    // don't, l'État, rock'n'roll.
                    out.push('’');
                } else if opens_after(prev) && next.is_some_and(|n| n.is_ascii_digit()) {
                    // '90s.
                    out.push('’');
                } else if opens_after(prev) && letter_after {
                    out.push_str(style.single.0);
                    runs.single_open = true;
                } else if runs.single_open {
                    out.push_str(style.single.1);
                    runs.single_open = false;
                } else {
                    // players' union: an apostrophe.
                    out.push('’');
                }
            }
            ' ' if style.dash.is_some()
                && next == Some('-')
                && prev.is_some_and(|p| !p.is_whitespace() && !matches!(p, '-' | '–' | '—')) =>
            {
                // ` - ` or ` -- ` between two words.
                let mut j = i + 1;
                while chars.get(j).is_some_and(|&(_, n)| n == '-') {
                    j += 1;
                }
                let hyphens = j - (i + 1);
                let spaced = chars.get(j).is_some_and(|&(_, n)| n == ' ');
                let word_after = chars
                    .get(j + 1)
                    .is_some_and(|&(_, n)| !n.is_whitespace() && !matches!(n, '-' | '–' | '—'));
                if hyphens <= 2 && spaced && word_after {
                    out.push_str(style.dash.unwrap_or(" - "));
                    runs.prev = Some(' ');
                    i = j + 1;
                    continue;
                }
                out.push(c);
            }
            ' ' if style.french
                && matches!(next, Some('!' | '?' | ';' | ':'))
                && prev.is_some_and(|p| !p.is_whitespace() && !matches!(p, '-' | '–' | '—')) =>
            {
                out.push(if next == Some(':') { '\u{00A0}' } else { NNBSP });
            }
            _ => out.push(c),
        }
        runs.prev = out.chars().last();
        i += 1;
    }
    if out == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(lang: &str, s: &str) -> String {
        let st = style_for(lang).expect("style");
        smarten(s, &st, &mut Runs::default()).into_owned()
    }

    #[test]
    fn english_quotes_apostrophes_and_dashes() {
        assert_eq!(
            run("en", r#""We won't wait," she said - and left."#),
            "“We won’t wait,” she said — and left."
        );
        assert_eq!(run("en-GB", "north - and south"), "north – and south");
        assert_eq!(
            run("en", "He said 'no' in the '90s."),
            "He said ‘no’ in the ’90s."
        );
        assert_eq!(run("en", "the players' union"), "the players’ union");
    }

    #[test]
    fn french_guillemets_with_narrow_spaces() {
        assert_eq!(
            run("fr", r#"Il a dit " c'est fini " : vraiment ?"#),
            "Il a dit «\u{202F}c’est fini\u{202F}»\u{a0}: vraiment\u{202F}?"
        );
        assert_eq!(
            run("fr", r#""Non", répond-elle."#),
            "«\u{202F}Non\u{202F}», répond-elle."
        );
    }

    #[test]
    fn german_low_quotes_and_en_dash() {
        assert_eq!(
            run("de", r#"Er sagte: "Wir warten nicht" - und ging."#),
            "Er sagte: „Wir warten nicht“ – und ging."
        );
        assert_eq!(run("de", "'Ja' sagte er"), "‚Ja‘ sagte er");
    }

    #[test]
    fn japanese_and_russian() {
        assert_eq!(
            run("ja", r#"彼は"行く"と言った。"#),
            "彼は「行く」と言った。"
        );
        assert_eq!(
            run("ru", r#"Он сказал: "Мы не будем ждать" - и ушёл."#),
            "Он сказал: «Мы не будем ждать» — и ушёл."
        );
    }

    #[test]
    fn what_never_changes() {
        // Feet and inches, URLs, hyphenated words and list-like dashes.
        assert_eq!(run("en", r#"He is 6'2" tall."#), r#"He is 6'2" tall."#);
        assert_eq!(
            run("en", r#"See https://example.org/a'b"c now"#),
            r#"See https://example.org/a'b"c now"#
        );
        assert_eq!(run("en", "a well-known fact"), "a well-known fact");
        assert_eq!(run("en", "- item"), "- item");
        assert_eq!(run("en", "pages 10 --- 12"), "pages 10 --- 12");
        // Hebrew gershayim.
        assert_eq!(run("he", r#"צה"ל הודיע"#), "צה״ל הודיע");
        // Already typographic: borrowed, unchanged.
        let st = style_for("en").expect("en");
        assert!(matches!(
            smarten("“Done,” she said.", &st, &mut Runs::default()),
            Cow::Borrowed(_)
        ));
        // Unknown language: no rule.
        assert!(style_for("xx").is_none());
    }

    #[test]
    fn context_carries_across_runs() {
        let st = style_for("en").expect("en");
        let mut r = Runs::default();
        assert_eq!(smarten("He said ", &st, &mut r), "He said ");
        assert_eq!(smarten("\"now\"", &st, &mut r), "“now”");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// For every language and any mix of quotes, hyphens, spaces,
        /// letters and digits: the words (letters and digits, in order)
        /// never change, and running it twice changes nothing more.
        #[test]
        fn words_never_change(parts in proptest::collection::vec(proptest::sample::select(vec![
            "\"", "'", " ", "-", " - ", "--", "a", "é", "Б", "行", "ל", "7", "!", "?", ":",
            "https://x.org/a'b", "(", ")", "«", "“",
        ]), 0..40), lang in proptest::sample::select(vec![
            "en", "en-GB", "fr", "de", "de-CH", "pl", "cs", "ru", "he", "ja", "zh-Hant", "sv",
        ])) {
            let s: String = parts.concat();
            let st = style_for(lang).expect("style");
            let once = smarten(&s, &st, &mut Runs::default()).into_owned();
            proptest::prop_assert_eq!(crate::text::key(&once), crate::text::key(&s));
            let twice = smarten(&once, &st, &mut Runs::default()).into_owned();
            proptest::prop_assert_eq!(twice, once);
        }
    }
}
