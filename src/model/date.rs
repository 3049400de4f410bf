//! A publication date: the text the source wrote plus the day it names,
//! parsed once, where the date is found (a reader, or the normalizer lifting
//! a date line). Backends read [`Date::day`], [`Date::iso`] and
//! [`Date::human`] and never parse date strings themselves.
//!
//! Serialized (front matter, JSON reports) as the source's text, exactly as
//! written; deserializing parses it again.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod names;
mod scan;

pub use scan::Scan;

/// Scans `text` as a date written in `language` (a BCP 47 tag; `None`: any
/// of the languages galley knows): the day it names, and whether the whole
/// text is a date (and time) rather than a sentence holding one.
pub fn scan(text: &str, language: Option<&str>) -> Scan {
    scan::scan(text, language)
}

/// `YYYY-MM-DD` (as [`crate::time::iso_date`] writes it) as a day, `None`
/// for an impossible one (`2025-02-31`).
fn ymd(iso: &str) -> Option<NaiveDate> {
    let y = iso.get(0..4)?.parse().ok()?;
    let m = iso.get(5..7)?.parse().ok()?;
    let d = iso.get(8..10)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A date as the source wrote it (`12 March 2025`, `2025-03-12T10:00Z`) and
/// the day it names when one can be read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Date {
    text: String,
    day: Option<NaiveDate>,
    /// The text starts with `YYYY-MM-DD` (the strict form a build time may
    /// be taken from).
    iso_written: bool,
}

impl Date {
    /// Parses `text`: `2025-03-12`, `2025-03-12T10:00Z`, `12 March 2025`,
    /// `March 12, 2025`, `Updated Wed 12 Mar. 2025 10:15`. Text naming no
    /// unambiguous day, month and year is kept with no day.
    pub fn parse(text: impl Into<String>) -> Self {
        Date::parse_in(text, None)
    }

    /// Parses `text` written in `language` (BCP 47; `None` when unknown):
    /// month names of every language galley reads (`14. März 2025`, `14
    /// марта 2025`, `2025年3月14日`), numeric dates day first where the
    /// language writes them so (`12.03.2025` is 12 March; `03/12/2025` is
    /// read only where the order is known or the numbers decide it).
    /// Impossible dates (31 February) name no day.
    pub fn parse_in(text: impl Into<String>, language: Option<&str>) -> Self {
        let text = text.into();
        let strict = crate::time::parse_iso_date(&text).is_some();
        let english = || crate::time::iso_date(&text).as_deref().and_then(ymd);
        let other = || scan::scan(text.trim(), language).day;
        let native =
            language.is_some_and(|l| !l.eq_ignore_ascii_case("en") && !l.starts_with("en-"));
        let day = if strict {
            text.trim().get(..10).and_then(ymd)
        } else if native {
            other().or_else(english)
        } else {
            english().or_else(other)
        };
        Date {
            day,
            iso_written: strict,
            text,
        }
    }

    /// A date from a day (written `YYYY-MM-DD`).
    pub fn from_day(day: NaiveDate) -> Self {
        Date {
            text: day.format("%Y-%m-%d").to_string(),
            day: Some(day),
            iso_written: true,
        }
    }

    /// Calls `f` on the text (a normalizer repair); the day is parsed again
    /// when the text changed.
    pub fn edit_text(&mut self, f: &mut dyn FnMut(&mut String)) {
        let mut text = self.text.clone();
        f(&mut text);
        if text != self.text {
            *self = Date::parse(text);
        }
    }

    /// The text as the source wrote it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when the text is empty or only white space.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The day the text names, when it names one.
    pub fn day(&self) -> Option<NaiveDate> {
        self.day
    }

    /// The day, only when the text is written `YYYY-MM-DD…` (the form
    /// [`crate::time::BuildTime`] takes a stated time from).
    pub fn iso_day(&self) -> Option<NaiveDate> {
        self.day.filter(|_| self.iso_written)
    }

    /// `2025-03-12`, for `datetime` attributes and metadata.
    pub fn iso(&self) -> Option<String> {
        self.day.map(|d| d.format("%Y-%m-%d").to_string())
    }

    /// How the date is shown to readers, the same in every format:
    /// `2 April 2024` when a day is known, else the text as written
    /// (trimmed).
    pub fn human(&self) -> String {
        match self.day {
            Some(d) => format!(
                "{} {} {}",
                d.day(),
                MONTHS[d.month0().min(11) as usize],
                d.year()
            ),
            None => self.text.trim().to_string(),
        }
    }
}

impl From<&str> for Date {
    fn from(s: &str) -> Self {
        Date::parse(s)
    }
}

impl From<String> for Date {
    fn from(s: String) -> Self {
        Date::parse(s)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Date::parse)
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::iso_date;
    #[test]
    fn loose_dates() {
        assert_eq!(iso_date("2025-03-12").as_deref(), Some("2025-03-12"));
        assert_eq!(iso_date("12 March 2025").as_deref(), Some("2025-03-12"));
        assert_eq!(iso_date("March 9, 2025").as_deref(), Some("2025-03-09"));
        assert_eq!(
            iso_date("Updated Wed 12 Mar. 2025 10:15").as_deref(),
            Some("2025-03-12")
        );
        assert_eq!(iso_date("Tuesday"), None);
        assert_eq!(iso_date("2025"), None);
    }
    #[test]
    fn other_languages_and_impossible_days() {
        let iso = |t: &str, l: Option<&str>| Date::parse_in(t, l).iso();
        assert_eq!(
            iso("14. März 2025", Some("de")).as_deref(),
            Some("2025-03-14")
        );
        assert_eq!(iso("14 марта 2025", None).as_deref(), Some("2025-03-14"));
        assert_eq!(iso("12.03.2025", None).as_deref(), Some("2025-03-12"));
        assert_eq!(
            iso("mar. 14 janv. 2025", Some("fr")).as_deref(),
            Some("2025-01-14")
        );
        assert_eq!(
            iso("2025年3月14日", Some("ja")).as_deref(),
            Some("2025-03-14")
        );
        assert_eq!(iso("2025-02-31", None), None);
        assert_eq!(iso("31 February 2025", None), None);
        assert_eq!(iso("31. Februar 2025", Some("de")), None);
        assert_eq!(
            Date::parse_in("14 Mart 2025", Some("tr")).human(),
            "14 March 2025"
        );
    }

    #[test]
    fn text_kept_day_parsed_once() {
        let d = Date::parse("12 March 2025");
        assert_eq!(d.text(), "12 March 2025");
        assert_eq!(d.iso().as_deref(), Some("2025-03-12"));
        assert_eq!(d.iso_day(), None);
        assert_eq!(d.human(), "12 March 2025");
        assert_eq!(Date::parse("2024-04-02").human(), "2 April 2024");
        assert!(Date::parse("2024-04-02T09:30:00Z").iso_day().is_some());
        assert_eq!(Date::parse(" Tuesday ").human(), "Tuesday");
        assert_eq!(
            serde_json::to_string(&Date::parse("March 9, 2025")).unwrap(),
            "\"March 9, 2025\""
        );
    }
}
