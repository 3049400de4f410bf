//! `galley batch [--to md,html,txt] [--jobs N] [--from DIR] [--to-dir DIR]`:
//! JSON Lines on stdin, one record per line on stdout ([`galley::batch`]).

use super::{NormalizeArgs, Ui, Usage};
use clap::Args;
use galley::batch::{BatchOptions, DirSink, DirSource, LineSource};
use galley::render::formats::{self, OutputKind};
use std::path::PathBuf;

/// Arguments of `galley batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Output formats put in each record, comma-separated: md (markdown),
    /// html, txt; with --to-dir also epub, pdf.
    #[arg(short = 't', long = "to", value_delimiter = ',', default_value = "md")]
    to: Vec<String>,
    /// Worker threads (default: one per core); `--jobs 1` for engines that
    /// give each task one core.
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Records in flight at most: read, converted in parallel, written in
    /// order, before the next are read.
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
    window: u32,
    /// Put every finding (pass, rule, line, text) in each record's report.
    #[arg(long)]
    findings: bool,
    /// Read the article files of this folder (.txt, .md, .html; id = file
    /// stem; format from the extension) instead of JSON Lines on stdin.
    #[arg(long = "from", value_name = "DIR")]
    from_dir: Option<PathBuf>,
    /// Write each record's outputs as DIR/<id>.<ext> instead of into the
    /// record (which then lists its `files`). Files galley did not write are
    /// never overwritten.
    #[arg(long, value_name = "DIR")]
    to_dir: Option<PathBuf>,
    /// Refuse articles (and lines) larger than SIZE: bytes, or K, M, G
    /// (binary units) [default: 64M].
    #[arg(long, value_name = "SIZE", value_parser = galley::read::input::parse_size)]
    max_input_size: Option<u64>,
    /// Switch a normalizer pass off (repeatable), as in `galley convert`.
    #[arg(long = "no", value_name = "PASS")]
    no_pass: Vec<String>,
    /// Switch a pass on (repeatable), after the `--no` switches.
    #[arg(long = "with", value_name = "PASS")]
    with_pass: Vec<String>,
    /// Also remove blocks matching this regex (repeatable).
    #[arg(long, value_name = "REGEX")]
    remove: Vec<String>,
    /// Never remove blocks matching this regex (repeatable).
    #[arg(long, value_name = "REGEX")]
    keep: Vec<String>,
}

impl BatchArgs {
    /// The normalizer flags, as the other commands take them (`--from` is
    /// a folder here: each record's field or file extension gives the format).
    fn norm(&self) -> NormalizeArgs {
        NormalizeArgs {
            from: None,
            max_input_size: self.max_input_size,
            no_pass: self.no_pass.clone(),
            with_pass: self.with_pass.clone(),
            remove: self.remove.clone(),
            keep: self.keep.clone(),
        }
    }
}

/// Runs `galley batch`: 0 when every record converted, 1 when some failed.
pub fn run(args: BatchArgs, ui: &Ui) -> anyhow::Result<i32> {
    let mut fmts: Vec<&'static formats::Format> = Vec::new();
    for t in &args.to {
        let Some(f) = formats::find(t.trim()) else {
            return Err(Usage(format!(
                "unknown output format {t:?}; choose from {}",
                formats::names().join(", ")
            ))
            .into());
        };
        if f.kind == OutputKind::Binary && args.to_dir.is_none() {
            return Err(Usage(format!(
                "--to {t}: {} is binary and cannot go into a JSON record; give --to-dir DIR to write files",
                f.name
            ))
            .into());
        }
        if !fmts.iter().any(|x| x.name == f.name) {
            fmts.push(f);
        }
    }
    // A malformed SOURCE_DATE_EPOCH is one usage error, not one per record.
    galley::time::BuildTime::resolve(None)?;
    let norm = args.norm();
    let normalizer = norm.normalizer()?;
    let opts = BatchOptions {
        formats: fmts,
        jobs: args.jobs.map_or(0, usize::from),
        window: args.window as usize,
        findings: args.findings,
        limits: norm.limits(),
    };
    let mut sink = match &args.to_dir {
        Some(d) => Some(DirSink::open(d, &|m| ui.warn(m))?),
        None => None,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let summary = match &args.from_dir {
        Some(dir) => {
            let mut src = DirSource::new(dir)?;
            galley::batch::run(&mut src, &mut out, &opts, &normalizer, sink.as_mut())?
        }
        None => {
            let stdin = std::io::stdin();
            let max = usize::try_from(opts.limits.max_bytes).unwrap_or(usize::MAX);
            let mut src = LineSource::new(
                std::io::BufReader::with_capacity(1 << 16, stdin.lock()),
                max,
            );
            galley::batch::run(&mut src, &mut out, &opts, &normalizer, sink.as_mut())?
        }
    };
    if summary.failed > 0 {
        ui.note(&format!(
            "{} of {} record{} failed (error records in the output)",
            summary.failed,
            summary.records,
            if summary.records == 1 { "" } else { "s" }
        ));
        return Ok(1);
    }
    ui.info(&format!("{} records converted", summary.records));
    Ok(0)
}
