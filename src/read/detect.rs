//! The language of an article that does not declare one, detected from its
//! text with [whatlang](https://docs.rs/whatlang) (trigram profiles for 69
//! languages, script detection first; no dependencies beyond hashbrown, about
//! 150 kB of code and tables; see ARCHITECTURE.md for why not lingua).
//!
//! Runs after the reader and before the normalizer ([`settle`]), so the
//! normalizer's per-language tables read `doc.meta.language`. Cheap by
//! construction: it reads a bounded sample (the title, standfirst and first
//! paragraphs, at most [`SAMPLE_BYTES`]), never the whole article. It
//! declines rather than guesses: below [`MIN_LETTERS`] letters, or below
//! [`MIN_CONFIDENCE`], the language stays unknown and the provenance says
//! why.

use crate::model::{Block, Draft, LanguageSource, Undetermined, walk_text};

/// At most this many bytes of text are sampled.
pub const SAMPLE_BYTES: usize = 1024;
/// Fewer letters than this (a headline, a caption) are not enough to tell.
pub const MIN_LETTERS: usize = 30;
/// Fewer letters than this in a script that only one language uses (Hangul,
/// kana, Hebrew, Greek, Thai...) are not enough either.
pub const MIN_LETTERS_UNIQUE_SCRIPT: usize = 8;
/// whatlang's confidence (0..1) below which a guess is not used. whatlang's
/// confidence is relative to the runner-up, so a right answer between two
/// close languages (ar/fa, ru/uk, nl/af) can score 0.1-0.3 on one sentence;
/// the wrong answers on the test corpus's single sentences scored below 0.1.
pub const MIN_CONFIDENCE: f64 = 0.1;

/// Fills `draft.meta.language` (and its provenance) when the reader found
/// no declared language: detected from the text, or left `None` with
/// [`LanguageSource::Undetermined`]. A declared language is kept; its
/// provenance is the reader's.
pub fn settle(draft: &mut Draft) {
    if draft.meta.language.is_some() {
        return;
    }
    let sample = sample(draft);
    let (language, source) = detect(&sample);
    draft.meta.language = language;
    draft.meta.language_source = Some(source);
}

/// The text detection reads: title, standfirst, then body text (paragraphs,
/// headings, quotes, lists; not code), cut at [`SAMPLE_BYTES`].
pub fn sample(draft: &Draft) -> String {
    let mut s = String::with_capacity(SAMPLE_BYTES + 64);
    let push = |t: &str, s: &mut String| {
        if s.len() >= SAMPLE_BYTES {
            return;
        }
        if !s.is_empty() {
            s.push('\n');
        }
        let room = SAMPLE_BYTES - s.len().min(SAMPLE_BYTES);
        let mut end = t.len().min(room);
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        s.push_str(&t[..end]);
    };
    for t in [&draft.meta.title, &draft.meta.subtitle]
        .into_iter()
        .flatten()
    {
        push(t, &mut s);
    }
    for item in &draft.items {
        if s.len() >= SAMPLE_BYTES {
            break;
        }
        if matches!(item.block, Block::Code { .. } | Block::Figure { .. }) {
            continue;
        }
        walk_text(&item.block, &mut |t| push(t, &mut s));
    }
    s
}

/// The language of `text` as a BCP 47 tag with its provenance, or `None`
/// with the reason detection declined.
pub fn detect(text: &str) -> (Option<String>, LanguageSource) {
    let letters = letters(text);
    if letters < MIN_LETTERS_UNIQUE_SCRIPT {
        return too_short(letters);
    }
    let Some(info) = whatlang::detect(text) else {
        return too_short(letters);
    };
    let unique_script = !matches!(
        info.script(),
        whatlang::Script::Latin
            | whatlang::Script::Cyrillic
            | whatlang::Script::Arabic
            | whatlang::Script::Devanagari
            | whatlang::Script::Mandarin
    );
    if letters < MIN_LETTERS && !unique_script {
        return too_short(letters);
    }
    let Some(primary) = bcp47(info.lang()) else {
        return too_short(letters);
    };
    let confidence = (info.confidence() * 100.0).round().clamp(0.0, 100.0) as u8;
    if info.confidence() < MIN_CONFIDENCE {
        return (
            None,
            LanguageSource::Undetermined(Undetermined::LowConfidence {
                guess: primary.to_string(),
                confidence,
            }),
        );
    }
    let tag = match primary {
        "zh" => chinese_script(text).map_or("zh", |s| s),
        p => p,
    };
    (
        Some(tag.to_string()),
        LanguageSource::Detected { confidence },
    )
}

