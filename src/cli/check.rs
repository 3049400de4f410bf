//! `galley check`: what the normalizer finds, as text or JSON.

use super::term::escape;
use super::{NormalizeArgs, Paint, Ui, report_html};
use clap::Args;
use galley::normalize::Action;
use std::path::{Path, PathBuf};

/// Arguments of `galley check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Article files: .txt, .md or .html (`-` for stdin).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output format: `text`, `json` (one array), `jsonl` (JSON Lines: one
    /// object per input, printed as each is done; an input that cannot be
    /// read is `{"input", "error"}`), or `html` (a page showing each article
    /// as read, removed blocks struck through, flagged ones highlighted).
    #[arg(long, value_enum, default_value = "text")]
    format: CheckFormat,
    /// Write the report to this file instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    norm: NormalizeArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    Jsonl,
    Html,
}

/// Runs `galley check`.
pub fn run(args: CheckArgs, ui: &Ui) -> anyhow::Result<i32> {
    let normalizer = args.norm.normalizer()?;
    let limits = args.norm.limits();
    super::stdin_at_most_once(&args.inputs)?;
    let mut failed = false;
    let mut json_out = Vec::new();
    let mut text_out = String::new();
    let mut html_parts: Vec<(String, galley::read::Draft, galley::Converted)> = Vec::new();
    for input in &args.inputs {
        let bytes = if input.as_os_str() == "-" {
            galley::read::read_stdin(&limits)
        } else {
            galley::read::read_input(input, &limits)
        };
        let name = if input.as_os_str() == "-" {
            Path::new(galley::read::input::STDIN_NAME)
        } else {
            input.as_path()
        };
        let res = bytes.and_then(|bytes| {
            galley::convert_keeping_draft(&bytes, name, args.norm.format(), &normalizer)
        });
        let (c, draft) = match res {
            Ok(c) => c,
            Err(e) => {
                if let CheckFormat::Jsonl = args.format {
                    let line = serde_json::json!({
                        "input": input.display().to_string(),
                        "error": e.to_string(),
                    });
                    jsonl_line(&mut text_out, &line, args.output.is_some())?;
                }
                ui.error(&anyhow::Error::new(e));
                failed = true;
                continue;
            }
        };
        for w in &c.warnings {
            ui.warn(w);
        }
        match args.format {
            CheckFormat::Html => {
                html_parts.push((input.display().to_string(), draft, c));
            }
            CheckFormat::Json => json_out.push(check_json(input, &c)),
            CheckFormat::Jsonl => {
                if !jsonl_line(&mut text_out, &check_json(input, &c), args.output.is_some())? {
                    return Ok(if failed { 1 } else { 0 });
                }
            }
            CheckFormat::Text => {
                use std::fmt::Write as _;
                let mut o = String::new();
                // Everything from the page or its name is escaped: a title
                // cannot retitle the terminal.
                let _ = writeln!(o, "{}", escape(&input.display().to_string()));
                let m = &c.doc.meta;
                let field = |o: &mut String, k: &str, v: Option<&str>| {
                    if let Some(v) = v {
                        let _ = writeln!(o, "  {k:<9} {}", escape(v));
                    }
                };
                field(&mut o, "title", m.title.as_deref());
                field(&mut o, "subtitle", m.subtitle.as_deref());
                if !m.authors.is_empty() {
                    let _ = writeln!(o, "  {:<9} {}", "authors", escape(&m.authors.join("; ")));
                }
                field(&mut o, "source", m.source.as_deref());
                field(
                    &mut o,
                    "date",
                    m.date.as_ref().map(galley::model::Date::text),
                );
                field(&mut o, "dateline", m.dateline.as_deref());
                let _ = writeln!(o, "  {:<9} {}", "language", escape(&language_line(m)));
                field(&mut o, "credits", m.credits.as_deref());
                for f in c.report.sorted() {
                    // Text repair rewrites many lines: shown with --verbose.
                    let repair = matches!(f.pass, "mojibake" | "whitespace" | "smart-punctuation");
                    if repair
                        && matches!(f.action, Action::Rewritten | Action::Noted)
                        && !ui.verbose
                    {
                        continue;
                    }
                    let action = match f.action {
                        Action::Removed => "removed",
                        Action::Lifted => "lifted",
                        Action::Rewritten => "rewrote",
                        Action::Flagged => "FLAGGED",
                        Action::Noted => "noted",
                    };
                    let text: String = f.text.chars().take(100).collect();
                    let ell = if f.text.chars().count() > 100 {
                        "…"
                    } else {
                        ""
                    };
                    // Colour only on the terminal, never into `-o FILE`.
                    let style = match f.action {
                        Action::Removed => Paint::Removed,
                        Action::Lifted => Paint::Lifted,
                        Action::Flagged => Paint::Warning,
                        Action::Rewritten | Action::Noted => Paint::Dim,
                    };
                    let on = ui.color_out && args.output.is_none();
                    let action = super::paint(on, style, &format!("{action:<7}"));
                    let _ = writeln!(
                        o,
                        "  line {:>4}  {action} {}/{}: {}{ell}",
                        f.line,
                        f.pass,
                        escape(&f.rule),
                        escape(&text)
                    );
                }
                let kept = c.doc.blocks.len();
                let _ = writeln!(
                    o,
                    "  {} removed, {} lifted, {} flagged; {kept} block{} kept",
                    c.report.count(Action::Removed),
                    c.report.count(Action::Lifted),
                    c.report.count(Action::Flagged),
                    if kept == 1 { "" } else { "s" }
                );
                if args.output.is_some() {
                    text_out.push_str(&o);
                } else if !super::print_stdout(o.as_bytes())? {
                    return Ok(if failed { 1 } else { 0 });
                }
            }
        }
    }
    let report = match args.format {
        CheckFormat::Json => {
            let json = serde_json::to_string_pretty(&json_out)? + "\n";
            Some(super::term::escape_json(&json).into_owned())
        }
        CheckFormat::Html => {
            let checked: Vec<report_html::Checked<'_>> = html_parts
                .iter()
                .map(|(input, draft, c)| report_html::Checked {
                    input: input.clone(),
                    draft,
                    meta: &c.doc.meta,
                    findings: c.report.sorted().into_iter().cloned().collect(),
                    kept: c.doc.blocks.len(),
                })
                .collect();
            Some(report_html::page(&checked))
        }
        CheckFormat::Text | CheckFormat::Jsonl => args.output.is_some().then_some(text_out),
    };
    if let Some(report) = report {
        match &args.output {
            Some(p) if p.as_os_str() != "-" => {
                galley::fsio::write_atomic(p, report.as_bytes())?;
                ui.info(&format!("wrote {}", p.display()));
            }
            _ => {
                super::print_stdout(report.as_bytes())?;
            }
        }
    }
    Ok(if failed { 1 } else { 0 })
}

