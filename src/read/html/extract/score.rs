//! Per-node statistics for scoring: text length, link text, commas and
//! tag counts of each live subtree, recomputed after every round of drops,
//! and the weights class and id names give.

use super::super::dom::NONE;
use super::Ex;
use super::signals::{
    C_BLOCK, C_EMBED, C_HEADING, C_IMG, C_INPUT, C_LI, C_P, C_TEXT, NEGATIVE, POSITIVE,
    UNLIKELY_SMALL,
};

/// What a live subtree holds.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Stats {
    pub(super) text: u32,
    pub(super) link: f32,
    pub(super) commas: u32,
    pub(super) p: u32,
    pub(super) img: u32,
    pub(super) li: u32,
    pub(super) li_text: u32,
    pub(super) input: u32,
    pub(super) embed: u32,
    pub(super) heading: u32,
    pub(super) block: bool,
}

impl Ex<'_> {
    /// Recomputes `alive` and aggregate statistics from `dropped`.
    pub(super) fn compute(&mut self) {
        self.compute_range(0, self.dom.len());
    }

    /// Recomputes `alive` and statistics for the subtree `lo..hi` (the whole
    /// page, or one article root); ancestors outside it are left as they are.
    pub(super) fn compute_range(&mut self, lo: usize, hi: usize) {
        let dom = self.dom;
        for i in lo..hi {
            let p = dom.nodes[i].parent;
            let parent_alive = p == NONE || self.alive[p as usize];
            self.alive[i] = parent_alive && self.dropped[i].is_none();
            self.stats[i] = Stats::default();
        }
        for i in (lo..hi).rev() {
            if !self.alive[i] {
                continue;
            }
            let mut s = self.stats[i];
            let c = self.code[i];
            if c & C_TEXT != 0 {
                s.text += self.own_len[i];
                s.commas += self.own_commas[i];
                s.link += self.link_w[i] * self.own_len[i] as f32;
            } else if c != 0 {
                if c & C_P != 0 {
                    s.p += 1;
                }
                if c & C_IMG != 0 {
                    s.img += 1;
                }
                if c & C_LI != 0 {
                    s.li += 1;
                    s.li_text = s.text;
                }
                if c & C_INPUT != 0 {
                    s.input += 1;
                }
                if c & C_EMBED != 0 {
                    s.embed += 1;
                }
                if c & C_HEADING != 0 {
                    s.heading = s.text;
                }
            }
            self.stats[i] = s;
            let p = dom.nodes[i].parent;
            if p != NONE && i > lo {
                let ps = &mut self.stats[p as usize];
                ps.text += s.text;
                ps.link += s.link;
                ps.commas += s.commas;
                ps.p += s.p;
                ps.img += s.img;
                ps.li += s.li;
                ps.li_text += s.li_text;
                ps.input += s.input;
                ps.embed += s.embed;
                ps.heading += s.heading;
                ps.block |= s.block || c & C_BLOCK != 0;
            }
        }
    }

    pub(super) fn link_density(&self, i: u32) -> f32 {
        let s = &self.stats[i as usize];
        if s.text == 0 {
            0.0
        } else {
            s.link / s.text as f32
        }
    }

    pub(super) fn text_len(&self, i: u32) -> u32 {
        self.stats[i as usize].text
    }

    pub(super) fn class_weight(&self, i: u32) -> f32 {
        let Some(e) = self.dom.element(i) else {
            return 0.0;
        };
        let mut w = 0.0;
        for v in [e.attr("class"), e.attr("id")].into_iter().flatten() {
            if v.is_empty() {
                continue;
            }
            if NEGATIVE.is_match(v) {
                w -= 25.0;
            }
            if POSITIVE.is_match(v) {
                w += 25.0;
            }
        }
        if e.attr("itemprop")
            .is_some_and(|v| v.contains("articleBody"))
        {
            w += 25.0;
        }
        w
    }

    /// galley's extra junk names: trusted on small elements, and on ids
    /// only when the element holds no heading (share widgets rename the
    /// article header `...share-btns_containerParent`).
    pub(super) fn small_junk(&self, i: u32) -> bool {
        let s = &self.stats[i as usize];
        let class = self.dom.attr(i, "class").unwrap_or("");
        let id = self.dom.attr(i, "id").unwrap_or("");
        // A sign-up form is junk whatever its size (long privacy notes).
        if s.input > 0 && (UNLIKELY_SMALL.is_match(class) || UNLIKELY_SMALL.is_match(id)) {
            return true;
        }
        if s.text >= 500 {
            return false;
        }
        UNLIKELY_SMALL.is_match(class) || (s.heading == 0 && UNLIKELY_SMALL.is_match(id))
    }
}
