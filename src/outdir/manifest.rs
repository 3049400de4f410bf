//! The manifest: every output galley wrote into the build folder, the only
//! things it ever removes or overwrites there.

use super::stage::walk;
use super::{MANIFEST, is_plain_name, output_err};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fs;
use std::path::Path;

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
    pub(super) fn item(&self, name: &str) -> Option<&ManifestItem> {
        self.items.iter().find(|i| i.name == name)
    }

    /// The manifest in `root`; an empty one where there is none.
    pub(super) fn read(root: &Path) -> Result<Manifest> {
        let mp = root.join(MANIFEST);
        match fs::read_to_string(&mp) {
            Ok(t) => serde_json::from_str(&t).map_err(|e| {
                output_err(
                    &mp,
                    format!("is not a galley manifest ({e}); it lists what galley wrote here, so galley will not guess: restore or delete it"),
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
            Err(e) => Err(Error::io(&mp, e)),
        }
    }

    /// The manifest after a commit of `items` (named `names`) for `formats`,
    /// and the earlier outputs of `formats` to remove: those this commit no
    /// longer writes, except a folder holding files of the user's (it stays
    /// listed). Items of other formats stay as they are.
    pub(super) fn succeeded_by(
        &self,
        root: &Path,
        items: Vec<ManifestItem>,
        names: &HashSet<&str>,
        formats: &[&str],
    ) -> (Manifest, Vec<String>) {
        let mut remove = Vec::new();
        let mut manifest = Manifest {
            version: 1,
            items: Vec::new(),
        };
        for old in &self.items {
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
        (manifest, remove)
    }
}
