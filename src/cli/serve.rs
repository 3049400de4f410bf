//! `galley serve [DIR] [--port N] [--open]` and `galley watch [DIR]`: build,
//! watch the book folder (book.toml, articles, theme) and rebuild on change.
//!
//! `serve` builds the HTML site into a private temporary folder (the book's
//! own build folder is not touched), serves it on 127.0.0.1 and reloads open
//! pages through server-sent events (`/__galley/events`). The reload hook is
//! added to each HTML page as it is sent, never written into a file. A
//! failed rebuild keeps the last good site, prints the error and shows it in
//! the open pages as an overlay; the server keeps running.
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
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// `galley serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The book folder (with book.toml).
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
    /// The book folder (with book.toml).
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

/// The last build's outcome, shared with the page clients.
#[derive(Default)]
struct State {
    /// Names this server process in [`State::tag`] (its start time), so a
    /// page from an earlier `galley serve` on the same port never matches.
    run: u64,
    /// Incremented on every successful rebuild.
    version: u64,
    /// The error of the last build, if it failed.
    error: Option<String>,
    /// Open event streams.
    clients: Vec<mpsc::Sender<String>>,
}

impl State {
    fn new() -> Self {
        let run = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or_default();
        State {
            run,
            ..State::default()
        }
    }

    /// The build a page was served from; the page sends it back when its
    /// event stream connects.
    fn tag(&self) -> String {
        format!("{}.{}", self.run, self.version)
    }

