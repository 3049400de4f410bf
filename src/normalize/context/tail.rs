//! `tail-run` and `tail-blurbs`: a trailing run of teaser, tag and link
//! lines after the article's last prose.

use super::*;

impl Pass for TailRun {
    fn name(&self) -> &'static str {
        "tail-run"
    }
    fn propose(&self, draft: &Draft, cx: &Context, edits: &mut Edits) {
        // Scraped text only: in a saved page the extractor has already told
        // the article from the page's chrome, and a run of short lines left
        // at the end of what it kept is the article's own (measured on the
        // Dragnet pages' HTML: 0.68 removal precision, and no F1 gain).
        // Once the page's tail was cut at its comment heading, the last
        // blocks are the article's own end: a list or links it closes with
        // (measured on the 441 Dragnet pages cut so: 0.93 removal precision
        // there, against 0.996 at a page's end).
        if !draft.authored && draft.plain && !draft.tail_cut {
            tail_run(draft, cx, edits);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Running prose.
    Prose,
    /// A short line (headline, label, name).
    Line,
    /// Anything else (list, quote, figure, code, break): ends the scan.
    Other,
}

/// Finds the start of a trailing run of page chrome, if any.
/// `short(i)`: block `i` has at most 40 words (a teaser blurb's length).
fn tail_start(kinds: &[Shape], short: &dyn Fn(usize) -> bool) -> Option<usize> {
    const LEAD: usize = 3; // short lines right after the article's last prose
    const GAP: usize = 2; // short lines before any blurb in the run
    let n = kinds.len();
    let mut best = None;
    let mut prose_in_tail = 0usize;
    let mut run = 0usize; // consecutive short lines starting at t
    for t in (1..n).rev() {
        match kinds[t] {
            Shape::Other => break,
            Shape::Prose => {
                // Two prose blocks in a row: the article, not a teaser list.
                if t + 1 < n && kinds[t + 1] == Shape::Prose {
                    break;
                }
                let gap = kinds[..t]
                    .iter()
                    .rev()
                    .take(GAP)
                    .take_while(|k| **k == Shape::Line)
                    .count();
                if gap < GAP {
                    // The first card of a teaser list right below the
                    // article (its promo label already removed): one
                    // headline line, then a short blurb, with two cards or
                    // more below it.
                    if gap == 1
                        && prose_in_tail >= 2
                        && short(t)
                        && t >= 2
                        && kinds[t - 2] == Shape::Prose
                    {
                        let len = n - (t - 1);
                        if (prose_in_tail + 1) * 100 <= len * 34 {
                            best = Some(t - 1);
                        }
                    }
                    break;
                }
                prose_in_tail += 1;
                run = 0;
            }
            Shape::Line => run += 1,
        }
        let len = n - t;
        if kinds[t] == Shape::Line
            && kinds[t - 1] == Shape::Prose
            && run >= LEAD
            && prose_in_tail * 100 <= len * 34
        {
            best = Some(t);
        }
    }
    let start = best?;
    // The article itself: at least three prose paragraphs before the run.
    let prose_before = kinds[..start]
        .iter()
        .filter(|k| **k == Shape::Prose)
        .count();
    (prose_before >= 3).then_some(start)
}

fn tail_run(draft: &Draft, cx: &Context, edits: &mut Edits) {
    let texts: Vec<Option<Cow<'_, str>>> = draft.items.iter().map(text).collect();
    let kinds: Vec<Shape> = texts
        .iter()
        .map(|t| match t {
            Some(t) if is_prose(t) => Shape::Prose,
            Some(_) => Shape::Line,
            None => Shape::Other,
        })
        .collect();
    let short = |i: usize| {
        texts
            .get(i)
            .and_then(|t| t.as_deref())
            .is_some_and(|t| words_up_to(t, 41) <= 40)
    };
    let Some(start) = tail_start(&kinds, &short) else {
        return;
    };
    // The article must outweigh what would go: the short lines removed may
    // not hold more than twice the words before them, and the text before
    // must include two prose paragraphs in a row (a body, not nav blurbs).
    let before_words: usize = texts[..start].iter().flatten().map(|t| words(t)).sum();
    let line_words: usize = texts[start..]
        .iter()
        .flatten()
        .filter(|t| !is_prose(t) && !is_sentence(t))
        .map(|t| words(t))
        .sum();
    let body = kinds[..start]
        .windows(2)
        .any(|w| w[0] == Shape::Prose && w[1] == Shape::Prose);
    if !body || line_words > 2 * before_words {
        if texts[start].is_some() {
            edits.flag(
                start,
                "kept: the run outweighs the article",
                format!("{line_words} words of short lines after {before_words} words of article"),
            );
        }
        return;
    }
    // Three blurbs or more make a teaser list: they go with their headlines.
    // One or two may be the article's last paragraphs below a widget: they
    // are kept and flagged.
    let run: Vec<&str> = texts[start..]
        .iter()
        .flatten()
        .map(|t| t.as_ref())
        .collect();
    let body: Vec<&str> = texts[..start]
        .iter()
        .flatten()
        .map(|t| t.as_ref())
        .collect();
    let introduced = [start.checked_sub(1), Some(start)]
        .into_iter()
        .flatten()
        .filter_map(|i| texts.get(i).and_then(|t| t.as_deref()))
        .any(|t| t.trim_end().ends_with(':'));
    let why_kept = if introduced {
        Some("a list the article introduces")
    } else {
        run_is_content(&run, &body)
    };
    if let Some(why) = why_kept {
        if texts[start].is_some() {
            edits.flag(
                start,
                format!("kept: {why}"),
                "a trailing run of short lines that reads as content",
            );
        }
        return;
    }
    // Quoted speech (`“So contraception solves hunger?” Bonham asked.`) is
    // the article's dialogue, never a teaser: kept, and not counted.
    let quoted = |k: usize| texts[k].as_deref().is_some_and(is_quoted_speech);
    let blurbs = (start..kinds.len())
        .filter(|&k| kinds[k] == Shape::Prose && !quoted(k))
        .count();
    let why = format!(
        "a trailing run of {} short lines and {blurbs} blurbs after the article's last prose (line {})",
        kinds[start..].iter().filter(|k| **k == Shape::Line).count(),
        draft.items[start].line
    );
    let blurbs_go = blurbs >= 3 && cx.on("tail-blurbs");
    // A line of four words or more ending in a colon (`Other works I've
    // reviewed:`) introduces a list of the article's: it and the short lines
    // after it are kept (blurbs are judged as before).
    let mut introduced_at = None;
    for k in start..draft.items.len() {
        let Some(t) = texts[k].as_deref() else {
            continue;
        };
        if introduced_at.is_none() && t.trim_end().ends_with(':') && words_up_to(t, 4) >= 4 {
            introduced_at = Some(draft.items[k].line);
        }
        if let Some(line) = introduced_at.filter(|_| kinds[k] != Shape::Prose) {
            edits.flag(
                k,
                "kept: a list the article introduces",
                format!("introduced by the line ending in a colon at line {line}"),
            );
        } else if quoted(k) {
            edits.flag(k, "kept: quoted speech", why.clone());
        } else if kinds[k] == Shape::Prose && blurbs < 3 {
            let e = edits.flag(
                k,
                "kept: one or two blurbs",
                "they may be the article's last paragraphs below a widget",
            );
            if cx.on("tail-blurbs") {
                e.pass("tail-blurbs");
            }
        } else if kinds[k] == Shape::Prose && !blurbs_go {
            edits.flag(k, "kept: blurb (tail-blurbs off)", why.clone());
        } else if kinds[k] == Shape::Prose {
            edits
                .remove(
                    k,
                    "blurb",
                    format!("one of {blurbs} blurbs of a teaser list: {why}"),
                )
                .pass("tail-blurbs");
        } else if is_sentence(t) || t.is_empty() {
            continue;
        } else if words_up_to(t, 20) >= 20 {
            edits.flag(k, "kept: a long line", why.clone());
        } else if crate::normalize::blocks::numeric_content(t) {
            edits.flag(k, "kept: numbers in a content pattern", why.clone());
        } else {
            edits.remove(k, "teaser-line", why.clone());
        }
    }
}

/// A line of quoted speech: it opens with a quotation mark and the quote
/// closes within it (`“No,” she asserted.`).
fn is_quoted_speech(t: &str) -> bool {
    let t = t.trim();
    let Some(open) = t.chars().next() else {
        return false;
    };
    let close: &[char] = match open {
        '“' | '”' => &['”', '“'],
        '"' => &['"'],
        '„' => &['“', '”'],
        '«' => &['»'],
        '»' => &['«'],
        '「' => &['」'],
        _ => return false,
    };
    // Speech ends a sentence (`… she said.`); a teaser in quotes ends in a
    // label (`… free” slideshow`).
    let ends = t
        .trim_end_matches(['”', '"', '»', '」', '’', ')'])
        .ends_with(['.', '!', '?', '…']);
    ends && t[open.len_utf8()..].contains(close)
}

/// Words written with a capital inside a sentence of `body` (not after a
/// full stop): the article's names (`Eastshore`, `Ines Farrow`).
pub(super) fn names_in(body: &[&str]) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for t in body.iter().filter(|t| is_prose(t)) {
        let mut after_stop = true;
        for w in t.split_whitespace() {
            let core = w.trim_matches(|c: char| !c.is_alphanumeric());
            let cap = core.chars().next().is_some_and(char::is_uppercase)
                && core.chars().count() >= 3
                && core.chars().skip(1).any(char::is_lowercase);
            if cap && !after_stop {
                out.insert(core.to_string());
            }
            after_stop = w.ends_with(['.', '!', '?', ':', '"', '“', '”']);
        }
    }
    out
}

