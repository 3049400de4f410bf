//! `galley check --format html`: one page per run that shows each article as
//! galley read it, block by block: removed blocks struck through with their
//! rule, flagged blocks highlighted, lifted ones marked with the field they
//! went to, and the metadata in a side box. Readers review a cleanup by
//! looking at it. Everything from the input is escaped; the page has no
//! script and no external resource.

use galley::model::{Meta, block_text};
use galley::normalize::{Action, Finding};
use galley::read::Draft;
use std::fmt::Write as _;

/// One checked article.
pub struct Checked<'a> {
    /// The input's name.
    pub input: String,
    /// The blocks as read.
    pub draft: &'a Draft,
    /// The metadata galley ended with.
    pub meta: &'a Meta,
    /// Every finding, in input order.
    pub findings: Vec<Finding>,
    /// Blocks kept.
    pub kept: usize,
}

/// Escapes text for HTML element content and attribute values, and drops
/// characters HTML forbids (controls other than tab/newline, noncharacters).
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\t' | '\n' => o.push(c),
            c if c.is_control() => {}
            c if matches!(c as u32, 0xFDD0..=0xFDEF) || (c as u32 & 0xFFFE) == 0xFFFE => {}
            c => o.push(c),
        }
    }
    o
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
section.art{display:grid;grid-template-columns:minmax(0,1fr) 18rem;gap:2rem;max-width:72rem;margin:0 auto;padding:1.5rem}
article{background:#fff;padding:1rem 1.5rem;border:1px solid #ddd}
aside{font-size:.9rem}
aside dl{background:#fff;border:1px solid #ddd;padding:.75rem 1rem;margin:0 0 1rem}
dt{font-weight:600;margin-top:.4rem}dd{margin:0}
.b{margin:.4rem 0;padding:.2rem .5rem;border-left:4px solid transparent}
.b .ln{color:#888;font-size:.75rem;margin-right:.5rem}
.removed{border-color:#c62828;color:#777}
.removed .t{text-decoration:line-through}
.flagged{border-color:#f9a825;background:#fff8e1}
.lifted{border-color:#1565c0;background:#e3f2fd}
.label{display:inline-block;font-size:.75rem;padding:0 .35rem;margin-left:.5rem;border-radius:3px;background:#eee;color:#333;text-decoration:none}
.removed .label{background:#ffebee;color:#b71c1c}
.flagged .label{background:#fff3c4;color:#6d4c00}
.lifted .label{background:#bbdefb;color:#0d3c78}
.noted .label{background:#e0f2f1;color:#00564d}
h1{font-size:1.3rem;margin:0 0 .5rem}h2{font-size:1rem}
.summary{color:#555}
@media (prefers-color-scheme:dark){body{background:#121212;color:#e0e0e0}article,aside dl{background:#1e1e1e;border-color:#333}.removed{color:#999}.flagged{background:#3a3000}.lifted{background:#0d2a45}.label{background:#333;color:#ddd}.removed .label{background:#4a1414;color:#ffcdd2}.flagged .label{background:#4a3b00;color:#ffe082}.lifted .label{background:#123a5f;color:#bbdefb}.noted .label{background:#0f3b37;color:#b2dfdb}}";

fn action_class(a: Action) -> &'static str {
    match a {
        Action::Removed => "removed",
        Action::Flagged => "flagged",
        Action::Lifted => "lifted",
        Action::Rewritten => "rewritten",
        Action::Noted => "noted",
    }
}

/// The whole report page.
pub fn page(articles: &[Checked<'_>]) -> String {
    let mut o = String::new();
    let title = match articles {
        [one] => format!("galley check: {}", one.input),
        _ => format!("galley check: {} articles", articles.len()),
    };
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    o.push_str("<main>\n");
    for (n, a) in articles.iter().enumerate() {
        article(&mut o, n + 1, a);
    }
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

fn article(o: &mut String, n: usize, a: &Checked<'_>) {
    let count = |act| a.findings.iter().filter(|f| f.action == act).count();
    let _ = write!(
        o,
        "<section class=\"art\">\n<article>\n<h1>{}</h1>\n<p class=\"summary\">{} removed, {} lifted, {} flagged; {} block{} kept</p>\n",
        esc(&a.input),
        count(Action::Removed),
        count(Action::Lifted),
        count(Action::Flagged),
        a.kept,
        if a.kept == 1 { "" } else { "s" }
    );
    // Findings of each block, by the line it starts on; a finding whose line
    // no block of the draft starts on (an HTML page part dropped before the
    // article was found) is listed apart.
    let lines: std::collections::HashSet<usize> = a.draft.items.iter().map(|i| i.line).collect();
    let mut used = vec![false; a.findings.len()];
    for item in &a.draft.items {
        let text = block_text(&item.block);
        let mine: Vec<usize> = (0..a.findings.len())
            .filter(|&k| {
                let f = &a.findings[k];
                f.line == item.line && f.action != Action::Rewritten
            })
            .collect();
        // The decisive finding: a removal, else a lift, else a flag.
        let main = [
            Action::Removed,
            Action::Lifted,
            Action::Flagged,
            Action::Noted,
        ]
        .iter()
        .find_map(|act| mine.iter().copied().find(|&k| a.findings[k].action == *act));
        for &k in &mine {
            used[k] = true;
        }
        let (class, labels) = match main {
            Some(k) => (
                action_class(a.findings[k].action),
                mine.iter()
                    .map(|&k| {
                        let f = &a.findings[k];
                        let title = if f.reason.is_empty() {
                            String::new()
                        } else {
                            format!(" title=\"{}\"", esc(&f.reason))
                        };
                        format!(
                            "<span class=\"label\"{title}>{} {}/{}</span>",
                            action_class(f.action),
                            esc(f.pass),
                            esc(&f.rule)
                        )
                    })
                    .collect::<String>(),
            ),
            None => ("kept", String::new()),
        };
        let _ = writeln!(
            o,
            "<div class=\"b {class}\" id=\"a{n}-l{}\"><span class=\"ln\">{}</span><span class=\"t\">{}</span>{labels}</div>",
            item.line,
            item.line,
            esc(&text)
        );
    }
    let rest: Vec<&Finding> = (0..a.findings.len())
        .filter(|&k| !used[k] && !lines.contains(&a.findings[k].line))
        .map(|k| &a.findings[k])
        .filter(|f| f.action != Action::Rewritten && f.action != Action::Noted)
        .collect();
    if !rest.is_empty() {
        o.push_str("<h2>Dropped from the page before the article</h2>\n");
        for f in rest {
            let _ = writeln!(
                o,
                "<div class=\"b {}\"><span class=\"ln\">{}</span><span class=\"t\">{}</span><span class=\"label\">{} {}/{}</span></div>",
                action_class(f.action),
                f.line,
                esc(&f.text),
                action_class(f.action),
                esc(f.pass),
                esc(&f.rule)
            );
        }
    }
    o.push_str("</article>\n<aside>\n<dl>\n");
    let m = a.meta;
    let mut field = |k: &str, v: Option<&str>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            let _ = writeln!(o, "<dt>{k}</dt><dd>{}</dd>", esc(v));
        }
    };
    field("Title", m.title.as_deref());
    field("Subtitle", m.subtitle.as_deref());
    let authors = m.authors.join("; ");
    field("Authors", Some(authors.as_str()));
    field("Source", m.source.as_deref());
    field("Date", m.date.as_ref().map(galley::model::Date::text));
    field("Dateline", m.dateline.as_deref());
    field("Credits", m.credits.as_deref());
    field("URL", m.url.as_deref());
    let language = super::check::language_line(m);
    field("Language", Some(language.as_str()));
    o.push_str("</dl>\n<p><span class=\"removed\"><span class=\"label\">removed</span></span> struck through · <span class=\"flagged\"><span class=\"label\">flagged</span></span> kept, worth a look · <span class=\"lifted\"><span class=\"label\">lifted</span></span> moved into the metadata · <span class=\"noted\"><span class=\"label\">noted</span></span> recorded in the metadata, text kept</p>\n</aside>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use galley::normalize::Normalizer;
    use galley::read::{Format, read_str};

    #[test]
    fn removed_flagged_and_lifted_blocks_are_marked_and_text_is_escaped() {
        let text = "A <b>headline</b>\n\nBy Ana Lima, Coast Gazette\n\nThe council met on Tuesday and agreed to widen the harbour road.\n\nAdvertisement\n\nIt will cost more than planned, the council said.\n";
        let draft = read_str(text, Format::Text);
        let (doc, report) = Normalizer::default_config().run(draft.clone());
        let html = page(&[Checked {
            input: "a\u{1b}.txt".into(),
            draft: &draft,
            meta: &doc.meta,
            findings: report.sorted().into_iter().cloned().collect(),
            kept: doc.blocks.len(),
        }]);
        assert!(html.contains("class=\"b removed\" id=\"a1-l7\""), "{html}");
        assert!(html.contains("boilerplate/advertisement"), "{html}");
        assert!(html.contains("class=\"b lifted\" id=\"a1-l1\""), "{html}");
        assert!(html.contains("A &lt;b&gt;headline&lt;/b&gt;"));
        assert!(!html.contains('\u{1b}'));
        assert!(html.contains("<dt>Authors</dt><dd>Ana Lima</dd>"));
    }
}
