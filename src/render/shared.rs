//! Helpers shared by backends.

/// Escapes text for HTML/XHTML element content and attribute values.
pub fn escape_html(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// `escape_html` into a new string.
pub fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_html(s, &mut out);
    out
}

/// True for code points HTML forbids in a document (the Nu checker's
/// "forbidden code point"): C0 controls but tab and line feed, DEL and C1
/// controls, and Unicode noncharacters (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF).
pub fn forbidden_in_html(c: char) -> bool {
    let n = c as u32;
    (c.is_control() && !matches!(c, '\t' | '\n'))
        || (0xFDD0..=0xFDEF).contains(&n)
        || (n & 0xFFFE) == 0xFFFE
}

/// `s` without the code points [`forbidden_in_html`] names (borrowed when
/// there are none, the common case).
pub fn html_clean(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(forbidden_in_html) {
        std::borrow::Cow::Owned(s.chars().filter(|c| !forbidden_in_html(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A URL (already passed by [`crate::model::safe_url`]) as an `href` or
/// `src` may carry it: spaces, controls, `"<>\\^`{|}`, a second `#`, a `%`
/// not starting an escape, `[`/`]` outside the host and forbidden code
/// points are percent-encoded; other characters (non-ASCII included, as
/// IRIs allow) are kept. `None` when the host itself holds such a character
/// (there is no valid way to write it).
pub fn href(url: &str) -> Option<String> {
    let url = url.trim();
    // `scheme://authority`: the authority runs to the first `/`, `?` or `#`.
    let authority_end = url.find("://").and_then(|k| {
        let scheme = &url[..k];
        let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        is_scheme.then(|| {
            let start = k + 3;
            start
                + url[start..]
                    .find(['/', '?', '#'])
                    .unwrap_or(url.len() - start)
        })
    });
    let needs_escape = |c: char| {
        c.is_whitespace()
            || forbidden_in_html(c)
            || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
    };
    if let Some(end) = authority_end
        && url[..end]
            .chars()
            .skip(url.find("://").unwrap_or(0) + 3)
            .any(|c| needs_escape(c) || c == '%')
    {
        return None;
    }
    let mut out = String::with_capacity(url.len() + 8);
    let mut seen_hash = false;
    let bytes = url.as_bytes();
    for (i, c) in url.char_indices() {
        let in_authority = authority_end.is_some_and(|e| i < e);
        let escape = match c {
            '%' => {
                !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            }
            '#' if seen_hash => true,
            '#' => {
                seen_hash = true;
                false
            }
            '[' | ']' => !in_authority,
            c => needs_escape(c),
        };
        if escape {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// A file-name and anchor-safe slug: lowercase ASCII letters, digits and
/// dashes, at most 60 characters; `article` when nothing is left.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars().flat_map(|c| c.to_lowercase()) {
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
        if out.len() >= 60 {
            break;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "article".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn slugs() {
        assert_eq!(
            slugify("US and Israeli officials: Rafah!"),
            "us-and-israeli-officials-rafah"
        );
        assert_eq!(slugify("***"), "article");
        assert_eq!(slugify("Café élan"), "cafe-elan");
    }
    #[test]
    fn href_percent_encodes_what_urls_may_not_hold() {
        assert_eq!(
            href("https://a.example/x<y>?q=a b#f#g").as_deref(),
            Some("https://a.example/x%3Cy%3E?q=a%20b#f%23g")
        );
        assert_eq!(
            href("page 100%.html").as_deref(),
            Some("page%20100%25.html")
        );
        assert_eq!(href("/a%20b[1]").as_deref(), Some("/a%20b%5B1%5D"));
        assert_eq!(
            href("http://[::1]:8080/x").as_deref(),
            Some("http://[::1]:8080/x")
        );
        assert_eq!(
            href("HTTPS://example.com/x").as_deref(),
            Some("HTTPS://example.com/x")
        );
        assert_eq!(
            href("https://café.example/é").as_deref(),
            Some("https://café.example/é")
        );
        assert_eq!(href("\u{1}x\u{FFFE}").as_deref(), Some("%01x%EF%BF%BE"));
        assert_eq!(href("http://a<b.example/"), None);
    }
    #[test]
    fn html_clean_drops_forbidden_code_points() {
        assert_eq!(
            html_clean("a\u{1}b\u{FFFE}c\u{FFFF}d\u{7F}\u{85}e\u{FDD0}\u{1FFFF}\tf\ng"),
            "abcde\tf\ng"
        );
        assert!(matches!(
            html_clean("plain é"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
    #[test]
    fn escapes() {
        assert_eq!(
            escaped("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
