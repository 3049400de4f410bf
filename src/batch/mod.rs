//! `galley batch`: articles streamed as JSON Lines, for engines that run a
//! command over records on stdin and stdout (Spark's `rdd.pipe`, Hadoop
//! streaming, Beam, Ray, a Kubernetes job). galley schedules nothing itself.
//!
//! One input line is one article, `{"id", "text" | "markdown" | "html",
//! "url"?, "title"?, "authors"?, "date"?, "language"?, "source"?}`; one
//! output line comes back for each, in input order: `{"id", "meta",
//! "markdown"?, "html"?, "txt"?, "report": {"removed", "flagged",
//! "findings"?}}`, or `{"id"?, "line", "error"}` for a line that gave no
//! article (not JSON, not UTF-8, no text field, an empty or binary text, a
//! line over the size limit). The stream goes on after an error.
//!
//! Memory is bounded whatever the stream's length: lines are read in windows
//! ([`BatchOptions::window`] records, or [`WINDOW_BYTES`] of input), each
//! window converted in parallel on [`BatchOptions::jobs`] threads (rayon) and
//! written out in order before the next is read. A line longer than the read
//! limit is skipped without being held.
//!
//! The same conversion reads a folder of files ([`DirSource`], `--from DIR`)
//! and writes files instead of record fields ([`DirSink`], `--to-dir DIR`),
//! through the build folder's transaction ([`crate::outdir`]): galley never
//! overwrites or removes a file it did not write. [`briefing`] builds one
//! book per reader of a manifest from a store of converted articles.
//!
//! The pieces: `record.rs` (input and output records, safe file names),
//! `lines.rs` (bounded lines), `files.rs` (`--from`, `--to-dir`),
//! `store.rs` and `briefing.rs` (`galley build --manifest`).

pub mod briefing;
mod files;
mod lines;
mod record;
mod store;

pub use files::{DirSink, DirSource};
pub use lines::{Line, Lines};
pub use record::{
    Bodies, ErrorRecord, InputRecord, OutputRecord, RecordReport, id_text, parse_line, unsafe_name,
};

use crate::error::{Error, Result};
use crate::model::{Book, Date};
use crate::normalize::{Action, Normalizer};
use crate::read::ReadLimits;
use crate::render::{Mode, RenderContext, formats};
use crate::time::BuildTime;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Input bytes at most in one window (besides its record count).
pub const WINDOW_BYTES: usize = 64 << 20;

/// Options of one batch run.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Output formats (registry names: `markdown`, `html`, `txt`; with a
    /// [`DirSink`] also `epub`, `pdf`).
    pub formats: Vec<&'static formats::Format>,
    /// Worker threads; 0 = one per core.
    pub jobs: usize,
    /// Records in flight at most (one window).
    pub window: usize,
    /// Put every finding in the record's report.
    pub findings: bool,
    /// The largest article (and input line) read.
    pub limits: ReadLimits,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            formats: formats::find("markdown").into_iter().collect(),
            jobs: 0,
            window: 256,
            findings: false,
            limits: ReadLimits::default(),
        }
    }
}

/// What a batch run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records written (articles and errors).
    pub records: u64,
    /// Error records among them.
    pub failed: u64,
    /// The reader of the output went away (a closed pipe): the run stopped.
    pub closed: bool,
}

/// One unit of input: a line of the stream or a file of `--from DIR`.
#[derive(Debug)]
pub enum Item {
    /// A line (1-based number).
    Line(u64, Line),
    /// A file (its 1-based position in the folder listing).
    File(u64, PathBuf),
}

impl Item {
    fn size(&self) -> usize {
        match self {
            Item::Line(_, Line::Bytes(b)) => b.len(),
            _ => 0,
        }
    }
}

/// Where the items come from.
pub trait Source {
    /// The next item; `None` at the end.
    fn next_item(&mut self) -> Result<Option<Item>>;
}

