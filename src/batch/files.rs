//! `--from DIR` (the articles of a folder as records) and `--to-dir DIR`
//! (outputs as files, through the build folder's transaction).

use super::record::{ErrorRecord, InputRecord};
use super::{Done, Item, Source, unsafe_name};
use crate::error::{Error, Result};
use crate::model::Meta;
use crate::outdir::{Content, OutDir, Output};
use crate::read::{Format, ReadLimits};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The article files of a folder (`.txt`, `.md`, `.markdown`, `.html`,
/// `.htm`; not its subfolders, not hidden files), in name order; each
/// record's id is the file's stem.
pub struct DirSource {
    files: std::vec::IntoIter<PathBuf>,
    n: u64,
}

/// Whether `path` names an article file by its extension.
pub(super) fn is_article(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(
        ext.as_deref(),
        Some("txt" | "md" | "markdown" | "html" | "htm")
    ) && !path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

impl DirSource {
    /// The article files of `dir`.
    pub fn new(dir: &Path) -> Result<Self> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| is_article(p) && !p.is_dir())
            .collect();
        files.sort();
        Ok(DirSource {
            files: files.into_iter(),
            n: 0,
        })
    }
}

impl Source for DirSource {
    fn next_item(&mut self) -> Result<Option<Item>> {
        Ok(self.files.next().map(|p| {
            self.n += 1;
            Item::File(self.n, p)
        }))
    }
}

/// Reads the article file `path` (item `n`) as a record: id = file stem,
/// format from the extension (HTML when the content starts like a page).
pub(super) fn read_file(
    path: &Path,
    n: u64,
    limits: &ReadLimits,
) -> std::result::Result<InputRecord, ErrorRecord> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = Some(serde_json::Value::String(stem));
    let err = |e: Error| ErrorRecord {
        id: id.clone(),
        reader: None,
        line: n,
        error: e.to_string(),
    };
    let bytes = crate::read::read_regular_file(path, limits).map_err(err)?;
    let format = Format::detect(path, &bytes);
    Ok(InputRecord {
        id,
        body: bytes,
        format,
        stated: Meta::default(),
    })
}

/// Outputs written into a folder galley owns file by file: a file that is
/// there and that galley did not write (it is not in the folder's manifest)
/// is never overwritten: its record becomes an error record. Each window is
/// one commit ([`OutDir::commit`]) that removes nothing.
pub struct DirSink {
    dir: OutDir,
    /// File names galley has written in the folder (the manifest's).
    ours: HashSet<String>,
    /// Names written in this run: a second record with the same id is an
    /// error, not an overwrite of the first.
    this_run: HashSet<String>,
}

impl DirSink {
    /// Opens (and locks) `dir`, creating it if needed.
    pub fn open(dir: &Path, waiting: &dyn Fn(&str)) -> Result<Self> {
        let dir = OutDir::open(dir, waiting)?;
        let ours = dir
            .manifest()
            .items
            .iter()
            .filter(|i| !i.folder)
            .map(|i| i.name.clone())
            .collect();
        Ok(DirSink {
            dir,
            ours,
            this_run: HashSet::new(),
        })
    }

    /// Why output `name` cannot be written, if it cannot.
    pub(super) fn refusal(&self, name: &str) -> Option<String> {
        if let Some(why) = unsafe_name(name) {
            return Some(format!("{name:?} cannot be a file name: it {why}"));
        }
        if self.this_run.contains(name) {
            return Some(format!(
                "{name} was already written by an earlier record of this run (a repeated id); not overwritten"
            ));
        }
        let target = self.dir.root().join(name);
        if std::fs::symlink_metadata(&target).is_ok() && !self.ours.contains(name) {
            return Some(format!(
                "{} exists and galley did not write it; not overwritten",
                target.display()
            ));
        }
        None
    }

    /// Writes the files of the converted items (one commit), turning an item
    /// whose file may not be written into an error record.
    pub(super) fn write(&mut self, done: Vec<Done>) -> Result<Vec<Done>> {
        let mut outputs = Vec::new();
        let mut kept = Vec::with_capacity(done.len());
        for mut d in done {
            let refused = d.files.iter().find_map(|(name, _, _)| self.refusal(name));
            if let Some(error) = refused {
                d = super::failed(ErrorRecord {
                    id: d.id.clone(),
                    reader: d.reader.clone(),
                    line: d.line,
                    error: format!("line {}: {error}", d.line),
                });
            }
            for (name, format, bytes) in std::mem::take(&mut d.files) {
                self.this_run.insert(name.clone());
                outputs.push(Output {
                    format: format.to_string(),
                    name,
                    content: Content::File(bytes),
                });
            }
            kept.push(d);
        }
        if !outputs.is_empty() {
            self.dir.commit(&outputs, &[])?;
            self.ours.extend(outputs.into_iter().map(|o| o.name));
        }
        Ok(kept)
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        self.dir.root()
    }
}
