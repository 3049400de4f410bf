//! `galley build [DIR] [--to FORMATS] [--jobs N] [--dest DIR]`.

use super::Ui;
use clap::Args;
use galley::build::{BuildOptions, Observer, human_size};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Arguments of `galley build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The book folder: the one holding `book.toml`.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Only these formats, comma-separated (markdown, html, epub, pdf).
    #[arg(short = 't', long = "to", value_delimiter = ',')]
    to: Option<Vec<String>>,
    /// Worker threads for reading and normalizing (default: one per core).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Write outputs here instead of the book's `[build] build-dir`
    /// (`-d`/`--dest-dir` as in mdBook).
    #[arg(short = 'd', long, visible_alias = "dest-dir", value_name = "DIR")]
    dest: Option<PathBuf>,
    /// Refuse articles larger than SIZE (bytes, or K, M, G: binary units),
    /// instead of `[build] max-input-size` [default: 64M].
    #[arg(long, value_name = "SIZE", value_parser = galley::read::input::parse_size)]
    max_input_size: Option<u64>,
    /// Per-reader briefings: a JSON Lines file of `{"reader", "title"?,
    /// "articles": [ids], "formats": ["epub", "pdf"]}`; each reader's books
    /// are written as DEST/<reader>.epub|pdf from the articles of --articles
    /// (one JSON line per reader on stdout). Needs --articles and --dest.
    #[arg(long, value_name = "FILE", requires_all = ["articles", "dest"], conflicts_with = "to")]
    manifest: Option<PathBuf>,
    /// The article store of --manifest: JSON Lines as `galley batch` wrote
    /// them (or its input records), or a folder of article files.
    #[arg(long, value_name = "STORE", requires = "manifest")]
    articles: Option<PathBuf>,
}

/// Articles from which a progress bar is worth drawing.
const BAR_FROM: usize = 20;

struct Progress {
    bar: indicatif::ProgressBar,
    ui: Ui,
    tty: bool,
}

impl Observer for Progress {
    fn start(&self, n: usize) {
        if self.tty && !self.ui.quiet && n >= BAR_FROM {
            self.bar.set_length(n as u64);
            self.bar.set_style(
                indicatif::ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} articles")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            self.bar.set_prefix("reading");
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
    fn article_done(&self) {
        self.bar.inc(1);
    }
    fn rendering(&self) {
        self.bar.finish_and_clear();
    }
    fn warn(&self, msg: &str) {
        self.bar.suspend(|| self.ui.warn(msg));
    }
}

/// Runs `galley build`.
pub fn run(mut args: BuildArgs, ui: &Ui) -> anyhow::Result<i32> {
    // `galley build mybook/book.toml` means the folder that holds it.
    args.dir = super::book_folder(&args.dir);
    if let (Some(manifest), Some(store), Some(dest)) = (&args.manifest, &args.articles, &args.dest)
    {
        return briefings(manifest, store, dest, &args, ui);
    }
    let opts = BuildOptions {
        formats: args.to,
        jobs: args.jobs.map(usize::from),
        dest: args.dest,
        max_input_size: args.max_input_size,
        env: galley::config::env::process_vars(),
    };
    let progress = Progress {
        bar: indicatif::ProgressBar::hidden(),
        ui: *ui,
        tty: std::io::stderr().is_terminal(),
    };
    let result = galley::build::build(&args.dir, &opts, &progress);
    progress.bar.finish_and_clear();
    let report = result?;
    if !ui.quiet {
        if report.recovered {
            ui.note("completed the swap of an interrupted earlier build first");
        }
        if !report.kept.is_empty() {
            let shown: Vec<String> = report
                .kept
                .iter()
                .take(5)
                .map(|p| p.strip_prefix(&args.dir).unwrap_or(p).display().to_string())
                .collect();
            ui.note(&format!(
                "kept {} file{} in the output folders that galley did not write: {}{}",
                report.kept.len(),
                if report.kept.len() == 1 { "" } else { "s" },
                shown.join(", "),
                if report.kept.len() > 5 { ", …" } else { "" }
            ));
        }
        for p in &report.stale_removed {
            ui.info(&format!(
                "removed {} (written by an earlier build, not by this one)",
                p.display()
            ));
        }
        let outs: Vec<String> = report
            .outputs
            .iter()
            .map(|w| {
                let shown = w.path.strip_prefix(&args.dir).unwrap_or(&w.path);
                if w.files == 1 {
                    format!("{} ({})", shown.display(), human_size(w.bytes))
                } else {
                    format!(
                        "{}/ ({} files, {})",
                        shown.display(),
                        w.files,
                        human_size(w.bytes)
                    )
                }
            })
            .collect();
        ui.note(&format!(
            "built {} article{} ({} removed, {} flagged) -> {} in {:.2} s",
            report.articles,
            if report.articles == 1 { "" } else { "s" },
            report.removed,
            report.flagged,
            outs.join(", "),
            report.elapsed.as_secs_f64()
        ));
    }
    Ok(0)
}

/// `galley build --manifest readers.jsonl --articles STORE --dest OUT`.
fn briefings(
    manifest: &std::path::Path,
    store: &std::path::Path,
    dest: &std::path::Path,
    args: &BuildArgs,
    ui: &Ui,
) -> anyhow::Result<i32> {
    let mut limits = galley::read::ReadLimits::default();
    if let Some(n) = args.max_input_size {
        limits.max_bytes = n;
    }
    // The book folder's book.toml, when there is one, sets the books'
    // defaults (title, authors, language, themes, [output.*]) and the
    // normalizer, as for `galley build`.
    let cfg_path = args.dir.join("book.toml");
    let book = if cfg_path.is_file() {
        let config = galley::config::BookConfig::load_with_env(
            &cfg_path,
            galley::config::env::process_vars(),
        )?;
        for n in &config.env_notes {
            ui.warn(n);
        }
        ui.info(&format!("book settings from {}", cfg_path.display()));
        Some(galley::batch::briefing::BookDefaults {
            dir: args.dir.clone(),
            config,
        })
    } else {
        None
    };
    let normalizer = match &book {
        Some(b) => galley::normalize::Normalizer::new(b.config.normalize.clone())
            .map_err(|e| anyhow::anyhow!("{}: [normalize]: {e}", cfg_path.display()))?,
        None => galley::normalize::Normalizer::default_config(),
    };
    if let (Some(b), None) = (&book, args.max_input_size)
        && let Some(n) = b.config.build.max_input_size
    {
        limits.max_bytes = n;
    }
    let opts = galley::batch::briefing::BriefingOptions {
        jobs: args.jobs.map_or(0, usize::from),
        limits,
        book,
        ..Default::default()
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let s = galley::batch::briefing::build(
        manifest,
        store,
        dest,
        &opts,
        &normalizer,
        &mut out,
        &|m| ui.warn(m),
    )?;
    ui.note(&format!(
        "{} of {} readers built ({} files in {}); {} articles read and normalized once each ({} normalizer runs){}",
        s.built,
        s.readers,
        s.files,
        dest.display(),
        s.articles,
        s.normalized,
        if s.failed + s.store_errors > 0 {
            format!("; {} readers failed, {} store lines unreadable", s.failed, s.store_errors)
        } else {
            String::new()
        }
    ));
    Ok(if s.failed + s.store_errors > 0 { 1 } else { 0 })
}
