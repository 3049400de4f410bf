//! The artifact rules, as data: (rule name, longest line in characters,
//! regex) per pass. Each regex is matched against one whole block's text
//! (trimmed, NBSP kept). Patterns are anchored and bounded in length so that
//! real sentences do not match.
//!
//! Long bounded repetitions of big Unicode classes (`\w{1,80}`, `.{0,300}`)
//! compile into one automaton copy per repetition, which made regex
//! compilation most of a small conversion's run time. Such bounds are written
//! as an unbounded repetition plus the rule's line-length cap instead.

use regex::{Captures, Regex};
use std::sync::LazyLock;

/// One rule: name, longest line it may match (in characters), the cheap
/// test that must pass before the regex runs, regex.
pub type Rule = (&'static str, usize, Gate, &'static str);

/// A cheap test that every text a rule's regex matches passes (a necessary
/// condition, never a sufficient one). A rule's regex is compiled only when
/// some text passes its gate, so a small article compiles the few rules it
/// may need instead of all of them (compiling was most of its run time).
///
/// Literals are written in lower case and compared as the rules' `(?i)`
/// compares them (see [`may_start_with`]): stricter case-sensitive rules
/// pass the same gate. `\d` stands for one decimal digit (`\d` in a rule is
/// any Unicode digit).
#[derive(Debug, Clone, Copy)]
pub enum Gate {
    /// No gate: the regex always runs.
    Always,
    /// Every match starts with one of these.
    Starts(&'static [&'static str]),
    /// Every match starts with one of the first or contains one of the
    /// second.
    StartsOrContains(&'static [&'static str], &'static [&'static str]),
    /// Every match contains one of these, byte for byte (case-sensitive
    /// rules only).
    ContainsExact(&'static [&'static str]),
}

impl Gate {
    /// False when no match of the rule is possible in `text`.
    pub fn pass(&self, text: &str) -> bool {
        match self {
            Gate::Always => true,
            Gate::Starts(p) => starts_with_any(text, p),
            Gate::StartsOrContains(p, c) => {
                starts_with_any(text, p) || c.iter().any(|l| may_contain(text, l))
            }
            // `str::contains`: building a memchr searcher per call costs
            // more than these short texts take to scan.
            Gate::ContainsExact(c) => c.iter().any(|l| text.contains(l)),
        }
    }
}

/// True when `text` may start with one of `lits` (see [`may_start_with`]).
pub fn starts_with_any(text: &str, lits: &[&str]) -> bool {
    lits.iter().any(|l| {
        if *l == "\\d" {
            // `\d` is Unicode: any decimal digit (numeric is a superset).
            text.chars().next().is_some_and(char::is_numeric)
        } else {
            may_start_with(text, l)
        }
    })
}

/// True when `c` has no case: simple case folding maps it only to itself.
fn uncased(c: char) -> bool {
    !c.is_lowercase() && !c.is_uppercase() && c.to_lowercase().eq([c]) && c.to_uppercase().eq([c])
}

/// True when `text` may start with the lower-case literal `lit` as a
/// case-insensitive Unicode regex compares it (so a case-sensitive rule's
/// gate is this one, only looser). Exact where both are ASCII; elsewhere it
/// answers "maybe" unless no match is possible: a character without case
/// (`“`, NBSP, `相`) matches only itself, an ASCII literal letter other than
/// `k` and `s` matches no non-ASCII character (`k` matches KELVIN SIGN, `s`
/// LONG S under simple case folding), and a non-ASCII literal character
/// (`à`, `č`) matches no ASCII one. Literals never hold KELVIN SIGN or LONG
/// S.
pub fn may_start_with(text: &str, lit: &str) -> bool {
    // Fast path over the ASCII head of both (most texts fail on the first
    // byte); the first non-ASCII byte of either is a character boundary in
    // both, since everything before it is ASCII.
    let (t, l) = (text.as_bytes(), lit.as_bytes());
    for (i, &lb) in l.iter().enumerate() {
        let Some(&tb) = t.get(i) else {
            return false;
        };
        if !(tb.is_ascii() && lb.is_ascii()) {
            return may_start_with_chars(&text[i..], &lit[i..]);
        }
        if tb.to_ascii_lowercase() != lb {
            return false;
        }
    }
    true
}

