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

/// A file-name slug: transliterated to ASCII with deunicode (`Łódź` ->
/// `lodz`, `Straße` -> `strasse`, `Москва` -> `moskva`, Greek, Arabic and
/// CJK romanized), lowercase letters and digits, runs of anything else one
/// `-`, at most 60 bytes. `article` when nothing is left; see [`slug`] to
/// fall back to something better.
pub fn slugify(s: &str) -> String {
    let s = ascii_slug(s);
    if s.is_empty() { "article".into() } else { s }
}

/// Like [`slugify`], but `None` when the slug would be empty or only digits
/// and dashes (a title of punctuation, emoji, or a bare number), so the
/// caller can fall back (to the input file's name).
pub fn slug(s: &str) -> Option<String> {
    let out = ascii_slug(s);
    out.bytes().any(|b| b.is_ascii_alphabetic()).then_some(out)
}

/// The slug of `s`, possibly empty.
fn ascii_slug(s: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(s, "-");
    // An apostrophe (also what deunicode makes of a soft sign, `ь`) joins:
    // `Mother's` -> `mothers`, `готується` -> `gotuietsia`.
    let ascii = ascii.replace(['\'', '`'], "");
    let mut out = String::with_capacity(ascii.len().min(64));
    let mut dash = false;
    for c in ascii.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            if out.len() >= 60 {
                break;
            }
            out.push(c);
            dash = false;
        } else if !dash && !out.is_empty() {
            if out.len() >= 60 {
                break;
            }
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
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
        assert_eq!(slugify("Łódź"), "lodz");
        assert_eq!(slugify("Straße"), "strasse");
        assert_eq!(slugify("Москва"), "moskva");
        assert_eq!(
            slugify("Київ готується до зими"),
            "kiyiv-gotuietsia-do-zimi"
        );
        assert_eq!(slugify("Αθήνα"), "athena");
        assert_eq!(slug("2025"), None);
        assert_eq!(slug("— · —"), None);
        assert_eq!(slug("***"), None);
        for t in [
            "القاهرة تستعد للصيف",
            "東京の新しい駅",
            "서울 지하철",
            "北京新闻",
        ] {
            let s = slug(t).unwrap_or_default();
            assert!(!s.is_empty() && s.is_ascii(), "{t}: {s:?}");
        }
        let long = "Ünïcödé ".repeat(40);
        assert!(slugify(&long).len() <= 60);
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
