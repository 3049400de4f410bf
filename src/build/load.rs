//! Reading and normalizing the planned articles (in parallel, order kept),
//! their unique ids, and the build time they imply.

use super::Observer;
use super::plan::PlannedSection;
use crate::config::BookConfig;
use crate::error::Result;
use crate::model::{Article, Book, Section};
use crate::normalize::{Action, Normalizer};
use crate::render;
use crate::time::BuildTime;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Unique slug ids from titles, in order: `a`, `a-2`, `a-3`. Each name is
/// (title, input file stem): a title that slugs to nothing usable (only
/// digits or symbols) falls back to the file stem, slugged.
pub fn assign_ids<'a>(names: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::new();
    names
        .map(|(title, stem)| {
            let base = render::shared::slug(title)
                .or_else(|| render::shared::slug(stem))
                .unwrap_or_else(|| render::slugify(stem));
            // (`slugify` keeps a stem of digits, `2025-03-14`; `article`
            // only for a stem with nothing left at all.)
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
    limits: &crate::ReadLimits,
    observer: &dyn Observer,
) -> Result<LoadedBook> {
    use rayon::prelude::*;
    let files: Vec<&PathBuf> = sections.iter().flat_map(|s| &s.files).collect();
    observer.start(files.len());
    let results: Vec<Result<crate::Converted>> = files
        .par_iter()
        .map(|p| {
            let r = crate::convert_file_with(p, None, normalizer, limits);
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
    let names: Vec<(&str, &str)> = converted
        .iter()
        .zip(&stems)
        .map(|(c, stem)| {
            let title = c
                .doc
                .meta
                .title
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or(stem);
            (title, stem.as_str())
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
    let day = match &book.meta.date {
        Some(d) => d.iso_day(),
        None => book
            .articles()
            .filter_map(|a| a.doc.meta.date.as_ref()?.day())
            .max(),
    };
    BuildTime::resolve(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_slugs() {
        let ids = assign_ids(
            [
                ("Ferry fares rise", "a"),
                ("Ferry fares rise", "b"),
                ("Ferry fares rise", "c"),
                ("Ça va", "d"),
                ("Москва", "e"),
                ("Москва", "f"),
                ("2025", "budget-vote"),
                ("!!!", "2025-03-14"),
            ]
            .into_iter(),
        );
        assert_eq!(
            ids,
            [
                "ferry-fares-rise",
                "ferry-fares-rise-2",
                "ferry-fares-rise-3",
                "ca-va",
                "moskva",
                "moskva-2",
                "budget-vote",
                "2025-03-14"
            ]
        );
    }
}
