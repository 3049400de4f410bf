//! The outputs of a build: which formats, their names in the build folder,
//! the check that they stay apart from the sources, each format's prepared
//! theme and options, and rendering them all in memory.

use super::plan::Plan;
use super::sources::resolve_path;
use super::{BuildOptions, Observer, Written, cfg_err};
use crate::config::BookConfig;
use crate::error::{Error, Result};
use crate::model::Book;
use crate::outdir::{Content, Output};
use crate::render::{self, Mode, RenderContext};
use crate::theme::Theme;
use crate::time::BuildTime;
use std::path::Path;

/// A format's theme and options, prepared before any article is read.
pub(super) type Prepared = (Theme, render::formats::Options);

/// Output formats to build: configured ones (restricted by `only`), checked
/// against the built-in backends.
pub(super) fn select_backends(
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
pub(super) fn single_file(format: &str) -> bool {
    render::formats::find(format).is_some_and(|f| f.layout == render::formats::Layout::File)
}

/// The name of `format`'s output in the build folder.
pub(super) fn output_name(b: &dyn render::Backend, slug: &str) -> String {
    if single_file(b.name()) {
        format!("{slug}.{}", b.extension())
    } else {
        b.name().to_string()
    }
}

/// Refuses a build whose outputs would overwrite or be read as its sources:
/// an output inside (or equal to, or holding) a source folder or article.
pub(super) fn check_overlap(
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

/// The check that a path named in `book.toml` (a theme folder, a cover) is
/// inside the book folder `dir`, unless `[build] allow-outside`.
pub(crate) fn inside_book<'a>(
    cfg: &'a BookConfig,
    dir: &Path,
    cfg_path: &'a Path,
) -> Result<impl Fn(&str, &Path) -> Result<()> + Sync + 'a> {
    let root_canon = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    Ok(move |key: &str, p: &Path| -> Result<()> {
        if cfg.build.allow_outside {
            return Ok(());
        }
        match std::fs::canonicalize(p) {
            Ok(c) if !c.starts_with(&root_canon) => Err(cfg_err(
                cfg_path,
                format!(
                    "{key}: {} is outside the book folder {}; galley reads only inside it unless [build] allow-outside = true",
                    p.display(),
                    root_canon.display()
                ),
            )),
            _ => Ok(()),
        }
    })
}

/// Each backend's theme and options: its `[output.NAME]` table (or the
/// format's defaults) through the format's `prepare`, which reads the theme
/// folder and the cover, confined to the book folder unless `[build]
/// allow-outside`.
pub(super) fn prepare_formats(
    cfg: &BookConfig,
    dir: &Path,
    cfg_path: &Path,
    opts: &BuildOptions,
    backends: &[Box<dyn render::Backend>],
) -> Result<Vec<Prepared>> {
    let inside = inside_book(cfg, dir, cfg_path)?;
    let max_bytes = opts
        .max_input_size
        .or(cfg.build.max_input_size)
        .unwrap_or(crate::ReadLimits::default().max_bytes);
    let assets = render::formats::Assets {
        root: dir,
        config: cfg_path,
        check: &inside,
        max_bytes,
    };
    let mut contexts = Vec::new();
    for b in backends {
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
    Ok(contexts)
}

/// Renders the book with every backend, in parallel, in memory.
pub(super) fn render_all(
    book: &Book,
    time: BuildTime,
    backends: &[Box<dyn render::Backend>],
    contexts: &[Prepared],
    images: &std::sync::Arc<render::images::Images>,
) -> Vec<Result<Vec<render::OutputFile>>> {
    use rayon::prelude::*;
    backends
        .par_iter()
        .zip(contexts.par_iter())
        .map(|(b, (theme, options))| {
            let mut ctx = RenderContext::new(Mode::Collection, time);
            ctx.theme = theme.clone();
            ctx.options.insert(b.name(), options.clone());
            ctx.images = images.clone();
            b.render(book, &ctx)
        })
        .collect()
}

/// The rendered files as build-folder outputs (a single-file format's one
/// file, a folder format's files) and what each amounts to; the first failed
/// backend (in build order) is the error, after the warnings of those before it.
pub(super) fn collect_outputs(
    backends: &[Box<dyn render::Backend>],
    rendered: Vec<Result<Vec<render::OutputFile>>>,
    names: &[String],
    build_dir: &Path,
    observer: &dyn Observer,
) -> Result<(Vec<Output>, Vec<Written>)> {
    let mut outputs = Vec::new();
    let mut written = Vec::new();
    for ((b, r), name) in backends.iter().zip(rendered).zip(names) {
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
            Content::File(std::mem::take(&mut files[0].bytes))
        } else {
            Content::Folder(files)
        };
        outputs.push(Output {
            format: b.name().to_string(),
            name: name.clone(),
            content,
        });
    }
    Ok((outputs, written))
}
