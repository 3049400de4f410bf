//! The normalizer's vocabulary per language, as data: one file per
//! language (`fr.rs`, `ru.rs`, …), each one [`Lang`] table of lower-case
//! literals: promo labels, share / advertisement / subscribe labels,
//! follow, newsletter, cookie and copyright lines, byline lead words (and
//! the words that follow a name, Korean `기자`), job titles, date-line
//! labels. Month and weekday names live with the date parser
//! (`model/date/names.rs`), below the normalizer.
//!
//! The tables are compiled once into a [`Vocab`] per selection (English +
//! one language, or every language when the article's language is not
//! known): a map from first character to the literals that start with it,
//! and a map of the whole-line labels. Matching a line then costs one
//! lower-casing and a few comparisons (see `matcher.rs`).
//!
//! Adding a language: one file with its `LANG`, one line in [`LANGS`], and
//! its date words in `model/date/names.rs`; then a fixture under
//! `tests/fixtures/normalize/intl-XX/`.

use crate::text::literals::Literals;
use std::collections::HashMap;
use std::sync::OnceLock;

mod matcher;

mod ar;
mod cs;
mod de;
mod en;
mod es;
mod fa;
mod fr;
mod he;
mod hi;
mod id;
mod it;
mod ja;
mod ko;
mod nl;
mod pl;
mod pt;
mod ru;
mod sv;
mod tr;
mod uk;
mod vi;
mod zh;

pub use matcher::Byline;

/// One language's vocabulary. Every literal is lower case; a line is
/// compared in lower case. Empty lists are fine.
pub struct Lang {
    /// ISO 639-1 code (the primary subtag of `doc.meta.language`).
    pub code: &'static str,
    /// Promo labels: removed when a line is the label alone, or the label,
    /// a separator (`:`, `|`, `»`, `–`) and a teaser that does not start in
    /// lower case (`Lire aussi : La mairie…`).
    pub promo: &'static [&'static str],
    /// Share, print, save and comment buttons: a line that is only one of
    /// these (or a row of them and network names).
    pub share: &'static [&'static str],
    /// Advertisement labels: a line that is only one of these.
    pub ads: &'static [&'static str],
    /// Subscribe buttons: a line that is only one of these.
    pub subscribe: &'static [&'static str],
    /// A follow prompt starts with one of these and names a network.
    pub follow: &'static [&'static str],
    /// … or ends with one of these and names a network (`… takip edin`).
    pub follow_end: &'static [&'static str],
    /// A newsletter prompt starts with one of these and holds one of
    /// [`Lang::newsletter_words`] (or `newsletter`).
    pub newsletter: &'static [&'static str],
    /// See [`Lang::newsletter`].
    pub newsletter_words: &'static [&'static str],
    /// A cookie notice starts with one of these.
    pub cookies: &'static [&'static str],
    /// "All rights reserved": a copyright line starts or ends with one.
    pub rights: &'static [&'static str],
    /// Byline lead words (`par`, `автор:`), before the names.
    pub byline: &'static [&'static str],
    /// Words after the names (`기자`, `記者`).
    pub byline_after: &'static [&'static str],
    /// Words that join names (`und`, `et`).
    pub and_words: &'static [&'static str],
    /// Job titles (stems): a short line under the byline that holds one
    /// (`Korrespondent in Berlin`) is the author's title.
    pub roles: &'static [&'static str],
    /// Labels before a date line's date (`publié le`, `aktualisiert am`).
    pub date_labels: &'static [&'static str],
    /// Reported speech: a boilerplate-looking line that holds one of these
    /// is a sentence about the thing, and stays.
    pub said: &'static [&'static str],
}

impl Lang {
    /// A table with nothing in it, for `..Lang::EMPTY`.
    pub const EMPTY: Lang = Lang {
        code: "",
        promo: &[],
        share: &[],
        ads: &[],
        subscribe: &[],
        follow: &[],
        follow_end: &[],
        newsletter: &[],
        newsletter_words: &[],
        cookies: &[],
        rights: &[],
        byline: &[],
        byline_after: &[],
        and_words: &[],
        roles: &[],
        date_labels: &[],
        said: &[],
    };
}

/// Every language, English first.
pub const LANGS: &[&Lang] = &[
    &en::LANG,
    &fr::LANG,
    &de::LANG,
    &es::LANG,
    &it::LANG,
    &pt::LANG,
    &nl::LANG,
    &sv::LANG,
    &pl::LANG,
    &cs::LANG,
    &ru::LANG,
    &uk::LANG,
    &tr::LANG,
    &ar::LANG,
    &he::LANG,
    &fa::LANG,
    &hi::LANG,
    &zh::LANG,
    &ja::LANG,
    &ko::LANG,
    &id::LANG,
    &vi::LANG,
];

