//! The preview site over HTTP: files from the private build folder, the
//! reload hook added to each HTML page as it is sent, and the event stream
//! (`/__galley/events`) that tells open pages to reload or show an error,
//! shared by the open tabs through a SharedWorker (`/__galley/live.js`).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The last build's outcome, shared with the page clients.
#[derive(Default)]
pub(super) struct State {
    /// Names this server process in [`State::tag`] (its start time), so a
    /// page from an earlier `galley serve` on the same port never matches.
    run: u64,
    /// Incremented on every successful rebuild.
    pub(super) version: u64,
    /// The error of the last build, if it failed.
    pub(super) error: Option<String>,
    /// Open event streams.
    clients: Vec<mpsc::Sender<String>>,
}

impl State {
    pub(super) fn new() -> Self {
        let run = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or_default();
        State {
            run,
            ..State::default()
        }
    }

    /// The current build: written into each page as it is served, and sent
    /// on each stream when it connects and after each rebuild; a page whose
    /// build differs reloads.
    pub(super) fn tag(&self) -> String {
        format!("{}.{}", self.run, self.version)
    }

    pub(super) fn broadcast(&mut self, event: &str, data: &str) {
        let msg = frame(event, data);
        self.clients.retain(|c| c.send(msg.clone()).is_ok());
    }
}

/// One server-sent event: `event: NAME` and one `data:` line per line.
fn frame(event: &str, data: &str) -> String {
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
    msg
}

/// The script added to served HTML pages. `__GALLEY_BUILD__` is the
/// [`State::tag`] of the build the page came from; the server sends the
/// current tag when a stream connects (`build`) and after each rebuild
/// (`reload`): a page whose tag differs reloads (a change landed while it
/// loaded, or serve was restarted), and `error` shows an overlay.
///
/// Browsers open at most 6 HTTP/1.1 connections per host, and an event
/// stream holds one for as long as its page is open: with one stream per
/// tab, a seventh tab of the site never loaded. So the pages share one
/// stream through a SharedWorker ([`WORKER`]), and only browsers without
/// SharedWorker open their own.
const HOOK: &str = r#"<script>
(() => {
  const mine = "__GALLEY_BUILD__";
  let leaving = false;
  // A page whose article changed its title has a new name: go to the
  // contents instead of reloading into "Not found".
  const reload = () => {
    if (leaving) return;
    leaving = true;
    fetch(location.href, { method: "HEAD", cache: "no-store" })
      .then((r) => { if (r.ok) location.reload(); else location.href = "/html/"; })
      .catch(() => location.reload());
  };
  const overlay = (text) => {
    let o = document.getElementById("__galley_error");
    if (!o) {
      o = document.createElement("pre");
      o.id = "__galley_error";
      o.style.cssText = "position:fixed;inset:auto 0 0 0;margin:0;padding:1em;max-height:50vh;overflow:auto;background:#fee;color:#900;border-top:3px solid #c00;font:14px/1.4 monospace;white-space:pre-wrap;z-index:2147483647";
      o.title = "Click to hide";
      o.onclick = () => o.remove();
      document.body.appendChild(o);
    }
    o.textContent = "galley: the last rebuild failed (showing the previous build)\n\n" + text;
  };
  const on = (m) => {
    if (m.build && m.build !== mine) reload();
    else if (m.error) overlay(m.error);
  };
  if (typeof SharedWorker === "function") {
    const w = new SharedWorker("/__galley/live.js");
    w.port.onmessage = (e) => on(e.data);
    w.port.start();
    addEventListener("pagehide", () => w.port.postMessage("bye"));
    // Back from the back/forward cache: its port was let go.
    addEventListener("pageshow", (e) => { if (e.persisted) location.reload(); });
  } else {
    const es = new EventSource("/__galley/events");
    es.addEventListener("build", (e) => on({ build: e.data }));
    es.addEventListener("reload", (e) => on({ build: e.data }));
    es.addEventListener("error", (e) => { if (e.data) on({ error: e.data }); });
  }
})();
</script>
"#;

/// The SharedWorker behind [`HOOK`] (`/__galley/live.js`): one event stream
/// for every open page of the site; a page that connects gets the current
/// build and error at once.
const WORKER: &str = r#"const ports = new Set();
let build = null;
let error = null;
const send = (m) => { for (const p of ports) p.postMessage(m); };
const es = new EventSource("/__galley/events");
const fresh = (e) => { build = e.data; error = null; send({ build }); };
es.addEventListener("build", fresh);
es.addEventListener("reload", fresh);
es.addEventListener("error", (e) => {
  if (!e.data) {
    // The connection dropped (serve stopped?): EventSource reconnects and
    // the server names its build again. Until then nothing is known; a
    // stale build would send freshly loaded pages into a reload loop.
    build = null;
    error = null;
    return;
  }
  error = e.data;
  send({ error });
});
onconnect = (e) => {
  const p = e.ports[0];
  ports.add(p);
  p.onmessage = (m) => { if (m.data === "bye") ports.delete(p); };
  if (build) p.postMessage({ build });
  if (error) p.postMessage({ error });
};
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
    // The current build, then the error of a failed rebuild (if any).
    let first = {
        let Ok(mut s) = state.lock() else { return };
        s.clients.push(tx);
        let mut first = frame("build", &s.tag());
        if let Some(e) = &s.error {
            first.push_str(&frame("error", e));
        }
        first
    };
    let mut w = req.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n: galley\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|()| w.write_all(first.as_bytes()))
        .and_then(|()| w.flush())
        .is_err()
    {
        return;
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

pub(super) fn respond(req: tiny_http::Request, root: &Path, state: &Arc<Mutex<State>>) {
    use tiny_http::{Header, Response, StatusCode};
    let url = req.url().to_string();
    if url.starts_with("/__galley/events") {
        event_stream(req, state);
        return;
    }
    let header = |k: &str, v: &str| Header::from_bytes(k.as_bytes(), v.as_bytes()).ok();
    if url == "/__galley/live.js" {
        let mut r = Response::from_data(WORKER.as_bytes());
        for h in [
            header("Content-Type", "text/javascript; charset=utf-8"),
            header("Cache-Control", "no-store"),
        ]
        .into_iter()
        .flatten()
        {
            r.add_header(h);
        }
        let _ = req.respond(r);
        return;
    }
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
        assert!(page.contains("const mine = \"7.3\";"));
        assert!(page.contains("SharedWorker(\"/__galley/live.js\")"));
        assert!(WORKER.contains("EventSource(\"/__galley/events\")"));
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
}
