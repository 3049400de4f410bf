//! The `galley` command line: clap derive, doc comments as help text.
//! Exit codes: 0 success, 1 failure, 2 bad usage.

use clap::{Args, Parser, Subcommand};
use galley::normalize::{NormalizeConfig, Normalizer};
use std::path::PathBuf;

mod batch;
mod build;
mod check;
mod convert;
mod init;
mod report_html;
mod serve;
pub mod term;

/// galley: clean reader copies of scraped news articles.
#[derive(Debug, Parser)]
#[command(name = "galley", version, about, long_about = None)]
pub struct Cli {
    /// Print nothing but errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more about what is done.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Colour errors, warnings and the check summary: auto (on a terminal,
    /// unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert articles to clean Markdown, HTML (and other formats).
    Convert(convert::ConvertArgs),
    /// Show what the normalizer finds: removals, flags and metadata.
    Check(check::CheckArgs),
    /// Build a book: DIR/book.toml -> every configured output in DIR/book/
    /// (or one book per reader: --manifest).
    Build(build::BuildArgs),
    /// Convert a stream of articles: JSON Lines on stdin, one record per
    /// line on stdout, in order (for Spark, Hadoop streaming, Beam, jobs).
    Batch(batch::BatchArgs),
    /// Start a book: a starter book.toml, articles/ and .gitignore.
    Init(init::InitArgs),
    /// Preview a book: build the HTML site, serve it on 127.0.0.1 and
    /// rebuild and reload open pages when the book changes.
    Serve(serve::ServeArgs),
    /// Rebuild a book (every format, or --to) whenever it changes.
    Watch(serve::WatchArgs),
    /// Theme tools.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Print a shell completion script: `galley completions bash >
    /// ~/.local/share/bash-completion/completions/galley`.
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Write man pages (galley.1 and one per command) into DIR.
    Manpage {
        /// Destination folder (created if missing).
        dir: PathBuf,
    },
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless `NO_COLOR` is set (or `TERM=dumb`).
    Auto,
    /// Always (also into pipes and files).
    Always,
    /// Never.
    Never,
}

impl ColorWhen {
    /// Whether to colour a stream that is (or is not) a terminal, given the
    /// environment's `NO_COLOR` and `TERM` (<https://no-color.org>: any
    /// non-empty `NO_COLOR` switches colour off).
    pub fn decide(self, is_terminal: bool, no_color: Option<&str>, term: Option<&str>) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                is_terminal && no_color.is_none_or(str::is_empty) && term != Some("dumb")
            }
        }
    }

    fn for_stream(self, is_terminal: bool) -> bool {
        let no_color = std::env::var("NO_COLOR").ok();
        let term = std::env::var("TERM").ok();
        self.decide(is_terminal, no_color.as_deref(), term.as_deref())
    }
}

#[derive(Debug, Subcommand)]
enum ThemeCommand {
    /// Copy the built-in theme into a folder to edit it.
    Export {
        /// Theme name (only `default` is built in).
        #[arg(default_value = "default")]
        name: String,
        /// Destination folder.
        #[arg(default_value = "theme")]
        dir: PathBuf,
    },
}

/// `--from`: the input formats ([`galley::read::Format`]; the library does
/// not depend on clap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FromFormat {
    /// Scraped plain text.
    #[value(alias = "txt")]
    Text,
    /// Markdown with optional YAML front matter.
    #[value(alias = "md")]
    Markdown,
    /// A saved web page: the article is extracted from it.
    #[value(alias = "htm")]
    Html,
}

impl From<FromFormat> for galley::read::Format {
    fn from(f: FromFormat) -> Self {
        match f {
            FromFormat::Text => galley::read::Format::Text,
            FromFormat::Markdown => galley::read::Format::Markdown,
            FromFormat::Html => galley::read::Format::Html,
        }
    }
}

impl NormalizeArgs {
    /// The input format given with `--from`, if any.
    pub fn format(&self) -> Option<galley::read::Format> {
        self.from.map(Into::into)
    }
}

