//! Objects written as bytes as soon as they are made, put into the file
//! lopdf writes.
//!
//! A tagged PDF of a million paragraphs has a million structure elements;
//! as lopdf dictionaries (an index map of boxed names and objects each)
//! they took about 1.5 KB apiece until the file was saved. They are
//! written to bytes instead, each the moment it is made, in exactly the
//! syntax lopdf uses ([`write_object`]), under ids taken from the lopdf
//! document (so lopdf's `/Size` counts them). After lopdf has saved the
//! rest, [`splice`] puts every object in id order, as lopdf would have,
//! and writes the cross-reference table again: the file is byte for byte
//! the one lopdf writes when it holds every object itself.

use crate::error::{Error, Result};
use lopdf::{Object, ObjectId, StringFormat};
use std::io::Write as _;

/// Objects already written as bytes (`N 0 obj … endobj`), with their ids.
#[derive(Debug, Default)]
pub struct RawObjects {
    bytes: Vec<u8>,
    /// (id, start, end) in `bytes`.
    spans: Vec<(u32, usize, usize)>,
}

impl RawObjects {
    /// Writes `obj` as indirect object `id` (generation 0).
    pub fn add(&mut self, id: ObjectId, obj: &Object) {
        let start = self.bytes.len();
        let out = &mut self.bytes;
        let _ = writeln!(out, "{} {} obj", id.0, id.1);
        if need_separator(obj) {
            out.push(b' ');
        }
        write_object(out, obj);
        if need_end_separator(obj) {
            out.push(b' ');
        }
        out.extend_from_slice(b"\nendobj\n");
        self.spans.push((id.0, start, self.bytes.len()));
    }

