//! A speed pass before the HTML5 parser. html5ever tokenizes character by
//! character, so bytes that can never be article text are cut out first:
//!
//! - `<script>` (all but JSON-LD) and `<style>` elements, whole, and the
//!   contents of inline `<svg>`: half the bytes of a typical news page;
//! - `<link>` tags other than the canonical one;
//! - the markup of `<nav>` and `<aside>`, which extraction always drops:
//!   their text stays (so `galley check` still reports what was dropped),
//!   and so do the elements metadata is read from (`<meta>`, `<time>`,
//!   `<h1>`, `itemprop`, JSON-LD);
//! - attributes nothing reads: event handlers (`on*`), `data-*` (except the
//!   lazy-image sources), `aria-*` (except `aria-hidden`) and `style` unless
//!   it hides the element;
//! - indentation between tags (a quarter of the remaining bytes), outside
//!   `<pre>`: a whitespace run there renders as one space.
//!
//! Only the newlines of what is cut are kept, so source line numbers stay
//! right.
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

/// Whether a start tag's attribute can be cut: nothing in galley reads it.
fn unread_attr(name: &[u8], value: &[u8]) -> bool {
    let starts = |p: &[u8]| name.len() > p.len() && name[..p.len()].eq_ignore_ascii_case(p);
    if starts(b"on") {
        return true;
    }
    if starts(b"data-") {
        // Lazy-loaded images keep their real source here (see build.rs).
        let rest = &name[5..];
        return ![
            &b"src"[..],
            b"lazy-src",
            b"original",
            b"url",
            b"hi-res-src",
            b"srcset",
        ]
        .iter()
        .any(|k| rest.eq_ignore_ascii_case(k));
    }
    if starts(b"aria-") {
        return !name[5..].eq_ignore_ascii_case(b"hidden");
    }
    if name.eq_ignore_ascii_case(b"style") {
        // Kept only when it may hide the element (`display:none`,
        // `visibility:hidden`) or aligns a table cell (`text-align`).
        let has = |w: &[u8]| value.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w));
        return !(has(b"none") || has(b"hidden") || has(b"text-align"));
    }
    false
}

/// What [`skip_attrs`] saw of a start tag.
struct Tag {
    /// The index after its `>`.
    after: usize,
    /// A `type` attribute says JSON-LD.
    json: bool,
    /// It has an `itemprop` attribute (a metadata signal).
    itemprop: bool,
    /// A `rel` attribute says `canonical`.
    canonical: bool,
}

