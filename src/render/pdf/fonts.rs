//! Fonts: loading the theme's faces, shaping words with rustybuzz (kerning and
//! ligatures from the font), falling back to other faces for characters a face
//! lacks, reporting characters no face has, and subsetting for embedding.

use super::style::PdfStyle;
use crate::error::{Error, Result};
use crate::theme::Theme;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Which face of the theme a run of text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// Body text.
    Serif,
    /// Emphasis.
    Italic,
    /// Strong emphasis.
    Bold,
    /// Headings, running heads, the cover.
    Sans,
}

impl Face {
    /// Index of the face in [`FontData`].
    pub fn index(self) -> usize {
        match self {
            Face::Serif => 0,
            Face::Italic => 1,
            Face::Bold => 2,
            Face::Sans => 3,
        }
    }
}

/// The raw bytes of every face, primary faces first, then fallbacks.
pub struct FontData {
    /// (theme file name, bytes).
    pub files: Vec<(String, Cow<'static, [u8]>)>,
}

impl FontData {
    /// Loads the faces the style names from the theme.
    pub fn load(theme: &Theme, style: &PdfStyle) -> Result<Self> {
        let mut files = Vec::new();
        let names = [
            &style.fonts.serif,
            &style.fonts.italic,
            &style.fonts.bold,
            &style.fonts.sans,
        ];
        for name in names.into_iter().chain(style.fonts.fallback.iter()) {
            let bytes = theme.file(name)?;
            files.push((name.clone(), bytes));
        }
        Ok(FontData { files })
    }
}

/// One shaped glyph.
#[derive(Debug, Clone)]
pub struct Glyph {
    /// Index of the face in [`FontData::files`].
    pub font: u8,
    /// Glyph id in the original (unsubset) face.
    pub gid: u16,
    /// Advance in em.
    pub advance: f32,
    /// The text this glyph stands for (for copy and paste); empty for the
    /// second and later glyphs of a cluster.
    pub text: Arc<str>,
    /// Byte offset of the cluster in the shaped string.
    pub cluster: u32,
}

/// A shaped string.
#[derive(Debug, Clone, Default)]
pub struct Shaped {
    /// Glyphs in visual (= logical, left-to-right) order.
    pub glyphs: Vec<Glyph>,
    /// Total advance in em.
    pub width: f32,
}

/// Shaped strings per face (indexed by [`Face::index`]), left to right
/// then right to left.
type ShapeCache = [HashMap<Box<str>, Arc<Shaped>>; 8];

/// Shape plans per face, script and language: making one costs more than
/// shaping a word with it.
type PlanKey = (
    usize,
    bool,
    Option<rustybuzz::Script>,
    Option<rustybuzz::Language>,
);
type PlanCache = HashMap<PlanKey, Arc<rustybuzz::ShapePlan>>;

/// Parsed faces plus shaping caches and the record of missing characters.
pub struct Fonts<'a> {
    faces: Vec<rustybuzz::Face<'a>>,
    data: &'a FontData,
    upem: Vec<f32>,
    cache: RefCell<ShapeCache>,
    plans: RefCell<PlanCache>,
    missing: RefCell<BTreeMap<char, usize>>,
}

impl<'a> Fonts<'a> {
    /// Parses every face.
    pub fn new(data: &'a FontData) -> Result<Self> {
        let mut faces = Vec::new();
        let mut upem = Vec::new();
        for (name, bytes) in &data.files {
            let face = rustybuzz::Face::from_slice(bytes, 0).ok_or_else(|| {
                Error::render(
                    "pdf",
                    format!("theme font {name}: not a TrueType/OpenType font"),
                )
            })?;
            upem.push(face.units_per_em().max(1) as f32);
            faces.push(face);
        }
        if faces.len() < 4 {
            return Err(Error::render("pdf", "the PDF style must name four faces"));
        }
        Ok(Fonts {
            faces,
            data,
            upem,
            cache: RefCell::new(Default::default()),
            plans: RefCell::new(HashMap::new()),
            missing: RefCell::new(BTreeMap::new()),
        })
    }

    /// Number of faces (primary plus fallback).
    pub fn len(&self) -> usize {
        self.faces.len()
    }

