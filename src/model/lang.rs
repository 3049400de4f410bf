//! Where an article's language came from ([`LanguageSource`]), its writing
//! direction ([`is_rtl`]), and the BCP 47 tag for a language *name*
//! ([`suggest_tag`]: `English`, `Deutsch`, `français`, `日本語`), for the
//! "did you mean" of `book.toml` and front matter.

use std::fmt;

/// How `Meta::language` was settled. Shown by `galley check` (text and JSON)
/// as one word: `declared-front-matter`, `html-lang`, `og-locale`,
/// `content-language`, `json-ld`, `detected(97%)`, `book`, or
/// `undetermined(...)` when detection declined.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(into = "String", try_from = "String")]
#[non_exhaustive]
pub enum LanguageSource {
    /// Front matter `language:` / `lang:`.
    FrontMatter,
    /// `<html lang>` (or `xml:lang`).
    HtmlLang,
    /// `<meta property="og:locale">` (`fr_FR` read as `fr-FR`).
    OgLocale,
    /// `<meta http-equiv="content-language">`, `dc.language`, `language`.
    ContentLanguage,
    /// JSON-LD `inLanguage`.
    JsonLd,
    /// Detected from the article's text, with the detector's confidence in
    /// percent.
    Detected {
        /// 0..=100.
        confidence: u8,
    },
    /// The book's `[book] language` (an article that states none and whose
    /// language was not detected).
    Book,
    /// Not declared and not detected: too little text, or a guess below the
    /// confidence threshold. The language is left unknown; backends use the
    /// book's language or `en`.
    Undetermined(Undetermined),
}

/// Why detection left a language unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Undetermined {
    /// Fewer letters in the sample than detection needs.
    TooShort {
        /// Letters found.
        letters: usize,
    },
    /// The best guess was not confident enough.
    LowConfidence {
        /// The guess (BCP 47).
        guess: String,
        /// Its confidence in percent.
        confidence: u8,
    },
}

impl LanguageSource {
    /// True when the language was stated by the input (not detected, not
    /// the book's).
    pub fn is_declared(&self) -> bool {
        matches!(
            self,
            LanguageSource::FrontMatter
                | LanguageSource::HtmlLang
                | LanguageSource::OgLocale
                | LanguageSource::ContentLanguage
                | LanguageSource::JsonLd
        )
    }
}

impl fmt::Display for LanguageSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LanguageSource::FrontMatter => f.write_str("declared-front-matter"),
            LanguageSource::HtmlLang => f.write_str("html-lang"),
            LanguageSource::OgLocale => f.write_str("og-locale"),
            LanguageSource::ContentLanguage => f.write_str("content-language"),
            LanguageSource::JsonLd => f.write_str("json-ld"),
            LanguageSource::Detected { confidence } => write!(f, "detected({confidence}%)"),
            LanguageSource::Book => f.write_str("book"),
            LanguageSource::Undetermined(Undetermined::TooShort { letters }) => {
                write!(f, "undetermined(too-short: {letters} letters)")
            }
            LanguageSource::Undetermined(Undetermined::LowConfidence { guess, confidence }) => {
                write!(f, "undetermined(low-confidence: {guess} {confidence}%)")
            }
        }
    }
}

impl From<LanguageSource> for String {
    fn from(s: LanguageSource) -> String {
        s.to_string()
    }
}

