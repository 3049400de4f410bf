//! Fonts: loading the theme's faces, the user's `[output.pdf] fonts` and,
//! for characters none of those have, faces installed on the system
//! ([`system`]); shaping words with harfrust (kerning, ligatures, Arabic
//! joining, Indic conjuncts, right-to-left runs); reading font data with
//! read-fonts ([`face`]); reporting characters no face has ([`missing`]);
//! subsetting for embedding.
//!
//! Face order for a character: the face the text asks for (serif, italic,
//! bold, sans), the other theme faces (serif first), the theme's `fallback`
//! files, the `[output.pdf] fonts` files in order, then the system's faces
//! in the order [`system`] documents. The theme's faces come first, so text
//! they cover prints exactly as before; the system is scanned only when a
//! character is in none of the faces before it.

pub mod face;
pub mod missing;
mod script;
pub mod system;

use super::style::{PdfOptions, PdfStyle};
use crate::error::{Error, Result};
use crate::theme::Theme;
use script::{Class, class_of, context_script, reorder_runs};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::{Arc, OnceLock};
use unicode_script::Script;

pub use missing::Missing;

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
    /// Code: code blocks and inline code (monospace).
    Mono,
}

impl Face {
    /// Index of the face in [`FontData`].
    pub fn index(self) -> usize {
        match self {
            Face::Serif => 0,
            Face::Italic => 1,
            Face::Bold => 2,
            Face::Sans => 3,
            Face::Mono => 4,
        }
    }

    /// Serif (body) text, as opposed to sans (headings) and mono (code).
    fn is_serif(self) -> bool {
        !matches!(self, Face::Sans | Face::Mono)
    }

    /// Bold: the theme's bold and its (bold) sans.
    fn is_bold(self) -> bool {
        matches!(self, Face::Bold | Face::Sans)
    }
}

/// Most faces one PDF can use (glyph runs name their face in a byte).
const MAX_FACES: usize = 256;

/// The bytes of a font file.
pub enum FontBytes {
    /// A theme file built into galley.
    Theme(&'static [u8]),
    /// A file read for this render (a theme's on disk, the user's or the
    /// system's), shared by the faces of a collection.
    Shared(Arc<Vec<u8>>),
}

impl FontBytes {
    /// A theme file, shared rather than copied when it was read from disk.
    fn theme(bytes: Cow<'static, [u8]>) -> Self {
        match bytes {
            Cow::Borrowed(b) => FontBytes::Theme(b),
            Cow::Owned(v) => FontBytes::Shared(Arc::new(v)),
        }
    }

    /// The same bytes as read-fonts holds them (no copy).
    fn blob(&self) -> read_fonts::model::Blob {
        match self {
            FontBytes::Theme(b) => read_fonts::model::Blob::from(*b),
            FontBytes::Shared(b) => {
                let shared: Arc<dyn AsRef<[u8]> + Send + Sync> = b.clone();
                read_fonts::model::Blob::from(shared)
            }
        }
    }
}

impl std::ops::Deref for FontBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FontBytes::Theme(b) => b,
            FontBytes::Shared(b) => b,
        }
    }
}

/// One face: its file's bytes and its index in the file (a `.ttc`
/// collection holds several).
pub struct FontFile {
    /// What messages call it: the theme file name or the path.
    pub name: String,
    /// The whole file.
    pub bytes: FontBytes,
    /// Face index in the file.
    pub index: u32,
    /// The face parsed for shaping, once for every thread (`None`: not a
    /// font harfrust can shape).
    parsed: OnceLock<Option<harfrust::Font>>,
}

impl FontFile {
    fn new(name: String, bytes: FontBytes, index: u32) -> Self {
        FontFile {
            name,
            bytes,
            index,
            parsed: OnceLock::new(),
        }
    }

    /// The face as harfrust shapes with it: an SFNT face (TrueType or
    /// OpenType, alone or in a collection) whose required tables read.
    fn font(&self) -> Option<&harfrust::Font> {
        self.parsed
            .get_or_init(|| {
                face::parse(&self.bytes, self.index).ok()?;
                let font = harfrust::Font::new(self.bytes.blob(), self.index)?;
                matches!(font.kind(), read_fonts::model::Kind::Sfnt(..)).then_some(font)
            })
            .as_ref()
    }
}

