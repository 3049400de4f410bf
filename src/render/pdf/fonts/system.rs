//! Fonts installed on the system, for the characters the theme's faces and
//! the user's `[output.pdf] fonts` lack.
//!
//! The system is scanned once per process (fontdb: fontconfig's font folders,
//! else `/usr/share/fonts`, `/usr/local/share/fonts`, `~/.fonts`,
//! `~/.local/share/fonts`), and only when a character is in none of those
//! faces: an English book never scans. For a character of script S in an
//! article of language L, the faces are tried in this order:
//!
//! 1. the Noto families for S ([`families`]): for Han, Hiragana, Katakana,
//!    Hangul and Bopomofo, `Noto Serif CJK V` then `Noto Sans CJK V` with the
//!    variant V of L (JP for `ja`, KR for `ko`, TC for `zh-Hant`, `zh-TW`,
//!    `zh-MO`, HK for `zh-HK`, SC for `zh`, `zh-Hans` and the rest; without a
//!    language, KR for Hangul, JP for kana, SC for Han); for Arabic, `Noto
//!    Naskh Arabic`, `Noto Sans Arabic`, `Noto Kufi Arabic`; for Latin, Greek
//!    and Cyrillic, `Noto Serif`, `Noto Sans`; for symbols and punctuation
//!    (Unicode's Common script), `Noto Sans Symbols`, `Noto Sans Symbols2`,
//!    `Noto Sans Math`, `Noto Serif`, `Noto Sans`, `Noto Emoji`; for any
//!    other script, `Noto Serif S` then `Noto Sans S` (`Noto Sans Devanagari`,
//!    `Noto Sans Thai`, `Noto Serif Hebrew`, ...). Sans text (headings) tries
//!    the sans family first; serif text falls back to the sans family when
//!    the script has no serif one. Bold text takes the family's bold face
//!    when it is installed.
//! 2. then any other installed face that has the character, in the order
//!    fontdb lists them, skipping faces without outlines (colour bitmap
//!    emoji fonts such as Noto Color Emoji cannot be embedded as outlines).
//!
//! A face is loaded (read into memory) only when it is chosen; a font
//! collection (`.ttc`, as Noto CJK is) is read once for all its faces.

use super::{FontBytes, face};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use unicode_script::Script;

static DB: OnceLock<fontdb::Database> = OnceLock::new();

/// The system's faces, scanned on first use.
fn db() -> &'static fontdb::Database {
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        db
    })
}

/// Whether this process has scanned the system's fonts (an English book
/// never does).
pub fn scanned() -> bool {
    DB.get().is_some()
}

/// Whether a face of `family` is installed (scans the system).
pub fn installed(family: &str) -> bool {
    db().faces()
        .any(|f| f.families.iter().any(|(n, _)| n == family))
}

/// Regional variant of the CJK faces, from the language and the script.
pub fn cjk_variant(script: Script, lang: Option<&str>) -> &'static str {
    let lang = lang.unwrap_or("").to_ascii_lowercase();
    let mut parts = lang.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    match primary {
        "ja" => "JP",
        "ko" => "KR",
        "zh" | "yue" | "cmn" => {
            if rest.contains(&"hk") {
                "HK"
            } else if rest.iter().any(|p| matches!(*p, "hant" | "tw" | "mo")) || primary == "yue" {
                "TC"
            } else {
                "SC"
            }
        }
        _ => match script {
            Script::Hangul => "KR",
            Script::Hiragana | Script::Katakana => "JP",
            Script::Bopomofo => "TC",
            _ => "SC",
        },
    }
}

/// Whether `script` is one of the scripts the Noto CJK faces cover.
pub fn is_cjk(script: Script) -> bool {
    matches!(
        script,
        Script::Han | Script::Hiragana | Script::Katakana | Script::Hangul | Script::Bopomofo
    )
}

/// The Noto families to try for a character of `script` in language `lang`,
/// serif or sans text first, in order (see the module documentation).
pub fn families(script: Script, lang: Option<&str>, serif: bool) -> Vec<String> {
    let pair = |a: String, b: String| if serif { vec![a, b] } else { vec![b, a] };
    match script {
        s if is_cjk(s) => {
            let v = cjk_variant(s, lang);
            pair(format!("Noto Serif CJK {v}"), format!("Noto Sans CJK {v}"))
        }
        Script::Arabic => {
            let mut f = pair("Noto Naskh Arabic".into(), "Noto Sans Arabic".into());
            f.push("Noto Kufi Arabic".into());
            f
        }
        Script::Latin | Script::Greek | Script::Cyrillic => {
            pair("Noto Serif".into(), "Noto Sans".into())
        }
        Script::Common | Script::Inherited | Script::Unknown => {
            let mut f: Vec<String> = ["Noto Sans Symbols", "Noto Sans Symbols2", "Noto Sans Math"]
                .map(String::from)
                .to_vec();
            f.extend(pair("Noto Serif".into(), "Noto Sans".into()));
            f.push("Noto Emoji".into());
            f
        }
        s => {
            let name = s.full_name().replace('_', " ");
            pair(format!("Noto Serif {name}"), format!("Noto Sans {name}"))
        }
    }
}

/// System faces loaded so far and the answers already found, shared by the
/// shaping threads of one render.
#[derive(Default)]
pub struct SystemState {
    /// (family, bold) -> global face index (`None`: not installed).
    families: Mutex<HashMap<(String, bool), Option<usize>>>,
    /// Character -> the face the any-face search found.
    any: Mutex<HashMap<char, Option<usize>>>,
    /// fontdb face -> global face index.
    loaded: Mutex<HashMap<fontdb::ID, usize>>,
    /// File -> its bytes (a collection is read once for all its faces).
    files: Mutex<HashMap<PathBuf, Arc<Vec<u8>>>>,
}

