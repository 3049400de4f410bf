//! Builds a PDF briefing from a folder of Markdown articles, in code (until
//! `galley build` lands): `cargo run --release --example pdf_book -- DIR OUT.pdf [SECTION_SIZE]`.
//!
//! Articles are read in file-name order and grouped into sections of
//! SECTION_SIZE (default 25) articles.

use galley::model::{Article, Book, BookMeta, Section};
use galley::render::{Mode, RenderContext, pdf::render_pdf};
use galley::time::BuildTime;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: pdf_book DIR OUT.pdf [SECTION_SIZE]");
        return ExitCode::from(2);
    }
    let per: usize = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(25)
        .max(1);
    match run(&args[0], &args[1], per) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pdf_book: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &str, out: &str, per: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let t0 = std::time::Instant::now();
    let mut sections: Vec<Section> = Vec::new();
    let normalizer = galley::normalize::Normalizer::default_config();
    // Read and normalize in parallel, in order, as `galley build` does
    // (RAYON_NUM_THREADS=1 for one thread).
    let docs: Vec<galley::model::Document> = {
        use rayon::prelude::*;
        files
            .par_iter()
            .map(|f| {
                let text = std::fs::read_to_string(f)?;
                Ok(normalizer
                    .run(galley::read::read_str(
                        &text,
                        galley::read::Format::Markdown,
                    ))
                    .0)
            })
            .collect::<std::io::Result<_>>()?
    };
    for (i, (f, doc)) in files.iter().zip(docs).enumerate() {
        if i % per == 0 {
            sections.push(Section::new(
                Some(format!("Part {}", i / per + 1)),
                Vec::new(),
            ));
        }
        let id = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(s) = sections.last_mut() {
            s.articles
                .push(Article::new(id, f.display().to_string(), doc));
        }
    }
    let mut meta = BookMeta::new("Coastal Affairs Briefing");
    meta.subtitle = Some("A fictional weekly digest".into());
    meta.authors = vec!["Briefing Desk".into()];
    meta.date = Some("2024-04-02".into());
    let book = Book::new(meta, sections);
    let ctx = RenderContext::new(
        Mode::Collection,
        BuildTime::resolve(
            book.meta
                .date
                .as_ref()
                .and_then(galley::model::Date::iso_day),
        )?,
    );
    let t1 = std::time::Instant::now();
    let pdf = render_pdf(&book, &ctx)?;
    if std::env::var_os("GALLEY_DEBUG_TIMING").is_some() {
        eprintln!(
            "pdf_book: read+normalize {:?}, render {:?}",
            t1 - t0,
            t1.elapsed()
        );
    }
    for w in &pdf.warnings {
        eprintln!("pdf_book: warning: {w}");
    }
    galley::fsio::write_atomic(std::path::Path::new(out), &pdf.bytes)?;
    Ok(())
}
