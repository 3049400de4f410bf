//! `comment-thread`: a reader-comment thread after the article, found by
//! its Reply buttons and dated comment headers.

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
    let has_year = t
        .split(|c: char| !c.is_ascii_digit())
        .any(|p| p.len() == 4 && (p.starts_with("19") || p.starts_with("20")));
    let time = t.contains(':') && (3..=6).contains(&digits);
    (has_year && digits <= 8) || time
}

/// A comment header: a short line with a date and a time
/// (`#3 Ana 於 2013/12/28 20:34`, `Ana Lima, April 6, 2018 at 2:35 pm`), or a
/// line ending in a reply button (`Ana 2014/01/01 20:31 回覆`).
fn is_comment_header(s: &str) -> bool {
    let t = s.trim();
    if t.chars().count() > 80 {
        return false;
    }
    let lower = t.to_lowercase();
    if vocab::REPLY_SUFFIXES.iter().any(|r| lower.ends_with(r))
        && t.chars().any(|c| c.is_ascii_digit())
    {
        return true;
    }
    let has_year = t
        .split(|c: char| !c.is_ascii_digit())
        .any(|p| p.len() == 4 && (p.starts_with("19") || p.starts_with("20")));
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
    let mut cluster_start = 0;
    for k in 1..markers.len() {
        if markers[k] - markers[k - 1] > 20 {
            cluster_start = k;
        }
    }
    let count = |r: std::ops::Range<usize>, prose_only: bool| -> usize {
        texts[r]
            .iter()
            .flatten()
            .filter(|t| !prose_only || is_prose(t))
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
    if count(last + 1..texts.len(), true) > count(0..first, true) {
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
    let mut end = last + 1;
    // A thread that ends on a header: the last comment's body follows it.
    if texts[last]
        .as_deref()
        .is_some_and(|t| !is_reply_button(t) && !t.ends_with(['覆', '复']))
    {
        end = (last + gap.max(1)).min(texts.len());
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
    }
}
