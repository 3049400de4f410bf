//! Where a book's articles come from: the book folder as a scope (paths
//! confined to it unless `[build] allow-outside`), folder scans and
//! `articles` entries (paths and glob patterns) expanded to article files.

use super::cfg_err;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Extensions galley reads as articles when scanning a folder.
fn is_article_file(p: &Path) -> bool {
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "md" | "markdown" | "mdown" | "mkd" | "txt" | "text" => true,
        // HTML pages need the HTML reader; without it they would be read as text.
        "html" | "htm" | "xhtml" => crate::read::Format::from_path(p) != crate::read::Format::Text,
        _ => false,
    }
}

/// Where a book may read from, and what the plan noticed on the way.
pub(super) struct Scope<'a> {
    /// The book folder, canonical.
    pub(super) root: PathBuf,
    pub(super) allow_outside: bool,
    pub(super) cfg_path: &'a Path,
    /// The build folder, as an absolute path (it may not exist yet).
    pub(super) build_dir: PathBuf,
    /// What the user should know: skipped symlinks and special files.
    pub(super) notes: Vec<String>,
}

/// `p` made absolute and free of `.`/`..`, with symlinks resolved as far as
/// the path exists (the rest, not yet created, is joined lexically).
pub fn resolve_path(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut tail = Vec::new();
    let mut cur = abs.as_path();
    loop {
        if let Ok(c) = std::fs::canonicalize(cur) {
            let mut out = c;
            for t in tail.iter().rev() {
                match t {
                    std::path::Component::ParentDir => {
                        out.pop();
                    }
                    std::path::Component::CurDir => {}
                    c => out.push(c.as_os_str()),
                }
            }
            return out;
        }
        match (cur.parent(), cur.components().next_back()) {
            (Some(parent), Some(last)) => {
                tail.push(last);
                cur = parent;
            }
            _ => return abs,
        }
    }
}

