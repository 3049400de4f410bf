//! Canonical form of inline runs, so that two readers (or a reader and a
//! writer) agree on one representation of the same text.

use super::Inline;

/// Canonicalises a run of inlines: merges adjacent text, drops empty text and
/// empty containers, collapses whitespace runs to one space, and trims the
/// run's leading and trailing whitespace (and whitespace around line breaks).
pub fn canonicalize_inlines(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = merge(inlines);
    trim_edges(&mut out);
    out
}

fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !prev_space {
                out.push(' ');
            }
            prev_space = true;
        } else {
            out.push(c);
            prev_space = false;
        }
    }
    out
}

fn merge(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for i in inlines {
        let i = match i {
            Inline::Text { text } => Inline::Text {
                text: collapse_ws(&text),
            },
            Inline::Emphasis { content } => Inline::Emphasis {
                content: merge(content),
            },
            Inline::Strong { content } => Inline::Strong {
                content: merge(content),
            },
            Inline::Strike { content } => Inline::Strike {
                content: merge(content),
            },
            Inline::Link { url, content } => Inline::Link {
                url,
                content: merge(content),
            },
            Inline::Code { text } => Inline::Code {
                text: collapse_ws(&text),
            },
            Inline::LineBreak => Inline::LineBreak,
            Inline::NoteRef { label } => Inline::NoteRef {
                label: collapse_ws(label.trim()),
            },
            Inline::Task { checked } => Inline::Task { checked },
        };
        match (&i, out.last_mut()) {
            (Inline::Text { text }, _) if text.is_empty() => {}
            (
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Strike { content },
                _,
            ) if content.is_empty() => {}
            (Inline::NoteRef { label }, _) if label.is_empty() => {}
            (Inline::Code { text }, _) if text.trim().is_empty() => {}
            (Inline::Text { text }, Some(Inline::Text { text: prev })) => {
                if prev.ends_with(' ') && text.starts_with(' ') {
                    prev.push_str(&text[1..]);
                } else {
                    prev.push_str(text);
                }
            }
            _ => out.push(i),
        }
    }
    out
}

fn trim_edges(out: &mut Vec<Inline>) {
    while matches!(out.first(), Some(Inline::LineBreak)) {
        out.remove(0);
    }
    while matches!(out.last(), Some(Inline::LineBreak)) {
        out.pop();
    }
    // A check box leads its item: the text after it starts without a space.
    let lead = usize::from(matches!(out.first(), Some(Inline::Task { .. })));
    if let Some(Inline::Text { text }) = out.get_mut(lead) {
        let t = text.trim_start().to_string();
        *text = t;
    }
    if let Some(Inline::Text { text }) = out.last_mut() {
        let t = text.trim_end().to_string();
        *text = t;
    }
    // Whitespace next to a hard break is not significant in Markdown.
    for k in 0..out.len() {
        if matches!(out[k], Inline::LineBreak) {
            if k > 0
                && let Inline::Text { text } = &mut out[k - 1]
            {
                let t = text.trim_end().to_string();
                *text = t;
            }
            if k + 1 < out.len()
                && let Inline::Text { text } = &mut out[k + 1]
            {
                let t = text.trim_start().to_string();
                *text = t;
            }
        }
    }
    out.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
}