/// Options shared by commands that read and normalize articles.
#[derive(Debug, Args, Clone)]
pub struct NormalizeArgs {
    /// Input format (default: from the extension, or HTML when the file, or
    /// stdin, starts like a web page; else text).
    #[arg(long, value_enum)]
    pub from: Option<FromFormat>,
    /// Refuse inputs larger than SIZE: bytes, or with a unit K, M, G (binary:
    /// 64M = 64MB = 64 × 1024 × 1024 bytes) [default: 64M].
    #[arg(long, value_name = "SIZE", value_parser = galley::read::input::parse_size)]
    pub max_input_size: Option<u64>,
    /// Switch a normalizer pass off (repeatable): mojibake, comment-section, promos,
    /// delimiters, boilerplate, crumbs, credits, whitespace, head-chrome,
    /// structure, comment-thread, gallery, tail-run, tail-blurbs, head-run,
    /// blocks, blog-furniture, dedupe, smart-punctuation; or a group: repair (mojibake, whitespace), context
    /// (comment-section, head-chrome, comment-thread, gallery, tail-run, tail-blurbs,
    /// head-run). The README's pass table says what each does.
    #[arg(long = "no", value_name = "PASS")]
    pub no_pass: Vec<String>,
    /// Switch a pass on (repeatable), after the `--no` switches: `--no
    /// context --with tail-run` runs tail-run alone of its group.
    #[arg(long = "with", value_name = "PASS")]
    pub with_pass: Vec<String>,
    /// Also remove blocks matching this regex (repeatable).
    #[arg(long, value_name = "REGEX")]
    pub remove: Vec<String>,
    /// Never remove blocks matching this regex (repeatable).
    #[arg(long, value_name = "REGEX")]
    pub keep: Vec<String>,
}

impl NormalizeArgs {
    /// The read limits set by these flags.
    pub fn limits(&self) -> galley::read::ReadLimits {
        let mut l = galley::read::ReadLimits::default();
        if let Some(n) = self.max_input_size {
            l.max_bytes = n;
        }
        l
    }

    /// The normalizer configured by these flags.
    pub fn normalizer(&self) -> anyhow::Result<Normalizer> {
        let mut cfg = NormalizeConfig::default();
        let names = NormalizeConfig::switch_names();
        for (flag, list, on) in [
            ("--no", &self.no_pass, false),
            ("--with", &self.with_pass, true),
        ] {
            for p in list {
                if !names.contains(&p.as_str()) {
                    return Err(Usage(format!(
                        "{flag} {p:?}: no such pass; passes are: {}",
                        names.join(", ")
                    ))
                    .into());
                }
                cfg.set_pass(p, on)?;
            }
        }
        for (flag, list) in [("--remove", &self.remove), ("--keep", &self.keep)] {
            for p in list {
                if let Err(e) = galley::normalize::check_pattern(p) {
                    return Err(Usage(format!("{flag} {p:?}: bad pattern: {e}")).into());
                }
            }
        }
        cfg.remove.extend(self.remove.iter().cloned());
        cfg.keep.extend(self.keep.iter().cloned());
        Ok(Normalizer::new(cfg)?)
    }
}

/// Runs the CLI with the process arguments; returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            if !e.use_stderr() {
                // --help, --version: clap's own (coloured) output.
                let _ = e.print();
                return 0;
            }
            // Usage errors quote the command line: escaped like every message.
            eprint_raw(&term::escape_text(&e.render().to_string()));
            return 2;
        }
    };
    use std::io::IsTerminal as _;
    let ui = Ui {
        quiet: cli.quiet,
        verbose: cli.verbose,
        color_err: cli.color.for_stream(std::io::stderr().is_terminal()),
        color_out: cli.color.for_stream(std::io::stdout().is_terminal()),
    };
    let result = match cli.command {
        Command::Convert(a) => convert::run(a, &ui),
        Command::Check(a) => check::run(a, &ui),
        Command::Build(a) => build::run(a, &ui),
        Command::Batch(a) => batch::run(a, &ui),
        Command::Init(a) => init::run(a, &ui),
        Command::Serve(a) => serve::serve(a, &ui),
        Command::Watch(a) => serve::watch(a, &ui),
        Command::Theme(ThemeCommand::Export { name, dir }) => theme_export(&name, &dir, &ui),
        Command::Completions { shell } => completions(shell),
        Command::Manpage { dir } => manpages(&dir, &ui),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            ui.error(&e);
            if e.downcast_ref::<Usage>().is_some() {
                2
            } else {
                1
            }
        }
    }
}

/// Output verbosity.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    /// Errors only.
    pub quiet: bool,
    /// Extra detail.
    pub verbose: bool,
    /// Colour on stderr (`--color`, `NO_COLOR`).
    pub color_err: bool,
    /// Colour on stdout (the check summary).
    pub color_out: bool,
}

/// ANSI styles for [`Ui::paint`].
#[derive(Debug, Clone, Copy)]
pub enum Paint {
    /// Errors: bold red.
    Error,
    /// Warnings and flagged findings: bold yellow.
    Warning,
    /// Removals: red.
    Removed,
    /// Metadata lifted: green.
    Lifted,
    /// Secondary text: dim.
    Dim,
}