/// Skips a start tag's attributes from `i`. With `strip`, attributes nothing
/// reads are cut from `out`.
fn skip_attrs(b: &[u8], mut i: usize, mut strip: Option<&mut Out>) -> Tag {
    let mut json = false;
    let mut itemprop = false;
    let mut canonical = false;
    loop {
        while i < b.len() && is_sep(b[i]) {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return Tag {
                after: (i + 1).min(b.len()),
                json,
                itemprop,
                canonical,
            };
        }
        let s = i;
        while i < b.len() && !is_sep(b[i]) && b[i] != b'=' && b[i] != b'>' {
            i += 1;
        }
        if i == s {
            i += 1;
        }
        let name = &b[s..i];
        let mut value: &[u8] = &[];
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
            value = &b[vs..ve];
            itemprop |= name.eq_ignore_ascii_case(b"itemprop");
            canonical |= name.eq_ignore_ascii_case(b"rel")
                && value
                    .windows(9)
                    .any(|w| w.eq_ignore_ascii_case(b"canonical"));
            if name.eq_ignore_ascii_case(b"type") {
                let v = String::from_utf8_lossy(value).to_ascii_lowercase();
                json = v.contains("json");
            }
        }
        if let Some(out) = strip.as_deref_mut()
            && i < b.len()
            && unread_attr(name, value)
        {
            out.cut(s, i);
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
    /// Replaces `text[a..b]` with `keep` and then the newlines of the part
    /// cut. A part already cut is not cut twice.
    fn replace(&mut self, a: usize, b: usize, keep: &str) {
        let a = a.max(self.copied);
        if a >= b {
            return;
        }
        let text = self.text;
        let o = self
            .out
            .get_or_insert_with(|| String::with_capacity(text.len() / 2));
        o.push_str(&text[self.copied..a]);
        o.push_str(keep);
        let cut = &text.as_bytes()[a..b];
        let mut at = 0;
        while let Some(k) = memchr::memchr(b'\n', &cut[at..]) {
            o.push('\n');
            at += k + 1;
        }
        self.copied = b;
    }

    /// Replaces `text[a..b]` with just its newlines.
    fn cut(&mut self, a: usize, b: usize) {
        self.replace(a, b, "");
    }
}

/// Elements extraction always drops whose markup is cut before parsing.
const SUMMARISED: &[&[u8]] = &[b"nav", b"aside"];

/// Elements inside a cut `<nav>` or `<aside>` that are kept with their
/// markup, because metadata is read from them anywhere in the page.
const SIGNALS: &[&[u8]] = &[b"meta", b"link", b"time", b"h1"];

/// A `<nav>` or `<aside>` whose markup is being cut (its text stays, so the
/// report still shows what was dropped): its name, how many elements of
/// the same name are open inside it, and the signal elements kept open.
struct Summarised {
    name: &'static [u8],
    nested: usize,
    kept: Vec<Vec<u8>>,
}

/// The index after the end tag `</name ...>` that starts at `from`, or the
/// end of the input.
fn after_end_tag(b: &[u8], from: usize) -> usize {
    memchr::memchr(b'>', &b[from..]).map_or(b.len(), |k| from + k + 1)
}

/// The page with script, style and svg contents cut, the markup of nav and
/// aside cut (their text kept), unread attributes cut and hostile nesting
/// unwrapped (newlines kept).
pub fn elide(text: &str) -> Cow<'_, str> {
    let mut e = Elider {
        b: text.as_bytes(),
        out: Out {
            text,
            out: None,
            copied: 0,
        },
        depth: 0,
        excess: 0,
        inside: None,
        pre: 0,
        seen_h1: false,
        next_h1: None,
        next_aside_end: None,
    };
    e.run();
    let out = e.out;
    match out.out {
        None => Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(&text[out.copied..]);
            Cow::Owned(o)
        }
    }
}

/// One [`elide`] pass over a page: the output so far and the open
/// elements it tracks.
struct Elider<'a> {
    b: &'a [u8],
    out: Out<'a>,
    /// Open elements counted for depth (at most [`MAX_DEPTH`]).
    depth: usize,
    /// Open elements past [`MAX_DEPTH`], unwrapped: their end tags are cut
    /// too.
    excess: usize,
    /// The `<nav>` or `<aside>` whose markup is being cut.
    inside: Option<Summarised>,
    /// Open `<pre>`/`<listing>` elements: whitespace inside them is text.
    pre: usize,
    /// An `<h1>` start tag has been seen.
    seen_h1: bool,
    /// The next `<h1` and `</aside` in the input at or after the last place
    /// looked from (`None`: not looked yet; `Some(None)`: there is none).
    /// The scan only moves forward, so each is searched for once per
    /// occurrence.
    next_h1: Option<Option<usize>>,
    next_aside_end: Option<Option<usize>>,
}

/// The next `pat` in `b` at or after `from`, through `cache` (`from` only
/// grows between calls).
fn next_from(
    cache: &mut Option<Option<usize>>,
    b: &[u8],
    pat: &[u8],
    from: usize,
) -> Option<usize> {
    match *cache {
        Some(Some(p)) if p >= from => Some(p),
        Some(None) => None,
        _ => {
            let found = find_sub(b, from, pat);
            *cache = Some(found);
            found
        }
    }
}

