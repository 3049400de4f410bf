//! `galley serve [DIR] [--port N] [--open]` and `galley watch [DIR]`: build,
//! watch the book folder (book.toml, articles, theme) and rebuild on change.
//!
//! `serve` builds the HTML site into a private temporary folder (the book's
//! own build folder is not touched), serves it on 127.0.0.1 and reloads open
//! pages through server-sent events (`/__galley/events`, one stream shared
//! by the tabs through a SharedWorker). The reload hook is
//! added to each HTML page as it is sent, never written into a file. A
//! failed rebuild keeps the last good site, prints the error and shows it in
//! the open pages as an overlay; the server keeps running. The HTTP side
//! (files, hook, event stream) is in `serve/http.rs`; the private folder is
//! removed on exit, also on Ctrl-C/SIGTERM (through `galley::cleanup`).
//! `scripts/check-serve.sh` proves the whole loop in headless Chromium (CI).
//!
//! `watch` does the same without the server: it rebuilds the configured
//! formats (or `--to`) into the build folder on every change.
//!
//! Crates: tiny_http (a small synchronous HTTP/1.1 server: no async runtime
//! for a preview server that handles one person's browser) and notify with
//! notify-debouncer-mini (the file-watching crates mdBook and cargo-watch
//! use; the debouncer turns an editor's burst of writes into one rebuild).

use super::Ui;
use anyhow::Context as _;
use clap::Args;
use galley::build::{BuildOptions, Observer};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod http;
use http::{State, respond};

/// `galley serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The book folder (with book.toml), or its book.toml.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Port on 127.0.0.1 (0: any free port).
    #[arg(short, long, default_value_t = 3000)]
    port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
}

/// `galley watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The book folder (with book.toml), or its book.toml.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Only these formats, comma-separated (default: every `[output.X]`).
    #[arg(short = 't', long = "to", value_delimiter = ',')]
    to: Option<Vec<String>>,
    /// Write outputs here instead of the book's `[build] build-dir`.
    #[arg(short = 'd', long, visible_alias = "dest-dir", value_name = "DIR")]
    dest: Option<PathBuf>,
}

/// Warnings of a build, printed as they come.
struct Warn<'a>(&'a Ui);
impl Observer for Warn<'_> {
    fn warn(&self, msg: &str) {
        self.0.warn(msg);
    }
}

/// One line for the terminal and the overlay: the whole error chain.
fn chain(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in e.chain() {
        let c = c.to_string();
        if !parts.iter().any(|p| p.contains(&c)) {
            parts.push(c);
        }
    }
    parts.join(": ")
}

/// Builds once; the result as a one-line summary or the error.
fn build_once(dir: &Path, opts: &BuildOptions, ui: &Ui) -> Result<String, String> {
    match galley::build::build(dir, opts, &Warn(ui)) {
        Ok(r) => Ok(format!(
            "built {} article{} in {:.2} s",
            r.articles,
            if r.articles == 1 { "" } else { "s" },
            r.elapsed.as_secs_f64()
        )),
        Err(e) => Err(chain(&anyhow::Error::from(e))),
    }
}

/// True for changes a rebuild must see: not the build output, not version
/// control, not editor swap files. `roots`: the watched folders (the book's
/// first), so that "hidden" means hidden below one of them.
fn relevant(path: &Path, roots: &[PathBuf], ignore: &[PathBuf]) -> bool {
    if ignore.iter().any(|i| path.starts_with(i)) {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Hidden below the book folder (the book itself may live in one).
    let inside = roots
        .iter()
        .find_map(|r| path.strip_prefix(r).ok())
        .unwrap_or(path);
    let hidden = inside
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    !(hidden || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp"))
}

/// Folders whose changes never trigger a rebuild: the build folder (when it
/// is inside the book) and `--dest`.
fn ignored(dir: &Path, dest: Option<&Path>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    if let Ok(cfg) = galley::config::BookConfig::load_with_env(
        &dir.join("book.toml"),
        galley::config::env::process_vars(),
    ) {
        out.push(canon(&dir.join(&cfg.build.build_dir)));
    }
    out.push(canon(&dir.join("book")));
    if let Some(d) = dest {
        out.push(canon(d));
    }
    out
}

/// Every relevant file under `dir` with its size and modification time,
/// sorted: two equal fingerprints mean nothing a build reads has changed.
type Fingerprint = Vec<(PathBuf, u64, Option<std::time::SystemTime>)>;

fn fingerprint(roots: &[PathBuf], ignore: &[PathBuf]) -> Fingerprint {
    let mut out = Vec::new();
    let mut stack = roots.to_vec();
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if !relevant(&p, roots, ignore) {
                continue;
            }
            let Ok(m) = e.metadata() else { continue };
            if m.is_dir() {
                stack.push(p);
            } else {
                out.push((p, m.len(), m.modified().ok()));
            }
        }
    }
    out.sort();
    out
}

