//! Figures in the PDF: local PNG and JPEG images (read by
//! [`crate::render::images`]) embedded as image XObjects, scaled to the text
//! width (or their natural size at 96 dpi, if smaller) and kept on one page
//! with their caption. A JPEG goes in as it is (DCTDecode, no re-encoding);
//! a PNG is decoded (the `png` crate) to 8-bit samples written with
//! FlateDecode, its alpha channel as a soft mask (SMask). A figure without
//! an image (missing, remote, another format) shows its alt text and
//! caption; with neither, nothing.

use super::builder::{Builder, Ctx};
use super::flow::VItem;
use super::fonts::Face;
use super::layout::Span;
use crate::model::{Inline, safe_url};
use crate::render::images::{Image, ImageKind, Images};
use std::collections::HashMap;
use std::io::Write as _;
use std::sync::Arc;

/// Largest image decoded, in pixels (a 50-megapixel photo is 200 MB of RGBA).
const MAX_PIXELS: u64 = 50_000_000;

/// Points per pixel at the natural size (96 pixels to the inch).
const PT_PER_PX: f32 = 0.75;

/// The samples of an image as the PDF holds them.
#[derive(Debug, Clone)]
pub enum ImageData {
    /// A JPEG file, as it is.
    Jpeg {
        /// The file.
        bytes: Arc<Vec<u8>>,
        /// Colour components (1 grey, 3 RGB, 4 CMYK).
        components: u8,
        /// An Adobe APP14 marker: CMYK stored inverted.
        adobe: bool,
    },
    /// Decoded 8-bit samples, deflated.
    Flate {
        /// The samples (grey or RGB), zlib-compressed.
        samples: Vec<u8>,
        /// Colour components (1 or 3).
        components: u8,
        /// The alpha channel, zlib-compressed, when the image has one.
        alpha: Option<Vec<u8>>,
    },
}

/// One image ready for the PDF.
#[derive(Debug, Clone)]
pub struct PdfImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Samples.
    pub data: ImageData,
}

/// The book's images the PDF can embed, by output name
/// ([`Image::name`](crate::render::images::Image)).
#[derive(Debug, Clone, Default)]
pub struct PdfImages {
    /// In a fixed order (by name): the XObject `/ImN` is `list[N]`.
    pub list: Vec<Arc<PdfImage>>,
    by_name: HashMap<String, usize>,
}

impl PdfImages {
    /// Decodes every image of `images`; `failed` receives the name of each
    /// one that cannot be embedded and why.
    pub fn decode(images: &Images, failed: &mut dyn FnMut(&str, String)) -> Self {
        let mut out = PdfImages::default();
        for img in images.files() {
            match decode(img) {
                Ok(p) => {
                    out.by_name.insert(img.name.clone(), out.list.len());
                    out.list.push(Arc::new(p));
                }
                Err(why) => failed(&img.name, why),
            }
        }
        out
    }

    /// The image of a figure whose `src` is its output name.
    pub fn index(&self, src: &str) -> Option<usize> {
        self.by_name.get(src).copied()
    }
}

/// `img` as a PDF image, or why not.
pub fn decode(img: &Image) -> Result<PdfImage, String> {
    match img.kind {
        ImageKind::Jpeg => jpeg(&img.bytes),
        ImageKind::Png => png_image(&img.bytes),
        other => Err(format!(
            "the PDF embeds PNG and JPEG images, not {}",
            other.media_type()
        )),
    }
}

/// The size and components of a JPEG from its frame header (SOFn).
fn jpeg(bytes: &Arc<Vec<u8>>) -> Result<PdfImage, String> {
    let b = bytes.as_slice();
    let bad = || "not a readable JPEG file (no frame header)".to_string();
    let mut i = 2;
    let mut adobe = false;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return Err(bad());
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
        let seg = b.get(i + 4..i + 2 + len).ok_or_else(bad)?;
        if marker == 0xEE && seg.starts_with(b"Adobe") {
            adobe = true;
        }
        let sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if sof {
            if seg.len() < 6 {
                return Err(bad());
            }
            let height = u16::from_be_bytes([seg[1], seg[2]]) as u32;
            let width = u16::from_be_bytes([seg[3], seg[4]]) as u32;
            let components = seg[5];
            if width == 0 || height == 0 || !matches!(components, 1 | 3 | 4) {
                return Err(bad());
            }
            return Ok(PdfImage {
                width,
                height,
                data: ImageData::Jpeg {
                    bytes: bytes.clone(),
                    components,
                    adobe,
                },
            });
        }
        if marker == 0xDA {
            break;
        }
        i += 2 + len;
    }
    Err(bad())
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    // Writing into a Vec cannot fail.
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

