//! Footnotes in a saved page. A reference is a link to an element of the
//! article by id (`href="#fn1"`) that says it is one: `role="doc-noteref"`,
//! a class naming a footnote (`footnote-ref`, `fnref`, `noteref`,
//! `reference`), or a `<sup>` around or inside it (`<sup><a
//! href="#fn1">1</a></sup>`). Its target is the note when it says so too:
//! `role="doc-footnote"`/`doc-endnote`, an `<li>`, or an id or class naming a
//! note (`fn1`, `cite_note-3`, `footnote-2`). The list that holds the notes
//! (`role="doc-endnotes"`, `class="footnotes"`) is read as notes only, its
//! rule and "Notes" heading left out; links back to the text
//! (`role="doc-backlink"`, `↩`) are dropped.

use super::dom::{Dom, NONE};
use std::collections::{HashMap, HashSet};

/// What the page's footnotes are, by node.
#[derive(Debug, Default)]
pub(super) struct Notes {
    /// Reference anchors -> the label of their note.
    pub(super) refs: HashMap<u32, String>,
    /// Note elements -> label.
    pub(super) targets: HashMap<u32, String>,
    /// Containers of notes only (read as their notes).
    pub(super) sections: HashSet<u32>,
    /// Links from a note back to its reference.
    pub(super) backlinks: HashSet<u32>,
}

fn names(dom: &Dom, i: u32) -> String {
    let mut s = String::new();
    for a in ["class", "id"] {
        if let Some(v) = dom.attr(i, a) {
            s.push_str(&v.to_ascii_lowercase());
            s.push(' ');
        }
    }
    s
}

fn says_ref(dom: &Dom, a: u32) -> bool {
    if dom.attr(a, "role") == Some("doc-noteref") {
        return true;
    }
    let n = names(dom, a) + &names(dom, dom.parent(a));
    if [
        "footnote",
        "fnref",
        "noteref",
        "note-ref",
        "reference",
        "endnote",
    ]
    .iter()
    .any(|w| n.contains(w))
    {
        return true;
    }
    let sup_child = dom.children(a).any(|c| dom.is(c, "sup"));
    let text = dom.collapsed_text(a, 12);
    let short = text.chars().count() <= 6;
    (dom.is(dom.parent(a), "sup") || sup_child) && short
}

fn says_note(dom: &Dom, t: u32) -> bool {
    if matches!(
        dom.attr(t, "role"),
        Some("doc-footnote" | "doc-endnote" | "note")
    ) || dom.is(t, "li")
    {
        return true;
    }
    let id = dom.attr(t, "id").unwrap_or("").to_ascii_lowercase();
    id.starts_with("fn")
        || ["note", "foot", "cite"]
            .iter()
            .any(|w| names(dom, t).contains(w))
}

fn says_section(dom: &Dom, s: u32) -> bool {
    dom.attr(s, "role") == Some("doc-endnotes")
        || [
            "footnotes",
            "endnotes",
            "references",
            "reflist",
            "footnote-list",
        ]
        .iter()
        .any(|w| names(dom, s).contains(w))
}

/// Finds the footnotes inside `roots`, among the elements `alive` keeps.
pub(super) fn find(dom: &Dom, roots: &[u32], alive: &dyn Fn(u32) -> bool) -> Notes {
    let mut ids: HashMap<&str, u32> = HashMap::new();
    for &r in roots {
        for i in r..dom.end(r) {
            if let Some(id) = dom.attr(i, "id")
                && !id.is_empty()
            {
                ids.entry(id).or_insert(i);
            }
        }
    }
    let mut notes = Notes::default();
    for &r in roots {
        for a in r..dom.end(r) {
            if !dom.is(a, "a") {
                continue;
            }
            let Some(id) = dom.attr(a, "href").and_then(|h| h.trim().strip_prefix('#')) else {
                continue;
            };
            let Some(&t) = ids.get(id) else { continue };
            if dom.contains(t, a)
                || !says_ref(dom, a)
                || !says_note(dom, t)
                || !alive(t)
                || !alive(a)
            {
                continue;
            }
            // A link inside another note's text pointing at a note is a
            // cross-reference, kept as a reference.
            notes.refs.insert(a, id.to_string());
            notes.targets.insert(t, id.to_string());
        }
    }
    // A link whose target is a reference (or an element holding one) is a
    // link back from a note, not a reference.
    let holds_ref = |t: u32| {
        notes.refs.contains_key(&t)
            || (dom.is(t, "sup") && notes.refs.keys().any(|&r| dom.parent(r) == t))
    };
    let back: Vec<u32> = notes
        .refs
        .iter()
        .filter(|(a, id)| {
            ids.get(id.as_str())
                .is_some_and(|&t| holds_ref(t) && !dom.contains(t, **a))
        })
        .map(|(a, _)| *a)
        .collect();
    for a in back {
        if let Some(id) = notes.refs.remove(&a)
            && let Some(&t) = ids.get(id.as_str())
        {
            notes.targets.remove(&t);
        }
        notes.backlinks.insert(a);
    }
    if notes.targets.is_empty() {
        return notes;
    }
    // Ids a link back may name: a reference, or an element around it.
    let mut ref_ids: HashSet<&str> = HashSet::new();
    for &a in notes.refs.keys() {
        let mut p = a;
        for _ in 0..3 {
            if p == NONE {
                break;
            }
            if let Some(id) = dom.attr(p, "id") {
                ref_ids.insert(id);
            }
            p = dom.parent(p);
        }
    }
    let targets: Vec<u32> = notes.targets.keys().copied().collect();
    for &t in &targets {
        for a in t..dom.end(t) {
            if !dom.is(a, "a") {
                continue;
            }
            let href = dom.attr(a, "href").unwrap_or("").trim();
            let back = dom.attr(a, "role") == Some("doc-backlink")
                || names(dom, a).contains("back")
                || href
                    .strip_prefix('#')
                    .is_some_and(|id| ref_ids.contains(id))
                || matches!(dom.collapsed_text(a, 4).as_str(), "↩" | "↩︎" | "^" | "↑");
            if back && !notes.refs.contains_key(&a) {
                notes.backlinks.insert(a);
            }
        }
        // The container of notes: up to four levels above the note.
        let mut p = dom.parent(t);
        for _ in 0..4 {
            if p == NONE || roots.contains(&p) {
                break;
            }
            if says_section(dom, p) {
                let text = dom.collapsed_text(p, 20_000).chars().count();
                let in_notes: usize = targets
                    .iter()
                    .filter(|&&x| dom.contains(p, x))
                    .map(|&x| dom.collapsed_text(x, 20_000).chars().count())
                    .sum();
                // Only notes (and a heading, a rule) in it.
                if text <= in_notes + 40 {
                    notes.sections.insert(p);
                }
                break;
            }
            p = dom.parent(p);
        }
    }
    notes
}
