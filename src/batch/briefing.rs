//! Per-reader briefings: `galley build --manifest readers.jsonl --articles
//! STORE --dest OUT`.
//!
//! Each manifest line is `{"reader": id, "title"?, "subtitle"?, "date"?,
//! "language"?, "articles": [ids…], "formats"?: ["epub", "pdf"]}` (EPUB when
//! no formats are given). The store is read and every article normalized
//! once ([`super::store`]); each reader's book is then made of the cached
//! documents and rendered, in parallel, and written as `OUT/<reader>.epub`
//! and `OUT/<reader>.pdf` through the build folder's transaction (one
//! commit per window of readers, each file renamed into place; nothing
//! galley did not write is overwritten, nothing is removed). The build time
//! is the one `galley build` uses (`SOURCE_DATE_EPOCH`, else the book's
//! date, else the newest article's), so a rebuild is byte-identical.
//!
//! One JSON line per manifest line goes to `out`: `{"reader", "files",
//! "articles"}`, or `{"reader"?, "line", "error"}` for a reader that failed
//! (a bad line, an unsafe or repeated id, an unknown article, an unknown
//! format), without stopping the others.

use super::files::DirSink;
use super::record::ErrorRecord;
use super::store::{self, Store};
use super::{Done, Line, Lines};
use crate::build::{assign_ids, build_time};
use crate::config::BookConfig;
use crate::error::{Error, Result};
use crate::model::{Article, Book, BookMeta, Date, Document, Section};
use crate::normalize::Normalizer;
use crate::read::ReadLimits;
use crate::render::{Mode, RenderContext, formats};
use crate::theme::Theme;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

/// Options of a briefing build.
#[derive(Debug, Clone)]
pub struct BriefingOptions {
    /// Worker threads; 0 = one per core.
    pub jobs: usize,
    /// The largest store article and manifest line read.
    pub limits: ReadLimits,
    /// Readers per commit.
    pub window: usize,
    /// The book folder whose `book.toml` sets the books' defaults: each
    /// format's `[output.FORMAT]` theme and options, the `[book]` title
    /// (when a reader gives none), authors, language and description. `None`:
    /// the formats' defaults. (The store's articles are normalized with the
    /// caller's normalizer: build it from the same `[normalize]`.)
    pub book: Option<BookDefaults>,
}

/// A book folder and its `book.toml`, for [`BriefingOptions::book`].
#[derive(Debug, Clone)]
pub struct BookDefaults {
    /// The folder holding `book.toml` (theme and cover paths resolve
    /// against it, and stay inside it unless `[build] allow-outside`).
    pub dir: std::path::PathBuf,
    /// The parsed `book.toml`.
    pub config: BookConfig,
}

impl Default for BriefingOptions {
    fn default() -> Self {
        BriefingOptions {
            jobs: 0,
            limits: ReadLimits::default(),
            window: 64,
            book: None,
        }
    }
}

/// What a briefing build did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BriefingSummary {
    /// Manifest lines.
    pub readers: u64,
    /// Readers whose books were all written.
    pub built: u64,
    /// Readers that failed (error records).
    pub failed: u64,
    /// Files written.
    pub files: u64,
    /// Articles of the store that were read and normalized: those the
    /// manifest's readers name.
    pub articles: usize,
    /// Times the normalizer ran: equal to `articles` (and the broken store
    /// records it saw), however many books each article is in.
    pub normalized: usize,
    /// Store lines that gave no article (each also an error record).
    pub store_errors: u64,
    /// The reader of the output went away: the run stopped.
    pub closed: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReaderLine {
    reader: serde_json::Value,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    subtitle: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    language: Option<String>,
    articles: Vec<serde_json::Value>,
    #[serde(default)]
    formats: Option<Vec<String>>,
}

#[derive(Debug, Serialize)]
struct Built<'a> {
    reader: &'a str,
    files: Vec<String>,
    articles: usize,
}

