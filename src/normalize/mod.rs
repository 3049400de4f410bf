//! The normalizer: ordered, named passes over a [`Draft`]. Each pass proposes
//! edits (remove, rewrite, lift, flag); the applier (`edit.rs`) carries them
//! out and records each in a [`Report`]. Every pass can
//! be switched off; extra `remove` and `keep` patterns come from the config.
//!
//! Precision comes first: a line is removed only when a rule is sure; a line
//! that merely looks suspicious is kept and flagged.

use crate::error::{Error, Result};
use crate::model::{Block, Document};
use crate::model::{Draft, Item};
use regex::RegexSet;
use serde::{Deserialize, Serialize};

mod artifacts;
mod blocks;
mod context;
mod dedupe;
pub mod edit;
mod furniture;
pub mod lang;
mod repair;
mod rules;
mod structure;
mod typography;
pub mod vocab;

pub use crate::text::report;
pub use crate::text::report::{Action, Finding, Report};
pub use edit::{Edit, Edits, MetaSet, Op};

/// `[normalize]` in book.toml, and the matching command-line switches.
///
/// Every pass of [`REGISTRY`] has a switch here (kebab-case in TOML:
/// `tail-run = false`); `repair` and `context` switch their whole group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct NormalizeConfig {
    /// Group: text repair (`mojibake`, `whitespace`).
    pub repair: bool,
    /// Mojibake (UTF-8 read as Windows-1252) repaired.
    pub mojibake: bool,
    /// Invisible and control characters, whitespace, blank blocks.
    pub whitespace: bool,
    /// "Read …", "READ MORE:", "Related:" and other promo lines.
    pub promos: bool,
    /// Delimiter lines (`-----`, `* * *`).
    pub delimiters: bool,
    /// Advertisement, share, newsletter, follow, cookie, copyright lines.
    pub boilerplate: bool,
    /// Navigation and share crumbs (`Facebook`, `Menu`, `Comments (12)`).
    pub crumbs: bool,
    /// Stand-alone photo credits (`Credit: STR/AFP`).
    pub credits: bool,
    /// Title, standfirst, byline, date and production credits from the text.
    pub structure: bool,
    /// Group: page chrome found by context (`comment-section`, `head-chrome`, `comment-thread`,
    /// `gallery`, `tail-run`, `tail-blurbs`, `head-run`).
    pub context: bool,
    /// Menus between the page title and the repeated headline.
    pub head_chrome: bool,
    /// Reader-comment threads after the article.
    pub comment_thread: bool,
    /// The comment section under its heading (`12 Comments`), to the end.
    pub comment_section: bool,
    /// Photo galleries pasted into the text (`1/50 Title`, caption, …).
    pub gallery: bool,
    /// Trailing runs of teaser, tag and link lines after the article.
    pub tail_run: bool,
    /// The blurbs of a trailing teaser list (three or more) go with it.
    pub tail_blurbs: bool,
    /// A menu of short lines before the body of scraped text.
    pub head_run: bool,
    /// Page furniture around the article in whole-page scrapes (menus,
    /// sidebars, link lists, footers), by block shape and neighbours
    /// (jusText-style): see `normalize/blocks.rs`.
    pub blocks: bool,
    /// What blog engines print around a post in whole-page scrapes: the
    /// comment form, the archive widget, sidebar widgets under their
    /// standard headings: see `normalize/furniture.rs`.
    pub blog_furniture: bool,
    /// Repeated paragraphs.
    pub dedupe: bool,
    /// Straight quotes and spaced hyphens set as the article's language
    /// prints them (“ ”, « », „ “, 「 」).
    pub smart_punctuation: bool,
    /// Extra regex patterns: a block matching one is removed.
    pub remove: Vec<String>,
    /// Regex patterns: a block matching one is never removed.
    pub keep: Vec<String>,
}

