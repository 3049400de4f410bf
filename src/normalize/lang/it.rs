//! Italian (`it`): the normalizer's artifact and head vocabulary.

use super::Lang;

/// Italian.
pub const LANG: Lang = Lang {
    code: "it",
    promo: &[
        "leggi anche",
        "leggi pure",
        "potrebbe interessarti",
        "potrebbe interessarti anche",
        "ti potrebbe interessare",
        "articoli correlati",
        "correlati",
        "approfondisci",
        "per approfondire",
        "vedi anche",
        "i più letti",
    ],
    share: &[
        "condividi",
        "condividi l'articolo",
        "stampa",
        "invia per email",
        "copia link",
        "link copiato",
        "salva",
        "ascolta",
        "commenta",
    ],
    ads: &[
        "pubblicità",
        "contenuto sponsorizzato",
        "sponsorizzato",
        "annuncio",
    ],
    subscribe: &["iscriviti", "abbonati"],
    follow: &["seguici su", "seguiteci su", "segui"],
    newsletter: &["iscriviti", "abbonati", "ricevi", "registrati"],
    newsletter_words: &["newsletter"],
    cookies: &[
        "utilizziamo i cookie",
        "usiamo i cookie",
        "questo sito utilizza cookie",
        "questo sito usa i cookie",
        "questo sito utilizza i cookie",
    ],
    rights: &["tutti i diritti riservati", "riproduzione riservata"],
    byline: &["di", "a cura di"],
    and_words: &["e"],
    roles: &[
        "corrispondente",
        "inviato",
        "inviata",
        "giornalista",
        "redattore",
        "redattrice",
        "editorialista",
    ],
    date_labels: &[
        "pubblicato il",
        "aggiornato il",
        "aggiornato alle",
        "pubblicato",
        "aggiornato",
    ],
    said: &["ha detto", "ha dichiarato", "secondo"],
    ..Lang::EMPTY
};
