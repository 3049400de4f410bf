//! `galley build`: a `book.toml` -> every configured output.
//!
//! 1. Load and check `book.toml` ([`crate::config::BookConfig`]).
//! 2. Resolve the article list: `[book] src`/`articles` and `[[section]]`
//!    lists (files, folders, glob patterns), relative to the book folder.
//! 3. Read and normalize the articles in parallel (rayon), keeping order.
//! 4. Give each article a unique slug id; make the [`Book`].
//! 5. Render every backend in memory; only when all succeeded, write the
//!    files: single-file formats (EPUB, PDF) atomically as
//!    `BUILD/<slug-of-title>.<ext>`, folder formats by swapping in a freshly
//!    written `BUILD/<format>/` folder. A failed build leaves nothing partial.

use crate::config::BookConfig;
use crate::error::{Error, Result};
use crate::model::{Article, Book, Section};
use crate::normalize::{Action, Normalizer};
use crate::render::{self, Mode, RenderContext};
use crate::time::BuildTime;
use std::collections::HashSet;
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

/// One planned section: a title and the input files in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSection {
    /// `None` for articles outside any `[[section]]`.
    pub title: Option<String>,
    /// Input files.
    pub files: Vec<PathBuf>,
}

/// Extensions galley reads as articles when scanning a folder.
fn is_article_file(p: &Path) -> bool {
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "md" | "markdown" | "mdown" | "mkd" | "txt" | "text" => true,
        // HTML pages need the HTML reader; without it they would be read as text.
        "html" | "htm" | "xhtml" => crate::read::Format::from_path(p) != crate::read::Format::Text,
        _ => false,
    }
}

fn cfg_err(cfg_path: &Path, message: String) -> Error {
    Error::Config {
        path: cfg_path.to_path_buf(),
        line: None,
        message,
    }
}

/// Where a book may read from, and what the plan noticed on the way.
struct Scope<'a> {
    /// The book folder, canonical.
    root: PathBuf,
    allow_outside: bool,
    cfg_path: &'a Path,
    /// The build folder, as an absolute path (it may not exist yet).
    build_dir: PathBuf,
    /// What the user should know: skipped symlinks and special files.
    notes: Vec<String>,
}

/// `p` made absolute and free of `.`/`..`, with symlinks resolved as far as
/// the path exists (the rest, not yet created, is joined lexically).
pub fn resolve_path(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut tail = Vec::new();
    let mut cur = abs.as_path();
    loop {
        if let Ok(c) = std::fs::canonicalize(cur) {
            let mut out = c;
            for t in tail.iter().rev() {
                match t {
                    std::path::Component::ParentDir => {
                        out.pop();
                    }
                    std::path::Component::CurDir => {}
                    c => out.push(c.as_os_str()),
                }
            }
            return out;
        }
        match (cur.parent(), cur.components().next_back()) {
            (Some(parent), Some(last)) => {
                tail.push(last);
                cur = parent;
            }
            _ => return abs,
        }
    }
}