/// A PNG decoded to 8-bit grey or RGB samples and an alpha channel.
fn png_image(bytes: &[u8]) -> Result<PdfImage, String> {
    let bad = |e: &dyn std::fmt::Display| format!("not a readable PNG file ({e})");
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| bad(&e))?;
    let (w, h) = {
        let info = reader.info();
        (info.width, info.height)
    };
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "{w} x {h} pixels: larger than the PDF embeds ({MAX_PIXELS} pixels)"
        ));
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| bad(&"too large"))?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(|e| bad(&e))?;
    let buf = buf
        .get(..frame.buffer_size())
        .ok_or_else(|| bad(&"short frame"))?;
    let (components, has_alpha) = match frame.color_type {
        png::ColorType::Grayscale => (1u8, false),
        png::ColorType::GrayscaleAlpha => (1, true),
        png::ColorType::Rgb => (3, false),
        png::ColorType::Rgba => (3, true),
        png::ColorType::Indexed => return Err(bad(&"palette not expanded")),
    };
    if frame.bit_depth != png::BitDepth::Eight {
        return Err(bad(&"not 8 bits per sample after expansion"));
    }
    let (samples, alpha) = if has_alpha {
        let step = components as usize + 1;
        let n = buf.len() / step;
        let mut c = Vec::with_capacity(n * components as usize);
        let mut a = Vec::with_capacity(n);
        for px in buf.chunks_exact(step) {
            c.extend_from_slice(&px[..step - 1]);
            a.push(px[step - 1]);
        }
        // A fully opaque alpha channel needs no mask.
        let alpha = (!a.iter().all(|&v| v == 255)).then(|| deflate(&a));
        (deflate(&c), alpha)
    } else {
        (deflate(buf), None)
    };
    Ok(PdfImage {
        width: w,
        height: h,
        data: ImageData::Flate {
            samples,
            components,
            alpha,
        },
    })
}