/// [`may_start_with`] past the ASCII head, character by character.
fn may_start_with_chars(text: &str, lit: &str) -> bool {
    let mut t = text.chars();
    for l in lit.chars() {
        let Some(c) = t.next() else {
            return false;
        };
        if c == l || (c.is_ascii() && c.to_ascii_lowercase() == l) {
            continue;
        }
        if c.is_ascii() || uncased(c) || uncased(l) {
            return false;
        }
        return !l.is_ascii() || matches!(l, 'k' | 's');
    }
    true
}

/// True when `text` may contain `lit` (as [`may_start_with`] compares).
pub fn may_contain(text: &str, lit: &str) -> bool {
    let first = lit.chars().next();
    text.char_indices().any(|(i, c)| {
        // A cheap first look: an ASCII character must be the literal's
        // first one.
        (!c.is_ascii() || Some(c.to_ascii_lowercase()) == first) && may_start_with(&text[i..], lit)
    })
}

/// No cap beyond the global one (the delimiter rule: any length of rule
/// characters).
const ANY: usize = usize::MAX;

/// Promo lines that advertise another story.
pub const PROMOS: &[Rule] = &[
    // `Read` + NBSP + headline: the commonest scraped promo (see the seed).
    (
        "read-nbsp",
        210,
        Gate::Starts(&["read"]),
        r"^(?:Read|READ)\u{00A0}[\s\u{00A0}]*\S.*$",
    ),
    // `READ MORE: …`, `Related: …`, `See also: …` and friends (label + colon),
    // followed by a headline: never a lowercase word (`Related: the council
    // also cut the grant.` is a sentence).
    (
        "label-colon",
        250,
        Gate::Starts(&[
            "read more",
            "read also",
            "also read",
            "read next",
            "more",
            "related",
            "recommended",
            "see also",
            "most read",
            "most popular",
            "trending",
            "top stories",
            "watch",
            "listen",
            "you may also like",
            "you might also like",
            "don't miss",
            "editor",
            "further reading",
            "lire aussi",
            "à lire aussi",
            "a lire aussi",
            "lire la suite",
            "voir aussi",
            "mehr zum thema",
            "lesen sie auch",
            "auch interessant",
            "das könnte sie auch interessieren",
            "lea también",
            "lee también",
            "leer más",
            "te puede interesar",
            "ver también",
            "relacionad",
            "más información",
            "leia também",
            "leia mais",
            "veja também",
            "saiba mais",
            "čtěte také",
            "čtěte též",
            "přečtěte si také",
            "mohlo by vás zajímat",
            "相关阅读",
            "推荐阅读",
            "延伸阅读",
            "相关新闻",
            "相关文章",
            "関連記事",
            "あわせて読みたい",
        ]),
        r"(?i)^(?:read more|read also|also read|read next|more reading|related|related articles?|related stories|related content|related coverage|related reading|recommended|recommended reading|see also|more|more from [^:]{1,40}|most read|most popular|trending|top stories|watch|watch live|watch now|listen|you may also like|you might also like|don't miss|editor'?s picks?|further reading|more on this story|lire aussi|à lire aussi|a lire aussi|lire la suite|voir aussi|mehr zum thema|lesen sie auch|auch interessant|das könnte sie auch interessieren|lea también|lee también|leer más|te puede interesar|ver también|relacionad[oa]s?|más información|leia também|leia mais|veja também|saiba mais|čtěte také|čtěte též|přečtěte si také|mohlo by vás zajímat|相关阅读|推荐阅读|延伸阅读|相关新闻|相关文章|関連記事|あわせて読みたい)\s*[:：|›»>–—-]\s*(?-i:[^\s\p{Ll}]).*$",
    ),
    // A bare promo label on its own line.
    (
        "label",
        90,
        Gate::Starts(&[
            "read more",
            "read full story",
            "read the full story",
            "continue reading",
            "related",
            "recommended",
            "more stories",
            "more from ",
            "see also",
            "most read",
            "most popular",
            "most viewed",
            "trending",
            "top stories",
            "latest news",
            "latest stories",
            "also read",
            "you may also like",
            "you might also like",
            "more on this story",
            "more on this topic",
            "don't miss",
            "editor",
            "lire aussi",
            "à lire aussi",
            "lire la suite",
            "sur le même sujet",
            "mehr zum thema",
            "weiterlesen",
            "lesen sie auch",
            "lea también",
            "leer más",
            "noticias relacionadas",
            "leia também",
            "leia mais",
            "veja também",
            "čtěte také",
            "související články",
            "相关阅读",
            "推荐阅读",
            "延伸阅读",
            "相关新闻",
            "阅读全文",
            "関連記事",
            "続きを読む",
        ]),
        r"(?i)^(?:read more|read more read more|read full story|read the full story|continue reading|related|related articles?|related stories|related content|related coverage|related topics|recommended|recommended for you|more stories|more from .{1,40}|see also|most read|most popular|most viewed|trending|trending now|top stories|latest news|latest stories|also read|you may also like|you might also like|more on this story|more on this topic|don't miss|editor'?s picks?|lire aussi|à lire aussi|lire la suite|sur le même sujet|mehr zum thema|weiterlesen|lesen sie auch|lea también|leer más|noticias relacionadas|leia também|leia mais|veja também|čtěte také|související články|相关阅读|推荐阅读|延伸阅读|相关新闻|阅读全文|関連記事|続きを読む)\s*[.:…»›>]*$",
    ),
    // A teaser card: a short blurb ending in a "Read more" link text
    // (case-sensitive: "…told me to read more." is a sentence).
    (
        "teaser-tail",
        420,
        Gate::ContainsExact(&[
            "Read more",
            "READ MORE",
            "Read full ",
            "Continue reading",
            "Lire la suite",
            "Weiterlesen",
            "Leer más",
            "Leia mais",
            "More",
        ]),
        r"^.+?\s(?:Read more|Read More|READ MORE|Read full (?:story|article)|Continue reading|Lire la suite|Weiterlesen|Leer más|Leia mais|More\s*»)\s*[.…»›>]*$",
    ),
];