/// Social networks and messengers, as share rows and follow prompts name
/// them (Latin and local spellings).
pub const NETWORKS: &[&str] = &[
    "facebook",
    "twitter",
    "x",
    "instagram",
    "telegram",
    "whatsapp",
    "linkedin",
    "youtube",
    "tiktok",
    "threads",
    "bluesky",
    "mastodon",
    "pinterest",
    "reddit",
    "flipboard",
    "viber",
    "messenger",
    "vk",
    "vkontakte",
    "вконтакте",
    "одноклассники",
    "телеграм",
    "telegram-канал",
    "дзен",
    "line",
    "kakaotalk",
    "카카오톡",
    "카카오스토리",
    "페이스북",
    "트위터",
    "인스타그램",
    "유튜브",
    "네이버",
    "微博",
    "微信",
    "weibo",
    "wechat",
    "qq",
    "フェイスブック",
    "ツイッター",
    "インスタグラム",
    "はてな",
    "فيسبوك",
    "تويتر",
    "إنستغرام",
    "انستغرام",
    "يوتيوب",
    "تلغرام",
    "تيليجرام",
    "واتساب",
    "اینستاگرام",
    "تلگرام",
    "توییتر",
    "پیام‌رسان",
    "פייסבוק",
    "טוויטר",
    "אינסטגרם",
    "טלגרם",
    "יוטיוב",
    "וואטסאפ",
    "फेसबुक",
    "ट्विटर",
    "इंस्टाग्राम",
    "यूट्यूब",
    "व्हाट्सएप",
    "e-mail",
    "email",
];

/// What a literal of the first-character index is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Promo,
    Follow,
    Newsletter,
    Cookie,
    Rights,
    Byline,
    DateLabel,
}

/// What a whole-line label is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Share,
    Ad,
    Subscribe,
}

struct Entry {
    kind: Kind,
    lit: &'static str,
    lang: &'static Lang,
}

/// The compiled vocabulary of a selection of languages.
pub struct Vocab {
    langs: Vec<&'static Lang>,
    /// Literals by their first character, longest first.
    first: HashMap<char, Vec<Entry>>,
    /// Whole-line labels.
    labels: HashMap<&'static str, (Label, &'static Lang)>,
    /// The tokens of a share row, longest first.
    row: Vec<&'static str>,
    /// The languages' said-words (reported speech), found in one pass.
    said: Literals,
}

impl Vocab {
    fn new(langs: Vec<&'static Lang>) -> Self {
        let mut first: HashMap<char, Vec<Entry>> = HashMap::new();
        let mut labels = HashMap::new();
        let mut row: Vec<&'static str> = NETWORKS.to_vec();
        row.extend(["share", "tweet", "print", "copy link", "pin it"]);
        for &lang in &langs {
            let lists: [(Kind, &'static [&'static str]); 7] = [
                (Kind::Promo, lang.promo),
                (Kind::Follow, lang.follow),
                (Kind::Newsletter, lang.newsletter),
                (Kind::Cookie, lang.cookies),
                (Kind::Rights, lang.rights),
                (Kind::Byline, lang.byline),
                (Kind::DateLabel, lang.date_labels),
            ];
            for (kind, list) in lists {
                for &lit in list {
                    if let Some(c) = lit.chars().next() {
                        first.entry(c).or_default().push(Entry { kind, lit, lang });
                    }
                }
            }
            for (label, list) in [
                (Label::Share, lang.share),
                (Label::Ad, lang.ads),
                (Label::Subscribe, lang.subscribe),
            ] {
                for &lit in list {
                    labels.entry(lit).or_insert((label, lang));
                }
            }
            row.extend(lang.share);
        }
        for v in first.values_mut() {
            v.sort_by_key(|e| std::cmp::Reverse(e.lit.len()));
        }
        row.sort_by_key(|t| std::cmp::Reverse(t.len()));
        row.dedup();
        let said = Literals::new(langs.iter().flat_map(|l| l.said.iter().copied()));
        Vocab {
            langs,
            first,
            labels,
            row,
            said,
        }
    }

    /// The languages of this selection.
    pub fn codes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.langs.iter().map(|l| l.code)
    }
}

/// The primary subtag of a BCP 47 tag, lower case, with the deprecated
/// codes the registry still lists mapped to the current ones.
fn primary(tag: &str) -> String {
    let p = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match p.as_str() {
        "iw" => "he".into(),
        "in" => "id".into(),
        _ => p,
    }
}

/// The vocabulary that applies to an article in `language`: English and
/// that language's tables; English alone for a language with no table;
/// every table when the language is not known. Built once.
pub fn vocab(language: Option<&str>) -> &'static Vocab {
    // One slot per language plus one for "unknown" (every table), each
    // compiled the first time an article needs it: a run over English
    // articles never builds the other 22.
    static SETS: OnceLock<Vec<OnceLock<Vocab>>> = OnceLock::new();
    let sets = SETS.get_or_init(|| (0..=LANGS.len()).map(|_| OnceLock::new()).collect());
    let at = match language {
        None => LANGS.len(),
        Some(tag) => {
            let p = primary(tag);
            LANGS.iter().position(|l| l.code == p).unwrap_or(0)
        }
    };
    let at = at.min(sets.len() - 1);
    sets[at].get_or_init(|| match LANGS.get(at) {
        None => Vocab::new(LANGS.to_vec()),
        Some(&l) => {
            let mut langs = vec![LANGS[0]];
            if l.code != "en" {
                langs.push(l);
            }
            Vocab::new(langs)
        }
    })
}

#[cfg(test)]
mod tests;
