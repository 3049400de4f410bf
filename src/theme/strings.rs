//! The theme's user-visible words (`strings.toml`): one table per language,
//! `[en]` the fallback. [`Strings`] is the table for one document language,
//! every key filled: the theme's table for the exact tag (`pt-BR`), then its
//! primary language (`pt`), then the theme's `[en]`, then the built-in
//! `[en]`.

use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// Theme file holding the strings.
pub const STRINGS_FILE: &str = "strings.toml";

/// The built-in `strings.toml`.
const DEFAULT_STRINGS: &str = include_str!("../../themes/default/strings.toml");

type Tables = BTreeMap<String, BTreeMap<String, String>>;

/// The built-in tables, parsed once per process.
static BUILTIN: std::sync::LazyLock<std::result::Result<Tables, String>> =
    std::sync::LazyLock::new(|| parse(STRINGS_FILE, DEFAULT_STRINGS).map_err(|e| e.to_string()));

/// The tables a document in `lang` reads, later ones winning: `en`, then
/// each longer prefix of the tag (`zh`, `zh-Hant`, `zh-Hant-TW`). Chinese
/// of Taiwan, Hong Kong or Macao without a script subtag reads `zh-Hant`.
fn lookup_order(lang: &str) -> Vec<String> {
    let mut order = vec!["en".to_string()];
    let parts: Vec<&str> = lang.split(['-', '_']).filter(|p| !p.is_empty()).collect();
    let mut tag = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            tag.push('-');
        }
        tag.push_str(p);
        if i == 1
            && parts[0].eq_ignore_ascii_case("zh")
            && ["tw", "hk", "mo"].contains(&p.to_ascii_lowercase().as_str())
        {
            order.push("zh-Hant".into());
        }
        if !order.contains(&tag) {
            order.push(tag.clone());
        }
    }
    order
}

/// The user-visible strings for one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Strings {
    map: BTreeMap<String, String>,
}

fn parse(name: &str, text: &str) -> Result<Tables> {
    toml::from_str(text).map_err(|e| {
        Error::input(
            name,
            format!("not a table of language tables of strings: {e}"),
        )
    })
}

impl Strings {
    /// The strings for `lang` from a theme's `strings.toml` text (`None`:
    /// the built-in strings only).
    ///
    /// # Errors
    /// When the theme's file is not TOML tables of strings.
    pub fn load(theme_text: Option<&str>, lang: &str) -> Result<Self> {
        let builtin = match &*BUILTIN {
            Ok(t) => t,
            Err(e) => return Err(Error::input(STRINGS_FILE, e.clone())),
        };
        let theme = match theme_text {
            Some(t) => parse(STRINGS_FILE, t)?,
            None => Tables::new(),
        };
        let mut map = BTreeMap::new();
        for l in lookup_order(lang) {
            for tables in [builtin, &theme] {
                if let Some(t) = tables.get(&l) {
                    map.extend(t.clone());
                }
            }
        }
        Ok(Strings { map })
    }

    /// Several names as one phrase in this language: `A`, `A and B`,
    /// `A, B and C` (`names_and`, `names_separator`); `None` for none.
    pub fn names(&self, names: &[&str]) -> Option<String> {
        let (last, rest) = names.split_last()?;
        if rest.is_empty() {
            return Some((*last).to_string());
        }
        let head = rest.join(self.get("names_separator"));
        Some(self.fill("names_and", &[("a", &head), ("b", last)]))
    }

    /// The byline for `names`: `by` with `{names}` filled in when it has the
    /// placeholder (`{names} 기자`), else `by` and the names (`By Jane Roe`).
    pub fn byline(&self, names: &str) -> String {
        let (before, after) = self.by_parts();
        format!("{before}{names}{after}")
    }

    /// The text before and after the names in a byline (`("By ", "")`,
    /// `("", " 기자")`, `("文・", "")`).
    pub fn by_parts(&self) -> (String, String) {
        let by = self.get("by");
        match by.split_once("{names}") {
            Some((b, a)) => (b.to_string(), a.to_string()),
            None if by.is_empty() => (String::new(), String::new()),
            None => (format!("{by} "), String::new()),
        }
    }