/// An image on a page (top-down y, points).
#[derive(Debug, Clone)]
pub struct Placed {
    /// Index in [`PdfImages::list`]: its XObject is `/Im<index>`.
    pub index: usize,
    /// The image.
    pub image: Arc<PdfImage>,
    /// The figure's alt text (a tagged PDF's `/Alt`).
    pub alt: String,
    /// Its `Figure` element (tagged PDF).
    pub tag: Option<super::tags::ElemId>,
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// Appends the drawing of the page's images to its content stream
/// (`q w 0 0 h x y cm /ImN Do Q`).
pub(super) fn draw(
    out: &mut Vec<u8>,
    images: &[Placed],
    page_height: f32,
    tagger: &mut super::tags::marked::Tagger,
    page: usize,
) {
    let r = |x: f32| (x * 100.0).round() / 100.0;
    for p in images {
        // The picture is the content of its `Figure` element (or an
        // artifact when it has none).
        match p.tag {
            Some(e) => {
                let mcid = tagger.new_mcid(page, e.0);
                let _ = writeln!(out, "/Figure <</MCID {mcid}>> BDC");
            }
            None => out.extend_from_slice(b"/Artifact BMC\n"),
        }
        let _ = writeln!(
            out,
            "q\n{} 0 0 {} {} {} cm\n/Im{} Do\nQ\nEMC",
            r(p.width),
            r(p.height),
            r(p.x),
            r(page_height - p.y - p.height),
            p.index
        );
    }
}

/// Writes each image used once as an XObject (its alpha as an SMask) and
/// names it in the `/Resources` of the pages that draw it.
pub(super) fn add_xobjects(
    lo: &mut lopdf::Document,
    pages: &[super::chrome::ComposedPage],
) -> crate::error::Result<()> {
    use lopdf::{Dictionary, Object, Stream};
    let err = |m: &str| crate::error::Error::render("pdf", format!("embedding images: {m}"));
    let mut ids: HashMap<usize, lopdf::ObjectId> = HashMap::new();
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    for (pid, page) in page_ids.iter().zip(pages) {
        if page.images.is_empty() {
            continue;
        }
        let mut names = Dictionary::new();
        for p in &page.images {
            let id = match ids.get(&p.index) {
                Some(id) => *id,
                None => {
                    let img = &p.image;
                    let mut d = Dictionary::new();
                    d.set("Type", Object::Name(b"XObject".to_vec()));
                    d.set("Subtype", Object::Name(b"Image".to_vec()));
                    d.set("Width", Object::Integer(img.width.into()));
                    d.set("Height", Object::Integer(img.height.into()));
                    d.set("BitsPerComponent", Object::Integer(8));
                    let space = |n: u8| match n {
                        1 => "DeviceGray",
                        4 => "DeviceCMYK",
                        _ => "DeviceRGB",
                    };
                    let content = match &img.data {
                        ImageData::Jpeg {
                            bytes,
                            components,
                            adobe,
                        } => {
                            d.set("ColorSpace", Object::Name(space(*components).into()));
                            d.set("Filter", Object::Name(b"DCTDecode".to_vec()));
                            if *components == 4 && *adobe {
                                d.set(
                                    "Decode",
                                    Object::Array(
                                        [1, 0, 1, 0, 1, 0, 1, 0].map(Object::Integer).to_vec(),
                                    ),
                                );
                            }
                            bytes.to_vec()
                        }
                        ImageData::Flate {
                            samples,
                            components,
                            alpha,
                        } => {
                            d.set("ColorSpace", Object::Name(space(*components).into()));
                            d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                            if let Some(a) = alpha {
                                let mut m = Dictionary::new();
                                m.set("Type", Object::Name(b"XObject".to_vec()));
                                m.set("Subtype", Object::Name(b"Image".to_vec()));
                                m.set("Width", Object::Integer(img.width.into()));
                                m.set("Height", Object::Integer(img.height.into()));
                                m.set("BitsPerComponent", Object::Integer(8));
                                m.set("ColorSpace", Object::Name(b"DeviceGray".to_vec()));
                                m.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                                let mask = lo
                                    .add_object(Stream::new(m, a.clone()).with_compression(false));
                                d.set("SMask", Object::Reference(mask));
                            }
                            samples.clone()
                        }
                    };
                    let id = lo.add_object(Stream::new(d, content).with_compression(false));
                    ids.insert(p.index, id);
                    id
                }
            };
            names.set(format!("Im{}", p.index), Object::Reference(id));
        }
        // The page's resources: inline or a reference.
        let res = lo
            .get_dictionary(*pid)
            .map_err(|_| err("a page is missing"))?
            .get(b"Resources")
            .ok()
            .cloned();
        let res_dict = match res {
            Some(Object::Reference(rid)) => lo
                .get_dictionary_mut(rid)
                .map_err(|_| err("page resources are not a dictionary"))?,
            Some(Object::Dictionary(_)) => lo
                .get_dictionary_mut(*pid)
                .and_then(|d| d.get_mut(b"Resources"))
                .and_then(Object::as_dict_mut)
                .map_err(|_| err("page resources are not a dictionary"))?,
            _ => {
                let page = lo
                    .get_dictionary_mut(*pid)
                    .map_err(|_| err("a page is missing"))?;
                page.set("Resources", Dictionary::new());
                page.get_mut(b"Resources")
                    .and_then(Object::as_dict_mut)
                    .map_err(|_| err("page resources are not a dictionary"))?
            }
        };
        match res_dict.get_mut(b"XObject") {
            Ok(Object::Dictionary(x)) => x.extend(&names),
            _ => res_dict.set("XObject", names),
        }
    }
    Ok(())
}

impl Builder<'_, '_, '_> {
    /// A figure: its image when the PDF has it, with the caption below,
    /// kept on one page; else the alt text and caption.
    pub(super) fn figure(
        &mut self,
        src: &str,
        alt: &str,
        caption: &[Inline],
        cx: &Ctx,
        out: &mut Vec<VItem>,
    ) {
        let s = self.style;
        let c = self.colors;
        let fcx = Ctx {
            size: s.small_size + 0.5,
            leading: (s.small_size + 0.5) * 1.35,
            ..*cx
        };
        let caption_spans: Vec<Span> = self
            .spans(caption, Face::Italic, c.muted)
            .into_iter()
            .filter(|sp| !sp.text.is_empty())
            .collect();
        let has_caption = caption_spans.iter().any(|sp| !sp.text.trim().is_empty());
        let found = self.images.as_ref().and_then(|im| {
            im.index(src)
                .and_then(|i| Some((i, im.list.get(i)?.clone())))
        });
        if let Some((index, img)) = found {
            let avail = (self.measure - cx.left - cx.right).max(72.0);
            let (pw, ph) = (img.width as f32 * PT_PER_PX, img.height as f32 * PT_PER_PX);
            let (_, page_h) = s.paper.size();
            // Leave room for the caption on the same page.
            let max_h = (page_h - s.margin_top - s.margin_bottom) * 0.8;
            let k = (avail / pw).min(max_h / ph).min(1.0);
            let (w, h) = (pw * k, ph * k);
            out.push(VItem::Space(cx.leading * 0.5));
            out.push(VItem::Image {
                index: super::flow::n32(index),
                x: cx.left + (avail - w) / 2.0,
                width: w,
                height: h,
                break_before: !std::mem::take(&mut self.keep_next),
                alt: alt.trim().into(),
                tag: None,
            });
            if has_caption {
                out.push(VItem::Fixed(fcx.leading * 0.3));
                let start = out.len();
                self.push_para(&caption_spans, &fcx, 0.0, false, true, true, out);
                // The caption stays with its image.
                for it in out[start..].iter_mut() {
                    if let VItem::Line { break_before, .. } = it {
                        *break_before = false;
                    }
                }
            }
            out.push(VItem::Space(cx.leading * 0.5));
            return;
        }
        // No image: "Image: alt — caption", without a bare label.
        let mut spans = Vec::new();
        if !alt.trim().is_empty() {
            spans.push(self.span(alt.trim(), Face::Italic, c.muted));
        }
        if has_caption {
            if !spans.is_empty() {
                spans.push(self.span(" \u{2014} ", Face::Italic, c.muted));
            }
            spans.extend(caption_spans);
        }
        if spans.is_empty() {
            return;
        }
        spans.insert(
            0,
            Span {
                text: self.strings.get("image").into(),
                face: Face::Sans,
                link: safe_url(src).filter(|u| !u.is_empty()).map(Arc::from),
                color: c.muted,
                strike: false,
            },
        );
        out.push(VItem::Space(cx.leading * 0.5));
        self.push_para(&spans, &fcx, 0.0, false, true, false, out);
        out.push(VItem::Space(cx.leading * 0.5));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of `w` x `h` pixels from the png crate's encoder.
    fn encode(
        w: u32,
        h: u32,
        color: png::ColorType,
        depth: png::BitDepth,
        data: &[u8],
        palette: Option<(&[u8], &[u8])>,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut e = png::Encoder::new(&mut out, w, h);
            e.set_color(color);
            e.set_depth(depth);
            if let Some((p, t)) = palette {
                e.set_palette(p.to_vec());
                e.set_trns(t.to_vec());
            }
            let mut wr = e.write_header().unwrap();
            wr.write_image_data(data).unwrap();
        }
        out
    }