/// The next window of at most `max_items` items (at least one) and
/// [`WINDOW_BYTES`] of input; empty at the end of `source`.
pub(crate) fn next_window(source: &mut dyn Source, max_items: usize) -> Result<Vec<Item>> {
    let mut window = Vec::new();
    let mut bytes = 0;
    while window.len() < max_items.max(1) && bytes < WINDOW_BYTES {
        match source.next_item()? {
            Some(item) => {
                bytes += item.size();
                window.push(item);
            }
            None => break,
        }
    }
    Ok(window)
}

/// The lines of a stream as items.
pub struct LineSource<R> {
    lines: Lines<R>,
    n: u64,
}

impl<R: BufRead> LineSource<R> {
    /// Lines of `reader`, each up to `max` bytes.
    pub fn new(reader: R, max: usize) -> Self {
        LineSource {
            lines: Lines::new(reader, max),
            n: 0,
        }
    }
}

impl<R: BufRead> Source for LineSource<R> {
    fn next_item(&mut self) -> Result<Option<Item>> {
        let line = self
            .lines
            .next_line()
            .map_err(|e| Error::io(crate::read::input::STDIN_NAME, e))?;
        Ok(line.map(|l| {
            self.n += 1;
            Item::Line(self.n, l)
        }))
    }
}