/// The formats a briefing can be: one file per reader.
fn book_format(name: &str) -> Option<&'static formats::Format> {
    formats::find(name.trim()).filter(|f| f.layout == formats::Layout::File)
}

/// What every reader's books share: the formats' themes and options, the
/// store, the names already taken.
struct Shared<'a> {
    store: &'a Store,
    prepared: Vec<(&'static formats::Format, Theme, formats::Options)>,
    /// `[book]` of the book folder's `book.toml`, if any.
    book: Option<&'a crate::config::book::BookTable>,
}

/// Reads, checks and renders manifest line `line`.
fn one_reader(bytes: &[u8], line: u64, sh: &Shared<'_>) -> std::result::Result<Done, ErrorRecord> {
    let err = |reader: Option<String>, error: String| ErrorRecord {
        id: None,
        reader,
        line,
        error,
    };
    let text = std::str::from_utf8(bytes)
        .map_err(|_| err(None, format!("manifest line {line} is not UTF-8")))?;
    let r: ReaderLine =
        serde_json::from_str(text).map_err(|e| err(None, format!("manifest line {line}: {e}")))?;
    let Some(reader) = super::id_text(&r.reader) else {
        return Err(err(
            None,
            format!("manifest line {line}: \"reader\" must be a string or a number"),
        ));
    };
    let e = |m: String| err(Some(reader.clone()), format!("manifest line {line}: {m}"));
    if let Some(why) = super::unsafe_name(&reader) {
        return Err(e(format!(
            "the reader id {reader:?} cannot be a file name: it {why}"
        )));
    }
    if r.articles.is_empty() {
        return Err(e("no articles".into()));
    }
    let wanted = r.formats.unwrap_or_else(|| vec!["epub".into()]);
    let mut fmts = Vec::new();
    for w in &wanted {
        let Some(f) = book_format(w) else {
            let names: Vec<&str> = sh.prepared.iter().map(|p| p.0.name).collect();
            return Err(e(format!(
                "unknown book format {w:?}; a briefing is one of {}",
                names.join(", ")
            )));
        };
        if !fmts.iter().any(|x: &&formats::Format| x.name == f.name) {
            fmts.push(f);
        }
    }
    let mut docs = Vec::with_capacity(r.articles.len());
    for a in &r.articles {
        let Some(id) = super::id_text(a) else {
            return Err(e(format!("article ids are strings or numbers, not {a}")));
        };
        match sh.store.docs.get(&id) {
            None => return Err(e(format!("unknown article id {id:?} (not in the store)"))),
            Some(Err(why)) => return Err(e(format!("article {id:?} could not be read: {why}"))),
            Some(Ok(d)) => docs.push((id, d)),
        }
    }
    let names: Vec<(&str, &str)> = docs
        .iter()
        .map(|(id, d)| {
            let t = d.meta.title.as_deref().filter(|t| !t.trim().is_empty());
            (t.unwrap_or(id), id.as_str())
        })
        .collect();
    let ids = assign_ids(names.into_iter());
    let declared = |l: &Option<String>| l.clone().filter(|l| !l.trim().is_empty());
    let language = declared(&r.language)
        .or_else(|| sh.book.and_then(|b| declared(&b.language)))
        .or_else(|| docs.first().and_then(|(_, d)| d.meta.language.clone()))
        .unwrap_or_else(|| "en".into());
    let articles: Vec<Article> = docs
        .iter()
        .zip(ids)
        .map(|((sid, d), id)| Article {
            id,
            source_path: sid.clone(),
            doc: Document::clone(d),
        })
        .collect();
    let book = Book {
        meta: BookMeta {
            title: r
                .title
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .or_else(|| {
                    sh.book
                        .map(|b| b.title.trim().to_string())
                        .filter(|t| !t.is_empty())
                })
                .unwrap_or_else(|| "Briefing".into()),
            subtitle: r.subtitle.filter(|s| !s.trim().is_empty()),
            authors: sh.book.map(|b| b.authors.clone()).unwrap_or_default(),
            language,
            date: r.date.filter(|d| !d.trim().is_empty()).map(Date::parse),
            description: sh.book.and_then(|b| declared(&b.description)),
        },
        sections: vec![Section::new(None, articles)],
    };
    let time = build_time(&book).map_err(|x| e(x.to_string()))?;
    let mut files = Vec::new();
    for f in fmts {
        let Some((_, theme, options)) = sh.prepared.iter().find(|p| p.0.name == f.name) else {
            continue;
        };
        let mut ctx = RenderContext::new(Mode::Collection, time);
        ctx.theme = theme.clone();
        ctx.options.insert(f.name, options.clone());
        let rendered = f
            .backend()
            .render(&book, &ctx)
            .map_err(|x| e(x.to_string()))?;
        let Some(file) = rendered.into_iter().next() else {
            return Err(e(format!("the {} backend wrote nothing", f.name)));
        };
        files.push((format!("{reader}.{}", f.extension), f.name, file.bytes));
    }
    let json = serde_json::to_string(&Built {
        reader: &reader,
        files: files.iter().map(|f| f.0.clone()).collect(),
        articles: book.articles().count(),
    })
    .map_err(|x| e(x.to_string()))?;
    Ok(Done {
        line,
        id: None,
        reader: Some(reader),
        json,
        ok: true,
        files,
    })
}