impl TryFrom<String> for LanguageSource {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let fixed = match s.as_str() {
            "declared-front-matter" => Some(LanguageSource::FrontMatter),
            "html-lang" => Some(LanguageSource::HtmlLang),
            "og-locale" => Some(LanguageSource::OgLocale),
            "content-language" => Some(LanguageSource::ContentLanguage),
            "json-ld" => Some(LanguageSource::JsonLd),
            "book" => Some(LanguageSource::Book),
            _ => None,
        };
        if let Some(f) = fixed {
            return Ok(f);
        }
        let inner = |p: &str| s.strip_prefix(p).and_then(|r| r.strip_suffix(')'));
        if let Some(c) = inner("detected(") {
            let confidence = c.trim_end_matches('%').parse().map_err(|_| s.clone())?;
            return Ok(LanguageSource::Detected { confidence });
        }
        if let Some(r) = inner("undetermined(too-short: ") {
            let letters = r
                .trim_end_matches(" letters")
                .parse()
                .map_err(|_| s.clone())?;
            return Ok(LanguageSource::Undetermined(Undetermined::TooShort {
                letters,
            }));
        }
        if let Some(r) = inner("undetermined(low-confidence: ")
            && let Some((guess, c)) = r.split_once(' ')
        {
            let confidence = c.trim_end_matches('%').parse().map_err(|_| s.clone())?;
            return Ok(LanguageSource::Undetermined(Undetermined::LowConfidence {
                guess: guess.to_string(),
                confidence,
            }));
        }
        Err(format!("not a language source: {s:?}"))
    }
}

/// Primary languages written right to left.
const RTL: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ku-Arab", "ps", "sd", "syr", "ug", "ur", "yi",
];

/// True when `tag` (BCP 47) is written right to left: Arabic, Hebrew,
/// Persian, Urdu, Pashto, Yiddish, Dhivehi... and any tag with an RTL script
/// subtag (`az-Arab`, `pa-Arab`).
pub fn is_rtl(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let primary = parts.next().unwrap_or("").to_ascii_lowercase();
    let script = parts
        .find(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(str::to_ascii_lowercase);
    match script.as_deref() {
        Some("arab" | "hebr" | "syrc" | "thaa" | "nkoo" | "adlm" | "rohg") => true,
        Some(_) => false,
        None => RTL.contains(&primary.as_str()),
    }
}

/// `rtl` or `ltr` for a language tag (for `dir` attributes).
pub fn direction(tag: &str) -> &'static str {
    if is_rtl(tag) { "rtl" } else { "ltr" }
}

/// Language names (in English and in the language itself, lowercase) and
/// their BCP 47 tags.
const NAMES: &[(&str, &str)] = &[
    ("arabic", "ar"),
    ("العربية", "ar"),
    ("عربي", "ar"),
    ("chinese", "zh"),
    ("中文", "zh"),
    ("汉语", "zh"),
    ("漢語", "zh"),
    ("简体中文", "zh-Hans"),
    ("繁體中文", "zh-Hant"),
    ("simplified chinese", "zh-Hans"),
    ("traditional chinese", "zh-Hant"),
    ("czech", "cs"),
    ("čeština", "cs"),
    ("cestina", "cs"),
    ("danish", "da"),
    ("dansk", "da"),
    ("dutch", "nl"),
    ("nederlands", "nl"),
    ("english", "en"),
    ("finnish", "fi"),
    ("suomi", "fi"),
    ("french", "fr"),
    ("français", "fr"),
    ("francais", "fr"),
    ("german", "de"),
    ("deutsch", "de"),
    ("greek", "el"),
    ("ελληνικά", "el"),
    ("hebrew", "he"),
    ("עברית", "he"),
    ("hindi", "hi"),
    ("हिन्दी", "hi"),
    ("हिंदी", "hi"),
    ("hungarian", "hu"),
    ("magyar", "hu"),
    ("indonesian", "id"),
    ("bahasa indonesia", "id"),
    ("italian", "it"),
    ("italiano", "it"),
    ("japanese", "ja"),
    ("日本語", "ja"),
    ("korean", "ko"),
    ("한국어", "ko"),
    ("norwegian", "no"),
    ("norsk", "no"),
    ("persian", "fa"),
    ("farsi", "fa"),
    ("فارسی", "fa"),
    ("polish", "pl"),
    ("polski", "pl"),
    ("portuguese", "pt"),
    ("português", "pt"),
    ("portugues", "pt"),
    ("romanian", "ro"),
    ("română", "ro"),
    ("russian", "ru"),
    ("русский", "ru"),
    ("spanish", "es"),
    ("español", "es"),
    ("espanol", "es"),
    ("castellano", "es"),
    ("swedish", "sv"),
    ("svenska", "sv"),
    ("thai", "th"),
    ("ไทย", "th"),
    ("turkish", "tr"),
    ("türkçe", "tr"),
    ("turkce", "tr"),
    ("ukrainian", "uk"),
    ("українська", "uk"),
    ("urdu", "ur"),
    ("اردو", "ur"),
    ("vietnamese", "vi"),
    ("tiếng việt", "vi"),
];