    /// Whether there are no faces (never, after [`Fonts::new`]).
    pub fn is_empty(&self) -> bool {
        self.faces.is_empty()
    }

    /// Ascender and descender of a face, in em (descender negative).
    pub fn metrics(&self, face: Face) -> (f32, f32) {
        let i = face.index();
        let f = &self.faces[i];
        (
            f.ascender() as f32 / self.upem[i],
            f.descender() as f32 / self.upem[i],
        )
    }

    /// Advance of `gid` of face `font` in 1/1000 em as the PDF `/W` array
    /// states it (printpdf truncates).
    pub fn pdf_width(&self, font: u8, gid: u16) -> i64 {
        let i = font as usize;
        let adv = self.faces[i]
            .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(gid))
            .unwrap_or(0);
        (adv as f32 * 1000.0 / self.upem[i]) as i64
    }

    /// Shapes `text` in `face` (cached). Characters the face lacks come from
    /// the first other face that has them; characters no face has are
    /// recorded (see [`Fonts::missing`]) and drawn as the face's .notdef box.
    pub fn shape(&self, face: Face, text: &str) -> Arc<Shaped> {
        self.shape_dir(face, text, false)
    }

    /// [`Fonts::shape`] in a direction: `rtl` shapes right to left (Arabic
    /// joining and mirrored brackets as in an RTL run) and returns the
    /// glyphs in visual order, leftmost first (so the last character's
    /// glyph comes first).
    pub fn shape_dir(&self, face: Face, text: &str, rtl: bool) -> Arc<Shaped> {
        let slot = face.index() + 4 * usize::from(rtl);
        if let Some(s) = self.cache.borrow()[slot].get(text) {
            return s.clone();
        }
        let shaped = Arc::new(self.shape_uncached(face, text, rtl));
        self.cache.borrow_mut()[slot].insert(text.into(), shaped.clone());
        shaped
    }

    fn face_for(&self, primary: usize, c: char) -> Option<usize> {
        if self.faces[primary].glyph_index(c).is_some() {
            return Some(primary);
        }
        // Fallback order: the serif text face, then every other face.
        std::iter::once(0)
            .chain(0..self.faces.len())
            .find(|&i| self.faces[i].glyph_index(c).is_some())
    }

    fn shape_uncached(&self, face: Face, text: &str, rtl: bool) -> Shaped {
        let dir = if rtl {
            rustybuzz::Direction::RightToLeft
        } else {
            rustybuzz::Direction::LeftToRight
        };
        let primary = face.index();
        let mut out = Shaped::default();
        // Split into runs of one face each.
        let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // (face, start, end)
        for (pos, c) in text.char_indices() {
            if is_invisible(c) {
                continue;
            }
            let f = match self.face_for(primary, c) {
                Some(f) => f,
                None => {
                    *self.missing.borrow_mut().entry(c).or_insert(0) += 1;
                    primary
                }
            };
            match runs.last_mut() {
                Some(last) if last.0 == f && last.2 == pos => last.2 = pos + c.len_utf8(),
                _ => runs.push((f, pos, pos + c.len_utf8())),
            }
        }
        if rtl {
            runs.reverse();
        }
        for (f, start, end) in runs {
            let run = &text[start..end];
            let mut buf = rustybuzz::UnicodeBuffer::new();
            buf.push_str(run);
            buf.set_direction(dir);
            buf.guess_segment_properties();
            buf.set_direction(dir);
            // After guessing, the script is a real one or unset (reported as
            // UNKNOWN), exactly as `rustybuzz::shape` would plan for.
            let script = Some(buf.script()).filter(|s| *s != rustybuzz::script::UNKNOWN);
            let key = (f, rtl, script, buf.language());
            let plan = self.plans.borrow().get(&key).cloned();
            let plan = plan.unwrap_or_else(|| {
                let p = Arc::new(rustybuzz::ShapePlan::new(
                    &self.faces[f],
                    dir,
                    key.2,
                    key.3.as_ref(),
                    &[],
                ));
                self.plans.borrow_mut().insert(key, p.clone());
                p
            });
            let gb = rustybuzz::shape_with_plan(&self.faces[f], &plan, buf);
            let infos = gb.glyph_infos();
            let positions = gb.glyph_positions();
            // Cluster boundaries -> the text of each cluster.
            let mut clusters: Vec<u32> = infos.iter().map(|g| g.cluster).collect();
            clusters.sort_unstable();
            clusters.dedup();
            let mut prev_cluster = None;
            for (info, pos) in infos.iter().zip(positions) {
                let c = info.cluster;
                let text_of = if prev_cluster == Some(c) {
                    Arc::from("")
                } else {
                    // Binary search: a linear one made a 100,000-character
                    // token (a pasted data URL) quadratic.
                    let next = clusters
                        .get(clusters.partition_point(|&x| x <= c))
                        .map_or(run.len(), |&x| x as usize);
                    Arc::from(run.get(c as usize..next).unwrap_or(""))
                };
                prev_cluster = Some(c);
                let adv = pos.x_advance as f32 / self.upem[f];
                out.width += adv;
                out.glyphs.push(Glyph {
                    font: f as u8,
                    gid: info.glyph_id as u16,
                    advance: adv,
                    text: text_of,
                    cluster: (start as u32) + c,
                });
            }
        }
        out
    }

    /// Characters no face has, with how often they occurred.
    pub fn missing(&self) -> BTreeMap<char, usize> {
        self.missing.borrow().clone()
    }

    /// Subsets face `font` to `gids` (original ids). Returns the subset
    /// font program and the old -> new glyph id map.
    pub fn subset(
        &self,
        font: usize,
        gids: &BTreeSet<u16>,
    ) -> Result<(Vec<u8>, HashMap<u16, u16>)> {
        let mut remapper = subsetter::GlyphRemapper::new();
        let mut map = HashMap::new();
        remapper.remap(0);
        map.insert(0, 0);
        for &g in gids {
            map.insert(g, remapper.remap(g));
        }
        let (name, bytes) = &self.data.files[font];
        let sub = subsetter::subset(bytes, 0, &remapper)
            .map_err(|e| Error::render("pdf", format!("subsetting font {name}: {e:?}")))?;
        Ok((sub, map))
    }

    /// PostScript name of face `font` (for `/BaseFont`), else the file stem.
    pub fn postscript_name(&self, font: usize) -> String {
        let face = &self.faces[font];
        let from_name = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == rustybuzz::ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string());
        let raw = from_name.unwrap_or_else(|| {
            let (name, _) = &self.data.files[font];
            name.rsplit('/')
                .next()
                .unwrap_or(name)
                .trim_end_matches(".ttf")
                .trim_end_matches(".otf")
                .to_string()
        });
        let clean: String = raw
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if clean.is_empty() {
            format!("GalleyFont{font}")
        } else {
            clean
        }
    }
}

