//! Polish (`pl`): the normalizer's artifact and head vocabulary.

use super::Lang;

/// Polish.
pub const LANG: Lang = Lang {
    code: "pl",
    promo: &[
        "czytaj także",
        "czytaj też",
        "czytaj również",
        "czytaj więcej",
        "zobacz także",
        "zobacz też",
        "przeczytaj także",
        "przeczytaj też",
        "polecamy",
        "najczęściej czytane",
        "powiązane artykuły",
        "więcej na ten temat",
    ],
    share: &[
        "udostępnij",
        "drukuj",
        "wydrukuj",
        "kopiuj link",
        "skopiuj link",
        "zapisz",
        "wyślij e-mailem",
        "posłuchaj",
        "skomentuj",
    ],
    ads: &[
        "reklama",
        "artykuł sponsorowany",
        "materiał sponsorowany",
        "materiał partnera",
    ],
    subscribe: &["subskrybuj", "zamów prenumeratę"],
    follow: &[
        "obserwuj nas na",
        "obserwuj nas w",
        "śledź nas na",
        "dołącz do nas na",
    ],
    newsletter: &["zapisz się", "zamów", "subskrybuj", "otrzymuj"],
    newsletter_words: &["newsletter", "newslettera", "skrzynk"],
    cookies: &[
        "używamy plików cookie",
        "ta strona używa plików cookie",
        "ta strona korzysta z plików cookie",
        "korzystamy z plików cookie",
        "serwis wykorzystuje pliki cookie",
    ],
    rights: &["wszelkie prawa zastrzeżone", "wszystkie prawa zastrzeżone"],
    byline: &["autor:", "autorka:", "tekst:"],
    and_words: &["i", "oraz"],
    roles: &[
        "korespondent",
        "korespondentka",
        "dziennikarz",
        "dziennikarka",
        "reporter",
        "reporterka",
        "redaktor",
        "redaktorka",
        "publicysta",
    ],
    date_labels: &[
        "data publikacji:",
        "data dodania:",
        "opublikowano:",
        "opublikowano",
        "aktualizacja:",
        "aktualizacja",
    ],
    said: &["powiedział", "powiedziała", "według"],
    ..Lang::EMPTY
};
