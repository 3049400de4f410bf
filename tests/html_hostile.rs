//! Hostile HTML: deep nesting, huge pages, broken markup, scripts, event
//! handlers and dangerous URLs. Nothing panics, nothing executable survives
//! into Markdown or HTML output, and time stays bounded.

use galley::model::Book;
use galley::normalize::Normalizer;
use galley::read::Format;
use galley::render::{self, Mode, RenderContext};
use galley::time::BuildTime;
use std::path::Path;
use std::time::{Duration, Instant};

/// Converts `page` and renders it to Markdown and HTML; returns the outputs
/// (empty when the page has no article, which is a clean error).
fn outputs(page: &[u8]) -> Vec<String> {
    let n = Normalizer::default_config();
    let Ok(c) = galley::convert_bytes(page, Path::new("hostile.html"), Format::Html, &n) else {
        return Vec::new();
    };
    let book = Book::single("hostile", c.doc);
    let ctx = RenderContext::new(Mode::Single, BuildTime::fixed(0));
    let mut out = Vec::new();
    for name in ["md", "html"] {
        let b = render::backend(name).unwrap_or_else(|| panic!("backend {name}"));
        for f in b.render(&book, &ctx).unwrap_or_default() {
            out.push(String::from_utf8_lossy(&f.bytes).into_owned());
        }
    }
    out
}

fn assert_clean(outs: &[String]) {
    for o in outs {
        let lower = o.to_ascii_lowercase();
        // Text that shows a tag must come out escaped (`\<script` in Markdown,
        // `&lt;script` in HTML), never as a live tag.
        // The one script element allowed is the HTML backend's own JSON-LD
        // (data, not code).
        for (k, _) in lower.match_indices("<script") {
            let data = lower[k..].starts_with("<script type=\"application/ld+json\">");
            let escaped = k > 0 && lower.as_bytes()[k - 1] == b'\\';
            assert!(data || escaped, "live <script in output:\n{o}");
        }
        for bad in [
            "alert(",
            "onerror",
            "onclick",
            "onload",
            "javascript:",
            "data:text",
            "vbscript:",
            "steal_cookies",
            "<iframe",
            "<object",
            "<embed",
        ] {
            assert!(!lower.contains(bad), "{bad:?} in output:\n{o}");
        }
    }
}

fn article(n: usize) -> String {
    (0..n)
        .map(|k| format!("<p>Paragraph {k} of a long and entirely made-up report about the harbour, with enough words, commas, and clauses to count as text.</p>\n"))
        .collect()
}

#[test]
fn hundred_thousand_nested_divs() {
    let n = 100_000;
    let page = format!(
        "<html><body>{}{}{}</body></html>",
        "<div>".repeat(n),
        article(5),
        "</div>".repeat(n)
    );
    let t = Instant::now();
    let outs = outputs(page.as_bytes());
    assert!(!outs.is_empty());
    assert!(outs[0].contains("Paragraph 4 of a long"));
    assert_clean(&outs);
    assert!(t.elapsed() < Duration::from_secs(120));
}

#[test]
fn deep_nesting_of_every_kind() {
    for (open, close) in [
        ("<blockquote>", "</blockquote>"),
        ("<ul><li>", "</li></ul>"),
        ("<em>", "</em>"),
        ("<a href='/x'>", "</a>"),
        ("<table><tr><td>", "</td></tr></table>"),
        ("<span>", ""),
        ("<b>", ""),
        ("<div", ""),
    ] {
        let n = 20_000;
        let page = format!(
            "<html><body>{}{}{}</body></html>",
            open.repeat(n),
            article(3),
            close.repeat(n)
        );
        let outs = outputs(page.as_bytes());
        assert_clean(&outs);
    }
}

#[test]
fn thirty_megabyte_page() {
    let mut page =
        String::from("<html><head><title>A big page</title></head><body><div class=nav>");
    page.push_str(&"<a href='/x'>Link</a> ".repeat(20_000));
    page.push_str("</div><article>");
    let body = article(1);
    while page.len() < 30 * 1024 * 1024 {
        page.push_str(&body);
        page.push_str("<script>var junk = '");
        page.push_str(&"x".repeat(4096));
        page.push_str("';</script>");
    }
    page.push_str("</article></body></html>");
    let t = Instant::now();
    let outs = outputs(page.as_bytes());
    assert!(!outs.is_empty());
    assert_clean(&outs);
    assert!(t.elapsed() < Duration::from_secs(300), "{:?}", t.elapsed());
}

