//! The per-language tables: what they remove, and the sentences that start
//! with the same words and stay (several per language).

use super::*;

/// (language, line) pairs that are artifacts: promo or boilerplate.
const ARTIFACTS: &[(&str, &str)] = &[
    ("fr", "Lire aussi : La mairie de Lyon renonce au tramway"),
    ("fr", "À lire aussi"),
    ("fr", "Partager"),
    ("fr", "Publicité"),
    ("fr", "Abonnez-vous à notre newsletter"),
    ("fr", "Tous droits réservés"),
    ("fr", "Suivez-nous sur Facebook et Instagram"),
    (
        "de",
        "Lesen Sie auch: Die Bahn streicht weitere Verbindungen",
    ),
    ("de", "Mehr zum Thema"),
    ("de", "Artikel teilen"),
    ("de", "Anzeige"),
    ("de", "Alle Rechte vorbehalten."),
    (
        "de",
        "Wir verwenden Cookies, um Ihnen ein besseres Nutzererlebnis zu bieten.",
    ),
    (
        "es",
        "Lea también: El Gobierno aprueba el nuevo plan de vivienda",
    ),
    ("es", "Compartir"),
    ("es", "Publicidad"),
    ("es", "Síguenos en Twitter"),
    ("it", "Leggi anche: Il governo approva la manovra"),
    ("it", "Riproduzione riservata"),
    ("pt", "Leia também: Governo anuncia novo pacote"),
    ("pt", "Continua depois da publicidade"),
    ("nl", "Lees ook: Kabinet wil minder vluchten op Schiphol"),
    ("nl", "Advertentie"),
    ("sv", "Läs också: Regeringen vill sänka skatten"),
    ("sv", "Annons"),
    ("pl", "Czytaj także: Sejm przyjął ustawę o mediach"),
    ("pl", "Reklama"),
    ("cs", "Čtěte také: Vláda schválila rozpočet"),
    ("cs", "Všechna práva vyhrazena."),
    (
        "ru",
        "Читайте также: В Москве открылась новая станция метро",
    ),
    ("ru", "Реклама"),
    ("ru", "Поделиться"),
    ("ru", "Поделиться ВКонтакте Telegram"),
    ("ru", "Подпишитесь на нашу рассылку"),
    ("ru", "Все права защищены."),
    (
        "ru",
        "Мы используем файлы cookie, чтобы сайт работал лучше.",
    ),
    ("uk", "Читайте також: Уряд ухвалив нову програму"),
    ("uk", "Підписуйтесь на нас у Telegram"),
    ("tr", "Ayrıca okuyun: Merkez Bankası faizi sabit tuttu"),
    ("tr", "Reklam"),
    ("tr", "Bizi Twitter ve Instagram'da takip edin"),
    ("tr", "Tüm hakları saklıdır."),
    ("ar", "اقرأ أيضا: الحكومة تعلن خطة جديدة للنقل"),
    ("ar", "إعلان"),
    ("ar", "جميع الحقوق محفوظة"),
    ("he", "קראו עוד: הממשלה אישרה את התקציב"),
    ("he", "פרסומת"),
    ("he", "כל הזכויות שמורות"),
    ("fa", "بیشتر بخوانید: دولت بودجه جدید را تصویب کرد"),
    ("fa", "کلیه حقوق محفوظ است"),
    ("hi", "यह भी पढ़ें: सरकार ने नई योजना शुरू की"),
    ("hi", "विज्ञापन"),
    ("zh", "相关阅读：北京地铁新线开通"),
    ("zh", "延伸閱讀：台北捷運新路線通車"),
    ("zh", "版权所有 © 2025 城市日报"),
    ("ja", "関連記事"),
    ("ja", "シェアする"),
    ("ja", "広告"),
    ("ja", "無断転載を禁じます"),
    ("ko", "관련 기사"),
    ("ko", "공유하기"),
    ("ko", "광고"),
    ("ko", "ⓒ 한빛일보, 무단 전재 및 재배포 금지"),
    ("id", "Baca juga: Pemerintah umumkan tarif baru"),
    ("id", "Iklan"),
    ("vi", "Xem thêm: Hà Nội mở tuyến buýt mới"),
    ("vi", "Quảng cáo"),
];