/// Delimiter lines.
pub const DELIMITERS: &[Rule] = &[(
    "delimiter",
    ANY,
    Gate::Always,
    r"^[\s\-=_*~#.·•─═━—–+|/\\<>◆◇■□●○★☆⁂§]{3,}$",
)];

/// Boilerplate lines (never body text, whatever the article).
pub const BOILERPLATE: &[Rule] = &[
    (
        "advertisement",
        80,
        Gate::Starts(&[
            "ad",
            "sponsored",
            "paid content",
            "promoted",
            "story continues below",
            "article continues below",
            "continue reading ",
            "scroll to continue",
            "publicité",
            "anzeige",
            "werbung",
            "publicidad",
            "reklama",
            "广告",
        ]),
        r"(?i)^(?:advertisement|advertisements|advertising|ad|ads|sponsored|sponsored content|paid content|promoted|story continues below(?: advertisement)?|article continues below(?: advertisement)?|continue reading (?:the main story|below)|scroll to continue(?: with content)?|publicité|anzeige|werbung|publicidad|publicidade|reklama|广告)\s*[:.]?$",
    ),
    (
        "share",
        45,
        Gate::Starts(&[
            "share",
            "tweet",
            "pin it",
            "copy link",
            "link copied",
            "copy article link",
            "print",
            "email",
            "e-mail",
            "send by email",
            "gift ",
            "save ",
            "partager",
            "imprimer",
            "teilen",
            "drucken",
            "compartir",
            "imprimir",
            "compartilhar",
            "sdílet",
            "分享",
            "打印",
            "シェア",
            "ツイート",
        ]),
        r"(?i)^(?:share|share this|share this (?:article|story|page|post)|share (?:on|via|to|with) [\w .+]+|share (?:the|this) story|tweet(?: this)?|pin it|copy link|link copied|copy article link|print(?: this (?:article|page|story))?|email(?: this (?:article|story|page))?|e-mail|send by email|gift (?:this )?article|save (?:this )?article|save for later|partager(?: sur \w+)?|imprimer|teilen|drucken|compartir(?: en \w+)?|imprimir|compartilhar|sdílet|分享(?:到\w+)?|打印|シェア|ツイート)\s*[:.!]?$",
    ),
    (
        "newsletter",
        230,
        Gate::StartsOrContains(
            &[
                "sign up",
                "signup",
                "subscribe",
                "register",
                "get",
                "join",
                "recevoir ",
                "inscrivez-vous à ",
                "jetzt abonnieren",
                "suscríbete",
                "assine ",
                "přihlaste se k odběru",
            ],
            &["newsletter"],
        ),
        r"(?i)^(?:(?:sign up|signup|subscribe|register|get|join)(?-u:\b).{0,80}(?-u:\b)(?:newsletters?|briefing|digest|daily email|morning email|inbox|alerts)(?-u:\b).{0,100}|(?:\w+ )?newsletters?|get the (?:latest|best) .{1,60}(?:inbox|email).{0,40}|(?:recevoir|inscrivez-vous à) .{0,40}newsletter.{0,40}|newsletter abonnieren|jetzt abonnieren|suscríbete.{0,80}|assine .{0,60}newsletter.{0,40}|přihlaste se k odběru.{0,60})$",
    ),
    (
        "follow",
        200,
        Gate::Starts(&["follow ", "like "]),
        r"(?i)^(?:follow|like) (?:us|@\w+|.{1,40}?) on (?:twitter|x|facebook|instagram|tiktok|linkedin|youtube|threads|bluesky|telegram|whatsapp|google news|flipboard)(?:[ ,]+(?:and|or|&)?\s*(?:twitter|x|facebook|instagram|tiktok|linkedin|youtube|threads|bluesky|telegram|whatsapp))*\s*[.!]?$",
    ),
    // `Click here to …` / `Click here for …`, or the bare words; not
    // `Click here, the email urged, …` (a sentence about a link).
    (
        "click-here",
        140,
        Gate::Starts(&["click here"]),
        r"(?i)^click here(?:\s+(?:to|for|and|now)(?-u:\b).{0,110}|\s*[.!:]?)$",
    ),
    (
        "cookies",
        360,
        Gate::Starts(&[
            "we use cookies",
            "this site uses cookies",
            "this website uses cookies",
            "by continuing ",
            "by using ",
        ]),
        r"(?i)^(?:we use cookies|this (?:web)?site uses cookies|by (?:continuing|using) (?:to (?:use|browse) )?(?:this|our) (?:web)?site)(?-u:\b).*$",
    ),
    (
        "copyright",
        180,
        Gate::StartsOrContains(&["©", "(c)", "copyright"], &["all rights reserved"]),
        r"(?i)^(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4}))\s*.*$|^all rights reserved\.?$|^.*(?-u:\b)all rights reserved\.?$",
    ),
    (
        "listen",
        90,
        Gate::Starts(&[
            "listen to th",
            "\\d",
            "reading time",
            "audio",
            "hörfunk",
            "écouter",
        ]),
        r"(?i)^(?:listen to (?:this|the) (?:article|story)(?:\W.{0,40})?|\d+\s*(?:min|mins|minutes?)(?: read| listen)?|reading time:?.{0,30}|audio(?: version)?:?|hörfunk|écouter(?: cet article)?)$",
    ),
    // Video player UI text (video.js and friends), and share-button icon
    // labels (`Ícone Facebook Facebook`).
    (
        "player-ui",
        330,
        Gate::Starts(&[
            "this is a modal window.",
            "beginning of dialog window.",
            "end of dialog window.",
            "close modal dialog",
            "no compatible source was found",
            "captions ",
            "subtitles ",
            "descriptions ",
            "chapters",
            "default, selected",
            "report issue",
            "no item available",
            "this video is either unavailable",
        ]),
        r"(?i)^(?:this is a modal window\..*|beginning of dialog window\..*|end of dialog window\.|close modal dialog|no compatible source was found for this media\.|(?:captions|subtitles|descriptions|chapters) (?:settings|off)(?:, (?:selected|opens [\w ]+))?|captions settings, opens captions settings dialog|default, selected|chapters|captions not available.*|report issue|no item available|this video is either unavailable or not supported in this browser\.?)$",
    ),
    (
        "share-icon",
        100,
        Gate::Starts(&["ícone ", "icône ", "icon "]),
        r"(?i)^(?:ícone|icône|icon)(?: de)? (?:facebook|twitter|whatsapp|messenger|google(?: plus)?|pinterest|linkedin|envelope|link|e-?mail|telegram|reddit)(?-u:\b).{0,60}$",
    ),
    // A row of share buttons scraped as one line: `Share this article on
    // Facebook Share on Twitter Share via Email`.
    (
        "share-row",
        160,
        Gate::Starts(&[
            "share",
            "tweet",
            "pin it",
            "email",
            "e-mail",
            "print",
            "copy link",
        ]),
        r"(?i)^(?:share(?: this (?:article|story|page|post))?(?: (?:on|via|to|by) [a-z+]+(?: [a-z+]+)?)?|tweet|pin it|email|e-mail|print|copy link)(?:\s*[|·•,/]?\s*(?:share(?: this (?:article|story|page|post))?(?: (?:on|via|to|by) [a-z+]+(?: [a-z+]+)?)?|tweet|pin it|email|e-mail|print|copy link)){1,8}\s*$",
    ),
    // `Updated 3 hours ago`, `5 min ago`: a relative time stamp.
    (
        "time-ago",
        40,
        Gate::Starts(&["updated", "published", "posted", "last updated", "a", "\\d"]),
        r"(?i)^(?:(?:updated|published|posted|last updated)\s*:?\s*)?(?:an?|\d{1,3})\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago\.?$",
    ),
    // A tag list: `Tags: storm, harbour`, `Topics: …` (short items, no
    // sentence).
    (
        "tags",
        200,
        Gate::Starts(&[
            "tag",
            "topic",
            "filed under",
            "related topics",
            "schlagwörter",
            "mots-clés",
            "etiquetas",
            "temas",
        ]),
        r"(?i)^(?:tags?|topics?|filed under|related topics|schlagwörter|mots-clés|etiquetas|temas)\s*:\s*[^.!?:]{1,180}$",
    ),
    (
        "comments",
        60,
        Gate::Starts(&[
            "comment",
            "\\d",
            "leave a ",
            "show comments",
            "view comments",
            "add ",
            "post a comment",
            "join the ",
            "kommentar",
            "comentario",
        ]),
        r"(?i)^(?:comments?\s*\(?\d*\)?|\d+\s+comments?|leave a (?:comment|reply)|show comments|view comments|add (?:a )?comment|post a comment|join the (?:conversation|discussion)|commentaires?\s*\(?\d*\)?|kommentare?\s*\(?\d*\)?|comentarios?\s*\(?\d*\)?)$",
    ),
];

