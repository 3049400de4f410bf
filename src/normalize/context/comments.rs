//! `comment-thread`: a reader-comment thread after the article, found by
//! its Reply buttons and dated comment headers.
//!
//! `comment-section`: the page's comment section, found by its heading
//! (`12 Comments`, `Leave a Reply`, `Comments (3)`) after the article's
//! first 150 words of running prose, is cut with everything below it: the
//! thread, its form and the page footer. Scrapers drop the comment headers
//! and Reply buttons `comment-thread` needs (a thread of 270 bare
//! paragraphs under `270 Comments`), but the heading stays.

use super::*;

// Markdown is the author's own structure (headings at its end are not a
// teaser run): none of these passes touch it.
impl Pass for CommentThread {
    fn name(&self) -> &'static str {
        "comment-thread"
    }
    fn propose(&self, draft: &Draft, cx: &Context, edits: &mut Edits) {
        if !draft.authored {
            comment_thread(draft, cx, edits);
        }
    }
}

impl Pass for CommentSection {
    fn name(&self) -> &'static str {
        "comment-section"
    }
    fn propose(&self, draft: &Draft, cx: &Context, edits: &mut Edits) {
        if !draft.authored {
            comment_section(draft, cx, edits);
        }
    }
}

/// How sure a comment-section heading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heading {
    /// A count (`12 Comments`, `Comments (3)`), a call (`Leave a Reply`) or
    /// a notice (`Comments are closed.`): only comment sections print them.
    Sure,
    /// A bare `Comments`: a section of its own only when a comment (a date,
    /// a Reply button, a form field, `Ana says:`) stands below it.
    Bare,
}

/// The line lower-cased with its whitespace collapsed, one pair of
/// enclosing brackets (`{ 167 comments }`) and a trailing colon or full
/// stop trimmed.
fn heading_key(s: &str) -> String {
    let t = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mut t = t.as_str();
    for (open, close) in [('{', '}'), ('[', ']'), ('(', ')')] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            t = inner.trim();
            break;
        }
    }
    t.trim_end_matches([':', '.', ' ']).to_string()
}

/// `12 comments`, `1,204 responses to “Title”`, `5 thoughts on “Title”`.
fn is_comment_count(t: &str) -> bool {
    let digits = t
        .find(|c: char| !(c.is_ascii_digit() || c == ','))
        .unwrap_or(t.len());
    if digits == 0 || !t.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let Some(rest) = t[digits..].strip_prefix(' ') else {
        return false;
    };
    // `2012 Comments on the budget` is a year, not a count.
    let year = digits == 4 && (t.starts_with("19") || t.starts_with("20"));
    vocab::COMMENT_COUNT_NOUNS.iter().any(|n| {
        rest.strip_prefix(n.text).is_some_and(|after| {
            after.is_empty()
                || (!year
                    && (n.text.ends_with(" on")
                        || vocab::COMMENT_COUNT_TAILS
                            .iter()
                            .any(|x| after.starts_with(x))))
        })
    })
}