/// One pass (or group of passes) in the registry.
pub struct PassSpec {
    /// Name in reports, in `--no NAME` and in `[normalize]`.
    pub name: &'static str,
    /// The group switch that also governs it (`repair`, `context`).
    pub group: Option<&'static str>,
    /// On unless switched off.
    pub on_by_default: bool,
    /// One line for `--help` and the README.
    pub about: &'static str,
    slot: fn(&mut NormalizeConfig) -> &mut bool,
    get: fn(&NormalizeConfig) -> bool,
    /// The steps that carry the pass out, in order (applied one by one);
    /// none when another pass decides for it (`tail-blurbs`).
    make: fn() -> Vec<Box<dyn Pass>>,
}

impl PassSpec {
    /// True when `config` switches this pass on (its group too).
    pub fn is_on(&self, config: &NormalizeConfig) -> bool {
        (self.get)(config)
            && self
                .group
                .and_then(|g| GROUPS.iter().find(|s| s.name == g))
                .is_none_or(|g| (g.get)(config))
    }
}

fn none() -> Vec<Box<dyn Pass>> {
    Vec::new()
}

macro_rules! spec {
    ($name:literal, $field:ident, $group:expr, $on:expr, $about:literal, $make:expr) => {
        PassSpec {
            name: $name,
            group: $group,
            on_by_default: $on,
            about: $about,
            slot: |c| &mut c.$field,
            get: |c| c.$field,
            make: $make,
        }
    };
}

/// Every pass, in the order it runs. The user's `remove` patterns run right
/// after `mojibake` (they are not a switch: an empty list is off).
pub static REGISTRY: &[PassSpec] = &[
    spec!(
        "mojibake",
        mojibake,
        Some("repair"),
        true,
        "repairs UTF-8 text that was read as Windows-1252",
        || vec![Box::new(repair::Mojibake)]
    ),
    spec!(
        "comment-section",
        comment_section,
        Some("context"),
        true,
        "the comment section under its heading (`12 Comments`, `Leave a Reply`) after the article, to the end",
        || vec![Box::new(context::CommentSection)]
    ),
    spec!(
        "promos",
        promos,
        None,
        true,
        "\"Read …\", \"READ MORE:\", \"Related:\" and other promo lines",
        || vec![Box::new(artifacts::Artifacts(
            artifacts::ArtifactKind::Promos
        ))]
    ),
    spec!(
        "delimiters",
        delimiters,
        None,
        true,
        "delimiter lines (`-----`, `* * *`; a section break between paragraphs stays as one)",
        || vec![Box::new(artifacts::Artifacts(
            artifacts::ArtifactKind::Delimiters
        ))]
    ),
    spec!(
        "boilerplate",
        boilerplate,
        None,
        true,
        "advertisement, share, newsletter, follow, cookie and copyright lines",
        || vec![Box::new(artifacts::Artifacts(
            artifacts::ArtifactKind::Boilerplate
        ))]
    ),
    spec!(
        "crumbs",
        crumbs,
        None,
        true,
        "navigation and share crumbs (`Facebook`, `Menu`, `Comments (12)`)",
        || vec![Box::new(artifacts::Artifacts(
            artifacts::ArtifactKind::Crumbs
        ))]
    ),
    spec!(
        "credits",
        credits,
        None,
        true,
        "stand-alone photo credits (`Credit: STR/AFP`)",
        || vec![Box::new(artifacts::Artifacts(
            artifacts::ArtifactKind::Credits
        ))]
    ),
    spec!(
        "whitespace",
        whitespace,
        Some("repair"),
        true,
        "invisible and control characters, runs of spaces, blocks left blank",
        || vec![Box::new(repair::Whitespace)]
    ),
    spec!(
        "head-chrome",
        head_chrome,
        Some("context"),
        true,
        "scraped text: the menu between the page title and the repeated headline",
        || vec![Box::new(context::HeadChrome)]
    ),
    spec!(
        "structure",
        structure,
        None,
        true,
        "title, standfirst, byline, date, dateline and production credits into metadata",
        structure::steps
    ),
    spec!(
        "comment-thread",
        comment_thread,
        Some("context"),
        true,
        "a reader-comment thread (three or more Reply buttons) after the article",
        || vec![Box::new(context::CommentThread)]
    ),
    spec!(
        "gallery",
        gallery,
        Some("context"),
        true,
        "a photo gallery pasted into the text (`1/50 Title`, caption, credit, …)",
        || vec![Box::new(context::Gallery)]
    ),
    spec!(
        "tail-run",
        tail_run,
        Some("context"),
        true,
        "a trailing run of teaser, tag and link lines after the article",
        || vec![Box::new(context::TailRun)]
    ),
    spec!(
        "tail-blurbs",
        tail_blurbs,
        Some("context"),
        true,
        "the blurbs of a trailing teaser list of three or more (decided by tail-run)",
        none
    ),
    spec!(
        "head-run",
        head_run,
        Some("context"),
        true,
        "scraped text: a menu of short lines before the article's body",
        || vec![Box::new(context::HeadRun)]
    ),
    spec!(
        "blocks",
        blocks,
        None,
        true,
        "page furniture around the article in whole-page scrapes (jusText-style)",
        || vec![Box::new(blocks::Blocks)]
    ),
    spec!(
        "blog-furniture",
        blog_furniture,
        None,
        true,
        "scraped text: blog engines' comment forms, archive and sidebar widgets",
        || vec![Box::new(furniture::BlogFurniture)]
    ),
    spec!(
        "dedupe",
        dedupe,
        None,
        true,
        "repeated paragraphs",
        || vec![Box::new(dedupe::Dedupe)]
    ),
    spec!(
        "smart-punctuation",
        smart_punctuation,
        None,
        true,
        "straight quotes and ` - ` set as the article's language prints them (“ ”, « », „ “)",
        || vec![Box::new(typography::SmartPunctuation)]
    ),
];

