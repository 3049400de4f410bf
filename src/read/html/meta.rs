//! Page metadata from every signal a page offers: JSON-LD (`NewsArticle`,
//! `Article`, ... incl. `@graph`), Open Graph and Twitter cards, `<meta
//! name=author>`, Dublin Core, `article:published_time`, `<time>`,
//! `<link rel=canonical>`, `<html lang>`, `<title>` and `<h1>`. For each
//! field the best signal wins; where each value came from is kept.

use super::dom::{Dom, NodeKind, collapse_ws};
use serde_json::Value;

/// One candidate value of a field.
#[derive(Debug, Clone)]
pub struct Signal {
    /// Field name: title, subtitle, authors, source, date, url, language.
    pub field: &'static str,
    /// Where it came from: `json-ld:headline`, `og:title`, `<title>`...
    pub source: String,
    /// Rank: lower wins.
    pub rank: u8,
    /// Source line.
    pub line: usize,
    /// The value.
    pub value: String,
}

/// Everything found.
#[derive(Debug, Default)]
pub struct Found {
    /// All candidate signals.
    pub signals: Vec<Signal>,
    /// `<base href>`.
    pub base: Option<String>,
    /// JSON-LD `articleBody`, when given.
    pub article_body: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "AnalysisNewsArticle",
    "AskPublicNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "DiscussionForumPosting",
    "SocialMediaPosting",
    "Report",
    "SatiricalArticle",
    "ScholarlyArticle",
    "MedicalScholarlyArticle",
    "TechArticle",
    "AdvertiserContentArticle",
    "Review",
];

fn is_article(v: &Value) -> bool {
    match v.get("@type") {
        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
        Some(Value::Array(a)) => a
            .iter()
            .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
        _ => false,
    }
}

fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(collapse_ws(&decode_entities(s))).filter(|s| !s.is_empty()),
        Value::Object(o) => o.get("name").and_then(str_of),
        Value::Array(a) => a.iter().find_map(str_of),
        _ => None,
    }
}

/// JSON-LD strings sometimes carry HTML entities (`Council&#8217;s`,
/// `&ldquo;plan&rdquo;`): decoded once, by the whole HTML5 table.
fn decode_entities(s: &str) -> String {
    html_escape::decode_html_entities(s).into_owned()
}

fn names(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().filter_map(str_of).collect(),
        other => str_of(other).into_iter().collect(),
    }
}

fn looks_like_url(s: &str) -> bool {
    let l = s.trim_start().to_ascii_lowercase();
    l.starts_with("http://")
        || l.starts_with("https://")
        || l.starts_with("//")
        || l.starts_with('/')
}

