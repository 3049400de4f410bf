//! YAML front matter: `---` at the very top, YAML, then `---` or `...`.

use crate::model::Meta;
use serde_yaml::Value;

/// Splits front matter off `text`. Returns the metadata (if any), the body,
/// and the number of lines the front matter took (to keep line numbers right).
pub fn split(text: &str) -> (Option<Meta>, &str, usize) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (None, text, 0);
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return match serde_yaml::from_str::<Value>(yaml) {
                Ok(v @ Value::Mapping(_)) => (Some(meta_from_yaml(&v)), body, i + 2),
                Ok(Value::Null) => (Some(Meta::default()), body, i + 2),
                // Not front matter after all (e.g. a thematic break): keep as body.
                _ => (None, text, 0),
            };
        }
        offset += line.len();
    }
    (None, text, 0)
}

/// Why a `---` block at the top is not read as front matter although it is
/// closed: its YAML does not parse (the block is then read as body text).
pub fn problem(text: &str) -> Option<String> {
    let rest = text.strip_prefix("---\n")?;
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return serde_yaml::from_str::<Value>(&rest[..offset])
                .err()
                .map(|e| {
                    let e = e.to_string();
                    let e = e.lines().next().unwrap_or("").trim();
                    format!(
                        "the front matter (lines 1-{}) is not valid YAML ({e}); it was read as body text",
                        i + 2
                    )
                });
        }
        offset += line.len();
    }
    None
}

fn string(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::Sequence(xs) => xs
            .iter()
            .filter_map(|x| match x {
                Value::Mapping(_) => x.get("name").and_then(string),
                _ => string(x),
            })
            .collect(),
        Value::Mapping(_) => v.get("name").and_then(string).into_iter().collect(),
        other => string(other).into_iter().collect(),
    }
}

/// A language tag as front matter writes it (`en`, `pt-BR`, `en_US`); a
/// language name is read as the tag it names (`English` as `en`, with a
/// warning from [`language_problem`]); `None` when it is neither (`en us<`):
/// the language is then detected as if none was given.
fn language(s: String) -> Option<String> {
    crate::model::language_tag(&s).or_else(|| crate::model::lang::suggest_tag(&s))
}

/// The front matter's `language` when it is not a BCP 47 tag: a warning
/// naming the tag it was read as (`language: English` -> `en`), or saying
/// it was ignored.
pub fn language_problem(text: &str) -> Option<String> {
    let (Some(_), _, _) = split(text) else {
        return None;
    };
    let rest = text.strip_prefix("---\n")?;
    let end = rest
        .split_inclusive('\n')
        .scan(0usize, |off, l| {
            let start = *off;
            *off += l.len();
            Some((start, l.trim_end()))
        })
        .find(|(_, l)| *l == "---" || *l == "...")
        .map(|(start, _)| start)?;
    let v: Value = serde_yaml::from_str(&rest[..end]).ok()?;
    let raw = ["language", "lang"]
        .iter()
        .find_map(|k| v.get(*k))
        .and_then(string)?;
    if crate::model::language_tag(&raw).is_some() {
        return None;
    }
    Some(match crate::model::lang::suggest_tag(&raw) {
        Some(tag) => format!(
            "front matter language {raw:?} is not a BCP 47 language tag; read as {tag:?} (write `language: {tag}`)"
        ),
        None => format!(
            "front matter language {raw:?} is not a BCP 47 language tag (like \"en\" or \"pt-BR\"); ignored, the language is detected from the text"
        ),
    })
}

/// Maps front matter keys (and common aliases) onto [`Meta`].
pub fn meta_from_yaml(v: &Value) -> Meta {
    let get = |keys: &[&str]| keys.iter().find_map(|k| v.get(*k));
    Meta {
        title: get(&["title", "headline"]).and_then(string),
        subtitle: get(&["subtitle", "dek", "standfirst", "description", "summary"])
            .and_then(string),
        authors: get(&["authors", "author", "byline"])
            .map(strings)
            .unwrap_or_default(),
        source: get(&["source", "publication", "publisher", "site"]).and_then(string),
        date: get(&["date", "published", "datePublished"])
            .and_then(string)
            .map(crate::model::Date::parse),
        dateline: get(&["dateline"]).and_then(string),
        // The URL policy of every format (`model::safe_url`): a
        // `javascript:` URL is dropped here, at the door.
        url: get(&["url", "link", "canonical"])
            .and_then(string)
            .filter(|u| crate::model::safe_url(u).is_some()),
        language: get(&["language", "lang"])
            .and_then(string)
            .and_then(language),
        language_source: get(&["language", "lang"])
            .and_then(string)
            .and_then(language)
            .map(|_| crate::model::LanguageSource::FrontMatter),
        tags: get(&["tags", "keywords"]).map(strings).unwrap_or_default(),
        credits: get(&["credits"]).and_then(string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn language_names_are_read_as_tags_with_a_warning() {
        let text = "---\ntitle: T\nlanguage: English\n---\nBody\n";
        let (m, _, _) = split(text);
        let m = m.unwrap();
        assert_eq!(m.language.as_deref(), Some("en"));
        assert_eq!(
            m.language_source,
            Some(crate::model::LanguageSource::FrontMatter)
        );
        let w = language_problem(text).unwrap();
        assert!(
            w.contains("\"English\"") && w.contains("language: en"),
            "{w}"
        );
        assert_eq!(language_problem("---\nlang: de\n---\nBody\n"), None);
        let w = language_problem("---\nlang: elvish\n---\nBody\n").unwrap();
        assert!(w.contains("ignored"), "{w}");
        assert_eq!(
            split("---\nlang: elvish\n---\nBody\n").0.unwrap().language,
            None
        );
    }

    #[test]
    fn broken_front_matter_is_named() {
        let p = problem("---\ntitle: \"unclosed\nauthors: [a\n---\nBody\n").unwrap();
        assert!(
            p.contains("lines 1-4") && p.contains("not valid YAML"),
            "{p}"
        );
        assert_eq!(problem("---\ntitle: T\n---\nBody\n"), None);
        assert_eq!(problem("No front matter\n"), None);
    }
    #[test]
    fn parses_front_matter_with_aliases() {
        let (m, body, lines) =
            split("---\ntitle: T\nauthor: A\nlang: fr\ntags: [x, y]\n---\nBody\n");
        let m = m.unwrap();
        assert_eq!(m.title.as_deref(), Some("T"));
        assert_eq!(m.authors, ["A"]);
        assert_eq!(m.language.as_deref(), Some("fr"));
        assert_eq!(m.tags, ["x", "y"]);
        assert_eq!(body, "Body\n");
        assert_eq!(lines, 6);
    }
    #[test]
    fn not_front_matter() {
        let (m, body, _) = split("---\n\nJust a rule\n");
        assert!(m.is_none());
        assert_eq!(body, "---\n\nJust a rule\n");
    }
}
