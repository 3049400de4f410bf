//! The build folder's transactions end to end: user files kept, stale
//! outputs removed, a refused commit changing nothing, a killed swap
//! completed, stale staging cleaned.

use super::stage::{walk, write_new};
use super::swap::{Journal, inode, swap_in};
use super::*;
use std::collections::BTreeSet;
use std::fs;

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