/// Collects every metadata signal in the page.
pub fn collect(dom: &Dom) -> Found {
    let mut f = Found::default();
    let push = |f: &mut Found,
                field: &'static str,
                source: String,
                rank: u8,
                line: usize,
                value: String| {
        let value = collapse_ws(&value);
        if !value.is_empty() && value.chars().count() <= 2000 {
            f.signals.push(Signal {
                field,
                source,
                rank,
                line,
                value,
            });
        }
    };
    let mut seen_h1 = false;
    for i in 0..dom.len() as u32 {
        if !matches!(dom.nodes[i as usize].kind, NodeKind::Element(_)) {
            continue;
        }
        let Some(e) = dom.element(i) else { continue };
        let line = dom.line(i);
        match dom.tag(i) {
            "html" => {
                if let Some(l) = e.attr("lang").or_else(|| e.attr("xml:lang")) {
                    push(
                        &mut f,
                        "language",
                        "<html lang>".into(),
                        10,
                        line,
                        l.to_string(),
                    );
                }
            }
            "title" => {
                let t = dom.collapsed_text(i, 500);
                push(&mut f, "title", "<title>".into(), 60, line, clean_title(&t));
            }
            "base" => {
                if f.base.is_none() {
                    f.base = e.attr("href").map(str::to_string);
                }
            }
            "link" => {
                let rel = e.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical")
                    && let Some(h) = e.attr("href")
                {
                    push(
                        &mut f,
                        "url",
                        "link:canonical".into(),
                        10,
                        line,
                        h.to_string(),
                    );
                }
            }
            "meta" => {
                let key = e
                    .attr("property")
                    .or_else(|| e.attr("name"))
                    .or_else(|| e.attr("itemprop"))
                    .or_else(|| e.attr("http-equiv"))
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                let Some(content) = e.attr("content") else {
                    continue;
                };
                let content = content.to_string();
                let (field, rank) = match key.as_str() {
                    "dc.title" | "dcterm:title" | "dc:title" => ("title", 20),
                    "og:title" => ("title", 21),
                    "twitter:title" => ("title", 23),
                    "parsely-title" | "sailthru.title" => ("title", 24),
                    "headline" => ("title", 22),
                    "og:description" => ("subtitle", 20),
                    "description" => ("subtitle", 22),
                    "twitter:description" => ("subtitle", 23),
                    "dc.description" => ("subtitle", 21),
                    "author" | "dc.creator" | "dc:creator" | "dcterm:creator"
                    | "parsely-author" | "sailthru.author" | "article:author" | "byl"
                    | "citation_author" => {
                        if looks_like_url(&content) {
                            continue;
                        }
                        let rank = match key.as_str() {
                            "dc.creator" | "dc:creator" | "dcterm:creator" => 20,
                            "author" => 21,
                            "parsely-author" | "sailthru.author" => 22,
                            "byl" => 23,
                            _ => 24,
                        };
                        ("authors", rank)
                    }
                    "og:site_name" => ("source", 20),
                    "application-name" | "apple-mobile-web-app-title" => ("source", 30),
                    "twitter:site" => ("source", 40),
                    "article:published_time" => ("date", 20),
                    "datepublished"
                    | "pubdate"
                    | "publishdate"
                    | "publish-date"
                    | "date"
                    | "dc.date"
                    | "dc.date.issued"
                    | "dcterms.created"
                    | "parsely-pub-date"
                    | "sailthru.date"
                    | "og:published_time"
                    | "citation_publication_date" => ("date", 22),
                    "og:url" => ("url", 20),
                    "content-language" | "language" | "dc.language" => ("language", 20),
                    "og:locale" => ("language", 30),
                    _ => continue,
                };
                push(&mut f, field, key.clone(), rank, line, content);
            }
            "script" => {
                let ty = e.attr("type").unwrap_or("").to_ascii_lowercase();
                if ty.contains("ld+json") {
                    let raw = dom.raw_text(i, 4 << 20);
                    jsonld(&mut f, &raw, line);
                }
            }
            "time" => {
                if let Some(d) = e.attr("datetime") {
                    let pubdate = e.attr("pubdate").is_some()
                        || e.attr("itemprop")
                            .is_some_and(|p| p.contains("datePublished"));
                    push(
                        &mut f,
                        "date",
                        "<time>".into(),
                        if pubdate { 30 } else { 40 },
                        line,
                        d.to_string(),
                    );
                }
            }
            "h1" if !seen_h1 => {
                seen_h1 = true;
                let t = dom.collapsed_text(i, 500);
                push(&mut f, "title", "<h1>".into(), 70, line, t);
            }
            _ => {
                if let Some(p) = e.attr("itemprop") {
                    let (field, rank) = match p {
                        "headline" => ("title", 30),
                        "datePublished" => ("date", 25),
                        _ => continue,
                    };
                    let v = e
                        .attr("content")
                        .or_else(|| e.attr("datetime"))
                        .map(str::to_string);
                    let v = v.unwrap_or_else(|| dom.collapsed_text(i, 500));
                    push(&mut f, field, format!("itemprop:{p}"), rank, line, v);
                }
            }
        }
    }
    f
}

fn jsonld(f: &mut Found, raw: &str, line: usize) {
    let raw = raw
        .trim()
        .trim_start_matches("<![CDATA[")
        .trim_end_matches("]]>")
        .trim();
    let Ok(v) = serde_json::from_str::<Value>(raw) else {
        return;
    };
    // Flatten arrays and @graph iteratively.
    let mut stack = vec![&v];
    let mut objects = Vec::new();
    while let Some(x) = stack.pop() {
        match x {
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                objects.push(x);
            }
            _ => {}
        }
        if objects.len() > 256 {
            break;
        }
    }
    let Some(a) = objects.into_iter().find(|o| is_article(o)) else {
        return;
    };
    let mut push = |field: &'static str, key: &str, value: String| {
        let value = collapse_ws(&value);
        if !value.is_empty() && value.chars().count() <= 2000 {
            f.signals.push(Signal {
                field,
                source: format!("json-ld:{key}"),
                rank: 10,
                line,
                value,
            });
        }
    };
    if let Some(t) = a
        .get("headline")
        .and_then(str_of)
        .or_else(|| a.get("name").and_then(str_of))
    {
        push("title", "headline", t);
    }
    if let Some(d) = a.get("description").and_then(str_of) {
        push("subtitle", "description", d);
    }
    if let Some(au) = a.get("author").or_else(|| a.get("creator")) {
        let ns: Vec<String> = names(au)
            .into_iter()
            .filter(|n| !looks_like_url(n))
            .collect();
        if !ns.is_empty() {
            push("authors", "author", ns.join(", "));
        }
    }
    if let Some(d) = a
        .get("datePublished")
        .or_else(|| a.get("dateCreated"))
        .and_then(str_of)
    {
        push("date", "datePublished", d);
    }
    if let Some(p) = a
        .get("publisher")
        .and_then(|p| p.get("name"))
        .and_then(str_of)
    {
        push("source", "publisher", p);
    }
    if let Some(u) = a.get("url").and_then(Value::as_str) {
        push("url", "url", u.to_string());
    }
    if let Some(l) = a.get("inLanguage").and_then(str_of) {
        push("language", "inLanguage", l);
    }
    if let Some(b) = a.get("articleBody").and_then(Value::as_str)
        && f.article_body.is_none()
    {
        f.article_body = Some(b.to_string());
    }
}