/// Each single-file format's theme and options: the book folder's
/// `[output.FORMAT]` table when there is one, else the format's defaults.
fn prepare(
    book: Option<&BookDefaults>,
    max_bytes: u64,
) -> Result<Vec<(&'static formats::Format, Theme, formats::Options)>> {
    let cfg_path = book.map(|b| b.dir.join("book.toml"));
    let inside = match (book, &cfg_path) {
        (Some(b), Some(p)) => Some(crate::build::inside_book(&b.config, &b.dir, p)?),
        _ => None,
    };
    let anywhere = |_: &str, _: &Path| Ok(());
    let assets = formats::Assets {
        root: book.map_or(Path::new("."), |b| b.dir.as_path()),
        config: cfg_path
            .as_deref()
            .unwrap_or(Path::new("the briefing manifest")),
        check: match &inside {
            Some(f) => f,
            None => &anywhere,
        },
        max_bytes,
    };
    let mut prepared = Vec::new();
    for f in formats::FORMATS
        .iter()
        .filter(|f| f.layout == formats::Layout::File)
    {
        let options = book
            .and_then(|b| b.config.output(f.name))
            .map_or_else(|| f.default_options(), |o| o.options.clone());
        let (theme, options) = f.prepare(&options, &assets)?;
        prepared.push((f, theme, options));
    }
    Ok(prepared)
}

