//! Text repair: mojibake (UTF-8 read as Windows-1252, `â€™` -> `’`), then
//! (after the artifact passes, which use NBSP as a signal) invisible and
//! control characters, NBSP and whitespace runs.

use super::{Context, Edits, MetaSet, Op, Pass};
use crate::model::Draft;
use crate::model::{Block, canonicalize_inlines, walk_text_mut};

/// Fixes mojibake.
pub struct Mojibake;

impl Pass for Mojibake {
    fn name(&self) -> &'static str {
        "mojibake"
    }
    fn propose(&self, draft: &Draft, _cx: &Context, edits: &mut Edits) {
        let mut meta = draft.meta.clone();
        let mut changed = false;
        meta.walk_text_mut(&mut |s| {
            if let Some(fixed) = fix_mojibake(s) {
                *s = fixed;
                changed = true;
            }
        });
        if changed {
            edits
                .push(None, Op::Note, "mojibake (metadata)", MOJIBAKE_WHY)
                .set(MetaSet::All(Box::new(meta)));
        }
        for (k, item) in draft.items.iter().enumerate() {
            if !needs_mojibake_fix(&item.block) {
                continue;
            }
            let mut block = item.block.clone();
            walk_text_mut(&mut block, &mut |s| {
                if let Some(fixed) = fix_mojibake(s) {
                    *s = fixed;
                }
            });
            let text = crate::model::block_text(&block);
            edits
                .push(Some(k), Op::Replace(block), "mojibake", MOJIBAKE_WHY)
                .text(text);
        }
    }
}

const MOJIBAKE_WHY: &str = "UTF-8 text that was read as Windows-1252 (`â€™` for `’`)";

/// True when some text run of `block` has mojibake to fix.
fn needs_mojibake_fix(block: &Block) -> bool {
    let mut found = false;
    crate::model::walk_text(block, &mut |s| {
        if !found && fix_mojibake(s).is_some() {
            found = true;
        }
    });
    found
}

/// Windows-1252 bytes 0x80..=0x9F and the characters they decode to.
const CP1252_HIGH: [(u8, char); 27] = [
    (0x80, '€'),
    (0x82, '‚'),
    (0x83, 'ƒ'),
    (0x84, '„'),
    (0x85, '…'),
    (0x86, '†'),
    (0x87, '‡'),
    (0x88, 'ˆ'),
    (0x89, '‰'),
    (0x8A, 'Š'),
    (0x8B, '‹'),
    (0x8C, 'Œ'),
    (0x8E, 'Ž'),
    (0x91, '‘'),
    (0x92, '’'),
    (0x93, '“'),
    (0x94, '”'),
    (0x95, '•'),
    (0x96, '–'),
    (0x97, '—'),
    (0x98, '˜'),
    (0x99, '™'),
    (0x9A, 'š'),
    (0x9B, '›'),
    (0x9C, 'œ'),
    (0x9E, 'ž'),
    (0x9F, 'Ÿ'),
];

fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x80 || (0xA0..=0xFF).contains(&u) || matches!(u, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D) {
        return Some(u as u8);
    }
    CP1252_HIGH.iter().find(|(_, ch)| *ch == c).map(|(b, _)| *b)
}

/// Lead characters of mojibake: how a UTF-8 lead byte 0xC2..=0xF4 looks in cp1252.
fn is_lead(c: char) -> bool {
    ('\u{C2}'..='\u{F4}').contains(&c)
}

