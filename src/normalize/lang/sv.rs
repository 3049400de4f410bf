//! Swedish (`sv`): the normalizer's artifact and head vocabulary.

use super::Lang;

/// Swedish.
pub const LANG: Lang = Lang {
    code: "sv",
    promo: &[
        "läs också",
        "läs även",
        "läs mer",
        "mer om",
        "relaterat",
        "relaterade artiklar",
        "mest läst",
        "läs vidare",
    ],
    share: &[
        "dela",
        "dela artikeln",
        "skriv ut",
        "kopiera länk",
        "spara",
        "mejla",
        "lyssna",
        "kommentera",
    ],
    ads: &["annons", "sponsrat", "sponsrad", "annonsörsinnehåll"],
    subscribe: &["prenumerera", "bli prenumerant"],
    follow: &["följ oss på"],
    newsletter: &["prenumerera", "anmäl dig", "registrera dig", "få"],
    newsletter_words: &["nyhetsbrev", "newsletter", "inkorg"],
    cookies: &[
        "vi använder cookies",
        "vi använder kakor",
        "den här webbplatsen använder cookies",
        "denna webbplats använder cookies",
    ],
    rights: &["alla rättigheter förbehållna", "med ensamrätt"],
    byline: &["av", "text:"],
    and_words: &["och"],
    roles: &[
        "korrespondent",
        "utrikeskorrespondent",
        "reporter",
        "redaktör",
        "journalist",
        "krönikör",
    ],
    date_labels: &["publicerad:", "uppdaterad:", "publicerad", "uppdaterad"],
    said: &["säger", "sade"],
    ..Lang::EMPTY
};