impl Elider<'_> {
    /// Tag by tag to the end of the page, or to where the rest is left to
    /// html5ever.
    fn run(&mut self) {
        let b = self.b;
        let mut i = 0;
        while i < b.len() {
            let Some(p) = memchr::memchr(b'<', &b[i..]) else {
                break;
            };
            self.indentation(i, p);
            match self.markup(i + p) {
                Some(next) => i = next,
                None => break,
            }
        }
    }

    /// Indentation between tags is a quarter of a page's bytes: a run of
    /// whitespace there (`p` bytes from `i`) renders as one space, so it
    /// becomes its newlines (line numbers stay right) or one space.
    fn indentation(&mut self, i: usize, p: usize) {
        if p >= 2 && self.pre == 0 {
            let run = &self.b[i..i + p];
            if run.iter().all(u8::is_ascii_whitespace) {
                if run.contains(&b'\n') {
                    if run.iter().any(|&c| c != b'\n') {
                        self.out.cut(i, i + p);
                    }
                } else {
                    self.out.replace(i, i + p, " ");
                }
            }
        }
    }

    /// The markup that starts at `i` (a `<`): comment, end tag, doctype or
    /// processing instruction, start tag, or a plain `<`. Returns where to
    /// go on, or `None` to stop.
    fn markup(&mut self, i: usize) -> Option<usize> {
        let b = self.b;
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            return find_sub(b, i + 4, b"-->").map(|k| k + 3);
        }
        if rest.starts_with(b"</") && rest.get(2).is_some_and(u8::is_ascii_alphabetic) {
            return Some(self.end_tag(i));
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") || rest.starts_with(b"</") {
            return memchr::memchr(b'>', &b[i..]).map(|k| i + k + 1);
        }
        if !rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
            return Some(i + 1);
        }
        let ns = i + 1;
        let mut ne = ns;
        while ne < b.len() && !is_sep(b[ne]) && b[ne] != b'>' {
            ne += 1;
        }
        let mut buf = [0u8; 16];
        let name = lower(&b[ns..ne], &mut buf);
        if self.inside.is_some() {
            self.start_tag_summarised(i, ne, name)
        } else {
            self.start_tag(i, ne, name)
        }
    }

    /// The end tag at `i`: closes the summarised element, is cut inside
    /// it (but for kept signal elements), or closes a counted element
    /// (cut when it closes an unwrapped one). Returns the index after it.
    fn end_tag(&mut self, i: usize) -> usize {
        let b = self.b;
        let ns = i + 2;
        let mut ne = ns;
        while ne < b.len() && !is_sep(b[ne]) && b[ne] != b'>' {
            ne += 1;
        }
        let end = after_end_tag(b, ne);
        let mut buf = [0u8; 16];
        let name = lower(&b[ns..ne], &mut buf);
        if let Some(s) = self.inside.as_mut() {
            if name == s.name && s.nested == 0 {
                self.inside = None;
                self.depth = self.depth.saturating_sub(1);
            } else if name == s.name {
                s.nested -= 1;
                self.out.replace(i, end, " ");
            } else if let Some(k) = s.kept.iter().rposition(|k| k == name) {
                s.kept.remove(k);
            } else {
                self.out.replace(i, end, " ");
            }
        } else if !UNCOUNTED.contains(&name) {
            if matches!(name, b"pre" | b"listing") {
                self.pre = self.pre.saturating_sub(1);
            }
            if self.excess > 0 {
                self.excess -= 1;
                self.out.cut(i, end);
            } else {
                self.depth = self.depth.saturating_sub(1);
            }
        }
        end
    }

    /// A start tag inside a summarised `<nav>` or `<aside>` (its name ends
    /// at `ne`): raw-text elements go whole (but JSON-LD), signal elements
    /// keep their markup, other markup is cut to a space.
    fn start_tag_summarised(&mut self, tag_start: usize, ne: usize, name: &[u8]) -> Option<usize> {
        let b = self.b;
        self.seen_h1 |= name == b"h1";
        let s = self.inside.as_mut()?;
        let tag = skip_attrs(b, ne, None);
        let after = tag.after;
        let self_closing = after >= 2 && b[after - 2] == b'/';
        let raw_end = match name {
            b"svg" if self_closing => None,
            b"script" | b"style" | b"svg" | b"textarea" | b"title" | b"xmp" | b"iframe"
            | b"noembed" | b"noframes" | b"noscript" => Some(find_end_tag(b, after, name)?),
            b"plaintext" => return None,
            _ => None,
        };
        if let Some(end) = raw_end {
            let close = after_end_tag(b, end);
            if !(name == b"script" && tag.json) {
                self.out.replace(tag_start, close, " ");
            }
            return Some(close);
        }
        if tag.itemprop || SIGNALS.contains(&name) {
            if !self_closing && !UNCOUNTED.contains(&name) {
                s.kept.push(name.to_vec());
            }
        } else {
            if name == s.name && !self_closing {
                s.nested += 1;
            }
            self.out.replace(tag_start, after, " ");
        }
        Some(after)
    }

    /// A start tag elsewhere (its name ends at `ne`): links but the
    /// canonical one, scripts and styles are cut whole; raw-text elements
    /// are skipped; inline SVG loses its contents; unread attributes are
    /// cut; counted elements open (see [`Elider::open`]).
    fn start_tag(&mut self, tag_start: usize, ne: usize, name: &[u8]) -> Option<usize> {
        let b = self.b;
        match name {
            // Only the canonical link is read (metadata); stylesheets,
            // preloads and icons go whole.
            b"link" => {
                let tag = skip_attrs(b, ne, None);
                if !tag.canonical {
                    self.out.cut(tag_start, tag.after);
                }
                return Some(tag.after);
            }
            // Scripts and styles go whole, but for JSON-LD (metadata) and
            // scripts with the escaped-script quirks (left to html5ever).
            b"script" | b"style" => {
                let tag = skip_attrs(b, ne, None);
                let end = find_end_tag(b, tag.after, name)?;
                let close = after_end_tag(b, end);
                let escaped =
                    name == b"script" && find_sub(&b[tag.after..end], 0, b"<!--").is_some();
                if escaped || name == b"script" && tag.json {
                    return Some(end);
                }
                self.out.cut(tag_start, close);
                return Some(close);
            }
            b"pre" | b"listing" => self.pre += 1,
            b"h1" => self.seen_h1 = true,
            _ => {}
        }
        let strip = self.depth < MAX_DEPTH;
        let tag = skip_attrs(b, ne, if strip { Some(&mut self.out) } else { None });
        let after = tag.after;
        let self_closing = after >= 2 && b[after - 2] == b'/';
        match name {
            b"textarea" | b"title" | b"xmp" | b"iframe" | b"noembed" | b"noframes"
            | b"noscript" => return find_end_tag(b, after, name),
            b"plaintext" => return None,
            // Inline SVG (icons, charts) is never article text and costs the
            // tree builder thousands of elements: cut its contents.
            b"svg" if !self_closing => {
                self.depth += 1; // its end tag is counted
                if let Some(end) = find_end_tag(b, after, b"svg") {
                    self.out.cut(after, end);
                    return Some(end);
                }
            }
            n if !self_closing && !UNCOUNTED.contains(&n) => self.open(n, tag_start, after),
            _ => {}
        }
        Some(after)
    }

    /// A counted element `name` opens (its start tag `tag_start..after`):
    /// past [`MAX_DEPTH`] it is unwrapped (tag cut); a `<nav>` or `<aside>`
    /// starts being summarised.
    fn open(&mut self, name: &[u8], tag_start: usize, after: usize) {
        if self.depth >= MAX_DEPTH {
            self.excess += 1;
            self.out.cut(tag_start, after);
        } else {
            self.depth += 1;
            // An `<aside>` that holds the page's first `<h1>` is the
            // article in a misused element: its markup stays (extraction
            // keeps it too).
            let article_aside = name == b"aside" && !self.seen_h1 && {
                let end = next_from(&mut self.next_aside_end, self.b, b"</aside", after);
                let h1 = next_from(&mut self.next_h1, self.b, b"<h1", after);
                end.zip(h1).is_some_and(|(end, h1)| h1 < end)
            };
            if article_aside {
                return;
            }
            if let Some(&s) = SUMMARISED.iter().find(|&&s| s == name) {
                self.inside = Some(Summarised {
                    name: s,
                    nested: 0,
                    kept: Vec::new(),
                });
            }
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
        assert_eq!(elide(s), "<p>a</p>\n\n<p>b</p>");
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
        assert_eq!(elide("<script>a</scripts>b</script>c"), "c");
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
    #[test]
    fn nav_and_aside_keep_text_and_signals_only() {
        let s = "<nav class=menu><ul>\n<li><a href=/>Home</a><li><a href=/w>World</a></ul></nav><p>x</p>";
        assert_eq!(
            elide(s),
            "<nav class=menu> \n  Home   World  </nav><p>x</p>"
        );
        // Nested asides end at the matching end tag; metadata signals, JSON-LD
        // and `itemprop` elements keep their markup; scripts and svg go.
        let s = concat!(
            "<aside><aside><b>In</b></aside><time datetime=2020-01-02>2 Jan</time>",
            "<span itemprop=author>Ana</span><script>var a='<p>';</script>",
            "<script type=application/ld+json>{}</script><svg><path/></svg>",
            "<meta name=author content=Bo></aside><p>after</p>"
        );
        assert_eq!(
            elide(s),
            concat!(
                "<aside>  In  <time datetime=2020-01-02>2 Jan</time>",
                "<span itemprop=author>Ana</span> ",
                "<script type=application/ld+json>{}</script> ",
                "<meta name=author content=Bo></aside><p>after</p>"
            )
        );
        // Unclosed: the markup up to the end of the input is cut, the text stays.
        assert_eq!(elide("<nav><a>x</a>"), "<nav> x ");
    }
    #[test]
    fn unread_attributes_are_cut() {
        let s = concat!(
            "<div data-track=\"a\nb\" class=c onclick='go()' aria-label=x aria-hidden=true>",
            "<img data-src=i.jpg data-x=1 style=\"color:red\" alt=a>",
            "<p style=\"display: none\">h</p></div>"
        );
        assert_eq!(
            elide(s),
            concat!(
                "<div \n class=c   aria-hidden=true>",
                "<img data-src=i.jpg   alt=a>",
                "<p style=\"display: none\">h</p></div>"
            )
        );
    }
    #[test]
    fn links_and_whitespace() {
        // Only the canonical link stays.
        let s = "<link rel=stylesheet href=a.css><link rel=\"Canonical\" href=/x><p>a</p>";
        assert_eq!(elide(s), "<link rel=\"Canonical\" href=/x><p>a</p>");
        // Indentation between tags becomes its newlines or one space; text
        // and `<pre>` keep theirs.
        let s = "<div>\n    <p>a  b</p>   <p>c</p>\n\t\n<pre>\n  x\n  <b>y</b>  </pre>  <i>z</i>";
        assert_eq!(
            elide(s),
            "<div>\n<p>a  b</p> <p>c</p>\n\n<pre>\n  x\n  <b>y</b>  </pre> <i>z</i>"
        );
    }
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Any mix of tags, comments, raw-text elements, nav/aside and
        /// attributes: no panic, every newline kept, and nothing but the
        /// input's own bytes and cut-markers (spaces) in the output.
        #[test]
        fn elide_keeps_lines(parts in proptest::collection::vec(proptest::sample::select(vec![
            "<nav>", "</nav>", "<aside class=x>", "</aside>", "<p>", "</p>", "<a href='/'>",
            "</a>", "<script>", "</script>", "<script type=application/ld+json>", "<style>",
            "</style>", "<svg>", "</svg>", "<svg/>", "<!--", "-->", "<time datetime=1>",
            "</time>", "<h1>", "</h1>", "<div data-x=\"1\" onclick=a style=\"color:red\">",
            "</div>", "<title>", "</title>", "<meta name=a content=b>", "text", " ", "\n",
            "é", "<", ">", "\"", "'", "=", "<b", "</", "<!", "<?x?>", "<span itemprop=name>",
        ]), 0..60)) {
            let s: String = parts.concat();
            let e = elide(&s);
            proptest::prop_assert_eq!(
                e.matches('\n').count(),
                s.matches('\n').count()
            );
            proptest::prop_assert!(e.len() <= s.len());
        }
    }
}
