//! A minimal sRGB ICC profile (version 2.1, display class), made in code
//! for the PDF/A output intent: header, `desc`, `cprt`, `wtpt`, the three
//! colorants (the sRGB primaries adapted to D50 with Bradford, as in the
//! IEC 61966-2.1 profiles) and one 1024-entry tone curve of the sRGB
//! transfer function shared by `rTRC`, `gTRC` and `bTRC`. No file is
//! bundled, so there is no licence to carry; the numbers are the standard's.

/// An s15Fixed16Number.
fn s15(x: f64) -> [u8; 4] {
    ((x * 65536.0).round() as i32).to_be_bytes()
}

fn xyz(x: f64, y: f64, z: f64) -> Vec<u8> {
    let mut t = b"XYZ \0\0\0\0".to_vec();
    for v in [x, y, z] {
        t.extend_from_slice(&s15(v));
    }
    t
}

/// The sRGB electro-optical transfer function.
fn srgb_to_linear(v: f64) -> f64 {
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// The profile's bytes.
pub fn srgb_profile() -> Vec<u8> {
    let desc = {
        let name = b"sRGB IEC61966-2.1 (galley)";
        let mut t = b"desc\0\0\0\0".to_vec();
        t.extend_from_slice(&((name.len() + 1) as u32).to_be_bytes());
        t.extend_from_slice(name);
        t.push(0);
        t.extend_from_slice(&[0; 4]); // Unicode language code
        t.extend_from_slice(&[0; 4]); // Unicode count
        t.extend_from_slice(&[0; 2]); // ScriptCode code
        t.push(0); // ScriptCode count
        t.extend_from_slice(&[0; 67]);
        t
    };
    let cprt = {
        let mut t = b"text\0\0\0\0".to_vec();
        t.extend_from_slice(b"No copyright, use freely");
        t.push(0);
        t
    };
    let curve = {
        let n = 1024u32;
        let mut t = b"curv\0\0\0\0".to_vec();
        t.extend_from_slice(&n.to_be_bytes());
        for i in 0..n {
            let v = srgb_to_linear(i as f64 / (n - 1) as f64);
            t.extend_from_slice(&((v * 65535.0).round() as u16).to_be_bytes());
        }
        t
    };
    // (signature, data index)
    let data: Vec<Vec<u8>> = vec![
        desc,
        cprt,
        xyz(0.950_455, 1.0, 1.089_050), // media white point (D65)
        xyz(0.436_066, 0.222_488, 0.013_916),
        xyz(0.385_147, 0.716_873, 0.097_076),
        xyz(0.143_066, 0.060_608, 0.714_096),
        curve,
    ];
    let tags: [(&[u8; 4], usize); 9] = [
        (b"desc", 0),
        (b"cprt", 1),
        (b"wtpt", 2),
        (b"rXYZ", 3),
        (b"gXYZ", 4),
        (b"bXYZ", 5),
        (b"rTRC", 6),
        (b"gTRC", 6),
        (b"bTRC", 6),
    ];
    let table_end = 128 + 4 + 12 * tags.len();
    let mut offsets = Vec::with_capacity(data.len());
    let mut body = Vec::new();
    for d in &data {
        while !(table_end + body.len()).is_multiple_of(4) {
            body.push(0);
        }
        offsets.push(table_end + body.len());
        body.extend_from_slice(d);
    }
    while !body.len().is_multiple_of(4) {
        body.push(0);
    }
    let size = (table_end + body.len()) as u32;
    let mut p = Vec::with_capacity(size as usize);
    p.extend_from_slice(&size.to_be_bytes());
    p.extend_from_slice(&[0; 4]); // preferred CMM
    p.extend_from_slice(&[0x02, 0x10, 0, 0]); // version 2.1
    p.extend_from_slice(b"mntrRGB XYZ ");
    // Date and time: 2026-01-01 00:00:00 (fixed: the profile never changes).
    for v in [2026u16, 1, 1, 0, 0, 0] {
        p.extend_from_slice(&v.to_be_bytes());
    }
    p.extend_from_slice(b"acsp");
    p.extend_from_slice(&[0; 4]); // platform
    p.extend_from_slice(&[0; 4]); // flags
    p.extend_from_slice(&[0; 4]); // manufacturer
    p.extend_from_slice(&[0; 4]); // model
    p.extend_from_slice(&[0; 8]); // attributes
    p.extend_from_slice(&[0; 4]); // rendering intent: perceptual
    for v in [0.9642, 1.0, 0.8249] {
        p.extend_from_slice(&s15(v)); // PCS illuminant (D50)
    }
    p.extend_from_slice(&[0; 4]); // creator
    p.extend_from_slice(&[0; 44]); // profile id (v4) + reserved
    debug_assert_eq!(p.len(), 128);
    p.extend_from_slice(&(tags.len() as u32).to_be_bytes());
    for (sig, i) in tags {
        p.extend_from_slice(sig);
        p.extend_from_slice(&(offsets[i] as u32).to_be_bytes());
        p.extend_from_slice(&(data[i].len() as u32).to_be_bytes());
    }
    p.extend_from_slice(&body);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_is_well_formed() {
        let p = srgb_profile();
        let be = |o: usize| u32::from_be_bytes([p[o], p[o + 1], p[o + 2], p[o + 3]]);
        assert_eq!(be(0) as usize, p.len(), "size in the header");
        assert_eq!(&p[36..40], b"acsp");
        assert_eq!(&p[12..24], b"mntrRGB XYZ ");
        let n = be(128) as usize;
        assert_eq!(n, 9);
        let mut sigs = Vec::new();
        for k in 0..n {
            let e = 132 + 12 * k;
            let (off, len) = (be(e + 4) as usize, be(e + 8) as usize);
            assert_eq!(off % 4, 0, "tag data aligned");
            assert!(off + len <= p.len());
            sigs.push(String::from_utf8_lossy(&p[e..e + 4]).into_owned());
            // Every tag's data starts with its type signature.
            let ty = &p[off..off + 4];
            assert!(
                [b"desc", b"text", b"XYZ ", b"curv"]
                    .iter()
                    .any(|t| &t[..] == ty),
                "{ty:?}"
            );
        }
        for s in [
            "desc", "cprt", "wtpt", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC",
        ] {
            assert!(sigs.iter().any(|x| x == s), "{s}");
        }
        // The colorants add up to the D50 white.
        let col = |o: usize| be(o) as i32 as f64 / 65536.0;
        let off = |sig: &str| {
            let k = sigs.iter().position(|x| x == sig).unwrap();
            be(132 + 12 * k + 4) as usize
        };
        let sum: f64 = ["rXYZ", "gXYZ", "bXYZ"]
            .iter()
            .map(|s| col(off(s) + 12))
            .sum();
        assert!((sum - 1.0).abs() < 0.001, "Y sums to 1: {sum}");
        assert_eq!(srgb_profile(), p, "deterministic");
    }
}