impl Scope<'_> {
    /// The canonical path of `p` (which exists), refused when it is outside
    /// the book folder unless `[build] allow-outside` is set.
    fn confine(&self, key: &str, p: &Path) -> Result<PathBuf> {
        let c = std::fs::canonicalize(p).map_err(|e| Error::io(p, e))?;
        if !self.allow_outside && !c.starts_with(&self.root) {
            return Err(cfg_err(
                self.cfg_path,
                format!(
                    "{key}: {} is outside the book folder {}{}; galley reads only inside it unless [build] allow-outside = true",
                    p.display(),
                    self.root.display(),
                    if c != p {
                        format!(" (it resolves to {})", c.display())
                    } else {
                        String::new()
                    },
                ),
            ));
        }
        Ok(c)
    }

    /// Every article file under `dir`, recursively, in path order, skipping
    /// hidden entries and the build folder. Symlinks to folders are not
    /// followed (no loops, nothing pulled in from elsewhere); symlinks to
    /// files are, within the book folder; FIFOs, sockets and devices are
    /// skipped. Each skip is noted.
    fn scan(&mut self, key: &str, dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
        let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .filter_map(|e| e.ok())
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let p = e.path();
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let Ok(t) = e.file_type() else { continue };
            if t.is_dir() {
                if std::fs::canonicalize(&p).is_ok_and(|c| c == self.build_dir) {
                    continue;
                }
                // Another galley build folder (`--dest` inside the sources):
                // its outputs are not articles.
                if p.join(crate::outdir::MANIFEST).exists() {
                    self.notes.push(format!(
                        "{}: a galley build folder (it holds {}); skipped",
                        p.display(),
                        crate::outdir::MANIFEST
                    ));
                    continue;
                }
                self.scan(key, &p, out)?;
            } else if t.is_symlink() {
                match std::fs::metadata(&p) {
                    Ok(m) if m.is_dir() => self.notes.push(format!(
                        "{}: a symlink to a folder; not followed (link the files, or list the folder in {key})",
                        p.display()
                    )),
                    Ok(m) if m.is_file() => {
                        if is_article_file(&p) {
                            self.confine(key, &p)?;
                            out.push(p);
                        }
                    }
                    Ok(_) => self.notes.push(format!(
                        "{}: links to a FIFO, socket or device; skipped",
                        p.display()
                    )),
                    Err(_) => self
                        .notes
                        .push(format!("{}: a broken symlink; skipped", p.display())),
                }
            } else if t.is_file() {
                if is_article_file(&p) {
                    out.push(p);
                }
            } else if is_article_file(&p) {
                self.notes.push(format!(
                    "{}: a FIFO, socket or device, not a regular file; skipped",
                    p.display()
                ));
            }
        }
        Ok(())
    }

    /// A `src` folder: confined, scanned.
    fn src_folder(&mut self, key: &str, src: &Path, root: &Path) -> Result<Vec<PathBuf>> {
        let d = root.join(src);
        if !d.is_dir() {
            return Err(cfg_err(
                self.cfg_path,
                format!("{key}: src folder {} not found", d.display()),
            ));
        }
        let c = self.confine(key, &d)?;
        if c == self.build_dir {
            return Err(cfg_err(
                self.cfg_path,
                format!(
                    "{key}: src folder {} is the build folder; galley would read its own outputs back",
                    d.display()
                ),
            ));
        }
        let mut v = Vec::new();
        self.scan(key, &d, &mut v)?;
        Ok(v)
    }

    /// Expands one `articles` entry (a path or glob, relative to `root`).
    fn expand(&mut self, entry: &str, root: &Path, where_: &str) -> Result<(Vec<PathBuf>, bool)> {
        let cfg_path = self.cfg_path;
        let is_glob = entry.contains(['*', '?', '[']);
        if !is_glob {
            let p = root.join(entry);
            let meta = std::fs::metadata(&p);
            if meta.as_ref().is_ok_and(|m| m.is_dir()) {
                self.confine(where_, &p)?;
                let mut v = Vec::new();
                self.scan(where_, &p, &mut v)?;
                return Ok((v, true));
            }
            let Ok(meta) = meta else {
                return Err(cfg_err(
                    cfg_path,
                    format!(
                        "{where_}: article file {entry:?} not found (looked for {})",
                        p.display()
                    ),
                ));
            };
            self.confine(where_, &p)?;
            if !meta.is_file() {
                return Err(cfg_err(
                    cfg_path,
                    format!(
                        "{where_}: {} is not a regular file (a FIFO, socket or device); a book reads only regular files",
                        p.display()
                    ),
                ));
            }
            return Ok((vec![p], false));
        }
        let full = root.join(entry);
        let pattern = glob::Pattern::new(&full.to_string_lossy()).map_err(|e| {
            cfg_err(
                cfg_path,
                format!(
                    "{where_}: bad glob pattern {entry:?}: {} (at character {})",
                    e.msg,
                    e.pos + 1
                ),
            )
        })?;
        // Walk from the pattern's literal part, never through a symlinked
        // folder (the glob crate follows them: two self-links hung it).
        let base: PathBuf = full
            .components()
            .take_while(|c| !c.as_os_str().to_string_lossy().contains(['*', '?', '[']))
            .collect();
        if !base.is_dir() {
            return Err(cfg_err(
                cfg_path,
                format!(
                    "{where_}: glob pattern {entry:?} matches no article files (its folder {} does not exist)",
                    base.display()
                ),
            ));
        }
        self.confine(where_, &base)?;
        let opts = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: true,
        };
        let mut v = Vec::new();
        let mut stack = vec![base];
        while let Some(d) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                let Ok(t) = e.file_type() else { continue };
                if t.is_dir() {
                    stack.push(p);
                } else if pattern.matches_path_with(&p, opts)
                    && is_article_file(&p)
                    && std::fs::metadata(&p).is_ok_and(|m| m.is_file())
                {
                    // Regular files, symlinks to regular files included.
                    self.confine(where_, &p)?;
                    v.push(p);
                }
            }
        }
        if v.is_empty() {
            return Err(cfg_err(
                cfg_path,
                format!("{where_}: glob pattern {entry:?} matches no article files (.md, .txt)"),
            ));
        }
        v.sort();
        Ok((v, true))
    }
}

