//! The theme's PDF style (`pdf/style.toml`) and the `[output.pdf]` options.

use crate::error::{Error, Result};
use crate::theme::Theme;
use serde::Deserialize;

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// ISO A4, 210 x 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 x 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// `[output.pdf]` options of `book.toml`; they override the theme's style.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PdfOptions {
    /// `"a4"` or `"letter"`.
    pub paper: Option<Paper>,
    /// Ragged-right instead of justified text.
    pub ragged: Option<bool>,
    /// Hyphenation on or off.
    pub hyphenate: Option<bool>,
    /// Theme name or folder (read by the caller that builds the theme).
    pub theme: Option<String>,
    /// The user's font files (TrueType/OpenType, `.ttc` collections with
    /// all their faces), relative to the book folder: tried in order for
    /// characters the theme's faces lack, before the system's fonts.
    pub fonts: Vec<String>,
    /// Whether fonts installed on the system may be used (default true);
    /// `false` makes the PDF the same on every machine.
    #[serde(rename = "system-fonts")]
    pub system_fonts: Option<bool>,
    /// `"a-2b"` (PDF/A-2b, archival) or `"ua-1"` (PDF/UA-1, accessible):
    /// what the standard adds to the tagged PDF (see
    /// [`tags::standard`](super::tags::standard)).
    pub standard: Option<super::tags::standard::PdfStandard>,
    /// The `fonts` files read by [`FormatOptions::prepare`](crate::render::formats::FormatOptions::prepare).
    #[serde(skip)]
    pub font_files: Vec<UserFont>,
}

/// A font file named by `[output.pdf] fonts`, read and checked.
#[derive(Debug, Clone)]
pub struct UserFont {
    /// The path as `book.toml` wrote it (for messages).
    pub name: String,
    /// The file.
    pub bytes: std::sync::Arc<Vec<u8>>,
    /// Number of faces (more than one in a `.ttc` collection).
    pub faces: u32,
}

impl PdfOptions {
    /// Reads and checks one `[output.pdf] fonts` file: a regular file within
    /// `max_bytes` that parses as a font with outlines.
    pub fn read_font(name: &str, path: &std::path::Path, max_bytes: u64) -> Result<UserFont> {
        let bad = |m: String| Error::render("pdf", format!("[output.pdf] fonts: {name}: {m}"));
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() => return Err(bad("not a regular file".into())),
            Ok(m) if m.len() > max_bytes => {
                return Err(bad(format!(
                    "larger than the {} input limit",
                    crate::text::size::format_size(max_bytes)
                )));
            }
            Ok(_) => {}
            Err(e) => return Err(bad(format!("cannot read {}: {e}", path.display()))),
        }
        let bytes =
            std::fs::read(path).map_err(|e| bad(format!("cannot read {}: {e}", path.display())))?;
        use super::fonts::face;
        let faces = face::faces_in(&bytes);
        for i in 0..faces {
            let f = face::parse(&bytes, i)
                .map_err(|e| bad(format!("not a TrueType/OpenType font ({e})")))?;
            if !face::has_outlines(&f) {
                return Err(bad(
                    "has no glyph outlines (a colour bitmap font cannot be embedded)".into(),
                ));
            }
        }
        Ok(UserFont {
            name: name.to_string(),
            bytes: std::sync::Arc::new(bytes),
            faces,
        })
    }
}

impl crate::render::formats::FormatOptions for PdfOptions {
    fn theme(&self) -> Option<&str> {
        self.theme.as_deref()
    }
    /// Reads the `fonts` files: each inside the book folder (unless allowed
    /// outside), a regular file within the input limit, a font with outlines.
    fn prepare(&mut self, assets: &crate::render::formats::Assets<'_>) -> Result<()> {
        let mut files = Vec::new();
        for name in &self.fonts {
            let p = assets.root.join(name);
            (assets.check)("[output.pdf] fonts", &p)?;
            let font = Self::read_font(name, &p, assets.max_bytes).map_err(|e| match e {
                Error::Render { message, .. } => assets.error(message),
                e => e,
            })?;
            files.push(font);
        }
        self.font_files = files;
        Ok(())
    }
}

/// Font files of the style, relative to the theme folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FontFiles {
    /// Body face.
    pub serif: String,
    /// Emphasis face.
    pub italic: String,
    /// Strong face.
    pub bold: String,
    /// Heading face.
    pub sans: String,
    /// Code face (monospace).
    pub mono: String,
    /// Tried in order for characters the faces above lack.
    pub fallback: Vec<String>,
}

impl Default for FontFiles {
    fn default() -> Self {
        FontFiles {
            serif: "fonts/NotoSerif-Regular.ttf".into(),
            italic: "fonts/NotoSerif-Italic.ttf".into(),
            bold: "fonts/NotoSerif-Bold.ttf".into(),
            sans: "fonts/NotoSans-Bold.ttf".into(),
            mono: "fonts/NotoSansMono-Regular.ttf".into(),
            fallback: Vec::new(),
        }
    }
}

