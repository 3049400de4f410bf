//! Dutch (`nl`): the normalizer's artifact and head vocabulary.

use super::Lang;

/// Dutch.
pub const LANG: Lang = Lang {
    code: "nl",
    promo: &[
        "lees ook",
        "lees meer",
        "lees verder",
        "meer over",
        "gerelateerde artikelen",
        "gerelateerd",
        "bekijk ook",
        "meest gelezen",
        "ook interessant",
    ],
    share: &[
        "delen",
        "deel dit artikel",
        "printen",
        "afdrukken",
        "link kopiëren",
        "opslaan",
        "mailen",
        "voorlezen",
    ],
    ads: &["advertentie", "gesponsord", "gesponsorde inhoud"],
    subscribe: &["abonneer", "word abonnee"],
    follow: &["volg ons op", "volg ons via"],
    newsletter: &[
        "schrijf je in",
        "schrijf u in",
        "meld je aan",
        "meld u aan",
        "abonneer",
        "ontvang",
    ],
    newsletter_words: &["nieuwsbrief", "newsletter", "mailbox", "inbox"],
    cookies: &[
        "wij gebruiken cookies",
        "we gebruiken cookies",
        "deze website gebruikt cookies",
        "deze site maakt gebruik van cookies",
    ],
    rights: &["alle rechten voorbehouden"],
    byline: &["door"],
    and_words: &["en"],
    roles: &[
        "correspondent",
        "verslaggever",
        "verslaggeefster",
        "redacteur",
        "journalist",
        "columnist",
    ],
    date_labels: &[
        "gepubliceerd op",
        "bijgewerkt op",
        "aangepast op",
        "geplaatst op",
        "gepubliceerd:",
        "bijgewerkt:",
    ],
    said: &["zei", "zegt", "aldus"],
    ..Lang::EMPTY
};