/// Navigation and share crumbs: a block that is only one of these words.
pub const CRUMBS: &[&str] = &[
    "facebook",
    "twitter",
    "x",
    "email",
    "e-mail",
    "mail",
    "print",
    "home",
    "menu",
    "sign in",
    "sign up",
    "log in",
    "login",
    "logout",
    "log out",
    "register",
    "subscribe",
    "search",
    "close",
    "open",
    "skip to content",
    "skip to main content",
    "skip navigation",
    "back to top",
    "top",
    "whatsapp",
    "linkedin",
    "pinterest",
    "reddit",
    "flipboard",
    "messenger",
    "telegram",
    "instagram",
    "youtube",
    "tiktok",
    "copy",
    "copied",
    "save",
    "saved",
    "bookmark",
    "more",
    "next",
    "previous",
    "prev",
    "loading",
    "loading...",
    "image",
    "photo",
    "video",
    "toggle navigation",
    "navigation",
    "newsletter",
    "newsletters",
    "donate",
    "support us",
    "contact us",
    "about us",
    "privacy policy",
    "terms of use",
    "terms of service",
    "cookie policy",
    "sitemap",
    "rss",
    "copy link",
    "copiar link",
    "copiar enlace",
    "copier le lien",
    "link kopieren",
    "compartilhe",
    "ouvir o texto",
    "aumentar fonte",
    "diminuir fonte",
    "font size",
    "text size",
    "increase text size",
    "decrease text size",
    "artikel vorlesen",
    "vorlesen",
    "écouter",
    "escuchar",
    "poslechnout",
    "share via email",
    "share via facebook",
    "share via twitter",
    "share on whatsapp",
    "more sections",
    "subscribe now",
    "get the app",
    "open in app",
    "my account",
    "profile",
    "settings",
    "feedback",
    "help",
    "faq",
    "advertise",
    "careers",
    "jobs",
    "gallery",
    "photos",
    "partager",
    "imprimer",
    "accueil",
    "rechercher",
    "se connecter",
    "s'abonner",
    "teilen",
    "drucken",
    "startseite",
    "suche",
    "anmelden",
    "abonnieren",
    "compartir",
    "imprimir",
    "inicio",
    "buscar",
    "iniciar sesión",
    "suscríbete",
    "compartilhar",
    "entrar",
    "assine",
    "sdílet",
    "tisk",
    "hledat",
    "přihlásit",
    "首页",
    "分享",
    "打印",
    "搜索",
    "登录",
    "返回顶部",
    "ホーム",
    "シェア",
    "ログイン",
];