/// `text` in `style` when `on`, else as it is.
pub fn paint(on: bool, style: Paint, text: &str) -> String {
    if !on {
        return text.to_string();
    }
    let code = match style {
        Paint::Error => "1;31",
        Paint::Warning => "1;33",
        Paint::Removed => "31",
        Paint::Lifted => "32",
        Paint::Dim => "2",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

impl Ui {
    /// A warning line on stderr (unless quiet).
    pub fn warn(&self, msg: &str) {
        if !self.quiet {
            eprint_line(&format!(
                "galley: {} {}",
                paint(self.color_err, Paint::Warning, "warning:"),
                term::escape(msg)
            ));
        }
    }
    /// An info line on stderr (verbose only).
    pub fn info(&self, msg: &str) {
        if self.verbose {
            eprint_line(&format!("galley: {}", term::escape(msg)));
        }
    }
    /// A summary line on stderr (unless quiet): `galley: built …`.
    pub fn note(&self, msg: &str) {
        if !self.quiet {
            eprint_line(&format!("galley: {}", term::escape(msg)));
        }
    }
    /// An error line on stderr: the whole context chain on one line.
    pub fn error(&self, e: &anyhow::Error) {
        let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
        let mut parts: Vec<String> = Vec::new();
        for c in chain {
            if !parts.iter().any(|p| p.contains(&c)) {
                parts.push(c);
            }
        }
        eprint_line(&format!(
            "galley: {} {}",
            paint(self.color_err, Paint::Error, "error:"),
            term::escape(&parts.join(": "))
        ));
    }
}

/// `galley completions SHELL`: the script on stdout.
fn completions(shell: clap_complete::Shell) -> anyhow::Result<i32> {
    use clap::CommandFactory as _;
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "galley", &mut out);
    print_stdout(&out)?;
    Ok(0)
}

/// `galley manpage DIR`: galley.1 and galley-COMMAND.1 (and
/// galley-theme-export.1) from the clap definitions.
fn manpages(dir: &std::path::Path, ui: &Ui) -> anyhow::Result<i32> {
    use anyhow::Context as _;
    use clap::CommandFactory as _;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut cmd = Cli::command();
    cmd.build();
    let mut pages = Vec::new();
    fn walk(cmd: &clap::Command, prefix: &str, pages: &mut Vec<(String, clap::Command)>) {
        let name = if prefix.is_empty() {
            cmd.get_name().to_string()
        } else {
            format!("{prefix}-{}", cmd.get_name())
        };
        pages.push((name.clone(), cmd.clone()));
        for sub in cmd.get_subcommands() {
            if sub.get_name() != "help" {
                walk(sub, &name, pages);
            }
        }
    }
    walk(&cmd, "", &mut pages);
    for (name, c) in &pages {
        let mut buf = Vec::new();
        clap_mangen::Man::new(c.clone())
            .title(name.clone())
            .render(&mut buf)
            .with_context(|| format!("rendering the man page {name}.1"))?;
        let path = dir.join(format!("{name}.1"));
        galley::fsio::write_atomic(&path, &buf)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    ui.note(&format!(
        "wrote {} man pages to {}",
        pages.len(),
        dir.display()
    ));
    Ok(0)
}

fn theme_export(name: &str, dir: &std::path::Path, ui: &Ui) -> anyhow::Result<i32> {
    if name != "default" {
        anyhow::bail!("no built-in theme named {name:?}; the built-in theme is `default`");
    }
    let files = galley::theme::Theme::export(dir)?;
    ui.note(&format!(
        "wrote {} theme files to {}",
        files.len(),
        dir.display()
    ));
    Ok(0)
}

/// Writes one line (plus `\n`) to stderr in one write. Errors are ignored:
/// with stderr closed (`galley … 2>&1 | head`) there is nobody to tell, and
/// the run goes on to its normal exit code instead of panicking.
/// The book folder a command-line argument names: the argument, or the
/// folder of `DIR/book.toml` when the file itself is named.
pub(crate) fn book_folder(arg: &std::path::Path) -> std::path::PathBuf {
    if arg.is_file() && arg.file_name().is_some_and(|n| n == "book.toml") {
        match arg.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        }
    } else {
        arg.to_path_buf()
    }
}

pub(crate) fn eprint_line(line: &str) {
    eprint_raw(&format!("{line}\n"));
}

fn eprint_raw(text: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// Writes `bytes` to standard output. Returns `Ok(false)` when the reader
/// has gone (`galley check … | head`): like other command-line tools, galley
/// then stops printing quietly instead of failing.
pub(crate) fn print_stdout(bytes: &[u8]) -> std::io::Result<bool> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e),
    }
}

/// A command line galley cannot act on (an unknown format or pass, a bad
/// pattern, `-o -` with several outputs): exit code 2, like clap's own
/// usage errors.
#[derive(Debug)]
pub(crate) struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// Refuses `-` (stdin) named more than once among `inputs`: stdin can be
/// read only once (`convert`, `check`).
pub(crate) fn stdin_at_most_once(inputs: &[std::path::PathBuf]) -> Result<(), Usage> {
    if inputs.iter().filter(|i| i.as_os_str() == "-").count() > 1 {
        return Err(Usage(
            "`-` (stdin) is given more than once; stdin can be read only once".into(),
        ));
    }
    Ok(())
}