    fn broadcast(&mut self, event: &str, data: &str) {
        let mut msg = format!("event: {event}\n");
        for line in data.lines() {
            msg.push_str("data: ");
            msg.push_str(line);
            msg.push('\n');
        }
        if data.is_empty() {
            msg.push_str("data:\n");
        }
        msg.push('\n');
        self.clients.retain(|c| c.send(msg.clone()).is_ok());
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
/// control, not editor swap files.
fn relevant(path: &Path, root: &Path, ignore: &[PathBuf]) -> bool {
    if ignore.iter().any(|i| path.starts_with(i)) {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Hidden below the book folder (the book itself may live in one).
    let inside = path.strip_prefix(root).unwrap_or(path);
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

fn fingerprint(dir: &Path, ignore: &[PathBuf]) -> Fingerprint {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if !relevant(&p, dir, ignore) {
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

/// What the book looks like now: take it before the first build, so a
/// change made while that build runs is not missed.
fn snapshot(dir: &Path, dest: Option<&Path>) -> Fingerprint {
    let dir = canonical(dir);
    fingerprint(&dir, &ignored(&dir, dest))
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
            rebuild();
            seen = fingerprint(dir, &ignored(dir, dest));
        }
        let (tx, rx) = mpsc::channel();
        let mut debouncer =
            new_debouncer(Duration::from_millis(200), tx).context("starting the file watcher")?;
        debouncer
            .watcher()
            .watch(dir, RecursiveMode::Recursive)
            .with_context(|| format!("watching {}", dir.display()))?;
        let ignore = ignored(dir, dest);
        if let Some(r) = ready.take() {
            ui.note(r);
        }
        // Changes made before the watcher was in place.
        if fingerprint(dir, &ignore) != seen {
            rebuild();
            seen = fingerprint(dir, &ignore);
        }
        loop {
            match rx.recv_timeout(Duration::from_secs(1)) {
                Ok(Ok(events)) => {
                    // The watcher also reports reads (the build opening
                    // the articles): rebuild only when a file's size or
                    // time, or the set of files, really changed.
                    if events.iter().any(|e| relevant(&e.path, dir, &ignore)) {
                        let now = fingerprint(dir, &ignore);
                        if now != seen {
                            rebuild();
                            seen = fingerprint(dir, &ignore);
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
    let dir = if arg.is_file() && arg.file_name().is_some_and(|n| n == "book.toml") {
        match arg.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    } else {
        arg.to_path_buf()
    };
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

/// The script added to served HTML pages: reload on `reload`, show an
/// overlay with the message on `error`. `__GALLEY_BUILD__` is the
/// [`State::tag`] of the build the page came from: a page whose build is
/// not the current one when its stream connects (a change landed while it
/// loaded, or serve was restarted) is told to reload at once.
const HOOK: &str = r#"<script>
(() => {
  const es = new EventSource("/__galley/events?build=__GALLEY_BUILD__");
  // A page whose article changed its title has a new name: go to the
  // contents instead of reloading into "Not found".
  es.addEventListener("reload", () => {
    fetch(location.href, { method: "HEAD", cache: "no-store" })
      .then((r) => { if (r.ok) location.reload(); else location.href = "/html/"; })
      .catch(() => location.reload());
  });
  es.addEventListener("error", (e) => {
    if (!e.data) return;
    let o = document.getElementById("__galley_error");
    if (!o) {
      o = document.createElement("pre");
      o.id = "__galley_error";
      o.style.cssText = "position:fixed;inset:auto 0 0 0;margin:0;padding:1em;max-height:50vh;overflow:auto;background:#fee;color:#900;border-top:3px solid #c00;font:14px/1.4 monospace;white-space:pre-wrap;z-index:2147483647";
      o.title = "Click to hide";
      o.onclick = () => o.remove();
      document.body.appendChild(o);
    }
    o.textContent = "galley: the last rebuild failed (showing the previous build)\n\n" + e.data;
  });
})();
</script>
"#;

/// `page` with the reload hook before `</body>` (or at the end); `build`:
/// the [`State::tag`] of the build the page was read from.
fn inject(page: &[u8], build: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let hook = HOOK.replace("__GALLEY_BUILD__", build);
    match text.rfind("</body>") {
        Some(i) => format!("{}{hook}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{hook}").into_bytes(),
    }
}

/// The `build=` parameter of an event-stream URL.
fn build_param(url: &str) -> Option<&str> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|kv| kv.strip_prefix("build="))
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "json" => "application/json",
        "epub" => "application/epub+zip",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The file under `root` for a request path, refusing `..` and anything
/// outside it; folders serve their index.html.
fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let mut out = inside(root, url)?;
    if out.is_dir() {
        out.push("index.html");
    }
    out.is_file().then_some(out)
}

/// The path under `root` a request path names (it may not exist), or
/// `None` for `..` and anything else that would leave `root`.
fn inside(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let mut out = root.to_path_buf();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains('\\') || p.contains('\0') => return None,
            p => out.push(p),
        }
    }
    Some(out)
}

/// Where to send a request for a folder: `/` to the site (`/html/`), a
/// folder without its final `/` to the folder with it (so the page's
/// relative links, `style.css`, resolve inside the folder).
fn redirect(root: &Path, url: &str) -> Option<String> {
    let (path, query) = match url.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (url, None),
    };
    let to = if path == "/" && !root.join("index.html").is_file() {
        "/html/".to_string()
    } else if !path.ends_with('/') && inside(root, path).is_some_and(|p| p.is_dir()) {
        format!("{path}/")
    } else {
        return None;
    };
    Some(match query {
        Some(q) => format!("{to}?{q}"),
        None => to,
    })
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Streams events to one page until it goes away.
fn event_stream(req: tiny_http::Request, state: &Arc<Mutex<State>>) {
    let (tx, rx) = mpsc::channel::<String>();
    let (pending, stale) = {
        let Ok(mut s) = state.lock() else { return };
        s.clients.push(tx);
        let stale = build_param(req.url()).is_some_and(|b| b != s.tag());
        (s.error.clone(), stale)
    };
    let mut w = req.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n: galley\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|()| w.flush())
        .is_err()
    {
        return;
    }
    // The page missed a rebuild: reload it first; the error of a later
    // failed build (if any) reaches the reloaded page.
    let first = if stale {
        Some(("reload", String::new()))
    } else {
        pending.map(|e| ("error", e))
    };
    if let Some((event, data)) = first {
        let mut st = State::default();
        let (t2, r2) = mpsc::channel();
        st.clients.push(t2);
        st.broadcast(event, &data);
        if let Ok(m) = r2.try_recv()
            && w.write_all(m.as_bytes()).and_then(|()| w.flush()).is_err()
        {
            return;
        }
    }
    loop {
        let msg = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => m,
            // A comment line keeps proxies and the browser from timing out,
            // and finds pages that went away.
            Err(mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(msg.as_bytes())
            .and_then(|()| w.flush())
            .is_err()
        {
            return;
        }
    }
}

fn respond(req: tiny_http::Request, root: &Path, state: &Arc<Mutex<State>>) {
    use tiny_http::{Header, Response, StatusCode};
    let url = req.url().to_string();
    if url.starts_with("/__galley/events") {
        event_stream(req, state);
        return;
    }
    let header = |k: &str, v: &str| Header::from_bytes(k.as_bytes(), v.as_bytes()).ok();
    // Taken before the file is read: a rebuild that lands in between makes
    // the page reload once more, never miss the rebuild.
    let build = state.lock().map(|s| s.tag()).unwrap_or_default();
    if let Some(to) = redirect(root, &url) {
        let mut r = Response::empty(StatusCode(302));
        if let Some(h) = header("Location", &to) {
            r.add_header(h);
        }
        let _ = req.respond(r);
        return;
    }
    let Some(path) = resolve(root, &url) else {
        let body = inject(b"<!DOCTYPE html><html lang=\"en\"><title>Not found</title><body><p>Not found.</p></body></html>", &build);
        let mut r = Response::from_data(body).with_status_code(StatusCode(404));
        if let Some(h) = header("Content-Type", "text/html; charset=utf-8") {
            r.add_header(h);
        }
        let _ = req.respond(r);
        return;
    };
    let Ok(bytes) = std::fs::read(&path) else {
        let _ = req.respond(Response::empty(StatusCode(500)));
        return;
    };
    let ct = content_type(&path);
    let body = if ct.starts_with("text/html") {
        inject(&bytes, &build)
    } else {
        bytes
    };
    let mut r = Response::from_data(body);
    for h in [
        header("Content-Type", ct),
        header("Cache-Control", "no-store"),
    ]
    .into_iter()
    .flatten()
    {
        r.add_header(h);
    }
    let _ = req.respond(r);
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
                let v = s.version.to_string();
                s.broadcast("reload", &v);
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
    fn paths_stay_inside_the_site() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir(t.path().join("html")).unwrap();
        std::fs::write(t.path().join("html/index.html"), "x").unwrap();
        std::fs::write(t.path().join("html/a b.html"), "x").unwrap();
        assert!(resolve(t.path(), "/html/").is_some());
        assert!(resolve(t.path(), "/html/a%20b.html?x=1").is_some());
        assert!(resolve(t.path(), "/html/../../etc/passwd").is_none());
        assert!(resolve(t.path(), "/html/%2e%2e/%2e%2e/etc/passwd").is_none());
        assert!(resolve(t.path(), "/missing.html").is_none());
        assert_eq!(redirect(t.path(), "/").as_deref(), Some("/html/"));
        assert_eq!(redirect(t.path(), "/html").as_deref(), Some("/html/"));
        assert_eq!(
            redirect(t.path(), "/html?a=1").as_deref(),
            Some("/html/?a=1")
        );
        assert_eq!(redirect(t.path(), "/html/"), None);
        assert_eq!(redirect(t.path(), "/html/index.html"), None);
        assert_eq!(redirect(t.path(), "/html/../html"), None);
        assert_eq!(redirect(t.path(), "/nothing"), None);
    }

    #[test]
    fn hook_goes_before_body_end_and_events_are_framed() {
        let page = inject(b"<html><body><p>x</p></body></html>", "7.3");
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("EventSource(\"/__galley/events?build=7.3\")"));
        assert_eq!(build_param("/__galley/events?build=7.3"), Some("7.3"));
        assert_eq!(build_param("/__galley/events"), None);
        assert!(page.ends_with("</script>\n</body></html>"));
        let (tx, rx) = mpsc::channel();
        let mut s = State::default();
        s.clients.push(tx);
        s.broadcast("error", "book.toml:3: bad\nsecond line");
        assert_eq!(
            rx.try_recv().unwrap(),
            "event: error\ndata: book.toml:3: bad\ndata: second line\n\n"
        );
    }

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
    fn build_output_and_editor_files_are_ignored() {
        let ignore = vec![PathBuf::from("/h/.b/book")];
        let root = Path::new("/h/.b");
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