/// A converted item: its output line, and files for a [`DirSink`].
struct Done {
    line: u64,
    id: Option<serde_json::Value>,
    /// A briefing's reader.
    reader: Option<String>,
    /// The record, or the error record, as one JSON line (no `\n`).
    json: String,
    ok: bool,
    /// `(file name, format, bytes)` for `--to-dir`.
    files: Vec<(String, &'static str, Vec<u8>)>,
}

/// The JSON of an error record.
fn error_json(e: &ErrorRecord) -> String {
    serde_json::to_string(e).unwrap_or_else(|_| format!("{{\"line\":{},\"error\":\"?\"}}", e.line))
}

fn failed(e: ErrorRecord) -> Done {
    Done {
        line: e.line,
        id: e.id.clone(),
        reader: e.reader.clone(),
        json: error_json(&e),
        ok: false,
        files: Vec::new(),
    }
}

/// Reads, normalizes and renders one record.
fn convert(
    rec: InputRecord,
    line: u64,
    opts: &BatchOptions,
    normalizer: &Normalizer,
    to_dir: bool,
) -> std::result::Result<Done, ErrorRecord> {
    let err = |id: &Option<serde_json::Value>, error: String| ErrorRecord {
        id: id.clone(),
        reader: None,
        line,
        error,
    };
    let id_txt = rec.id.as_ref().and_then(id_text);
    if to_dir {
        match &id_txt {
            None => {
                return Err(err(
                    &rec.id,
                    format!("line {line}: --to-dir needs an \"id\" (the file name)"),
                ));
            }
            Some(i) => {
                if let Some(why) = unsafe_name(i) {
                    return Err(err(
                        &rec.id,
                        format!("line {line}: id {i:?} cannot be a file name: it {why}"),
                    ));
                }
            }
        }
    }
    if rec.body.len() as u64 > opts.limits.max_bytes {
        return Err(err(
            &rec.id,
            format!(
                "line {line}: the article is {} bytes, over the limit of {} (--max-input-size)",
                rec.body.len(),
                opts.limits.max_bytes
            ),
        ));
    }
    let name = PathBuf::from(match &id_txt {
        Some(i) => format!("record {i}"),
        None => format!("line {line}"),
    });
    let c = crate::convert_bytes_stated(&rec.body, &name, rec.format, normalizer, &rec.stated)
        .map_err(|e| err(&rec.id, e.to_string()))?;
    let time = BuildTime::resolve(c.doc.meta.date.as_ref().and_then(Date::iso_day))
        .map_err(|e| err(&rec.id, e.to_string()))?;
    let report = RecordReport {
        removed: c.report.count(Action::Removed),
        flagged: c.report.count(Action::Flagged),
        findings: opts
            .findings
            .then(|| c.report.sorted().into_iter().cloned().collect()),
    };
    let meta = c.doc.meta.clone();
    let book = Book::single(id_txt.as_deref().unwrap_or("article"), c.doc);
    let ctx = RenderContext::new(Mode::Single, time);
    let mut out = OutputRecord {
        id: rec.id.clone().unwrap_or(serde_json::Value::Null),
        meta,
        markdown: None,
        html: None,
        txt: None,
        files: Vec::new(),
        report,
    };
    let mut files = Vec::new();
    for f in &opts.formats {
        let rendered = f
            .backend()
            .render(&book, &ctx)
            .map_err(|e| err(&rec.id, e.to_string()))?;
        let bytes = rendered
            .into_iter()
            .next()
            .map(|f| f.bytes)
            .unwrap_or_default();
        if to_dir {
            let file = format!("{}.{}", id_txt.as_deref().unwrap_or("article"), f.extension);
            out.files.push(file.clone());
            files.push((file, f.name, bytes));
            continue;
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| err(&rec.id, format!("{}: the output is not UTF-8", f.name)))?;
        match f.name {
            "markdown" => out.markdown = Some(text),
            "html" => out.html = Some(text),
            _ => out.txt = Some(text),
        }
    }
    let json = serde_json::to_string(&out).map_err(|e| err(&rec.id, e.to_string()))?;
    Ok(Done {
        line,
        id: rec.id,
        reader: None,
        json,
        ok: true,
        files,
    })
}

fn process(item: Item, opts: &BatchOptions, normalizer: &Normalizer, to_dir: bool) -> Done {
    let (line, rec) = match item {
        Item::Line(n, Line::TooLong { len }) => {
            return failed(ErrorRecord {
                id: None,
                reader: None,
                line: n,
                error: format!(
                    "line {n} is {len} bytes, over the limit of {} (--max-input-size); skipped",
                    opts.limits.max_bytes
                ),
            });
        }
        Item::Line(n, Line::Bytes(b)) => (n, parse_line(&b, n, Bodies::One)),
        Item::File(n, path) => (n, files::read_file(&path, n, &opts.limits)),
    };
    match rec.and_then(|r| convert(r, line, opts, normalizer, to_dir)) {
        Ok(d) => d,
        Err(e) => failed(e),
    }
}

/// Converts every item of `source`, writing one JSON line per item to `out`
/// in order (and the files to `sink`, when given). Errors in records become
/// error records; an `Err` is a failure of the run itself (reading the
/// input, writing the output, committing files).
pub fn run(
    source: &mut dyn Source,
    out: &mut dyn Write,
    opts: &BatchOptions,
    normalizer: &Normalizer,
    mut sink: Option<&mut DirSink>,
) -> Result<Summary> {
    let pool = (opts.jobs != 1)
        .then(|| {
            let mut b = rayon::ThreadPoolBuilder::new();
            if opts.jobs > 1 {
                b = b.num_threads(opts.jobs);
            }
            b.build()
                .map_err(|e| Error::render("batch", format!("cannot start worker threads: {e}")))
        })
        .transpose()?;
    let to_dir = sink.is_some();
    let mut summary = Summary::default();
    let stdout_name = Path::new("<stdout>");
    loop {
        let window = next_window(source, opts.window)?;
        if window.is_empty() {
            break;
        }
        let done: Vec<Done> = match &pool {
            Some(pool) => pool.install(|| {
                use rayon::prelude::*;
                window
                    .into_par_iter()
                    .map(|i| process(i, opts, normalizer, to_dir))
                    .collect()
            }),
            None => window
                .into_iter()
                .map(|i| process(i, opts, normalizer, to_dir))
                .collect(),
        };
        let done = match sink.as_deref_mut() {
            Some(s) => s.write(done)?,
            None => done,
        };
        let mut text = String::new();
        for d in &done {
            text.push_str(&d.json);
            text.push('\n');
            summary.records += 1;
            summary.failed += u64::from(!d.ok);
        }
        let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
        match written {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                summary.closed = true;
                return Ok(summary);
            }
            Err(e) => return Err(Error::io(stdout_name, e)),
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests;