/// A switch for a group of passes.
pub struct GroupSpec {
    /// Name (`--no repair`).
    pub name: &'static str,
    /// One line for `--help`.
    pub about: &'static str,
    slot: fn(&mut NormalizeConfig) -> &mut bool,
    get: fn(&NormalizeConfig) -> bool,
}

/// The group switches.
pub static GROUPS: &[GroupSpec] = &[
    GroupSpec {
        name: "repair",
        about: "all text repair: mojibake, whitespace",
        slot: |c| &mut c.repair,
        get: |c| c.repair,
    },
    GroupSpec {
        name: "context",
        about: "all block-context passes: comment-section, head-chrome, comment-thread, gallery, tail-run, tail-blurbs, head-run",
        slot: |c| &mut c.context,
        get: |c| c.context,
    },
];

impl Default for NormalizeConfig {
    fn default() -> Self {
        let mut c = NormalizeConfig {
            repair: true,
            mojibake: false,
            whitespace: false,
            promos: false,
            delimiters: false,
            boilerplate: false,
            crumbs: false,
            credits: false,
            structure: false,
            context: true,
            head_chrome: false,
            comment_thread: false,
            comment_section: false,
            gallery: false,
            tail_run: false,
            tail_blurbs: false,
            head_run: false,
            blocks: false,
            blog_furniture: false,
            dedupe: false,
            smart_punctuation: false,
            remove: Vec::new(),
            keep: Vec::new(),
        };
        for s in REGISTRY {
            *(s.slot)(&mut c) = s.on_by_default;
        }
        c
    }
}

