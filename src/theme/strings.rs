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
        let builtin = parse(STRINGS_FILE, DEFAULT_STRINGS)?;
        let theme = match theme_text {
            Some(t) => parse(STRINGS_FILE, t)?,
            None => Tables::new(),
        };
        let primary = lang.split(['-', '_']).next().unwrap_or("");
        let mut order: Vec<&str> = vec!["en"];
        for l in [primary, lang] {
            if !l.is_empty() && !order.contains(&l) {
                order.push(l);
            }
        }
        let mut map = BTreeMap::new();
        for tables in [&builtin, &theme] {
            if let Some(t) = tables.get("en") {
                map.extend(t.clone());
            }
        }
        for l in &order[1..] {
            for tables in [&builtin, &theme] {
                if let Some(t) = tables.get(*l) {
                    map.extend(t.clone());
                }
            }
        }
        Ok(Strings { map })
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
        assert_eq!(s.get("in_this_issue"), "In this issue");
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
}
