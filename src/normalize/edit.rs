//! Passes propose, one applier decides.
//!
//! A pass reads the draft (it only ever gets `&Draft`) and proposes [`Edit`]s
//! into an [`Edits`] list: remove a block or one list item, replace a block,
//! lift a block into metadata, note a metadata value, or flag a block for a
//! human. [`apply`] is the only code in the normalizer that changes a draft.
//! It enforces the user's `keep` patterns (a protected block is flagged, not
//! removed), records one [`Finding`](super::Finding) for every edit it
//! carries out, and drops the edits that would touch a block already gone.
//! So nothing changes without a finding, by construction.

use super::{Action, Context, Report};
use crate::model::{Block, Meta, block_text};
use crate::model::{Draft, Item};
use std::borrow::Cow;

/// A metadata value an edit sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaSet {
    /// `title`.
    Title(String),
    /// `subtitle` (standfirst).
    Subtitle(String),
    /// `authors`.
    Authors(Vec<String>),
    /// `source` (publication).
    Source(String),
    /// `date`.
    Date(String),
    /// `dateline` place.
    Dateline(String),
    /// One more production credit, appended to `credits` with `; `.
    Credit(String),
    /// The whole metadata, rewritten (text repair).
    All(Box<Meta>),
}

impl MetaSet {
    fn apply(self, meta: &mut Meta) {
        match self {
            MetaSet::Title(t) => meta.title = Some(t),
            MetaSet::Subtitle(t) => meta.subtitle = Some(t),
            MetaSet::Authors(a) => meta.authors = a,
            MetaSet::Source(s) => meta.source = Some(s),
            MetaSet::Date(d) => {
                meta.date = Some(crate::model::Date::parse_in(d, meta.language.as_deref()))
            }
            MetaSet::Dateline(d) => meta.dateline = Some(d),
            MetaSet::Credit(c) => {
                meta.credits = Some(match meta.credits.take() {
                    Some(prev) => format!("{prev}; {c}"),
                    None => c,
                });
            }
            MetaSet::All(m) => *meta = *m,
        }
    }
}

/// What an edit does to its block.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Remove the block.
    Remove,
    /// Remove the block, the first of the page's tail below the article
    /// (a comment section's heading): also sets `Draft::tail_cut`.
    RemoveTail,
    /// Remove item `n` of a list block (the list goes when it is left empty).
    RemoveItem(usize),
    /// Remove the block and set metadata from it (`Action::Lifted`).
    Lift,
    /// Replace the block (`Action::Rewritten`).
    Replace(Block),
    /// Keep the block; a human should look (`Action::Flagged`).
    Flag,
    /// Set metadata only; the block (if any) stays (`Action::Noted`).
    Note,
}

/// One proposed change.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// Index of the block in the draft the pass read; `None` for metadata.
    pub index: Option<usize>,
    /// What to do.
    pub op: Op,
    /// Metadata to set when the edit is carried out.
    pub meta: Vec<MetaSet>,
    /// Pass name recorded in the finding (the proposing pass's own name
    /// unless it decides for a sub-pass, such as `tail-blurbs`).
    pub pass: &'static str,
    /// Rule name within the pass.
    pub rule: Cow<'static, str>,
    /// Why, in a sentence, with the evidence the pass used.
    pub reason: String,
    /// Text to record instead of the block's own (a lifted value).
    pub text: Option<String>,
}

/// The edits one pass proposes.
#[derive(Debug)]
pub struct Edits {
    pass: &'static str,
    list: Vec<Edit>,
}

impl Edits {
    /// An empty list for pass `pass`.
    pub fn new(pass: &'static str) -> Self {
        Edits {
            pass,
            list: Vec::new(),
        }
    }

    /// The proposed edits.
    pub fn as_slice(&self) -> &[Edit] {
        &self.list
    }

    /// True when nothing was proposed.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Proposes `op` on block `index`; returns the edit for more detail.
    pub fn push(
        &mut self,
        index: Option<usize>,
        op: Op,
        rule: impl Into<Cow<'static, str>>,
        reason: impl Into<String>,
    ) -> &mut Edit {
        self.list.push(Edit {
            index,
            op,
            meta: Vec::new(),
            pass: self.pass,
            rule: rule.into(),
            reason: reason.into(),
            text: None,
        });
        let n = self.list.len() - 1;
        &mut self.list[n]
    }

    /// Proposes removing block `index`.
    pub fn remove(
        &mut self,
        index: usize,
        rule: impl Into<Cow<'static, str>>,
        reason: impl Into<String>,
    ) -> &mut Edit {
        self.push(Some(index), Op::Remove, rule, reason)
    }

    /// Proposes removing block `index` as the first of the page's tail.
    pub fn remove_tail(
        &mut self,
        index: usize,
        rule: impl Into<Cow<'static, str>>,
        reason: impl Into<String>,
    ) -> &mut Edit {
        self.push(Some(index), Op::RemoveTail, rule, reason)
    }

    /// Proposes flagging block `index`.
    pub fn flag(
        &mut self,
        index: usize,
        rule: impl Into<Cow<'static, str>>,
        reason: impl Into<String>,
    ) -> &mut Edit {
        self.push(Some(index), Op::Flag, rule, reason)
    }

    /// Proposes lifting block `index` into metadata.
    pub fn lift(
        &mut self,
        index: usize,
        set: MetaSet,
        rule: impl Into<Cow<'static, str>>,
        reason: impl Into<String>,
    ) -> &mut Edit {
        self.push(Some(index), Op::Lift, rule, reason).set(set)
    }
}

