//! Characters no font has: recorded per article while shaping, reported as
//! one warning per article and kind (letters of scripts; symbols), never
//! one per character.

use crate::model::Article;
use std::collections::BTreeMap;
use unicode_script::{Script, UnicodeScript};

/// (article index, `None` for the cover, contents and running heads;
/// character) -> how many shaped words had it (words are cached, so this
/// is not the number of occurrences).
pub type Missing = BTreeMap<(Option<usize>, char), usize>;

/// Adds `more` to `into`.
pub fn merge(into: &mut Missing, more: Missing) {
    for (k, n) in more {
        *into.entry(k).or_insert(0) += n;
    }
}

/// The warnings for `missing`: per article (named by its input file), one
/// line for the letters of the scripts no font has (each script named with
/// its Unicode name and how many different characters; occurrences are not
/// counted, as shaped words are cached) and one for symbols and emoji, each with
/// examples and the fix. Characters of the cover, contents and running
/// heads are reported only when no article reported them.
/// `system_fonts`: whether system fonts were looked at.
pub fn warnings(missing: &Missing, articles: &[&Article], system_fonts: bool) -> Vec<String> {
    // label -> (script or None for symbols) -> char -> count
    type Group = BTreeMap<Option<&'static str>, BTreeMap<char, usize>>;
    let mut groups: BTreeMap<Option<usize>, Group> = BTreeMap::new();
    let in_articles: std::collections::BTreeSet<char> = missing
        .keys()
        .filter(|(a, _)| a.is_some())
        .map(|(_, c)| *c)
        .collect();
    for (&(article, c), &n) in missing {
        if article.is_none() && in_articles.contains(&c) {
            continue;
        }
        let script = match c.script() {
            Script::Common | Script::Inherited | Script::Unknown => None,
            s => Some(s.full_name()),
        };
        *groups
            .entry(article)
            .or_default()
            .entry(script)
            .or_default()
            .entry(c)
            .or_insert(0) += n;
    }
    let mut out = Vec::new();
    // Articles in book order, then the book's own pages.
    let order = groups
        .keys()
        .filter(|k| k.is_some())
        .chain(groups.keys().filter(|k| k.is_none()));
    for key in order {
        let label = match key {
            Some(i) => articles
                .get(*i)
                .map(|a| {
                    if a.source_path.is_empty() {
                        a.id.clone()
                    } else {
                        a.source_path.clone()
                    }
                })
                .unwrap_or_else(|| format!("article {}", i + 1)),
            None => "the cover, contents and running heads".to_string(),
        };
        let group = &groups[key];
        let letters: Vec<(&str, &BTreeMap<char, usize>)> = group
            .iter()
            .filter_map(|(s, m)| s.map(|s| (s, m)))
            .collect();
        if !letters.is_empty() {
            out.push(letters_warning(&label, &letters, system_fonts));
        }
        if let Some(sym) = group.get(&None) {
            out.push(symbols_warning(&label, sym, system_fonts));
        }
    }
    out
}