/// Every face a render may use: the theme's five faces (indices 0..5, see
/// [`Face::index`]), the theme's fallback files, the user's `[output.pdf]
/// fonts`, then system faces appended as shaping finds it needs them (their
/// indices never change, and any thread may append).
pub struct FontData {
    fixed: Vec<FontFile>,
    loaded: elsa::sync::FrozenVec<Box<FontFile>>,
    system: Option<system::SystemState>,
}

impl FontData {
    /// Loads the faces the style names from the theme; system fonts on, no
    /// user fonts.
    pub fn load(theme: &Theme, style: &PdfStyle) -> Result<Self> {
        Self::with_options(theme, style, &PdfOptions::default())
    }

    /// Loads the theme's faces plus the `[output.pdf] fonts` files that
    /// [`FormatOptions::prepare`](crate::render::formats::FormatOptions::prepare)
    /// read, with system fonts unless `system-fonts = false`.
    pub fn with_options(theme: &Theme, style: &PdfStyle, opts: &PdfOptions) -> Result<Self> {
        let mut fixed = Vec::new();
        let names = [
            &style.fonts.serif,
            &style.fonts.italic,
            &style.fonts.bold,
            &style.fonts.sans,
            &style.fonts.mono,
        ];
        for name in names.into_iter().chain(style.fonts.fallback.iter()) {
            let bytes = theme.file(name)?;
            fixed.push(FontFile::new(name.clone(), FontBytes::theme(bytes), 0));
        }
        for f in &opts.font_files {
            for index in 0..f.faces {
                fixed.push(FontFile::new(
                    f.name.clone(),
                    FontBytes::Shared(f.bytes.clone()),
                    index,
                ));
            }
        }
        if fixed.len() > MAX_FACES / 2 {
            return Err(Error::render(
                "pdf",
                format!("more than {} font faces", MAX_FACES / 2),
            ));
        }
        Ok(FontData {
            fixed,
            loaded: elsa::sync::FrozenVec::new(),
            system: opts
                .system_fonts
                .unwrap_or(true)
                .then(system::SystemState::default),
        })
    }

    /// Number of faces so far.
    pub fn len(&self) -> usize {
        self.fixed.len() + self.loaded.len()
    }

    /// Whether there are no faces (never, after loading).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Face `i`.
    pub fn file(&self, i: usize) -> Option<&FontFile> {
        match i.checked_sub(self.fixed.len()) {
            None => self.fixed.get(i),
            Some(j) => self.loaded.get(j),
        }
    }

    /// Whether faces installed on the system may be used.
    pub fn system_fonts(&self) -> bool {
        self.system.is_some()
    }

    /// Appends a system face; its index, or `None` when the PDF has as many
    /// faces as it can name.
    fn push(&self, found: system::Found) -> Option<usize> {
        if self.len() >= MAX_FACES {
            return None;
        }
        let i = self.fixed.len()
            + self.loaded.push_get_index(Box::new(FontFile::new(
                found.name,
                found.bytes,
                found.index,
            )));
        (i < MAX_FACES).then_some(i)
    }
}

/// One shaped glyph.
#[derive(Debug, Clone)]
pub struct Glyph {
    /// Index of the face in [`FontData`].
    pub font: u8,
    /// Glyph id in the original (unsubset) face.
    pub gid: u16,
    /// Advance in em.
    pub advance: f32,
    /// The text this glyph stands for (for copy and paste); empty for the
    /// second and later glyphs of a cluster.
    pub text: Arc<str>,
    /// Byte offset of the cluster in the shaped string. Increasing along a
    /// left-to-right run, decreasing along a right-to-left one.
    pub cluster: u32,
}

/// A shaped string.
#[derive(Debug, Clone, Default)]
pub struct Shaped {
    /// Glyphs in visual (left-to-right drawing) order; see [`Fonts::shape`].
    pub glyphs: Vec<Glyph>,
    /// Total advance in em.
    pub width: f32,
}

/// Shaped strings per face (indexed by [`Face::index`]).
type ShapeCache = [HashMap<Box<str>, Arc<Shaped>>; FACES];