/// One input's report as JSON (`--format json` and `jsonl`).
fn check_json(input: &Path, c: &galley::Converted) -> serde_json::Value {
    serde_json::json!({
        "input": input.display().to_string(),
        "meta": c.doc.meta,
        "findings": c.report.sorted(),
        "removed": c.report.count(Action::Removed),
        "flagged": c.report.count(Action::Flagged),
        "blocks": c.doc.blocks.len(),
        "warnings": c.warnings,
    })
}

/// Prints `value` as one JSON line (escaped for a terminal like the `json`
/// report), or keeps it in `kept` for `-o FILE`. `Ok(false)` when stdout's
/// reader has gone.
fn jsonl_line(kept: &mut String, value: &serde_json::Value, keep: bool) -> std::io::Result<bool> {
    let line = serde_json::to_string(value).unwrap_or_default() + "\n";
    let line = super::term::escape_json(&line).into_owned();
    if keep {
        kept.push_str(&line);
        return Ok(true);
    }
    super::print_stdout(line.as_bytes())
}

/// The article's language and where it came from, for the text report:
/// `de (detected(97%))`, `ar (html-lang)`, or why it is unknown.
pub fn language_line(m: &galley::model::Meta) -> String {
    use galley::model::{LanguageSource, Undetermined};
    match (&m.language, &m.language_source) {
        (Some(l), Some(s)) => format!("{l} ({s})"),
        (Some(l), None) => l.clone(),
        (None, Some(LanguageSource::Undetermined(u))) => {
            let why = match u {
                Undetermined::TooShort { letters } => {
                    format!("too little text to detect ({letters} letters)")
                }
                Undetermined::LowConfidence { guess, confidence } => {
                    format!("detection unsure (best guess {guess} at {confidence}%)")
                }
                _ => "not detected".to_string(),
            };
            format!("unknown: {why}; the book's language (or en) is used")
        }
        (None, _) => "unknown; the book's language (or en) is used".to_string(),
    }
}
