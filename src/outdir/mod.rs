//! The build folder, written as a transaction: galley changes only what it
//! wrote itself, and one build's outputs replace the last ones together or
//! not at all.
//!
//! In the build folder (`book/` by default):
//!
//! - `.galley.lock` is locked (an OS file lock) for the whole build and holds
//!   the builder's process id; a second build of the same folder waits and
//!   says which process it waits for.
//! - `.galley.manifest.json` lists every output galley wrote there: each
//!   top-level item (`html/`, `briefing.epub`) and, for folders, every file
//!   inside. Anything else in the folder (a `notes.txt` in `html/`) is the
//!   user's: it is never removed, and a build that would overwrite it stops
//!   before writing anything and names it.
//! - A commit writes every new output into `.galley-stage-*/new/` first. Only
//!   when all of it is written does it record a journal
//!   (`.galley.journal.json`) and swap the items in: on Linux each item by
//!   one atomic exchange (`renameat2(RENAME_EXCHANGE)`), elsewhere by two
//!   renames. Files the user put in an output folder are carried into the new
//!   folder as hard links (copies where links are not possible) before the
//!   swap. The manifest is replaced last, then the journal is removed.
//! - If a build fails while staging, nothing in the folder changed. If it is
//!   killed during the swap (a few renames), the next build finds the journal
//!   and completes the swap before anything else; it also removes every stale
//!   staging folder and temp file that a killed build left.
//!
//! The pieces: `lock.rs` ([`OutDir::open`]: the lock, then recovery and
//! cleanup), `manifest.rs` (what galley owns here, and what a commit leaves
//! in it), `stage.rs` (writing the new outputs and the user's carried files
//! into the staging folder), `swap.rs` (the journal, the swap,
//! [`OutDir::commit`], roll-forward after a kill), `clean.rs` (stale staging).

mod clean;
mod lock;
mod manifest;
mod stage;
mod swap;
#[cfg(test)]
mod tests;

pub use manifest::{Manifest, ManifestItem};

use crate::error::Error;
use crate::render::OutputFile;
use std::fs::File;
use std::path::{Component, Path, PathBuf};

/// The lock file's name in the build folder.
pub const LOCK: &str = ".galley.lock";
/// The manifest's name in the build folder.
pub const MANIFEST: &str = ".galley.manifest.json";
const JOURNAL: &str = ".galley.journal.json";
const STAGE_PREFIX: &str = ".galley-stage-";

/// One output to commit.
#[derive(Debug, Clone)]
pub struct Output {
    /// Format name.
    pub format: String,
    /// Name in the build folder: a plain file or folder name.
    pub name: String,
    /// Its content.
    pub content: Content,
}

/// The content of an [`Output`].
#[derive(Debug, Clone)]
pub enum Content {
    /// One file.
    File(Vec<u8>),
    /// A folder of files (relative paths).
    Folder(Vec<OutputFile>),
}

/// What a commit did besides writing the outputs.
#[derive(Debug, Clone, Default)]
pub struct CommitReport {
    /// Files in output folders that galley did not write and kept.
    pub kept: Vec<PathBuf>,
    /// Earlier outputs of the built formats that this build no longer
    /// writes (an EPUB under an old title) and removed.
    pub removed: Vec<PathBuf>,
}

/// A locked build folder.
#[derive(Debug)]
pub struct OutDir {
    root: PathBuf,
    _lock: File,
    manifest: Manifest,
    /// A killed build's swap that [`OutDir::open`] completed.
    pub recovered: bool,
    /// Stale staging folders and temp files it removed.
    pub cleaned: usize,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

fn output_err(path: &Path, message: impl Into<String>) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

fn is_plain_name(name: &str) -> bool {
    let p = Path::new(name);
    !name.is_empty()
        && p.components().count() == 1
        && matches!(p.components().next(), Some(Component::Normal(_)))
}

impl OutDir {
    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// What galley wrote here before this build.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }
}
