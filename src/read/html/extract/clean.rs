//! Cleaning inside the chosen article: footers, asides and forms; share
//! bars, related stories and the like named so; headings with negative
//! names; and, conditionally, containers whose statistics read as page
//! furniture (link lists, forms, image walls, embeds).

use super::super::dom::NONE;
use super::signals::{JUNK_INSIDE, POSITIVE, SHARE, reason_for};
use super::{Ex, F_CLEAN_CONDITIONALLY, F_WEIGHT_CLASSES, Reason};

impl Ex<'_> {
    pub(super) fn mark_in(&mut self, roots: &[u32], tags: &[&str], reason: Reason) {
        for &r in roots {
            for i in r..self.dom.end(r) {
                let tag = self.dom.tag(i);
                if self.alive[i as usize]
                    && tags.contains(&tag)
                    && self.dropped[i as usize].is_none()
                    && !(tag == "aside" && super::holds_h1(self.dom, i, self.first_h1))
                {
                    self.dropped[i as usize] = Some(reason);
                }
            }
        }
    }

    /// Cleans inside the chosen article: footers, asides and forms, then
    /// blocks named as junk, headings named negatively, and (with
    /// [`F_CLEAN_CONDITIONALLY`]) furniture, tag by tag.
    pub(super) fn prep(&mut self, roots: &[u32], flags: u8) {
        self.mark_in(roots, &["footer", "aside", "form", "fieldset"], "aside");
        self.compute();
        self.drop_named_junk(roots);
        self.compute();
        if flags & F_WEIGHT_CLASSES != 0 {
            self.drop_negative_headings(roots);
        }
        if flags & F_CLEAN_CONDITIONALLY != 0 {
            for tag in ["form", "fieldset", "table", "ul", "ol", "div", "section"] {
                for &r in roots {
                    self.compute_range(r as usize, self.dom.end(r) as usize);
                }
                self.clean_conditionally(roots, tag, flags);
            }
        }
        self.compute();
    }

    /// Share bars, related stories and the like named so inside the
    /// article (share bars under 500 characters, other junk under a quarter
    /// of the article's text).
    fn drop_named_junk(&mut self, roots: &[u32]) {
        let dom = self.dom;
        let total: u32 = roots.iter().map(|&r| self.text_len(r)).sum();
        for &r in roots {
            for i in r..dom.end(r) {
                let iu = i as usize;
                if !self.alive[iu] || i == r || self.dropped[iu].is_some() {
                    continue;
                }
                let Some(ci) = self.class_id[iu].as_deref() else {
                    continue;
                };
                let t = dom.tag(i);
                if matches!(t, "p" | "a" | "span" | "em" | "strong" | "b" | "i") {
                    continue;
                }
                let len = self.text_len(i);
                if SHARE.is_match(ci) && len < 500 {
                    self.dropped[iu] = Some("share");
                } else if JUNK_INSIDE.is_match(ci)
                    && !positive_besides_junk(ci)
                    && ((len as f32) < 0.25 * total as f32
                        || (is_promo_list(ci) && total - len >= 200))
                {
                    self.dropped[iu] = Some(reason_for(ci));
                }
            }
        }
    }

    /// `h1` and `h2` with negative class names.
    fn drop_negative_headings(&mut self, roots: &[u32]) {
        let dom = self.dom;
        for &r in roots {
            for i in r..dom.end(r) {
                if self.alive[i as usize]
                    && matches!(dom.tag(i), "h1" | "h2")
                    && self.class_weight(i) < 0.0
                {
                    self.dropped[i as usize] = Some("unlikely");
                }
            }
        }
    }

    pub(super) fn has_ancestor(&self, i: u32, tag: &str, limit: usize) -> bool {
        let mut p = self.dom.parent(i);
        let mut k = 0;
        while p != NONE && k < limit {
            if self.dom.is(p, tag) {
                return true;
            }
            p = self.dom.parent(p);
            k += 1;
        }
        false
    }

    /// Whether `i` holds more than half of the article's `whole` text: such
    /// a block (but a form) is the article, not furniture inside it.
    fn holds_most(&self, i: u32, whole: u32) -> bool {
        self.text_len(i) * 2 > whole
    }

    /// Drops each `tag` element inside the roots (innermost first) whose
    /// statistics read as page furniture; see [`Ex::furniture`].
    pub(super) fn clean_conditionally(&mut self, roots: &[u32], tag: &str, flags: u8) {
        let dom = self.dom;
        let mut marks = Vec::new();
        let whole: u32 = roots.iter().map(|&r| self.text_len(r)).sum();
        for &r in roots {
            for i in (r..dom.end(r)).rev() {
                let iu = i as usize;
                if !self.alive[iu] || !dom.is(i, tag) || roots.contains(&i) {
                    continue;
                }
                // A data table, and what its cells hold, is content however
                // many links it has (a line-up of linked player names): as
                // in Readability, it is never cleaned as furniture.
                if self.in_data_table[iu] {
                    continue;
                }
                if !matches!(tag, "form" | "fieldset") && self.holds_most(i, whole) {
                    continue;
                }
                if self.has_ancestor(i, "code", 64) || self.has_ancestor(i, "pre", 64) {
                    continue;
                }
                if let Some(reason) = self.furniture(i, tag, flags) {
                    marks.push((i, reason));
                }
            }
        }
        for (i, r) in marks {
            if self.dropped[i as usize].is_none() {
                self.dropped[i as usize] = Some(r);
            }
        }
    }

    /// Why element `i` (a `tag`) is page furniture rather than article: a
    /// small negatively named block, or Readability's conditional tests
    /// (images over paragraphs, list items over paragraphs, inputs, short
    /// text, link density, embeds), or a list of links.
    fn furniture(&self, i: u32, tag: &str, flags: u8) -> Option<Reason> {
        let s = self.stats[i as usize];
        let is_list =
            matches!(tag, "ul" | "ol") || (s.text > 0 && s.li_text as f32 / s.text as f32 > 0.9);
        let weight = if flags & F_WEIGHT_CLASSES != 0 {
            self.class_weight(i)
        } else {
            0.0
        };
        if weight < 0.0 && s.text < 200 {
            return Some(self.class_reason(i));
        }
        if s.commas >= 10 {
            return None;
        }
        let p = s.p as f32;
        let img = s.img as f32;
        let li = s.li as f32 - 100.0;
        let input = s.input as f32;
        let heading_density = if s.text == 0 {
            0.0
        } else {
            s.heading as f32 / s.text as f32
        };
        let ld = self.link_density(i);
        let len = s.text;
        let in_figure = self.has_ancestor(i, "figure", 8);
        let bad = (img > 1.0 && p / img < 0.5 && !in_figure)
            || (!is_list && li > p)
            || (input > (p / 3.0).floor())
            || (!is_list
                && heading_density < 0.9
                && len < 25
                && (img == 0.0 || img > 2.0)
                && !in_figure)
            || (!is_list && weight < 25.0 && ld > 0.2)
            || (weight >= 25.0 && ld > 0.5)
            || ((s.embed == 1 && len < 75) || s.embed > 1);
        // Lists of links (related stories, tags) inside the article.
        let link_list = is_list && ld > 0.95 && len < 1000 && s.li >= 3;
        if !(bad || link_list) {
            return None;
        }
        let reason = if ld > 0.2 {
            "links"
        } else if input > 0.0 {
            "form"
        } else {
            "low-score"
        };
        Some(
            if self.class_id[i as usize].is_some() && self.class_reason(i) != "unlikely" {
                self.class_reason(i)
            } else {
                reason
            },
        )
    }

    pub(super) fn class_reason(&self, i: u32) -> Reason {
        self.class_id[i as usize]
            .as_deref()
            .map_or("low-score", reason_for)
    }
}

