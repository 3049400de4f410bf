//! The records of `galley batch`: an input line parsed into an article, and
//! the output record (or error record) made of it.

use crate::model::{Date, Meta};
use crate::read::Format;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One input article, as a JSON Lines record states it.
#[derive(Debug, Clone)]
pub struct InputRecord {
    /// The record's `id`, as given (a string or a number); `None` when absent.
    pub id: Option<Value>,
    /// The article as bytes (UTF-8 from a JSON record; a file's own bytes
    /// with `--from DIR`, decoded by its reader).
    pub body: Vec<u8>,
    /// `text` (scraped text), `markdown` or `html`.
    pub format: Format,
    /// What the record states besides the body (`title`, `url`, `authors`,
    /// `date`, `language`, `source`).
    pub stated: Meta,
}

/// A line that did not give an article: `{"id"?, "line", "error"}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorRecord {
    /// The record's id, when the line was JSON with an `id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    /// For a briefing manifest's line: the reader, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reader: Option<String>,
    /// 1-based line number in the input (or position in `--from DIR`).
    pub line: u64,
    /// What is wrong, in one line.
    pub error: String,
}

/// The report part of an output record.
#[derive(Debug, Clone, Serialize)]
pub struct RecordReport {
    /// Blocks the normalizer removed.
    pub removed: usize,
    /// Blocks it flagged (kept, but worth a look).
    pub flagged: usize,
    /// Every finding, with `--findings`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub findings: Option<Vec<crate::normalize::Finding>>,
}

/// A converted article: `{"id", "meta", "markdown"?, "html"?, "txt"?,
/// "report"}` (with `--to-dir`, `"files"` instead of the texts).
#[derive(Debug, Clone, Serialize)]
pub struct OutputRecord {
    /// The input's id (`null` when it had none).
    pub id: Value,
    /// The clean document's metadata.
    pub meta: Meta,
    /// `--to md`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
    /// `--to html`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// `--to txt`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub txt: Option<String>,
    /// `--to-dir`: the files written, relative to the folder.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// Removed and flagged counts (and findings).
    pub report: RecordReport,
}

/// `authors` as a list or as one string.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Authors {
    One(String),
    Many(Vec<String>),
}

/// The fields galley reads; others are ignored (engines add their own).
#[derive(Debug, Deserialize)]
struct Fields {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    markdown: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    authors: Option<Authors>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

/// How [`parse_line`] treats a record with several body fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    /// Exactly one of `text`, `markdown`, `html` (a `galley batch` input).
    One,
    /// `markdown`, else `text`, else `html` (a store: `galley batch` output
    /// records carry `markdown` and may carry `html` and `txt` too).
    PreferMarkdown,
}

