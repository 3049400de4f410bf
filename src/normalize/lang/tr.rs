//! Turkish (`tr`): the normalizer's artifact and head vocabulary.

use super::Lang;

/// Turkish.
pub const LANG: Lang = Lang {
    code: "tr",
    promo: &[
        "ayrıca okuyun",
        "ayrıca bakınız",
        "bunu da okuyun",
        "bunlar da ilginizi çekebilir",
        "ilginizi çekebilir",
        "ilgili haberler",
        "ilgili haber",
        "en çok okunanlar",
        "önerilen",
        "devamını oku",
        "haberin devamı",
    ],
    share: &[
        "paylaş",
        "paylaşın",
        "haberi paylaş",
        "yazdır",
        "bağlantıyı kopyala",
        "linki kopyala",
        "kaydet",
        "yorumlar",
        "yorum yap",
        "dinle",
    ],
    ads: &["reklam", "sponsorlu içerik", "sponsorlu"],
    subscribe: &["abone ol", "abone olun"],
    follow: &["bizi takip edin"],
    follow_end: &["takip edin", "takip edin!"],
    newsletter: &[
        "bültenimize abone olun",
        "abone olun",
        "e-bültene kaydolun",
        "kaydolun",
    ],
    newsletter_words: &["bülten", "newsletter"],
    cookies: &[
        "çerez kullanıyoruz",
        "bu sitede çerezler",
        "sitemizde çerez",
        "web sitemizde çerez",
        "çerezler kullanılmaktadır",
    ],
    rights: &["tüm hakları saklıdır", "her hakkı saklıdır"],
    byline: &["yazan:", "haber:", "muhabir:", "yazar:"],
    and_words: &["ve"],
    roles: &[
        "muhabiri",
        "muhabir",
        "editör",
        "köşe yazarı",
        "haber merkezi",
    ],
    date_labels: &[
        "yayınlanma tarihi:",
        "yayın tarihi:",
        "yayınlanma:",
        "güncelleme:",
        "güncellenme:",
        "oluşturulma:",
    ],
    said: &["dedi", "söyledi", "açıkladı"],
    ..Lang::EMPTY
};