#[test]
fn broken_markup() {
    let cases: Vec<String> = vec![
        "<p>Unclosed <b>bold <i>italic <a href='/y'>link".into(),
        "</p></div></body><p>Stray ends before anything at all in this page text.".into(),
        "<table><p>Misnested paragraph in a table, foster-parented by the parser.</td></tr>".into(),
        "<html><body><p class=\"a\" id='b c d=e>Attribute quotes never closed".into(),
        "<<<>>> &&& &#xFFFFFFFF; &#0; &bogus; <p>Entities & angle brackets < > in text.".into(),
        "<p>Truncated in the middle of a tag <a hr".into(),
        "\u{feff}<!DOCTYPE html><meta charset=utf-16><p>BOM then a UTF-16 declaration.".into(),
        "<svg><p>HTML inside SVG</p><foreignObject><p>and back</p></foreignObject></svg>".into(),
        "<!-- unclosed comment <p>hidden".into(),
        "<math><mi><p>inside math</math>".into(),
        "<select><option><p>Inside a select".into(),
        "<template><p>Template text should not appear.</p></template><p>Visible text that is long enough to be the article body.</p>".into(),
        format!("<p>{}</p>", "\u{0}\u{1}\u{7f}".repeat(100)),
        String::from_utf8_lossy(&[0xff, 0xfe, 0x3c, 0x00, 0x70, 0x00]).into_owned(),
    ];
    for c in &cases {
        let outs = outputs(c.as_bytes());
        assert_clean(&outs);
    }
    // Raw invalid bytes too.
    let mut bytes = b"<html><body><p>Latin-1 caf\xe9 and a lone \xc3 byte in a long enough paragraph of text.</p>".to_vec();
    bytes.extend_from_slice(&[0x80, 0x81, 0xfe, 0xff]);
    assert_clean(&outputs(&bytes));
}

#[test]
fn scripts_handlers_and_dangerous_urls_never_survive() {
    let page = format!(
        r#"<!DOCTYPE html><html><head>
<script>steal_cookies(); alert("head")</script>
<meta http-equiv="refresh" content="0;url=javascript:alert(1)">
<base href="javascript:alert('base')//">
<link rel="canonical" href="javascript:alert('canon')">
</head><body onload="alert('body')">
<article>
<h1 onclick="alert('h1')">A perfectly ordinary headline</h1>
<p onmouseover="alert('p')">A first paragraph of a made-up report, long enough, with commas, to be the article.</p>
<script>document.write("<p>steal_cookies() written text</p>"); alert(2)</script>
<p>Links: <a href="javascript:alert('a')">one</a>, <a href=" JaVaScRiPt:alert('b')">two</a>,
<a href="java&#x09;script:alert('c')">three</a>, <a href="vbscript:msgbox">four</a>,
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">five</a>, and
<a href="https://example.org/ok" onclick="alert('x')">six</a> in a long sentence.</p>
<img src="data:text/html,alert(1)" onerror="alert('img')" alt="picture">
<img src="x" onerror="alert('img2')">
<figure><img src="javascript:alert('fig')"><figcaption>A caption about the harbour at night.</figcaption></figure>
<iframe src="javascript:alert('if')" srcdoc="<script>alert('srcdoc')</script>"></iframe>
<object data="data:text/html,alert(1)"></object><embed src="javascript:alert(1)">
<svg><script>alert('svg')</script><a xlink:href="javascript:alert('svga')"><text>svg link</text></a></svg>
<noscript><p>steal_cookies noscript</p></noscript>
<template><script>alert('tpl')</script></template>
<style>body {{ background: url("javascript:alert('css')") }}</style>
<form action="javascript:alert('form')"><button formaction="javascript:alert(1)">Go</button></form>
<p>&lt;script&gt;shown as text&lt;/script&gt; is text the page shows, in a paragraph.</p>
{}
</article></body></html>"#,
        article(4)
    );
    let outs = outputs(page.as_bytes());
    assert_eq!(outs.len(), 2);
    assert!(outs[0].contains("A first paragraph of a made-up report"));
    assert!(outs[0].contains("https://example.org/ok"));
    assert_clean(&outs);
}

#[test]
fn galley_check_never_shows_script_text() {
    let page = format!(
        "<html><body><script>steal_cookies()</script><div class=share onclick=alert(1)>Share</div><article>{}</article></body></html>",
        article(3)
    );
    let n = Normalizer::default_config();
    let c = galley::convert_bytes(page.as_bytes(), Path::new("p.html"), Format::Html, &n)
        .unwrap_or_else(|e| panic!("{e}"));
    for f in &c.report.findings {
        assert!(!f.text.contains("steal_cookies"), "{f:?}");
    }
}