/// Characters that draw nothing and need no glyph.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts_data() -> FontData {
        FontData::load(&Theme::default(), &PdfStyle::default()).unwrap()
    }

    #[test]
    fn shapes_with_kerning_and_fallback() {
        let data = fonts_data();
        let fonts = Fonts::new(&data).unwrap();
        let av = fonts.shape(Face::Serif, "AV");
        let a = fonts.shape(Face::Serif, "A");
        let v = fonts.shape(Face::Serif, "V");
        assert!(av.width < a.width + v.width, "kerning applied");
        // Greek and Cyrillic are covered.
        let g = fonts.shape(Face::Serif, "Αθήνα Москва");
        assert!(g.glyphs.iter().all(|g| g.gid != 0));
        assert!(fonts.missing().is_empty());
        // CJK is not: reported, not dropped.
        let c = fonts.shape(Face::Serif, "東京");
        assert_eq!(c.glyphs.len(), 2);
        assert_eq!(fonts.missing().len(), 2);
    }

    #[test]
    fn subsets_fonts() {
        let data = fonts_data();
        let fonts = Fonts::new(&data).unwrap();
        let s = fonts.shape(Face::Serif, "Hello");
        let gids: BTreeSet<u16> = s.glyphs.iter().map(|g| g.gid).collect();
        let (bytes, map) = fonts.subset(0, &gids).unwrap();
        assert!(bytes.len() < data.files[0].1.len() / 4);
        assert_eq!(map.len(), gids.len() + 1);
        assert_eq!(fonts.postscript_name(0), "NotoSerif-Regular");
    }
}
