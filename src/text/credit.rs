//! Photo-credit rules: a stand-alone credit line (`Credit: STR/AFP`), for the
//! normalizer's `credits` pass and the HTML reader's caption test.

use super::rules::{Compiled, Gate, MAX_RULE_CHARS, Rule, compile, first_match};
use std::sync::LazyLock;

/// Stand-alone photo credits.
pub const CREDITS: &[Rule] = &[
    (
        "credit-label",
        130,
        Gate::Starts(&[
            "photo",
            "image",
            "picture",
            "illustration",
            "graphic",
            "video",
            "credit",
            "source",
            "foto",
            "bild",
            "imagen",
            "crédit",
            "getty images",
        ]),
        r"(?i)^(?:photo|photograph|photos|image|picture|pictured|illustration|graphic|video|credit|credits|source|foto|bild|imagen|crédit photo|crédits?|fotografía|image copyright|image source|getty images|photo credit)\s*(?::|by(?-u:\b)|©)\s*.{1,90}$",
    ),
    (
        "credit-glued",
        88,
        Gate::Starts(&["credit"]),
        r"^Credit[A-Z][\w.'’ -]+$",
    ),
    (
        "agency-credit",
        120,
        Gate::ContainsExact(&[
            "AFP",
            "AP",
            "Reuters",
            "Getty",
            "EPA",
            "Bloomberg",
            "Shutterstock",
            "Alamy",
            "PA",
            "Xinhua",
            "Anadolu",
            "Zuma Press",
            "SIPA",
            "Keystone",
            "dpa",
            "ANSA",
            "Imago",
        ]),
        r"^(?:[\p{Lu}][\p{L}.'’-]*(?:\s+[\p{Lu}][\p{L}.'’-]*)*\s*/\s*)?(?:AFP|AP|Reuters|Getty Images|Getty|EPA|EPA-EFE|Bloomberg|Shutterstock|Alamy|PA|PA Wire|Xinhua|Anadolu|AFP via Getty Images|AP Photo|Reuters Pictures|Zuma Press|SIPA|Keystone|dpa|ANSA|Imago)(?:\s*(?:/|via)\s*[\p{L} ]+)?\.?$",
    ),
    (
        "photo-paren",
        110,
        Gate::Starts(&["(photo", "(image", "(credit", "(foto"]),
        r"(?i)^\((?:photo|image|credit|foto)[^)]{0,90}\)$",
    ),
];

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| compile(CREDITS));

/// The credit rule matching `text` (`chars` characters long), if any.
pub(crate) fn credit_rule(text: &str, chars: usize) -> Option<&'static str> {
    first_match(&COMPILED, text, chars)
        .filter(|&rule| !(rule == "credit-label" && is_gallery_headline(text)))
}

/// `Photos: Halloween in Hong Kong looks awesome`, `Video: Bourdain at the
/// Goat`: a gallery's or a video's headline, not a credit. After a gallery
/// label and a colon, a credit names someone (`Photos: Ana Lima and Ivo
/// Strand`, `Video: Courtesy of the city`); a headline runs on with
/// lower-case words.
fn is_gallery_headline(text: &str) -> bool {
    let Some((label, rest)) = text.split_once(':') else {
        return false;
    };
    let label = label.trim().to_lowercase();
    if !matches!(
        label.as_str(),
        "photos" | "video" | "videos" | "pictures" | "gallery"
    ) {
        return false;
    }
    let rest = rest.trim();
    let lower = rest.to_lowercase();
    if ["courtesy", "by ", "©", "credit"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return false;
    }
    const NAME_JOINS: &[&str] = &[
        "and", "via", "de", "van", "von", "da", "di", "du", "la", "le", "del", "y", "et", "und",
    ];
    rest.split_whitespace().count() >= 3
        && rest.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.chars().count() >= 2 && w.chars().all(char::is_lowercase) && !NAME_JOINS.contains(&w)
        })
}

/// True when `text` alone is a photo credit (`Credit: STR/AFP`), for readers
/// that judge figure captions.
pub fn is_photo_credit(text: &str) -> bool {
    if text.is_empty() || text.len() > 4 * MAX_RULE_CHARS {
        return false;
    }
    let chars = text.chars().count();
    chars <= MAX_RULE_CHARS && credit_rule(text, chars).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gallery_headlines_are_not_credits() {
        for t in [
            "Photos: Halloween in Hong Kong looks awesome",
            "Video: Ana Lima at the harbour festival",
            "photos: storm damage in Marrow Bay (part 2)",
        ] {
            assert!(!is_photo_credit(t), "{t}");
        }
        for t in [
            "Photos: Ana Lima and Ivo Strand",
            "Photos: Courtesy of the Marrow Bay Museum",
            "Photo: Ivo Strand for the Coast Gazette",
            "Video: Coast Gazette",
            "photos by Ivo Strand",
        ] {
            assert!(is_photo_credit(t), "{t}");
        }
    }
}
