//! A speed pass before the HTML5 parser: the contents of `<script>` (all but
//! JSON-LD) and `<style>` elements are half the bytes of a typical news page
//! and never article text, so they are cut out before html5ever tokenizes
//! them character by character. Only the newlines are kept, so source line
//! numbers stay right.
//!
//! This is a small tokenizer that follows the HTML raw-text rules (comments,
//! quoted attribute values, RCDATA and raw-text elements, `</script` ends);
//! it never decides what is content. Where a script has the escaped-script
//! quirks (`<!--` inside it) it stops and leaves the rest to html5ever.

use std::borrow::Cow;

fn is_sep(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/')
}

/// Case-insensitive search for the end tag `</name` followed by a separator
/// or `>`; returns the index of its `<`.
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while i < b.len() {
        let p = memchr::memchr(b'<', &b[i..])? + i;
        let after = p + 2 + name.len();
        if b.get(p + 1) == Some(&b'/')
            && after <= b.len()
            && b[p + 2..after].eq_ignore_ascii_case(name)
            && b.get(after).is_none_or(|&c| is_sep(c) || c == b'>')
        {
            return Some(p);
        }
        i = p + 1;
    }
    None
}

/// Skips a start tag's attributes from `i`; returns (index after `>`, whether
/// a `type` attribute says JSON-LD).
fn skip_attrs(b: &[u8], mut i: usize) -> (usize, bool) {
    let mut json = false;
    loop {
        while i < b.len() && is_sep(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            return (b.len(), json);
        }
        if b[i] == b'>' {
            return (i + 1, json);
        }
        let s = i;
        while i < b.len() && !is_sep(b[i]) && b[i] != b'=' && b[i] != b'>' {
            i += 1;
        }
        if i == s {
            i += 1;
        }
        let name = &b[s..i];
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
            i += 1;
        }
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                i += 1;
            }
            let vs;
            let ve;
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                vs = i + 1;
                ve = memchr::memchr(q, &b[vs..]).map_or(b.len(), |p| p + vs);
                i = (ve + 1).min(b.len());
            } else {
                vs = i;
                while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>')
                {
                    i += 1;
                }
                ve = i;
            }
            if name.eq_ignore_ascii_case(b"type") {
                let v = String::from_utf8_lossy(&b[vs..ve]).to_ascii_lowercase();
                json = v.contains("json");
            }
        }
    }
}

/// Elements whose end tag is optional or that have none: not counted for depth.
const UNCOUNTED: &[&[u8]] = &[
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"option",
    b"optgroup",
    b"tr",
    b"td",
    b"th",
    b"tbody",
    b"thead",
    b"tfoot",
    b"colgroup",
    b"rb",
    b"rt",
    b"rp",
    b"rtc",
    b"html",
    b"head",
    b"body",
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"source",
    b"track",
    b"wbr",
    b"param",
    b"keygen",
    b"frame",
    b"image",
];

/// Elements nested deeper than this are unwrapped before parsing: the HTML5
/// tree builder scans its stack of open elements for every tag, so hostile
/// nesting (100,000 levels) would cost quadratic time. Real pages stay far
/// below it.
pub const MAX_DEPTH: usize = 512;

struct Out<'a> {
    text: &'a str,
    out: Option<String>,
    copied: usize,
}

impl Out<'_> {
    /// Replaces `text[a..b]` with just its newlines.
    fn cut(&mut self, a: usize, b: usize) {
        if a >= b {
            return;
        }
        let text = self.text;
        let o = self
            .out
            .get_or_insert_with(|| String::with_capacity(text.len() / 2));
        o.push_str(&text[self.copied..a]);
        o.extend(
            text.as_bytes()[a..b]
                .iter()
                .filter(|&&c| c == b'\n')
                .map(|_| '\n'),
        );
        self.copied = b;
    }
}