/// The book folder as the watcher reports it (absolute).
fn canonical(dir: &Path) -> PathBuf {
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// The folders to watch: the book folder, then (with `[build]
/// allow-outside = true`) the folders outside it that the build reads: the
/// `src` folders, the folders of `articles` entries and theme folders.
/// Canonical, none inside another.
fn roots(dir: &Path) -> Vec<PathBuf> {
    let dir = canonical(dir);
    let mut out = vec![dir.clone()];
    let Ok(cfg) = galley::config::BookConfig::load_with_env(
        &dir.join("book.toml"),
        galley::config::env::process_vars(),
    ) else {
        return out;
    };
    if !cfg.build.allow_outside {
        return out;
    }
    let mut wanted: Vec<PathBuf> = Vec::new();
    let folder_of = |entry: &str| {
        // The part of a glob pattern before its first wildcard.
        let fixed = entry.split(['*', '?', '[', '{']).next().unwrap_or(entry);
        let p = dir.join(fixed);
        if p.is_dir() {
            p
        } else {
            p.parent().map_or_else(|| dir.clone(), Path::to_path_buf)
        }
    };
    wanted.extend(cfg.book.src.iter().map(|s| dir.join(s)));
    wanted.extend(
        cfg.sections
            .iter()
            .filter_map(|s| s.src.as_ref())
            .map(|s| dir.join(s)),
    );
    let entries = cfg.book.articles.iter().flatten();
    let entries = entries.chain(cfg.sections.iter().flat_map(|s| s.articles.iter()));
    wanted.extend(entries.map(|a| folder_of(a)));
    for format in cfg.formats() {
        if let Some(theme) = cfg.theme_for(format) {
            let p = dir.join(&theme);
            if p.is_dir() {
                wanted.push(p);
            }
        }
    }
    let mut wanted: Vec<PathBuf> = wanted
        .into_iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .filter(|p| !p.starts_with(&dir))
        .collect();
    // Shortest first, so a folder inside an earlier one is dropped.
    wanted.sort_by_key(|p| p.components().count());
    for p in wanted {
        if !out.iter().any(|r| p.starts_with(r)) {
            out.push(p);
        }
    }
    out
}

/// What the book looks like now: take it before the first build, so a
/// change made while that build runs is not missed.
fn snapshot(dir: &Path, dest: Option<&Path>) -> Fingerprint {
    let dir = canonical(dir);
    fingerprint(&roots(&dir), &ignored(&dir, dest))
}

/// Watches `dir` and calls `rebuild` after each burst of real changes since
/// `seen` (a [`snapshot`]), and `gone` with a message when book.toml
/// disappears (it then waits for it). Prints `ready` once the watcher is in
/// place. Returns only on a watcher error it cannot recover from.
fn watch_loop(
    dir: &Path,
    dest: Option<&Path>,
    ui: &Ui,
    mut seen: Fingerprint,
    ready: &str,
    mut rebuild: impl FnMut(),
    mut gone: impl FnMut(&str),
) -> anyhow::Result<()> {
    use notify_debouncer_mini::{new_debouncer, notify::RecursiveMode};
    let dir = &canonical(dir);
    let mut ready = Some(ready);
    loop {
        if !dir.join("book.toml").is_file() {
            let msg = format!(
                "{}: no book.toml (the folder was moved or removed?); waiting for it to come back",
                dir.display()
            );
            ui.warn(&msg);
            gone(&msg);
            while !dir.join("book.toml").is_file() {
                std::thread::sleep(Duration::from_millis(500));
            }
            // Taken before each rebuild: a change made while it runs is
            // then a difference the next event (or check) sees.
            seen = fingerprint(&roots(dir), &ignored(dir, dest));
            rebuild();
        }
        let (tx, rx) = mpsc::channel();
        let mut debouncer =
            new_debouncer(Duration::from_millis(200), tx).context("starting the file watcher")?;
        if let Err(e) = debouncer.watcher().watch(dir, RecursiveMode::Recursive) {
            // Gone again before the watcher was in place: wait for it.
            if !dir.join("book.toml").is_file() {
                continue;
            }
            return Err(e).with_context(|| format!("watching {}", dir.display()));
        }
        let watched = roots(dir);
        for r in &watched[1..] {
            if let Err(e) = debouncer.watcher().watch(r, RecursiveMode::Recursive) {
                ui.warn(&format!("not watching {} ({e})", r.display()));
            }
        }
        let ignore = ignored(dir, dest);
        if let Some(r) = ready.take() {
            ui.note(r);
        }
        // Changes made before the watcher was in place.
        let now = fingerprint(&watched, &ignore);
        if now != seen {
            seen = now;
            rebuild();
        }
        loop {
            match rx.recv_timeout(Duration::from_secs(1)) {
                Ok(Ok(events)) => {
                    // The watcher also reports reads (the build opening
                    // the articles): rebuild only when a file's size or
                    // time, or the set of files, really changed.
                    if events.iter().any(|e| relevant(&e.path, &watched, &ignore)) {
                        let now = fingerprint(&watched, &ignore);
                        if now != seen {
                            seen = now;
                            rebuild();
                            // book.toml may now name other folders (a new
                            // theme): watch those.
                            if roots(dir) != watched {
                                break;
                            }
                        }
                    }
                }
                Ok(Err(e)) => {
                    ui.warn(&format!("file watcher: {e}"));
                    break;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if !dir.is_dir() || !dir.join("book.toml").is_file() {
                        break;
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
    }
}

/// The book folder named on the command line: `DIR`, or the folder of
/// `DIR/book.toml` when the file itself is named; absolute, so that builds
/// read the folder that is watched even if it is moved away (a relative
/// path would follow the working directory). An error that says what to
/// pass when there is no book.toml.
fn book_dir(arg: &Path) -> anyhow::Result<PathBuf> {
    let dir = super::book_folder(arg);
    if !dir.join("book.toml").is_file() {
        if arg.is_file() {
            anyhow::bail!(
                "{}: a file, not a book folder; pass the folder that holds book.toml",
                arg.display()
            );
        }
        anyhow::bail!(
            "{}: no book.toml here (start a book with `galley init`)",
            arg.display()
        );
    }
    Ok(std::path::absolute(&dir).unwrap_or(dir))
}

/// Runs `galley watch`.
pub fn watch(mut args: WatchArgs, ui: &Ui) -> anyhow::Result<i32> {
    args.dir = book_dir(&args.dir)?;
    let opts = BuildOptions {
        formats: args.to.clone(),
        jobs: None,
        dest: args.dest.clone(),
        max_input_size: None,
        env: galley::config::env::process_vars(),
    };
    let report = |r: Result<String, String>| match r {
        Ok(s) => ui.note(&s),
        Err(e) => ui.warn(&format!("build failed (still watching): {e}")),
    };
    let seen = snapshot(&args.dir, args.dest.as_deref());
    report(build_once(&args.dir, &opts, ui));
    let ready = format!(
        "watching {} for changes (Ctrl-C to stop)",
        args.dir.display()
    );
    watch_loop(
        &args.dir,
        args.dest.as_deref(),
        ui,
        seen,
        &ready,
        || report(build_once(&args.dir, &opts, ui)),
        |_| {},
    )?;
    Ok(0)
}

/// The private build folders of `serve`: `galley-serve-PID-XXXXXX` in the
/// temporary folder.
const SITE_PREFIX: &str = "galley-serve-";

/// Removes the build folders of `serve` processes that no longer run (a
/// `kill -9`, a crash, a power cut: a signal galley can catch removes its
/// own). Linux only: whether a process runs is read from /proc.
fn remove_stale_sites() {
    #[cfg(target_os = "linux")]
    if let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) {
        for e in entries.flatten() {
            let name = e.file_name();
            if let Some(pid) = stale_site_pid(&name.to_string_lossy())
                && !Path::new("/proc").join(pid.to_string()).exists()
                && Path::new("/proc/self").exists()
                && e.file_type().is_ok_and(|t| t.is_dir())
            {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

/// The process id in a serve folder's name (`galley-serve-PID-XXXXXX`).
fn stale_site_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(SITE_PREFIX)?;
    let (pid, suffix) = rest.split_once('-')?;
    if suffix.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok().filter(|&p| p != std::process::id())
}

/// Runs `galley serve`.
pub fn serve(mut args: ServeArgs, ui: &Ui) -> anyhow::Result<i32> {
    args.dir = book_dir(&args.dir)?;
    remove_stale_sites();
    let site = tempfile::Builder::new()
        .prefix(&format!("{SITE_PREFIX}{}-", std::process::id()))
        .tempdir()
        .context("creating the preview folder")?;
    // Ctrl-C / SIGTERM / SIGHUP end the process without running destructors:
    // the binary's signal handler removes what is registered here.
    let _cleanup = galley::cleanup::register(site.path());
    let opts = BuildOptions {
        formats: Some(vec!["html".into()]),
        jobs: None,
        dest: Some(site.path().to_path_buf()),
        max_input_size: None,
        env: galley::config::env::process_vars(),
    };
    let state = Arc::new(Mutex::new(State::new()));
    let apply = |r: Result<String, String>, state: &Arc<Mutex<State>>| {
        let Ok(mut s) = state.lock() else { return };
        match r {
            Ok(msg) => {
                ui.note(&msg);
                s.version += 1;
                s.error = None;
                let tag = s.tag();
                s.broadcast("reload", &tag);
            }
            Err(e) => {
                ui.warn(&format!(
                    "build failed (still serving the last good build): {e}"
                ));
                s.broadcast("error", &e);
                s.error = Some(e);
            }
        }
    };
    let seen = snapshot(&args.dir, None);
    apply(build_once(&args.dir, &opts, ui), &state);
    let server = tiny_http::Server::http(("127.0.0.1", args.port)).map_err(|e| {
        let in_use = e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::AddrInUse);
        if in_use {
            anyhow::anyhow!(
                "port {} on 127.0.0.1 is in use; choose another with --port N (or --port 0 for any free one)",
                args.port
            )
        } else {
            anyhow::anyhow!("cannot listen on 127.0.0.1:{}: {e}", args.port)
        }
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(args.port);
    let url = format!("http://127.0.0.1:{port}/html/");
    // Always printed (even with --quiet): the address is what serve is for.
    super::eprint_line(&format!(
        "galley: serving {} on {url} (Ctrl-C to stop)",
        args.dir.display()
    ));
    if args.open {
        open_browser(&url, ui);
    }
    let server = Arc::new(server);
    let root = site.path().to_path_buf();
    for _ in 0..2 {
        let (server, root, state) = (server.clone(), root.clone(), state.clone());
        std::thread::spawn(move || {
            for req in server.incoming_requests() {
                let (root, state) = (root.clone(), state.clone());
                // Event streams stay open: each request on its own thread.
                std::thread::spawn(move || respond(req, &root, &state));
            }
        });
    }
    watch_loop(
        &args.dir,
        None,
        ui,
        seen,
        "watching for changes",
        || apply(build_once(&args.dir, &opts, ui), &state),
        // The open pages say so too (the last good build stays served).
        |msg| {
            if let Ok(mut s) = state.lock() {
                s.broadcast("error", msg);
                s.error = Some(msg.to_string());
            }
        },
    )?;
    drop(site);
    Ok(0)
}

fn open_browser(url: &str, ui: &Ui) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(cmd)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        ui.warn(&format!(
            "could not open a browser ({cmd}: {e}); open {url} yourself"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_serve_folders_with_a_process_id_are_stale_candidates() {
        assert_eq!(stale_site_pid("galley-serve-4242-aB3xYz"), Some(4242));
        // Folders of older versions (no id), of other tools, and our own.
        assert_eq!(stale_site_pid("galley-serve-aB3xYz"), None);
        assert_eq!(stale_site_pid("galley-serve-42x-aB3xYz"), None);
        assert_eq!(stale_site_pid("galley-serve-4242-"), None);
        assert_eq!(stale_site_pid("other-4242-aB3xYz"), None);
        let me = format!("galley-serve-{}-aB3xYz", std::process::id());
        assert_eq!(stale_site_pid(&me), None);
    }

    #[test]
    fn folders_outside_the_book_are_watched_only_when_allowed() {
        let t = tempfile::tempdir().unwrap();
        let book = t.path().join("book");
        let theme = t.path().join("theme");
        let shared = t.path().join("shared");
        for d in [&book.join("articles"), &theme, &shared.join("sub")] {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(shared.join("sub/a.txt"), "A\n\nB\n").unwrap();
        let toml = |allow: bool| {
            format!(
                "[book]\ntitle = \"T\"\nsrc = \"articles\"\n[[section]]\ntitle = \"S\"\narticles = [\"../shared/sub/a.txt\", \"../shared/*.md\"]\n[build]\nallow-outside = {allow}\n[output.html]\ntheme = \"../theme\"\n"
            )
        };
        let canon = |p: &Path| std::fs::canonicalize(p).unwrap();
        std::fs::write(book.join("book.toml"), toml(false)).unwrap();
        assert_eq!(roots(&book), vec![canon(&book)]);
        std::fs::write(book.join("book.toml"), toml(true)).unwrap();
        // shared/sub is inside shared (from the glob): watched once.
        assert_eq!(
            roots(&book),
            vec![canon(&book), canon(&shared), canon(&theme)]
        );
    }

    #[test]
    fn build_output_and_editor_files_are_ignored() {
        let ignore = vec![PathBuf::from("/h/.b/book")];
        let root = &[PathBuf::from("/h/.b")];
        assert!(relevant(Path::new("/h/.b/articles/a.txt"), root, &ignore));
        assert!(relevant(Path::new("/h/.b/book.toml"), root, &ignore));
        assert!(!relevant(
            Path::new("/h/.b/book/html/index.html"),
            root,
            &ignore
        ));
        assert!(!relevant(Path::new("/h/.b/.git/index"), root, &ignore));
        assert!(!relevant(
            Path::new("/h/.b/articles/.a.txt.swp"),
            root,
            &ignore
        ));
        assert!(!relevant(Path::new("/h/.b/articles/a.txt~"), root, &ignore));
    }
}