/// Shaped texts kept per face before the cache starts again.
const SHAPE_CACHE_MAX: usize = 1 << 16;

/// Number of theme faces ([`Face`]).
pub const FACES: usize = 5;

/// Shape plans per face, script, language and direction: making one costs
/// more than shaping a word with it.
type PlanKey = (
    usize,
    Option<harfrust::Script>,
    Option<harfrust::Language>,
    bool,
);
type PlanCache = HashMap<PlanKey, Arc<harfrust::ShapePlan>>;

/// Bold, serif, the script in context, the character.
type ChoiceKey = (bool, bool, Script, char);

/// A parsed face and this thread's shaper for it (its layout tables are
/// read once per face, in [`FontFile`], and shared by every thread).
struct Slot<'a> {
    font: &'a harfrust::Font,
    shaper: harfrust::ShaperFont<'a, 'static>,
    upem: f32,
}

impl<'a> Slot<'a> {
    fn parse(file: &'a FontFile) -> Option<Self> {
        let font = file.font()?;
        let upem = font.units_per_em().max(1) as f32;
        Some(Slot {
            font,
            shaper: harfrust::ShaperFont::new(font),
            upem,
        })
    }

    /// Whether the face maps `c` to a glyph (not .notdef), as shaping will.
    fn has(&self, c: char) -> bool {
        self.shaper.nominal_glyph(c as u32).is_some()
    }
}

/// A borrowed parsed face: a fixed one, or a system one parsed on demand.
enum SlotRef<'s, 'a> {
    Fixed(&'s Slot<'a>),
    Loaded(Rc<Slot<'a>>),
}

impl<'a> std::ops::Deref for SlotRef<'_, 'a> {
    type Target = Slot<'a>;
    fn deref(&self) -> &Slot<'a> {
        match self {
            SlotRef::Fixed(s) => s,
            SlotRef::Loaded(s) => s,
        }
    }
}

/// What the current text belongs to: which article (for the record of
/// missing characters) and which language (for the CJK faces).
#[derive(Debug, Clone, Default)]
struct Context {
    article: Option<usize>,
    lang: Option<String>,
    cjk: &'static str,
}

/// Parsed faces plus shaping caches and the record of missing characters.
/// One per thread; any number may share one [`FontData`].
pub struct Fonts<'a> {
    data: &'a FontData,
    fixed: Vec<Slot<'a>>,
    loaded: RefCell<Vec<Option<Rc<Slot<'a>>>>>,
    cache: RefCell<ShapeCache>,
    plans: RefCell<PlanCache>,
    /// The shaping buffer, reused run after run (its allocation kept).
    buffer: RefCell<Option<harfrust::Buffer>>,
    /// (bold, serif, script in context, char) -> the system face chosen for it.
    choice: RefCell<HashMap<ChoiceKey, Option<usize>>>,
    context: RefCell<Context>,
    /// A CJK face was chosen by language since the context last changed.
    used_cjk: Cell<bool>,
    missing: RefCell<Missing>,
}

impl<'a> Fonts<'a> {
    /// Parses the theme's and the user's faces.
    pub fn new(data: &'a FontData) -> Result<Self> {
        let mut fixed = Vec::new();
        for file in &data.fixed {
            let slot = Slot::parse(file).ok_or_else(|| {
                Error::render(
                    "pdf",
                    format!("font {}: not a TrueType/OpenType font", file.name),
                )
            })?;
            fixed.push(slot);
        }
        if fixed.len() < FACES {
            return Err(Error::render("pdf", "the PDF style must name five faces"));
        }
        Ok(Fonts {
            data,
            fixed,
            loaded: RefCell::new(Vec::new()),
            cache: RefCell::new(Default::default()),
            plans: RefCell::new(HashMap::new()),
            buffer: RefCell::new(None),
            choice: RefCell::new(HashMap::new()),
            context: RefCell::new(Context {
                cjk: system::cjk_variant(Script::Han, None),
                ..Context::default()
            }),
            used_cjk: Cell::new(false),
            missing: RefCell::new(Missing::default()),
        })
    }

