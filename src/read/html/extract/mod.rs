//! Finding the article in a page: a content-scoring extractor in the manner
//! of Readability (paragraph text, commas and length score their ancestors;
//! link density discounts; class and id names weigh in; the best container
//! and its matching siblings are the article), then cleaning inside it
//! (share bars, related stories, newsletter boxes, ads, comments, forms,
//! link lists). Everything dropped is marked with a reason for the report.
//!
//! * [`signals`]: the class/id patterns, report reasons and tag tables.
//! * `score`: per-node statistics (text, links, commas, tag counts) and
//!   class weights.
//! * `select`: unlikely candidates and the byline struck out, then the
//!   candidates scored and the article's roots picked.
//! * `clean`: junk inside the chosen article dropped.
//!
//! [`extract`] runs them with fewer heuristics each attempt until one finds
//! enough text. No recursion: all walks are index loops over the flat
//! pre-order DOM.

use super::dom::{Dom, NONE, NodeKind};

mod clean;
mod score;
mod select;
pub mod signals;

use signals::{ALWAYS_DROP, C_TEXT, is_hidden, tag_code};
pub use signals::{looks_like_names, names_before_date, reason_for};

/// Why a subtree was dropped.
pub type Reason = &'static str;

const F_STRIP_UNLIKELYS: u8 = 1;
const F_WEIGHT_CLASSES: u8 = 2;
const F_CLEAN_CONDITIONALLY: u8 = 4;

/// The extraction result.
pub struct Extraction {
    /// Article roots, in document order.
    pub roots: Vec<u32>,
    /// Per node: why it (and its subtree) was dropped.
    pub dropped: Vec<Option<Reason>>,
    /// A byline found in the page (text, node).
    pub byline: Option<(String, u32)>,
    /// Characters of article text.
    pub text_len: u32,
}

/// The extractor's state over one page: what each node is (fixed), and
/// what is dropped and counted in the current attempt.
struct Ex<'a> {
    dom: &'a Dom,
    /// Collapsed length and commas of text nodes.
    own_len: Vec<u32>,
    own_commas: Vec<u32>,
    base: Vec<Option<Reason>>,
    dropped: Vec<Option<Reason>>,
    alive: Vec<bool>,
    stats: Vec<score::Stats>,
    class_id: Vec<Option<String>>,
    /// Per node: `C_*` flags of its tag.
    code: Vec<u8>,
    /// Per node: weight of its text as link text (0, 0.3 for `#` links, 1).
    link_w: Vec<f32>,
    /// Per node: a data table, or inside one (see `tables::is_data_table`).
    in_data_table: Vec<bool>,
    /// The page's first `h1`: an `<aside>` that holds it is the article.
    first_h1: Option<u32>,
}

/// Collapsed length (whitespace runs count one) and commas of a text.
fn text_counts(t: &str) -> (u32, u32) {
    let mut len = 0u32;
    let mut commas = 0u32;
    let mut prev_ws = true;
    for c in t.chars() {
        if c.is_whitespace() {
            if !prev_ws {
                len += 1;
            }
            prev_ws = true;
        } else {
            len += 1;
            prev_ws = false;
            if matches!(
                c,
                ',' | '，' | '、' | '،' | '﹐' | '︐' | '︑' | '⹁' | '⸴' | '⸲' | '﹑'
            ) {
                commas += 1;
            }
        }
    }
    (len, commas)
}

/// The page's first `h1` (node `first_h1`) stands inside element `i`.
pub(super) fn holds_h1(dom: &Dom, i: u32, first_h1: Option<u32>) -> bool {
    first_h1.is_some_and(|h| i < h && h < dom.end(i))
}

/// Why element `i` (tag `tag`) is dropped whatever the attempt (scripts,
/// asides and navs by their class names, hidden elements), and its
/// `class id` string when it has one.
fn element_base(
    dom: &Dom,
    i: u32,
    tag: &str,
    first_h1: Option<u32>,
) -> (Option<Reason>, Option<String>) {
    let mut base = ALWAYS_DROP.iter().find(|(t, _)| *t == tag).map(|&(_, r)| r);
    // An `<aside>` that holds the page's first headline is the article in a
    // misused element (`<aside class="blogPost"><h1>…`), not a sidebar.
    if tag == "aside" && holds_h1(dom, i, first_h1) {
        base = None;
    }
    let mut class_id = None;
    if let Some(e) = dom.element(i) {
        let class = e.attr("class").unwrap_or("");
        let id = e.attr("id").unwrap_or("");
        if !class.is_empty() || !id.is_empty() {
            let ci = format!("{class} {id}");
            // An aside named as related stories, a share bar...
            // is reported as that.
            if matches!(base, Some("aside" | "nav")) {
                let r = reason_for(&ci);
                if r != "unlikely" {
                    base = Some(r);
                }
            }
            class_id = Some(ci);
        }
        let aria_hidden =
            e.attr("aria-hidden") == Some("true") && !class.contains("fallback-image");
        if base.is_none()
            && (e.attr("hidden").is_some() || aria_hidden || is_hidden(e.attr("style")))
        {
            base = Some("hidden");
        }
        if base.is_none() && e.attr("type") == Some("hidden") {
            base = Some("hidden");
        }
    }
    (base, class_id)
}

