//! What the normalizer did: every removal, rewrite, lift and flag, with the
//! pass, the rule, the input line and the text.

use serde::Serialize;

/// What happened to a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Removed from the body.
    Removed,
    /// Moved from the body into metadata (`field`).
    Lifted,
    /// Text changed in place (repair) or turned into another block.
    Rewritten,
    /// Kept, but it looks like an artifact: a human should look.
    Flagged,
    /// Recorded in metadata while the text stays (a dateline), or metadata
    /// repaired in place (line 0).
    Noted,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// Pass name (`promos`, `boilerplate`, ...).
    pub pass: &'static str,
    /// Rule within the pass (`read-nbsp`, `newsletter`, ...).
    pub rule: String,
    /// What was done.
    pub action: Action,
    /// 1-based input line.
    pub line: usize,
    /// The text concerned (for lifts: the value now in metadata).
    pub text: String,
    /// Why, with the evidence the pass used (empty for line rules, whose
    /// rule name says it).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// All findings of one normalization, in input order per pass.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// Findings.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Records a finding (only the applier does, see `normalize::edit`).
    pub(crate) fn push(
        &mut self,
        pass: &'static str,
        rule: impl Into<String>,
        action: Action,
        line: usize,
        text: impl Into<String>,
        reason: String,
    ) {
        self.findings.push(Finding {
            pass,
            rule: rule.into(),
            action,
            line,
            text: text.into(),
            reason,
        });
    }

    /// Number of findings with `action`.
    pub fn count(&self, action: Action) -> usize {
        self.findings.iter().filter(|f| f.action == action).count()
    }

    /// Findings sorted by line (stable across passes).
    pub fn sorted(&self) -> Vec<&Finding> {
        let mut v: Vec<&Finding> = self.findings.iter().collect();
        v.sort_by_key(|f| f.line);
        v
    }
}