/// A count in brackets or after a colon: `(12)`, `[3]`, `: 7`.
fn is_bracketed_count(t: &str) -> bool {
    let t = t.trim();
    let inner = t
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .or_else(|| t.strip_prefix('[').and_then(|r| r.strip_suffix(']')))
        .or_else(|| t.strip_prefix(':'))
        .map(str::trim);
    inner.is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// The heading of a comment section, and how sure it is.
fn comment_heading(s: &str) -> Option<Heading> {
    if s.len() > 240 {
        return None;
    }
    let t = heading_key(s);
    if t.chars().count() > 120 {
        return None;
    }
    if is_comment_count(&t) {
        return Some(Heading::Sure);
    }
    for c in vocab::COMMENT_SECTION_CALLS {
        if let Some(rest) = t.strip_prefix(c.text)
            && (rest.is_empty() || rest.strip_prefix(' ').is_some_and(is_comment_count))
        {
            return Some(Heading::Sure);
        }
    }
    let labels = vocab::COMMENT_SECTION_LABELS
        .iter()
        .chain(vocab::COMMENT_COUNT_NOUNS);
    for l in labels {
        if let Some(rest) = t.strip_prefix(l.text)
            && !rest.is_empty()
            && is_bracketed_count(rest)
        {
            return Some(Heading::Sure);
        }
    }
    vocab::COMMENT_SECTION_LABELS
        .iter()
        .any(|l| l.text == t)
        .then_some(Heading::Bare)
}

/// A line that belongs to a comment: its header (a date, a time, `Ana
/// says:`), its Reply button, a comment form's field or notice, or a short
/// line that speaks of comments (`Comment by Ana`). Running prose is not
/// (a paragraph about code comments, a quote after `the mayor says:`).
fn is_comment_evidence(s: &str) -> bool {
    if is_reply_button(s) || is_comment_header(s) || is_comment_stamp(s) {
        return true;
    }
    let lower = s.trim().to_lowercase();
    if lower.chars().count() > 100 || is_prose(&lower) {
        return vocab::COMMENT_FORM_PHRASES
            .iter()
            .any(|p| lower.contains(p));
    }
    let has_year = has_year(&lower);
    let has_time = lower.as_bytes().windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    });
    let key = lower.trim_end_matches([':', ' ', '*']);
    has_year
        || has_time
        || vocab::COMMENT_SAYS.iter().any(|w| lower.contains(w))
        || vocab::COMMENT_FORM_FIELDS.contains(&key)
        || vocab::COMMENT_FORM_LABELS.contains(&key)
        || vocab::COMMENT_FORM_PHRASES
            .iter()
            .any(|p| lower.contains(p))
        || vocab::COMMENT_COUNT_NOUNS
            .iter()
            .any(|n| !n.text.contains(' ') && lower.contains(n.text))
}

fn comment_section(draft: &Draft, cx: &Context, edits: &mut Edits) {
    let n = draft.items.len();
    let mut prose_words = 0;
    for k in 0..n {
        let Some(t) = text(&draft.items[k]) else {
            continue;
        };
        if prose_words >= 150
            && let Some(h) = comment_heading(&t)
        {
            let below = draft.items[k + 1..(k + 13).min(n)]
                .iter()
                .filter_map(text)
                .any(|t| is_comment_evidence(&t));
            if h == Heading::Bare && !below {
                continue;
            }
            let heading: String = t.chars().take(60).collect();
            if draft.items[k..]
                .iter()
                .filter_map(text)
                .any(|t| cx.protected(&t))
            {
                edits.flag(
                    k,
                    "section",
                    format!("the heading of a comment section (\"{heading}\"), kept: a keep pattern matches below it"),
                );
                return;
            }
            let why = format!(
                "the page's comment section, from its heading \"{heading}\" after {prose_words} words of the article to the end ({} blocks)",
                n - k
            );
            edits.remove_tail(k, "section", why.clone());
            for i in k + 1..n {
                edits.remove(i, "section", why.clone());
            }
            return;
        }
        if is_prose(&t) {
            prose_words += words(&t);
        }
    }
}

/// Running prose made of sentences: a tag cloud of 30 words is `is_prose`
/// by its length, but has no sentence in it.
fn is_sentences(t: &str) -> bool {
    let stop = ['.', '!', '?', '。', '！', '？'];
    let inner = t.as_bytes().windows(4).any(|w| {
        w[0].is_ascii_alphabetic()
            && matches!(w[1], b'.' | b'!' | b'?')
            && w[2] == b' '
            && w[3].is_ascii_uppercase()
    });
    is_prose(t)
        && (t
            .trim_end()
            .trim_end_matches(['"', '”', '’', ')', '»'])
            .ends_with(stop)
            || inner
            || t.contains(['。', '！', '？']))
}

/// `Reply` buttons of comment threads, in several languages.
fn is_reply_button(s: &str) -> bool {
    // The longest label is 27 characters: longer text needs no lower-casing.
    if s.len() > 80 {
        return false;
    }
    let t = s
        .trim()
        .trim_end_matches(['↓', '→', '›', '»'])
        .trim()
        .to_lowercase();
    vocab::REPLY_BUTTONS.iter().any(|l| l.text == t)
}

/// A comment header: a date (`April 5, 2018`, `5 April 2018`, `2018-04-05`)
/// or a time (`6:32 PM`) on its own line.
fn is_comment_stamp(s: &str) -> bool {
    let t = s.trim();
    if t.chars().count() > 40 {
        return false;
    }
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    let has_year = has_year(t);
    let time = t.contains(':') && (3..=6).contains(&digits);
    (has_year && digits <= 8) || time
}

