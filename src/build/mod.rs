//! `galley build`: a `book.toml` -> every configured output.
//!
//! 1. Load and check `book.toml` ([`crate::config::BookConfig`]).
//! 2. Resolve the article list: `[book] src`/`articles` and `[[section]]`
//!    lists (files, folders, glob patterns), relative to the book folder.
//! 3. Read and normalize the articles in parallel (rayon), keeping order.
//! 4. Give each article a unique slug id; make the [`Book`](crate::model::Book).
//! 5. Render every backend in memory; only when all succeeded, write the
//!    files: single-file formats (EPUB, PDF) atomically as
//!    `BUILD/<slug-of-title>.<ext>`, folder formats by swapping in a freshly
//!    written `BUILD/<format>/` folder. A failed build leaves nothing partial.
//!
//! [`build`] runs the steps in order: `sources.rs` (the book folder as a
//! scope: folder scans, glob patterns), `plan.rs` (step 2), `load.rs` (steps
//! 3 and 4, and the build time), `formats.rs` (step 5 up to the write:
//! backends, output names, themes, rendering); the write is
//! [`crate::outdir`]'s.

mod formats;
pub(crate) use formats::inside_book;
mod load;
mod plan;
mod sources;

pub use load::{LoadedBook, assign_ids, build_time, load};
pub use plan::{Plan, PlannedSection, plan, plan_book};
pub use sources::resolve_path;

use formats::{
    check_overlap, collect_outputs, output_name, prepare_formats, render_all, select_backends,
};

use crate::config::BookConfig;
use crate::error::{Error, Result};
use crate::normalize::Normalizer;
use crate::render;
use crate::time::BuildTime;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Options of one build (the command line's).
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Only these formats (names or aliases); `None` = every `[output.X]`.
    pub formats: Option<Vec<String>>,
    /// Worker threads for reading and normalizing; `None` = one per core.
    pub jobs: Option<usize>,
    /// Output folder instead of `[build] build-dir` (relative to the current folder).
    pub dest: Option<PathBuf>,
    /// Largest article read, instead of `[build] max-input-size`.
    pub max_input_size: Option<u64>,
    /// Environment variables: the `GALLEY_*` ones among them set
    /// `book.toml` keys ([`crate::config::env`]). Empty by default; the
    /// command line passes [`crate::config::env::process_vars`].
    pub env: Vec<(String, String)>,
}

/// Receives progress and warnings during a build.
pub trait Observer: Sync {
    /// Reading starts: `n` articles.
    fn start(&self, _n: usize) {}
    /// One article was read and normalized.
    fn article_done(&self) {}
    /// Reading is over; rendering starts.
    fn rendering(&self) {}
    /// Something the user should know.
    fn warn(&self, _msg: &str) {}
}

/// An observer that ignores everything.
pub struct Silent;
impl Observer for Silent {}

/// One written output.
#[derive(Debug, Clone)]
pub struct Written {
    /// Format name.
    pub format: &'static str,
    /// The file or folder written.
    pub path: PathBuf,
    /// Number of files.
    pub files: usize,
    /// Total bytes.
    pub bytes: u64,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Articles in the book.
    pub articles: usize,
    /// Blocks the normalizer removed, over all articles.
    pub removed: usize,
    /// Blocks it flagged.
    pub flagged: usize,
    /// Outputs, in build order.
    pub outputs: Vec<Written>,
    /// Files in the output folders that galley did not write, kept.
    pub kept: Vec<PathBuf>,
    /// Earlier outputs of the built formats no longer written (an EPUB under
    /// an old title), removed.
    pub stale_removed: Vec<PathBuf>,
    /// Whether a killed build's swap was completed first.
    pub recovered: bool,
    /// Wall time.
    pub elapsed: Duration,
}

fn cfg_err(cfg_path: &Path, message: String) -> Error {
    Error::Config {
        path: cfg_path.to_path_buf(),
        line: None,
        message,
    }
}

