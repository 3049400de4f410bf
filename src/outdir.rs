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

use crate::error::{Error, Result};
use crate::render::OutputFile;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// The lock file's name in the build folder.
pub const LOCK: &str = ".galley.lock";
/// The manifest's name in the build folder.
pub const MANIFEST: &str = ".galley.manifest.json";
const JOURNAL: &str = ".galley.journal.json";
const STAGE_PREFIX: &str = ".galley-stage-";

/// What galley wrote into a build folder.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// Format version (1).
    pub version: u32,
    /// Top-level outputs.
    pub items: Vec<ManifestItem>,
}

/// One top-level output in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ManifestItem {
    /// Format that wrote it (`html`, `epub`).
    pub format: String,
    /// Its name in the build folder (`html`, `briefing.epub`).
    pub name: String,
    /// A folder (with `files`) or one file.
    pub folder: bool,
    /// For folders: every file inside, `/`-separated relative paths.
    #[serde(default)]
    pub files: Vec<String>,
}

impl Manifest {
    fn item(&self, name: &str) -> Option<&ManifestItem> {
        self.items.iter().find(|i| i.name == name)
    }
}

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

#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    /// The staging folder's name in the build folder.
    stage: String,
    /// Items to swap in: name and the staged item's inode (0 where unknown).
    swaps: Vec<(String, u64)>,
    /// Items to move out (into the stage's `old/`).
    remove: Vec<String>,
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

#[cfg(unix)]
fn inode(p: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    fs::symlink_metadata(p).ok().map(|m| m.ino())
}
#[cfg(not(unix))]
fn inode(p: &Path) -> Option<u64> {
    fs::symlink_metadata(p).ok().map(|_| 0)
}

/// Swaps `staged` into `target`. When `target` exists it ends up at
/// `staged` (or, without an atomic exchange, at `old`).
fn swap_in(staged: &Path, target: &Path, old: &Path) -> Result<()> {
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

/// Removes stale staging folders, the staging folders of older galley
/// versions and temp files in `root`. Only called with the lock held.
fn clean_stale(root: &Path) -> Result<usize> {
    let mut n = 0;
    let Ok(rd) = fs::read_dir(root) else {
        return Ok(0);
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name == LOCK || name == MANIFEST || name == JOURNAL || !name.starts_with(".galley-") {
            continue;
        }
        let p = e.path();
        // Only names galley makes: `.galley-stage-` + 6 random characters,
        // `.galley-old-<format>`, `.galley-` + 6 (older versions' staging),
        // `.galley-` + 6 + `.tmp`. A user's `.galley-notes.tmp` is not one.
        let random = |r: &str| r.len() == 6 && r.bytes().all(|b| b.is_ascii_alphanumeric());
        let ours_dir = name.strip_prefix(STAGE_PREFIX).is_some_and(random)
            || name
                .strip_prefix(".galley-old-")
                .is_some_and(|f| crate::render::formats::names().contains(&f))
            || name.strip_prefix(".galley-").is_some_and(random);
        let ours_tmp = name
            .strip_prefix(".galley-")
            .and_then(|r| r.strip_suffix(".tmp"))
            .is_some_and(random);
        if !(ours_dir || ours_tmp) {
            continue;
        }
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            fs::remove_dir_all(&p).map_err(io(&p))?;
            n += 1;
        } else if name.ends_with(".tmp") {
            fs::remove_file(&p).map_err(io(&p))?;
            n += 1;
        }
    }
    Ok(n)
}

