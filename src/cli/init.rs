//! `galley init [DIR]`: a starter book.

use super::Ui;
use anyhow::{Context as _, bail};
use clap::Args;
use std::path::{Path, PathBuf};

/// Arguments of `galley init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder for the new book (created if missing).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Book title (default: from the folder name).
    #[arg(long)]
    title: Option<String>,
}

const EXAMPLE_ARTICLE: &str = "Lighthouse keepers return to Gull Point after forty years\n\
\n\
The automated beacon will stay, but the cottage becomes a visitor centre run by volunteers.\n\
\n\
By Marta Quint, The Coastal Ledger\n\
\n\
Share this article\n\
\n\
GULL POINT - For the first time since 1985, someone will sleep in the keeper's cottage at Gull Point this winter.\n\
\n\
The district council voted on Tuesday to lease the building to the Gull Point Heritage Trust for a nominal rent. The trust plans to open a small museum in the old lamp room and to staff it with volunteers from April to October.\n\
\n\
Read\u{a0} Harbour dredging to start before the summer season\n\
\n\
\u{201c}People have been asking to go inside for decades,\u{201d} said Ines Farrow, who chairs the trust. \u{201c}Now they can.\u{201d}\n\
\n\
The light itself will not change. It has been automatic since the last keeper retired, and the coastguard will keep maintaining it.\n\
\n\
Sign up for our newsletter\n";

fn starter_toml(title: &str) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        r#"# galley book: `galley build` turns this into book/ (see `galley build --help`).

[book]
title = "{title}"
# subtitle = "Week 1"
authors = ["Your Name"]
language = "en"
# date = 2025-01-31                # issue date; also fixes the EPUB timestamps
# description = "What this collection is about."
src = "articles"                   # every .md and .txt file in this folder, by name
# articles = ["articles/first.txt", "articles/*.md"]   # or an explicit order

# [[section]]                      # optional: group articles under titles
# title = "Coast"
# articles = ["articles/lighthouse.txt"]

[normalize]                        # every cleaning pass is on by default
# promos = false                   # keep "Read ..." / "Related: ..." lines
# remove = ['^Watch live:']        # also remove lines matching these regexes
# keep = ['^Read the full']        # never remove lines matching these

[output.markdown]                  # book/markdown/: index.md + one .md per article
[output.html]                      # book/html/: index.html + one page per article
[output.epub]                      # book/<title>.epub
# cover = "cover.jpg"              # else a cover is drawn from the title
# [output.pdf]                     # book/<title>.pdf
# paper = "a4"
"#
    )
}

/// Runs `galley init`. All or nothing: the files are written to a staging
/// folder first (`.galley-init-*`, beside DIR when DIR is new, else inside
/// it) and moved into place; a failure removes whatever was placed.
pub fn run(args: InitArgs, ui: &Ui) -> anyhow::Result<i32> {
    let dir = &args.dir;
    let title = args.title.clone().unwrap_or_else(|| default_title(dir));
    let files: [(&str, String); 3] = [
        ("book.toml", starter_toml(&title)),
        ("articles/lighthouse.txt", EXAMPLE_ARTICLE.to_string()),
        (".gitignore", "/book/\n".to_string()),
    ];
    let existing: Vec<String> = files
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        bail!(
            "{} already exist{}; not overwriting anything (choose another folder)",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        );
    }
    for sub in [dir.clone(), dir.join("articles")] {
        let what = match (std::fs::symlink_metadata(&sub), std::fs::metadata(&sub)) {
            (Ok(_), Err(_)) => "is a dangling symbolic link",
            (_, Ok(m)) if !m.is_dir() => "exists and is not a folder",
            _ => continue,
        };
        bail!(
            "{} {what}; not writing anything (choose another folder)",
            sub.display()
        );
    }
    let placed = if dir.exists() {
        init_existing(dir, &files)?
    } else {
        init_new(dir, &files)?
    };
    for p in placed {
        ui.info(&format!("wrote {}", p.display()));
    }
    let shown = dir.display();
    ui.note(&format!(
        "created a book in {shown}: edit {shown}/book.toml, put articles in {shown}/articles/, then run `galley build {shown}`"
    ));
    Ok(0)
}

