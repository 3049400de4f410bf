//! GFM's extended autolinks: a bare `https://…`, `http://…` or `www.…` in
//! text becomes a link (pulldown-cmark reads only the `<https://…>` form).
//! Trailing punctuation (`?`, `!`, `.`, `,`, `:`, `*`, `_`, `~`) and an
//! unbalanced closing parenthesis stay outside the link, as in GFM.

use crate::model::{Inline, safe_url};

/// `text` as text and links.
pub(super) fn split(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some((start, end)) = next_url(rest) {
        let url = &rest[start..end];
        let href = if url.starts_with("www.") {
            format!("http://{url}")
        } else {
            url.to_string()
        };
        if safe_url(&href).is_none() {
            break;
        }
        if start > 0 {
            out.push(Inline::text(&rest[..start]));
        }
        out.push(Inline::Link {
            url: href,
            content: vec![Inline::text(url)],
        });
        rest = &rest[end..];
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(Inline::text(rest));
    }
    out
}

/// Byte range of the first URL in `s`.
fn next_url(s: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while from < s.len() {
        let hay = &s[from..];
        let at = ["https://", "http://", "www."]
            .iter()
            .filter_map(|p| hay.find(p).map(|i| (i, p.len())))
            .min()?;
        let start = from + at.0;
        // A URL starts a word: after a space, an opening bracket or quote.
        let boundary = s[..start]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "([{\"'*_~".contains(c));
        let end = start + url_len(&s[start..]);
        if boundary && end > start + at.1 && has_domain(&s[start + at.1..end]) {
            return Some((start, end));
        }
        from = start + at.1;
    }
    None
}

/// Length of the URL that starts `s`, trailing punctuation left out.
fn url_len(s: &str) -> usize {
    let mut end = s
        .find(|c: char| c.is_whitespace() || c == '<')
        .unwrap_or(s.len());
    loop {
        let u = &s[..end];
        match u.chars().next_back() {
            Some(c @ ('.' | ',' | ':' | '!' | '?' | '*' | '_' | '~')) => end -= c.len_utf8(),
            Some(')') if u.matches('(').count() < u.matches(')').count() => end -= 1,
            _ => return end,
        }
    }
}

/// A domain with a dot and no empty label right after the scheme.
fn has_domain(after_scheme: &str) -> bool {
    let host = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
    host.contains('.') && !host.starts_with('.') && host.chars().any(|c| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(s: &str) -> Vec<String> {
        split(s)
            .into_iter()
            .filter_map(|i| match i {
                Inline::Link { url, .. } => Some(url),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn bare_urls_become_links_without_trailing_punctuation() {
        assert_eq!(
            links("See https://example.org/a_b. Then (www.example.com/x)."),
            ["https://example.org/a_b", "http://www.example.com/x"]
        );
        assert_eq!(
            links("the wiki https://en.example.org/Foo_(bar), ok"),
            ["https://en.example.org/Foo_(bar)"]
        );
        assert!(links("no url here, nor http:// alone, nor xhttps://a.b").is_empty());
        let parts = split("at https://a.example now");
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[2], Inline::text(" now"));
    }
}
