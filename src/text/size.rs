//! Sizes as users write them (`64M`) and as messages show them (`64 MB`).

/// Parses a size: plain bytes (`1000000`), or a number with a unit `K`, `M`,
/// `G`, `T` (optionally followed by `B` or `iB`, any case). Units are binary:
/// `64M` = `64MB` = `64MiB` = 64 × 1024 × 1024 bytes. Zero is refused.
pub fn parse_size(s: &str) -> std::result::Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let bad = || format!("{s:?}: expected a size like 64M, 64MB, 1G or a number of bytes");
    if digits == 0 {
        return Err(bad());
    }
    let n: u64 = t[..digits].parse().map_err(|_| bad())?;
    let unit = t[digits..].trim().to_ascii_lowercase();
    let shift = match unit.as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(bad()),
    };
    let v = n
        .checked_mul(1u64 << shift)
        .ok_or_else(|| format!("{s:?}: too large a size"))?;
    if v == 0 {
        return Err(format!("{s:?}: the size must be more than 0"));
    }
    Ok(v)
}

/// A size for messages: `64 MB`, `1 GB`, `512 KB`, or `1000 bytes` (binary
/// units, as [`parse_size`] reads them).
pub fn format_size(n: u64) -> String {
    for (shift, unit) in [(40, "TB"), (30, "GB"), (20, "MB"), (10, "KB")] {
        if n >= 1 << shift && n.is_multiple_of(1 << shift) {
            return format!("{} {unit}", n >> shift);
        }
    }
    format!("{n} byte{}", if n == 1 { "" } else { "s" })
}
