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
use crate::theme::Theme;
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

/// Every article file under `dir`, recursively, in path order, skipping hidden
/// entries and `skip` (the build folder).
fn scan(dir: &Path, skip: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden || p == skip {
            continue;
        }
        if p.is_dir() {
            scan(&p, skip, out)?;
        } else if is_article_file(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// Expands one `articles` entry (a path or glob, relative to `root`).
fn expand(entry: &str, root: &Path, cfg_path: &Path, where_: &str) -> Result<(Vec<PathBuf>, bool)> {
    let is_glob = entry.contains(['*', '?', '[']);
    if !is_glob {
        let p = root.join(entry);
        if p.is_dir() {
            let mut v = Vec::new();
            scan(&p, Path::new(""), &mut v)?;
            return Ok((v, true));
        }
        if !p.exists() {
            return Err(cfg_err(
                cfg_path,
                format!(
                    "{where_}: article file {entry:?} not found (looked for {})",
                    p.display()
                ),
            ));
        }
        return Ok((vec![p], false));
    }
    let pattern = root.join(entry);
    let pattern = pattern.to_string_lossy();
    let paths = glob::glob(&pattern).map_err(|e| {
        cfg_err(
            cfg_path,
            format!(
                "{where_}: bad glob pattern {entry:?}: {} (at character {})",
                e.msg,
                e.pos + 1
            ),
        )
    })?;
    let mut v = Vec::new();
    for p in paths {
        let p =
            p.map_err(|e| Error::io(e.path().to_path_buf(), std::io::Error::other(e.to_string())))?;
        if p.is_file() && is_article_file(&p) {
            v.push(p);
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
            let d = root.join(src);
            if !d.is_dir() {
                return Err(cfg_err(
                    cfg_path,
                    format!("{where_}: src folder {} not found", d.display()),
                ));
            }
            let mut v = Vec::new();
            scan(&d, build_dir, &mut v)?;
            files.extend(v.into_iter().map(|p| (p, true)));
        }
        for e in &s.articles {
            let (v, pat) = expand(e, root, cfg_path, &where_)?;
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
        let d = root.join(src);
        if !d.is_dir() {
            return Err(cfg_err(
                cfg_path,
                format!("[book] src folder {} not found", d.display()),
            ));
        }
        let mut v = Vec::new();
        scan(&d, build_dir, &mut v)?;
        pool.extend(v.into_iter().map(|p| (p, true)));
    }
    if let Some(list) = &cfg.book.articles {
        for e in list {
            let (v, pat) = expand(e, root, cfg_path, "[book] articles")?;
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
    Ok(sections)
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
    observer: &dyn Observer,
) -> Result<LoadedBook> {
    use rayon::prelude::*;
    let files: Vec<&PathBuf> = sections.iter().flat_map(|s| &s.files).collect();
    observer.start(files.len());
    let results: Vec<Result<crate::Converted>> = files
        .par_iter()
        .map(|p| {
            let r = crate::convert_file(p, None, normalizer);
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
    let newest = book
        .articles()
        .filter_map(|a| a.doc.meta.date.as_deref())
        .filter_map(render::shared::iso_date)
        .filter_map(|d| crate::time::parse_iso_date(&d))
        .map(|t| t.epoch)
        .max()
        .map(|e| BuildTime::fixed(e).date());
    BuildTime::resolve(book.meta.date.as_deref().or(newest.as_deref()))
}

fn theme_for(cfg: &BookConfig, format: &str, root: &Path) -> Result<Theme> {
    match cfg.theme_for(format) {
        None => Ok(Theme::default()),
        Some(t) if t == "default" => Ok(Theme::default()),
        Some(t) => Theme::from_dir(root.join(t)),
    }
}

/// Output formats to build: configured ones (restricted by `only`), checked
/// against the built-in backends.
fn select_backends(
    cfg: &BookConfig,
    only: Option<&[String]>,
    cfg_path: &Path,
    observer: &dyn Observer,
) -> Result<Vec<Box<dyn render::Backend>>> {
    let available: Vec<&'static str> = render::backends().iter().map(|b| b.name()).collect();
    let mut out: Vec<Box<dyn render::Backend>> = Vec::new();
    match only {
        Some(list) => {
            for name in list {
                let name = name.trim();
                let b = render::backend(name).ok_or_else(|| {
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
                match render::backend(f) {
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
    matches!(format, "epub" | "pdf")
}

/// Writes `files` as folder `dir`: into a fresh sibling temp folder, then
/// swapped in place, so stale files of earlier builds disappear and a crash
/// never leaves a half-written folder.
fn write_folder(dir: &Path, files: &[render::OutputFile]) -> Result<u64> {
    let parent = dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".galley-");
    // A temp folder is owner-only (0o700); the book folder should not be.
    #[cfg(unix)]
    builder.permissions(crate::fsio::default_permissions(true));
    let tmp = builder
        .tempdir_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    let mut total = 0u64;
    for f in files {
        if f.path.is_absolute()
            || f.path
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            return Err(Error::render(
                "build",
                format!("backend produced an unsafe path {}", f.path.display()),
            ));
        }
        let p = tmp.path().join(&f.path);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
        }
        std::fs::write(&p, &f.bytes).map_err(|e| Error::io(&p, e))?;
        total += f.bytes.len() as u64;
    }
    let tmp = tmp.keep();
    if dir.exists() {
        let old = parent.join(format!(
            ".galley-old-{}",
            dir.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        let _ = std::fs::remove_dir_all(&old);
        std::fs::rename(dir, &old).map_err(|e| Error::io(dir, e))?;
        std::fs::rename(&tmp, dir).map_err(|e| Error::io(dir, e))?;
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(&tmp, dir).map_err(|e| Error::io(dir, e))?;
    }
    Ok(total)
}

/// Builds the book in folder `dir` (which holds `book.toml`).
pub fn build(dir: &Path, opts: &BuildOptions, observer: &dyn Observer) -> Result<BuildReport> {
    let started = Instant::now();
    let cfg_path = dir.join("book.toml");
    let cfg = BookConfig::load(&cfg_path)?;
    let build_dir = match &opts.dest {
        Some(d) => d.clone(),
        None => dir.join(&cfg.build.build_dir),
    };
    let backends = select_backends(&cfg, opts.formats.as_deref(), &cfg_path, observer)?;
    // Themes and the cover are checked before any article is read.
    let mut contexts = Vec::new();
    for b in &backends {
        let theme = theme_for(&cfg, b.name(), dir)?;
        let mut options = cfg.options_json(b.name())?;
        if let (Some(v), Some(cover)) = (
            options.as_mut(),
            cfg.output
                .epub
                .as_ref()
                .and_then(|e| e.cover.as_ref())
                .filter(|_| b.name() == "epub"),
        ) {
            let p = dir.join(cover);
            crate::render::epub::load_cover(&p)
                .map_err(|e| cfg_err(&cfg_path, format!("[output.epub] cover: {e}")))?;
            v["cover"] = serde_json::Value::String(p.to_string_lossy().into_owned());
        }
        contexts.push((theme, options));
    }
    let normalizer = Normalizer::new(cfg.normalize.clone())
        .map_err(|e| cfg_err(&cfg_path, format!("[normalize]: {e}")))?;
    let sections = plan(&cfg, dir, &cfg_path, &build_dir)?;

    let pool = {
        let mut b = rayon::ThreadPoolBuilder::new();
        if let Some(n) = opts.jobs {
            b = b.num_threads(n.max(1));
        }
        b.build()
            .map_err(|e| Error::render("build", format!("cannot start worker threads: {e}")))?
    };
    let loaded = pool.install(|| load(&cfg, &sections, dir, &normalizer, observer))?;
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
                if let Some(o) = options {
                    ctx.options.insert(b.name().to_string(), o.clone());
                }
                b.render(book, &ctx)
            })
            .collect()
    });
    let mut outputs = Vec::new();
    for (b, r) in backends.iter().zip(rendered) {
        let files = r?;
        for w in files.iter().flat_map(|f| &f.warnings) {
            observer.warn(w);
        }
        outputs.push((b, files));
    }
    let slug = render::slugify(&book.meta.title);
    let mut written = Vec::new();
    for (b, files) in outputs {
        if single_file(b.name()) && files.len() == 1 {
            let p = build_dir.join(format!("{slug}.{}", b.extension()));
            crate::fsio::write_atomic(&p, &files[0].bytes)?;
            written.push(Written {
                format: b.name(),
                path: p,
                files: 1,
                bytes: files[0].bytes.len() as u64,
            });
        } else {
            let d = build_dir.join(b.name());
            let bytes = write_folder(&d, &files)?;
            written.push(Written {
                format: b.name(),
                path: d,
                files: files.len(),
                bytes,
            });
        }
    }
    Ok(BuildReport {
        articles: book.articles().count(),
        removed: loaded.removed,
        flagged: loaded.flagged,
        outputs: written,
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
