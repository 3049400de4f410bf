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
}