/// Section names: crumbs only when they stand in a run of at least two
/// crumbs (a menu), since "Politics" alone may be a real subheading.
pub const SECTION_NAMES: &[&str] = &[
    "news",
    "sport",
    "sports",
    "world",
    "politics",
    "business",
    "opinion",
    "culture",
    "technology",
    "tech",
    "science",
    "health",
    "lifestyle",
    "entertainment",
    "travel",
    "video",
    "videos",
    "podcasts",
    "live",
    "sections",
    "accessibility",
    "edition",
    "upgrade",
    "account",
    "us",
    "uk",
    "europe",
    "asia",
    "africa",
    "americas",
    "middle east",
    "australia",
    "economy",
    "markets",
    "money",
    "climate",
    "environment",
    "education",
    "arts",
    "books",
    "film",
    "music",
    "tv",
    "food",
    "style",
    "fashion",
    "weather",
    "local",
    "national",
    "international",
    "investigations",
    "features",
    "analysis",
    "obituaries",
    "letters",
    "magazine",
    "games",
    "puzzles",
    "crosswords",
    "real estate",
    "autos",
    "cars",
    "home",
    "latest",
    "top",
    "breaking",
    // French, German, Spanish, Portuguese, Czech section names.
    "politique",
    "société",
    "monde",
    "économie",
    "idées",
    "sciences",
    "vidéo",
    "vidéos",
    "politik",
    "wirtschaft",
    "kultur",
    "wissen",
    "panorama",
    "meinung",
    "política",
    "economía",
    "deportes",
    "cultura",
    "opinión",
    "sociedad",
    "internacional",
    "tecnología",
    "ciencia",
    "economia",
    "esporte",
    "esportes",
    "mundo",
    "opinião",
    "cotidiano",
    "domácí",
    "zahraničí",
    "ekonomika",
    "názory",
    "kultura",
    "bydlení",
    "magazín",
];

