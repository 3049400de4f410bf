//! English (`en`): the normalizer's artifact and head vocabulary.
//!
//! English's promo, share, newsletter, cookie and copyright rules are the older regex tables of `rules/lines.rs` (precision measured on both corpora); this row adds what the per-language matcher needs beside them.

use super::Lang;

/// English.
pub const LANG: Lang = Lang {
    code: "en",
    roles: &[
        "correspondent",
        "reporter",
        "staff writer",
        "columnist",
        "bureau chief",
    ],
    ..Lang::EMPTY
};
