//! `gallery`: a photo gallery pasted into the text (slide counters
//! `1/12`, `2/12`, … with their captions).

use super::*;

impl Pass for Gallery {
    fn name(&self) -> &'static str {
        "gallery"
    }
    fn propose(&self, draft: &Draft, cx: &Context, edits: &mut Edits) {
        if !draft.authored {
            gallery(draft, cx, edits);
        }
    }
}

/// A slide counter line of a photo gallery: `12/50 Title of the slide`
/// (a short line, not a sentence). Returns (k, N).
fn slide_counter(t: &str) -> Option<(u32, u32)> {
    let (num, rest) = t.split_once('/')?;
    let k: u32 = num.trim().parse().ok()?;
    let digits = rest.trim_start();
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    let n: u32 = digits[..end].parse().ok()?;
    let after = &digits[end..];
    let ok = num.trim().len() <= 3
        && (1..=n).contains(&k)
        && n >= 4
        && (after.is_empty() || after.starts_with(char::is_whitespace))
        && words_up_to(t, 16) < 16
        && !is_sentence(t);
    ok.then_some((k, n))
}

/// `gallery`: a photo gallery pasted into the article (`1/50 Title`,
/// caption, credit, `2/50 …`): four or more slide counters of the same
/// gallery, in increasing order. Everything from the first counter to the
/// last slide's caption (and its credit line) goes, with up to two short
/// label lines just before it (`Business news in pictures`, `50 show all`).
fn gallery(draft: &Draft, cx: &Context, edits: &mut Edits) {
    let texts: Vec<Option<Cow<'_, str>>> = draft.items.iter().map(text).collect();
    let counters: Vec<(usize, u32, u32)> = texts
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let (k, n) = slide_counter(t.as_deref()?)?;
            Some((i, k, n))
        })
        .collect();
    // The longest run of one gallery's counters in increasing order.
    let mut best: Option<(usize, usize)> = None;
    let mut s = 0;
    while s < counters.len() {
        let mut e = s + 1;
        while e < counters.len()
            && counters[e].2 == counters[s].2
            && counters[e].1 > counters[e - 1].1
        {
            e += 1;
        }
        if best.is_none_or(|(a, b)| e - s > b - a) {
            best = Some((s, e));
        }
        s = e;
    }
    let Some((a, b)) = best else {
        return;
    };
    if b - a < 4 {
        return;
    }
    let short = |i: usize| {
        texts
            .get(i)
            .and_then(|t| t.as_deref())
            .is_some_and(|t| !is_prose(t) && !is_sentence(t))
    };
    let mut start = counters[a].0;
    for _ in 0..2 {
        if start > 0 && short(start - 1) {
            start -= 1;
        }
    }
    // The last slide: its caption, then a credit line (a few words, not a
    // numbered heading such as `6. Mini bars…` that starts the next part).
    let credit = |i: usize| {
        short(i)
            && texts[i].as_deref().is_some_and(|t| {
                words_up_to(t, 6) <= 5 && !t.trim_start().starts_with(|c: char| c.is_ascii_digit())
            })
    };
    let mut end = counters[b - 1].0 + 1;
    if end < texts.len() && texts[end].is_some() && slide_counter_free(&texts, end) {
        end += 1;
        if credit(end) {
            end += 1;
        }
    }
    if texts[start..end].iter().flatten().any(|t| cx.protected(t)) {
        return;
    }
    let why = format!(
        "a photo gallery pasted into the text: slide counters {}/{n} to {}/{n}",
        counters[a].1,
        counters[b - 1].1,
        n = counters[a].2
    );
    for k in start..end {
        edits.remove(k, "slides", why.clone());
    }
}

/// Block `i` is not itself a slide counter.
fn slide_counter_free(texts: &[Option<Cow<'_, str>>], i: usize) -> bool {
    texts[i]
        .as_deref()
        .is_none_or(|t| slide_counter(t).is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slide_counters() {
        assert_eq!(slide_counter("12/50 Harbour crane arrives"), Some((12, 50)));
        assert_eq!(slide_counter("1 / 6"), Some((1, 6)));
        assert_eq!(
            slide_counter("1/5 The council voted on Monday to close the pier."),
            None
        );
        assert_eq!(slide_counter("24/7 coverage"), None);
        assert_eq!(slide_counter("3/2 split"), None);
        assert_eq!(slide_counter("2020/21 season"), None);
    }
}