/// Writes `files` (relative paths) under the fresh folder `root`.
fn write_tree(root: &Path, files: &[(&str, String)]) -> std::io::Result<()> {
    for (rel, text) in files {
        let p = root.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&p, text)?;
    }
    Ok(())
}

fn staging_dir(parent: &Path) -> anyhow::Result<tempfile::TempDir> {
    let mut b = tempfile::Builder::new();
    b.prefix(".galley-init-");
    #[cfg(unix)]
    b.permissions(galley::fsio::default_permissions(true));
    b.tempdir_in(parent)
        .with_context(|| format!("creating a staging folder in {}", parent.display()))
}

/// DIR does not exist: the whole book is staged beside it and renamed into
/// place in one step.
fn init_new(dir: &Path, files: &[(&str, String)]) -> anyhow::Result<Vec<PathBuf>> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
    let stage = staging_dir(&parent)?;
    write_tree(stage.path(), files)
        .with_context(|| format!("writing the starter book in {}", stage.path().display()))?;
    std::fs::rename(stage.path(), dir).with_context(|| format!("creating {}", dir.display()))?;
    // The staging folder is now DIR: nothing is left to clean up.
    let _ = stage.keep();
    Ok(files.iter().map(|(rel, _)| dir.join(rel)).collect())
}

/// DIR exists: the files are staged inside it, then each is linked (or
/// moved) into place without replacing anything; on a failure what was
/// placed is removed again.
fn init_existing(dir: &Path, files: &[(&str, String)]) -> anyhow::Result<Vec<PathBuf>> {
    let stage = staging_dir(dir)?;
    write_tree(stage.path(), files)
        .with_context(|| format!("writing the starter book in {}", stage.path().display()))?;
    let mut placed: Vec<PathBuf> = Vec::new();
    let mut made_articles = false;
    let result = (|| -> anyhow::Result<()> {
        let articles = dir.join("articles");
        if std::fs::symlink_metadata(&articles).is_err() {
            std::fs::create_dir(&articles)
                .with_context(|| format!("creating {}", articles.display()))?;
            made_articles = true;
        }
        for (rel, _) in files {
            let (from, to) = (stage.path().join(rel), dir.join(rel));
            place(&from, &to).with_context(|| format!("writing {}", to.display()))?;
            placed.push(to);
        }
        Ok(())
    })();
    if let Err(e) = result {
        for p in placed.iter().rev() {
            let _ = std::fs::remove_file(p);
        }
        if made_articles {
            let _ = std::fs::remove_dir(dir.join("articles"));
        }
        return Err(e);
    }
    Ok(placed)
}

/// Puts `from` at `to` unless `to` exists: a hard link (which fails on an
/// existing name, so nothing is ever replaced), or a rename where links are
/// not supported.
fn place(from: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if std::fs::symlink_metadata(to).is_err() => std::fs::rename(from, to),
        Err(e) => Err(e),
    }
}

fn default_title(dir: &Path) -> String {
    let name = std::fs::canonicalize(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let words: Vec<String> = name
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    if words.is_empty() {
        "My Briefing".into()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_after_the_first_file_takes_it_back() {
        // `run` refuses this up front; past that check (a race, a disk
        // error) the files already placed are removed again.
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        std::fs::write(d.join("articles"), "a file, not a folder").unwrap();
        let files = [
            ("book.toml", "[book]\n".to_string()),
            ("articles/lighthouse.txt", "text\n".to_string()),
            (".gitignore", "/book/\n".to_string()),
        ];
        assert!(init_existing(d, &files).is_err());
        let left: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["articles"]);
    }
    #[test]
    fn starter_book_parses_and_titles() {
        let t = starter_toml("A \"quoted\" title");
        let c = galley::config::BookConfig::parse(&t, Path::new("book.toml")).unwrap();
        assert_eq!(c.book.title, "A \"quoted\" title");
        assert_eq!(c.formats(), ["markdown", "html", "epub"]);
        assert_eq!(
            default_title(Path::new("/nonexistent/harbour-news_weekly")),
            "Harbour News Weekly"
        );
    }
}
