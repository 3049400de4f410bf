//! What the extractor reads in a page's names and tags: the class/id
//! patterns (unlikely, positive, negative, byline, share, junk inside), the
//! report reason a class name stands for, byline name tests, and the tag
//! tables (block tags, always-dropped elements, tag codes).

use super::Reason;
use regex::Regex;
use std::sync::LazyLock;

use crate::text::rules::regex as re;

pub(super) static UNLIKELY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote",
    )
});
/// galley's extra unlikely names, trusted only on small elements.
pub(super) static UNLIKELY_SMALL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)newsletter|share|sharing|outbrain|taboola|promo|subscribe|signup|cookie|consent|paywall|recirc",
    )
});
pub(super) static MAYBE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)and|article|body|column|content|main|mathjax|shadow"));
pub(super) static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|newsletter|taboola|recirc",
    )
});
pub(super) static POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story")
});
pub(super) static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)byline|author|dateline|writtenby|p-author"));
pub(super) static SHARE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(\b|_)(share|sharedaddy)(\b|_)"));
/// Strong junk names checked inside the chosen article (token-ish matches).
pub(super) static JUNK_INSIDE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(^|[\s_-])((?:related|recent|popular|latest)[_-]?(?:posts?|entries|articles)|share|sharing|social|newsletter|subscribe|subscription|signup|related|recommended|recirc|outbrain|taboola|promo|ad|ads|advert|advertisement|adslot|ad-slot|dfp|sponsored|comments?|disqus|author-bio|author-info|about-author|bio|tags|tag-list|breadcrumbs?|pagination|print|toolbar|newsletter-signup|most-read|most-popular|trending|read-more|readmore|more-stories|further-reading|[a-z-]*-stories)([\s_-]|$)",
    )
});

/// A byline that names people: short, no digits (dates, counts), few words.
pub fn looks_like_names(t: &str) -> bool {
    let n = t.chars().count();
    n > 0
        && n < 100
        && !t.chars().any(|c| c.is_ascii_digit())
        && t.split_whitespace().count() <= 12
        && !t.contains(". ")
        && !t.contains(['!', '?'])
        && super::super::meta::split_authors(t)
            .iter()
            .all(|a| a.split_whitespace().count() <= 5)
}

/// `By Ana Lima March 2, 2024 10:15` -> `By Ana Lima`: a byline cut before
/// its date (and the word leading into it: `by Ana Lima on Aug 9`), when
/// what is left names people.
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
    // The word that leads into the date (`by Ana on Aug 9`, `von Ulrike am
    // 9. August`, `par Léa le 9 août`) is not part of the name. Only as the
    // last word before the date: a name that ends in `Le` or `El` has the
    // date right after it, with no lead word, and keeps it.
    const INTO_DATE: &[&str] = &["on", "at", "am", "le", "el", "il", "op", "em"];
    let mut head = t
        .get(..end)?
        .trim()
        .trim_end_matches([',', '|', '-', '–', '—', '·'])
        .trim();
    if let Some((rest, last)) = head.rsplit_once(char::is_whitespace)
        && INTO_DATE.contains(&last.to_lowercase().as_str())
    {
        head = rest.trim_end_matches([',', '|', '-', '–', '—', '·']).trim();
    }
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
        "recent-posts",
        "recent_posts",
        "recentposts",
        "recent-entries",
        "recent_entries",
        "-stories",
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

/// Per node: `C_*` flags of its tag (what the statistics count).
pub(super) const C_TEXT: u8 = 1;
pub(super) const C_P: u8 = 2;
pub(super) const C_IMG: u8 = 4;
pub(super) const C_LI: u8 = 8;
pub(super) const C_INPUT: u8 = 16;
pub(super) const C_EMBED: u8 = 32;
pub(super) const C_HEADING: u8 = 64;
pub(super) const C_BLOCK: u8 = 128;

pub(super) fn tag_code(t: &str) -> u8 {
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

pub(super) fn is_heading(t: &str) -> bool {
    matches!(t, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

pub(super) const DIV_TO_P: &[&str] = &[
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
pub(super) const ALWAYS_DROP: &[(&str, Reason)] = &[
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

pub(super) fn is_hidden(style: Option<&str>) -> bool {
    let Some(s) = style else { return false };
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cut_before_their_date() {
        let cut = |t: &str| names_before_date(t);
        assert_eq!(
            cut("By Ana Lima March 2, 2024 10:15").as_deref(),
            Some("By Ana Lima")
        );
        // The word leading into the date goes with it.
        assert_eq!(
            cut("by Ana Lima on Aug 9, 2012 12:43 PM EDT").as_deref(),
            Some("by Ana Lima")
        );
        assert_eq!(
            cut("von Ulrike Berg am 9. August 2012").as_deref(),
            Some("von Ulrike Berg")
        );
        assert_eq!(cut("Ana Lima | 2 March 2024").as_deref(), Some("Ana Lima"));
        // Nothing to cut, or no names before the date.
        assert_eq!(cut("Ana Lima"), None);
        assert_eq!(cut("Posted on March 2, 2024"), None);
        // Capitalised, or after a non-breaking space.
        assert_eq!(
            cut("By Ana Lima On Aug 9, 2012").as_deref(),
            Some("By Ana Lima")
        );
        assert_eq!(
            cut("by Ana Lima\u{a0}on 9 Aug 2012").as_deref(),
            Some("by Ana Lima")
        );
        // A lead word alone is no name.
        assert_eq!(cut("by on 9 Aug 2012"), None);
    }
}