impl Scope<'_> {
    /// The canonical path of `p` (which exists), refused when it is outside
    /// the book folder unless `[build] allow-outside` is set.
    fn confine(&self, key: &str, p: &Path) -> Result<PathBuf> {
        let c = std::fs::canonicalize(p).map_err(|e| Error::io(p, e))?;
        if !self.allow_outside && !c.starts_with(&self.root) {
            return Err(cfg_err(
                self.cfg_path,
                format!(
                    "{key}: {} is outside the book folder {}{}; galley reads only inside it unless [build] allow-outside = true",
                    p.display(),
                    self.root.display(),
                    if c != p {
                        format!(" (it resolves to {})", c.display())
                    } else {
                        String::new()
                    },
                ),
            ));
        }
        Ok(c)
    }

    /// Every article file under `dir`, recursively, in path order, skipping
    /// hidden entries and the build folder. Symlinks to folders are not
    /// followed (no loops, nothing pulled in from elsewhere); symlinks to
    /// files are, within the book folder; FIFOs, sockets and devices are
    /// skipped. Each skip is noted.
    fn scan(&mut self, key: &str, dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
        let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .filter_map(|e| e.ok())
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let p = e.path();
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let Ok(t) = e.file_type() else { continue };
            if t.is_dir() {
                if std::fs::canonicalize(&p).is_ok_and(|c| c == self.build_dir) {
                    continue;
                }
                // Another galley build folder (`--dest` inside the sources):
                // its outputs are not articles.
                if p.join(crate::outdir::MANIFEST).exists() {
                    self.notes.push(format!(
                        "{}: a galley build folder (it holds {}); skipped",
                        p.display(),
                        crate::outdir::MANIFEST
                    ));
                    continue;
                }
                self.scan(key, &p, out)?;
            } else if t.is_symlink() {
                match std::fs::metadata(&p) {
                    Ok(m) if m.is_dir() => self.notes.push(format!(
                        "{}: a symlink to a folder; not followed (link the files, or list the folder in {key})",
                        p.display()
                    )),
                    Ok(m) if m.is_file() => {
                        if is_article_file(&p) {
                            self.confine(key, &p)?;
                            out.push(p);
                        }
                    }
                    Ok(_) => self.notes.push(format!(
                        "{}: links to a FIFO, socket or device; skipped",
                        p.display()
                    )),
                    Err(_) => self
                        .notes
                        .push(format!("{}: a broken symlink; skipped", p.display())),
                }
            } else if t.is_file() {
                if is_article_file(&p) {
                    out.push(p);
                }
            } else if is_article_file(&p) {
                self.notes.push(format!(
                    "{}: a FIFO, socket or device, not a regular file; skipped",
                    p.display()
                ));
            }
        }
        Ok(())
    }

    /// A `src` folder: confined, scanned.
    pub(super) fn src_folder(
        &mut self,
        key: &str,
        src: &Path,
        root: &Path,
    ) -> Result<Vec<PathBuf>> {
        let d = root.join(src);
        if !d.is_dir() {
            return Err(cfg_err(
                self.cfg_path,
                format!("{key}: src folder {} not found", d.display()),
            ));
        }
        let c = self.confine(key, &d)?;
        if c == self.build_dir {
            return Err(cfg_err(
                self.cfg_path,
                format!(
                    "{key}: src folder {} is the build folder; galley would read its own outputs back",
                    d.display()
                ),
            ));
        }
        let mut v = Vec::new();
        self.scan(key, &d, &mut v)?;
        Ok(v)
    }

    /// Expands one `articles` entry (a path or glob, relative to `root`).
    pub(super) fn expand(
        &mut self,
        entry: &str,
        root: &Path,
        where_: &str,
    ) -> Result<(Vec<PathBuf>, bool)> {
        let cfg_path = self.cfg_path;
        let is_glob = entry.contains(['*', '?', '[']);
        if !is_glob {
            let p = root.join(entry);
            let meta = std::fs::metadata(&p);
            if meta.as_ref().is_ok_and(|m| m.is_dir()) {
                self.confine(where_, &p)?;
                let mut v = Vec::new();
                self.scan(where_, &p, &mut v)?;
                return Ok((v, true));
            }
            let Ok(meta) = meta else {
                return Err(cfg_err(
                    cfg_path,
                    format!(
                        "{where_}: article file {entry:?} not found (looked for {})",
                        p.display()
                    ),
                ));
            };
            self.confine(where_, &p)?;
            if !meta.is_file() {
                return Err(cfg_err(
                    cfg_path,
                    format!(
                        "{where_}: {} is not a regular file (a FIFO, socket or device); a book reads only regular files",
                        p.display()
                    ),
                ));
            }
            return Ok((vec![p], false));
        }
        let full = root.join(entry);
        let pattern = glob::Pattern::new(&full.to_string_lossy()).map_err(|e| {
            cfg_err(
                cfg_path,
                format!(
                    "{where_}: bad glob pattern {entry:?}: {} (at character {})",
                    e.msg,
                    e.pos + 1
                ),
            )
        })?;
        // Walk from the pattern's literal part, never through a symlinked
        // folder (the glob crate follows them: two self-links hung it).
        let base: PathBuf = full
            .components()
            .take_while(|c| !c.as_os_str().to_string_lossy().contains(['*', '?', '[']))
            .collect();
        if !base.is_dir() {
            return Err(cfg_err(
                cfg_path,
                format!(
                    "{where_}: glob pattern {entry:?} matches no article files (its folder {} does not exist)",
                    base.display()
                ),
            ));
        }
        self.confine(where_, &base)?;
        let opts = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: true,
        };
        let mut v = Vec::new();
        let mut stack = vec![base];
        while let Some(d) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                let Ok(t) = e.file_type() else { continue };
                if t.is_dir() {
                    stack.push(p);
                } else if pattern.matches_path_with(&p, opts)
                    && is_article_file(&p)
                    && std::fs::metadata(&p).is_ok_and(|m| m.is_file())
                {
                    // Regular files, symlinks to regular files included.
                    self.confine(where_, &p)?;
                    v.push(p);
                }
            }
        }
        if v.is_empty() {
            return Err(cfg_err(
                cfg_path,
                format!("{where_}: glob pattern {entry:?} matches no article files (.md, .txt)"),
            ));
        }
        v.sort();
        Ok((v, true))
    }
}
