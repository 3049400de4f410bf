//! The swap: a journal names the staged items, each goes in by one atomic
//! exchange (two renames where there is none), and a build killed in between
//! is completed by the next one from the journal.

use super::{
    CommitReport, JOURNAL, MANIFEST, OutDir, Output, STAGE_PREFIX, io, is_plain_name, output_err,
};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fs;
use std::path::Path;

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Journal {
    /// The staging folder's name in the build folder.
    pub(super) stage: String,
    /// Items to swap in: name and the staged item's inode (0 where unknown).
    pub(super) swaps: Vec<(String, u64)>,
    /// Items to move out (into the stage's `old/`).
    pub(super) remove: Vec<String>,
}

#[cfg(unix)]
pub(super) fn inode(p: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    fs::symlink_metadata(p).ok().map(|m| m.ino())
}
#[cfg(not(unix))]
pub(super) fn inode(p: &Path) -> Option<u64> {
    fs::symlink_metadata(p).ok().map(|_| 0)
}

/// Swaps `staged` into `target`. When `target` exists it ends up at
/// `staged` (or, without an atomic exchange, at `old`).
pub(super) fn swap_in(staged: &Path, target: &Path, old: &Path) -> Result<()> {
    if fs::symlink_metadata(target).is_err() {
        return fs::rename(staged, target).map_err(io(target));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, staged, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // Filesystems without the exchange fall back to two renames.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(Error::io(target, e.into())),
        }
    }
    if let Some(d) = old.parent() {
        fs::create_dir_all(d).map_err(io(d))?;
    }
    fs::rename(target, old).map_err(io(target))?;
    fs::rename(staged, target).map_err(io(target))
}

/// Completes the swap a killed build journaled. Returns whether there was one.
pub(super) fn recover(root: &Path) -> Result<bool> {
    let jp = root.join(JOURNAL);
    let text = match fs::read_to_string(&jp) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io(&jp, e)),
    };
    let journal: Journal = serde_json::from_str(&text).map_err(|e| {
        output_err(
            &jp,
            format!("unreadable journal of an interrupted build ({e}); remove it to go on"),
        )
    })?;
    // Every name in the journal must be a plain name in the build folder:
    // a journal is data on disk, and a `../articles` in it must not move
    // anything anywhere.
    let names_ok = journal
        .swaps
        .iter()
        .map(|(n, _)| n)
        .chain(&journal.remove)
        .all(|n| is_plain_name(n) && !n.starts_with(".galley"));
    if !names_ok || !journal.stage.starts_with(STAGE_PREFIX) {
        return Err(output_err(
            &jp,
            "names files outside the build folder; it was not written by galley: remove it to go on",
        ));
    }
    let stage = root.join(&journal.stage);
    if !is_plain_name(&journal.stage) || !stage.is_dir() {
        // The stage is gone: the swap cannot be completed; nothing to do.
        fs::remove_file(&jp).map_err(io(&jp))?;
        return Ok(true);
    }
    apply(root, &stage, &journal)?;
    fs::remove_file(&jp).map_err(io(&jp))?;
    Ok(true)
}

/// Swaps the journaled items in. Idempotent: an item whose target already is
/// the staged one (same inode) is left alone, so a half-done swap completes.
fn apply(root: &Path, stage: &Path, j: &Journal) -> Result<()> {
    let new = stage.join("new");
    let old = stage.join("old");
    for (name, ino) in &j.swaps {
        let target = root.join(name);
        let staged = new.join(name);
        let done = *ino != 0 && inode(&target) == Some(*ino);
        if !done && inode(&staged).is_some_and(|i| *ino == 0 || i == *ino) {
            swap_in(&staged, &target, &old.join(name))?;
        }
    }
    for name in &j.remove {
        let target = root.join(name);
        if fs::symlink_metadata(&target).is_ok() {
            fs::create_dir_all(&old).map_err(io(&old))?;
            fs::rename(&target, old.join(name)).map_err(io(&target))?;
        }
    }
    let m = new.join(MANIFEST);
    if m.exists() {
        let t = root.join(MANIFEST);
        fs::rename(&m, &t).map_err(io(&t))?;
    }
    Ok(())
}

impl OutDir {
    /// Replaces the outputs of `formats` with `outputs`, all together or not
    /// at all. Outputs of other formats stay as they are; earlier outputs of
    /// `formats` that are not in `outputs` are removed.
    pub fn commit(&mut self, outputs: &[Output], formats: &[&str]) -> Result<CommitReport> {
        let root = self.root.clone();
        let mut names = HashSet::new();
        for o in outputs {
            if !is_plain_name(&o.name)
                || o.name.starts_with(".galley")
                || !names.insert(o.name.as_str())
            {
                return Err(output_err(
                    &root.join(&o.name),
                    "is not a usable output name (a backend bug)",
                ));
            }
        }
        let mut builder = tempfile::Builder::new();
        builder.prefix(STAGE_PREFIX);
        #[cfg(unix)]
        builder.permissions(crate::fsio::default_permissions(true));
        let stage = builder.tempdir_in(&root).map_err(io(&root))?;
        let _registered = crate::cleanup::register(stage.path());
        let staged = self.stage(outputs, formats, stage.path());
        let (journal, manifest, mut report) = staged.map_err(|e| match e {
            // Name the build folder, not the staging file, and say that
            // nothing changed.
            Error::Io { path, source } if path.starts_with(stage.path()) => output_err(
                &root,
                format!(
                    "cannot write the new outputs ({source}); the previous outputs are unchanged"
                ),
            ),
            e => e,
        })?;
        {
            // From here on a signal waits until the swap is over.
            let _critical = crate::cleanup::critical();
            let jp = root.join(JOURNAL);
            let jtmp = stage.path().join("journal");
            fs::rename(&jtmp, &jp).map_err(io(&jp))?;
            if let Err(e) = apply(&root, stage.path(), &journal) {
                // The journal stays: the next build completes the swap.
                let _ = stage.keep();
                return Err(e);
            }
            fs::remove_file(&jp).map_err(io(&jp))?;
            report.removed = journal.remove.iter().map(|n| root.join(n)).collect();
            let stage_path = stage.path().to_path_buf();
            drop(stage);
            if stage_path.exists() {
                let _ = fs::remove_dir_all(&stage_path);
            }
        }
        self.manifest = manifest;
        Ok(report)
    }
}