/// The tag to suggest for something that is not a language tag: a language
/// name (`english`, `Deutsch`, `français`, `日本語`) or a POSIX locale
/// (`en_US.UTF-8` -> `en-US`). `None` when nothing fits.
pub fn suggest_tag(value: &str) -> Option<String> {
    let v = value.trim();
    let lower = v.to_lowercase();
    if let Some((_, tag)) = NAMES.iter().find(|(n, _)| *n == lower) {
        return Some((*tag).to_string());
    }
    // `English (US)`, `english-uk`: the name before a qualifier.
    let head = lower
        .split(['(', ',', '-', '_'])
        .next()
        .unwrap_or("")
        .trim();
    if head != lower
        && let Some((_, tag)) = NAMES.iter().find(|(n, _)| *n == head)
    {
        return Some((*tag).to_string());
    }
    // A POSIX locale: `en_US.UTF-8`, `de_DE@euro`.
    let locale = v.split(['.', '@']).next().unwrap_or("");
    if locale != v || v.contains('_') {
        return super::language_tag(locale);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_print_and_read_back() {
        for s in [
            LanguageSource::FrontMatter,
            LanguageSource::HtmlLang,
            LanguageSource::OgLocale,
            LanguageSource::ContentLanguage,
            LanguageSource::JsonLd,
            LanguageSource::Book,
            LanguageSource::Detected { confidence: 97 },
            LanguageSource::Undetermined(Undetermined::TooShort { letters: 12 }),
            LanguageSource::Undetermined(Undetermined::LowConfidence {
                guess: "sv".into(),
                confidence: 31,
            }),
        ] {
            let text = s.to_string();
            assert_eq!(LanguageSource::try_from(text.clone()), Ok(s), "{text}");
        }
        assert_eq!(
            LanguageSource::Detected { confidence: 97 }.to_string(),
            "detected(97%)"
        );
        assert!(LanguageSource::try_from("guessed".to_string()).is_err());
        assert!(LanguageSource::HtmlLang.is_declared());
        assert!(!LanguageSource::Detected { confidence: 90 }.is_declared());
    }

    #[test]
    fn right_to_left_languages_and_scripts() {
        for t in [
            "ar",
            "ar-EG",
            "he",
            "iw",
            "fa-IR",
            "ur",
            "yi",
            "az-Arab",
            "pa-Arab-PK",
        ] {
            assert!(is_rtl(t), "{t}");
        }
        for t in [
            "en", "de", "ja", "zh-Hant", "az", "az-Latn", "arn", "her", "",
        ] {
            assert!(!is_rtl(t), "{t}");
        }
        assert_eq!(direction("he"), "rtl");
        assert_eq!(direction("ru"), "ltr");
    }

    #[test]
    fn names_and_locales_suggest_tags() {
        for (v, want) in [
            ("english", "en"),
            ("English", "en"),
            ("Deutsch", "de"),
            ("français", "fr"),
            ("日本語", "ja"),
            ("Русский", "ru"),
            ("English (US)", "en"),
            ("en_US", "en-US"),
            ("de_DE.UTF-8", "de-DE"),
            ("pt_BR@latin", "pt-BR"),
        ] {
            assert_eq!(suggest_tag(v).as_deref(), Some(want), "{v}");
        }
        assert_eq!(suggest_tag("klingon please"), None);
        assert_eq!(suggest_tag("en"), None);
    }
}
