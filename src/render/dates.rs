//! Dates as readers of a language see them: `14 mars 2025`, `14. März
//! 2025`, `14 марта 2025`, `2025年3月14日`, `2025년 3월 14일`, `14 مارس
//! 2025`. The month names and the pattern are theme strings (`date_format`,
//! `month_1`..`month_12`, `digits` in `strings.toml`), so a theme can change
//! them; the day comes from [`Date::day`] (parsed once by the reader or the
//! normalizer). A date without a known day is shown as written.

use crate::model::Date;
use crate::theme::Strings;
use chrono::Datelike;

/// `date` in the language of `strings`.
pub fn display(date: &Date, strings: &Strings) -> String {
    let Some(d) = date.day() else {
        return date.text().trim().to_string();
    };
    let month_key = format!("month_{}", d.month());
    let s = strings.fill(
        "date_format",
        &[
            ("day", &d.day().to_string()),
            ("month_number", &d.month().to_string()),
            ("month", strings.get(&month_key)),
            ("year", &d.year().to_string()),
        ],
    );
    digits(&s, strings.get("digits"))
}

/// ASCII digits of `s` in the numbering system `system` (`latn`, `arab`
/// for Arabic-Indic, `arabext` for Persian); anything else leaves them.
fn digits(s: &str, system: &str) -> String {
    let zero = match system {
        "arab" => '\u{660}',
        "arabext" => '\u{6F0}',
        _ => return s.to_string(),
    };
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(n) if c.is_ascii_digit() => char::from_u32(zero as u32 + n).unwrap_or(c),
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(lang: &str, date: &str) -> String {
        let strings = Strings::load(None, lang).unwrap_or_default();
        display(&Date::parse(date), &strings)
    }

    #[test]
    fn dates_in_each_language() {
        for (lang, want) in [
            ("en", "14 March 2025"),
            ("fr", "14 mars 2025"),
            ("de", "14. März 2025"),
            ("es", "14 de marzo de 2025"),
            ("pt-BR", "14 de março de 2025"),
            ("pl", "14 marca 2025"),
            ("cs", "14. března 2025"),
            ("ru", "14 марта 2025"),
            ("uk", "14 березня 2025"),
            ("tr", "14 Mart 2025"),
            ("ar", "14 مارس 2025"),
            ("he", "14 במרץ 2025"),
            ("fa", "۱۴ مارس ۲۰۲۵"),
            ("zh", "2025年3月14日"),
            ("ja", "2025年3月14日"),
            ("ko", "2025년 3월 14일"),
            ("vi", "ngày 14 tháng 3 năm 2025"),
        ] {
            assert_eq!(shown(lang, "2025-03-14"), want, "{lang}");
        }
        // English as before (`Date::human`).
        assert_eq!(shown("en", "2024-04-02"), Date::parse("2024-04-02").human());
        // No day known: the text as written.
        assert_eq!(shown("de", " Dienstag "), "Dienstag");
    }

    #[test]
    fn a_theme_changes_the_pattern_and_the_digits() {
        let s = Strings::load(
            Some("[ar]\ndigits = \"arab\"\n[de]\ndate_format = \"{day}.{month_number}.{year}\"\n"),
            "ar",
        )
        .unwrap_or_default();
        assert_eq!(display(&Date::parse("2025-03-14"), &s), "١٤ مارس ٢٠٢٥");
        let s = Strings::load(
            Some("[de]\ndate_format = \"{day}.{month_number}.{year}\"\n"),
            "de",
        )
        .unwrap_or_default();
        assert_eq!(display(&Date::parse("2025-03-14"), &s), "14.3.2025");
    }
}
