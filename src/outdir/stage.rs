//! Staging: every new output, and the user's files carried over from the
//! folders it replaces, written into `.galley-stage-*/new/` with the new
//! manifest and the journal; nothing outside the staging folder changes.

use super::swap::{Journal, inode};
use super::{
    CommitReport, Content, JOURNAL, MANIFEST, Manifest, ManifestItem, OutDir, Output, io,
    output_err,
};
use crate::error::{Error, Result};
use crate::render::OutputFile;
use std::collections::{BTreeSet, HashSet};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// Writes `bytes` to a new file `p` (its folders created).
pub(super) fn write_new(p: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(d) = p.parent() {
        fs::create_dir_all(d).map_err(io(d))?;
    }
    let mut f = File::create(p).map_err(io(p))?;
    f.write_all(bytes).map_err(io(p))?;
    Ok(())
}

/// Every entry under `dir` (not following symlinks), as `/`-separated
/// relative paths with their kind, parents before children.
pub(super) fn walk(dir: &Path) -> Result<Vec<(String, fs::FileType)>> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((d, prefix)) = stack.pop() {
        let mut entries: Vec<_> = fs::read_dir(&d).map_err(io(&d))?.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            let t = e.file_type().map_err(io(&e.path()))?;
            if t.is_dir() {
                stack.push((e.path(), rel.clone()));
            }
            out.push((rel, t));
        }
    }
    Ok(out)
}

/// Carries the user's files of the existing folder `target` into the staged
/// folder `staged`: hard links where possible, else copies. Returns the
/// carried files. A user file where galley now writes one is an error.
fn carry_user_files(
    target: &Path,
    staged: &Path,
    ours: &HashSet<&str>,
    new_files: &HashSet<String>,
) -> Result<Vec<PathBuf>> {
    let mut kept = Vec::new();
    for (rel, t) in walk(target)? {
        if ours.contains(rel.as_str()) && !t.is_dir() {
            continue;
        }
        let from = target.join(&rel);
        let to = staged.join(&rel);
        if t.is_dir() {
            if new_files.contains(&rel) {
                return Err(output_err(
                    &from,
                    "is a folder galley did not write, where this build writes a file; move it away",
                ));
            }
            fs::create_dir_all(&to).map_err(io(&to))?;
            continue;
        }
        if new_files.contains(&rel) || to.exists() {
            return Err(output_err(
                &from,
                format!(
                    "was not written by galley (it is not in {MANIFEST}), and this build writes a file there; \
                     move it away (if it is left from a galley version without a manifest, delete the folder)"
                ),
            ));
        }
        if let Some(d) = to.parent() {
            fs::create_dir_all(d).map_err(io(d))?;
        }
        if t.is_symlink() {
            #[cfg(unix)]
            {
                let link = fs::read_link(&from).map_err(io(&from))?;
                std::os::unix::fs::symlink(link, &to).map_err(io(&to))?;
            }
        } else if t.is_file() {
            if fs::hard_link(&from, &to).is_err() {
                fs::copy(&from, &to).map_err(io(&from))?;
            }
        } else {
            return Err(output_err(
                &from,
                "is a special file (FIFO, socket or device) in an output folder; move it away",
            ));
        }
        kept.push(from);
    }
    Ok(kept)
}

impl OutDir {
    /// Writes every output, the carried user files, the new manifest and the
    /// journal into the staging folder `stage`; changes nothing outside it.
    pub(super) fn stage(
        &self,
        outputs: &[Output],
        formats: &[&str],
        stage: &Path,
    ) -> Result<(Journal, Manifest, CommitReport)> {
        let root = self.root.clone();
        let names: HashSet<&str> = outputs.iter().map(|o| o.name.as_str()).collect();
        let new = stage.join("new");
        let mut report = CommitReport::default();
        let mut items = Vec::new();
        for o in outputs {
            let target = root.join(&o.name);
            let staged = new.join(&o.name);
            let before = self.manifest.item(&o.name);
            let target_meta = fs::symlink_metadata(&target).ok();
            let item = match &o.content {
                Content::File(bytes) => {
                    stage_file(o, bytes, &target, &staged, before, target_meta.as_ref())?
                }
                Content::Folder(files) => {
                    let (item, kept) =
                        stage_folder(o, files, &target, &staged, before, target_meta.as_ref())?;
                    report.kept.extend(kept);
                    item
                }
            };
            items.push(item);
        }
        // Earlier outputs of the formats built now that this build does not write.
        let (manifest, remove) = self.manifest.succeeded_by(&root, items, &names, formats);
        let text = serde_json::to_string_pretty(&manifest)
            .map_err(|e| output_err(&root.join(MANIFEST), e.to_string()))?;
        write_new(&new.join(MANIFEST), text.as_bytes())?;
        let stage_name = stage
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let journal = Journal {
            stage: stage_name,
            swaps: outputs
                .iter()
                .map(|o| (o.name.clone(), inode(&new.join(&o.name)).unwrap_or(0)))
                .collect(),
            remove,
        };
        let jtext = serde_json::to_string(&journal)
            .map_err(|e| output_err(&root.join(JOURNAL), e.to_string()))?;
        write_new(&stage.join("journal"), jtext.as_bytes())?;
        Ok((journal, manifest, report))
    }
}

/// Stages the one-file output `o` at `staged`. An existing `target` galley
/// did not write as a file is an error.
fn stage_file(
    o: &Output,
    bytes: &[u8],
    target: &Path,
    staged: &Path,
    before: Option<&ManifestItem>,
    target_meta: Option<&fs::Metadata>,
) -> Result<ManifestItem> {
    if let Some(m) = target_meta
        && (before.is_none_or(|b| b.folder) || !m.is_file())
    {
        return Err(output_err(
            target,
            format!(
                "exists and galley did not write it (it is not in {MANIFEST}); move it away or choose another build folder"
            ),
        ));
    }
    write_new(staged, bytes)?;
    Ok(ManifestItem {
        format: o.format.clone(),
        name: o.name.clone(),
        folder: false,
        files: Vec::new(),
    })
}

/// Stages the folder output `o` at `staged`, then carries the user's files of
/// an existing `target` folder into it (returned). A backend's unsafe path,
/// a `target` that is not a folder, or a user file where galley now writes
/// one is an error.
fn stage_folder(
    o: &Output,
    files: &[OutputFile],
    target: &Path,
    staged: &Path,
    before: Option<&ManifestItem>,
    target_meta: Option<&fs::Metadata>,
) -> Result<(ManifestItem, Vec<PathBuf>)> {
    fs::create_dir_all(staged).map_err(io(staged))?;
    let mut rels = BTreeSet::new();
    for f in files {
        let safe = !f.path.as_os_str().is_empty()
            && f.path
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(Error::render(
                "build",
                format!("backend produced an unsafe path {}", f.path.display()),
            ));
        }
        let rel = f
            .path
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        write_new(&staged.join(&f.path), &f.bytes)?;
        rels.insert(rel);
    }
    let mut kept = Vec::new();
    if let Some(m) = target_meta {
        if !m.is_dir() {
            return Err(output_err(
                target,
                "exists and is not a folder; move it away or choose another build folder",
            ));
        }
        let ours: HashSet<&str> = before
            .filter(|b| b.folder)
            .map(|b| b.files.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let new_files: HashSet<String> = rels.iter().cloned().collect();
        kept = carry_user_files(target, staged, &ours, &new_files)?;
    }
    let item = ManifestItem {
        format: o.format.clone(),
        name: o.name.clone(),
        folder: true,
        files: rels.into_iter().collect(),
    };
    Ok((item, kept))
}