/// Repairs runs of UTF-8-read-as-Windows-1252 inside `s`. Returns `None` when
/// nothing changed. Only runs that re-decode to valid UTF-8 are touched, so
/// real accented text (`Café`) is left alone.
pub fn fix_mojibake(s: &str) -> Option<String> {
    if s.is_ascii() || !s.chars().any(is_lead) {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_lead(c) {
            let need = match c as u32 {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            if i + need <= chars.len() {
                let bytes: Option<Vec<u8>> =
                    chars[i..i + need].iter().map(|&c| cp1252_byte(c)).collect();
                // A no-break space after an accented letter is French
                // typography (`automatisé\u{A0}»`), not mojibake; as a
                // continuation byte it only comes after `Â` or `Ã`
                // (`Â\u{A0}` is a mangled no-break space, `Ã\u{A0}` an `à`).
                if let Some(bytes) = bytes
                    && bytes[1..].iter().all(|b| (0x80..=0xBF).contains(b))
                    && (matches!(bytes[0], 0xC2 | 0xC3) || !bytes[1..].contains(&0xA0))
                    && let Ok(dec) = std::str::from_utf8(&bytes)
                {
                    out.push_str(dec);
                    changed = true;
                    i += need;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    changed.then_some(out)
}

/// Removes invisible and control characters, turns NBSP and other spaces into
/// plain spaces, collapses runs; in metadata too.
pub struct Whitespace;

/// True when `clean_chars` + canonicalisation would not change `s`: no
/// invisible, control or special-space characters, no double, leading or
/// trailing spaces, not empty.
fn is_clean(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() || b[0] == b' ' || b[b.len() - 1] == b' ' {
        return false;
    }
    // One pass over the bytes: ASCII takes the byte test, only other
    // characters are decoded and take the full one.
    let mut prev_space = false;
    // Every character below U+0300 is NFC and starts no combining sequence:
    // only text with a later one needs the NFC quick check.
    let mut maybe_not_nfc = false;
    let mut i = 0;
    while i < b.len() {
        // 16 ASCII bytes at a time, without branches.
        if let Some(block) = b.get(i..i + 16)
            && block.iter().fold(0u8, |a, &x| a | x) < 0x80
        {
            let mut bad = prev_space && block[0] == b' ';
            for &x in block {
                bad |= x < 0x20 || x == 0x7f;
            }
            for pair in block.windows(2) {
                bad |= pair[0] == b' ' && pair[1] == b' ';
            }
            if bad {
                return false;
            }
            prev_space = block[15] == b' ';
            i += 16;
            continue;
        }
        let x = b[i];
        if x < 0x80 {
            let space = x == b' ';
            if (space && prev_space) || x < 0x20 || x == 0x7f {
                return false;
            }
            prev_space = space;
            i += 1;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|t| t.chars().next()) else {
            return false;
        };
        let start = i;
        i += c.len_utf8();
        maybe_not_nfc |= c >= '\u{300}' && !nfc_inert(c);
        if matches!(c, '\u{200C}' | '\u{200D}') {
            let before = s.get(..start).and_then(|t| t.chars().next_back());
            let after = s.get(i..).and_then(|t| t.chars().next());
            if joiner_kept(before, c, after) {
                continue;
            }
        }
        if c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '\u{200B}'
                    | '\u{200C}'
                    | '\u{200D}'
                    | '\u{2060}'
                    | '\u{FEFF}'
                    | '\u{00AD}'
                    | '\u{180E}'
                    | '\u{E000}'..='\u{F8FF}'
            )
        {
            return false;
        }
        prev_space = false;
    }
    // Decomposed accents (`e` + U+0301) are composed (NFC), so dedupe and
    // every comparison see one `é`.
    !maybe_not_nfc
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// Punctuation news text is full of (dashes, curly quotes, bullets, the
/// ellipsis, primes, guillemets): NFC whatever comes before or after it.
fn nfc_inert(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}')
}

/// ZERO WIDTH NON-JOINER and JOINER between two letters of a script that
/// uses them (Persian `می‌کارد`, Indic conjuncts, emoji sequences) are
/// spelling, not junk: kept. Anywhere else (between ASCII letters, next to
/// a space) they go.
fn joiner_kept(before: Option<char>, c: char, after: Option<char>) -> bool {
    let part = |c: Option<char>| c.is_some_and(|c| !c.is_ascii() && !c.is_whitespace());
    matches!(c, '\u{200C}' | '\u{200D}') && part(before) && part(after)
}

/// `s` without invisible and control characters, other spaces as plain
/// spaces, composed (Unicode NFC).
fn clean_chars(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    let mut out = String::with_capacity(s.len());
    let mut prev = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let before = prev.replace(c);
        if joiner_kept(before, c, chars.peek().copied()) {
            out.push(c);
            continue;
        }
        match c {
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
            | '\u{180E}' => {}
            // Private-use glyphs are icon fonts (share buttons), never text.
            '\u{E000}'..='\u{F8FF}' => {}
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c if c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    if unicode_normalization::is_nfc_quick(out.chars()) != unicode_normalization::IsNormalized::Yes
    {
        out = out.nfc().collect();
    }
    out
}

impl Pass for Whitespace {
    fn name(&self) -> &'static str {
        "whitespace"
    }
    fn propose(&self, draft: &Draft, _cx: &Context, edits: &mut Edits) {
        let mut meta = draft.meta.clone();
        meta.walk_text_mut(&mut |s| {
            *s = clean_chars(s)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
        });
        meta.authors.retain(|a| !a.is_empty());
        for field in [&mut meta.title, &mut meta.subtitle, &mut meta.source] {
            if field.as_deref() == Some("") {
                *field = None;
            }
        }
        if meta != draft.meta {
            edits
                .push(
                    None,
                    Op::Note,
                    "whitespace (metadata)",
                    "invisible characters and runs of spaces in metadata",
                )
                .set(MetaSet::All(Box::new(meta)));
        }
        for (k, item) in draft.items.iter().enumerate() {
            // Fast path: a paragraph that is one clean run of text.
            if let Block::Paragraph { content } = &item.block
                && let [crate::model::Inline::Text { text }] = content.as_slice()
                && is_clean(text)
            {
                continue;
            }
            let before = crate::model::block_text(&item.block);
            let mut block = item.block.clone();
            walk_text_mut(&mut block, &mut |s| *s = clean_chars(s));
            canonicalize_block(&mut block);
            if block == item.block {
                continue;
            }
            let after = crate::model::block_text(&block);
            if after.trim().is_empty()
                && !before.is_empty()
                && !matches!(block, Block::Break | Block::Figure { .. })
            {
                edits
                    .remove(
                        k,
                        "blank",
                        "nothing visible is left once invisible characters go",
                    )
                    .text(before.trim().to_string());
            } else if after == before {
                // Only the inline runs' form changed (adjacent runs merged):
                // the text reads the same.
                edits
                    .push(Some(k), Op::Replace(block), "canonical-form", "")
                    .text(after);
            } else {
                edits
                    .push(
                        Some(k),
                        Op::Replace(block),
                        "whitespace",
                        "invisible or control characters, or runs of spaces",
                    )
                    .text(after);
            }
        }
    }
}

/// Canonical inline runs everywhere in a block.
pub fn canonicalize_block(b: &mut Block) {
    match b {
        Block::Paragraph { content } | Block::Heading { content, .. } => {
            *content = canonicalize_inlines(std::mem::take(content))
        }
        Block::Quote { blocks } => {
            blocks.iter_mut().for_each(canonicalize_block);
            blocks.retain(|b| !matches!(b, Block::Paragraph { content } if content.is_empty()));
        }
        Block::List { items, .. } => {
            for it in items.iter_mut() {
                it.iter_mut().for_each(canonicalize_block);
                it.retain(|b| !matches!(b, Block::Paragraph { content } if content.is_empty()));
            }
            items.retain(|i| !i.is_empty());
        }
        Block::Figure { alt, caption, .. } => {
            *alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
            *caption = canonicalize_inlines(std::mem::take(caption));
        }
        Block::Table(t) => {
            t.caption = canonicalize_inlines(std::mem::take(&mut t.caption));
            t.cells_mut()
                .for_each(|c| *c = canonicalize_inlines(std::mem::take(c)));
        }
        Block::Note { blocks, .. } => {
            blocks.iter_mut().for_each(canonicalize_block);
            blocks.retain(|b| !matches!(b, Block::Paragraph { content } if content.is_empty()));
        }
        Block::Break | Block::Code { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    /// The char-by-char definition the byte scanner must agree with.
    fn is_clean_reference(s: &str) -> bool {
        let b = s.as_bytes();
        if b.is_empty() || b[0] == b' ' || b[b.len() - 1] == b' ' {
            return false;
        }
        if unicode_normalization::is_nfc_quick(s.chars())
            != unicode_normalization::IsNormalized::Yes
        {
            return false;
        }
        let mut prev_space = false;
        let mut prev = None;
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            let before = prev.replace(c);
            if joiner_kept(before, c, chars.peek().copied()) {
                continue;
            }
            let bad = if c.is_ascii() {
                let space = c == ' ';
                let bad = (space && prev_space) || (c as u32) < 0x20 || c == '\x7f';
                prev_space = space;
                bad
            } else {
                prev_space = false;
                c.is_whitespace()
                    || c.is_control()
                    || matches!(
                        c,
                        '\u{200B}'
                            | '\u{200C}'
                            | '\u{200D}'
                            | '\u{2060}'
                            | '\u{FEFF}'
                            | '\u{00AD}'
                            | '\u{180E}'
                            | '\u{E000}'..='\u{F8FF}'
                    )
            };
            if bad {
                return false;
            }
        }
        true
    }

    /// `nfc_inert` characters need no NFC check: each is NFC (quick check
    /// "yes") and of combining class 0, so it neither composes with what
    /// comes before nor reorders.
    #[test]
    fn inert_punctuation_is_nfc() {
        use unicode_normalization::char::canonical_combining_class;
        for c in ('\u{2000}'..='\u{2100}').filter(|&c| nfc_inert(c)) {
            assert_eq!(
                unicode_normalization::is_nfc_quick(std::iter::once(c)),
                unicode_normalization::IsNormalized::Yes,
                "{c:?}"
            );
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
        }
    }

    proptest::proptest! {
        /// The byte scanner agrees with the definition, and "clean" is never
        /// wrong: cleaning and collapsing spaces would change nothing.
        #[test]
        fn is_clean_matches_its_definition(
            s in "([a-z ’é—«»•]|\u{a0}|\u{200b}|\u{200c}|\u{200d}|\u{301}|\u{e001}|\u{7f}|\u{85}|می|क्ष){0,80}"
        ) {
            proptest::prop_assert_eq!(is_clean(&s), is_clean_reference(&s));
            if is_clean(&s) {
                let cleaned = clean_chars(&s).split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
                proptest::prop_assert_eq!(cleaned, s);
            }
        }
    }

    #[test]
    fn decomposed_accents_are_composed() {
        // `Cafe\u{301}` (e + combining acute) becomes `Café` (one é), so a
        // paragraph repeated in both forms is one paragraph to dedupe.
        assert!(!is_clean("Cafe\u{301} au lait"));
        assert_eq!(clean_chars("Cafe\u{301} au lait"), "Caf\u{e9} au lait");
        assert!(is_clean("Caf\u{e9} au lait"));
        let (doc, _) = crate::normalize::normalize_str(
            "Title line here\n\nThe cafe\u{301} opened on the harbour front last week, owners said.\n\nThe caf\u{e9} opened on the harbour front last week, owners said.\n",
            crate::read::Format::Text,
        );
        let body: Vec<String> = doc.blocks.iter().map(crate::model::block_text).collect();
        assert_eq!(
            body.iter().filter(|b| b.contains("opened")).count(),
            1,
            "{body:?}"
        );
        assert!(body.iter().all(|b| !b.contains('\u{301}')));
    }
    #[test]
    fn mojibake_is_fixed_and_real_text_kept() {
        assert_eq!(
            fix_mojibake("Gazaâ€™s city").as_deref(),
            Some("Gaza’s city")
        );
        assert_eq!(
            fix_mojibake("â€œquotedâ€\u{9d}").as_deref(),
            Some("“quoted”")
        );
        assert_eq!(
            fix_mojibake("CafÃ© au lait").as_deref(),
            Some("Café au lait")
        );
        assert_eq!(fix_mojibake("Café au lait"), None);
        assert_eq!(fix_mojibake("naïve Ünïcödé"), None);
        // French guillemets after an accented letter, with no-break spaces.
        assert_eq!(
            fix_mojibake("un traitement automatisé\u{a0}». Ce dispositif"),
            None
        );
        assert_eq!(fix_mojibake("ÉTÉ\u{a0}»"), None);
        assert_eq!(fix_mojibake("voilÃ\u{a0}").as_deref(), Some("voilà"));
        assert_eq!(fix_mojibake("5Â\u{a0}km").as_deref(), Some("5\u{a0}km"));
    }
    #[test]
    fn invisible_characters_go() {
        assert_eq!(clean_chars("a\u{200B}b\u{00AD}c\u{00A0}d\u{7}"), "abc d");
        // Persian and Indic joiners are spelling.
        let persian = "می\u{200C}کارد";
        assert_eq!(clean_chars(persian), persian);
        assert!(is_clean(persian));
        assert_eq!(clean_chars("wo\u{200C}rd \u{200D}x"), "word x");
    }
}
