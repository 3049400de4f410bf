//! `galley convert INPUT... [--to md,html] [-o DIR|FILE|-]`.

use super::{NormalizeArgs, Ui};
use anyhow::{Context as _, bail};
use clap::Args;
use galley::model::{Book, Date};
use galley::render::{self, Mode, RenderContext};
use galley::time::BuildTime;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

/// Arguments of `galley convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Article files: .txt scraped text, .md Markdown, .html saved web pages;
    /// `-` reads stdin.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output formats, comma-separated: md (markdown), html, epub, pdf, ...; an
    /// unknown name lists every format this galley builds.
    #[arg(short = 't', long = "to", value_delimiter = ',', default_value = "md")]
    to: Vec<String>,
    /// Output: a file (one input, one format), a folder, or `-` for stdout.
    /// Default: stdout for one input in one format (EPUB and PDF only when
    /// stdout is not a terminal), else the current folder.
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    norm: NormalizeArgs,
}

fn stem(input: &Path) -> String {
    if input.as_os_str() == "-" {
        return "article".into();
    }
    input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".into())
}

/// A message about one input, printed after all inputs are done.
enum Msg {
    Warn(String),
    Info(String),
    Error(anyhow::Error),
}

/// Runs `galley convert`.
pub fn run(args: ConvertArgs, ui: &Ui) -> anyhow::Result<i32> {
    let mut backends: Vec<Box<dyn render::Backend>> = Vec::new();
    for t in &args.to {
        let Some(b) = render::formats::find(t.trim()).map(|f| f.backend()) else {
            return Err(super::Usage(format!(
                "unknown output format {t:?}; choose from {}",
                render::formats::names().join(", ")
            ))
            .into());
        };
        if !backends.iter().any(|x| x.name() == b.name()) {
            backends.push(b);
        }
    }
    let normalizer = args.norm.normalizer()?;
    let limits = args.norm.limits();
    super::stdin_at_most_once(&args.inputs)?;
    let single_file = args.inputs.len() == 1 && backends.len() == 1;
    // Where outputs go.
    enum Dest {
        Stdout,
        File(PathBuf),
        Dir(PathBuf),
    }
    let to_stdout = || -> anyhow::Result<Dest> {
        if let Some(b) = backends.first()
            && let Some(refusal) = stdout_refusal(b.name(), std::io::stdout().is_terminal())
        {
            return Err(refusal.into());
        }
        Ok(Dest::Stdout)
    };
    let dest = match &args.output {
        Some(o) if o.as_os_str() == "-" => {
            if !single_file {
                return Err(super::Usage(
                    "-o - (stdout) needs exactly one input and one format".into(),
                )
                .into());
            }
            to_stdout()?
        }
        Some(o) if is_dangling(o) => return Err(galley::outputs::dangling(o).into()),
        Some(o) if single_file && !o.is_dir() && (o.extension().is_some() || o.exists()) => {
            Dest::File(o.clone())
        }
        Some(o) => Dest::Dir(o.clone()),
        None if single_file => to_stdout()?,
        None => Dest::Dir(PathBuf::from(".")),
    };
    // Output names must not collide, and no output may overwrite an input:
    // both are checked up front, before any work.
    let mut seen_names: std::collections::HashMap<String, &PathBuf> =
        std::collections::HashMap::new();
    let mut jobs: Vec<(&PathBuf, String)> = Vec::new();
    for input in &args.inputs {
        let name = stem(input);
        if input.as_os_str() != "-"
            && let Some(first) = seen_names.insert(name.clone(), input)
        {
            bail!(
                "{} and {}: both would be written as {name:?}; convert them with separate -o folders",
                first.display(),
                input.display()
            );
        }
        jobs.push((input, name));
    }
    let inputs: Vec<PathBuf> = args
        .inputs
        .iter()
        .filter(|i| i.as_os_str() != "-")
        .filter_map(|i| std::fs::canonicalize(i).ok())
        .collect();
    let overwrites_input = |out: &Path| -> bool {
        let out = match (out.parent(), out.file_name()) {
            (Some(d), Some(f)) => {
                let d = if d.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    d
                };
                std::fs::canonicalize(d).map(|d| d.join(f)).ok()
            }
            _ => None,
        };
        let out = out.map(|o| std::fs::canonicalize(&o).unwrap_or(o));
        out.is_some_and(|o| inputs.contains(&o))
    };
    for (input, name) in &jobs {
        for b in &backends {
            let out = match &dest {
                Dest::Stdout => continue,
                Dest::File(p) => p.clone(),
                Dest::Dir(d) => d.join(format!("{name}.{}", b.extension())),
            };
            if overwrites_input(&out) {
                bail!(
                    "{}: the output {} would overwrite this input; choose another -o",
                    input.display(),
                    out.display()
                );
            }
        }
    }
    // Inputs are independent: convert them in parallel, then report in input
    // order (so messages do not depend on scheduling).
    let convert_one = |input: &PathBuf, name: &str| -> Vec<Msg> {
        let mut msgs = Vec::new();
        let result = (|| -> anyhow::Result<()> {
            let converted = if input.as_os_str() == "-" {
                let bytes = galley::read::read_stdin(&limits)?;
                galley::convert_input(
                    &bytes,
                    Path::new(galley::read::input::STDIN_NAME),
                    args.norm.format(),
                    &normalizer,
                )?
            } else {
                // Named on the command line: a FIFO or device is read too
                // (`<(curl …)`, `/dev/stdin`), within the same limits.
                let bytes = galley::read::read_input(input, &limits)?;
                galley::convert_input(&bytes, input, args.norm.format(), &normalizer)?
            };
            msgs.extend(converted.warnings.iter().cloned().map(Msg::Warn));
            if converted.doc.blocks.is_empty() {
                msgs.push(Msg::Warn(format!(
                    "{}: no article text is left after cleaning; `galley check {}` shows what was removed",
                    input.display(),
                    input.display()
                )));
            }
            let time =
                BuildTime::resolve(converted.doc.meta.date.as_ref().and_then(Date::iso_day))?;
            let (removed, flagged) = (
                converted.report.count(galley::normalize::Action::Removed),
                converted.report.count(galley::normalize::Action::Flagged),
            );
            let book = Book::single(name, converted.doc);
            let mut ctx = RenderContext::new(Mode::Single, time);
            let mut images = article_images(&book, input, &limits, &mut msgs);
            // A page written to a file gets its images beside it
            // (`images/…`); one written to stdout points at the originals.
            images.beside_single = !matches!(dest, Dest::Stdout);
            ctx.images = std::sync::Arc::new(images);
            // Every format is rendered in memory first: a render error
            // writes nothing.
            let mut outputs: Vec<(PathBuf, Vec<u8>)> = Vec::new();
            // The last format gets the book itself and may free the model
            // as it goes (the PDF of a million paragraphs).
            let mut book = Some(book);
            for (k, b) in backends.iter().enumerate() {
                let files = match book.take() {
                    Some(owned) if k + 1 == backends.len() => b.render_owned(owned, &ctx)?,
                    Some(shared) => {
                        let files = b.render(&shared, &ctx)?;
                        book = Some(shared);
                        files
                    }
                    None => continue,
                };
                let Some(file) = files.into_iter().next() else {
                    continue;
                };
                msgs.extend(file.warnings.iter().cloned().map(Msg::Warn));
                let path = match &dest {
                    Dest::Stdout => PathBuf::from("-"),
                    Dest::File(p) => p.clone(),
                    Dest::Dir(d) => d.join(format!("{name}.{}", b.extension())),
                };
                if b.name() == "html" && ctx.images.beside_single {
                    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                    for img in render::images::output_files(&ctx.images) {
                        outputs.push((dir.join(&img.path), img.bytes));
                    }
                }
                outputs.push((path, file.bytes));
            }
            if let Dest::Stdout = dest {
                for (_, bytes) in &outputs {
                    super::print_stdout(bytes).context("writing to stdout")?;
                }
            } else {
                // All formats of this input, or none.
                galley::outputs::write_all_or_nothing(&outputs)?;
                if let Dest::Dir(_) = dest {
                    for (p, _) in &outputs {
                        msgs.push(Msg::Info(format!("wrote {}", p.display())));
                    }
                }
            }
            msgs.push(Msg::Info(format!(
                "{}: {removed} removed, {flagged} flagged",
                input.display()
            )));
            Ok(())
        })();
        if let Err(e) = result {
            msgs.push(Msg::Error(e));
        }
        msgs
    };
    // One input (the common case) runs on this thread: starting rayon's
    // pool costs more than a small article takes to convert.
    let outcomes: Vec<Vec<Msg>> = if jobs.len() == 1 {
        jobs.into_iter()
            .map(|(input, name)| convert_one(input, &name))
            .collect()
    } else {
        use rayon::prelude::*;
        jobs.into_par_iter()
            .map(|(input, name)| convert_one(input, &name))
            .collect()
    };
    let mut failed = false;
    for msg in outcomes.into_iter().flatten() {
        match msg {
            Msg::Warn(w) => ui.warn(&w),
            Msg::Info(i) => ui.info(&i),
            Msg::Error(e) => {
                ui.error(&e);
                failed = true;
            }
        }
    }
    Ok(if failed { 1 } else { 0 })
}