/// Builds every reader's books of `manifest` from the articles of `store`
/// into `dest`, writing one JSON line per reader to `out`.
pub fn build(
    manifest: &Path,
    store_path: &Path,
    dest: &Path,
    opts: &BriefingOptions,
    normalizer: &Normalizer,
    out: &mut dyn Write,
    waiting: &dyn Fn(&str),
) -> Result<BriefingSummary> {
    check_build_time()?;
    let mut b = rayon::ThreadPoolBuilder::new();
    if opts.jobs > 0 {
        b = b.num_threads(opts.jobs);
    }
    let pool = b
        .build()
        .map_err(|e| Error::render("build", format!("cannot start worker threads: {e}")))?;
    let wanted = wanted_articles(manifest, &opts.limits)?;
    let file = std::fs::File::open(manifest).map_err(|e| Error::io(manifest, e))?;
    let store = store::load(store_path, normalizer, &opts.limits, &pool, Some(&wanted))?;
    let mut summary = BriefingSummary {
        articles: store.articles(),
        normalized: normalizer.runs(),
        ..BriefingSummary::default()
    };
    let mut text = String::new();
    for e in &store.errors {
        text.push_str(&super::error_json(e));
        text.push('\n');
        summary.store_errors += 1;
    }
    if write_out(out, &text)? {
        summary.closed = true;
        return Ok(summary);
    }
    let prepared = prepare(opts.book.as_ref(), opts.limits.max_bytes)?;
    let shared = Shared {
        store: &store,
        prepared,
        book: opts.book.as_ref().map(|b| &b.config.book),
    };
    let mut sink = DirSink::open(dest, waiting)?;
    let max = usize::try_from(opts.limits.max_bytes).unwrap_or(usize::MAX);
    let mut lines = Lines::new(std::io::BufReader::new(file), max);
    let mut n = 0u64;
    let mut seen: HashSet<String> = HashSet::new();
    loop {
        let mut window = Vec::new();
        while window.len() < opts.window.max(1) {
            match lines.next_line().map_err(|e| Error::io(manifest, e))? {
                Some(l) => {
                    n += 1;
                    window.push((n, l));
                }
                None => break,
            }
        }
        if window.is_empty() {
            break;
        }
        let done: Vec<Done> = pool.install(|| {
            use rayon::prelude::*;
            window
                .into_par_iter()
                .map(|(n, l)| {
                    let r = match l {
                        Line::Bytes(b) => one_reader(&b, n, &shared),
                        Line::TooLong { len } => Err(ErrorRecord {
                            id: None,
                            reader: None,
                            line: n,
                            error: format!("manifest line {n} is {len} bytes, over the read limit"),
                        }),
                    };
                    r.unwrap_or_else(super::failed)
                })
                .collect()
        });
        // A reader named twice: the second is an error, not an overwrite.
        let done: Vec<Done> = done
            .into_iter()
            .map(|d| match &d.reader {
                Some(r) if d.ok && !seen.insert(r.clone()) => super::failed(ErrorRecord {
                    id: None,
                    reader: Some(r.clone()),
                    line: d.line,
                    error: format!("manifest line {}: the reader {r:?} is named twice; only the first is built", d.line),
                }),
                _ => d,
            })
            .collect();
        let counts: Vec<u64> = done.iter().map(|d| d.files.len() as u64).collect();
        let done = sink.write(done)?;
        let mut text = String::new();
        for (d, files) in done.iter().zip(counts) {
            text.push_str(&d.json);
            text.push('\n');
            summary.readers += 1;
            if d.ok {
                summary.built += 1;
                summary.files += files;
            } else {
                summary.failed += 1;
            }
        }
        if write_out(out, &text)? {
            summary.closed = true;
            return Ok(summary);
        }
    }
    Ok(summary)
}

/// Every article id the manifest's readers name (a first, light pass over
/// the manifest: only those articles of the store are normalized).
fn wanted_articles(manifest: &Path, limits: &ReadLimits) -> Result<HashSet<String>> {
    #[derive(Deserialize)]
    struct Ids {
        #[serde(default)]
        articles: Vec<serde_json::Value>,
    }
    let file = std::fs::File::open(manifest).map_err(|e| Error::io(manifest, e))?;
    let max = usize::try_from(limits.max_bytes).unwrap_or(usize::MAX);
    let mut lines = Lines::new(std::io::BufReader::new(file), max);
    let mut wanted = HashSet::new();
    while let Some(l) = lines.next_line().map_err(|e| Error::io(manifest, e))? {
        if let Line::Bytes(b) = l
            && let Ok(ids) = serde_json::from_slice::<Ids>(&b)
        {
            wanted.extend(ids.articles.iter().filter_map(super::id_text));
        }
    }
    Ok(wanted)
}

/// A malformed `SOURCE_DATE_EPOCH` fails the build before anything is read.
fn check_build_time() -> Result<()> {
    crate::time::BuildTime::resolve(None).map(|_| ())
}

/// Writes `text`; `Ok(true)` when the reader has gone (a closed pipe).
fn write_out(out: &mut dyn Write, text: &str) -> Result<bool> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(false),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(true),
        Err(e) => Err(Error::io("<stdout>", e)),
    }
}