impl NormalizeConfig {
    /// Names that `--no NAME` and `set_pass` accept: every pass, then the
    /// groups.
    pub fn switch_names() -> Vec<&'static str> {
        REGISTRY
            .iter()
            .map(|s| s.name)
            .chain(GROUPS.iter().map(|g| g.name))
            .collect()
    }

    /// Switches pass or group `name` on or off. Unknown names are an error.
    /// Switching on a pass whose group is off switches the group back on
    /// with that pass alone (`--no context --with tail-run`: tail-run only).
    pub fn set_pass(&mut self, name: &str, on: bool) -> Result<()> {
        if on
            && let Some(spec) = REGISTRY.iter().find(|s| s.name == name)
            && let Some(g) = spec.group.and_then(|g| GROUPS.iter().find(|s| s.name == g))
            && !(g.get)(self)
        {
            *(g.slot)(self) = true;
            for other in REGISTRY.iter().filter(|s| s.group == spec.group) {
                *(other.slot)(self) = other.name == name;
            }
            return Ok(());
        }
        let slot = REGISTRY
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.slot)
            .or_else(|| GROUPS.iter().find(|g| g.name == name).map(|g| g.slot));
        let Some(slot) = slot else {
            return Err(Error::Pattern {
                pattern: name.to_string(),
                message: format!(
                    "no such pass; passes are: {}",
                    Self::switch_names().join(", ")
                ),
            });
        };
        *slot(self) = on;
        Ok(())
    }

    /// True when pass `name` runs under this configuration.
    pub fn is_on(&self, name: &str) -> bool {
        REGISTRY
            .iter()
            .find(|s| s.name == name)
            .is_some_and(|s| s.is_on(self))
    }
}

/// Shared state the passes see.
pub struct Context<'a> {
    /// The configuration.
    pub config: &'a NormalizeConfig,
    keep: Option<&'a RegexSet>,
}

impl Context<'_> {
    /// True when the user's keep patterns protect `text`.
    pub fn protected(&self, text: &str) -> bool {
        self.keep.is_some_and(|k| k.is_match(text))
    }

    /// True when pass `name` is switched on (for a pass that decides for
    /// another, such as `tail-run` for `tail-blurbs`).
    pub fn on(&self, name: &str) -> bool {
        self.config.is_on(name)
    }
}

/// A normalizer pass: it reads the draft and proposes edits; the applier
/// ([`edit::apply`]) carries them out and records them.
pub trait Pass: Send + Sync {
    /// Name shown in reports and used to switch the pass off.
    fn name(&self) -> &'static str;
    /// Proposes edits of `draft` into `edits`.
    fn propose(&self, draft: &Draft, cx: &Context, edits: &mut Edits);
}

/// A compiled normalizer: configuration plus the ordered passes.
pub struct Normalizer {
    config: NormalizeConfig,
    keep: Option<RegexSet>,
    passes: Vec<Box<dyn Pass>>,
    /// Drafts normalized so far ([`Normalizer::runs`]).
    runs: std::sync::atomic::AtomicUsize,
}

/// A regex error on one line: the parser's `error: …` line without the
/// pattern-and-caret diagram around it.
pub fn regex_error_line(e: &regex::Error) -> String {
    let s = e.to_string();
    s.lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .map_or_else(
            || s.lines().last().unwrap_or("").trim().to_string(),
            str::to_string,
        )
}

/// Checks one user pattern (`remove`, `keep`): the regex error's one-line
/// message when it does not compile. `book.toml`, the command line and the
/// normalizer all check patterns with it.
pub fn check_pattern(pattern: &str) -> std::result::Result<(), String> {
    regex::Regex::new(pattern)
        .map(|_| ())
        .map_err(|e| regex_error_line(&e))
}

fn compile_set(patterns: &[String]) -> Result<Option<RegexSet>> {
    if patterns.is_empty() {
        return Ok(None);
    }
    for p in patterns {
        check_pattern(p).map_err(|message| Error::Pattern {
            pattern: p.clone(),
            message,
        })?;
    }
    RegexSet::new(patterns)
        .map(Some)
        .map_err(|e| Error::Pattern {
            pattern: patterns.join(" | "),
            message: e.to_string(),
        })
}