/// A face found on the system, ready to be appended to the font list.
pub struct Found {
    /// What messages call it (`/usr/share/fonts/.../NotoSansCJK-Regular.ttc#1`).
    pub name: String,
    /// The file's bytes.
    pub bytes: FontBytes,
    /// Face index in the file.
    pub index: u32,
}

impl SystemState {
    /// The face of `family` (bold or regular), loaded through `push` on
    /// first use; `None` when the family is not installed.
    pub fn family(
        &self,
        family: &str,
        bold: bool,
        push: &dyn Fn(Found) -> Option<usize>,
    ) -> Option<usize> {
        let key = (family.to_string(), bold);
        if let Some(r) = lock(&self.families).get(&key) {
            return *r;
        }
        let db = db();
        let query = fontdb::Query {
            families: &[fontdb::Family::Name(family)],
            weight: if bold {
                fontdb::Weight::BOLD
            } else {
                fontdb::Weight::NORMAL
            },
            stretch: fontdb::Stretch::Normal,
            style: fontdb::Style::Normal,
        };
        let r = db
            .query(&query)
            // fontdb's query falls back to nothing else: check the family.
            .filter(|id| {
                db.face(*id)
                    .is_some_and(|f| f.families.iter().any(|(n, _)| n == family))
            })
            .and_then(|id| self.load(id, push));
        lock(&self.families).insert(key, r);
        r
    }

    /// Any installed face with an outline glyph for `c`.
    pub fn any(&self, c: char, push: &dyn Fn(Found) -> Option<usize>) -> Option<usize> {
        if let Some(r) = lock(&self.any).get(&c) {
            return *r;
        }
        let db = db();
        let id = db.faces().map(|f| f.id).find(|&id| {
            db.with_face_data(id, |data, index| {
                face::parse(data, index)
                    .is_ok_and(|f| face::has_outlines(&f) && face::glyph_of(&f, c).is_some())
            })
            .unwrap_or(false)
        });
        let r = id.and_then(|id| self.load(id, push));
        lock(&self.any).insert(c, r);
        r
    }

    fn load(&self, id: fontdb::ID, push: &dyn Fn(Found) -> Option<usize>) -> Option<usize> {
        // Held until the face is pushed: two threads that both miss here
        // would otherwise both push it, and which of the two copies a run
        // used (and the PDF's font order) would depend on thread timing.
        let mut loaded = lock(&self.loaded);
        if let Some(&i) = loaded.get(&id) {
            return Some(i);
        }
        let db = db();
        let (source, index) = db.face_source(id)?;
        let path = match &source {
            fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p.clone(),
            fontdb::Source::Binary(_) => return None,
        };
        let bytes = {
            let mut files = lock(&self.files);
            match files.get(&path) {
                Some(b) => b.clone(),
                None => {
                    let b = Arc::new(std::fs::read(&path).ok()?);
                    files.insert(path.clone(), b.clone());
                    b
                }
            }
        };
        // Only faces that parse and have outlines are worth embedding.
        let ok = face::parse(&bytes, index).is_ok_and(|f| face::has_outlines(&f));
        if !ok {
            return None;
        }
        let name = if index == 0 {
            path.display().to_string()
        } else {
            format!("{}#{index}", path.display())
        };
        let i = push(Found {
            name,
            bytes: FontBytes::Shared(bytes),
            index,
        })?;
        loaded.insert(id, i);
        Some(i)
    }
}

/// A poisoned lock only means another thread panicked: the maps stay valid.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_variants_follow_the_language() {
        assert_eq!(cjk_variant(Script::Han, Some("ja")), "JP");
        assert_eq!(cjk_variant(Script::Han, Some("ko-KR")), "KR");
        assert_eq!(cjk_variant(Script::Han, Some("zh")), "SC");
        assert_eq!(cjk_variant(Script::Han, Some("zh-Hans-CN")), "SC");
        assert_eq!(cjk_variant(Script::Han, Some("zh-Hant")), "TC");
        assert_eq!(cjk_variant(Script::Han, Some("zh-TW")), "TC");
        assert_eq!(cjk_variant(Script::Han, Some("zh-HK")), "HK");
        // No language (or another one): by script.
        assert_eq!(cjk_variant(Script::Hangul, None), "KR");
        assert_eq!(cjk_variant(Script::Katakana, Some("en")), "JP");
        assert_eq!(cjk_variant(Script::Han, None), "SC");
    }

    #[test]
    fn family_order_is_noto_first_serif_or_sans() {
        assert_eq!(
            families(Script::Han, Some("ja"), true),
            ["Noto Serif CJK JP", "Noto Sans CJK JP"]
        );
        assert_eq!(
            families(Script::Hangul, Some("ko"), false),
            ["Noto Sans CJK KR", "Noto Serif CJK KR"]
        );
        assert_eq!(
            families(Script::Arabic, Some("ar"), true)[..2],
            ["Noto Naskh Arabic", "Noto Sans Arabic"]
        );
        assert_eq!(
            families(Script::Devanagari, Some("hi"), true),
            ["Noto Serif Devanagari", "Noto Sans Devanagari"]
        );
        assert_eq!(
            families(Script::Old_Italic, None, false),
            ["Noto Sans Old Italic", "Noto Serif Old Italic"]
        );
        let sym = families(Script::Common, None, true);
        assert_eq!(
            sym[..3],
            ["Noto Sans Symbols", "Noto Sans Symbols2", "Noto Sans Math"]
        );
    }
}
