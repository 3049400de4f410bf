//! `[output.pdf] standard = "a-2b" | "ua-1"`: what PDF/A-2b (ISO 19005-2,
//! level B) and PDF/UA-1 (ISO 14289-1) add to the tagged PDF galley always
//! writes.
//!
//! Both: an XMP metadata stream that says what the document information
//! says (title, author, subject, keywords, creator tool, producer, dates;
//! PDF/A requires the two to agree) plus `dc:language` and the
//! identification schema (`pdfaid:part` 2 / `conformance` B, or
//! `pdfuaid:part` 1). PDF/A-2b: an sRGB output intent (the profile from
//! [`super::icc`]) for the DeviceRGB colours. Either: every font must be
//! embeddable; a font whose OS/2 `fsType` forbids embedding is an error
//! naming it. What galley writes anyway covers the rest: every font
//! embedded and subset, a file identifier, no transparency, no
//! encryption, annotations with the print flag, a structure tree with
//! `/Lang`, `/MarkInfo` and `/DisplayDocTitle`.

use super::super::chrome::ComposedPage;
use super::super::fonts::FontData;
use crate::error::{Error, Result};
use lopdf::{Dictionary, Object, ObjectId, Stream};
use serde::Deserialize;

/// The standard a PDF is written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum PdfStandard {
    /// PDF/A-2b: archival (ISO 19005-2, level B).
    #[serde(rename = "a-2b")]
    A2b,
    /// PDF/UA-1: universal accessibility (ISO 14289-1).
    #[serde(rename = "ua-1")]
    Ua1,
}

impl PdfStandard {
    /// The value `book.toml` names it by.
    pub fn name(self) -> &'static str {
        match self {
            PdfStandard::A2b => "a-2b",
            PdfStandard::Ua1 => "ua-1",
        }
    }
}

/// What the document information dictionary says, for the XMP.
#[derive(Debug, Clone, Default)]
pub struct DocInfo {
    /// `/Title`, `dc:title`.
    pub title: String,
    /// `/Author`, `dc:creator`.
    pub author: Option<String>,
    /// `/Subject`, `dc:description`.
    pub subject: Option<String>,
    /// `/Keywords`, `pdf:Keywords`.
    pub keywords: Option<String>,
    /// `/Creator`, `xmp:CreatorTool`.
    pub creator: String,
    /// `/Producer`, `pdf:Producer`.
    pub producer: String,
    /// `/CreationDate` and `/ModDate` as (year, month, day, hour, minute,
    /// second), UTC; none for an undated build.
    pub date: Option<(i64, u32, u32, u32, u32, u32)>,
    /// `dc:language`.
    pub language: String,
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            // Characters XML 1.0 cannot hold.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => o.push(' '),
            '\u{FFFE}' | '\u{FFFF}' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

/// The XMP packet.
pub fn xmp(std: PdfStandard, info: &DocInfo) -> String {
    let mut x = String::with_capacity(2048);
    x.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str("<rdf:Description rdf:about=\"\"\n");
    x.push_str("  xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n");
    x.push_str("  xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n");
    x.push_str("  xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n");
    match std {
        PdfStandard::A2b => x.push_str("  xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"),
        PdfStandard::Ua1 => x.push_str("  xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"),
    }
    x.push_str("<dc:format>application/pdf</dc:format>\n");
    x.push_str(&format!(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        esc(&info.title)
    ));
    if let Some(a) = &info.author {
        x.push_str(&format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            esc(a)
        ));
    }
    if let Some(s) = &info.subject {
        x.push_str(&format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            esc(s)
        ));
    }
    x.push_str(&format!(
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
        esc(&info.language)
    ));
    if let Some(k) = &info.keywords {
        x.push_str(&format!("<pdf:Keywords>{}</pdf:Keywords>\n", esc(k)));
    }
    x.push_str(&format!(
        "<pdf:Producer>{}</pdf:Producer>\n",
        esc(&info.producer)
    ));
    x.push_str(&format!(
        "<xmp:CreatorTool>{}</xmp:CreatorTool>\n",
        esc(&info.creator)
    ));
    if let Some((y, mo, d, h, mi, s)) = info.date {
        let iso = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z");
        x.push_str(&format!("<xmp:CreateDate>{iso}</xmp:CreateDate>\n"));
        x.push_str(&format!("<xmp:ModifyDate>{iso}</xmp:ModifyDate>\n"));
        x.push_str(&format!("<xmp:MetadataDate>{iso}</xmp:MetadataDate>\n"));
    }
    match std {
        PdfStandard::A2b => {
            x.push_str("<pdfaid:part>2</pdfaid:part>\n");
            x.push_str("<pdfaid:conformance>B</pdfaid:conformance>\n");
        }
        PdfStandard::Ua1 => x.push_str("<pdfuaid:part>1</pdfuaid:part>\n"),
    }
    x.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n");
    // Room to edit the packet in place, as the XMP specification suggests.
    for _ in 0..8 {
        x.push_str(&" ".repeat(99));
        x.push('\n');
    }
    x.push_str("<?xpacket end=\"w\"?>");
    x
}

