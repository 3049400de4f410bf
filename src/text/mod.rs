//! The bottom layer: text utilities that the readers, the normalizer and the
//! backends share (word counts, prose tests, comparison keys, photo-credit
//! rules, sizes) and the [`Report`] of findings that readers and passes
//! both produce. Depends on nothing else in galley.

pub mod credit;
pub mod literals;
mod prose;
pub mod punct;
pub mod report;
pub mod rules;
pub mod size;

pub use credit::is_photo_credit;
pub(crate) use prose::words_up_to;
pub use prose::{is_prose, is_sentence, words};
pub use report::{Action, Finding, Report};

/// A comparison key: the alphanumeric characters of `s`, lower-cased
/// (`"Storm, Closes!"` and `"storm closes"` compare equal).
pub fn key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
