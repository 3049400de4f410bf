//! The vocabulary of the block-context passes, as data: the labels, words
//! and separators they recognise, by language where it matters. The
//! artifact rules (promos, boilerplate, credits, …) are in `rules/`; the
//! code that weighs this evidence is in `context/`, `blocks.rs`, `furniture.rs` and
//! `structure.rs`. Adding a language is adding rows here (and a fixture).

/// A label in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    /// BCP 47 language tag.
    pub lang: &'static str,
    /// The label, lower-case, as a whole line.
    pub text: &'static str,
}

const fn label(lang: &'static str, text: &'static str) -> Label {
    Label { lang, text }
}

/// `Reply` buttons of reader-comment threads (a line of its own, compared
/// lower-cased, trailing arrows trimmed): `comment-thread`.
pub const REPLY_BUTTONS: &[Label] = &[
    label("en", "reply"),
    label("en", "reply ↓"),
    label("fr", "répondre"),
    label("de", "antworten"),
    label("es", "responder"),
    label("es", "responder a este comentario"),
    label("cs", "odpovědět"),
    label("zh-Hans", "回复"),
    label("zh-Hant", "回覆"),
    label("ja", "返信"),
    label("it", "rispondi"),
];

/// Endings of a comment header line that carries its reply button
/// (`Ana 2014/01/01 20:31 回覆`), compared lower-cased: `comment-thread`.
pub const REPLY_SUFFIXES: &[&str] = &[
    "回覆",
    "回复",
    " reply",
    "返信",
    " répondre",
    " antworten",
    // `Ana October 2, 2012 | Permalink`: the comment's own link.
    " permalink",
    "|permalink",
];

/// The nouns of a comment count (`12 Comments`, `1 réponse`), lower-case:
/// `comment-section`.
pub const COMMENT_COUNT_NOUNS: &[Label] = &[
    label("en", "comments"),
    label("en", "comment"),
    label("en", "responses"),
    label("en", "response"),
    label("en", "replies"),
    label("en", "reactions"),
    label("en", "thoughts on"),
    label("fr", "commentaires"),
    label("fr", "commentaire"),
    label("fr", "réactions"),
    label("fr", "réponses"),
    label("de", "kommentare"),
    label("de", "kommentar"),
    label("es", "comentarios"),
    label("es", "comentario"),
    label("es", "respuestas"),
    label("it", "commenti"),
    label("it", "commento"),
    label("pt", "comentários"),
    label("pt", "comentário"),
    label("nl", "reacties"),
    label("nl", "reactie"),
    label("sv", "kommentarer"),
    label("pl", "komentarze"),
    label("pl", "komentarzy"),
    label("pl", "komentarz"),
    label("ru", "комментариев"),
    label("ru", "комментария"),
    label("ru", "комментарий"),
];

/// What may follow a comment count's noun (`12 Responses to “Title”`,
/// `5 comments so far`), lower-case, with its leading space.
pub const COMMENT_COUNT_TAILS: &[&str] = &[
    " to ", " on ", " and ", " so far", " for ", " sur ", " zu ", " a ", " en ", " su ",
    // `{ 1 comment… read it below or add one }`
    "…", "...",
];

/// The headings of a comment section without a count, lower-case, as a
/// whole line (a trailing colon trimmed): `comment-section`, which wants a
/// comment below them (they may be a section of an article about comments).
pub const COMMENT_SECTION_LABELS: &[Label] = &[
    label("en", "comments"),
    label("en", "responses"),
    label("en", "reader comments"),
    label("en", "readers' comments"),
    label("en", "readers comments"),
    label("en", "user comments"),
    label("fr", "commentaires"),
    label("fr", "réactions"),
    label("de", "kommentare"),
    label("es", "comentarios"),
    label("it", "commenti"),
    label("pt", "comentários"),
    label("nl", "reacties"),
    label("sv", "kommentarer"),
    label("pl", "komentarze"),
    label("ru", "комментарии"),
];