/// Up to `n` characters, most frequent first.
fn examples(m: &BTreeMap<char, usize>, n: usize) -> Vec<char> {
    let mut v: Vec<(char, usize)> = m.iter().map(|(c, n)| (*c, *n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter().take(n).map(|(c, _)| c).collect()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn fix(package: Option<&str>, system_fonts: bool) -> String {
    let user = "or name font files that have them in book.toml: [output.pdf] fonts = [\"...\"]";
    match (system_fonts, package) {
        (true, Some(p)) => format!("install Noto fonts (apt install {p}) {user}"),
        (true, None) => format!("install a font that has them {user}"),
        (false, _) => format!(
            "system fonts are off ([output.pdf] system-fonts = false): turn them on, {user}"
        ),
    }
}

fn letters_warning(label: &str, scripts: &[(&str, &BTreeMap<char, usize>)], sys: bool) -> String {
    let n: usize = scripts.iter().map(|(_, m)| m.len()).sum();
    let names: Vec<String> = match scripts {
        [(s, _)] => vec![s.to_string()],
        _ => scripts
            .iter()
            .map(|(s, m)| format!("{s} ({})", m.len()))
            .collect(),
    };
    let mut ex: Vec<char> = Vec::new();
    for (_, m) in scripts {
        ex.extend(examples(m, if scripts.len() == 1 { 6 } else { 3 }));
    }
    let cjk = scripts
        .iter()
        .any(|(s, _)| matches!(*s, "Han" | "Hiragana" | "Katakana" | "Hangul" | "Bopomofo"));
    let other = scripts
        .iter()
        .any(|(s, _)| !matches!(*s, "Han" | "Hiragana" | "Katakana" | "Hangul" | "Bopomofo"));
    let package = match (cjk, other) {
        (true, true) => "fonts-noto-cjk fonts-noto-core",
        (true, false) => "fonts-noto-cjk",
        _ => "fonts-noto-core",
    };
    format!(
        "{label}: the PDF fonts have no glyphs for {} of the {} script{} (e.g. {}); they show as boxes: {}",
        plural(n, "character", "different characters"),
        join(&names),
        if scripts.len() == 1 { "" } else { "s" },
        ex.iter().collect::<String>(),
        fix(Some(package), sys)
    )
}

fn symbols_warning(label: &str, m: &BTreeMap<char, usize>, sys: bool) -> String {
    let ex: Vec<String> = examples(m, 5)
        .into_iter()
        .map(|c| format!("{c} U+{:04X}", c as u32))
        .collect();
    let emoji = m.keys().any(|c| is_emoji(*c));
    let mut fix = fix(Some("fonts-noto-core"), sys);
    if emoji {
        fix.push_str(
            "; colour emoji fonts (Noto Color Emoji) cannot be embedded: emoji need an outline font such as Noto Emoji",
        );
    }
    format!(
        "{label}: the PDF fonts have no glyphs for {} ({}); they show as boxes: {fix}",
        plural(m.len(), "symbol", "different symbols"),
        ex.join(", "),
    )
}

/// Pictographs and the other emoji blocks.
fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF)
}

fn join(v: &[String]) -> String {
    match v {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    #[test]
    fn one_warning_per_article_and_kind() {
        let a = Article::new("tokyo", "news/tokyo.txt", Document::default());
        let b = Article::new("seoul", "news/seoul.md", Document::default());
        let mut m = Missing::new();
        for (c, n) in [('東', 40), ('京', 30), ('の', 12), ('−', 2)] {
            m.insert((Some(0), c), n);
        }
        for (c, n) in [('서', 5), ('울', 5), ('😀', 1)] {
            m.insert((Some(1), c), n);
        }
        // The title again in a running head: already reported.
        m.insert((None, '東'), 3);
        let w = warnings(&m, &[&a, &b], true);
        for l in &w {
            println!("{l}");
        }
        assert_eq!(w.len(), 4, "{w:#?}");
        assert!(w[0].starts_with("news/tokyo.txt: "), "{}", w[0]);
        assert!(w[0].contains("3 different characters of the Han (2) and Hiragana (1) scripts"));
        assert!(w[0].contains("apt install fonts-noto-cjk"));
        assert!(w[0].contains("[output.pdf] fonts"));
        assert!(w[1].contains("1 symbol (− U+2212)"), "{}", w[1]);
        assert!(
            w[2].starts_with("news/seoul.md: ")
                && w[2].contains("2 different characters of the Hangul script")
        );
        assert!(w[3].contains("😀 U+1F600") && w[3].contains("Noto Emoji"));
    }

    #[test]
    fn cover_characters_only_when_no_article_has_them() {
        let mut m = Missing::new();
        m.insert((None, 'ก'), 4);
        let w = warnings(&m, &[], false);
        assert_eq!(w.len(), 1);
        assert!(w[0].starts_with("the cover, contents and running heads: "));
        assert!(w[0].contains("1 character of the Thai script"));
        assert!(w[0].contains("system-fonts = false"));
    }
}