/// Stand-alone photo credits.
pub const CREDITS: &[Rule] = &[
    (
        "credit-label",
        130,
        Gate::Starts(&[
            "photo",
            "image",
            "picture",
            "illustration",
            "graphic",
            "video",
            "credit",
            "source",
            "foto",
            "bild",
            "imagen",
            "crédit",
            "getty images",
        ]),
        r"(?i)^(?:photo|photograph|photos|image|picture|pictured|illustration|graphic|video|credit|credits|source|foto|bild|imagen|crédit photo|crédits?|fotografía|image copyright|image source|getty images|photo credit)\s*(?::|by(?-u:\b)|©)\s*.{1,90}$",
    ),
    (
        "credit-glued",
        88,
        Gate::Starts(&["credit"]),
        r"^Credit[A-Z][\w.'’ -]+$",
    ),
    (
        "agency-credit",
        120,
        Gate::ContainsExact(&[
            "AFP",
            "AP",
            "Reuters",
            "Getty",
            "EPA",
            "Bloomberg",
            "Shutterstock",
            "Alamy",
            "PA",
            "Xinhua",
            "Anadolu",
            "Zuma Press",
            "SIPA",
            "Keystone",
            "dpa",
            "ANSA",
            "Imago",
        ]),
        r"^(?:[\p{Lu}][\p{L}.'’-]*(?:\s+[\p{Lu}][\p{L}.'’-]*)*\s*/\s*)?(?:AFP|AP|Reuters|Getty Images|Getty|EPA|EPA-EFE|Bloomberg|Shutterstock|Alamy|PA|PA Wire|Xinhua|Anadolu|AFP via Getty Images|AP Photo|Reuters Pictures|Zuma Press|SIPA|Keystone|dpa|ANSA|Imago)(?:\s*(?:/|via)\s*[\p{L} ]+)?\.?$",
    ),
    (
        "photo-paren",
        110,
        Gate::Starts(&["(photo", "(image", "(credit", "(foto"]),
        r"(?i)^\((?:photo|image|credit|foto)[^)]{0,90}\)$",
    ),
];

