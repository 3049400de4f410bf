//! The build's timestamp: `SOURCE_DATE_EPOCH`, a book or article date, or a
//! fixed "undated" epoch. galley never reads the clock, so the same input
//! always gives the same bytes.
//!
//! Rules (see the README's "Safety" section):
//! - `SOURCE_DATE_EPOCH` set: it must be an integer number of seconds since
//!   1970-01-01T00:00:00Z (as `date +%s` prints it), between year 1 and
//!   9999; anything else (empty, `garbage`, `1.5`) is an error naming the
//!   variable, as the reproducible-builds specification asks.
//! - else a date the input states (`YYYY-MM-DD`, midnight UTC);
//! - else [`UNDATED_EPOCH`] (1980-01-01T00:00:00Z, the earliest time a ZIP
//!   entry can carry). Such a time is [`TimeSource::Undated`]: backends use
//!   it where a format requires a timestamp (EPUB `dcterms:modified`, ZIP
//!   entries) and never show it to readers as a date.
//!
//! ZIP entries cannot be older than 1980-01-01 00:00: earlier times are
//! clamped to it (see [`BuildTime::zip_civil`]).

use crate::error::{Error, Result};
use std::ffi::OsStr;

/// The timestamp used when neither `SOURCE_DATE_EPOCH` nor any date of the
/// book or its articles is known: 1980-01-01T00:00:00Z.
pub const UNDATED_EPOCH: i64 = 315_532_800;

/// The earliest `SOURCE_DATE_EPOCH` accepted: 0001-01-01T00:00:00Z.
const MIN_EPOCH: i64 = -62_135_596_800;
/// The latest `SOURCE_DATE_EPOCH` accepted: 9999-12-31T23:59:59Z.
const MAX_EPOCH: i64 = 253_402_300_799;

/// Where a [`BuildTime`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeSource {
    /// `SOURCE_DATE_EPOCH`, a date the input states, or a time a caller fixed.
    Stated,
    /// Nothing said when: [`UNDATED_EPOCH`], never shown to readers.
    Undated,
}

/// The build's timestamp, in seconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct BuildTime {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub epoch: i64,
    /// Whether the time was stated or is the undated fallback.
    pub source: TimeSource,
}

impl BuildTime {
    /// The build time from the environment: `SOURCE_DATE_EPOCH` when set,
    /// else `date` (midnight UTC) when one is known, else
    /// [`BuildTime::undated`]. Never reads the clock.
    ///
    /// # Errors
    /// [`Error::SourceDateEpoch`] when `SOURCE_DATE_EPOCH` is set but is not
    /// an integer in range (an empty value included).
    pub fn resolve(date: Option<chrono::NaiveDate>) -> Result<Self> {
        Self::from_parts(std::env::var_os("SOURCE_DATE_EPOCH").as_deref(), date)
    }

    /// [`BuildTime::resolve`] with the value of `SOURCE_DATE_EPOCH` passed in
    /// (`None` = unset), for callers and tests that do not want the process
    /// environment.
    ///
    /// # Errors
    /// As [`BuildTime::resolve`].
    pub fn from_parts(
        source_date_epoch: Option<&OsStr>,
        date: Option<chrono::NaiveDate>,
    ) -> Result<Self> {
        if let Some(v) = source_date_epoch {
            return parse_source_date_epoch(v).map(BuildTime::fixed);
        }
        Ok(date
            .map(BuildTime::from_day)
            .unwrap_or_else(BuildTime::undated))
    }

    /// Midnight UTC of `day`, stated.
    pub fn from_day(day: chrono::NaiveDate) -> Self {
        use chrono::Datelike;
        BuildTime::fixed(days_from_civil(i64::from(day.year()), day.month(), day.day()) * 86_400)
    }

    /// A fixed, stated time (for tests and callers that know the time).
    pub fn fixed(epoch: i64) -> Self {
        BuildTime {
            epoch,
            source: TimeSource::Stated,
        }
    }

    /// The fallback when nothing states a time: [`UNDATED_EPOCH`].
    pub fn undated() -> Self {
        BuildTime {
            epoch: UNDATED_EPOCH,
            source: TimeSource::Undated,
        }
    }

    /// True unless this is the undated fallback: only then may a backend
    /// show [`BuildTime::date`] to readers.
    pub fn is_stated(&self) -> bool {
        self.source == TimeSource::Stated
    }