impl<'a> Ex<'a> {
    fn new(dom: &'a Dom) -> Self {
        let n = dom.len();
        let mut own_len = vec![0u32; n];
        let mut own_commas = vec![0u32; n];
        let mut base = vec![None; n];
        let mut class_id = vec![None; n];
        let mut code = vec![0u8; n];
        let mut link_w = vec![0f32; n];
        let mut in_data_table = vec![false; n];
        let first_h1 = dom.first("h1");
        for i in 0..n {
            let iu = i as u32;
            let p = dom.nodes[i].parent;
            link_w[i] = if p == NONE { 0.0 } else { link_w[p as usize] };
            in_data_table[i] = p != NONE && in_data_table[p as usize];
            match &dom.nodes[i].kind {
                NodeKind::Text => {
                    code[i] = C_TEXT;
                    (own_len[i], own_commas[i]) = text_counts(dom.text(iu));
                }
                NodeKind::Element(_) => {
                    let tag = dom.tag(iu);
                    code[i] = tag_code(tag);
                    if tag == "a" {
                        let frag = dom
                            .attr(iu, "href")
                            .is_some_and(|h| h.trim_start().starts_with('#'));
                        link_w[i] = if frag { 0.3 } else { 1.0 };
                    }
                    (base[i], class_id[i]) = element_base(dom, iu, tag, first_h1);
                    if tag == "table" && !in_data_table[i] {
                        in_data_table[i] = super::tables::is_data_table(dom, iu);
                    }
                }
                NodeKind::Other => {}
            }
        }
        Ex {
            dom,
            own_len,
            own_commas,
            dropped: base.clone(),
            base,
            alive: vec![true; n],
            stats: vec![score::Stats::default(); n],
            class_id,
            code,
            link_w,
            in_data_table,
            first_h1,
        }
    }
}

/// Finds the article in `dom`.
pub fn extract(dom: &Dom) -> Extraction {
    let mut ex = Ex::new(dom);
    let attempts = [
        F_STRIP_UNLIKELYS | F_WEIGHT_CLASSES | F_CLEAN_CONDITIONALLY,
        F_WEIGHT_CLASSES | F_CLEAN_CONDITIONALLY,
        F_CLEAN_CONDITIONALLY,
        0,
    ];
    let mut best: Option<(u32, Extraction)> = None;
    // What the first attempt struck out as reader comments.
    let mut comments: Vec<u32> = Vec::new();
    for flags in attempts {
        ex.dropped = ex.base.clone();
        ex.compute();
        let mut byline = None;
        ex.strip_unlikelys(flags & F_STRIP_UNLIKELYS != 0, &mut byline);
        if flags & F_STRIP_UNLIKELYS != 0 {
            comments = struck_comments(&ex);
        }
        ex.compute();
        ex.drop_empty();
        ex.compute();
        let (roots, marked) = ex.pick(flags);
        ex.prep(&roots, flags);
        let text_len: u32 = roots.iter().map(|&r| ex.text_len(r)).sum();
        let result = Extraction {
            roots,
            dropped: ex.dropped.clone(),
            byline,
            text_len,
        };
        // Roots that hold the page's marked article body are the article
        // even when it is short. Text the first attempt struck out as reader
        // comments does not count: a later attempt that only grows by taking
        // them back has not found more of the article.
        let article_len = text_len.saturating_sub(comment_text(&ex, &result.roots, &comments));
        if article_len >= 500 || (marked && article_len >= select::MARKED_BODY_MIN) {
            return result;
        }
        if best.as_ref().is_none_or(|(len, _)| article_len > *len) {
            best = Some((article_len, result));
        }
    }
    best.map(|(_, b)| b).unwrap_or(Extraction {
        roots: Vec::new(),
        dropped: Vec::new(),
        byline: None,
        text_len: 0,
    })
}

/// The outermost elements struck out as reader comments (by their class or
/// id names) in this attempt.
fn struck_comments(ex: &Ex) -> Vec<u32> {
    let mut out = Vec::new();
    let mut i = 0u32;
    while (i as usize) < ex.dom.len() {
        let k = i as usize;
        if ex.dropped[k] == Some("comments") && ex.base[k].is_none() {
            out.push(i);
            i = ex.dom.end(i);
        } else {
            i += 1;
        }
    }
    out
}

/// Text in `roots` that lies inside the struck comments.
fn comment_text(ex: &Ex, roots: &[u32], comments: &[u32]) -> u32 {
    roots
        .iter()
        .map(|&r| {
            if comments.iter().any(|&c| ex.dom.contains(c, r)) {
                return ex.text_len(r);
            }
            comments
                .iter()
                .filter(|&&c| ex.dom.contains(r, c))
                .map(|&c| ex.text_len(c))
                .sum()
        })
        .sum()
}
