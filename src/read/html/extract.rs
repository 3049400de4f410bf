//! Finding the article in a page: a content-scoring extractor in the manner
//! of Readability (paragraph text, commas and length score their ancestors;
//! link density discounts; class and id names weigh in; the best container
//! and its matching siblings are the article), then cleaning inside it
//! (share bars, related stories, newsletter boxes, ads, comments, forms,
//! link lists). Everything dropped is marked with a reason for the report.
//!
//! No recursion: all walks are index loops over the flat pre-order DOM.

use super::dom::{Dom, Kind, NONE};
use regex::Regex;
use std::sync::LazyLock;

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap_or_else(|_| Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!()))
}

static UNLIKELY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote",
    )
});
/// galley's extra unlikely names, trusted only on small elements.
static UNLIKELY_SMALL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)newsletter|share|sharing|outbrain|taboola|promo|subscribe|signup|cookie|consent|paywall|recirc",
    )
});
static MAYBE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)and|article|body|column|content|main|mathjax|shadow"));
static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|newsletter|taboola|recirc",
    )
});
static POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story")
});
static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)byline|author|dateline|writtenby|p-author"));
static SHARE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(\b|_)(share|sharedaddy)(\b|_)"));
/// Strong junk names checked inside the chosen article (token-ish matches).
static JUNK_INSIDE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(^|[\s_-])(share|sharing|social|newsletter|subscribe|subscription|signup|related|recommended|recirc|outbrain|taboola|promo|ad|ads|advert|advertisement|adslot|ad-slot|dfp|sponsored|comments?|disqus|author-bio|author-info|about-author|bio|tags|tag-list|breadcrumbs?|pagination|print|toolbar|newsletter-signup|most-read|most-popular|trending|read-more|readmore|more-stories|further-reading)([\s_-]|$)",
    )
});

/// Why a subtree was dropped.
pub type Reason = &'static str;

/// A byline that names people: short, no digits (dates, counts), few words.
pub fn looks_like_names(t: &str) -> bool {
    let n = t.chars().count();
    n > 0
        && n < 100
        && !t.chars().any(|c| c.is_ascii_digit())
        && t.split_whitespace().count() <= 12
        && !t.contains(". ")
        && !t.contains(['!', '?'])
        && super::meta::split_authors(t)
            .iter()
            .all(|a| a.split_whitespace().count() <= 5)
}

/// `By Ana Lima March 2, 2024 10:15` -> `By Ana Lima`: a byline cut before
/// its date, when what is left names people.
pub fn names_before_date(t: &str) -> Option<String> {
    const DATE_WORDS: &[&str] = &[
        "jan",
        "january",
        "feb",
        "february",
        "mar",
        "march",
        "apr",
        "april",
        "may",
        "jun",
        "june",
        "jul",
        "july",
        "aug",
        "august",
        "sep",
        "sept",
        "september",
        "oct",
        "october",
        "nov",
        "november",
        "dec",
        "december",
        "mon",
        "monday",
        "tue",
        "tuesday",
        "wed",
        "wednesday",
        "thu",
        "thursday",
        "fri",
        "friday",
        "sat",
        "saturday",
        "sun",
        "sunday",
        "updated",
        "published",
        "posted",
        "today",
        "yesterday",
    ];
    let mut end = t.len();
    if let Some(d) = t.find(|c: char| c.is_ascii_digit()) {
        end = end.min(d);
    }
    let mut pos = 0;
    for w in t.split(' ') {
        let bare = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if DATE_WORDS.contains(&bare.as_str()) {
            end = end.min(pos);
            break;
        }
        pos += w.len() + 1;
    }
    let head = t
        .get(..end)?
        .trim()
        .trim_end_matches([',', '|', '-', '–', '—', '·'])
        .trim();
    (head.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && head != t.trim()
        && looks_like_names(head))
    .then(|| head.to_string())
}