/// Real sentences that start with a label's words: they stay.
const SENTENCES: &[(&str, &str)] = &[
    (
        "fr",
        "Lire aussi les rapports de la Cour des comptes aide à comprendre le budget.",
    ),
    ("fr", "Partager les coûts est la seule solution, dit-il."),
    (
        "fr",
        "Publicité mensongère : l'enseigne a été condamnée à une amende.",
    ),
    (
        "fr",
        "Suivez le guide, disait l'affiche à l'entrée du musée.",
    ),
    ("de", "Lesen Sie die Begründung des Gerichts im Wortlaut."),
    (
        "de",
        "Lesen Sie auch die kleingedruckten Bedingungen, rät die Verbraucherzentrale.",
    ),
    ("de", "Teilen ist für die Genossenschaft kein Fremdwort."),
    ("de", "Anzeige gegen den Bürgermeister erstattet"),
    ("es", "Compartir piso es cada vez más caro en Madrid."),
    (
        "es",
        "Publicidad y propaganda no son lo mismo, explicó la profesora.",
    ),
    (
        "it",
        "Leggi anche le motivazioni della sentenza prima di giudicare.",
    ),
    (
        "pt",
        "Leia também os comentários, pediu o autor aos leitores.",
    ),
    ("nl", "Delen van auto's wordt populairder in Utrecht."),
    (
        "sv",
        "Dela upp ansvaret mellan kommunerna, föreslår utredningen.",
    ),
    ("pl", "Reklama telewizyjna traci widzów na rzecz internetu."),
    ("cs", "Reklama na cigarety je v Česku zakázána už roky."),
    ("ru", "Реклама на набережной будет запрещена с июня."),
    (
        "ru",
        "Читайте также внимательно условия договора, советуют юристы.",
    ),
    (
        "ru",
        "Поделиться опытом приехали учителя из двенадцати регионов.",
    ),
    ("uk", "Реклама на білбордах подорожчала вдвічі."),
    ("tr", "Reklam sektörü bu yıl yüzde on büyüdü."),
    ("tr", "Paylaş butonuna basan kullanıcı sayısı arttı."),
    ("ar", "إعلان الحكومة عن الخطة جاء متأخرا."),
    ("ar", "شارك آلاف المتظاهرين في المسيرة يوم الجمعة."),
    ("he", "פרסומת חדשה של החברה עוררה סערה ברשתות."),
    ("fa", "تبلیغات انتخاباتی از هفته آینده آغاز می‌شود."),
    ("hi", "विज्ञापन पर खर्च इस साल दोगुना हो गया।"),
    ("zh", "分享经济在这座城市发展很快。"),
    ("zh", "广告公司的收入今年下降了三成。"),
    ("ja", "広告業界の売上高は前年を上回った。"),
    ("ja", "シェアする文化が若者の間で広がっている。"),
    ("ko", "광고 시장이 올해 크게 성장했다."),
    ("ko", "공유 경제가 도시의 풍경을 바꾸고 있다."),
    ("id", "Iklan rokok dilarang di televisi sejak tahun lalu."),
    ("vi", "Quảng cáo trên mạng xã hội tăng mạnh trong năm nay."),
];

fn artifact(lang: Option<&str>, line: &str) -> bool {
    let v = vocab(lang);
    v.promo(line).is_some() || v.boilerplate(line).is_some()
}

#[test]
fn artifacts_go_with_their_language_and_with_none() {
    for (code, line) in ARTIFACTS {
        assert!(artifact(Some(code), line), "{code}: {line}");
        assert!(artifact(None, line), "none: {line}");
    }
}

#[test]
fn sentences_that_start_like_labels_stay() {
    for (code, line) in SENTENCES {
        assert!(!artifact(Some(code), line), "{code}: {line}");
        assert!(!artifact(None, line), "none: {line}");
    }
}

#[test]
fn language_selects_its_tables() {
    // Russian words are not English: with `en`, only the English tables.
    assert!(!artifact(Some("en"), "Поделиться"));
    assert!(artifact(Some("ru-RU"), "Поделиться"));
    assert!(artifact(Some("iw"), "פרסומת"));
    assert_eq!(
        vocab(Some("de-AT")).codes().collect::<Vec<_>>(),
        ["en", "de"]
    );
    assert_eq!(vocab(Some("el")).codes().collect::<Vec<_>>(), ["en"]);
    assert_eq!(vocab(None).codes().count(), LANGS.len());
}

#[test]
fn tables_are_lower_case_and_unique() {
    let mut codes = std::collections::HashSet::new();
    for l in LANGS {
        assert!(codes.insert(l.code), "{} twice", l.code);
        for list in [
            l.promo,
            l.share,
            l.ads,
            l.subscribe,
            l.follow,
            l.follow_end,
            l.newsletter,
            l.newsletter_words,
            l.cookies,
            l.rights,
            l.byline,
            l.byline_after,
            l.and_words,
            l.roles,
            l.date_labels,
            l.said,
        ] {
            for lit in list {
                assert!(!lit.is_empty(), "{}: empty literal", l.code);
                assert_eq!(*lit, lit.to_lowercase(), "{}: {lit}", l.code);
            }
        }
    }
    assert_eq!(LANGS.len(), 22);
}