/// Adds the metadata stream (and for PDF/A the output intent) to the
/// catalog.
pub fn apply(lo: &mut lopdf::Document, std: PdfStandard, info: &DocInfo) -> Result<()> {
    let err = |e: lopdf::Error| Error::render("pdf", format!("assembling the PDF: {e}"));
    let mut md = Dictionary::new();
    md.set("Type", Object::Name(b"Metadata".to_vec()));
    md.set("Subtype", Object::Name(b"XML".to_vec()));
    // Uncompressed, so archives and search tools read it as it is.
    let meta = Stream::new(md, xmp(std, info).into_bytes()).with_compression(false);
    let meta_id = lo.add_object(meta);
    let intent: Option<ObjectId> = match std {
        PdfStandard::A2b => {
            let mut pd = Dictionary::new();
            pd.set("N", Object::Integer(3));
            pd.set("Alternate", Object::Name(b"DeviceRGB".to_vec()));
            let profile = lo.add_object(Stream::new(pd, super::icc::srgb_profile()));
            let mut oi = Dictionary::new();
            oi.set("Type", Object::Name(b"OutputIntent".to_vec()));
            oi.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
            let name = || Object::string_literal("sRGB IEC61966-2.1");
            oi.set("OutputConditionIdentifier", name());
            oi.set("Info", name());
            oi.set(
                "RegistryName",
                Object::string_literal("http://www.color.org"),
            );
            oi.set("DestOutputProfile", Object::Reference(profile));
            Some(lo.add_object(oi))
        }
        PdfStandard::Ua1 => None,
    };
    let cat = lo.catalog_mut().map_err(err)?;
    cat.set("Metadata", Object::Reference(meta_id));
    if let Some(oi) = intent {
        cat.set("OutputIntents", Object::Array(vec![Object::Reference(oi)]));
    }
    Ok(())
}

/// Fails when a font the pages use may not be embedded (OS/2 `fsType`
/// "restricted licence"): a PDF/A or PDF/UA file must embed every font.
pub fn check_fonts(std: PdfStandard, pages: &[ComposedPage], data: &FontData) -> Result<()> {
    let mut used = [false; 256];
    for p in pages {
        for (line, _, _) in &p.lines {
            for r in &line.runs {
                if !r.glyphs.is_empty() {
                    used[r.font as usize] = true;
                }
            }
        }
    }
    for (i, _) in used.iter().enumerate().filter(|(_, u)| **u) {
        let Some(file) = data.file(i) else { continue };
        let Ok(face) = super::super::fonts::face::parse(&file.bytes, file.index) else {
            continue;
        };
        if super::super::fonts::face::is_restricted(&face) {
            return Err(Error::render(
                "pdf",
                format!(
                    "[output.pdf] standard = \"{}\": the font {} may not be embedded \
                     (its OS/2 fsType is \"restricted licence\"), and the standard needs \
                     every font embedded; use another font for this text (`[output.pdf] \
                     fonts`, or `system-fonts = false`)",
                    std.name(),
                    file.name
                ),
            ));
        }
    }
    Ok(())
}
