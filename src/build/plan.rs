//! The plan of a book: its article files in sections, in reading order.

use super::cfg_err;
use super::sources::{Scope, resolve_path};
use crate::config::BookConfig;
use crate::error::{Error, Result};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One planned section: a title and the input files in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSection {
    /// `None` for articles outside any `[[section]]`.
    pub title: Option<String>,
    /// Input files.
    pub files: Vec<PathBuf>,
}

/// A book's article files in sections, and what planning noticed.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Sections in reading order.
    pub sections: Vec<PlannedSection>,
    /// Source folders (canonical) and the key that named each.
    pub folders: Vec<(PathBuf, String)>,
    /// Skipped symlinks and special files, for the user.
    pub notes: Vec<String>,
}

/// Resolves the article files of a book, grouped in sections, in reading order.
///
/// Articles of `[book] src`/`articles` that no `[[section]]` claims come first,
/// in an untitled section. A file listed by name twice is an error; a file
/// matched again by a later glob or folder stays where it was first claimed.
pub fn plan(
    cfg: &BookConfig,
    root: &Path,
    cfg_path: &Path,
    build_dir: &Path,
) -> Result<Vec<PlannedSection>> {
    plan_book(cfg, root, cfg_path, build_dir).map(|p| p.sections)
}

/// [`plan`] with the source folders and notes.
pub fn plan_book(cfg: &BookConfig, root: &Path, cfg_path: &Path, build_dir: &Path) -> Result<Plan> {
    let mut scope = Scope {
        root: std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?,
        allow_outside: cfg.build.allow_outside,
        cfg_path,
        build_dir: resolve_path(build_dir),
        notes: Vec::new(),
    };
    let mut folders = Vec::new();
    let mut claimed: HashSet<PathBuf> = HashSet::new();
    let mut sections = Vec::new();
    let key = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let named_twice = |files: Vec<(PathBuf, bool)>,
                       where_: &str,
                       claimed: &mut HashSet<PathBuf>|
     -> Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        for (f, from_pattern) in files {
            if claimed.insert(key(&f)) {
                out.push(f);
            } else if !from_pattern {
                return Err(cfg_err(
                    cfg_path,
                    format!("{where_}: {} is listed twice", f.display()),
                ));
            }
        }
        Ok(out)
    };
    for (i, s) in cfg.sections.iter().enumerate() {
        let where_ = format!("[[section]] {:?} (number {})", s.title, i + 1);
        let mut files = Vec::new();
        if let Some(src) = &s.src {
            let v = scope.src_folder(&format!("{where_} src"), src, root)?;
            folders.push((key(&root.join(src)), format!("{where_} src")));
            files.extend(v.into_iter().map(|p| (p, true)));
        }
        for e in &s.articles {
            let (v, pat) = scope.expand(e, root, &where_)?;
            files.extend(v.into_iter().map(|p| (p, pat)));
        }
        let files = named_twice(files, &where_, &mut claimed)?;
        if files.is_empty() {
            return Err(cfg_err(
                cfg_path,
                format!("{where_} has no articles; list them in `articles`"),
            ));
        }
        sections.push(PlannedSection {
            title: Some(s.title.trim().to_string()),
            files,
        });
    }
    let mut pool: Vec<(PathBuf, bool)> = Vec::new();
    if let Some(src) = &cfg.book.src {
        let v = scope.src_folder("[book] src", src, root)?;
        folders.push((key(&root.join(src)), "[book] src".to_string()));
        pool.extend(v.into_iter().map(|p| (p, true)));
    }
    if let Some(list) = &cfg.book.articles {
        for e in list {
            let (v, pat) = scope.expand(e, root, "[book] articles")?;
            pool.extend(v.into_iter().map(|p| (p, pat)));
        }
    }
    // Files a section claimed are not repeated; listing one again by name in
    // [book] articles is fine (it is the pool the sections pick from).
    let mut loose = Vec::new();
    let mut seen = HashSet::new();
    for (f, _) in pool {
        let k = key(&f);
        if !claimed.contains(&k) && seen.insert(k) {
            loose.push(f);
        }
    }
    if !loose.is_empty() {
        sections.insert(
            0,
            PlannedSection {
                title: None,
                files: loose,
            },
        );
    }
    if sections.iter().all(|s| s.files.is_empty()) {
        return Err(cfg_err(
            cfg_path,
            "the book has no articles: set [book] src = \"articles\" or list files in [book] articles or [[section]] articles".into(),
        ));
    }
    Ok(Plan {
        sections,
        folders,
        notes: scope.notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book_dir(toml: &str, files: &[&str]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("book.toml"), toml).unwrap();
        for f in files {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, format!("Title of {f}\n\nBody of {f}.\n")).unwrap();
        }
        d
    }

    fn plan_of(d: &Path) -> Result<Vec<PlannedSection>> {
        let p = d.join("book.toml");
        let cfg = BookConfig::load(&p)?;
        plan(&cfg, d, &p, &d.join("book"))
    }

    fn names(s: &PlannedSection) -> Vec<String> {
        s.files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn sections_pick_from_src_and_rest_comes_first() {
        let d = book_dir(
            "[book]\ntitle='t'\nsrc='articles'\n[[section]]\ntitle='Port'\narticles=['articles/b.md']\n[[section]]\ntitle='All'\narticles=['articles/*.txt']\n",
            &[
                "articles/a.txt",
                "articles/b.md",
                "articles/c.txt",
                "articles/sub/d.md",
                "articles/.hidden.md",
                "articles/x.pdf",
            ],
        );
        let plan = plan_of(d.path()).unwrap();
        assert_eq!(plan.len(), 3);
        assert_eq!(plan[0].title, None);
        assert_eq!(names(&plan[0]), ["d.md"]);
        assert_eq!(names(&plan[1]), ["b.md"]);
        assert_eq!(names(&plan[2]), ["a.txt", "c.txt"]);
    }

    #[test]
    fn plan_errors_are_clear() {
        let d = book_dir("[book]\ntitle='t'\narticles=['missing.txt']\n", &[]);
        let e = plan_of(d.path()).unwrap_err().to_string();
        assert!(e.contains("missing.txt") && e.contains("not found"), "{e}");
        let d = book_dir("[book]\ntitle='t'\narticles=['a/[.txt']\n", &[]);
        let e = plan_of(d.path()).unwrap_err().to_string();
        assert!(e.contains("bad glob"), "{e}");
        let d = book_dir("[book]\ntitle='t'\narticles=['*.md']\n", &["a.txt"]);
        let e = plan_of(d.path()).unwrap_err().to_string();
        assert!(e.contains("matches no article files"), "{e}");
        let d = book_dir("[book]\ntitle='t'\narticles=[]\n", &[]);
        let e = plan_of(d.path()).unwrap_err().to_string();
        assert!(e.contains("no articles"), "{e}");
        let d = book_dir(
            "[book]\ntitle='t'\narticles=['a.txt','a.txt']\n[[section]]\ntitle='s'\narticles=['a.txt', 'a.txt']\n",
            &["a.txt"],
        );
        let e = plan_of(d.path()).unwrap_err().to_string();
        assert!(e.contains("listed twice"), "{e}");
    }
}
