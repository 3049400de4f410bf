//! The only clock read in galley: `SOURCE_DATE_EPOCH`, a book date, or now.

use std::time::{SystemTime, UNIX_EPOCH};

/// The build's timestamp, in seconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct BuildTime {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub epoch: i64,
}

impl BuildTime {
    /// `SOURCE_DATE_EPOCH` when set and valid, else the given ISO date
    /// (`YYYY-MM-DD`, midnight UTC), else the current time.
    pub fn resolve(date: Option<&str>) -> Self {
        if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
        {
            return BuildTime { epoch };
        }
        if let Some(t) = date.and_then(parse_iso_date) {
            return t;
        }
        let epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        BuildTime { epoch }
    }

    /// A fixed time (for tests).
    pub fn fixed(epoch: i64) -> Self {
        BuildTime { epoch }
    }

    /// (year, month, day, hour, minute, second) in UTC.
    pub fn civil(&self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.epoch.div_euclid(86_400);
        let secs = self.epoch.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (
            y,
            m,
            d,
            (secs / 3600) as u32,
            ((secs % 3600) / 60) as u32,
            (secs % 60) as u32,
        )
    }

    /// `2024-04-02T00:00:00Z`.
    pub fn rfc3339(&self) -> String {
        let (y, mo, d, h, mi, s) = self.civil();
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }

    /// `2024-04-02`.
    pub fn date(&self) -> String {
        let (y, mo, d, ..) = self.civil();
        format!("{y:04}-{mo:02}-{d:02}")
    }
}

/// Parses `YYYY-MM-DD` (optionally followed by anything) to midnight UTC.
pub fn parse_iso_date(s: &str) -> Option<BuildTime> {
    let s = s.trim();
    let y: i64 = s.get(0..4)?.parse().ok()?;
    if s.get(4..5)? != "-" || s.get(7..8)? != "-" {
        return None;
    }
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(BuildTime {
        epoch: days_from_civil(y, m, d) * 86_400,
    })
}

// Howard Hinnant's algorithms.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn dates_round_trip() {
        let t = parse_iso_date("2024-04-02").unwrap();
        assert_eq!(t.rfc3339(), "2024-04-02T00:00:00Z");
        assert_eq!(BuildTime::fixed(0).date(), "1970-01-01");
        assert!(parse_iso_date("2024-13-01").is_none());
        assert!(parse_iso_date("yesterday").is_none());
    }
}
