//! `galley init [DIR]`: a starter book.

use super::Ui;
use anyhow::bail;
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

/// Runs `galley init`.
pub fn run(args: InitArgs, ui: &Ui) -> anyhow::Result<i32> {
    let dir = &args.dir;
    let title = args.title.clone().unwrap_or_else(|| default_title(dir));
    let files: [(PathBuf, String); 3] = [
        (dir.join("book.toml"), starter_toml(&title)),
        (
            dir.join("articles").join("lighthouse.txt"),
            EXAMPLE_ARTICLE.to_string(),
        ),
        (dir.join(".gitignore"), "/book/\n".to_string()),
    ];
    let existing: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.exists())
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        bail!(
            "{} already exist{}; not overwriting anything (choose another folder)",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        );
    }
    for (p, text) in &files {
        crate::fsio::write_atomic(p, text.as_bytes())?;
        ui.info(&format!("wrote {}", p.display()));
    }
    if !ui.quiet {
        let shown = dir.display();
        eprintln!(
            "galley: created a book in {shown}: edit {shown}/book.toml, put articles in {shown}/articles/, then run `galley build {shown}`"
        );
    }
    Ok(0)
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
    fn starter_book_parses_and_titles() {
        let t = starter_toml("A \"quoted\" title");
        let c = crate::config::BookConfig::parse(&t, Path::new("book.toml")).unwrap();
        assert_eq!(c.book.title, "A \"quoted\" title");
        assert_eq!(c.formats(), ["markdown", "html", "epub"]);
        assert_eq!(
            default_title(Path::new("/nonexistent/harbour-news_weekly")),
            "Harbour News Weekly"
        );
    }
}