/// The `<title>` without a site name: `Headline | Site` -> `Headline`.
pub fn clean_title(t: &str) -> String {
    let t = t.trim();
    for sep in [" | ", " – ", " — ", " - ", " :: ", " / ", " » ", " · "] {
        if let Some(pos) = t.rfind(sep) {
            let head = t[..pos].trim();
            if head.split_whitespace().count() >= 3 {
                return head.to_string();
            }
            // `Site | Headline`: the headline is the longer part after it.
            let first = t.find(sep).unwrap_or(pos);
            let tail = t[first + sep.len()..].trim();
            if tail.split_whitespace().count() >= 3 {
                return tail.to_string();
            }
        }
    }
    t.to_string()
}

/// Splits a byline string into author names.
pub fn split_authors(s: &str) -> Vec<String> {
    let s = collapse_ws(s);
    let mut t = s.as_str();
    for p in [
        "By ", "by ", "BY ", "Par ", "par ", "Von ", "von ", "Por ", "por ",
    ] {
        if let Some(r) = t.strip_prefix(p) {
            t = r;
            break;
        }
    }
    let mut out: Vec<String> = Vec::new();
    for part in t.split([',', ';', '|', '&', '\u{3001}']) {
        for p in part.split(" and ") {
            let p = p.trim().trim_end_matches('.').trim();
            if !p.is_empty() && p.chars().any(char::is_alphabetic) && !out.iter().any(|o| o == p) {
                out.push(p.to_string());
            }
        }
    }
    out
}

/// The provenance of a declared language from the signal that gave it.
pub fn language_source(signal: &str) -> crate::model::LanguageSource {
    use crate::model::LanguageSource as L;
    match signal {
        "<html lang>" => L::HtmlLang,
        "og:locale" => L::OgLocale,
        "json-ld:inLanguage" => L::JsonLd,
        _ => L::ContentLanguage,
    }
}

/// `en_US` -> `en-US`.
pub fn norm_lang(l: &str) -> String {
    l.trim().replace('_', "-")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn titles_and_authors() {
        assert_eq!(
            clean_title("Harbour council votes on ferry | The Harbour Post"),
            "Harbour council votes on ferry"
        );
        assert_eq!(
            clean_title("Harbour Post - Council votes on the ferry plan"),
            "Council votes on the ferry plan"
        );
        assert_eq!(
            split_authors("By Ana Lima and Tom Berg"),
            ["Ana Lima", "Tom Berg"]
        );
        assert_eq!(
            split_authors("Ana Lima, Tom Berg"),
            ["Ana Lima", "Tom Berg"]
        );
    }
    #[test]
    fn jsonld_graph() {
        let page = r#"<html lang="en_GB"><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},{"@type":["NewsArticle"],"headline":"Ferry plan approved","author":[{"@type":"Person","name":"Ana Lima"},{"name":"Tom Berg"}],"datePublished":"2024-04-02","publisher":{"name":"Harbour Post"}}]}</script></head><body></body></html>"#;
        let dom = Dom::parse(page);
        let f = collect(&dom);
        let get = |field: &str| {
            f.signals
                .iter()
                .find(|s| s.field == field)
                .map(|s| s.value.clone())
        };
        assert_eq!(get("title").as_deref(), Some("Ferry plan approved"));
        assert_eq!(get("authors").as_deref(), Some("Ana Lima, Tom Berg"));
        assert_eq!(get("source").as_deref(), Some("Harbour Post"));
        assert_eq!(get("date").as_deref(), Some("2024-04-02"));
    }
    #[test]
    fn jsonld_entities_are_decoded_by_the_html5_table() {
        assert_eq!(
            decode_entities("Council&#8217;s &ldquo;plan&rdquo; &amp; more"),
            "Council\u{2019}s \u{201c}plan\u{201d} & more"
        );
        assert_eq!(
            decode_entities("Caf&eacute; &#x2014; &lt;b&gt; &nbsp;x &amp;amp; &bogus; a & b"),
            "Caf\u{e9} \u{2014} <b> \u{a0}x &amp; &bogus; a & b"
        );
        let page = r#"<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Council&#8217;s &ldquo;plan&rdquo; &amp; more","author":{"name":"Ana Lima &amp; Tom Berg"}}</script></head><body></body></html>"#;
        let f = collect(&Dom::parse(page));
        let get = |field: &str| {
            f.signals
                .iter()
                .find(|s| s.field == field)
                .map(|s| s.value.clone())
        };
        assert_eq!(
            get("title").as_deref(),
            Some("Council\u{2019}s \u{201c}plan\u{201d} & more")
        );
    }
}
