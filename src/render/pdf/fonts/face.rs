//! Reading font files with read-fonts (the fontations parser harfrust shapes
//! with): which bytes are a font, how many faces a collection holds, outline
//! presence, cmap coverage, the PostScript name, the embedding permission and
//! the vertical metrics. Each answer is the one ttf-parser gave before
//! (ARCHITECTURE.md, "Shaping and font data"), so the PDF keeps its bytes.

use read_fonts::tables::cmap::{Cmap, CmapSubtable, PlatformId};
use read_fonts::tables::os2::SelectionFlags;
use read_fonts::types::{GlyphId, NameId};
use read_fonts::{FileRef, FontRef, ReadError, TableProvider};

/// Face `index` of `data` (a font file or a collection), with the tables
/// every face needs (`head`, `hhea`, `maxp`) present and readable.
pub fn parse(data: &[u8], index: u32) -> Result<FontRef<'_>, ReadError> {
    let f = FontRef::from_index(data, index)?;
    f.head()?;
    f.hhea()?;
    f.maxp()?;
    Ok(f)
}

/// Number of faces in `data`: a collection's count, else 1.
pub fn faces_in(data: &[u8]) -> u32 {
    match FileRef::new(data) {
        Ok(FileRef::Collection(c)) => c.len(),
        _ => 1,
    }
}

/// Whether the face has outlines (TrueType or CFF), not only bitmaps.
pub fn has_outlines<'a>(f: &impl TableProvider<'a>) -> bool {
    (f.glyf().is_ok() && f.loca(None).is_ok()) || f.cff().is_ok() || f.cff2().is_ok()
}

/// The glyph a Unicode cmap subtable maps `c` to, from the first Unicode
/// subtable in table order that has one (not .notdef).
pub fn glyph_of<'a>(f: &impl TableProvider<'a>, c: char) -> Option<GlyphId> {
    let cmap = f.cmap().ok()?;
    unicode_glyph(&cmap, c)
}

fn unicode_glyph(cmap: &Cmap<'_>, c: char) -> Option<GlyphId> {
    for record in cmap.encoding_records() {
        let Ok(sub) = record.subtable(cmap.offset_data()) else {
            continue;
        };
        let unicode = match record.platform_id() {
            PlatformId::Unicode => true,
            // Windows: the BMP encoding, or the full repertoire in the
            // segmented formats (12, 13).
            PlatformId::Windows => {
                record.encoding_id() == 1
                    || (record.encoding_id() == 10
                        && matches!(sub, CmapSubtable::Format12(_) | CmapSubtable::Format13(_)))
            }
            _ => false,
        };
        if !unicode {
            continue;
        }
        if let Some(g) = sub.map_codepoint(c).filter(|g| *g != GlyphId::NOTDEF) {
            return Some(g);
        }
    }
    None
}

/// The first name-table PostScript name (name id 6) in a Unicode encoding.
pub fn postscript_name<'a>(f: &impl TableProvider<'a>) -> Option<String> {
    let name = f.name().ok()?;
    let data = name.string_data();
    name.name_record()
        .iter()
        .filter(|r| r.name_id() == NameId::POSTSCRIPT_NAME)
        .filter(|r| r.is_unicode())
        .find_map(|r| Some(r.string(data).ok()?.chars().collect()))
}

/// Whether the OS/2 `fsType` is "restricted licence embedding": the font may
/// not be embedded. Before OS/2 version 3 the bits may be combined and the
/// most permissive one counts.
pub fn is_restricted<'a>(f: &impl TableProvider<'a>) -> bool {
    let Ok(os2) = f.os2() else { return false };
    let n = os2.fs_type() & 0x000F;
    if os2.version() <= 2 {
        n != 0 && n & 0b1100 == 0
    } else {
        n == 2
    }
}

/// The x-height in font units (OS/2 version 2 and later), when the font
/// states one.
pub fn x_height<'a>(f: &impl TableProvider<'a>) -> Option<i16> {
    f.os2().ok()?.sx_height().filter(|&x| x > 0)
}

/// Ascender and descender in font units: the OS/2 typographic ones when the
/// font asks for them (`USE_TYPO_METRICS`), else `hhea`'s, and where `hhea`
/// says 0 the typographic, then the Windows ones.
pub fn ascender_descender<'a>(f: &impl TableProvider<'a>) -> (i16, i16) {
    let os2 = f.os2().ok();
    if let Some(os2) = &os2
        && os2
            .fs_selection()
            .contains(SelectionFlags::USE_TYPO_METRICS)
    {
        return (os2.s_typo_ascender(), os2.s_typo_descender());
    }
    let (mut asc, mut desc) = f
        .hhea()
        .map_or((0, 0), |h| (h.ascender().to_i16(), h.descender().to_i16()));
    if let Some(os2) = &os2 {
        if asc == 0 {
            asc = match os2.s_typo_ascender() {
                0 => os2.us_win_ascent() as i16,
                a => a,
            };
        }
        if desc == 0 {
            desc = match os2.s_typo_descender() {
                0 => -(os2.us_win_descent() as i16),
                d => d,
            };
        }
    }
    (asc, desc)
}

/// Horizontal advance of glyph `gid` in font units (0 for a glyph the
/// `hmtx` table does not cover).
pub fn advance<'a>(f: &impl TableProvider<'a>, gid: u16) -> u16 {
    let Ok(hmtx) = f.hmtx() else { return 0 };
    let Ok(maxp) = f.maxp() else { return 0 };
    if gid >= maxp.num_glyphs() {
        return 0;
    }
    hmtx.advance(GlyphId::new(gid.into())).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::Theme;

    fn serif() -> Vec<u8> {
        Theme::default()
            .file("fonts/NotoSerif-Regular.ttf")
            .unwrap()
            .into_owned()
    }

    #[test]
    fn reads_the_theme_face() {
        let data = serif();
        let f = parse(&data, 0).unwrap();
        assert_eq!(faces_in(&data), 1);
        assert!(has_outlines(&f));
        assert_eq!(postscript_name(&f).as_deref(), Some("NotoSerif-Regular"));
        assert!(!is_restricted(&f));
        let (asc, desc) = ascender_descender(&f);
        assert!(asc > 0 && desc < 0, "{asc} {desc}");
        let a = glyph_of(&f, 'a').unwrap();
        assert_ne!(a, GlyphId::NOTDEF);
        assert!(advance(&f, a.to_u32() as u16) > 0);
        // A character the face lacks, and a glyph past its end.
        assert_eq!(glyph_of(&f, '\u{0E01}'), None);
        assert_eq!(advance(&f, u16::MAX), 0);
    }

    #[test]
    fn rejects_what_is_not_a_font() {
        assert!(parse(b"not a font at all, only words", 0).is_err());
        assert!(parse(&[], 0).is_err());
        assert_eq!(faces_in(b"ttcf"), 1);
        let data = serif();
        assert!(parse(&data, 1).is_err());
    }
}
