//! Helpers shared by backends.

/// Escapes text for HTML/XHTML element content and attribute values.
pub fn escape_html(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// `escape_html` into a new string.
pub fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_html(s, &mut out);
    out
}

/// A file-name and anchor-safe slug: lowercase ASCII letters, digits and
/// dashes, at most 60 characters; `article` when nothing is left.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars().flat_map(|c| c.to_lowercase()) {
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
        if out.len() >= 60 {
            break;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "article".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn slugs() {
        assert_eq!(
            slugify("US and Israeli officials: Rafah!"),
            "us-and-israeli-officials-rafah"
        );
        assert_eq!(slugify("***"), "article");
        assert_eq!(slugify("Café élan"), "cafe-elan");
    }
    #[test]
    fn escapes() {
        assert_eq!(
            escaped("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}

/// The ISO date (`2025-03-12`) of a date as articles write it: `2025-03-12`,
/// `2025-03-12T10:00Z`, `12 March 2025`, `March 12, 2025`, `Updated Wed 12
/// Mar. 2025 10:15`. `None` when no unambiguous day, month and year are found.
pub fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(t) = crate::time::parse_iso_date(s) {
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
    let iso = format!("{:04}-{:02}-{:02}", year?, month?, day?);
    crate::time::parse_iso_date(&iso).map(|t| t.date())
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

/// How a date is shown to readers, the same in every format: `2 April 2024`
/// for any date [`iso_date`] understands; other text as written.
pub fn human_date(d: &str) -> String {
    match iso_date(d).as_deref().and_then(crate::time::parse_iso_date) {
        Some(t) => {
            let (y, m, day, ..) = t.civil();
            format!(
                "{day} {} {y}",
                MONTHS[(m as usize).saturating_sub(1).min(11)]
            )
        }
        None => d.trim().to_string(),
    }
}

#[cfg(test)]
mod date_tests {
    use super::iso_date;
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
}