/// Letters in `text`, a CJK ideograph or kana counted as three (one of them
/// says about as much as a short Latin word).
fn letters(text: &str) -> usize {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .map(|c| match c as u32 {
            0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => 3,
            _ => 1,
        })
        .sum()
}

fn too_short(letters: usize) -> (Option<String>, LanguageSource) {
    (
        None,
        LanguageSource::Undetermined(Undetermined::TooShort { letters }),
    )
}

/// Characters common in running text that have a different form in
/// simplified and traditional Chinese (simplified, traditional).
const HAN_PAIRS: &[(char, char)] = &[
    ('们', '們'),
    ('这', '這'),
    ('说', '說'),
    ('国', '國'),
    ('会', '會'),
    ('为', '為'),
    ('来', '來'),
    ('时', '時'),
    ('对', '對'),
    ('发', '發'),
    ('经', '經'),
    ('与', '與'),
    ('学', '學'),
    ('个', '個'),
    ('后', '後'),
    ('过', '過'),
    ('还', '還'),
    ('进', '進'),
    ('动', '動'),
    ('实', '實'),
    ('长', '長'),
    ('现', '現'),
    ('关', '關'),
    ('开', '開'),
    ('问', '問'),
    ('题', '題'),
    ('员', '員'),
    ('议', '議'),
    ('区', '區'),
    ('场', '場'),
    ('报', '報'),
    ('将', '將'),
    ('无', '無'),
    ('东', '東'),
    ('业', '業'),
    ('机', '機'),
    ('电', '電'),
    ('华', '華'),
    ('义', '義'),
    ('门', '門'),
    ('车', '車'),
    ('书', '書'),
    ('万', '萬'),
    ('体', '體'),
    ('从', '從'),
    ('给', '給'),
    ('应', '應'),
    ('总', '總'),
    ('统', '統'),
    ('两', '兩'),
    ('选', '選'),
    ('让', '讓'),
    ('认', '認'),
    ('边', '邊'),
    ('条', '條'),
    ('湾', '灣'),
    ('气', '氣'),
    ('岁', '歲'),
];

/// `zh-Hans` or `zh-Hant` when the text's script variant is clear (at least
/// three distinguishing characters, four times as many of one form).
pub fn chinese_script(text: &str) -> Option<&'static str> {
    let (mut simplified, mut traditional) = (0usize, 0usize);
    for c in text.chars() {
        if (c as u32) < 0x4E00 {
            continue;
        }
        for &(s, t) in HAN_PAIRS {
            if c == s {
                simplified += 1;
                break;
            }
            if c == t {
                traditional += 1;
                break;
            }
        }
    }
    if simplified >= 3 && simplified >= 4 * traditional {
        Some("zh-Hans")
    } else if traditional >= 3 && traditional >= 4 * simplified {
        Some("zh-Hant")
    } else {
        None
    }
}

/// whatlang's ISO 639-3 code as the BCP 47 tag (ISO 639-1 where there is
/// one).
fn bcp47(lang: whatlang::Lang) -> Option<&'static str> {
    Some(match lang.code() {
        "eng" => "en",
        "fra" => "fr",
        "deu" => "de",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "nld" => "nl",
        "swe" => "sv",
        "pol" => "pl",
        "ces" => "cs",
        "rus" => "ru",
        "ukr" => "uk",
        "tur" => "tr",
        "ara" => "ar",
        "heb" => "he",
        "pes" => "fa",
        "hin" => "hi",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "ind" => "id",
        "vie" => "vi",
        "epo" => "eo",
        "ben" => "bn",
        "kat" => "ka",
        "yid" => "yi",
        "amh" => "am",
        "jav" => "jv",
        "nob" => "nb",
        "dan" => "da",
        "fin" => "fi",
        "hun" => "hu",
        "ell" => "el",
        "bul" => "bg",
        "bel" => "be",
        "mar" => "mr",
        "kan" => "kn",
        "ron" => "ro",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "mkd" => "mk",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "tam" => "ta",
        "urd" => "ur",
        "tha" => "th",
        "guj" => "gu",
        "uzb" => "uz",
        "pan" => "pa",
        "aze" => "az",
        "tel" => "te",
        "mal" => "ml",
        "ori" => "or",
        "mya" => "my",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "tuk" => "tk",
        "aka" => "ak",
        "zul" => "zu",
        "sna" => "sn",
        "afr" => "af",
        "lat" => "la",
        "slk" => "sk",
        "cat" => "ca",
        "tgl" => "tl",
        "hye" => "hy",
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