/// Completes the swap a killed build journaled. Returns whether there was one.
fn recover(root: &Path) -> Result<bool> {
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

fn is_plain_name(name: &str) -> bool {
    let p = Path::new(name);
    !name.is_empty()
        && p.components().count() == 1
        && matches!(p.components().next(), Some(Component::Normal(_)))
}

/// Writes `bytes` to a new file `p` (its folders created).
fn write_new(p: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(d) = p.parent() {
        fs::create_dir_all(d).map_err(io(d))?;
    }
    let mut f = File::create(p).map_err(io(p))?;
    f.write_all(bytes).map_err(io(p))?;
    Ok(())
}

/// Every entry under `dir` (not following symlinks), as `/`-separated
/// relative paths with their kind, parents before children.
fn walk(dir: &Path) -> Result<Vec<(String, fs::FileType)>> {
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
    /// Creates (if needed) and locks the build folder `root`, completes a
    /// killed build's swap and removes stale staging folders. `waiting` is
    /// told when another process holds the lock (then it waits).
    pub fn open(root: &Path, waiting: &dyn Fn(&str)) -> Result<OutDir> {
        if let Ok(m) = fs::symlink_metadata(root)
            && !m.is_dir()
            && !fs::metadata(root).is_ok_and(|m| m.is_dir())
        {
            let what = if m.file_type().is_symlink() && fs::metadata(root).is_err() {
                "the build folder is a symlink to a missing folder; galley does not create the folders a link points into"
            } else {
                "the build folder is a file, not a folder; choose another build-dir or --dest"
            };
            return Err(output_err(root, what));
        }
        fs::create_dir_all(root).map_err(io(root))?;
        let lp = root.join(LOCK);
        for special in [LOCK, MANIFEST, JOURNAL] {
            let p = root.join(special);
            if fs::symlink_metadata(&p).is_ok_and(|m| !m.is_file()) {
                return Err(output_err(
                    &p,
                    "is a symlink or not a regular file; galley writes it itself and will not follow it: remove it",
                ));
            }
        }
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lp)
            .map_err(io(&lp))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let holder = fs::read_to_string(&lp).unwrap_or_default();
                let holder = holder.trim();
                waiting(&format!(
                    "{}: another galley build (process {}) is writing here; waiting for it to finish",
                    root.display(),
                    if holder.is_empty() { "?" } else { holder }
                ));
                lock.lock().map_err(io(&lp))?;
            }
            // File systems without locks (some network ones): go on unlocked.
            Err(fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {}
            Err(fs::TryLockError::Error(e)) => return Err(Error::io(&lp, e)),
        }
        {
            let mut f = &lock;
            let _ = lock.set_len(0);
            let _ = writeln!(f, "{}", std::process::id());
        }
        let recovered = recover(root)?;
        let cleaned = clean_stale(root)?;
        let mp = root.join(MANIFEST);
        let manifest = match fs::read_to_string(&mp) {
            Ok(t) => serde_json::from_str(&t).map_err(|e| {
                output_err(
                    &mp,
                    format!("is not a galley manifest ({e}); it lists what galley wrote here, so galley will not guess: restore or delete it"),
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Manifest::default(),
            Err(e) => return Err(Error::io(&mp, e)),
        };
        Ok(OutDir {
            root: root.to_path_buf(),
            _lock: lock,
            manifest,
            recovered,
            cleaned,
        })
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// What galley wrote here before this build.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

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

    /// Writes every output, the carried user files, the new manifest and the
    /// journal into the staging folder `stage`; changes nothing outside it.
    fn stage(
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
            match &o.content {
                Content::File(bytes) => {
                    if let Some(m) = &target_meta
                        && (before.is_none_or(|b| b.folder) || !m.is_file())
                    {
                        return Err(output_err(
                            &target,
                            format!(
                                "exists and galley did not write it (it is not in {MANIFEST}); move it away or choose another build folder"
                            ),
                        ));
                    }
                    write_new(&staged, bytes)?;
                    items.push(ManifestItem {
                        format: o.format.clone(),
                        name: o.name.clone(),
                        folder: false,
                        files: Vec::new(),
                    });
                }
                Content::Folder(files) => {
                    fs::create_dir_all(&staged).map_err(io(&staged))?;
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
                    if let Some(m) = &target_meta {
                        if !m.is_dir() {
                            return Err(output_err(
                                &target,
                                "exists and is not a folder; move it away or choose another build folder",
                            ));
                        }
                        let ours: HashSet<&str> = before
                            .filter(|b| b.folder)
                            .map(|b| b.files.iter().map(String::as_str).collect())
                            .unwrap_or_default();
                        let new_files: HashSet<String> = rels.iter().cloned().collect();
                        report
                            .kept
                            .extend(carry_user_files(&target, &staged, &ours, &new_files)?);
                    }
                    items.push(ManifestItem {
                        format: o.format.clone(),
                        name: o.name.clone(),
                        folder: true,
                        files: rels.into_iter().collect(),
                    });
                }
            }
        }
        // Earlier outputs of the formats built now that this build does not write.
        let mut remove = Vec::new();
        let mut manifest = Manifest {
            version: 1,
            items: Vec::new(),
        };
        for old in &self.manifest.items {
            if names.contains(old.name.as_str()) {
                continue;
            }
            if formats.contains(&old.format.as_str()) {
                if is_plain_name(&old.name) && !old.folder {
                    remove.push(old.name.clone());
                } else if is_plain_name(&old.name) {
                    // A folder galley wrote: remove it only if nothing of the
                    // user's is inside.
                    let target = root.join(&old.name);
                    let ours: HashSet<&str> = old.files.iter().map(String::as_str).collect();
                    let user = walk(&target)
                        .unwrap_or_default()
                        .into_iter()
                        .any(|(rel, t)| !t.is_dir() && !ours.contains(rel.as_str()));
                    if user {
                        manifest.items.push(old.clone());
                        continue;
                    }
                    remove.push(old.name.clone());
                }
            } else {
                manifest.items.push(old.clone());
            }
        }
        manifest.items.extend(items);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &str)]) -> Content {
        Content::Folder(
            files
                .iter()
                .map(|(p, b)| OutputFile {
                    path: PathBuf::from(p),
                    bytes: b.as_bytes().to_vec(),
                    warnings: Vec::new(),
                })
                .collect(),
        )
    }

    fn out(format: &str, name: &str, content: Content) -> Output {
        Output {
            format: format.into(),
            name: name.into(),
            content,
        }
    }

    fn listing(root: &Path) -> Vec<String> {
        walk(root)
            .unwrap()
            .into_iter()
            .filter(|(_, t)| !t.is_dir())
            .map(|(r, _)| r)
            .filter(|r| r != LOCK)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    #[test]
    fn user_files_survive_and_stale_outputs_go() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("book");
        fs::create_dir_all(root.join("html")).unwrap();
        fs::write(root.join("html/notes.txt"), "mine").unwrap();
        fs::write(root.join("todo.txt"), "mine too").unwrap();
        let mut o = OutDir::open(&root, &|_| {}).unwrap();
        let r = o
            .commit(
                &[
                    out(
                        "html",
                        "html",
                        folder(&[("index.html", "1"), ("a.html", "a")]),
                    ),
                    out("epub", "old.epub", Content::File(b"E1".to_vec())),
                ],
                &["html", "epub"],
            )
            .unwrap();
        assert_eq!(r.kept, [root.join("html/notes.txt")]);
        // Second build: a.html is gone from the set, the EPUB is renamed.
        let r = o
            .commit(
                &[
                    out("html", "html", folder(&[("index.html", "2")])),
                    out("epub", "new.epub", Content::File(b"E2".to_vec())),
                ],
                &["html", "epub"],
            )
            .unwrap();
        assert_eq!(r.removed, [root.join("old.epub")]);
        drop(o);
        assert_eq!(
            listing(&root),
            [
                MANIFEST,
                "html/index.html",
                "html/notes.txt",
                "new.epub",
                "todo.txt"
            ]
        );
        assert_eq!(
            fs::read_to_string(root.join("html/notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(
            fs::read_to_string(root.join("html/index.html")).unwrap(),
            "2"
        );
    }

    #[test]
    fn a_user_file_where_galley_writes_stops_the_commit_before_any_change() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().to_path_buf();
        fs::create_dir_all(root.join("html")).unwrap();
        fs::write(root.join("html/index.html"), "hand-made").unwrap();
        let mut o = OutDir::open(&root, &|_| {}).unwrap();
        let e = o
            .commit(
                &[
                    out("markdown", "markdown", folder(&[("index.md", "m")])),
                    out("html", "html", folder(&[("index.html", "1")])),
                ],
                &["markdown", "html"],
            )
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("index.html") && e.contains("not written by galley"),
            "{e}"
        );
        drop(o);
        // Nothing changed: no markdown/ either, no staging folder.
        assert_eq!(listing(&root), ["html/index.html"]);
        assert_eq!(
            fs::read_to_string(root.join("html/index.html")).unwrap(),
            "hand-made"
        );
    }

    #[test]
    fn a_killed_swap_is_completed_by_the_next_open() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().to_path_buf();
        let mut o = OutDir::open(&root, &|_| {}).unwrap();
        o.commit(
            &[
                out("markdown", "markdown", folder(&[("a.md", "old")])),
                out("html", "html", folder(&[("a.html", "old")])),
            ],
            &["markdown", "html"],
        )
        .unwrap();
        drop(o);
        // Stage a second build by hand and stop after the first swap, as a
        // kill -9 would.
        let stage = root.join(".galley-stage-test01");
        for (n, f) in [("markdown", "a.md"), ("html", "a.html")] {
            write_new(&stage.join("new").join(n).join(f), b"new").unwrap();
        }
        write_new(
            &stage.join("new").join(MANIFEST),
            b"{\"version\":1,\"items\":[]}",
        )
        .unwrap();
        let j = Journal {
            stage: ".galley-stage-test01".into(),
            swaps: ["markdown", "html"]
                .iter()
                .map(|n| (n.to_string(), inode(&stage.join("new").join(n)).unwrap()))
                .collect(),
            remove: vec![],
        };
        fs::write(root.join(JOURNAL), serde_json::to_string(&j).unwrap()).unwrap();
        swap_in(
            &stage.join("new/markdown"),
            &root.join("markdown"),
            &stage.join("old/markdown"),
        )
        .unwrap();
        assert_eq!(
            fs::read_to_string(root.join("markdown/a.md")).unwrap(),
            "new"
        );
        assert_eq!(fs::read_to_string(root.join("html/a.html")).unwrap(), "old");
        let o = OutDir::open(&root, &|_| {}).unwrap();
        assert!(o.recovered);
        drop(o);
        assert_eq!(
            fs::read_to_string(root.join("markdown/a.md")).unwrap(),
            "new"
        );
        assert_eq!(fs::read_to_string(root.join("html/a.html")).unwrap(), "new");
        assert!(!stage.exists() && !root.join(JOURNAL).exists());
    }

    #[test]
    fn stale_staging_is_cleaned_under_the_lock() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().to_path_buf();
        fs::create_dir_all(root.join(".galley-stage-abc123/new/html")).unwrap();
        fs::write(root.join(".galley-x1y2z3.tmp"), "t").unwrap();
        fs::create_dir_all(root.join(".galley-stage-mine")).unwrap();
        fs::write(root.join(".galley-notes.tmp"), "mine").unwrap();
        fs::create_dir_all(root.join(".galley-old-html")).unwrap();
        fs::write(root.join(".gitkeep"), "").unwrap();
        let o = OutDir::open(&root, &|_| {}).unwrap();
        assert_eq!(o.cleaned, 3);
        drop(o);
        assert_eq!(listing(&root), [".galley-notes.tmp", ".gitkeep"]);
        assert!(root.join(".galley-stage-mine").is_dir());
    }
}