/// Builds the book in folder `dir` (which holds `book.toml`).
pub fn build(dir: &Path, opts: &BuildOptions, observer: &dyn Observer) -> Result<BuildReport> {
    let started = Instant::now();
    let cfg_path = dir.join("book.toml");
    let cfg = BookConfig::load_with_env(&cfg_path, opts.env.iter().cloned())?;
    for n in &cfg.env_notes {
        observer.warn(n);
    }
    // A malformed SOURCE_DATE_EPOCH fails the build before anything is read.
    BuildTime::resolve(None)?;
    let (build_dir, dest_key) = match &opts.dest {
        Some(d) => (d.clone(), "--dest"),
        None => (dir.join(&cfg.build.build_dir), "[build] build-dir"),
    };
    let backends = select_backends(&cfg, opts.formats.as_deref(), &cfg_path, observer)?;
    // Themes and the cover are read (each format's `prepare`) before any
    // article is.
    let contexts = prepare_formats(&cfg, dir, &cfg_path, opts, &backends)?;
    let normalizer = Normalizer::new(cfg.normalize.clone())
        .map_err(|e| cfg_err(&cfg_path, format!("[normalize]: {e}")))?;
    let planned = plan_book(&cfg, dir, &cfg_path, &build_dir)?;
    for n in &planned.notes {
        observer.warn(n);
    }
    let slug = render::slugify(&cfg.book.title);
    let names: Vec<String> = backends
        .iter()
        .map(|b| output_name(b.as_ref(), &slug))
        .collect();
    check_overlap(&planned, &build_dir, &names, &cfg_path, dest_key)?;
    let sections = planned.sections;

    let pool = worker_pool(opts.jobs)?;
    let mut limits = crate::ReadLimits::default();
    if let Some(n) = opts.max_input_size.or(cfg.build.max_input_size) {
        limits.max_bytes = n;
    }
    let loaded = pool.install(|| load(&cfg, &sections, dir, &normalizer, &limits, observer))?;
    observer.rendering();
    let time = build_time(&loaded.book)?;
    let book = &loaded.book;

    // The articles' local images, read once for every format (one warning
    // per article and path that cannot be used).
    let scope = render::images::ImageScope {
        root: dir.to_path_buf(),
        allow_outside: cfg.build.allow_outside,
        max_bytes: limits.max_bytes,
    };
    let images = std::sync::Arc::new(render::images::collect(book, dir, &scope, &mut |w| {
        observer.warn(&w)
    }));
    // Render everything in memory first: a failing backend writes nothing.
    let rendered = pool.install(|| render_all(book, time, &backends, &contexts, &images));
    let (outputs, written) = collect_outputs(&backends, rendered, &names, &build_dir, observer)?;
    let formats: Vec<&str> = backends.iter().map(|b| b.name()).collect();
    // Lock the build folder (waiting for another build of it), complete a
    // killed build's swap, clean stale staging, then swap the outputs in.
    // Until here nothing was written: a failed build leaves no trace.
    let mut out_dir = crate::outdir::OutDir::open(&build_dir, &|m| observer.warn(m))?;
    let committed = out_dir.commit(&outputs, &formats)?;
    Ok(BuildReport {
        articles: book.articles().count(),
        removed: loaded.removed,
        flagged: loaded.flagged,
        outputs: written,
        kept: committed.kept,
        stale_removed: committed.removed,
        recovered: out_dir.recovered,
        elapsed: started.elapsed(),
    })
}

/// The worker threads of a build: `jobs` of them, else one per core.
fn worker_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        b = b.num_threads(n.max(1));
    }
    b.build()
        .map_err(|e| Error::render("build", format!("cannot start worker threads: {e}")))
}

/// `1.2 MB`, `34 KB`, `512 B`.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{} KB", (b + 500) / 1000),
        b => format!("{b} B"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(human_size(999), "999 B");
        assert_eq!(human_size(34_400), "34 KB");
        assert_eq!(human_size(1_250_000), "1.2 MB");
    }
}