    /// The built-in English strings.
    pub fn builtin() -> Self {
        Strings::load(None, "en").unwrap_or_default()
    }

    /// The string `key` (the key itself when no table has it).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map_or(key, String::as_str)
    }

    /// The string `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.get(key).to_string();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn language_then_primary_then_english() {
        let theme = "[pt]\ncontents = \"Sumário\"\n[pt-BR]\nby = \"Por\"\n";
        let s = Strings::load(Some(theme), "pt-BR").unwrap();
        assert_eq!(s.get("contents"), "Sumário");
        assert_eq!(s.get("by"), "Por");
        assert_eq!(s.get("in_this_issue"), "Nesta edição");
        // A key the language leaves out comes from `[en]`.
        assert_eq!(s.get("digits"), "latn");
        let x = Strings::load(Some(theme), "x-test").unwrap();
        assert_eq!(x.get("in_this_issue"), "In this issue");
        let en = Strings::load(Some(theme), "en").unwrap();
        assert_eq!(en.get("contents"), "Contents");
        assert_eq!(
            en.fill(
                "articles_in_sections",
                &[("articles", "3 articles"), ("sections", "2")]
            ),
            "3 articles in 2 sections"
        );
        assert!(Strings::load(Some("contents = 1"), "en").is_err());
    }

    #[test]
    fn every_language_table_translates_every_key() {
        let Ok(tables) = &*BUILTIN else {
            panic!("built-in strings.toml does not parse");
        };
        let en = &tables["en"];
        // Keys a language may leave to `[en]` (they are not words).
        let optional = ["digits", "names_separator"];
        for lang in [
            "fr", "de", "es", "it", "pt", "nl", "sv", "pl", "cs", "ru", "uk", "tr", "ar", "he",
            "fa", "hi", "zh", "zh-Hant", "ja", "ko", "id", "vi",
        ] {
            let t = &tables[lang];
            for k in en.keys().filter(|k| !optional.contains(&k.as_str())) {
                assert!(t.contains_key(k), "[{lang}] lacks {k}");
            }
            for k in t.keys() {
                assert!(en.contains_key(k), "[{lang}] has {k}, which [en] lacks");
            }
        }
        assert_eq!(
            Strings::load(None, "fr").unwrap().get("contents"),
            "Sommaire"
        );
        assert_eq!(
            Strings::load(None, "ja-JP").unwrap().get("contents"),
            "目次"
        );
        assert_eq!(Strings::load(None, "zh").unwrap().get("contents"), "目录");
        assert_eq!(
            Strings::load(None, "zh-Hant").unwrap().get("contents"),
            "目錄"
        );
        assert_eq!(
            Strings::load(None, "zh-TW").unwrap().get("contents"),
            "目錄"
        );
        assert_eq!(
            Strings::load(None, "ar-EG").unwrap().get("contents"),
            "المحتويات"
        );
    }

    #[test]
    fn bylines_put_names_where_the_language_does() {
        let en = Strings::builtin();
        assert_eq!(en.byline("Jane Roe"), "By Jane Roe");
        assert_eq!(en.names(&["A", "B", "C"]).as_deref(), Some("A, B and C"));
        assert_eq!(en.names(&[]), None);
        let ko = Strings::load(None, "ko").unwrap();
        assert_eq!(ko.byline("홍길동"), "홍길동 기자");
        let ja = Strings::load(None, "ja").unwrap();
        assert_eq!(ja.byline("山田太郎"), "文・山田太郎");
        assert_eq!(ja.names(&["山田", "田中"]).as_deref(), Some("山田、田中"));
        let ar = Strings::load(None, "ar").unwrap();
        assert_eq!(ar.names(&["أحمد", "سارة"]).as_deref(), Some("أحمد وسارة"));
        // A theme's plain `by` (the form before `{names}`) keeps working.
        let pt = Strings::load(Some("[pt]\nby = \"Texto de\"\n"), "pt").unwrap();
        assert_eq!(pt.byline("Ana Lima"), "Texto de Ana Lima");
        assert_eq!(
            lookup_order("zh-Hant-TW"),
            ["en", "zh", "zh-Hant", "zh-Hant-TW"]
        );
    }
}