/// A class or id that names a list of other stories (`promo`, `related`,
/// `outbrain` ...): such a block is junk inside the article whatever its
/// length, when the article has text of its own besides. `read-more` is
/// not one: it names the expander that holds the rest of the story as often.
pub(super) fn is_promo_list(ci: &str) -> bool {
    let l = ci.to_ascii_lowercase();
    reason_for(ci) == "related" && !l.contains("read-more") && !l.contains("readmore")
}

/// Whether a class or id that names junk also names the article
/// ([`POSITIVE`]) in a word of its own: `post-content related` does,
/// `related-posts` and `recent_posts` do not (their `post` is the junk's).
pub(super) fn positive_besides_junk(ci: &str) -> bool {
    POSITIVE.is_match(&JUNK_INSIDE.replace_all(ci, " "))
}

#[cfg(test)]
mod tests {
    use super::{is_promo_list, positive_besides_junk};

    #[test]
    fn junk_names_that_hold_post_are_still_junk() {
        assert!(!positive_besides_junk("recent_posts grid_12"));
        assert!(!positive_besides_junk("related-posts"));
        assert!(positive_besides_junk("post-content related"));
        assert!(positive_besides_junk("entry-body share"));
    }

    #[test]
    fn promo_lists_but_not_read_more_expanders() {
        assert!(is_promo_list("promo_holder clearfix"));
        assert!(is_promo_list("top-section-stories"));
        assert!(is_promo_list("recent_posts grid_12"));
        assert!(!is_promo_list(" read-more"));
        assert!(!is_promo_list("share-bar"));
    }
}
