//! Candidate selection: unlikely candidates and the page byline struck
//! out, empty containers dropped, then paragraphs score their ancestors and
//! the best container, climbed and widened, plus its siblings that read as
//! more of the article, become the article's roots.

use super::super::dom::{NONE, NodeKind};
use super::signals::{
    BYLINE, DIV_TO_P, JUNK_INSIDE, MAYBE, UNLIKELY, looks_like_names, names_before_date,
};
use super::{Ex, F_WEIGHT_CLASSES, Reason, reason_for};

/// Characters of text a marked article body needs to be taken as the
/// article without scoring.
pub(super) const MARKED_BODY_MIN: u32 = 100;

/// Class names that templates give the one element holding a post's or
/// article's body: hAtom and microformats2 (`entry-content`, `e-content`),
/// Blogger's classic templates (`post-body`) and the names common in blog
/// and news themes. Each was measured on both corpora's saved pages; names
/// that cost more pages than they won (`post-text`, `entry-text`,
/// `articleBody` as a class, ...) are not here.
const BODY_CLASSES: &[&str] = &[
    "entry-content",
    "e-content",
    "post-body",
    "post-content",
    "article-body",
    "entry-body",
    "story-body",
    "article-content",
];

/// Content scores of the candidates (the ancestors that paragraphs
/// scored), per node.
struct Scores {
    score: Vec<f32>,
    /// Scored at least once (a candidate).
    inited: Vec<bool>,
    /// In the order first scored.
    candidates: Vec<u32>,
}

