//! Indonesian (`id`): the normalizer's artifact and head vocabulary.

use super::Lang;

/// Indonesian.
pub const LANG: Lang = Lang {
    code: "id",
    promo: &[
        "baca juga",
        "simak juga",
        "lihat juga",
        "berita terkait",
        "artikel terkait",
        "terpopuler",
        "rekomendasi",
        "baca selengkapnya",
        "selengkapnya",
    ],
    share: &[
        "bagikan",
        "bagikan artikel",
        "cetak",
        "salin tautan",
        "salin link",
        "simpan",
        "komentar",
        "dengarkan",
    ],
    ads: &["iklan", "konten bersponsor"],
    subscribe: &["berlangganan", "langganan"],
    follow: &["ikuti kami di", "follow kami di"],
    newsletter: &["berlangganan", "daftar", "langganan"],
    newsletter_words: &["newsletter", "buletin", "kotak masuk"],
    cookies: &["kami menggunakan cookie", "situs ini menggunakan cookie"],
    rights: &["hak cipta dilindungi undang-undang", "hak cipta dilindungi"],
    byline: &["oleh:", "oleh", "penulis:", "reporter:"],
    and_words: &["dan"],
    roles: &[
        "koresponden",
        "wartawan",
        "jurnalis",
        "redaktur",
        "kontributor",
    ],
    date_labels: &["diterbitkan", "dipublikasikan", "diperbarui", "terbit"],
    said: &["kata", "ujar", "menurut"],
    ..Lang::EMPTY
};
