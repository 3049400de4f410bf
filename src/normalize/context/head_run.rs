//! `head-run`: in scraped text, a menu of short lines before the article's
//! body.

use super::tail::{names_in, run_is_content};
use super::*;

impl Pass for HeadRun {
    fn name(&self) -> &'static str {
        "head-run"
    }
    fn propose(&self, draft: &Draft, cx: &Context, edits: &mut Edits) {
        if !draft.authored && draft.plain {
            head_run(draft, cx, edits);
        }
    }
}

/// The article's headline: the line right above the date lines and bylines
/// that stand right above the body (`Baked Squash with Turkey`, `by Ana on
/// October 28, 2012`, then the first paragraph).
fn headline_above_head(texts: &[Option<Cow<'_, str>>]) -> Option<usize> {
    let mut k = texts.len();
    let mut heads = 0;
    while k > 0 {
        k -= 1;
        match texts[k].as_deref() {
            None => continue,
            Some(t) if t.trim().is_empty() => continue,
            Some(t) if crate::normalize::structure::is_head_line(t) => heads += 1,
            Some(_) => return (heads > 0).then_some(k),
        }
    }
    None
}

/// `head-run`: in scraped text, the stretch before the article body (its
/// first long prose paragraph, or first two prose paragraphs in a row) that
/// is mostly short lines is a menu: its short lines go (sentences stay, and
/// prose there is flagged). A short line has under ten words and does not
/// read as a sentence. Needs six short lines or more, making up at least 60%
/// of the stretch.
fn head_run(draft: &Draft, _cx: &Context, edits: &mut Edits) {
    const MIN_LINES: usize = 6;
    // The article's head was found (structure lifted a byline or a date
    // from the text): what follows it is the article, not a menu. A menu
    // stands above the head, where structure does not look past it.
    if crate::normalize::structure::head_found(draft) {
        return;
    }
    // Only the stretch up to the body is looked at: prose is judged lazily,
    // one block past the body at most.
    let n = draft.items.len();
    let mut texts: Vec<Option<Cow<'_, str>>> = Vec::new();
    let mut prose: Vec<bool> = Vec::new();
    let mut body = None;
    for k in 0..n {
        while texts.len() < (k + 2).min(n) {
            let t = text(&draft.items[texts.len()]);
            prose.push(t.as_deref().is_some_and(is_prose));
            texts.push(t);
        }
        if prose[k]
            && (texts[k]
                .as_deref()
                .is_some_and(|t| words_up_to(t, 30) >= 30)
                || prose.get(k + 1) == Some(&true))
        {
            body = Some(k);
            break;
        }
    }
    let Some(body) = body else {
        return;
    };
    texts.resize_with(n, || None);
    let short: Vec<usize> = (0..body)
        .filter(|&k| {
            texts[k].as_deref().is_some_and(|t| {
                !prose[k] && !t.is_empty() && words_up_to(t, 10) < 10 && !is_sentence(t)
            })
        })
        .collect();
    let with_text = texts[..body].iter().flatten().count();
    if short.len() < MIN_LINES || short.len() * 10 < with_text * 6 {
        return;
    }
    let run: Vec<&str> = short.iter().filter_map(|&k| texts[k].as_deref()).collect();
    let article: Vec<&str> = texts[body..].iter().flatten().map(|t| t.as_ref()).collect();
    if let Some(why) = run_is_content(&run, &article) {
        if texts[short[0]].is_some() {
            edits.flag(
                short[0],
                format!("kept: {why}"),
                "a run of short lines before the body that reads as content",
            );
        }
        return;
    }
    let why = format!(
        "{} short lines of {with_text} blocks before the article's body (line {})",
        short.len(),
        draft.items[body].line
    );
    let names = names_in(&article);
    let headline = headline_above_head(&texts[..body]);
    for &k in &short {
        if let Some(t) = texts[k].as_deref() {
            let named = t
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .any(|w| names.contains(w));
            if Some(k) == headline {
                edits.flag(k, "kept: the headline above the byline", why.clone());
            } else if named {
                edits.flag(k, "kept: names what the article names", why.clone());
            } else if t.trim_end().ends_with(':') {
                edits.flag(k, "kept: introduces what follows", why.clone());
            } else if crate::normalize::structure::is_head_line(t) {
                edits.flag(k, "kept: a date line or byline", why.clone());
            } else if crate::normalize::blocks::numeric_content(t) {
                edits.flag(k, "kept: numbers in a content pattern", why.clone());
            } else {
                edits.remove(k, "menu", why.clone());
            }
        }
    }
    for k in (0..body).filter(|&k| prose[k]) {
        if texts[k].is_some() {
            edits.flag(k, "kept: blurb", why.clone());
        }
    }
}