    fn inflate(b: &[u8]) -> Vec<u8> {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(b)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn pngs_of_every_colour_type_become_8_bit_samples_and_a_mask() {
        use png::{BitDepth, ColorType};
        // RGB, opaque: no mask.
        let rgb = encode(
            2,
            1,
            ColorType::Rgb,
            BitDepth::Eight,
            &[255, 0, 0, 0, 0, 255],
            None,
        );
        let p = png_image(&rgb).unwrap();
        let ImageData::Flate {
            samples,
            components,
            alpha,
        } = &p.data
        else {
            panic!("not deflated samples")
        };
        assert_eq!((*components, alpha.is_none()), (3, true));
        assert_eq!(inflate(samples), vec![255, 0, 0, 0, 0, 255]);
        // 16-bit grey with alpha: 8-bit grey samples, the alpha as a mask.
        let ga = encode(
            2,
            1,
            ColorType::GrayscaleAlpha,
            BitDepth::Sixteen,
            &[0xFF, 0xFF, 0x00, 0x00, 0x80, 0x00, 0xFF, 0xFF],
            None,
        );
        let p = png_image(&ga).unwrap();
        let ImageData::Flate {
            samples,
            components,
            alpha,
        } = &p.data
        else {
            panic!("not deflated samples")
        };
        assert_eq!(*components, 1);
        assert_eq!(inflate(samples), vec![0xFF, 0x80]);
        assert_eq!(inflate(alpha.as_ref().unwrap()), vec![0x00, 0xFF]);
        // A palette with a transparent entry: RGB and a mask.
        let pal = encode(
            2,
            1,
            ColorType::Indexed,
            BitDepth::Eight,
            &[0, 1],
            Some((&[10, 20, 30, 40, 50, 60], &[0, 255])),
        );
        let p = png_image(&pal).unwrap();
        let ImageData::Flate {
            samples,
            components,
            alpha,
        } = &p.data
        else {
            panic!("not deflated samples")
        };
        assert_eq!(*components, 3);
        assert_eq!(inflate(samples), vec![10, 20, 30, 40, 50, 60]);
        assert_eq!(inflate(alpha.as_ref().unwrap()), vec![0, 255]);
        // A truncated file is an error, not a panic.
        assert!(png_image(&rgb[..rgb.len() / 2]).is_err());
    }

    #[test]
    fn a_jpeg_frame_header_gives_its_size() {
        // SOI, APP14 "Adobe", SOF0 8-bit 20 x 10, 3 components.
        let mut b = vec![0xFF, 0xD8];
        b.extend_from_slice(&[0xFF, 0xEE, 0x00, 0x07]);
        b.extend_from_slice(b"Adobe");
        b.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 8, 0, 10, 0, 20, 3, 1, 0x11, 0]);
        let img = jpeg(&Arc::new(b)).unwrap();
        assert_eq!((img.width, img.height), (20, 10));
        assert!(matches!(
            img.data,
            ImageData::Jpeg {
                components: 3,
                adobe: true,
                ..
            }
        ));
        assert!(jpeg(&Arc::new(vec![0xFF, 0xD8, 0xFF, 0xD9])).is_err());
        assert!(jpeg(&Arc::new(vec![0xFF, 0xD8, 0x00])).is_err());
    }
}