/// The local images of a converted article, relative to its file (stdin:
/// the current folder) and confined to that folder; one warning per image
/// that cannot be used.
fn article_images(
    book: &Book,
    input: &Path,
    limits: &galley::ReadLimits,
    msgs: &mut Vec<Msg>,
) -> render::images::Images {
    let mut images = render::images::Images::default();
    let dir = match input.parent() {
        Some(d) if input.as_os_str() != "-" && !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let scope = render::images::ImageScope {
        root: dir.to_path_buf(),
        allow_outside: false,
        max_bytes: limits.max_bytes,
    };
    for a in book.articles() {
        render::images::collect_article(
            &mut images,
            &a.id,
            &input.display().to_string(),
            &a.doc.blocks,
            dir,
            &scope,
            &mut |w| msgs.push(Msg::Warn(w)),
        );
    }
    images
}

/// True when `path` is a symbolic link to nothing.
fn is_dangling(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
        && std::fs::metadata(path).is_err()
}

/// Why output in format `backend` cannot go to stdout: binary formats
/// (EPUB, PDF) are not written to a terminal (as `gzip -c` refuses).
fn stdout_refusal(backend: &str, stdout_is_terminal: bool) -> Option<super::Usage> {
    let format = render::formats::find(backend);
    let binary = format.is_none_or(|f| f.kind == render::formats::OutputKind::Binary);
    (binary && stdout_is_terminal).then(|| {
        let ext = format.map_or(backend, |f| f.extension);
        super::Usage(format!(
            "{} output is binary and stdout is a terminal; give -o FILE.{ext} or a folder, or redirect stdout (galley convert … > out.{ext})",
            backend.to_uppercase()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_formats_are_never_written_to_a_terminal() {
        for f in ["pdf", "epub"] {
            let refusal = stdout_refusal(f, true).expect(f).0;
            assert!(
                refusal.contains("stdout is a terminal")
                    && refusal.contains(&format!("-o FILE.{f}")),
                "{refusal}"
            );
            assert!(stdout_refusal(f, false).is_none());
        }
        for f in ["markdown", "html"] {
            assert!(stdout_refusal(f, true).is_none());
        }
    }
}