/// Classifies a class/id string into a report reason.
pub fn reason_for(s: &str) -> Reason {
    let s = s.to_ascii_lowercase();
    let has = |ws: &[&str]| ws.iter().any(|w| s.contains(w));
    if has(&["comment", "disqus", "replies", "respond", "discussion"]) {
        "comments"
    } else if has(&["share", "social", "sharing", "addthis"]) {
        "share"
    } else if has(&["newsletter", "subscri", "signup", "sign-up"]) {
        "newsletter"
    } else if has(&[
        "related",
        "recommend",
        "outbrain",
        "taboola",
        "promo",
        "read-more",
        "readmore",
        "trending",
        "popular",
        "most-read",
        "recirc",
        "more-stories",
    ]) {
        "related"
    } else if has(&["bio", "author"]) {
        "author-bio"
    } else if has(&[
        "-ad-",
        "advert",
        "sponsor",
        "banner",
        "dfp",
        "skyscraper",
        "ad-",
    ]) || s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|t| t == "ad" || t == "ads")
    {
        "ad"
    } else if has(&[
        "nav",
        "menu",
        "breadcrumb",
        "pagination",
        "pager",
        "masthead",
        "header",
        "footer",
    ]) {
        "nav"
    } else if has(&["sidebar", "aside", "widget"]) {
        "aside"
    } else {
        "unlikely"
    }
}

const F_STRIP_UNLIKELYS: u8 = 1;
const F_WEIGHT_CLASSES: u8 = 2;
const F_CLEAN_CONDITIONALLY: u8 = 4;

#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    text: u32,
    link: f32,
    commas: u32,
    p: u32,
    img: u32,
    li: u32,
    li_text: u32,
    input: u32,
    embed: u32,
    heading: u32,
    block: bool,
}

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

struct Ex<'a> {
    dom: &'a Dom,
    /// Collapsed length and commas of text nodes.
    own_len: Vec<u32>,
    own_commas: Vec<u32>,
    base: Vec<Option<Reason>>,
    dropped: Vec<Option<Reason>>,
    alive: Vec<bool>,
    stats: Vec<Stats>,
    class_id: Vec<Option<String>>,
    /// Per node: `C_*` flags of its tag.
    code: Vec<u8>,
    /// Per node: weight of its text as link text (0, 0.3 for `#` links, 1).
    link_w: Vec<f32>,
}

const C_TEXT: u8 = 1;
const C_P: u8 = 2;
const C_IMG: u8 = 4;
const C_LI: u8 = 8;
const C_INPUT: u8 = 16;
const C_EMBED: u8 = 32;
const C_HEADING: u8 = 64;
const C_BLOCK: u8 = 128;

fn tag_code(t: &str) -> u8 {
    let mut c = match t {
        "p" => C_P,
        "img" => C_IMG,
        "li" => C_LI,
        "input" | "select" | "textarea" | "button" => C_INPUT,
        "embed" | "object" | "iframe" | "video" => C_EMBED,
        _ if is_heading(t) => C_HEADING,
        _ => 0,
    };
    if DIV_TO_P.contains(&t) {
        c |= C_BLOCK;
    }
    c
}

