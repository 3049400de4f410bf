//! The layers of `src/` have no cycle: the `crate::` paths of each top-level
//! module (`src/X.rs` or `src/X/`) name other top-level modules, and the
//! graph those edges make is acyclic. `src/lib.rs` (the crate root, which
//! may use everything) and the binary (`src/main.rs`, `src/cli/`, which uses
//! the library as `galley::`) are not layers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

/// Top-level modules of the library in `src`.
fn top_modules(src: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in std::fs::read_dir(src).expect("src/ readable").flatten() {
        let p = e.path();
        let name = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if p.is_dir() || p.extension().is_some_and(|x| x == "rs") {
            out.insert(name.to_string());
        }
    }
    for not_a_layer in ["lib", "main", "cli"] {
        out.remove(not_a_layer);
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Source without `//` comments (doc comments included: a link in a doc
/// comment is not a dependency).
fn strip_comments(src: &str) -> String {
    src.lines()
        .map(|l| match l.trim_start().starts_with("//") {
            true => "",
            false => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules that `src` names through `crate::` paths, plain
/// (`crate::model::Block`) or grouped (`use crate::{error::Error, model}`).
fn named_modules(src: &str, tops: &BTreeSet<String>) -> BTreeSet<String> {
    let src = strip_comments(src);
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (i, _) in src.match_indices("crate::") {
        // `galley_crate::x` or `$crate::` are not this crate's paths.
        let before = src[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = &src[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The top level of the group: names before `::`, `,` or `}`.
            let mut depth = 0;
            let mut start = true;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && depth == 0 && !c.is_whitespace() => {
                        start = false;
                        out.insert(ident(&group[k..]));
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out.retain(|m| tops.contains(m));
    out
}

fn graph(src: &Path) -> Graph {
    let tops = top_modules(src);
    let mut g = Graph::new();
    for m in &tops {
        let mut files = Vec::new();
        let dir = src.join(m);
        rust_files(&dir, &mut files);
        rust_files(&src.join(format!("{m}.rs")), &mut files);
        let mut deps = BTreeSet::new();
        for f in files {
            let text = std::fs::read_to_string(&f).expect("source readable");
            deps.extend(named_modules(&text, &tops));
        }
        deps.remove(m);
        g.insert(m.clone(), deps);
    }
    g
}

/// A cycle of `g` as a path `a -> b -> ... -> a`, if there is one.
fn find_cycle(g: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        g: &Graph,
        n: &str,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(n.to_string(), Mark::Open);
        path.push(n.to_string());
        for d in g.get(n).into_iter().flatten() {
            match marks.get(d.as_str()).copied().unwrap_or(Mark::New) {
                Mark::Open => {
                    let from = path.iter().position(|p| p == d).unwrap_or(0);
                    let mut cycle = path[from..].to_vec();
                    cycle.push(d.clone());
                    return Some(cycle);
                }
                Mark::New => {
                    if let Some(c) = visit(g, d, marks, path) {
                        return Some(c);
                    }
                }
                Mark::Done => {}
            }
        }
        path.pop();
        marks.insert(n.to_string(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for n in g.keys() {
        if marks.get(n.as_str()).copied().unwrap_or(Mark::New) == Mark::New
            && let Some(c) = visit(g, n, &mut marks, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

#[test]
fn top_level_modules_have_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let g = graph(&src);
    assert!(g.len() > 10, "too few modules found: {g:?}");
    if let Some(cycle) = find_cycle(&g) {
        let layers: Vec<String> = g
            .iter()
            .map(|(m, d)| {
                format!(
                    "  {m} -> {}",
                    d.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        panic!(
            "a cycle among the top-level modules of src/: {}\n{}",
            cycle.join(" -> "),
            layers.join("\n")
        );
    }
}

/// The bottom layer (`text`, `model`, `error`, `time`) names nothing above it.
#[test]
fn bottom_layer_stays_at_the_bottom() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let g = graph(&src);
    let bottom: BTreeSet<String> = ["text", "model", "error", "time", "cleanup"]
        .map(String::from)
        .into();
    for m in &bottom {
        let above: Vec<&String> = g[m].iter().filter(|d| !bottom.contains(*d)).collect();
        assert!(above.is_empty(), "{m} depends on {above:?}");
    }
}

#[test]
fn the_checker_sees_plain_and_grouped_paths_and_cycles() {
    let tops: BTreeSet<String> = ["a", "b", "c", "model"].map(String::from).into();
    let src = "use crate::{a::X, b, model::{Block, Inline}};\n// crate::c in a comment\nfn f() { crate::c::g(); }\n";
    assert_eq!(
        named_modules(src, &tops),
        ["a", "b", "c", "model"].map(String::from).into()
    );
    let mut g = Graph::new();
    g.insert("a".into(), ["b".to_string()].into());
    g.insert("b".into(), ["c".to_string()].into());
    g.insert("c".into(), BTreeSet::new());
    assert_eq!(find_cycle(&g), None);
    g.insert("c".into(), ["a".to_string()].into());
    assert_eq!(
        find_cycle(&g),
        Some(["a", "b", "c", "a"].map(String::from).to_vec())
    );
}