/// The page with script and style contents cut and hostile nesting unwrapped
/// (newlines kept).
pub fn elide(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let mut out = Out {
        text,
        out: None,
        copied: 0,
    };
    let mut depth = 0usize;
    let mut excess = 0usize;
    let mut i = 0;
    while i < b.len() {
        let Some(p) = memchr::memchr(b'<', &b[i..]) else {
            break;
        };
        i += p;
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            match find_sub(b, i + 4, b"-->") {
                Some(k) => i = k + 3,
                None => break,
            }
            continue;
        }
        if rest.starts_with(b"</") && rest.get(2).is_some_and(u8::is_ascii_alphabetic) {
            let ns = i + 2;
            let mut ne = ns;
            while ne < b.len() && !is_sep(b[ne]) && b[ne] != b'>' {
                ne += 1;
            }
            let end = memchr::memchr(b'>', &b[ne..]).map_or(b.len(), |k| ne + k + 1);
            let mut buf = [0u8; 16];
            let name = lower(&b[ns..ne], &mut buf);
            if !UNCOUNTED.contains(&name) {
                if excess > 0 {
                    excess -= 1;
                    out.cut(i, end);
                } else {
                    depth = depth.saturating_sub(1);
                }
            }
            i = end;
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") || rest.starts_with(b"</") {
            match memchr::memchr(b'>', &b[i..]) {
                Some(k) => i += k + 1,
                None => break,
            }
            continue;
        }
        if !rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let ns = i + 1;
        let mut ne = ns;
        while ne < b.len() && !is_sep(b[ne]) && b[ne] != b'>' {
            ne += 1;
        }
        let mut buf = [0u8; 16];
        let name = lower(&b[ns..ne], &mut buf);
        let (after, json) = skip_attrs(b, ne);
        let self_closing = after >= 2 && b[after - 2] == b'/';
        let tag_start = i;
        i = after;
        match name {
            b"script" | b"style" => {
                let Some(end) = find_end_tag(b, after, name) else {
                    break;
                };
                let content = &b[after..end];
                // Escaped-script states (`<!--` inside a script) are left to
                // html5ever untouched.
                let escaped = name == b"script" && find_sub(content, 0, b"<!--").is_some();
                if !(escaped || name == b"script" && json) {
                    out.cut(after, end);
                }
                i = end;
            }
            b"textarea" | b"title" | b"xmp" | b"iframe" | b"noembed" | b"noframes"
            | b"noscript" => match find_end_tag(b, after, name) {
                Some(end) => i = end,
                None => break,
            },
            b"plaintext" => break,
            // Inline SVG (icons, charts) is never article text and costs the
            // tree builder thousands of elements: cut its contents.
            b"svg" if !self_closing => {
                if let Some(end) = find_end_tag(b, after, b"svg") {
                    out.cut(after, end);
                    i = end;
                }
                depth += 1; // its end tag is counted
            }
            n if !self_closing && !UNCOUNTED.contains(&n) => {
                if depth >= MAX_DEPTH {
                    excess += 1;
                    out.cut(tag_start, after);
                } else {
                    depth += 1;
                }
            }
            _ => {}
        }
    }
    match out.out {
        None => Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(&text[out.copied..]);
            Cow::Owned(o)
        }
    }
}

/// `name` lower-cased into `buf` (names longer than the buffer are returned
/// as they are: no tag galley cares about is that long).
fn lower<'a>(name: &'a [u8], buf: &'a mut [u8; 16]) -> &'a [u8] {
    if name.len() > buf.len() {
        return name;
    }
    let out = &mut buf[..name.len()];
    out.copy_from_slice(name);
    out.make_ascii_lowercase();
    out
}

/// First index of `pat` in `b` at or after `from`.
pub(crate) fn find_sub(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    if from >= b.len() {
        return None;
    }
    memchr::memmem::find(&b[from..], pat).map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn scripts_and_styles_are_cut_lines_kept() {
        let s = "<p>a</p><script>\nvar x = '<p>no</p>';\n</script><style>p{}</style><p>b</p>";
        assert_eq!(
            elide(s),
            "<p>a</p><script>\n\n</script><style></style><p>b</p>"
        );
    }
    #[test]
    fn json_ld_and_tricky_cases_are_kept() {
        let s = r#"<script type="application/ld+json">{"a":1}</script>"#;
        assert_eq!(elide(s), s);
        // A script tag inside a comment, an attribute or a title is not a script.
        let s = r#"<!-- <script>x</script> --><a title="<script>">t</a><title><script>y</title>"#;
        assert_eq!(elide(s), s);
        // Escaped script: left untouched.
        let s = "<script><!--<script>a</script>b--></script>";
        assert_eq!(elide(s), s);
        // `</scripts>` does not end a script.
        assert_eq!(
            elide("<script>a</scripts>b</script>c"),
            "<script></script>c"
        );
        // Unclosed: untouched.
        assert_eq!(elide("<script>abc"), "<script>abc");
    }
    #[test]
    fn svg_contents_are_cut() {
        let s = "<p>a</p><svg viewBox='0 0 1 1'><path d='M0'/>\n<title>icon</title></svg><p>b</p>";
        assert_eq!(elide(s), "<p>a</p><svg viewBox='0 0 1 1'>\n</svg><p>b</p>");
    }
    #[test]
    fn hostile_nesting_is_unwrapped() {
        let n = MAX_DEPTH + 10;
        let s = format!("{}x{}", "<div class=a>".repeat(n), "</div>".repeat(n));
        let e = elide(&s);
        assert_eq!(e.matches("<div").count(), MAX_DEPTH);
        assert_eq!(e.matches("</div>").count(), MAX_DEPTH);
        // Unclosed paragraphs and void elements do not count.
        let s = "<p>a".repeat(5000) + &"<br>".repeat(5000);
        assert_eq!(elide(&s), s);
    }
}