/// The calls and notices that open or close a comment section, lower-case,
/// as a whole line: `comment-section`.
pub const COMMENT_SECTION_CALLS: &[Label] = &[
    label("en", "leave a comment"),
    label("en", "leave a reply"),
    label("en", "leave a reply cancel reply"),
    label("en", "leave a comment cancel reply"),
    label("en", "leave a response"),
    label("en", "leave comment"),
    label("en", "post a comment"),
    label("en", "post new comment"),
    label("en", "post your comment"),
    label("en", "add a comment"),
    label("en", "add new comment"),
    label("en", "add your comment"),
    label("en", "write a comment"),
    label("en", "submit a comment"),
    label("en", "comments are closed"),
    label("en", "comments are closed for this post"),
    label("en", "comments are closed for this article"),
    label("en", "join the discussion"),
    label("en", "join the conversation"),
    label("en", "discuss this blog post"),
    label("en", "discuss this article"),
    label("en", "discuss this story"),
    label("en", "discuss this post"),
    label("fr", "laisser un commentaire"),
    label("fr", "laissez un commentaire"),
    label("fr", "ajouter un commentaire"),
    label("fr", "les commentaires sont fermés"),
    label("de", "kommentar schreiben"),
    label("de", "schreibe einen kommentar"),
    label("de", "hinterlasse einen kommentar"),
    label("es", "deja un comentario"),
    label("es", "dejar un comentario"),
    label("es", "deja una respuesta"),
    label("it", "lascia un commento"),
    label("pt", "deixe um comentário"),
    label("pt", "deixe uma resposta"),
    label("nl", "laat een reactie achter"),
    label("sv", "lämna en kommentar"),
    label("pl", "dodaj komentarz"),
    label("ru", "оставить комментарий"),
    label("ru", "добавить комментарий"),
];

/// Words a comment's header ends in (`Ana says:`), lower-case.
pub const COMMENT_SAYS: &[&str] = &[
    " says:",
    " said:",
    " wrote:",
    " says",
    " écrit :",
    " schreibt:",
    " dice:",
];

/// Separators between a page title's headline and its site name
/// (`Headline - Site`): `head-chrome`, `structure`.
pub const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " @ ", " · ", " » ", " : ",
];

/// Function words of English (the jusText list's core): articles,
/// pronouns, prepositions, auxiliaries, conjunctions.
#[rustfmt::skip]
pub const STOPWORDS_EN: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "even",
    "ever", "every", "few", "for", "from", "further", "had", "has", "have", "having", "he",
    "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "if",
    "in", "into", "is", "it", "its", "itself", "just", "least", "less", "like", "made", "make",
    "many", "may", "me", "might", "more", "most", "much", "must", "my", "myself", "never", "no",
    "nor", "not", "now", "of", "off", "often", "on", "once", "one", "only", "or", "other",
    "our", "ours", "ourselves", "out", "over", "own", "per", "perhaps", "quite", "rather",
    "really", "said", "same", "say", "says", "she", "should", "since", "so", "some", "still",
    "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there",
    "these", "they", "this", "those", "though", "through", "thus", "to", "too", "under",
    "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when", "where",
    "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within",
    "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves", "it's",
    "don't", "can't", "isn't", "wasn't", "didn't", "doesn't", "won't", "there's", "that's",
    "he's", "she's", "i'm", "i've", "we're", "they're", "you're", "let", "got", "get", "went",
    "go", "going", "well", "way", "back", "around", "against", "among", "another", "already",
    "although", "always", "anything", "become", "became", "come", "came", "either", "else",
    "enough", "etc", "everything", "gave", "give", "given", "indeed", "instead", "later",
    "much", "neither", "next", "nothing", "onto", "otherwise", "seem", "seemed", "several",
    "something", "sometimes", "soon", "take", "took", "toward", "towards", "two", "unless",
    "whatever", "whereas", "yes",
];

/// Units of recipe quantities (`1/2 cup milk`, `200 g flour`).
#[rustfmt::skip]
pub const RECIPE_UNITS: &[&str] = &[
    "cup", "cups", "tsp", "tbsp", "tbsps", "teaspoon", "teaspoons", "tablespoon", "tablespoons",
    "g", "kg", "ml", "l", "oz", "ounce", "ounces", "lb", "lbs", "pound", "pounds", "pinch",
    "clove", "cloves", "slice", "slices", "large", "medium", "small", "can", "cans", "bunch",
];

/// English month names and their abbreviations (a trailing `.` is trimmed
/// before the lookup): attribution lines (`structure::is_head_line`).
#[rustfmt::skip]
pub const MONTHS_EN: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// What the comment forms of the big blog engines (WordPress, Blogger,
/// TypePad, Movable Type, Thesis) print, found inside a line, lower-case:
/// `blog-furniture`.
pub const COMMENT_FORM_PHRASES: &[&str] = &[
    "your email address will not be published",
    "your email is never published nor shared",
    "your email address will never be published",
    "email address will not be displayed with the comment",
    "name and email address are required",
    "notify me of followup comments",
    "notify me of follow-up comments",
    "notify me of new comments",
    "notify me of new posts by email",
    "this is only a preview. your comment has not yet been posted",
    "the letters and numbers you entered did not match the image",
    "having trouble reading this image?",
    "as a final step before posting your comment",
    "you can follow this conversation by subscribing to the comment feed",
    "comments are moderated, and will not appear until",
    "you can use these html tags and attributes",
    "you may use these html tags and attributes",
    "comments… read them below or add one",
    "comments... read them below or add one",
    "get smart with the thesis wordpress theme",
    "you can use html tags like",
    "urls automatically linked",
    "you are commenting using your wordpress.com account",
    "you are commenting using your twitter account",
    "you are commenting using your facebook account",
    "you are commenting using your google+ account",
    "trackback url for this entry",
    "enter your email address to receive new posts by email",
    "enter your email address to subscribe to this blog",
    "subscribe to: post comments (atom)",
    "newer post older post home",
];