/// Is a run of short lines (a would-be menu or teaser list) content? Yes
/// when a third of its lines or more carry numbers in a content pattern
/// (scores, prices, quantities, phone numbers: a results list, a ticket box,
/// an ingredient list), or when half of its lines or more name someone or
/// something the article names mid-sentence (a results list of the teams in
/// the story). Returns the reason.
pub(super) fn run_is_content(run: &[&str], body: &[&str]) -> Option<&'static str> {
    if run.is_empty() {
        return None;
    }
    let numeric = run
        .iter()
        .filter(|t| crate::normalize::blocks::numeric_content(t))
        .count();
    if numeric >= 2 && numeric * 3 >= run.len() {
        return Some("numbers in a content pattern");
    }
    if same_inner_labels(run) {
        return Some("entries with the same labels");
    }
    let names = names_in(body);
    let shared = run
        .iter()
        .filter(|t| {
            t.split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .any(|w| names.contains(w))
        })
        .count();
    (shared >= 3 && shared * 2 >= run.len()).then_some("names from the article")
}

/// Labels written inside a line, not at its start: a capitalised word
/// ending in a colon with text after it (`Actress Lily Collins Roots:
/// Daughter of Phil Role: Mirror Mirror` has `Roots` and `Role`).
fn inner_labels(t: &str) -> impl Iterator<Item = &str> {
    // The first word is the line's own (a kicker's `Video:` is no inner
    // label), after any bullet.
    let mut words = t
        .split_whitespace()
        .skip_while(|w| !w.chars().any(char::is_alphanumeric))
        .peekable();
    words.next();
    std::iter::from_fn(move || {
        while let Some(w) = words.next() {
            let Some(core) = w.strip_suffix(':') else {
                continue;
            };
            let label = core.chars().count() >= 2
                && core.chars().all(char::is_alphabetic)
                && core.chars().next().is_some_and(char::is_uppercase);
            if label && words.peek().is_some() {
                return Some(core);
            }
        }
        None
    })
}

