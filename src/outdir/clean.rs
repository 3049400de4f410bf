//! Stale staging: what a killed build left in the build folder.

use super::{JOURNAL, LOCK, MANIFEST, STAGE_PREFIX, io};
use crate::error::Result;
use std::fs;
use std::path::Path;

/// Removes stale staging folders, the staging folders of older galley
/// versions and temp files in `root`. Only called with the lock held.
pub(super) fn clean_stale(root: &Path) -> Result<usize> {
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
