//! Shared by the snapshot tests (`normalize`, `html_reader`): a Report as
//! reviewable text, and insta settings that keep a fixture's snapshots
//! beside it.
//!
//! insta fails an assertion whose snapshot is missing or differs (unless
//! `INSTA_UPDATE=always`/`force` or `INSTA_FORCE_PASS` is set); with `CI`
//! set it writes nothing, elsewhere it leaves a `.snap.new` beside the
//! snapshot for `cargo insta review` (or review by eye and rename).

#![allow(dead_code)]

use galley::normalize::{Action, Report};
use std::path::Path;

/// One line per finding, in report order:
/// `line action pass/rule: "text"`, then `  reason: ...` when there is one.
/// Texts are `Debug`-quoted so NBSP and control characters show.
pub fn report_text(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let action = match f.action {
            Action::Removed => "removed",
            Action::Lifted => "lifted",
            Action::Rewritten => "rewritten",
            Action::Flagged => "flagged",
            Action::Noted => "noted",
        };
        out.push_str(&format!(
            "{} {action} {}/{}: {:?}\n",
            f.line, f.pass, f.rule, f.text
        ));
        if !f.reason.is_empty() {
            out.push_str(&format!("  reason: {}\n", f.reason));
        }
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    out
}

/// insta settings for snapshots kept in `dir` (named by the snapshot name
/// alone), pointing back at `input`.
pub fn settings(dir: &Path, input: &Path) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(dir);
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s.set_input_file(input);
    s
}

/// Runs every check, then fails with the names of those that failed (insta
/// stops at the first failing assertion; this shows them all, and leaves a
/// `.snap.new` for each outside CI).
pub fn run_all(checks: Vec<(String, Box<dyn FnOnce()>)>) {
    let total = checks.len();
    let mut failed = Vec::new();
    for (name, check) in checks {
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(check)).is_err() {
            failed.push(name);
        }
    }
    println!("snapshots: {}/{total} match", total - failed.len());
    assert!(
        failed.is_empty(),
        "{} of {total} snapshot(s) missing or changed: {}\n\
         review the .snap.new files (cargo insta review, or by eye and rename)",
        failed.len(),
        failed.join(", ")
    );
}