/// Do two labels each stand inside three lines of the run or more, and
/// inside half of its lines? That is a list of entries in one template
/// (people with their roots and roles, places with their dates and times).
/// Teaser headlines share one label at most (`… By: name (Diary)`).
fn same_inner_labels(run: &[&str]) -> bool {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for t in run {
        let mut seen: Vec<&str> = Vec::new();
        for l in inner_labels(t) {
            if seen.contains(&l) {
                continue;
            }
            seen.push(l);
            match counts.iter_mut().find(|(k, _)| *k == l) {
                Some((_, n)) => *n += 1,
                None => counts.push((l, 1)),
            }
        }
    }
    counts
        .iter()
        .filter(|&&(_, n)| n >= 3 && n * 2 >= run.len())
        .count()
        >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_needs_short_lines_after_prose() {
        use Shape::*;
        let k = [Prose, Prose, Prose, Prose, Line, Line, Line, Line];
        assert_eq!(tail_start(&k, &|_| false), Some(4));
        // A heading + paragraph pattern is the article, not a tail.
        let k = [Prose, Prose, Prose, Line, Prose, Line, Prose, Line];
        assert_eq!(tail_start(&k, &|_| false), None);
        // Teasers: headline, source, blurb.
        let k = [
            Prose, Prose, Prose, Line, Line, Line, Prose, Line, Line, Line,
        ];
        assert_eq!(tail_start(&k, &|_| false), Some(3));
        // Too little article before.
        let k = [Prose, Line, Line, Line];
        assert_eq!(tail_start(&k, &|_| false), None);
    }

    #[test]
    fn entries_in_one_template_are_content() {
        let run = [
            "Painter Ada Moss Roots: Daughter of a boat builder Work: Harbour at Dusk",
            "Painter Ines Farrow Roots: Niece of the lighthouse keeper Work: Gulls",
            "Sculptor Tom Reed Roots: Son of two teachers Work: The Quay Bench",
        ];
        assert!(same_inner_labels(&run));
        assert_eq!(
            run_is_content(&run, &[]),
            Some("entries with the same labels")
        );
        // One shared label is a teaser list's byline.
        let teasers = [
            "Harbour ferry runs aground By: quaywatch (Diary)",
            "Council approves the new quay By: ines (Diary)",
            "Gulls return to the old pier By: tom (Diary)",
        ];
        assert!(!same_inner_labels(&teasers));
        // Labels at the start of a line are teaser kickers, not a template.
        let teasers = [
            "Video: Harbour ferry runs aground",
            "Video: Council approves the new quay",
            "Photos: Gulls return to the old pier",
        ];
        assert!(!same_inner_labels(&teasers));
        // A label with nothing after it is not one: `Weather:` ends each line.
        let run = [
            "Ferry times Roots: none Weather:",
            "Quay works Roots: none Weather:",
            "Gull counts Roots: none Weather:",
        ];
        assert!(!same_inner_labels(&run));
        // Two labels each in three lines, but not in half of a long run.
        let mut run = vec![
            "Ferry times Roots: none Work: none",
            "Quay works Roots: none Work: none",
            "Gull counts Roots: none Work: none",
        ];
        run.extend(["Tide tables", "Council agenda", "Letters", "Archive"]);
        assert!(!same_inner_labels(&run));
        run.truncate(6);
        assert!(same_inner_labels(&run));
        // A bullet is not the line's first word.
        let kickers = [
            "• Video: Harbour ferry runs aground",
            "• Video: Council approves the new quay",
            "• Video: Gulls return to the old pier",
        ];
        assert!(inner_labels(kickers[0]).next().is_none());
    }

    #[test]
    fn quoted_speech() {
        assert!(is_quoted_speech("“No,” she asserted."));
        assert!(is_quoted_speech(
            "\"So contraception solves hunger?\" Bonham asked."
        ));
        assert!(is_quoted_speech("« Non », dit-elle."));
        assert!(!is_quoted_speech("“Unclosed quote and a teaser"));
        assert!(!is_quoted_speech("Watch the video below:"));
        assert!(!is_quoted_speech("“One girl can be silenced” slideshow"));
    }
}