/// A four-digit year (19xx, 20xx) stands in `t`, apart from other digits.
fn has_year(t: &str) -> bool {
    t.split(|c: char| !c.is_ascii_digit())
        .any(|p| p.len() == 4 && (p.starts_with("19") || p.starts_with("20")))
}

/// A comment header: a short line with a date and a time
/// (`#3 Ana 於 2013/12/28 20:34`, `Ana Lima, April 6, 2018 at 2:35 pm`), or a
/// line ending in a reply button (`Ana 2014/01/01 20:31 回覆`).
fn is_comment_header(s: &str) -> bool {
    let t = s.trim();
    if t.chars().count() > 80 {
        return false;
    }
    // `Re: the title (Score:5, Insightful)`: a reply's subject line.
    if t.strip_prefix("Re:")
        .is_some_and(|r| !r.trim().is_empty() && !is_prose(r))
    {
        return true;
    }
    let lower = t.to_lowercase();
    if vocab::REPLY_SUFFIXES.iter().any(|r| lower.ends_with(r))
        && t.chars().any(|c| c.is_ascii_digit())
    {
        return true;
    }
    let has_year = has_year(t);
    let has_time = t
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    has_year && has_time && !is_prose(t)
}

fn comment_thread(draft: &Draft, cx: &Context, edits: &mut Edits) {
    let texts: Vec<Option<Cow<'_, str>>> = draft.items.iter().map(text).collect();
    let markers: Vec<usize> = texts
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            t.as_deref()
                .is_some_and(|t| is_reply_button(t) || is_comment_header(t))
        })
        .map(|(k, _)| k)
        .collect();
    // A thread is dense: a marker every few blocks. Take the last cluster of
    // markers whose gaps are all small (a lone date line above is not in it).
    let mut starts = vec![0];
    for k in 1..markers.len() {
        if markers[k] - markers[k - 1] > 20 {
            starts.push(k);
        }
    }
    // One long comment (a letter of 60 paragraphs) splits a thread in two:
    // two clusters that both hold Reply buttons, with at most 150 blocks
    // between them, are one thread (a sidebar of recent comments has dates
    // but no Reply buttons).
    let replies = |r: std::ops::Range<usize>| {
        markers[r]
            .iter()
            .filter(|&&m| texts[m].as_deref().is_some_and(is_reply_button))
            .count()
    };
    let mut c = starts.len() - 1;
    while c > 0 {
        let (prev, this) = (starts[c - 1], starts[c]);
        if markers[this] - markers[this - 1] > 150
            || replies(prev..this) < 2
            || replies(this..markers.len()) < 2
        {
            break;
        }
        c -= 1;
    }
    let cluster_start = starts.get(c).copied().unwrap_or(0);
    let count = |r: std::ops::Range<usize>, prose_only: bool| -> usize {
        texts[r]
            .iter()
            .flatten()
            .filter(|t| !prose_only || is_sentences(t))
            .map(|t| words(t))
            .sum()
    };
    // The thread must come after the article: a marker with less than 150
    // words above it is the article's own head (`Posted on 09/21/2012 at
    // 03:08 PM`), not a comment's.
    let markers = &markers[cluster_start..];
    let skip = markers
        .iter()
        .position(|&m| count(0..m, false) >= 150)
        .unwrap_or(markers.len());
    let markers = &markers[skip..];
    if markers.len() < 3 {
        return;
    }
    let (first, last) = (markers[0], markers[markers.len() - 1]);
    let gap = (last - first) / (markers.len() - 1);
    let mut end = last + 1;
    // A thread that ends on a header: the last comment's body follows it.
    if texts[last]
        .as_deref()
        .is_some_and(|t| !is_reply_button(t) && !t.ends_with(['覆', '复']))
    {
        end = (last + gap.max(1)).min(texts.len());
    }
    // More running prose below the thread than above it: the markers are
    // the page's head (a forum's posts), not a thread under an article. The
    // last comment's own body is not below the thread.
    if count(end..texts.len(), true) > count(0..first, true) {
        return;
    }
    // The first comment starts at its date/time header, a few lines above.
    // A comment's header stands right above its body: at most one prose
    // paragraph lies between the stamp and the first marker (further up, a
    // date line is the article's own).
    let mut start = first;
    let mut prose_seen = 0;
    for k in (first.saturating_sub(8)..first).rev() {
        match texts[k].as_deref() {
            Some(t) if is_comment_stamp(t) => start = k,
            Some(t) if is_prose(t) && start != first => break,
            Some(t) if is_prose(t) => {
                prose_seen += 1;
                if prose_seen > 1 {
                    break;
                }
            }
            _ => {}
        }
    }
    if start == first && texts[first].as_deref().is_some_and(is_reply_button) {
        // A bare button with no header: take its own comment (two lines up).
        start = first.saturating_sub(2);
    }
    if texts[start..end].iter().flatten().any(|t| cx.protected(t)) {
        return;
    }
    let why = format!(
        "a reader-comment thread: {} Reply buttons and comment headers, one every {} blocks or so",
        markers.len(),
        gap.max(1)
    );
    for k in start..end {
        edits.remove(k, "thread", why.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_and_stamps() {
        assert!(is_reply_button("Reply"));
        assert!(is_reply_button("Répondre"));
        assert!(is_comment_stamp("April 6, 2018"));
        assert!(is_comment_stamp("6:32 PM"));
        assert!(!is_comment_stamp(
            "The vote was on April 6, 2018, in the old hall."
        ));
        assert!(is_comment_header("#3 Ana 於 2013/12/28 20:34"));
        assert!(is_comment_header("Ana Lima, April 6, 2018 at 2:35 pm"));
        assert!(!is_comment_header(
            "The polls closed at 20:00 on 4 May 2024, officials said."
        ));
        assert!(is_comment_header("Ana Lima October 2, 2012, | Permalink"));
        assert!(is_comment_header(
            "Re:The ferry timetable (Score:4, Insightful)"
        ));
        assert!(!is_comment_header(
            "Re: the ferry timetable, the council wrote that it will print a new one."
        ));
        assert!(is_comment_header(
            "Ivo Posted October 29, 2012 at 9:26 am | Permalink"
        ));
    }

    #[test]
    fn sentences_not_tag_clouds() {
        assert!(is_sentences(
            "The ferry ran late all week. Nobody at the quay could say why, and the office was shut."
        ));
        // Thirty words of tags: prose by length, but no sentence in it.
        let cloud = "Harbour Ferry Tide tables Quay Lighthouse Island council Weather Boats \
            Cycling Fishing Markets Schools Parking Roads Bridges Festivals Music Film \
            Theatre Books Food Recipes Gardens Walks Beaches Birds Seals to be discontinued... Archive";
        assert!(is_prose(cloud));
        assert!(!is_sentences(cloud));
    }

    #[test]
    fn comment_headings() {
        for sure in [
            "270 Comments",
            "{ 167 comments }",
            "1 Comment",
            "12 Responses to “Why the pier matters”",
            "5 thoughts on “Why the pier matters”",
            "Comments (41)",
            "Reader Comments (3)",
            "Leave a Reply",
            "Post a Comment 241 Comments and 16 Replies",
            "Comments are closed.",
            "3 commentaires",
            "Kommentare (12)",
        ] {
            assert_eq!(comment_heading(sure), Some(Heading::Sure), "{sure}");
        }
        for bare in ["Comments", "COMMENTS", "Comments:", "Responses"] {
            assert_eq!(comment_heading(bare), Some(Heading::Bare), "{bare}");
        }
        for not in [
            "Comment",
            "Response",
            "Recent Comments",
            "12 comments were received by the council before the vote.",
            "2012 Comments on the draft budget",
            "Comments from the minister were not available.",
            "No comments",
        ] {
            assert_eq!(comment_heading(not), None, "{not}");
        }
    }

    #[test]
    fn comment_evidence() {
        assert!(is_comment_evidence("Ana says:"));
        assert!(is_comment_evidence("July 17th, 2012, 8:40 pm"));
        assert!(is_comment_evidence("Name *"));
        assert!(is_comment_evidence("Reply"));
        assert!(!is_comment_evidence(
            "The harbour board met on Tuesday and voted to repair the pier."
        ));
        assert!(!is_comment_evidence(
            "A comment should say why the code does what it does, not what it does."
        ));
    }
}