impl Edit {
    /// Also sets `m` when carried out.
    pub fn set(&mut self, m: MetaSet) -> &mut Edit {
        self.meta.push(m);
        self
    }

    /// Records `text` instead of the block's text.
    pub fn text(&mut self, text: impl Into<String>) -> &mut Edit {
        self.text = Some(text.into());
        self
    }

    /// Records the finding under `pass` (a sub-pass the proposer decides for).
    pub fn pass(&mut self, pass: &'static str) -> &mut Edit {
        self.pass = pass;
        self
    }
}

/// The text a finding records for a block, and the user's keep patterns see.
fn item_text(item: &Item) -> String {
    super::para_text(&item.block)
        .map(Cow::into_owned)
        .unwrap_or_else(|| block_text(&item.block).trim().to_string())
}

/// Text of list item `n` of `block`, if the block is a list with that item.
fn list_item_text(block: &Block, n: usize) -> Option<String> {
    let Block::List { items, .. } = block else {
        return None;
    };
    let it = items.get(n)?;
    Some(
        it.iter()
            .map(block_text)
            .collect::<Vec<_>>()
            .join(" ")
            .trim()
            .to_string(),
    )
}

/// Carries out `edits` on `draft`, recording a finding for each one done.
///
/// * A removal (block or list item) of text a `keep` pattern protects
///   becomes a flag (`RULE (kept by pattern)`); lifts and metadata notes move
///   text rather than lose it and are not subject to `keep`.
/// * An edit of a block that an earlier edit of the list removed, or of an
///   index the draft does not have, is dropped without a finding.
/// * A replacement that leaves a block empty removes it. A block is either
///   replaced or loses list items, never both (the first edit wins).
pub fn apply(draft: &mut Draft, edits: Edits, cx: &Context, report: &mut Report) {
    if edits.list.is_empty() {
        return;
    }
    let n = draft.items.len();
    let mut gone = vec![false; n];
    let mut replaced = vec![false; n];
    let mut items_gone: Vec<(usize, usize)> = Vec::new();
    for e in edits.list {
        let Edit {
            index,
            op,
            meta,
            pass,
            rule,
            reason,
            text,
        } = e;
        let Some(k) = index else {
            // Metadata only.
            let action = match op {
                Op::Replace(_) => Action::Rewritten,
                _ => Action::Noted,
            };
            report.push(pass, rule, action, 0, text.unwrap_or_default(), reason);
            for m in meta {
                m.apply(&mut draft.meta);
            }
            continue;
        };
        if k >= n || gone[k] {
            continue;
        }
        let line = draft.items[k].line;
        match op {
            Op::Remove | Op::RemoveTail => {
                let t = item_text(&draft.items[k]);
                if meta.is_empty() && cx.protected(&t) {
                    let rule = format!("{rule} (kept by pattern)");
                    report.push(pass, rule, Action::Flagged, line, t, reason);
                    continue;
                }
                report.push(pass, rule, Action::Removed, line, text.unwrap_or(t), reason);
                gone[k] = true;
                if op == Op::RemoveTail {
                    draft.tail_cut = true;
                }
            }
            Op::RemoveItem(j) => {
                // Item numbers refer to the list the pass read.
                if replaced[k] {
                    continue;
                }
                let Some(t) = list_item_text(&draft.items[k].block, j) else {
                    continue;
                };
                if items_gone.contains(&(k, j)) {
                    continue;
                }
                if cx.protected(&t) {
                    let rule = format!("{rule} (kept by pattern)");
                    report.push(pass, rule, Action::Flagged, line, t, reason);
                    continue;
                }
                report.push(pass, rule, Action::Removed, line, text.unwrap_or(t), reason);
                items_gone.push((k, j));
            }
            Op::Lift => {
                let t = text.unwrap_or_else(|| item_text(&draft.items[k]));
                report.push(pass, rule, Action::Lifted, line, t, reason);
                gone[k] = true;
            }
            Op::Replace(block) => {
                if items_gone.iter().any(|(i, _)| *i == k) {
                    continue;
                }
                replaced[k] = true;
                let t = text.unwrap_or_else(|| block_text(&block));
                report.push(pass, rule, Action::Rewritten, line, t, reason);
                draft.items[k].block = block;
                if super::is_empty_block(&draft.items[k].block) {
                    gone[k] = true;
                }
            }
            Op::Flag => {
                let t = text.unwrap_or_else(|| item_text(&draft.items[k]));
                report.push(pass, rule, Action::Flagged, line, t, reason);
            }
            Op::Note => {
                let t = text.unwrap_or_else(|| item_text(&draft.items[k]));
                report.push(pass, rule, Action::Noted, line, t, reason);
            }
        }
        for m in meta {
            m.apply(&mut draft.meta);
        }
    }
    if !items_gone.is_empty() {
        items_gone.sort_unstable();
        for group in items_gone.chunk_by(|a, b| a.0 == b.0) {
            let k = group[0].0;
            if let Block::List { items, .. } = &mut draft.items[k].block {
                let mut j = 0;
                items.retain(|_| {
                    j += 1;
                    group.binary_search(&(k, j - 1)).is_err()
                });
                if items.is_empty() {
                    gone[k] = true;
                }
            }
        }
    }
    if gone.iter().any(|g| *g) {
        let mut k = 0;
        draft.items.retain(|_| {
            k += 1;
            !gone[k - 1]
        });
    }
}