fn is_heading(t: &str) -> bool {
    matches!(t, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

const DIV_TO_P: &[&str] = &[
    "a",
    "blockquote",
    "dl",
    "div",
    "img",
    "ol",
    "p",
    "pre",
    "table",
    "ul",
    "section",
    "article",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "form",
    "li",
    "picture",
    "video",
    "iframe",
];

/// Elements that never hold article text.
const ALWAYS_DROP: &[(&str, Reason)] = &[
    ("script", "script"),
    ("style", "script"),
    ("noscript", "script"),
    ("template", "script"),
    ("link", "script"),
    ("meta", "script"),
    ("head", "head"),
    ("title", "head"),
    ("iframe", "embed"),
    ("object", "embed"),
    ("embed", "embed"),
    ("svg", "embed"),
    ("canvas", "embed"),
    ("math", "embed"),
    ("audio", "embed"),
    ("video", "embed"),
    ("button", "form"),
    ("aside", "aside"),
    ("select", "form"),
    ("textarea", "form"),
    ("label", "form"),
    ("nav", "nav"),
    ("dialog", "popup"),
];

fn is_hidden(style: Option<&str>) -> bool {
    let Some(s) = style else { return false };
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
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
        for i in 0..n {
            let iu = i as u32;
            let p = dom.nodes[i].parent;
            link_w[i] = if p == NONE { 0.0 } else { link_w[p as usize] };
            match &dom.nodes[i].kind {
                Kind::Text => {
                    code[i] = C_TEXT;
                    let t = dom.text(iu);
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
                                ',' | '，'
                                    | '、'
                                    | '،'
                                    | '﹐'
                                    | '︐'
                                    | '︑'
                                    | '⹁'
                                    | '⸴'
                                    | '⸲'
                                    | '﹑'
                            ) {
                                commas += 1;
                            }
                        }
                    }
                    own_len[i] = len;
                    own_commas[i] = commas;
                }
                Kind::Element(_) => {
                    let tag = dom.tag(iu);
                    code[i] = tag_code(tag);
                    if tag == "a" {
                        let frag = dom
                            .attr(iu, "href")
                            .is_some_and(|h| h.trim_start().starts_with('#'));
                        link_w[i] = if frag { 0.3 } else { 1.0 };
                    }
                    if let Some(&(_, r)) = ALWAYS_DROP.iter().find(|(t, _)| *t == tag) {
                        base[i] = Some(r);
                    }
                    if let Some(e) = dom.element(iu) {
                        let class = e.attr("class").unwrap_or("");
                        let id = e.attr("id").unwrap_or("");
                        if !class.is_empty() || !id.is_empty() {
                            let ci = format!("{class} {id}");
                            // An aside named as related stories, a share bar...
                            // is reported as that.
                            if matches!(base[i], Some("aside" | "nav")) {
                                let r = reason_for(&ci);
                                if r != "unlikely" {
                                    base[i] = Some(r);
                                }
                            }
                            class_id[i] = Some(ci);
                        }
                        let aria_hidden = e.attr("aria-hidden") == Some("true")
                            && !class.contains("fallback-image");
                        if base[i].is_none()
                            && (e.attr("hidden").is_some()
                                || aria_hidden
                                || is_hidden(e.attr("style")))
                        {
                            base[i] = Some("hidden");
                        }
                        if base[i].is_none() && e.attr("type") == Some("hidden") {
                            base[i] = Some("hidden");
                        }
                    }
                }
                Kind::Other => {}
            }
        }
        Ex {
            dom,
            own_len,
            own_commas,
            dropped: base.clone(),
            base,
            alive: vec![true; n],
            stats: vec![Stats::default(); n],
            class_id,
            code,
            link_w,
        }
    }

    /// galley's extra junk names: trusted on small elements, and on ids
    /// only when the element holds no heading (share widgets rename the
    /// article header `...share-btns_containerParent`).
    fn small_junk(&self, i: u32) -> bool {
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

    fn class_weight(&self, i: u32) -> f32 {
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

    /// Recomputes `alive` and aggregate statistics from `dropped`.
    fn compute(&mut self) {
        self.compute_range(0, self.dom.len());
    }

    /// Recomputes `alive` and statistics for the subtree `lo..hi` (the whole
    /// page, or one article root); ancestors outside it are left as they are.
    fn compute_range(&mut self, lo: usize, hi: usize) {
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

    fn link_density(&self, i: u32) -> f32 {
        let s = &self.stats[i as usize];
        if s.text == 0 {
            0.0
        } else {
            s.link / s.text as f32
        }
    }

    fn text_len(&self, i: u32) -> u32 {
        self.stats[i as usize].text
    }

    /// Marks unlikely candidates and the page byline.
    fn strip_unlikelys(&mut self, strip: bool, byline: &mut Option<(String, u32)>) {
        let n = self.dom.len();
        let dom = self.dom;
        // Inside a table or code block, class names are not trusted to remove.
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
            if bdead[i] || !matches!(dom.nodes[i].kind, Kind::Element(_)) {
                continue;
            }
            let tag = dom.tag(iu);
            if matches!(tag, "table" | "code" | "pre") {
                protected[i] = true;
            }
            let e = dom.element(iu);
            let role = e.and_then(|e| e.attr("role")).unwrap_or("");
            let ci = self.class_id[i].as_deref().unwrap_or("");
            // The byline.
            if byline.is_none() {
                let rel = e.and_then(|e| e.attr("rel")).unwrap_or("");
                let itemprop = e.and_then(|e| e.attr("itemprop")).unwrap_or("");
                if rel == "author" || itemprop.contains("author") || BYLINE.is_match(ci) {
                    let text = dom.collapsed_text(iu, 200);
                    let len = text.chars().count();
                    if len > 0 && len < 100 && !matches!(tag, "body" | "html" | "article" | "main")
                    {
                        // The block goes; the names come from it, or from an
                        // author element inside it when it also holds dates,
                        // section names or share buttons.
                        let names = if looks_like_names(&text) {
                            Some((text, iu))
                        } else {
                            self.author_inside(iu)
                                .or_else(|| names_before_date(&text).map(|t| (t, iu)))
                        };
                        if let Some(b) = names {
                            *byline = Some(b);
                        }
                        if !dead[i] {
                            self.dropped[i] = Some("byline");
                            dead[i] = true;
                        }
                        continue;
                    }
                }
            }
            if dead[i] || !strip {
                continue;
            }
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
                self.dropped[i] = Some(if role == "complementary" {
                    "aside"
                } else {
                    "nav"
                });
                dead[i] = true;
                continue;
            }
            let article_body = e
                .and_then(|e| e.attr("itemprop"))
                .is_some_and(|p| p.contains("articleBody"));
            if !ci.is_empty()
                && !protected[i]
                && !article_body
                && !matches!(tag, "body" | "a" | "html" | "article" | "main")
                && (UNLIKELY.is_match(ci) || self.small_junk(iu))
                && !MAYBE.is_match(ci)
            {
                self.dropped[i] = Some(reason_for(ci));
                dead[i] = true;
            }
        }
    }

    /// An author element inside a byline block: `rel=author`,
    /// `itemprop=author|name`, or an author/name class, with a clean name.
    fn author_inside(&self, i: u32) -> Option<(String, u32)> {
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
    fn drop_empty(&mut self) {
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

    /// Scores and picks the top candidate; returns article roots.
    fn pick(&self, flags: u8) -> Vec<u32> {
        let dom = self.dom;
        let n = dom.len();
        let mut score = vec![0f32; n];
        let mut inited = vec![false; n];
        let mut candidates: Vec<u32> = Vec::new();
        let body = dom.first("body");
        // Divs that hold only a single paragraph stand aside for it.
        let collapsed = |i: u32| -> bool {
            if !dom.is(i, "div") {
                return false;
            }
            let mut only_p = None;
            for c in dom.children(i) {
                if !self.alive[c as usize] {
                    continue;
                }
                match &dom.nodes[c as usize].kind {
                    Kind::Text if self.own_len[c as usize] > 0 => return false,
                    Kind::Element(_) => {
                        if only_p.is_some() || !dom.is(c, "p") {
                            return false;
                        }
                        only_p = Some(c);
                    }
                    _ => {}
                }
            }
            only_p.is_some() && self.link_density(i) < 0.25
        };
        let mut add = |start_parent: u32, len: u32, commas: u32| {
            if len < 25 {
                return;
            }
            let content = 1.0 + (commas + 1) as f32 + (len / 100).min(3) as f32;
            let mut a = start_parent;
            let mut level = 0;
            while a != NONE && level < 5 {
                let p = dom.parent(a);
                if !matches!(dom.nodes[a as usize].kind, Kind::Element(_))
                    || p == NONE
                    || dom.tag(p).is_empty()
                {
                    break;
                }
                if collapsed(a) {
                    a = p;
                    continue;
                }
                let au = a as usize;
                if !inited[au] {
                    inited[au] = true;
                    let t = dom.tag(a);
                    score[au] = match t {
                        "div" => 5.0,
                        "pre" | "td" | "blockquote" => 3.0,
                        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
                        _ => 0.0,
                    };
                    if flags & F_WEIGHT_CLASSES != 0 {
                        score[au] += self.class_weight(a);
                    }
                    candidates.push(a);
                }
                let div = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => l as f32 * 3.0,
                };
                score[au] += content / div;
                a = p;
                level += 1;
            }
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
                add(dom.parent(iu), s.text, s.commas);
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
                    let block = matches!(dom.nodes[cu].kind, Kind::Element(_))
                        && (DIV_TO_P.contains(&dom.tag(c)) && !dom.is(c, "a")
                            || self.stats[cu].block);
                    if block {
                        add(iu, len, commas);
                        len = 0;
                        commas = 0;
                    } else {
                        len += self.stats[cu].text;
                        commas += self.stats[cu].commas;
                    }
                }
                add(iu, len, commas);
            }
        }
        for &c in &candidates {
            score[c as usize] *= 1.0 - self.link_density(c);
        }
        let mut top: Vec<u32> = candidates.clone();
        top.sort_by(|a, b| score[*b as usize].total_cmp(&score[*a as usize]));
        top.truncate(5);
        let Some(&first) = top.first() else {
            return body.into_iter().collect();
        };
        if Some(first) == body {
            return body.into_iter().collect();
        }
        let mut best = first;
        let is_ancestor = |a: u32, x: u32| a <= x && x < dom.end(a);
        // Several near-top candidates under one ancestor: take the ancestor.
        let strong: Vec<u32> = top[1..]
            .iter()
            .copied()
            .filter(|&c| score[c as usize] / score[best as usize].max(1e-6) >= 0.75)
            .collect();
        if strong.len() >= 3 {
            let mut p = dom.parent(best);
            while p != NONE && !dom.is(p, "body") && !dom.is(p, "html") {
                let containing = strong.iter().filter(|&&c| is_ancestor(p, c)).count();
                if containing >= 3 {
                    best = p;
                    break;
                }
                p = dom.parent(p);
            }
        }
        if !inited[best as usize] {
            // Never scored: leave it as is.
        }
        // Climb while the parent scores higher (content split into columns).
        let mut last = score[best as usize];
        let threshold = last / 3.0;
        let mut p = dom.parent(best);
        while p != NONE && !dom.is(p, "body") && !dom.is(p, "html") {
            if !inited[p as usize] {
                p = dom.parent(p);
                continue;
            }
            let ps = score[p as usize];
            if ps < threshold {
                break;
            }
            if ps > last {
                best = p;
                break;
            }
            last = ps;
            p = dom.parent(p);
        }
        // A lone child stands for its parent.
        loop {
            let p = dom.parent(best);
            if p == NONE || dom.is(p, "body") || dom.is(p, "html") {
                break;
            }
            let elems = dom
                .children(p)
                .filter(|&c| {
                    self.alive[c as usize] && matches!(dom.nodes[c as usize].kind, Kind::Element(_))
                })
                .count();
            if elems != 1 {
                break;
            }
            best = p;
        }
        // Siblings that look like more of the article.
        let parent = dom.parent(best);
        if parent == NONE {
            return vec![best];
        }
        let best_score = score[best as usize];
        let threshold = (best_score * 0.2).max(10.0);
        let best_class = dom.attr(best, "class").unwrap_or("");
        let mut roots = Vec::new();
        for s in dom.children(parent) {
            let su = s as usize;
            if !self.alive[su] || !matches!(dom.nodes[su].kind, Kind::Element(_)) {
                continue;
            }
            if s == best {
                roots.push(s);
                continue;
            }
            let mut bonus = 0.0;
            let sc = dom.attr(s, "class").unwrap_or("");
            if !sc.is_empty() && sc == best_class {
                bonus = best_score * 0.2;
            }
            let mut append = inited[su] && score[su] + bonus >= threshold;
            if !append && dom.is(s, "p") {
                let ld = self.link_density(s);
                let len = self.text_len(s);
                if len > 80 && ld < 0.25 {
                    append = true;
                } else if len < 80 && len > 0 && ld == 0.0 {
                    let t = dom.collapsed_text(s, 200);
                    if t.ends_with('.') || t.contains(". ") {
                        append = true;
                    }
                }
            }
            if append {
                roots.push(s);
            }
        }
        roots
    }

    fn mark_in(&mut self, roots: &[u32], tags: &[&str], reason: Reason) {
        for &r in roots {
            for i in r..self.dom.end(r) {
                if self.alive[i as usize]
                    && tags.contains(&self.dom.tag(i))
                    && self.dropped[i as usize].is_none()
                {
                    self.dropped[i as usize] = Some(reason);
                }
            }
        }
    }

    /// Cleans inside the chosen article.
    fn prep(&mut self, roots: &[u32], flags: u8) {
        let dom = self.dom;
        self.mark_in(roots, &["footer", "aside", "form", "fieldset"], "aside");
        self.compute();
        let total: u32 = roots.iter().map(|&r| self.text_len(r)).sum();
        // Share bars, related stories and the like named so inside the article.
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
                    && !POSITIVE.is_match(ci)
                    && (len as f32) < 0.25 * total as f32
                {
                    self.dropped[iu] = Some(reason_for(ci));
                }
            }
        }
        self.compute();
        // Headings with negative class names.
        if flags & F_WEIGHT_CLASSES != 0 {
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

    fn has_ancestor(&self, i: u32, tag: &str, limit: usize) -> bool {
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

    fn clean_conditionally(&mut self, roots: &[u32], tag: &str, flags: u8) {
        let dom = self.dom;
        let mut marks = Vec::new();
        for &r in roots {
            for i in (r..dom.end(r)).rev() {
                let iu = i as usize;
                if !self.alive[iu] || !dom.is(i, tag) || roots.contains(&i) {
                    continue;
                }
                if self.has_ancestor(i, "code", 64) || self.has_ancestor(i, "pre", 64) {
                    continue;
                }
                let s = self.stats[iu];
                let is_list = matches!(tag, "ul" | "ol")
                    || (s.text > 0 && s.li_text as f32 / s.text as f32 > 0.9);
                let weight = if flags & F_WEIGHT_CLASSES != 0 {
                    self.class_weight(i)
                } else {
                    0.0
                };
                if weight < 0.0 && s.text < 200 {
                    marks.push((i, self.class_reason(i)));
                    continue;
                }
                if s.commas >= 10 {
                    continue;
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
                if bad || link_list {
                    let reason = if ld > 0.2 {
                        "links"
                    } else if input > 0.0 {
                        "form"
                    } else {
                        "low-score"
                    };
                    let reason =
                        if self.class_id[iu].is_some() && self.class_reason(i) != "unlikely" {
                            self.class_reason(i)
                        } else {
                            reason
                        };
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

    fn class_reason(&self, i: u32) -> Reason {
        self.class_id[i as usize]
            .as_deref()
            .map_or("low-score", reason_for)
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
    let mut best: Option<Extraction> = None;
    for flags in attempts {
        ex.dropped = ex.base.clone();
        ex.compute();
        let mut byline = None;
        ex.strip_unlikelys(flags & F_STRIP_UNLIKELYS != 0, &mut byline);
        ex.compute();
        ex.drop_empty();
        ex.compute();
        let roots = ex.pick(flags);
        ex.prep(&roots, flags);
        let text_len: u32 = roots.iter().map(|&r| ex.text_len(r)).sum();
        let result = Extraction {
            roots,
            dropped: ex.dropped.clone(),
            byline,
            text_len,
        };
        if text_len >= 500 {
            return result;
        }
        if best.as_ref().is_none_or(|b| result.text_len > b.text_len) {
            best = Some(result);
        }
    }
    best.unwrap_or(Extraction {
        roots: Vec::new(),
        dropped: Vec::new(),
        byline: None,
        text_len: 0,
    })
}