/// A regex behind a gate, compiled on first use: `gate(text)` is false for
/// every text the regex cannot match (a necessary condition, checked
/// first). With an `ascii` twin (the same pattern with each Unicode class
/// cut down to its ASCII members: cheap to compile), ASCII texts use the
/// twin: on an ASCII text both match, and capture, the same.
pub struct Gated {
    gate: fn(&str) -> bool,
    re: LazyLock<Regex>,
    ascii: Option<LazyLock<Regex>>,
}

impl Gated {
    /// A gated regex.
    pub const fn new(gate: fn(&str) -> bool, re: fn() -> Regex) -> Self {
        Gated {
            gate,
            re: LazyLock::new(re),
            ascii: None,
        }
    }

    /// A gated regex with an ASCII twin for ASCII texts.
    pub const fn with_ascii(
        gate: fn(&str) -> bool,
        re: fn() -> Regex,
        ascii: fn() -> Regex,
    ) -> Self {
        Gated {
            gate,
            re: LazyLock::new(re),
            ascii: Some(LazyLock::new(ascii)),
        }
    }

    fn regex(&self, text: &str) -> &Regex {
        match &self.ascii {
            Some(a) if text.is_ascii() => a,
            _ => &self.re,
        }
    }

    /// `Regex::is_match`.
    pub fn is_match(&self, text: &str) -> bool {
        (self.gate)(text) && self.regex(text).is_match(text)
    }