impl Ex<'_> {
    /// Marks unlikely candidates (when `strip`) and the page byline.
    pub(super) fn strip_unlikelys(&mut self, strip: bool, byline: &mut Option<(String, u32)>) {
        let n = self.dom.len();
        let dom = self.dom;
        // Inside a data table or code block, class names are not trusted to
        // remove.
        let mut protected = vec![false; n];
        let mut dead = vec![false; n];
        // Dropped for good (scripts, hidden): not even a byline is taken there.
        let mut bdead = vec![false; n];
        for i in 0..n {
            let iu = i as u32;
            let p = dom.nodes[i].parent;
            if p != NONE {
                protected[i] = protected[p as usize];
                dead[i] = dead[p as usize];
                bdead[i] = bdead[p as usize];
            }
            if self.base[i].is_some() {
                bdead[i] = true;
            }
            if self.dropped[i].is_some() {
                dead[i] = true;
            }
            if bdead[i] || !matches!(dom.nodes[i].kind, NodeKind::Element(_)) {
                continue;
            }
            let tag = dom.tag(iu);
            // Data tables and code are protected; a layout table (a whole
            // page in cells) is only a container.
            if matches!(tag, "code" | "pre") || (tag == "table" && self.in_data_table[i]) {
                protected[i] = true;
            }
            if byline.is_none()
                && let Some(names) = self.byline_block(iu, tag)
            {
                // The block goes; the names, when it has any, are the byline.
                if let Some(b) = names {
                    *byline = Some(b);
                }
                if !dead[i] {
                    self.dropped[i] = Some("byline");
                    dead[i] = true;
                }
                continue;
            }
            if dead[i] || !strip {
                continue;
            }
            if let Some(r) = self.unlikely(iu, tag, protected[i]) {
                self.dropped[i] = Some(r);
                dead[i] = true;
            }
        }
    }

    /// When element `i` is a byline block (`rel=author`, an author
    /// itemprop, a byline class; short, not the page or article), the names
    /// it gives: its text, or an author element inside it when it also
    /// holds dates, section names or share buttons, or its text cut before
    /// a date.
    fn byline_block(&self, i: u32, tag: &str) -> Option<Option<(String, u32)>> {
        let dom = self.dom;
        let e = dom.element(i);
        let ci = self.class_id[i as usize].as_deref().unwrap_or("");
        let rel = e.and_then(|e| e.attr("rel")).unwrap_or("");
        let itemprop = e.and_then(|e| e.attr("itemprop")).unwrap_or("");
        if !(rel == "author" || itemprop.contains("author") || BYLINE.is_match(ci)) {
            return None;
        }
        let text = dom.collapsed_text(i, 200);
        let len = text.chars().count();
        if len == 0 || len >= 100 || matches!(tag, "body" | "html" | "article" | "main") {
            return None;
        }
        Some(if looks_like_names(&text) {
            Some((text, i))
        } else {
            self.author_inside(i)
                .or_else(|| names_before_date(&text).map(|t| (t, i)))
        })
    }

    /// Why element `i` is an unlikely candidate: a navigation or
    /// complementary role, or an unlikely class name (not trusted inside a
    /// data table or code block, on the article body, or on page-level
    /// tags).
    fn unlikely(&self, i: u32, tag: &str, protected: bool) -> Option<Reason> {
        let e = self.dom.element(i);
        let role = e.and_then(|e| e.attr("role")).unwrap_or("");
        if matches!(
            role,
            "menu"
                | "menubar"
                | "complementary"
                | "navigation"
                | "alert"
                | "alertdialog"
                | "dialog"
        ) {
            return Some(if role == "complementary" {
                "aside"
            } else {
                "nav"
            });
        }
        let ci = self.class_id[i as usize].as_deref().unwrap_or("");
        let article_body = e
            .and_then(|e| e.attr("itemprop"))
            .is_some_and(|p| p.contains("articleBody"));
        (!ci.is_empty()
            && !protected
            && !article_body
            && !matches!(tag, "body" | "a" | "html" | "article" | "main")
            && (UNLIKELY.is_match(ci) || self.small_junk(i))
            && !maybe_article(ci))
        .then(|| reason_for(ci))
    }

    /// An author element inside a byline block: `rel=author`,
    /// `itemprop=author|name`, or an author/name class, with a clean name.
    pub(super) fn author_inside(&self, i: u32) -> Option<(String, u32)> {
        let dom = self.dom;
        // Strong signals first, then class names.
        for strong in [true, false] {
            for k in i + 1..dom.end(i) {
                let Some(e) = dom.element(k) else { continue };
                let ip = e.attr("itemprop").unwrap_or("");
                let class = e.attr("class").unwrap_or("");
                let hit = if strong {
                    e.attr("rel") == Some("author") || ip.contains("author") || ip == "name"
                } else {
                    class.contains("author") || class.contains("name")
                };
                if hit {
                    let t = dom.collapsed_text(k, 100);
                    let bare = t
                        .trim_start_matches(|c: char| !c.is_alphanumeric())
                        .trim_start_matches("By ")
                        .trim_start_matches("by ");
                    if looks_like_names(&t)
                        && bare.chars().filter(|c| c.is_alphabetic()).count() >= 3
                    {
                        return Some((t, k));
                    }
                }
            }
        }
        None
    }

    /// Marks containers with no text and nothing to show as dropped.
    pub(super) fn drop_empty(&mut self) {
        for i in 0..self.dom.len() {
            let iu = i as u32;
            let t = self.dom.tag(iu);
            if self.alive[i]
                && matches!(
                    t,
                    "div" | "section" | "header" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                )
                && self.stats[i].text == 0
                && self.stats[i].img == 0
                && self.stats[i].embed == 0
            {
                self.dropped[i] = Some("empty");
            }
        }
    }

    /// Scores and picks the top candidate; returns article roots, and
    /// whether they hold the page's marked article body (see
    /// [`Ex::marked_body`]).
    pub(super) fn pick(&mut self, flags: u8) -> (Vec<u32>, bool) {
        let dom = self.dom;
        let roots = self.pick_scored(flags);
        if flags & F_WEIGHT_CLASSES == 0 {
            return (roots, false);
        }
        let Some(marked) = self.marked_body() else {
            return (roots, false);
        };
        // The scored article inside a promo, related or share block of the
        // marked body (a slideshow "Also on …" under the story): the marked
        // body is the article, without that block, however long it is.
        if let Some(j) = roots.iter().find_map(|&r| self.junk_above(r, marked)) {
            let reason = reason_for(self.class_id[j as usize].as_deref().unwrap_or(""));
            self.dropped[j as usize] = Some(reason);
            self.compute();
            return (vec![marked], true);
        }
        let overlap = roots
            .iter()
            .any(|&r| dom.contains(r, marked) || dom.contains(marked, r));
        if overlap {
            (roots, true)
        } else {
            (vec![marked], true)
        }
    }

    /// The outermost element from `r` up to (not including) `marked` that
    /// is named as junk inside an article ([`JUNK_INSIDE`], not
    /// [`POSITIVE`]), when `r` lies inside `marked`.
    fn junk_above(&self, r: u32, marked: u32) -> Option<u32> {
        let dom = self.dom;
        if r == marked || !dom.contains(marked, r) {
            return None;
        }
        let mut found = None;
        let mut k = r;
        while k != NONE && k != marked {
            if let Some(ci) = self.class_id[k as usize].as_deref()
                && JUNK_INSIDE.is_match(ci)
                && !super::clean::positive_besides_junk(ci)
            {
                found = Some(k);
            }
            k = dom.parent(k);
        }
        found
    }

    /// The one element the page marks as its entry's or article's body
    /// (a class of [`BODY_CLASSES`], or schema.org
    /// `itemprop="articleBody"`), when there is exactly one outside the
    /// others and it holds at least [`MARKED_BODY_MIN`] characters. Blog
    /// templates mark the post so, and a short post can lose the scoring to
    /// a longer comment thread or profile: when the scored article and the
    /// marked body do not overlap at all, the marked body is the article.
    fn marked_body(&self) -> Option<u32> {
        let dom = self.dom;
        let mut found: Option<u32> = None;
        let mut i = 0u32;
        while (i as usize) < dom.len() {
            if !self.alive[i as usize] {
                i = dom.end(i);
                continue;
            }
            let has = |name: &str, words: &[&str]| {
                dom.attr(i, name)
                    .is_some_and(|v| v.split_ascii_whitespace().any(|t| words.contains(&t)))
            };
            let marked = has("class", BODY_CLASSES) || has("itemprop", &["articleBody"]);
            if marked {
                if found.is_some() {
                    return None;
                }
                found = Some(i);
                // Marked elements inside it are part of it.
                i = dom.end(i);
                continue;
            }
            i += 1;
        }
        found.filter(|&f| self.text_len(f) >= MARKED_BODY_MIN)
    }

    /// The best-scored container, climbed and widened, with its siblings.
    fn pick_scored(&self, flags: u8) -> Vec<u32> {
        let dom = self.dom;
        let body = dom.first("body");
        let sc = self.score_candidates(flags);
        let mut top: Vec<u32> = sc.candidates.clone();
        top.sort_by(|a, b| sc.score[*b as usize].total_cmp(&sc.score[*a as usize]));
        top.truncate(5);
        let Some(&first) = top.first() else {
            return body.into_iter().collect();
        };
        if Some(first) == body {
            return body.into_iter().collect();
        }
        let best = self.common_ancestor(first, &top[1..], &sc.score);
        let best = self.climb_to_higher_parent(best, &sc);
        let best = self.lone_child_parent(best);
        self.with_siblings(best, &sc)
    }

    /// Divs that hold only a single paragraph stand aside for it.
    fn collapsed(&self, i: u32) -> bool {
        let dom = self.dom;
        if !dom.is(i, "div") {
            return false;
        }
        let mut only_p = None;
        for c in dom.children(i) {
            if !self.alive[c as usize] {
                continue;
            }
            match &dom.nodes[c as usize].kind {
                NodeKind::Text if self.own_len[c as usize] > 0 => return false,
                NodeKind::Element(_) => {
                    if only_p.is_some() || !dom.is(c, "p") {
                        return false;
                    }
                    only_p = Some(c);
                }
                _ => {}
            }
        }
        only_p.is_some() && self.link_density(i) < 0.25
    }

    /// A paragraph's content score (`len` characters, `commas`) added to up
    /// to five ancestors from `start_parent`, less at each level; an
    /// ancestor scored for the first time starts from its tag (and class
    /// weight) and becomes a candidate.
    fn add_content(&self, sc: &mut Scores, start_parent: u32, len: u32, commas: u32, flags: u8) {
        let dom = self.dom;
        if len < 25 {
            return;
        }
        let content = 1.0 + (commas + 1) as f32 + (len / 100).min(3) as f32;
        let mut a = start_parent;
        let mut level = 0;
        while a != NONE && level < 5 {
            let p = dom.parent(a);
            if !matches!(dom.nodes[a as usize].kind, NodeKind::Element(_))
                || p == NONE
                || dom.tag(p).is_empty()
            {
                break;
            }
            if self.collapsed(a) {
                a = p;
                continue;
            }
            let au = a as usize;
            if !sc.inited[au] {
                sc.inited[au] = true;
                let t = dom.tag(a);
                sc.score[au] = match t {
                    "div" => 5.0,
                    "pre" | "td" | "blockquote" => 3.0,
                    "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
                    _ => 0.0,
                };
                if flags & F_WEIGHT_CLASSES != 0 {
                    sc.score[au] += self.class_weight(a);
                }
                sc.candidates.push(a);
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            sc.score[au] += content / div;
            a = p;
            level += 1;
        }
    }

    /// Every live paragraph-like element (and each run of text straight in
    /// a div with block children) scores its ancestors; scores are then
    /// discounted by link density.
    fn score_candidates(&self, flags: u8) -> Scores {
        let dom = self.dom;
        let n = dom.len();
        let mut sc = Scores {
            score: vec![0f32; n],
            inited: vec![false; n],
            candidates: Vec::new(),
        };
        for i in 0..n {
            if !self.alive[i] {
                continue;
            }
            let iu = i as u32;
            let t = dom.tag(iu);
            let scored = match t {
                "p" | "td" | "pre" | "section" | "h2" | "h3" | "h4" | "h5" | "h6" => true,
                "div" => !self.stats[i].block,
                _ => false,
            };
            if scored {
                let s = &self.stats[i];
                self.add_content(&mut sc, dom.parent(iu), s.text, s.commas, flags);
            } else if t == "div" {
                // Text straight in a div with block children: runs of phrasing
                // content are paragraphs of their own.
                let mut len = 0;
                let mut commas = 0;
                for c in dom.children(iu) {
                    let cu = c as usize;
                    if !self.alive[cu] {
                        continue;
                    }
                    let block = matches!(dom.nodes[cu].kind, NodeKind::Element(_))
                        && (DIV_TO_P.contains(&dom.tag(c)) && !dom.is(c, "a")
                            || self.stats[cu].block);
                    if block {
                        self.add_content(&mut sc, iu, len, commas, flags);
                        len = 0;
                        commas = 0;
                    } else {
                        len += self.stats[cu].text;
                        commas += self.stats[cu].commas;
                    }
                }
                self.add_content(&mut sc, iu, len, commas, flags);
            }
        }
        for &c in &sc.candidates {
            sc.score[c as usize] *= 1.0 - self.link_density(c);
        }
        sc
    }

    /// Several near-top candidates (`rest`, within 75% of `best`) under one
    /// ancestor: the ancestor.
    fn common_ancestor(&self, best: u32, rest: &[u32], score: &[f32]) -> u32 {
        let dom = self.dom;
        let strong: Vec<u32> = rest
            .iter()
            .copied()
            .filter(|&c| score[c as usize] / score[best as usize].max(1e-6) >= 0.75)
            .collect();
        if strong.len() >= 3 {
            let mut p = dom.parent(best);
            while p != NONE && !dom.is(p, "body") && !dom.is(p, "html") {
                let containing = strong.iter().filter(|&&c| dom.contains(p, c)).count();
                if containing >= 3 {
                    return p;
                }
                p = dom.parent(p);
            }
        }
        best
    }

    /// Climbs while the parent scores higher (content split into columns),
    /// stopping below a third of `best`'s score.
    fn climb_to_higher_parent(&self, best: u32, sc: &Scores) -> u32 {
        let dom = self.dom;
        let mut last = sc.score[best as usize];
        let threshold = last / 3.0;
        let mut p = dom.parent(best);
        while p != NONE && !dom.is(p, "body") && !dom.is(p, "html") {
            if !sc.inited[p as usize] {
                p = dom.parent(p);
                continue;
            }
            let ps = sc.score[p as usize];
            if ps < threshold {
                break;
            }
            if ps > last {
                return p;
            }
            last = ps;
            p = dom.parent(p);
        }
        best
    }

    /// A lone child stands for its parent (up to, not including, the body).
    fn lone_child_parent(&self, mut best: u32) -> u32 {
        let dom = self.dom;
        loop {
            let p = dom.parent(best);
            if p == NONE || dom.is(p, "body") || dom.is(p, "html") {
                return best;
            }
            let elems = dom
                .children(p)
                .filter(|&c| {
                    self.alive[c as usize]
                        && matches!(dom.nodes[c as usize].kind, NodeKind::Element(_))
                })
                .count();
            if elems != 1 {
                return best;
            }
            best = p;
        }
    }

    /// `best` and its siblings that look like more of the article: scored
    /// near it (more so with its class name), or paragraphs of prose.
    fn with_siblings(&self, best: u32, sc: &Scores) -> Vec<u32> {
        let dom = self.dom;
        let parent = dom.parent(best);
        if parent == NONE {
            return vec![best];
        }
        let best_score = sc.score[best as usize];
        let threshold = (best_score * 0.2).max(10.0);
        let best_class = dom.attr(best, "class").unwrap_or("");
        let mut roots = Vec::new();
        for s in dom.children(parent) {
            let su = s as usize;
            if !self.alive[su] || !matches!(dom.nodes[su].kind, NodeKind::Element(_)) {
                continue;
            }
            if s == best {
                roots.push(s);
                continue;
            }
            let mut bonus = 0.0;
            let sib_class = dom.attr(s, "class").unwrap_or("");
            if !sib_class.is_empty() && sib_class == best_class {
                bonus = best_score * 0.2;
            }
            // A sibling named as a list of other stories is not more of it.
            if self.class_id[su]
                .as_deref()
                .is_some_and(|ci| super::clean::is_promo_list(ci) && JUNK_INSIDE.is_match(ci))
            {
                continue;
            }
            let append = (sc.inited[su] && sc.score[su] + bonus >= threshold)
                || (dom.is(s, "p") && self.reads_as_prose(s));
            if append {
                roots.push(s);
            }
        }
        roots
    }

    /// A sibling paragraph that reads as article text: long with few links,
    /// or short, linkless and ending a sentence.
    fn reads_as_prose(&self, s: u32) -> bool {
        let ld = self.link_density(s);
        let len = self.text_len(s);
        if len > 80 && ld < 0.25 {
            true
        } else if len < 80 && len > 0 && ld == 0.0 {
            let t = self.dom.collapsed_text(s, 200);
            t.ends_with('.') || t.contains(". ")
        } else {
            false
        }
    }
}

/// Do an element's class and id names say it may be the article after all
/// (`article`, `body`, `content`, `main`, ...)? Not when the name that says
/// so is a comment's own (`commentbody`, `comment-content`,
/// `wp-comment-content`): the body of a comment is a comment. A
/// `commentary-body` is an opinion piece, not a comment.
fn maybe_article(class_id: &str) -> bool {
    class_id.split_ascii_whitespace().any(|t| {
        let lower = t.to_ascii_lowercase();
        let comment = lower.contains("comment") && !lower.contains("commentary");
        MAYBE.is_match(t) && !comment
    })
}

#[cfg(test)]
mod tests {
    use super::maybe_article;

    #[test]
    fn a_comments_body_is_no_article() {
        for name in [
            "commentbody by-ana",
            "comment-content",
            "wp-comment-content",
            "c-comment__body",
        ] {
            assert!(!maybe_article(name), "{name}");
        }
        for name in [
            "post-body",
            "commentary-body",
            "comments main-column",
            "article",
        ] {
            assert!(maybe_article(name), "{name}");
        }
    }
}
