//! The cover: an SVG drawn from the title, subtitle and date, or a cover
//! image checked for its type and for active content.

use super::chapters::page;
use super::{esc, xml_clean};
use crate::error::{Error, Result};
use crate::model::Date;
use crate::theme::Strings;
use std::path::Path;

/// Word-wraps `s` into lines of at most `width` characters (long words alone).
pub(super) fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for w in s.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + w.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

pub(super) fn limit_lines(mut lines: Vec<String>, max: usize) -> Vec<String> {
    if lines.len() > max {
        lines.truncate(max);
        if let Some(l) = lines.last_mut() {
            l.push('…');
        }
    }
    lines
}

/// A generated SVG cover: title, subtitle and date (in the language of
/// `strings`, the book's) on the theme's colours.
pub fn cover_svg(
    title: &str,
    subtitle: Option<&str>,
    date: Option<&Date>,
    strings: &Strings,
) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"1200\" height=\"1800\" viewBox=\"0 0 1200 1800\">\n",
    );
    s.push_str(&format!("<title>{}</title>\n", esc(title)));
    s.push_str(
        "<rect width=\"1200\" height=\"1800\" fill=\"#1d2b3a\"/>\n\
<rect x=\"60\" y=\"60\" width=\"1080\" height=\"1680\" fill=\"none\" stroke=\"#d9b44a\" stroke-width=\"6\"/>\n\
<rect x=\"60\" y=\"1380\" width=\"1080\" height=\"8\" fill=\"#d9b44a\"/>\n",
    );
    let title_lines = limit_lines(wrap(title, 18), 6);
    let mut y = 360;
    for l in &title_lines {
        s.push_str(&format!(
            "<text x=\"600\" y=\"{y}\" font-family=\"Georgia, 'DejaVu Serif', serif\" font-size=\"104\" font-weight=\"bold\" fill=\"#ffffff\" text-anchor=\"middle\">{}</text>\n",
            esc(l)
        ));
        y += 128;
    }
    if let Some(sub) = subtitle.filter(|s| !s.trim().is_empty()) {
        y += 40;
        for l in limit_lines(wrap(sub, 32), 4) {
            s.push_str(&format!(
                "<text x=\"600\" y=\"{y}\" font-family=\"Georgia, 'DejaVu Serif', serif\" font-size=\"60\" font-style=\"italic\" fill=\"#e8dcc0\" text-anchor=\"middle\">{}</text>\n",
                esc(&l)
            ));
            y += 78;
        }
    }
    if let Some(date) = date.filter(|d| !d.is_blank()) {
        s.push_str(&format!(
            "<text x=\"600\" y=\"1520\" font-family=\"Helvetica, Arial, 'DejaVu Sans', sans-serif\" font-size=\"54\" letter-spacing=\"4\" fill=\"#ffffff\" text-anchor=\"middle\">{}</text>\n",
            esc(&crate::render::dates::display(date, strings))
        ));
    }
    s.push_str("</svg>\n");
    s
}

/// The cover page: the cover image (`images/cover.EXT`) with its text
/// alternative from the theme's strings.
pub(super) fn cover_page(
    lang: &str,
    title: &str,
    subtitle: Option<&str>,
    ext: &str,
    strings: &Strings,
) -> String {
    let alt = match subtitle {
        Some(s) => strings.fill("cover_alt_subtitle", &[("title", title), ("subtitle", s)]),
        None => strings.fill("cover_alt", &[("title", title)]),
    };
    xml_clean(&page(
        lang,
        title,
        "cover",
        &format!(
            "<section epub:type=\"cover\" class=\"cover\">\n<img src=\"images/cover.{ext}\" alt=\"{}\"/>\n</section>\n",
            esc(&alt)
        ),
    ))
    .into_owned()
}

/// Media type of a cover image by its extension.
pub(super) fn image_type(path: &Path) -> Option<(&'static str, &'static str)> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "jpg" | "jpeg" => ("image/jpeg", "jpg"),
        "png" => ("image/png", "png"),
        "gif" => ("image/gif", "gif"),
        "svg" => ("image/svg+xml", "svg"),
        "webp" => ("image/webp", "webp"),
        _ => return None,
    })
}

