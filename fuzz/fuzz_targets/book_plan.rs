//! Any `book.toml` text through `BookConfig::parse`, then build planning
//! (paths, globs, folders, sections) on a small fixed book folder: no panic,
//! and every planned file is inside the folder and planned once.
#![no_main]

use galley::config::BookConfig;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::LazyLock;

/// A book folder made once per process: articles in folders and subfolders,
/// files that are not articles, a Markdown file outside `articles/`.
static ROOT: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let d = tempfile::tempdir().expect("temp folder");
    for (name, text) in [
        ("articles/a.txt", "Alpha\n\nText.\n"),
        ("articles/b.md", "---\ntitle: B\n---\n\nText.\n"),
        ("articles/sub/c.txt", "Gamma\n\nText.\n"),
        ("articles/sub/notes.json", "{}"),
        ("extra/d.md", "Delta\n"),
        ("extra/e.TXT", "Epsilon\n"),
        ("cover.png", "not an article"),
    ] {
        let p = d.path().join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    d
});

/// True when some string of the TOML could point outside the fixture folder
/// (an absolute path or `..`): globbing `/` would walk the whole machine,
/// which is a slow input, not a bug of the planner.
fn escapes(v: &toml::Value) -> bool {
    match v {
        toml::Value::String(s) => {
            s.starts_with(['/', '\\', '~']) || s.contains("..") || s.contains(':')
        }
        toml::Value::Array(a) => a.iter().any(escapes),
        toml::Value::Table(t) => t.values().any(escapes),
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let root = ROOT.path();
    let cfg_path = root.join("book.toml");
    let Ok(cfg) = BookConfig::parse(text, &cfg_path) else {
        return;
    };
    match toml::from_str::<toml::Value>(text) {
        Ok(v) if !escapes(&v) => {}
        _ => return,
    }
    let build_dir: PathBuf = root.join(&cfg.build.build_dir);
    let Ok(sections) = galley::build::plan(&cfg, root, &cfg_path, &build_dir) else {
        return;
    };
    let canon_root = root.canonicalize().expect("root");
    let mut seen = std::collections::HashSet::new();
    for s in &sections {
        for f in &s.files {
            let c = f.canonicalize().unwrap_or_else(|_| f.clone());
            assert!(
                c.starts_with(&canon_root),
                "planned a file outside the book: {f:?}"
            );
            assert!(seen.insert(c), "planned {f:?} twice");
        }
    }
});