/// Lines the blog engines' comment forms and post footers print alone,
/// compared lower-case without a trailing colon: `blog-furniture`.
pub const COMMENT_FORM_LABELS: &[&str] = &[
    "leave a reply",
    "leave a reply cancel reply",
    "leave a comment",
    "post a comment",
    "previewing your comment",
    "verify your comment",
    "posted by: |",
    "name (required)",
    "email (required)",
    "e-mail (required)",
    "mail (will not be published) (required)",
    "mail (will not be published)",
    "website (optional)",
    "no comments",
    "like this",
    "blog at wordpress.com.",
    "delivered by feedburner",
    "enter your email address",
];

/// The field labels of a comment form (`Name`, `Website`): removed only next
/// to a line of [`COMMENT_FORM_PHRASES`] or [`COMMENT_FORM_LABELS`] (alone,
/// they may be the article's own).
pub const COMMENT_FORM_FIELDS: &[&str] = &[
    "name",
    "name *",
    "email",
    "email *",
    "e-mail",
    "mail",
    "website",
    "url",
    "comment",
    "your information",
    "reply",
];

/// Headings the blog engines give their sidebar widgets, lower-case without
/// a trailing colon: `blog-furniture` takes the heading and the short lines
/// below it.
pub const WIDGET_HEADINGS: &[&str] = &[
    "archives",
    "archive",
    "blog archive",
    "archives by month",
    "monthly archives",
    "categories",
    "recent comments",
    "recent posts",
    "recent entries",
    "recent articles",
    "latest posts",
    "popular posts",
    "top posts",
    "most popular",
    "most read",
    "most commented",
    "blogroll",
    "blog roll",
    "my blog list",
    "followers",
    "follow this blog",
    "follow by email",
    "search this blog",
    "labels",
    "tag cloud",
    "twitter updates",
    "total pageviews",
    "site feed",
    "subscribe to",
    "about me",
];

/// How an English attribution line opens (`Posted by Max Fisher on …`),
/// lower-case.
pub const ATTRIBUTION_OPENERS_EN: &[&str] = &[
    "by ",
    "by:",
    "posted ",
    "written by",
    "published ",
    "updated ",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_lower_case_and_trimmed() {
        let labels = REPLY_BUTTONS.iter().map(|l| l.text);
        for w in labels
            .chain(REPLY_SUFFIXES.iter().copied())
            .chain(STOPWORDS_EN.iter().copied())
            .chain(RECIPE_UNITS.iter().copied())
            .chain(MONTHS_EN.iter().copied())
            .chain(ATTRIBUTION_OPENERS_EN.iter().copied())
            .chain(COMMENT_FORM_PHRASES.iter().copied())
            .chain(COMMENT_FORM_LABELS.iter().copied())
            .chain(COMMENT_FORM_FIELDS.iter().copied())
            .chain(COMMENT_COUNT_NOUNS.iter().map(|l| l.text))
            .chain(COMMENT_SECTION_LABELS.iter().map(|l| l.text))
            .chain(COMMENT_SECTION_CALLS.iter().map(|l| l.text))
            .chain(COMMENT_SAYS.iter().copied())
            .chain(WIDGET_HEADINGS.iter().copied())
        {
            assert_eq!(w, w.to_lowercase(), "{w}");
            assert!(!w.is_empty());
        }
        for l in REPLY_BUTTONS
            .iter()
            .chain(COMMENT_COUNT_NOUNS)
            .chain(COMMENT_SECTION_LABELS)
            .chain(COMMENT_SECTION_CALLS)
        {
            assert_eq!(l.text, l.text.trim());
            assert!(crate::model::language_tag(l.lang).is_some(), "{}", l.lang);
        }
        // The stopword index in blocks.rs takes ASCII words of 12 bytes at most.
        assert!(STOPWORDS_EN.iter().all(|w| w.is_ascii() && w.len() <= 12));
    }
}