/// Checks a cover image file: it exists, is a supported type, and its bytes
/// look like that type. Returns the bytes and (media type, extension).
pub fn load_cover(path: &Path) -> Result<(Vec<u8>, &'static str, &'static str)> {
    let (mime, ext) = image_type(path).ok_or_else(|| {
        Error::input(
            path,
            "cover must be a .jpg, .png, .gif, .svg or .webp image",
        )
    })?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let ok = match ext {
        "jpg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "gif" => bytes.starts_with(b"GIF8"),
        "webp" => bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        _ => std::str::from_utf8(&bytes).is_ok_and(|t| t.contains("<svg")),
    };
    if !ok {
        return Err(Error::input(path, format!("is not a valid {mime} image")));
    }
    if ext == "svg"
        && let Some(what) = std::str::from_utf8(&bytes)
            .ok()
            .and_then(svg_active_content)
    {
        return Err(Error::input(
            path,
            format!(
                "the SVG cover contains {what}; galley refuses SVG covers with scripts, \
                 event handlers (on...=), javascript: URLs, entity declarations or embedded \
                 documents (foreignObject, iframe, embed, object) instead of sanitising \
                 them: remove it, or use a JPEG or PNG cover"
            ),
        ));
    }
    Ok((bytes, mime, ext))
}

/// The first active (scriptable) thing in an SVG document, named for the
/// user, or `None` when it is plain drawing. Elements and attributes are
/// matched in any case and with any namespace prefix; character references
/// are decoded before URLs are looked at, so `&#106;avascript:` is caught.
pub(super) fn svg_active_content(svg: &str) -> Option<String> {
    const ELEMENTS: [&str; 7] = [
        "script",
        "foreignobject",
        "iframe",
        "embed",
        "object",
        "handler",
        "listener",
    ];
    // `data:` images stay allowed (drawing programs embed PNGs so), but not
    // documents or SVG, which could carry scripts of their own.
    const SCHEMES: [&str; 5] = [
        "javascript:",
        "vbscript:",
        "data:text/",
        "data:application/",
        "data:image/svg",
    ];
    let lower = svg.to_lowercase();
    if lower.contains("<!entity") || lower.contains("<?xml-stylesheet") {
        return Some("an entity declaration or a style sheet instruction".into());
    }
    // Every tag: `<name attr=...>`, comments skipped.
    let mut rest = lower.as_str();
    while let Some(k) = rest.find('<') {
        rest = &rest[k + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .collect();
        let local = name.rsplit(':').next().unwrap_or("");
        if ELEMENTS.contains(&local) {
            return Some(format!("a <{name}> element"));
        }
        // Event handler attributes: `onload=`, `onclick =`, ...
        let bytes = tag.as_bytes();
        for (i, _) in tag.match_indices("on") {
            let starts_attr = i > 0
                && matches!(
                    bytes[i - 1],
                    b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'"' | b'\'' | b':'
                );
            let tail = &tag[i + 2..];
            let letters = tail.bytes().take_while(u8::is_ascii_alphabetic).count();
            if starts_attr && letters > 0 && tail[letters..].trim_start().starts_with('=') {
                return Some(format!(
                    "an event handler attribute (on{}=)",
                    &tail[..letters]
                ));
            }
        }
    }
    let decoded: String = decode_char_refs(&lower)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_lowercase();
    SCHEMES
        .iter()
        .find(|s| decoded.contains(*s))
        .map(|s| format!("a {s} URL"))
}

/// `&#106;` and `&#x6A;` decoded (other text unchanged).
pub(super) fn decode_char_refs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find("&#") {
        out.push_str(&rest[..k]);
        let after = &rest[k + 2..];
        let (hex, digits) = match after.strip_prefix(['x', 'X']) {
            Some(h) => (true, h),
            None => (false, after),
        };
        let n = digits
            .bytes()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        let code = u32::from_str_radix(&digits[..n], if hex { 16 } else { 10 })
            .ok()
            .and_then(char::from_u32);
        match code {
            Some(c) if n > 0 => {
                out.push(c);
                let used = &digits[n..];
                rest = used.strip_prefix(';').unwrap_or(used);
            }
            _ => {
                out.push_str("&#");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
