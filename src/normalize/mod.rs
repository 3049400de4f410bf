//! The normalizer: ordered, named passes over a [`Draft`]. Each pass removes
//! or rewrites blocks and records what it did in a [`Report`]. Every pass can
//! be switched off; extra `remove` and `keep` patterns come from the config.
//!
//! Precision comes first: a line is removed only when a rule is sure; a line
//! that merely looks suspicious is kept and flagged.

use crate::error::{Error, Result};
use crate::model::{Block, Document};
use crate::read::{Draft, Item};
use regex::RegexSet;
use serde::{Deserialize, Serialize};

mod artifacts;
mod blocks;
mod context;
mod dedupe;
mod repair;
pub mod report;
mod rules;
mod structure;

pub use report::{Action, Finding, Report};

/// `[normalize]` in book.toml, and the matching command-line switches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NormalizeConfig {
    /// Text repair: mojibake, invisible and control characters, whitespace.
    pub repair: bool,
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
    /// Page chrome found by context: menus before a repeated headline,
    /// reader-comment threads, trailing runs of teaser and link lines.
    pub context: bool,
    /// Page furniture around the article in whole-page scrapes (menus,
    /// sidebars, link lists, footers), by block shape and neighbours
    /// (jusText-style). Off by default: see `normalize/blocks.rs`.
    pub blocks: bool,
    /// Repeated paragraphs.
    pub dedupe: bool,
    /// Extra regex patterns: a block matching one is removed.
    pub remove: Vec<String>,
    /// Regex patterns: a block matching one is never removed.
    pub keep: Vec<String>,
}

impl Default for NormalizeConfig {
    fn default() -> Self {
        NormalizeConfig {
            repair: true,
            promos: true,
            delimiters: true,
            boilerplate: true,
            crumbs: true,
            credits: true,
            structure: true,
            context: true,
            blocks: false,
            dedupe: true,
            remove: Vec::new(),
            keep: Vec::new(),
        }
    }
}

impl NormalizeConfig {
    /// Names of switchable passes, for the CLI's `--no-pass NAME`.
    pub const PASSES: &'static [&'static str] = &[
        "repair",
        "promos",
        "delimiters",
        "boilerplate",
        "crumbs",
        "credits",
        "structure",
        "context",
        "blocks",
        "dedupe",
    ];

    /// Switches pass `name` on or off. Unknown names are an error.
    pub fn set_pass(&mut self, name: &str, on: bool) -> Result<()> {
        let slot = match name {
            "repair" => &mut self.repair,
            "promos" => &mut self.promos,
            "delimiters" => &mut self.delimiters,
            "boilerplate" => &mut self.boilerplate,
            "crumbs" => &mut self.crumbs,
            "credits" => &mut self.credits,
            "structure" => &mut self.structure,
            "context" => &mut self.context,
            "blocks" => &mut self.blocks,
            "dedupe" => &mut self.dedupe,
            _ => {
                return Err(Error::Pattern {
                    pattern: name.to_string(),
                    message: format!("no such pass; passes are: {}", Self::PASSES.join(", ")),
                });
            }
        };
        *slot = on;
        Ok(())
    }
}

/// Shared state the passes see.
pub struct Context<'a> {
    /// The configuration.
    pub config: &'a NormalizeConfig,
    keep: Option<RegexSet>,
}

impl Context<'_> {
    /// True when the user's keep patterns protect `text`.
    pub fn protected(&self, text: &str) -> bool {
        self.keep.as_ref().is_some_and(|k| k.is_match(text))
    }
}

/// A normalizer pass.
pub trait Pass: Send + Sync {
    /// Name shown in reports and used to switch the pass off.
    fn name(&self) -> &'static str;
    /// Runs over the draft, recording what it does.
    fn run(&self, draft: &mut Draft, cx: &Context, report: &mut Report);
}

/// A compiled normalizer: configuration plus the ordered passes.
pub struct Normalizer {
    config: NormalizeConfig,
    keep: Option<RegexSet>,
    passes: Vec<Box<dyn Pass>>,
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

fn compile_set(patterns: &[String]) -> Result<Option<RegexSet>> {
    if patterns.is_empty() {
        return Ok(None);
    }
    for p in patterns {
        regex::Regex::new(p).map_err(|e| Error::Pattern {
            pattern: p.clone(),
            message: regex_error_line(&e),
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
        if config.repair {
            passes.push(Box::new(repair::Mojibake));
        }
        if let Some(set) = remove {
            passes.push(Box::new(artifacts::UserRemove(set)));
        }
        let kinds = [
            (config.promos, artifacts::Kind::Promos),
            (config.delimiters, artifacts::Kind::Delimiters),
            (config.boilerplate, artifacts::Kind::Boilerplate),
            (config.crumbs, artifacts::Kind::Crumbs),
            (config.credits, artifacts::Kind::Credits),
        ];
        for (on, kind) in kinds {
            if on {
                passes.push(Box::new(artifacts::Artifacts(kind)));
            }
        }
        if config.repair {
            passes.push(Box::new(repair::Whitespace));
        }
        if config.context {
            passes.push(Box::new(context::Head));
        }
        if config.structure {
            passes.push(Box::new(structure::Structure));
        }
        if config.context {
            passes.push(Box::new(context::Tail));
        }
        if config.blocks {
            passes.push(Box::new(blocks::Blocks));
        }
        if config.dedupe {
            passes.push(Box::new(dedupe::Dedupe));
        }
        Ok(Normalizer {
            config,
            keep,
            passes,
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
            },
        }
    }

    /// Names of the passes that will run, in order.
    pub fn pass_names(&self) -> Vec<&'static str> {
        self.passes.iter().map(|p| p.name()).collect()
    }

    /// Runs every pass over `draft`.
    pub fn run(&self, mut draft: Draft) -> (Document, Report) {
        let mut report = Report::default();
        let cx = Context {
            config: &self.config,
            keep: self.keep.clone(),
        };
        for p in &self.passes {
            p.run(&mut draft, &cx, &mut report);
        }
        drop_empty(&mut draft.items);
        (draft.into_document(), report)
    }
}

/// Removes empty paragraphs, lists and quotes left behind by passes.
fn drop_empty(items: &mut Vec<Item>) {
    items.retain(|i| !is_empty_block(&i.block));
}

fn is_empty_block(b: &Block) -> bool {
    match b {
        Block::Paragraph { content } | Block::Heading { content, .. } => content.is_empty(),
        Block::List { items, .. } => items.is_empty(),
        Block::Quote { blocks } => blocks.is_empty(),
        _ => false,
    }
}

/// True when `text` alone is a photo credit (`Credit: STR/AFP`), for readers
/// that judge figure captions.
pub fn is_photo_credit(text: &str) -> bool {
    artifacts::classify(artifacts::Kind::Credits, text).is_some()
}

/// Reads and normalizes in one call: `text` in `format` -> clean Document.
pub fn normalize_str(text: &str, format: crate::read::Format) -> (Document, Report) {
    Normalizer::default_config().run(crate::read::read_str(text, format))
}