    /// Number of faces (theme, user and system ones loaded so far, by any thread).
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether there are no faces (never, after [`Fonts::new`]).
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Sets what the text shaped from now on belongs to: article `article`
    /// of the book (`None`: the cover, contents and running heads), in
    /// language `lang` (BCP 47), which picks the CJK faces (Japanese,
    /// Korean, Simplified or Traditional Chinese forms). Returns `true` when
    /// text shaped before may now shape differently: a caller that caches
    /// shaped words must then forget them.
    pub fn set_context(&self, article: Option<usize>, lang: Option<&str>) -> bool {
        let cjk = system::cjk_variant(Script::Han, lang);
        let mut ctx = self.context.borrow_mut();
        ctx.article = article;
        ctx.lang = lang.map(str::to_string);
        if ctx.cjk == cjk {
            return false;
        }
        ctx.cjk = cjk;
        if !self.used_cjk.replace(false) {
            return false;
        }
        self.choice.borrow_mut().clear();
        self.cache.borrow_mut().iter_mut().for_each(HashMap::clear);
        true
    }

    /// Drops the shaped texts kept for reuse (bounded, but tens of MB after
    /// a long article): for when the text is set and only running heads
    /// and feet are still to shape. Shaping again gives the same glyphs.
    pub fn forget_shapes(&self) {
        for map in self.cache.borrow_mut().iter_mut() {
            *map = HashMap::default();
        }
    }

    fn slot(&self, i: usize) -> Option<SlotRef<'_, 'a>> {
        if let Some(s) = self.fixed.get(i) {
            return Some(SlotRef::Fixed(s));
        }
        let j = i - self.fixed.len();
        if let Some(Some(s)) = self.loaded.borrow().get(j) {
            return Some(SlotRef::Loaded(s.clone()));
        }
        let slot = Rc::new(Slot::parse(self.data.file(i)?)?);
        let mut loaded = self.loaded.borrow_mut();
        if loaded.len() <= j {
            loaded.resize(j + 1, None);
        }
        loaded[j] = Some(slot.clone());
        Some(SlotRef::Loaded(slot))
    }

    /// Ascender and descender of a face, in em (descender negative).
    pub fn metrics(&self, face: Face) -> (f32, f32) {
        let s = &self.fixed[face.index()];
        let (asc, desc) = face::ascender_descender(&s.font.tables());
        (asc as f32 / s.upem, desc as f32 / s.upem)
    }

    /// Where a line through text of face `font` is drawn, in em above the
    /// baseline: half its x-height (0.23 em when the font states none).
    pub fn strike_rise(&self, font: u8) -> f32 {
        self.slot(font as usize)
            .and_then(|s| Some(face::x_height(&s.font.tables())? as f32 / s.upem))
            .unwrap_or(0.46)
            / 2.0
    }

    /// Advance of `gid` of face `font` in 1/1000 em as the PDF `/W` array
    /// states it (printpdf truncates).
    pub fn pdf_width(&self, font: u8, gid: u16) -> i64 {
        let Some(s) = self.slot(font as usize) else {
            return 0;
        };
        let adv = face::advance(&s.font.tables(), gid);
        (adv as f32 * 1000.0 / s.upem) as i64
    }

    /// Shapes `text` in `face` (cached) and returns its glyphs in visual
    /// order: the order in which they are drawn from left to right.
    ///
    /// Characters the face lacks come from the next face that has them (see
    /// the module documentation); characters no face has are recorded (see
    /// [`Fonts::missing`]) and drawn as the face's .notdef box.
    ///
    /// The text is cut into runs of one face and one direction; each run is
    /// shaped with its script (guessed by harfrust) and direction, so
    /// Arabic letters take their joined forms and a right-to-left run comes
    /// out right to left (its first character's glyph last). Numbers inside
    /// right-to-left text stay left to right. When the text's first strong
    /// character is right to left, the runs are ordered as the Unicode bidi
    /// algorithm orders levels 1 and 2 (so `shape("سلام")` draws the final
    /// meem first and the initial seen last); otherwise runs stay in
    /// logical order. Reordering words on a line (bidi) is the layout's
    /// business: `text` is expected to be one word or a run of one direction.
    pub fn shape(&self, face: Face, text: &str) -> Arc<Shaped> {
        if let Some(s) = self.cache.borrow()[face.index()].get(text) {
            return s.clone();
        }
        let shaped = Arc::new(self.shape_uncached(face, text));
        let mut cache = self.cache.borrow_mut();
        // Bounded: a text of a million distinct words (numbers) would
        // otherwise keep every one shaped (hundreds of MB).
        if cache[face.index()].len() >= SHAPE_CACHE_MAX {
            cache[face.index()].clear();
        }
        cache[face.index()].insert(text.into(), shaped.clone());
        shaped
    }

