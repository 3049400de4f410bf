//! The article store of a briefing build: JSON Lines as `galley batch`
//! wrote them (or its input records), or a folder of article files; every
//! article read and normalized once, in parallel, and kept by id.

use super::files::{DirSource, read_file};
use super::record::{Bodies, ErrorRecord, id_text, parse_line};
use super::{Item, Line, LineSource, Source, next_window};
use crate::error::{Error, Result};
use crate::model::Document;
use crate::normalize::Normalizer;
use crate::read::ReadLimits;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The normalized articles of a store, by id.
#[derive(Debug, Default)]
pub struct Store {
    /// Each id's document, or why it could not be read.
    pub docs: HashMap<String, std::result::Result<Arc<Document>, String>>,
    /// Lines of the store that gave no article with an id (or repeated one).
    pub errors: Vec<ErrorRecord>,
}

impl Store {
    /// Articles read and normalized.
    pub fn articles(&self) -> usize {
        self.docs.values().filter(|d| d.is_ok()).count()
    }
}

/// One store item, read and normalized: `(id, document or error)`.
type Loaded = std::result::Result<(String, std::result::Result<Document, String>), ErrorRecord>;

fn load_item(
    item: Item,
    normalizer: &Normalizer,
    limits: &ReadLimits,
    wanted: Option<&HashSet<String>>,
) -> Option<Loaded> {
    let (n, rec) = match item {
        Item::Line(n, Line::TooLong { len }) => {
            return Some(Err(ErrorRecord {
                id: None,
                reader: None,
                line: n,
                error: format!("store line {n} is {len} bytes, over the read limit; skipped"),
            }));
        }
        Item::Line(n, Line::Bytes(b)) => (n, parse_line(&b, n, Bodies::PreferMarkdown)),
        Item::File(n, p) => (n, read_file(&p, n, limits)),
    };
    let rec = match rec {
        Ok(r) => r,
        Err(e) => {
            // A broken line with an id: the readers that name it say why.
            let id = e.id.as_ref().and_then(id_text);
            return match id {
                Some(id) if wanted.is_some_and(|w| !w.contains(&id)) => None,
                Some(id) => Some(Ok((id, Err(e.error)))),
                None => Some(Err(e)),
            };
        }
    };
    let Some(id) = rec.id.as_ref().and_then(id_text) else {
        return Some(Err(ErrorRecord {
            id: None,
            reader: None,
            line: n,
            error: format!("store line {n} has no \"id\"; no reader can name it"),
        }));
    };
    // An article no reader of this manifest names is not normalized.
    if wanted.is_some_and(|w| !w.contains(&id)) {
        return None;
    }
    let name = PathBuf::from(format!("article {id}"));
    let doc = crate::convert_bytes_stated(&rec.body, &name, rec.format, normalizer, &rec.stated)
        .map(|c| c.doc)
        .map_err(|e| e.to_string());
    Some(Ok((id, doc)))
}

/// Reads the store at `path` (a JSON Lines file, or a folder of article
/// files), normalizing each article once on `pool`; with `wanted`, only the
/// articles it names (a shard of the readers needs only theirs).
pub fn load(
    path: &Path,
    normalizer: &Normalizer,
    limits: &ReadLimits,
    pool: &rayon::ThreadPool,
    wanted: Option<&HashSet<String>>,
) -> Result<Store> {
    let mut source: Box<dyn Source> = if path.is_dir() {
        Box::new(DirSource::new(path)?)
    } else {
        let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let max = usize::try_from(limits.max_bytes).unwrap_or(usize::MAX);
        Box::new(LineSource::new(std::io::BufReader::new(f), max))
    };
    let mut store = Store::default();
    let mut lines: HashMap<String, u64> = HashMap::new();
    loop {
        let window = next_window(source.as_mut(), 512)?;
        if window.is_empty() {
            break;
        }
        let lines_of: Vec<u64> = window
            .iter()
            .map(|i| match i {
                Item::Line(n, _) | Item::File(n, _) => *n,
            })
            .collect();
        let loaded: Vec<Option<Loaded>> = pool.install(|| {
            use rayon::prelude::*;
            window
                .into_par_iter()
                .map(|i| load_item(i, normalizer, limits, wanted))
                .collect()
        });
        for (l, n) in loaded.into_iter().zip(lines_of) {
            let Some(l) = l else { continue };
            match l {
                Err(e) => store.errors.push(e),
                Ok((id, doc)) => {
                    if let Some(first) = lines.get(&id) {
                        store.errors.push(ErrorRecord {
                            id: Some(serde_json::Value::String(id.clone())),
                            reader: None,
                            line: n,
                            error: format!(
                                "store line {n}: the id {id:?} is already the article of line {first}; this one is ignored"
                            ),
                        });
                        continue;
                    }
                    lines.insert(id.clone(), n);
                    store.docs.insert(id, doc.map(Arc::new));
                }
            }
        }
    }
    Ok(store)
}