/// A book's article files in sections, and what planning noticed.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Sections in reading order.
    pub sections: Vec<PlannedSection>,
    /// Source folders (canonical) and the key that named each.
    pub folders: Vec<(PathBuf, String)>,
    /// Skipped symlinks and special files, for the user.
    pub notes: Vec<String>,
}

/// Resolves the article files of a book, grouped in sections, in reading order.
///
/// Articles of `[book] src`/`articles` that no `[[section]]` claims come first,
/// in an untitled section. A file listed by name twice is an error; a file
/// matched again by a later glob or folder stays where it was first claimed.
pub fn plan(
    cfg: &BookConfig,
    root: &Path,
    cfg_path: &Path,
    build_dir: &Path,
) -> Result<Vec<PlannedSection>> {
    plan_book(cfg, root, cfg_path, build_dir).map(|p| p.sections)
}

/// [`plan`] with the source folders and notes.
pub fn plan_book(cfg: &BookConfig, root: &Path, cfg_path: &Path, build_dir: &Path) -> Result<Plan> {
    let mut scope = Scope {
        root: std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?,
        allow_outside: cfg.build.allow_outside,
        cfg_path,
        build_dir: resolve_path(build_dir),
        notes: Vec::new(),
    };
    let mut folders = Vec::new();
    let mut claimed: HashSet<PathBuf> = HashSet::new();
    let mut sections = Vec::new();
    let key = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let named_twice = |files: Vec<(PathBuf, bool)>,
                       where_: &str,
                       claimed: &mut HashSet<PathBuf>|
     -> Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        for (f, from_pattern) in files {
            if claimed.insert(key(&f)) {
                out.push(f);
            } else if !from_pattern {
                return Err(cfg_err(
                    cfg_path,
                    format!("{where_}: {} is listed twice", f.display()),
                ));
            }
        }
        Ok(out)
    };
    for (i, s) in cfg.sections.iter().enumerate() {
        let where_ = format!("[[section]] {:?} (number {})", s.title, i + 1);
        let mut files = Vec::new();
        if let Some(src) = &s.src {
            let v = scope.src_folder(&format!("{where_} src"), src, root)?;
            folders.push((key(&root.join(src)), format!("{where_} src")));
            files.extend(v.into_iter().map(|p| (p, true)));
        }
        for e in &s.articles {
            let (v, pat) = scope.expand(e, root, &where_)?;
            files.extend(v.into_iter().map(|p| (p, pat)));
        }
        let files = named_twice(files, &where_, &mut claimed)?;
        if files.is_empty() {
            return Err(cfg_err(
                cfg_path,
                format!("{where_} has no articles; list them in `articles`"),
            ));
        }
        sections.push(PlannedSection {
            title: Some(s.title.trim().to_string()),
            files,
        });
    }
    let mut pool: Vec<(PathBuf, bool)> = Vec::new();
    if let Some(src) = &cfg.book.src {
        let v = scope.src_folder("[book] src", src, root)?;
        folders.push((key(&root.join(src)), "[book] src".to_string()));
        pool.extend(v.into_iter().map(|p| (p, true)));
    }
    if let Some(list) = &cfg.book.articles {
        for e in list {
            let (v, pat) = scope.expand(e, root, "[book] articles")?;
            pool.extend(v.into_iter().map(|p| (p, pat)));
        }
    }
    // Files a section claimed are not repeated; listing one again by name in
    // [book] articles is fine (it is the pool the sections pick from).
    let mut loose = Vec::new();
    let mut seen = HashSet::new();
    for (f, _) in pool {
        let k = key(&f);
        if !claimed.contains(&k) && seen.insert(k) {
            loose.push(f);
        }
    }
    if !loose.is_empty() {
        sections.insert(
            0,
            PlannedSection {
                title: None,
                files: loose,
            },
        );
    }
    if sections.iter().all(|s| s.files.is_empty()) {
        return Err(cfg_err(
            cfg_path,
            "the book has no articles: set [book] src = \"articles\" or list files in [book] articles or [[section]] articles".into(),
        ));
    }
    Ok(Plan {
        sections,
        folders,
        notes: scope.notes,
    })
}