/// The text of an id for messages and file names: a string as it is, a
/// number as written.
pub fn id_text(id: &Value) -> Option<String> {
    match id {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Parses input line `line` (1-based) into an article, or the error record
/// that stands for it.
pub fn parse_line(bytes: &[u8], line: u64, bodies: Bodies) -> Result<InputRecord, ErrorRecord> {
    let err = |id: Option<Value>, error: String| ErrorRecord {
        id,
        reader: None,
        line,
        error,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        err(
            None,
            format!(
                "line {line} is not UTF-8 (invalid byte at {}): binary data, or text in another encoding; JSON Lines are UTF-8",
                e.valid_up_to()
            ),
        )
    })?;
    if text.trim().is_empty() {
        return Err(err(
            None,
            format!("line {line} is empty; each line must be one JSON object"),
        ));
    }
    let value: Value = serde_json::from_str(text)
        .map_err(|e| err(None, format!("line {line} is not JSON: {e}")))?;
    let Value::Object(mut map) = value else {
        return Err(err(None, format!("line {line} is JSON but not an object")));
    };
    let id = map.remove("id").filter(|v| !v.is_null());
    if let Some(v) = &id
        && id_text(v).is_none()
    {
        return Err(err(
            id.clone(),
            format!("line {line}: \"id\" must be a string or a number"),
        ));
    }
    let fields: Fields = serde_json::from_value(Value::Object(map))
        .map_err(|e| err(id.clone(), format!("line {line}: {e}")))?;
    let mut given = [
        (fields.markdown, Format::Markdown, "markdown"),
        (fields.text, Format::Text, "text"),
        (fields.html, Format::Html, "html"),
    ]
    .into_iter()
    .filter_map(|(b, f, n)| b.map(|b| (b, f, n)))
    .collect::<Vec<_>>();
    if given.len() > 1 && bodies == Bodies::One {
        let names: Vec<&str> = given.iter().map(|g| g.2).collect();
        return Err(err(
            id,
            format!(
                "line {line} has {}; give exactly one of text, markdown, html",
                names.join(" and ")
            ),
        ));
    }
    if given.is_empty() {
        return Err(err(
            id,
            format!("line {line} has no article: give one of \"text\", \"markdown\", \"html\""),
        ));
    }
    let (body, format, name) = given.swap_remove(0);
    if body.trim().is_empty() {
        return Err(err(id, format!("line {line}: \"{name}\" is empty")));
    }
    if body.contains('\0') {
        return Err(err(
            id,
            format!("line {line}: \"{name}\" holds NUL characters: binary data, not an article"),
        ));
    }
    let authors = match fields.authors {
        Some(Authors::One(a)) if !a.trim().is_empty() => vec![a.trim().to_string()],
        Some(Authors::Many(list)) => list
            .into_iter()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect(),
        _ => Vec::new(),
    };
    let stated = Meta {
        title: fields.title,
        authors,
        source: fields.source,
        date: fields
            .date
            .filter(|d| !d.trim().is_empty())
            .map(|d| Date::parse(d.trim())),
        url: fields.url,
        language: fields.language,
        ..Meta::default()
    };
    Ok(InputRecord {
        id,
        body: body.into_bytes(),
        format,
        stated,
    })
}

/// Why `name` cannot be a file name in an output folder (a reader id, a
/// record id with `--to-dir`), or `None` when it can: not empty, at most
/// 200 bytes, no `/`, `\`, NUL or other control character, not `.`, `..` or
/// any name starting with `.` (hidden files, and galley's own `.galley*`).
pub fn unsafe_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("is empty");
    }
    if name.len() > 200 {
        return Some("is longer than 200 bytes");
    }
    if name.starts_with('.') {
        return Some("starts with `.` (`.`, `..` and hidden names are refused)");
    }
    if name.contains(['/', '\\']) {
        return Some("contains a path separator (`/` or `\\`)");
    }
    if name.chars().any(char::is_control) {
        return Some("contains a control character (NUL, newline, …)");
    }
    if name.trim() != name {
        return Some("starts or ends with a space");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &[u8]) -> Result<InputRecord, ErrorRecord> {
        parse_line(s, 7, Bodies::One)
    }

    #[test]
    fn a_record_states_its_metadata() {
        let r = parse(
            br#"{"id": "a1", "text": "Body", "title": "T", "authors": "Ana Lima", "date": "2025-03-14", "language": "pt", "extra": 1}"#,
        )
        .unwrap();
        assert_eq!(r.id, Some(Value::from("a1")));
        assert_eq!(r.format, Format::Text);
        assert_eq!(r.stated.title.as_deref(), Some("T"));
        assert_eq!(r.stated.authors, ["Ana Lima"]);
        assert_eq!(r.stated.language.as_deref(), Some("pt"));
        assert_eq!(r.stated.date.as_ref().map(Date::text), Some("2025-03-14"));
        let r = parse(br#"{"id": 12, "html": "<p>x</p>", "authors": ["A", " ", "B"]}"#).unwrap();
        assert_eq!(
            (r.format, r.stated.authors),
            (Format::Html, vec!["A".into(), "B".into()])
        );
    }

    #[test]
    fn bad_lines_are_error_records_with_the_id_when_known() {
        let cases: [(&[u8], Option<Value>, &str); 9] = [
            (b"\xff\xfe\x00binary", None, "not UTF-8"),
            (b"   ", None, "is empty"),
            (b"{\"id\": 1, \"text\": ", None, "not JSON"),
            (b"[1, 2]", None, "not an object"),
            (br#"{"id": "x"}"#, Some("x".into()), "no article"),
            (
                br#"{"id": "x", "text": "  \n"}"#,
                Some("x".into()),
                "\"text\" is empty",
            ),
            (
                br#"{"id": "x", "text": "a", "html": "b"}"#,
                Some("x".into()),
                "exactly one",
            ),
            (
                br#"{"id": "x", "text": 5}"#,
                Some("x".into()),
                "invalid type",
            ),
            (
                br#"{"id": "x", "text": "a\u0000b"}"#,
                Some("x".into()),
                "NUL",
            ),
        ];
        for (line, id, says) in cases {
            let e = parse(line).unwrap_err();
            assert_eq!(e.id, id, "{e:?}");
            assert_eq!(e.line, 7);
            assert!(
                e.error.contains(says),
                "{:?}: {}",
                String::from_utf8_lossy(line),
                e.error
            );
        }
        let e = parse(br#"{"id": {"a": 1}, "text": "x"}"#).unwrap_err();
        assert!(e.error.contains("string or a number"), "{}", e.error);
    }

    #[test]
    fn a_store_record_prefers_its_markdown() {
        let line = br##"{"id": "a", "markdown": "# T\n\nBody", "html": "<p>Body</p>"}"##;
        assert!(parse(line).is_err());
        let r = parse_line(line, 1, Bodies::PreferMarkdown).unwrap();
        assert_eq!(r.format, Format::Markdown);
    }

    #[test]
    fn names_that_are_not_plain_file_names_are_refused() {
        for bad in [
            "",
            ".",
            "..",
            "../x",
            "a/b",
            "a\\b",
            "a\0b",
            ".galley.lock",
            "a\nb",
            " a",
            &"x".repeat(201),
        ] {
            assert!(unsafe_name(bad).is_some(), "{bad:?}");
        }
        for good in ["alice", "reader-0042", "Zoë Ames", "a.b", "李"] {
            assert_eq!(unsafe_name(good), None, "{good:?}");
        }
    }
}