impl Normalizer {
    /// Compiles the configuration (user patterns are checked here).
    pub fn new(config: NormalizeConfig) -> Result<Self> {
        let keep = compile_set(&config.keep)?;
        let remove = compile_set(&config.remove)?;
        let mut passes: Vec<Box<dyn Pass>> = Vec::new();
        let mut remove = remove.map(artifacts::UserRemove);
        for spec in REGISTRY {
            if spec.is_on(&config) {
                passes.extend((spec.make)());
            }
            if spec.name == "mojibake"
                && let Some(r) = remove.take()
            {
                passes.push(Box::new(r));
            }
        }
        Ok(Normalizer {
            config,
            keep,
            passes,
            runs: Default::default(),
        })
    }

    /// The default normalizer.
    pub fn default_config() -> Self {
        // The default configuration has no user patterns, so it always compiles.
        match Normalizer::new(NormalizeConfig::default()) {
            Ok(n) => n,
            Err(_) => Normalizer {
                config: NormalizeConfig::default(),
                keep: None,
                passes: Vec::new(),
                runs: Default::default(),
            },
        }
    }

    /// Names of the passes that will run, in order (a pass carried out in
    /// several steps is named once).
    pub fn pass_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self.passes.iter().map(|p| p.name()).collect();
        names.dedup();
        names
    }

    /// How many drafts this normalizer has normalized: what proves that a
    /// briefing build normalizes each stored article once, however many
    /// readers' books it is in.
    pub fn runs(&self) -> usize {
        self.runs.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Runs every pass over `draft`: each proposes, the applier carries out.
    pub fn run_draft(&self, mut draft: Draft) -> (Draft, Report) {
        self.runs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut report = Report::default();
        let cx = Context {
            config: &self.config,
            keep: self.keep.as_ref(),
        };
        for p in &self.passes {
            let mut edits = Edits::new(p.name());
            p.propose(&draft, &cx, &mut edits);
            edit::apply(&mut draft, edits, &cx, &mut report);
        }
        // Blocks the reader left empty (never content): dropped.
        drop_empty(&mut draft.items);
        (draft, report)
    }

    /// Runs every pass over `draft`.
    pub fn run(&self, draft: Draft) -> (Document, Report) {
        let (draft, report) = self.run_draft(draft);
        (draft.into_document(), report)
    }
}

/// Text of a paragraph or heading, trimmed; `None` for other blocks.
/// Borrowed when the block is one plain text run (the common case). What
/// the rules and passes judge, and what the user's keep patterns see.
pub(crate) fn para_text(b: &Block) -> Option<std::borrow::Cow<'_, str>> {
    use crate::model::{Inline, inline_text};
    use std::borrow::Cow;
    match b {
        Block::Paragraph { content } | Block::Heading { content, .. } => {
            Some(match content.as_slice() {
                [Inline::Text { text }] => Cow::Borrowed(text.trim()),
                _ => Cow::Owned(inline_text(content).trim().to_string()),
            })
        }
        _ => None,
    }
}

/// Removes empty paragraphs, lists and quotes left behind by passes.
fn drop_empty(items: &mut Vec<Item>) {
    items.retain(|i| !is_empty_block(&i.block));
}

pub(crate) fn is_empty_block(b: &Block) -> bool {
    match b {
        Block::Paragraph { content } | Block::Heading { content, .. } => content.is_empty(),
        Block::List { items, .. } => items.is_empty(),
        Block::Quote { blocks } | Block::Note { blocks, .. } => blocks.is_empty(),
        Block::Table(t) => t.header.is_empty() && t.rows.is_empty(),
        Block::Figure { .. } | Block::Break | Block::Code { .. } => false,
    }
}

pub use crate::text::is_photo_credit;

/// Reads and normalizes in one call: `text` in `format` -> clean Document.
pub fn normalize_str(text: &str, format: crate::read::Format) -> (Document, Report) {
    Normalizer::default_config().run(crate::read::read_str(text, format))
}