    /// The time as a ZIP entry can hold it: (year, month, day, hour, minute,
    /// second), clamped to 1980-01-01 00:00:00 ..= 2107-12-31 23:59:58.
    pub fn zip_civil(&self) -> (u16, u8, u8, u8, u8, u8) {
        const ZIP_MAX: i64 = 4_354_819_198; // 2107-12-31T23:59:58Z
        let t = BuildTime::fixed(self.epoch.clamp(UNDATED_EPOCH, ZIP_MAX));
        let (y, mo, d, h, mi, s) = t.civil();
        // Years are within 1980..=2107 after the clamp.
        (y as u16, mo as u8, d as u8, h as u8, mi as u8, s as u8)
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
    Some(BuildTime::fixed(days_from_civil(y, m, d) * 86_400))
}

/// The ISO date (`2025-03-12`) of a date as articles write it: `2025-03-12`,
/// `2025-03-12T10:00Z`, `12 March 2025`, `March 12, 2025`, `Updated Wed 12
/// Mar. 2025 10:15`. `None` when no unambiguous day, month and year are found.
pub fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(t) = parse_iso_date(s) {
        return Some(t.date());
    }
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let tokens: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.len() > 10 {
        return None;
    }
    let (mut day, mut month, mut year) = (None, None, None);
    for t in &tokens {
        let lower = t.to_lowercase();
        if let Some(m) = MONTHS
            .iter()
            .position(|m| lower.len() >= 3 && lower.starts_with(m))
        {
            if month.is_none() {
                month = Some(m as u32 + 1);
            }
        } else if let Ok(n) = t.parse::<u32>() {
            if t.len() == 4 && (1900..=2200).contains(&n) && year.is_none() {
                year = Some(n);
            } else if t.len() <= 2 && (1..=31).contains(&n) && day.is_none() && year.is_none() {
                day = Some(n);
            }
        }
    }
    let (year, month, day) = (year?, month?, day?);
    // No 31 February (which `parse_iso_date` would roll into March).
    chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let iso = format!("{year:04}-{month:02}-{day:02}");
    parse_iso_date(&iso).map(|t| t.date())
}

/// Reads `SOURCE_DATE_EPOCH`: an optional `-` and ASCII digits, nothing else.
fn parse_source_date_epoch(v: &OsStr) -> Result<i64> {
    let bad = |reason: &str| Error::SourceDateEpoch {
        value: v.to_string_lossy().into_owned(),
        reason: reason.to_string(),
    };
    let s = v.to_str().ok_or_else(|| bad("it is not UTF-8"))?;
    if s.is_empty() {
        return Err(bad("it is empty"));
    }
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("it is not a whole number of seconds"));
    }
    let n: i64 = s.parse().map_err(|_| bad("it is out of range"))?;
    if !(MIN_EPOCH..=MAX_EPOCH).contains(&n) {
        return Err(bad("it is outside the years 1 to 9999"));
    }
    Ok(n)
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
    fn day(s: &str) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }
    #[test]
    fn dates_round_trip() {
        let t = parse_iso_date("2024-04-02").unwrap();
        assert_eq!(t.rfc3339(), "2024-04-02T00:00:00Z");
        assert_eq!(BuildTime::fixed(0).date(), "1970-01-01");
        assert!(parse_iso_date("2024-13-01").is_none());
        assert!(parse_iso_date("yesterday").is_none());
    }

    fn sde(v: &str) -> Result<BuildTime> {
        BuildTime::from_parts(Some(OsStr::new(v)), day("2024-04-02"))
    }

    #[test]
    fn malformed_source_date_epoch_is_an_error_naming_the_variable() {
        for v in [
            "",
            "garbage",
            " ",
            "1.5",
            "12abc",
            "+5",
            "-",
            "0x10",
            "99999999999999999999",
        ] {
            let e = sde(v).expect_err(v).to_string();
            assert!(e.contains("SOURCE_DATE_EPOCH"), "{v:?}: {e}");
        }
        // Beyond year 9999: chrono and the formats cannot hold it.
        assert!(sde("253402300800").is_err());
    }

    #[test]
    fn source_date_epoch_wins_over_the_date() {
        assert_eq!(sde("1700000000").unwrap(), BuildTime::fixed(1_700_000_000));
        assert_eq!(sde("-5").unwrap(), BuildTime::fixed(-5));
    }

    #[test]
    fn without_source_date_epoch_or_date_the_time_is_the_fixed_undated_epoch() {
        let t = BuildTime::from_parts(None, None).unwrap();
        assert_eq!(t, BuildTime::undated());
        assert_eq!(t.rfc3339(), "1980-01-01T00:00:00Z");
        assert!(!t.is_stated());
        // An unreadable date is no date.
        assert_eq!(BuildTime::from_parts(None, day("last spring")).unwrap(), t);
        let d = BuildTime::from_parts(None, day("2024-04-02")).unwrap();
        assert!(d.is_stated());
        assert_eq!(d.date(), "2024-04-02");
    }

    #[test]
    fn zip_times_before_1980_clamp_to_1980_01_01() {
        assert_eq!(BuildTime::fixed(-5).zip_civil(), (1980, 1, 1, 0, 0, 0));
        assert_eq!(BuildTime::fixed(0).zip_civil(), (1980, 1, 1, 0, 0, 0));
        assert_eq!(
            BuildTime::fixed(1_712_016_000).zip_civil(),
            (2024, 4, 2, 0, 0, 0)
        );
        assert_eq!(
            BuildTime::fixed(MAX_EPOCH).zip_civil(),
            (2107, 12, 31, 23, 59, 58)
        );
    }
}