/// The PDF style. See `themes/default/pdf/style.toml` for the meaning of each key.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[allow(missing_docs)]
pub struct PdfStyle {
    pub paper: Paper,
    pub ragged: bool,
    pub hyphenate: bool,
    pub margin_top: f32,
    pub margin_bottom: f32,
    pub margin_left: f32,
    pub margin_right: f32,
    pub body_size: f32,
    pub body_leading: f32,
    pub paragraph_indent: f32,
    pub paragraph_space: f32,
    pub small_size: f32,
    pub quote_indent: f32,
    pub code_size: f32,
    pub title_size: f32,
    pub subtitle_size: f32,
    pub heading_sizes: Vec<f32>,
    pub text_color: String,
    pub accent_color: String,
    pub link_color: String,
    pub muted_color: String,
    pub fonts: FontFiles,
}

impl Default for PdfStyle {
    fn default() -> Self {
        PdfStyle {
            paper: Paper::A4,
            ragged: false,
            hyphenate: true,
            margin_top: 68.0,
            margin_bottom: 64.0,
            margin_left: 72.0,
            margin_right: 72.0,
            body_size: 10.5,
            body_leading: 14.2,
            paragraph_indent: 1.2,
            paragraph_space: 0.0,
            small_size: 8.5,
            quote_indent: 20.0,
            code_size: 9.0,
            title_size: 21.0,
            subtitle_size: 12.5,
            heading_sizes: vec![15.0, 12.5, 11.0, 10.5, 10.5],
            text_color: "#1a1a1a".into(),
            accent_color: "#8a1f11".into(),
            link_color: "#1f4e8a".into(),
            muted_color: "#5a5a5a".into(),
            fonts: FontFiles::default(),
        }
    }
}

const STYLE_FILE: &str = "pdf/style.toml";

impl PdfStyle {
    /// Reads the theme's style and applies `[output.pdf]` options.
    pub fn load(theme: &Theme, opts: &PdfOptions) -> Result<Self> {
        let text = theme.text(STYLE_FILE)?;
        let mut style: PdfStyle = toml::from_str(&text)
            .map_err(|e| Error::render("pdf", format!("theme {STYLE_FILE}: {e}")))?;
        if let Some(p) = opts.paper {
            style.paper = p;
        }
        if let Some(r) = opts.ragged {
            style.ragged = r;
        }
        if let Some(h) = opts.hyphenate {
            style.hyphenate = h;
        }
        style.validate()?;
        Ok(style)
    }

    fn validate(&self) -> Result<()> {
        let (w, h) = self.paper.size();
        let bad = |m: &str| Err(Error::render("pdf", format!("theme {STYLE_FILE}: {m}")));
        let lengths = [
            self.margin_top,
            self.margin_bottom,
            self.margin_left,
            self.margin_right,
            self.paragraph_indent,
            self.paragraph_space,
            self.quote_indent,
        ];
        if lengths.iter().any(|x| !x.is_finite() || *x < 0.0) {
            return bad("margins, indents and spaces must be positive numbers");
        }
        let sizes = [
            self.body_size,
            self.body_leading,
            self.small_size,
            self.code_size,
            self.title_size,
            self.subtitle_size,
        ];
        if sizes
            .iter()
            .chain(self.heading_sizes.iter())
            .any(|x| !x.is_finite() || !(4.0..=96.0).contains(x))
        {
            return bad("type sizes and leading must be between 4 and 96 pt");
        }
        if w - self.margin_left - self.margin_right < 144.0
            || h - self.margin_top - self.margin_bottom < 216.0
        {
            return bad("margins leave too small a text block");
        }
        for c in [
            &self.text_color,
            &self.accent_color,
            &self.link_color,
            &self.muted_color,
        ] {
            if parse_color(c).is_none() {
                return bad(&format!("bad colour {c:?}: use \"#rrggbb\""));
            }
        }
        Ok(())
    }

    /// Heading size for level 2..=6.
    pub fn heading_size(&self, level: u8) -> f32 {
        let i = (level.clamp(2, 6) - 2) as usize;
        self.heading_sizes
            .get(i)
            .or(self.heading_sizes.last())
            .copied()
            .unwrap_or(self.body_size)
    }
}

/// `#rrggbb` -> (r, g, b) in 0..=1.
pub fn parse_color(s: &str) -> Option<(f32, f32, f32)> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 || !h.is_ascii() {
        return None;
    }
    let v = |i: usize| {
        u8::from_str_radix(&h[i..i + 2], 16)
            .ok()
            .map(|x| x as f32 / 255.0)
    };
    Some((v(0)?, v(2)?, v(4)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_style_loads_and_options_override() {
        let s = PdfStyle::load(&Theme::default(), &PdfOptions::default()).unwrap();
        assert_eq!(s.paper, Paper::A4);
        assert!(!s.ragged);
        let o: PdfOptions =
            serde_json::from_value(serde_json::json!({"paper": "letter", "ragged": true})).unwrap();
        let s = PdfStyle::load(&Theme::default(), &o).unwrap();
        assert_eq!(s.paper, Paper::Letter);
        assert!(s.ragged);
        assert!(serde_json::from_value::<PdfOptions>(serde_json::json!({"paper": "a5"})).is_err());
    }

    #[test]
    fn colors() {
        assert_eq!(parse_color("#ff0000"), Some((1.0, 0.0, 0.0)));
        assert_eq!(parse_color("red"), None);
    }
}