    /// How many objects.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

fn need_separator(o: &Object) -> bool {
    matches!(
        o,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

fn need_end_separator(o: &Object) -> bool {
    matches!(
        o,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Name(_)
            | Object::Reference(_)
            | Object::Stream(_)
    )
}

/// `obj` in PDF syntax, as lopdf 0.44's writer puts it.
pub fn write_object(out: &mut Vec<u8>, obj: &Object) {
    match obj {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => {
            let _ = write!(out, "{r}");
        }
        Object::Name(n) => write_name(out, n),
        Object::String(s, f) => write_string(out, s, *f),
        Object::Array(a) => {
            out.push(b'[');
            for (k, o) in a.iter().enumerate() {
                if k > 0 && need_separator(o) {
                    out.push(b' ');
                }
                write_object(out, o);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dict(out, d),
        Object::Stream(s) => {
            write_dict(out, &s.dict);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(r) => {
            let _ = write!(out, "{} {} R", r.0, r.1);
        }
    }
}

fn write_dict(out: &mut Vec<u8>, d: &lopdf::Dictionary) {
    out.extend_from_slice(b"<<");
    for (k, v) in d {
        write_name(out, k);
        if need_separator(v) {
            out.push(b' ');
        }
        write_object(out, v);
    }
    out.extend_from_slice(b">>");
}

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            let _ = write!(out, "#{b:02X}");
        } else {
            out.push(b);
        }
    }
}

fn write_string(out: &mut Vec<u8>, text: &[u8], format: StringFormat) {
    match format {
        StringFormat::Literal => {
            // Backslashes, carriage returns and unbalanced parentheses escaped.
            let mut escape = Vec::new();
            let mut open = Vec::new();
            for (i, &b) in text.iter().enumerate() {
                match b {
                    b'(' => open.push(i),
                    b')' if open.pop().is_none() => escape.push(i),
                    b'\\' | b'\r' => escape.push(i),
                    _ => {}
                }
            }
            escape.append(&mut open);
            out.push(b'(');
            for (i, &b) in text.iter().enumerate() {
                if escape.contains(&i) {
                    out.push(b'\\');
                    out.push(if b == b'\r' { b'r' } else { b });
                } else {
                    out.push(b);
                }
            }
            out.push(b')');
        }
        StringFormat::Hexadecimal => {
            out.push(b'<');
            for &b in text {
                let _ = write!(out, "{b:02X}");
            }
            out.push(b'>');
        }
    }
}

/// Saves `lo` with a cross-reference table (the kind [`splice`] reads)
/// and puts `raw` into the file.
/// The document is dropped before the splice: only the file is held.
pub fn save(mut lo: lopdf::Document, raw: RawObjects) -> Result<Vec<u8>> {
    lo.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    // Room for the whole file from the start (lopdf's part, the raw
    // objects, the table), so the file is never moved while it grows: a
    // 140 MB file grown by doubling held 128 MB and 256 MB at once. Room
    // reserved above the estimate's real need is never touched, so it is
    // not resident.
    let streams: usize = lo
        .objects
        .values()
        .map(|o| match o {
            Object::Stream(s) => s.content.len(),
            _ => 0,
        })
        .sum();
    let estimate =
        streams + lo.objects.len() * 1024 + raw.bytes.len() + raw.spans.len() * 24 + (1 << 16);
    let mut out = Vec::with_capacity(estimate);
    lo.save_to(&mut out)
        .map_err(|e| Error::render("pdf", format!("writing the PDF: {e}")))?;
    drop(lo);
    splice(out, raw)
}

fn bad() -> Error {
    Error::render(
        "pdf",
        "assembling the PDF: unexpected cross-reference table",
    )
}

fn parse_num(s: &[u8]) -> Result<u64> {
    std::str::from_utf8(s)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .ok_or_else(bad)
}

/// Puts `raw` into `pdf` (a file lopdf saved with a cross-reference
/// table, whose `/Size` counts the raw objects' ids): every object in id
/// order, the table written again as lopdf writes it.
pub fn splice(mut pdf: Vec<u8>, mut raw: RawObjects) -> Result<Vec<u8>> {
    if raw.is_empty() {
        return Ok(pdf);
    }
    // `startxref N %%EOF` at the end.
    let tail_at = pdf.len().saturating_sub(64);
    let tail = &pdf[tail_at..];
    let sx = tail
        .windows(9)
        .rposition(|w| w == b"startxref")
        .ok_or_else(bad)?;
    let xref_start = {
        let rest = &tail[sx + 9..];
        let end = rest.iter().position(|&b| b == b'%').unwrap_or(rest.len());
        parse_num(&rest[..end])? as usize
    };
    let xref = pdf.get(xref_start..).ok_or_else(bad)?;
    let trailer_at = xref
        .windows(8)
        .position(|w| w == b"trailer\n")
        .ok_or_else(bad)?;
    let trailer_end = xref
        .windows(10)
        .rposition(|w| w == b"\nstartxref")
        .ok_or_else(bad)?;
    let trailer = xref[trailer_at..trailer_end].to_vec();
    // The table: `xref`, then sections `first count` of 20-byte entries.
    let mut entries: Vec<(u32, usize)> = Vec::new();
    let mut size = 0u32;
    let mut pos = 5usize; // after "xref\n"
    while pos < trailer_at {
        let nl = xref[pos..trailer_at]
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(bad)?;
        let head = &xref[pos..pos + nl];
        let mut it = head.split(|&b| b == b' ');
        let first = parse_num(it.next().ok_or_else(bad)?)? as u32;
        let count = parse_num(it.next().ok_or_else(bad)?)? as u32;
        pos += nl + 1;
        for k in 0..count {
            let e = xref.get(pos..pos + 20).ok_or_else(bad)?;
            if e[17] == b'n' {
                entries.push((first + k, parse_num(&e[..10])? as usize));
            }
            pos += 20;
        }
        size = size.max(first + count);
    }
    let size_stated = {
        let at = trailer
            .windows(5)
            .position(|w| w == b"/Size")
            .ok_or_else(bad)?;
        let rest = &trailer[at + 5..];
        let end = rest
            .iter()
            .position(|&b| !(b.is_ascii_digit() || b == b' '))
            .unwrap_or(rest.len());
        parse_num(&rest[..end])? as u32
    };
    let size = size.max(size_stated);
    entries.sort_unstable();
    raw.spans.sort_unstable_by_key(|s| s.0);
    // lopdf's objects follow each other in id order up to the table.
    let mut chunks: Vec<(u32, usize, usize)> = Vec::with_capacity(entries.len());
    for (k, &(id, off)) in entries.iter().enumerate() {
        let end = entries.get(k + 1).map_or(xref_start, |e| e.1);
        if end < off {
            return Err(bad());
        }
        chunks.push((id, off, end));
    }
    let header_end = entries.first().map_or(xref_start, |e| e.1);
    // Every object's place in id order: (id, from lopdf's file, start, end).
    let mut order: Vec<(u32, bool, usize, usize)> = Vec::with_capacity(chunks.len() + raw.len());
    let (mut a, mut b) = (chunks.iter().peekable(), raw.spans.iter().peekable());
    loop {
        let take_raw = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => y.0 < x.0,
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (None, None) => break,
        };
        let next = if take_raw {
            b.next().map(|s| (s.0, false, s.1, s.2))
        } else {
            a.next().map(|c| (c.0, true, c.1, c.2))
        };
        order.extend(next);
    }
    let mut offsets: Vec<(u32, usize)> = Vec::with_capacity(order.len());
    let mut pos = header_end;
    for &(id, _, s, e) in &order {
        offsets.push((id, pos));
        pos += e - s;
    }
    let new_xref = pos;
    // In place, from the last object back: each of lopdf's objects only
    // moves later (raw ones go in before it), so none is overwritten
    // before it has moved; the file is never held twice.
    if pdf.len() < new_xref {
        pdf.resize(new_xref, 0);
    }
    for (&(_, lopdf_obj, s, e), &(_, to)) in order.iter().zip(&offsets).rev() {
        if lopdf_obj {
            pdf.copy_within(s..e, to);
        } else {
            pdf[to..to + (e - s)].copy_from_slice(&raw.bytes[s..e]);
        }
    }
    drop(raw);
    pdf.truncate(new_xref);
    let mut out = pdf;
    // As lopdf writes it: runs of consecutive ids, the first with entry 0.
    out.extend_from_slice(b"xref\n");
    let mut section: Vec<usize> = Vec::new();
    let mut start = 0u32;
    let write_section = |out: &mut Vec<u8>, start: u32, section: &mut Vec<usize>, zero: bool| {
        let n = section.len() + usize::from(zero);
        if n == 0 {
            return;
        }
        let _ = writeln!(out, "{start} {n}");
        if zero {
            let _ = writeln!(out, "{:>010} {:>05} f ", 0, 65535);
        }
        for off in section.drain(..) {
            let _ = writeln!(out, "{off:>010} {:>05} n ", 0);
        }
    };
    let mut zero = true;
    let mut next = offsets.iter().peekable();
    for id in 1..size {
        match next.peek() {
            Some(&&(i, off)) if i == id => {
                if section.is_empty() && !zero {
                    start = id;
                }
                section.push(off);
                next.next();
            }
            _ => {
                write_section(&mut out, start, &mut section, zero);
                zero = false;
            }
        }
    }
    write_section(&mut out, start, &mut section, zero);
    out.extend_from_slice(&trailer);
    let _ = write!(out, "\nstartxref\n{new_xref}\n%%EOF");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Dictionary, Document, Object};

    /// A small document: a catalog, a page and a run of dictionaries,
    /// arrays and strings such as the structure tree has.
    fn objects() -> Vec<Object> {
        let mut v = Vec::new();
        for i in 0..12i64 {
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"StructElem".to_vec()));
            d.set("S", Object::Name(b"P".to_vec()));
            d.set("P", Object::Reference((1, 0)));
            d.set(
                "K",
                Object::Array(vec![
                    Object::Integer(i),
                    Object::Integer(i + 1),
                    Object::Null,
                ]),
            );
            d.set(
                "Alt",
                Object::string_literal(format!("a (figure) {i} \\ ) x")),
            );
            d.set(
                "Lang",
                Object::String(vec![0xFE, 0xFF, 0, 0x41], StringFormat::Hexadecimal),
            );
            d.set("R", Object::Real(1.25));
            d.set("B", Object::Boolean(i % 2 == 0));
            v.push(Object::Dictionary(d));
        }
        v
    }

    fn doc() -> Document {
        let mut lo = Document::with_version("1.7");
        lo.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
        let mut cat = Dictionary::new();
        cat.set("Type", Object::Name(b"Catalog".to_vec()));
        let cat = lo.add_object(cat);
        lo.trailer.set("Root", Object::Reference(cat));
        lo
    }

    #[test]
    fn spliced_objects_give_the_file_lopdf_writes() {
        // lopdf holding every object.
        let mut whole = doc();
        for o in objects() {
            whole.add_object(o);
        }
        let mut a = Vec::new();
        whole.save_to(&mut a).unwrap();
        // Every other object as bytes, one id skipped (lopdf then writes
        // two table sections), the last ones from lopdf again.
        let mut lo = doc();
        let mut raw = RawObjects::default();
        for (k, o) in objects().into_iter().enumerate() {
            if k % 2 == 0 || k == 11 {
                lo.add_object(o);
            } else {
                let id = lo.new_object_id();
                raw.add(id, &o);
            }
        }
        assert_eq!(raw.len(), 5);
        let b = save(lo, raw).unwrap();
        assert_eq!(String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
        let back = Document::load_mem(&b).unwrap();
        assert_eq!(back.objects.len(), 13);
    }

    #[test]
    fn a_gap_in_the_ids_gives_the_same_table_sections() {
        let mut whole = doc();
        let mut lo = doc();
        let mut raw = RawObjects::default();
        for (k, o) in objects().into_iter().enumerate() {
            let id = whole.new_object_id();
            let id2 = lo.new_object_id();
            assert_eq!(id, id2);
            if k == 4 {
                continue; // an id no object has (pruned)
            }
            whole.objects.insert(id, o.clone());
            if k % 3 == 0 {
                raw.add(id2, &o);
            } else {
                lo.objects.insert(id2, o);
            }
        }
        let mut a = Vec::new();
        whole.save_to(&mut a).unwrap();
        let b = save(lo, raw).unwrap();
        assert_eq!(String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
        let text = String::from_utf8_lossy(&b);
        assert!(
            text.contains("\n0 6\n") && text.contains("\n7 7\n"),
            "two sections"
        );
    }
}