    /// `Regex::captures`.
    pub fn captures<'h>(&self, text: &'h str) -> Option<Captures<'h>> {
        if (self.gate)(text) {
            self.regex(text).captures(text)
        } else {
            None
        }
    }

    /// The full (Unicode) regex, for tests.
    #[cfg(test)]
    pub fn unicode(&self) -> &Regex {
        &self.re
    }

    /// The ASCII twin, for tests.
    #[cfg(test)]
    pub fn ascii(&self) -> Option<&Regex> {
        self.ascii.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_rules() -> impl Iterator<Item = &'static Rule> {
        [PROMOS, DELIMITERS, BOILERPLATE, CREDITS]
            .into_iter()
            .flatten()
    }

    fn literals(g: &Gate) -> Vec<&'static str> {
        match g {
            Gate::Always => Vec::new(),
            Gate::Starts(p) => p.to_vec(),
            Gate::StartsOrContains(p, c) => p.iter().chain(c.iter()).copied().collect(),
            Gate::ContainsExact(_) => Vec::new(),
        }
    }

    #[test]
    fn gate_literals_are_lower_case_without_kelvin_or_long_s() {
        for (name, _, gate, _) in all_rules() {
            for l in literals(gate) {
                assert!(!l.is_empty(), "{name}: empty literal");
                assert!(
                    !l.chars()
                        .any(|c| c.is_uppercase() || c == '\u{212A}' || c == '\u{17F}'),
                    "{name}: {l:?}"
                );
            }
        }
    }

    #[test]
    fn may_start_with_follows_case_folding() {
        assert!(may_start_with("Share this", "share"));
        assert!(may_start_with("SHARE", "share"));
        assert!(!may_start_with("Sha", "share"));
        assert!(!may_start_with("Shore", "share"));
        // LONG S and KELVIN SIGN fold to `s` and `k`.
        assert!(may_start_with("\u{17F}hare", "share"));
        assert!(may_start_with("\u{212A}ommentar", "kommentar"));
        assert!(Regex::new("(?i)^share").is_ok_and(|r| r.is_match("\u{17F}hare")));
        // No case: only the same character.
        assert!(!may_start_with("Read\u{a0}more", "read more"));
        assert!(!may_start_with("“The", "à lire aussi"));
        assert!(!may_start_with("a lire", "à lire aussi"));
        assert!(may_start_with("À LIRE AUSSI", "à lire aussi"));
        assert!(may_start_with("相关阅读", "相关阅读"));
        assert!(!may_start_with("相关新闻", "相关阅读"));
        assert!(may_contain("Get our NEWSLETTER", "newsletter"));
        assert!(may_contain("the new\u{17F}letter", "newsletter"));
        assert!(!may_contain("the news letter", "newsletter"));
        assert!(starts_with_any("٣ min read", &["\\d"]));
    }

    /// Every block of the test fixtures (and a few made-up lines) that a
    /// rule matches passes the rule's gate.
    #[test]
    fn gates_pass_every_match() {
        let mut texts: Vec<String> = [
            "Read\u{a0}Storm closes coastal road",
            "READ MORE: Storm closes road",
            "À lire aussi : La tempête",
            "相关阅读：风暴",
            "Advertisement",
            "PUBLICITÉ",
            "Share this article",
            "Ícone Facebook Facebook",
            "Sign up for our morning newsletter",
            "The Morning newsletter",
            "Newsletter abonnieren",
            "Follow us on Twitter",
            "Click here to subscribe",
            "We use cookies to improve your experience",
            "© 2024 Harbour Post",
            "Harbour Post. All rights reserved.",
            "5 min read",
            "Listen to this article",
            "Updated 3 hours ago",
            "an hour ago",
            "Tags: storm, harbour",
            "12 comments",
            "Kommentare (3)",
            "Photo: Lena Ortiz",
            "CreditLena Ortiz",
            "Lena Ortiz/AFP",
            "Reuters",
            "(Photo by Lena Ortiz)",
            "Share on Facebook Share on Twitter Share via Email",
            "- - - - -",
            "Chapters",
            "Storm closes the coast road. Read more",
            "Storm closes the coast road More »",
            "Storm closes the coast road. Lire la suite",
            "Captions settings, opens captions settings dialog",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Ok(s) = std::fs::read_to_string(&p) {
                    texts.extend(s.lines().map(|l| l.trim().to_string()));
                }
            }
        }
        let mut matched = 0;
        for (name, _, gate, pattern) in all_rules() {
            let re = Regex::new(pattern).unwrap_or_else(|e| panic!("{name}: {e}"));
            for t in &texts {
                if re.is_match(t) {
                    matched += 1;
                    assert!(gate.pass(t), "rule {name} matches {t:?} but its gate fails");
                }
            }
        }
        assert!(matched > 40, "only {matched} matches: fixtures missing?");
    }
}
