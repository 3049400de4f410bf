//! Text from pages and file names made safe to print: control characters
//! (C0, DEL, C1) and bidirectional overrides are shown as escapes
//! (`\x1b`, `\u{202e}`), so a page cannot retitle the terminal, move the
//! cursor or reorder what galley prints. Used by every message and report
//! galley prints; never for converted documents (`-o`, or Markdown/HTML on
//! stdout), which are written byte for byte.

use std::borrow::Cow;

/// Escapes `s` for a one-line message: every control character, newlines too.
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_with(s, false)
}

/// Escapes `s` for multi-line text: like [`escape`], but `\n` stays.
pub fn escape_text(s: &str) -> Cow<'_, str> {
    escape_with(s, true)
}

fn needs_escape(c: char, keep_newline: bool) -> bool {
    match c {
        '\n' => !keep_newline,
        '\t' => false,
        '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

fn escape_with(s: &str, keep_newline: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| needs_escape(c, keep_newline)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !needs_escape(c, keep_newline) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    Cow::Owned(out)
}

/// JSON text made safe for a terminal without changing its meaning: DEL, C1
/// controls and bidi overrides (which `serde_json` leaves raw; it already
/// escapes C0) become `\uXXXX` escapes. They can only occur inside strings,
/// where such an escape reads back as the same character.
pub fn escape_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(|c| needs_escape(c, true)) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if c != '\n' && needs_escape(c, true) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_escaped() {
        assert_eq!(escape("plain café"), "plain café");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(escape("a\u{1b}]0;PWNED\u{7}b"), "a\\x1b]0;PWNED\\x07b");
        assert_eq!(escape("x\ny\rz\u{7f}"), "x\\x0ay\\x0dz\\x7f");
        assert_eq!(escape("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(escape("abc\u{202e}txt.exe"), "abc\\u{202e}txt.exe");
        assert_eq!(escape("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        assert_eq!(escape("tab\there"), "tab\there");
        assert_eq!(escape_text("one\ntwo\u{1b}[2J"), "one\ntwo\\x1b[2J");
    }

    #[test]
    fn json_stays_json() {
        let v = serde_json::json!({"t": "a\u{1b}\u{9b}\u{202e}\u{7f}b"});
        let s = serde_json::to_string_pretty(&v).unwrap();
        let safe = escape_json(&s);
        assert!(!safe.chars().any(|c| needs_escape(c, true)), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, v);
    }
}
