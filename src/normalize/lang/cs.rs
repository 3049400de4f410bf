//! Czech (`cs`): the normalizer's artifact and head vocabulary.

use super::Lang;

/// Czech.
pub const LANG: Lang = Lang {
    code: "cs",
    promo: &[
        "čtěte také",
        "čtěte též",
        "čtěte více",
        "přečtěte si také",
        "mohlo by vás zajímat",
        "související články",
        "související",
        "nejčtenější",
        "doporučujeme",
        "další články",
    ],
    share: &[
        "sdílet",
        "sdílejte",
        "tisk",
        "vytisknout",
        "kopírovat odkaz",
        "uložit",
        "poslat e-mailem",
        "poslechnout",
        "diskuse",
    ],
    ads: &[
        "reklama",
        "komerční sdělení",
        "inzerce",
        "sponzorovaný obsah",
        "pr článek",
    ],
    subscribe: &["předplatit", "odebírat"],
    follow: &["sledujte nás na", "sledujte nás"],
    newsletter: &[
        "přihlaste se k odběru",
        "přihlaste se",
        "odebírejte",
        "objednejte si",
    ],
    newsletter_words: &["newsletter", "newsletteru", "zpravodaj", "e-mail"],
    cookies: &[
        "používáme cookies",
        "používáme soubory cookie",
        "tento web používá cookies",
        "tyto stránky používají cookies",
    ],
    rights: &["všechna práva vyhrazena"],
    byline: &["autor:", "autorka:", "text:"],
    and_words: &["a"],
    roles: &[
        "zpravodaj",
        "zpravodajka",
        "redaktor",
        "redaktorka",
        "reportér",
        "reportérka",
        "novinář",
        "novinářka",
        "komentátor",
        "korespondent",
    ],
    date_labels: &[
        "publikováno:",
        "aktualizováno:",
        "publikováno",
        "aktualizováno",
        "vydáno",
    ],
    said: &["řekl", "řekla", "uvedl", "uvedla"],
    ..Lang::EMPTY
};