    /// [`Fonts::shape`] for a run the layout's bidi pass found to be of
    /// one direction (`rtl`). The direction of each character comes from
    /// the text itself (see [`Fonts::shape`]): for a run with a strong
    /// character the result is the same. (A run of neutrals alone, such as
    /// a bracket, is shaped left to right: it is not mirrored.)
    pub fn shape_dir(&self, face: Face, text: &str, _rtl: bool) -> Arc<Shaped> {
        self.shape(face, text)
    }

    /// The face for `c` at byte `pos` of `text`, after the face `prev` of
    /// the previous character.
    fn face_for(
        &self,
        face: Face,
        c: char,
        prev: Option<usize>,
        text: &str,
        pos: usize,
    ) -> Option<usize> {
        let primary = face.index();
        if self.fixed[primary].has(c) {
            return Some(primary);
        }
        // Fallback order: the serif text face, then every other fixed face
        // (the mono face only for code: prose keeps the faces it had).
        let mono = Face::Mono.index();
        if let Some(i) = std::iter::once(0)
            .chain(0..self.fixed.len())
            .filter(|&i| i != mono || face == Face::Mono)
            .find(|&i| self.fixed[i].has(c))
        {
            return Some(i);
        }
        self.data.system.as_ref()?;
        // Keep a run in one system face (CJK punctuation after Han, marks
        // after their letter).
        if let Some(p) = prev.filter(|&p| p >= self.fixed.len())
            && self.slot(p).is_some_and(|s| s.has(c))
        {
            return Some(p);
        }
        // The choice depends on the character, its script in context, the
        // face's class and the language's CJK variant (the cache is cleared
        // when that changes), never on what was shaped before: one thread
        // or many, the same glyphs.
        let script = context_script(text, pos, c);
        let key = (face.is_bold(), face.is_serif(), script, c);
        if let Some(r) = self.choice.borrow().get(&key) {
            return *r;
        }
        let r = self.system_face(face, c, script);
        self.choice.borrow_mut().insert(key, r);
        r
    }

    fn system_face(&self, face: Face, c: char, script: Script) -> Option<usize> {
        let sys = self.data.system.as_ref()?;
        let lang = self.context.borrow().lang.clone();
        let push = |f: system::Found| self.data.push(f);
        for family in system::families(script, lang.as_deref(), face.is_serif()) {
            if let Some(i) = sys.family(&family, face.is_bold(), &push)
                && self.slot(i).is_some_and(|s| s.has(c))
            {
                if system::is_cjk(script) {
                    self.used_cjk.set(true);
                }
                return Some(i);
            }
        }
        if system::is_cjk(script) {
            self.used_cjk.set(true);
        }
        sys.any(c, &push)
    }