/// Unique slug ids from titles (or file stems), in order: `a`, `a-2`, `a-3`.
pub fn assign_ids<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::new();
    names
        .map(|n| {
            let base = render::slugify(n);
            let mut id = base.clone();
            let mut k = 2;
            while !used.insert(id.clone()) {
                id = format!("{base}-{k}");
                k += 1;
            }
            id
        })
        .collect()
}

/// A read and normalized book, before rendering.
pub struct LoadedBook {
    /// The book.
    pub book: Book,
    /// Removed blocks over all articles.
    pub removed: usize,
    /// Flagged blocks over all articles.
    pub flagged: usize,
}

/// Reads and normalizes the planned files in parallel (order kept).
pub fn load(
    cfg: &BookConfig,
    sections: &[PlannedSection],
    root: &Path,
    normalizer: &Normalizer,
    limits: &crate::ReadLimits,
    observer: &dyn Observer,
) -> Result<LoadedBook> {
    use rayon::prelude::*;
    let files: Vec<&PathBuf> = sections.iter().flat_map(|s| &s.files).collect();
    observer.start(files.len());
    let results: Vec<Result<crate::Converted>> = files
        .par_iter()
        .map(|p| {
            let r = crate::convert_file_with(p, None, normalizer, limits);
            observer.article_done();
            r
        })
        .collect();
    let mut converted = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(c) => converted.push(c),
            Err(e) => errors.push(e),
        }
    }
    if let Some(first) = errors.into_iter().next() {
        // Name the first failure; the build stops before writing anything.
        return Err(first);
    }
    let (mut removed, mut flagged) = (0, 0);
    for c in &converted {
        removed += c.report.count(Action::Removed);
        flagged += c.report.count(Action::Flagged);
        for w in &c.warnings {
            observer.warn(w);
        }
    }
    let stems: Vec<String> = files
        .iter()
        .map(|p| {
            p.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    let names: Vec<&str> = converted
        .iter()
        .zip(&stems)
        .map(|(c, stem)| {
            c.doc
                .meta
                .title
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or(stem)
        })
        .collect();
    let ids = assign_ids(names.into_iter());
    let mut it = converted.into_iter().zip(ids).zip(&files);
    let mut out = Vec::new();
    for s in sections {
        let mut articles = Vec::with_capacity(s.files.len());
        for _ in 0..s.files.len() {
            let Some(((c, id), path)) = it.next() else {
                break;
            };
            let rel = path.strip_prefix(root).unwrap_or(path);
            articles.push(Article {
                id,
                source_path: rel.to_string_lossy().into_owned(),
                doc: c.doc,
            });
        }
        out.push(Section {
            title: s.title.clone(),
            articles,
        });
    }
    Ok(LoadedBook {
        book: Book {
            meta: cfg.meta(),
            sections: out,
        },
        removed,
        flagged,
    })
}

/// The build time: `SOURCE_DATE_EPOCH`, else the book date, else the newest
/// article date, else the fixed undated time (never the clock).
pub fn build_time(book: &Book) -> Result<BuildTime> {
    let day = match &book.meta.date {
        Some(d) => d.iso_day(),
        None => book
            .articles()
            .filter_map(|a| a.doc.meta.date.as_ref()?.day())
            .max(),
    };
    BuildTime::resolve(day)
}

/// Output formats to build: configured ones (restricted by `only`), checked
/// against the built-in backends.
fn select_backends(
    cfg: &BookConfig,
    only: Option<&[String]>,
    cfg_path: &Path,
    observer: &dyn Observer,
) -> Result<Vec<Box<dyn render::Backend>>> {
    let available = render::formats::names();
    let mut out: Vec<Box<dyn render::Backend>> = Vec::new();
    match only {
        Some(list) => {
            for name in list {
                let name = name.trim();
                let b = render::formats::find(name)
                    .map(|f| f.backend())
                    .ok_or_else(|| {
                        cfg_err(
                            cfg_path,
                            format!(
                                "--to {name}: unknown output format; this galley builds {}",
                                available.join(", ")
                            ),
                        )
                    })?;
                if !out.iter().any(|x| x.name() == b.name()) {
                    out.push(b);
                }
            }
        }
        None => {
            for f in cfg.formats() {
                match render::formats::find(f).map(|f| f.backend()) {
                    Some(b) => out.push(b),
                    None => observer.warn(&format!(
                        "{}: [output.{f}] is configured but this galley has no {f} backend (it builds {}); skipping {f}",
                        cfg_path.display(),
                        available.join(", ")
                    )),
                }
            }
        }
    }
    if out.is_empty() {
        return Err(cfg_err(
            cfg_path,
            format!(
                "nothing to build: add an [output.FORMAT] table ({})",
                available.join(", ")
            ),
        ));
    }
    Ok(out)
}

/// Formats written as one file in the build folder rather than a folder.
fn single_file(format: &str) -> bool {
    render::formats::find(format).is_some_and(|f| f.layout == render::formats::Layout::File)
}

/// The name of `format`'s output in the build folder.
fn output_name(b: &dyn render::Backend, slug: &str) -> String {
    if single_file(b.name()) {
        format!("{slug}.{}", b.extension())
    } else {
        b.name().to_string()
    }
}

/// Refuses a build whose outputs would overwrite or be read as its sources:
/// an output inside (or equal to, or holding) a source folder or article.
fn check_overlap(
    plan: &Plan,
    build_dir: &Path,
    outputs: &[String],
    cfg_path: &Path,
    dest_key: &str,
) -> Result<()> {
    let b = resolve_path(build_dir);
    let files = plan
        .sections
        .iter()
        .flat_map(|s| &s.files)
        .map(|f| std::fs::canonicalize(f).unwrap_or_else(|_| f.clone()));
    for name in outputs {
        let item = b.join(name);
        for f in files.clone() {
            if f.starts_with(&item) {
                return Err(cfg_err(
                    cfg_path,
                    format!(
                        "{dest_key}: the {name} output {} would replace the article {}; choose a build folder apart from the articles",
                        item.display(),
                        f.display()
                    ),
                ));
            }
        }
        for (folder, key) in &plan.folders {
            // A source folder holding the build folder is fine: scans skip it.
            let skipped = folder != &b && b.starts_with(folder);
            if folder.starts_with(&item) || (item.starts_with(folder) && !skipped) {
                return Err(cfg_err(
                    cfg_path,
                    format!(
                        "{dest_key}: the {name} output {} overlaps the source folder {} ({key}); galley would overwrite its inputs or read its outputs back. Choose a build folder apart from the articles",
                        item.display(),
                        folder.display()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Builds the book in folder `dir` (which holds `book.toml`).
pub fn build(dir: &Path, opts: &BuildOptions, observer: &dyn Observer) -> Result<BuildReport> {
    let started = Instant::now();
    let cfg_path = dir.join("book.toml");
    let cfg = BookConfig::load(&cfg_path)?;
    // A malformed SOURCE_DATE_EPOCH fails the build before anything is read.
    BuildTime::resolve(None)?;
    let (build_dir, dest_key) = match &opts.dest {
        Some(d) => (d.clone(), "--dest"),
        None => (dir.join(&cfg.build.build_dir), "[build] build-dir"),
    };
    let backends = select_backends(&cfg, opts.formats.as_deref(), &cfg_path, observer)?;
    let root_canon = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    let inside = |key: &str, p: &Path| -> Result<()> {
        if cfg.build.allow_outside {
            return Ok(());
        }
        match std::fs::canonicalize(p) {
            Ok(c) if !c.starts_with(&root_canon) => Err(cfg_err(
                &cfg_path,
                format!(
                    "{key}: {} is outside the book folder {}; galley reads only inside it unless [build] allow-outside = true",
                    p.display(),
                    root_canon.display()
                ),
            )),
            _ => Ok(()),
        }
    };
    // Themes and the cover are read (each format's `prepare`) before any
    // article is.
    let max_bytes = opts
        .max_input_size
        .or(cfg.build.max_input_size)
        .unwrap_or(crate::ReadLimits::default().max_bytes);
    let assets = render::formats::Assets {
        root: dir,
        config: &cfg_path,
        check: &inside,
        max_bytes,
    };
    let mut contexts = Vec::new();
    for b in &backends {
        let Some(format) = render::formats::find(b.name()) else {
            continue;
        };
        let options = match cfg.output(format.name) {
            Some(o) => o.options.clone(),
            None => format.default_options(),
        };
        let (theme, options) = format.prepare(&options, &assets)?;
        contexts.push((theme, options));
    }
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

    let pool = {
        let mut b = rayon::ThreadPoolBuilder::new();
        if let Some(n) = opts.jobs {
            b = b.num_threads(n.max(1));
        }
        b.build()
            .map_err(|e| Error::render("build", format!("cannot start worker threads: {e}")))?
    };
    let mut limits = crate::ReadLimits::default();
    if let Some(n) = opts.max_input_size.or(cfg.build.max_input_size) {
        limits.max_bytes = n;
    }
    let loaded = pool.install(|| load(&cfg, &sections, dir, &normalizer, &limits, observer))?;
    observer.rendering();
    let time = build_time(&loaded.book)?;
    let book = &loaded.book;

    // Render everything in memory first: a failing backend writes nothing.
    let rendered: Vec<Result<Vec<render::OutputFile>>> = pool.install(|| {
        use rayon::prelude::*;
        backends
            .par_iter()
            .zip(contexts.par_iter())
            .map(|(b, (theme, options))| {
                let mut ctx = RenderContext::new(Mode::Collection, time);
                ctx.theme = theme.clone();
                ctx.options.insert(b.name(), options.clone());
                b.render(book, &ctx)
            })
            .collect()
    });
    let mut outputs = Vec::new();
    let mut written = Vec::new();
    for ((b, r), name) in backends.iter().zip(rendered).zip(&names) {
        let mut files = r?;
        for w in files.iter().flat_map(|f| &f.warnings) {
            observer.warn(w);
        }
        let bytes: u64 = files.iter().map(|f| f.bytes.len() as u64).sum();
        written.push(Written {
            format: b.name(),
            path: build_dir.join(name),
            files: files.len(),
            bytes,
        });
        let content = if single_file(b.name()) && files.len() == 1 {
            crate::outdir::Content::File(std::mem::take(&mut files[0].bytes))
        } else {
            crate::outdir::Content::Folder(files)
        };
        outputs.push(crate::outdir::Output {
            format: b.name().to_string(),
            name: name.clone(),
            content,
        });
    }
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
    fn ids_are_unique_slugs() {
        let ids = assign_ids(
            [
                "Ferry fares rise",
                "Ferry fares rise",
                "Ferry fares rise",
                "Ça va",
            ]
            .into_iter(),
        );
        assert_eq!(
            ids,
            [
                "ferry-fares-rise",
                "ferry-fares-rise-2",
                "ferry-fares-rise-3",
                "ca-va"
            ]
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(999), "999 B");
        assert_eq!(human_size(34_400), "34 KB");
        assert_eq!(human_size(1_250_000), "1.2 MB");
    }

    fn book_dir(toml: &str, files: &[&str]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("book.toml"), toml).unwrap();
        for f in files {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, format!("Title of {f}\n\nBody of {f}.\n")).unwrap();
        }
        d
    }

    fn plan_of(d: &Path) -> Result<Vec<PlannedSection>> {
        let p = d.join("book.toml");
        let cfg = BookConfig::load(&p)?;
        plan(&cfg, d, &p, &d.join("book"))
    }

    fn names(s: &PlannedSection) -> Vec<String> {
        s.files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn sections_pick_from_src_and_rest_comes_first() {
        let d = book_dir(
            "[book]\ntitle='t'\nsrc='articles'\n[[section]]\ntitle='Port'\narticles=['articles/b.md']\n[[section]]\ntitle='All'\narticles=['articles/*.txt']\n",
            &[
                "articles/a.txt",
                "articles/b.md",
                "articles/c.txt",
                "articles/sub/d.md",
                "articles/.hidden.md",
                "articles/x.pdf",
            ],
        );
        let plan = plan_of(d.path()).unwrap();
        assert_eq!(plan.len(), 3);
        assert_eq!(plan[0].title, None);
        assert_eq!(names(&plan[0]), ["d.md"]);
        assert_eq!(names(&plan[1]), ["b.md"]);
        assert_eq!(names(&plan[2]), ["a.txt", "c.txt"]);
    }

    #[test]
    fn plan_errors_are_clear() {
        let d = book_dir("[book]\ntitle='t'\narticles=['missing.txt']\n", &[]);
        let e = plan_of(d.path()).unwrap_err().to_string();
        assert!(e.contains("missing.txt") && e.contains("not found"), "{e}");
        let d = book_dir("[book]\ntitle='t'\narticles=['a/[.txt']\n", &[]);
        let e = plan_of(d.path()).unwrap_err().to_string();
        assert!(e.contains("bad glob"), "{e}");
        let d = book_dir("[book]\ntitle='t'\narticles=['*.md']\n", &["a.txt"]);
        let e = plan_of(d.path()).unwrap_err().to_string();
        assert!(e.contains("matches no article files"), "{e}");
        let d = book_dir("[book]\ntitle='t'\narticles=[]\n", &[]);
        let e = plan_of(d.path()).unwrap_err().to_string();
        assert!(e.contains("no articles"), "{e}");
        let d = book_dir(
            "[book]\ntitle='t'\narticles=['a.txt','a.txt']\n[[section]]\ntitle='s'\narticles=['a.txt', 'a.txt']\n",
            &["a.txt"],
        );
        let e = plan_of(d.path()).unwrap_err().to_string();
        assert!(e.contains("listed twice"), "{e}");
    }
}