#[test]
fn bylines() {
    let by = |lang: &str, t: &str| vocab(Some(lang)).byline(t, Some(lang));
    let authors = |lang: &str, t: &str| by(lang, t).map(|b| b.authors);
    assert_eq!(
        authors("ru", "Автор: Иван Петров"),
        Some(vec!["Иван Петров".into()])
    );
    assert_eq!(
        authors("ru", "Текст: Анна Смирнова и Олег Ким"),
        Some(vec!["Анна Смирнова".into(), "Олег Ким".into()])
    );
    assert_eq!(
        authors("sv", "Av Anna Lindqvist"),
        Some(vec!["Anna Lindqvist".into()])
    );
    assert_eq!(
        authors("tr", "Yazan: Ayşe Demir"),
        Some(vec!["Ayşe Demir".into()])
    );
    assert_eq!(
        authors("ar", "بقلم أحمد حسن"),
        Some(vec!["أحمد حسن".into()])
    );
    assert_eq!(authors("he", "מאת דנה לוי"), Some(vec!["דנה לוי".into()]));
    assert_eq!(
        authors("ko", "김민수 기자 minsu@example.kr"),
        Some(vec!["김민수".into()])
    );
    assert_eq!(authors("ja", "文・山田太郎"), Some(vec!["山田太郎".into()]));
    assert_eq!(
        authors("id", "Oleh Budi Santoso"),
        Some(vec!["Budi Santoso".into()])
    );
    assert_eq!(
        authors("vi", "Bởi Nguyễn Văn An"),
        Some(vec!["Nguyễn Văn An".into()])
    );
    let mixed = by("ar", "بقلم John Smith · 13 مارس 2025");
    assert_eq!(
        mixed,
        Some(Byline {
            authors: vec!["John Smith".into()],
            source: None,
            date: Some("13 مارس 2025".into()),
            role: false
        })
    );
    let role = by("de", "Von Jana Keller, Korrespondentin in Berlin");
    assert!(role.is_some_and(|b| b.role && b.source.is_none()));
    // Sentences are not bylines.
    for (lang, t) in [
        ("sv", "Av alla förslag var detta det dyraste."),
        ("ru", "Автор законопроекта выступил в Думе."),
        ("id", "Oleh karena itu, pemerintah menunda rencana."),
        ("tr", "Yazan kişi daha sonra özür diledi."),
        ("vi", "Bởi vì giá xăng tăng, nhiều người đi xe buýt."),
    ] {
        assert_eq!(by(lang, t), None, "{t}");
    }
}

#[test]
fn roles_and_dates() {
    let v = vocab(None);
    for t in [
        "Korrespondent in Berlin",
        "Correspondante à Paris",
        "специальный корреспондент",
    ] {
        assert!(v.role_line(t), "{t}");
    }
    assert!(!v.role_line("Der Korrespondent berichtete aus Berlin."));
    for (lang, t, date) in [
        (
            "fr",
            "Publié le 14 janvier 2025 à 07h42",
            "14 janvier 2025 à 07h42",
        ),
        (
            "fr",
            "Publié le 14 janvier 2025 à 07h42, mis à jour le 15 janvier 2025 à 10h00",
            "14 janvier 2025 à 07h42",
        ),
        (
            "de",
            "Aktualisiert am 14.03.2025, 10:12 Uhr",
            "14.03.2025, 10:12 Uhr",
        ),
        ("de", "14. März 2025", "14. März 2025"),
        ("ru", "14 марта 2025", "14 марта 2025"),
        ("ko", "입력 2025.03.14 10:30", "2025.03.14 10:30"),
        ("zh", "发布时间：2025年3月14日 10:30", "2025年3月14日 10:30"),
    ] {
        assert_eq!(
            vocab(Some(lang)).date_line(t, Some(lang)).as_deref(),
            Some(date),
            "{t}"
        );
        assert_eq!(v.date_line(t, None).as_deref(), Some(date), "none: {t}");
    }
    assert_eq!(
        v.date_line("Le 14 janvier 2025, la mairie a voté.", None),
        None
    );
    assert_eq!(
        v.date_line("14 марта 2025 года парламент принял закон", None),
        None
    );
}
