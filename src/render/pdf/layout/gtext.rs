//! The text a placed glyph stands for, as a thin handle.
//!
//! Every glyph on every line carries the text it stands for (for the
//! ToUnicode map, `/ActualText` and link descriptions) until the PDF is
//! written: 50 million glyphs for a 50 MB article. As an `Arc<str>` that
//! is 16 bytes a glyph; a [`GlyphText`] is 8: a pointer to a string
//! interned once for the process. The strings are the clusters fonts
//! shape (a letter, a ligature's letters, a syllable), a few hundred in a
//! book, a few thousand in CJK text, so the table stays small.

// `&'static Box<str>` on purpose: a thin (8-byte) pointer, where `&str` is 16.
#![allow(clippy::borrowed_box)]

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// An interned cluster text; derefs to `str`.
#[derive(Clone, Copy)]
pub struct GlyphText(&'static Box<str>);

fn table() -> &'static Mutex<HashMap<&'static str, GlyphText>> {
    static TABLE: OnceLock<Mutex<HashMap<&'static str, GlyphText>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

impl GlyphText {
    /// The handle of `text` (interned on first use).
    pub fn new(text: &str) -> GlyphText {
        let mut t = table().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(g) = t.get(text) {
            return *g;
        }
        // Kept for the life of the process: see the module.
        let leaked: &'static Box<str> = Box::leak(Box::new(Box::from(text)));
        let g = GlyphText(leaked);
        t.insert(&**leaked, g);
        g
    }

    /// The handles of `texts`, taking the lock once.
    pub fn many<'s>(texts: impl Iterator<Item = &'s str>) -> Vec<GlyphText> {
        let mut t = table().lock().unwrap_or_else(|e| e.into_inner());
        texts
            .map(|text| match t.get(text) {
                Some(g) => *g,
                None => {
                    let leaked: &'static Box<str> = Box::leak(Box::new(Box::from(text)));
                    let g = GlyphText(leaked);
                    t.insert(&**leaked, g);
                    g
                }
            })
            .collect()
    }

    /// The text.
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

impl std::ops::Deref for GlyphText {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl PartialEq for GlyphText {
    fn eq(&self, other: &Self) -> bool {
        // Interned: one pointer per text.
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for GlyphText {}

impl std::hash::Hash for GlyphText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Interned: the pointer is the identity.
        std::ptr::hash(self.0, state)
    }
}

/// A placed glyph's id and text as one 4-byte handle: an index into a
/// table of the (glyph id, text) pairs the process has placed, interned
/// once. A book's lines hold one per glyph (50 million for a 50 MB
/// article) until the PDF is written; with its advance a placed glyph is
/// 8 bytes instead of 16. The pairs are a few thousand in a book (a glyph
/// stands for one or two cluster texts); the table is read without a lock.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct GlyphKey(u32);

static PAIRS: elsa::sync::LockFreeFrozenVec<(u16, GlyphText)> =
    elsa::sync::LockFreeFrozenVec::new();

type KeyTable = HashMap<(u16, GlyphText), GlyphKey>;

fn keys() -> &'static Mutex<KeyTable> {
    static KEYS: OnceLock<Mutex<KeyTable>> = OnceLock::new();
    KEYS.get_or_init(Default::default)
}

fn key_in(t: &mut KeyTable, gid: u16, text: GlyphText) -> GlyphKey {
    *t.entry((gid, text)).or_insert_with(|| {
        // u32: four billion pairs, never reached (see the type).
        GlyphKey(u32::try_from(PAIRS.push((gid, text))).unwrap_or(u32::MAX))
    })
}

impl GlyphKey {
    /// The handle of glyph `gid` standing for `text`.
    pub fn new(gid: u16, text: &str) -> GlyphKey {
        let text = GlyphText::new(text);
        let mut t = keys().lock().unwrap_or_else(|e| e.into_inner());
        key_in(&mut t, gid, text)
    }

    /// The handles of `glyphs` (id, text), taking each lock once.
    pub fn many<'s>(glyphs: impl Iterator<Item = (u16, &'s str)>) -> Vec<GlyphKey> {
        let pairs: Vec<(u16, &str)> = glyphs.collect();
        let texts = GlyphText::many(pairs.iter().map(|p| p.1));
        let mut t = keys().lock().unwrap_or_else(|e| e.into_inner());
        pairs
            .iter()
            .zip(texts)
            .map(|(&(gid, _), text)| key_in(&mut t, gid, text))
            .collect()
    }

    fn pair(self) -> (u16, GlyphText) {
        // Every key was made by `key_in` after its pair was pushed.
        PAIRS
            .get(self.0 as usize)
            .unwrap_or_else(|| (0, GlyphText::new("")))
    }

    /// The glyph id.
    pub fn gid(self) -> u16 {
        self.pair().0
    }

    /// The text.
    pub fn text(self) -> GlyphText {
        self.pair().1
    }
}

impl std::fmt::Debug for GlyphKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (gid, text) = self.pair();
        write!(f, "{gid}:{text:?}")
    }
}

impl std::fmt::Debug for GlyphText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_the_same_handle() {
        let a = GlyphText::new("fi");
        let b = GlyphText::many(["x", "fi", ""].into_iter());
        assert_eq!(a, b[1]);
        assert_ne!(a, b[0]);
        assert_eq!(&*b[1], "fi");
        assert!(b[2].is_empty());
        assert_eq!(std::mem::size_of::<GlyphText>(), 8);
    }

    #[test]
    fn a_glyph_key_gives_back_its_id_and_text() {
        let k = GlyphKey::new(7, "fi");
        let many = GlyphKey::many([(7, "fi"), (8, "fi"), (7, "")].into_iter());
        assert_eq!(k, many[0]);
        assert_ne!(many[0], many[1]);
        assert_ne!(many[0], many[2]);
        assert_eq!((many[1].gid(), &*many[1].text()), (8, "fi"));
        assert_eq!((many[2].gid(), &*many[2].text()), (7, ""));
        assert_eq!(std::mem::size_of::<GlyphKey>(), 4);
    }
}
