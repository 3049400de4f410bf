//! Inline HTML in Markdown, read safely: the tags of a few harmless inline
//! elements become the matching model inline (`<em>`, `<i>` emphasis;
//! `<strong>`, `<b>` strong; `<del>`, `<s>`, `<strike>` strikethrough;
//! `<code>`, `<kbd>`, `<samp>` code; `<br>` a line break); `<sub>`, `<sup>`,
//! `<span>`, `<mark>`, `<small>`, `<u>`, `<ins>` keep their text and lose
//! the tag (the model has no inline for them). Every other tag stays
//! literal text, escaped on output: HTML never passes through raw.

use crate::model::{Inline, inline_text};

/// An allowed inline element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HtmlTag {
    Emph,
    Strong,
    Strike,
    Code,
    /// Kept as its content.
    Plain(&'static str),
}

/// One inline HTML event read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Piece {
    Open(HtmlTag),
    Close(HtmlTag),
    Break,
}

impl HtmlTag {
    fn of(name: &str) -> Option<HtmlTag> {
        Some(match name {
            "em" | "i" | "cite" | "dfn" => HtmlTag::Emph,
            "strong" | "b" => HtmlTag::Strong,
            "del" | "s" | "strike" => HtmlTag::Strike,
            "code" | "kbd" | "samp" | "tt" => HtmlTag::Code,
            "sub" => HtmlTag::Plain("sub"),
            "sup" => HtmlTag::Plain("sup"),
            "span" => HtmlTag::Plain("span"),
            "mark" => HtmlTag::Plain("mark"),
            "small" => HtmlTag::Plain("small"),
            "u" => HtmlTag::Plain("u"),
            "ins" => HtmlTag::Plain("ins"),
            "abbr" => HtmlTag::Plain("abbr"),
            _ => return None,
        })
    }

    /// The model inline of this element around `content`.
    pub(super) fn inline(self, content: Vec<Inline>) -> Inline {
        match self {
            HtmlTag::Emph => Inline::Emphasis { content },
            HtmlTag::Strong => Inline::Strong { content },
            HtmlTag::Strike => Inline::Strike { content },
            HtmlTag::Code => Inline::Code {
                text: inline_text(&content),
            },
            // No model inline: a plain run (the caller's canonical form
            // merges it into the text around it).
            // No model inline: one inline stays itself, several become
            // their plain text (formatting inside `<sup>` is not kept).
            HtmlTag::Plain(_) => match <[Inline; 1]>::try_from(content) {
                Ok([single]) => single,
                Err(content) => Inline::text(inline_text(&content)),
            },
        }
    }
}

/// Reads one inline HTML event: a single start, end or empty tag of an
/// allowed element (attributes ignored). Anything else is `None`.
pub(super) fn parse(raw: &str) -> Option<Piece> {
    let inner = raw.trim().strip_prefix('<')?.strip_suffix('>')?;
    if inner.contains(['<', '>']) {
        return None;
    }
    let (close, rest) = match inner.strip_prefix('/') {
        Some(r) => (true, r.trim_start()),
        None => (false, inner),
    };
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = rest[..end].to_ascii_lowercase();
    let after = rest[end..].trim();
    if name.is_empty() || (close && !after.is_empty()) {
        return None;
    }
    if name == "br" {
        return (!close).then_some(Piece::Break);
    }
    // A self-closing `<em/>` opens nothing.
    if after.ends_with('/') {
        return None;
    }
    let tag = HtmlTag::of(&name)?;
    Some(if close {
        Piece::Close(tag)
    } else {
        Piece::Open(tag)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_tags_are_read_and_others_refused() {
        assert_eq!(parse("<em>"), Some(Piece::Open(HtmlTag::Emph)));
        assert_eq!(parse("</EM>"), Some(Piece::Close(HtmlTag::Emph)));
        assert_eq!(
            parse("<del class=\"x\">"),
            Some(Piece::Open(HtmlTag::Strike))
        );
        assert_eq!(parse("<br/>"), Some(Piece::Break));
        assert_eq!(parse("<br >"), Some(Piece::Break));
        assert_eq!(parse("<sup>"), Some(Piece::Open(HtmlTag::Plain("sup"))));
        for bad in [
            "<script>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:x\">",
            "<em/>",
            "</br>",
            "<iframe>",
            "<em><b>",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