    fn shape_uncached(&self, face: Face, text: &str) -> Shaped {
        let primary = face.index();
        let mut out = Shaped::default();
        let base_rtl = text
            .chars()
            .map(class_of)
            .find(|k| matches!(k, Class::Ltr | Class::Rtl))
            == Some(Class::Rtl);
        // Split into runs of one face and one direction.
        let mut runs: Vec<(usize, bool, usize, usize)> = Vec::new(); // (face, rtl, start, end)
        let mut prev_visible: Option<char> = None;
        for (pos, c) in text.char_indices() {
            let end = pos + c.len_utf8();
            // Joiners matter to Arabic, Indic and emoji shaping: they stay
            // in the run of the letter before them.
            if matches!(c, '\u{200C}' | '\u{200D}')
                && prev_visible.is_some_and(|p| p as u32 >= 0x0590)
                && let Some(last) = runs.last_mut()
                && last.3 == pos
            {
                last.3 = end;
                continue;
            }
            if is_invisible(c) {
                continue;
            }
            prev_visible = Some(c);
            let prev_face = runs.last().filter(|r| r.3 == pos).map(|r| r.0);
            let f = match self.face_for(face, c, prev_face, text, pos) {
                Some(f) => f,
                None => {
                    let article = self.context.borrow().article;
                    *self.missing.borrow_mut().entry((article, c)).or_insert(0) += 1;
                    primary
                }
            };
            let rtl = match class_of(c) {
                Class::Rtl => true,
                Class::Ltr | Class::Number => false,
                Class::Neutral => runs.last().map_or(base_rtl, |r| r.1),
            };
            match runs.last_mut() {
                Some(last) if last.0 == f && last.1 == rtl && last.3 == pos => last.3 = end,
                _ => runs.push((f, rtl, pos, end)),
            }
        }
        if base_rtl {
            reorder_runs(&mut runs);
        }
        for (f, rtl, start, end) in runs {
            let Some(slot) = self.slot(f) else { continue };
            let run = &text[start..end];
            let dir = if rtl {
                harfrust::Direction::RightToLeft
            } else {
                harfrust::Direction::LeftToRight
            };
            let mut buf = self.buffer.take().unwrap_or_default();
            buf.clear();
            buf.push_str(run);
            buf.set_direction(dir);
            buf.guess_segment_properties();
            buf.set_direction(dir);
            // After guessing, the script is a real one or unset (common and
            // inherited characters alone), exactly as `harfrust::shape`
            // would plan for.
            let key = (f, buf.script(), buf.language().cloned(), rtl);
            let plan = self.plans.borrow().get(&key).cloned();
            let plan = plan.unwrap_or_else(|| {
                let p = Arc::new(harfrust::ShapePlan::new(
                    slot.font,
                    dir,
                    key.1,
                    key.2.as_ref(),
                    &[],
                ));
                self.plans.borrow_mut().insert(key, p.clone());
                p
            });
            let options = harfrust::ShapeOptions::new().plan(Some(&plan));
            // The plan was made for this buffer's direction and script, the
            // only ways shaping can fail.
            if harfrust::shape(&slot.shaper, &mut buf, options).is_err() {
                self.buffer.replace(Some(buf));
                continue;
            }
            let infos = buf.glyph_infos();
            let positions = buf.glyph_positions();
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
                let adv = pos.x_advance as f32 / slot.upem;
                out.width += adv;
                out.glyphs.push(Glyph {
                    font: f as u8,
                    gid: info.glyph_id as u16,
                    advance: adv,
                    text: text_of,
                    cluster: (start as u32) + c,
                });
            }
            self.buffer.replace(Some(buf));
        }
        out
    }

    /// A numbering of the faces that does not depend on which thread loaded
    /// a system face first: the theme's and the user's faces keep their
    /// index, system faces follow in the order of their file name and face
    /// index. The PDF names and orders its fonts by it, so the same book
    /// gives the same bytes.
    pub fn stable_ids(&self) -> Vec<u8> {
        let n = self.data.len();
        let fixed = self.fixed.len();
        let mut ids: Vec<u8> = (0..n).map(|i| i as u8).collect();
        let mut sys: Vec<usize> = (fixed..n).collect();
        sys.sort_by_key(|&i| self.data.file(i).map(|f| (f.name.clone(), f.index)));
        for (k, &i) in sys.iter().enumerate() {
            ids[i] = (fixed + k) as u8;
        }
        ids
    }

    /// Characters no face has, per article, with how often they occurred.
    pub fn missing(&self) -> Missing {
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
        let file = self
            .data
            .file(font)
            .ok_or_else(|| Error::render("pdf", format!("no font face {font}")))?;
        let sub = subsetter::subset(&file.bytes, file.index, &remapper)
            .map_err(|e| Error::render("pdf", format!("subsetting font {}: {e:?}", file.name)))?;
        Ok((sub, map))
    }

    /// PostScript name of face `font` (for `/BaseFont`), else the file stem.
    pub fn postscript_name(&self, font: usize) -> String {
        let from_name = self
            .slot(font)
            .and_then(|s| face::postscript_name(&s.font.tables()));
        let raw = from_name.unwrap_or_else(|| {
            let name = self.data.file(font).map_or("", |f| f.name.as_str());
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
mod tests;
