//! `galley serve` and `galley watch` end to end: the served page carries the
//! reload hook (the built files never do), a change reloads open pages, a
//! broken book.toml shows as an error event while the server keeps running,
//! and a port in use is a clear error.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const ARTICLE: &str = "Harbour council approves new ferry timetable\n\nBy Ana Lima\n\nThe harbour council voted on Tuesday to add two evening ferry crossings from May.\n\nResidents had asked for later boats for years, the council said.\n";
const BOOK: &str =
    "[book]\ntitle = \"Preview\"\nsrc = \"articles\"\n[output.html]\n[output.markdown]\n";

fn book(d: &Path) {
    std::fs::create_dir_all(d.join("articles")).unwrap();
    std::fs::write(d.join("articles/ferry.txt"), ARTICLE).unwrap();
    std::fs::write(d.join("book.toml"), BOOK).unwrap();
}

/// Stops the child when the test ends, however it ends: SIGTERM first (as
/// a user's Ctrl-C, so serve removes its preview folder), SIGKILL if it is
/// still running 5 s later.
struct Kill(Child);
impl Drop for Kill {
    fn drop(&mut self) {
        if terminate(&mut self.0).is_none() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Sends `signal` to the child and waits up to 5 s for it to exit.
#[cfg(unix)]
fn signal(child: &mut Child, signal: &str) -> Option<std::process::ExitStatus> {
    if let Ok(Some(status)) = child.try_wait() {
        return Some(status);
    }
    // The shell's built-in kill: /bin/kill (procps) is not on every machine.
    let sent = Command::new("sh")
        .args(["-c", &format!("kill {signal} {}", child.id())])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !sent {
        return None;
    }
    let end = Instant::now() + Duration::from_secs(5);
    while Instant::now() < end {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[cfg(unix)]
fn terminate(child: &mut Child) -> Option<std::process::ExitStatus> {
    signal(child, "-TERM")
}

#[cfg(not(unix))]
fn terminate(_: &mut Child) -> Option<std::process::ExitStatus> {
    None
}

/// Starts `galley ARGS` in `d`; stderr lines arrive on the channel.
fn start(args: &[&str], d: &Path) -> (Kill, mpsc::Receiver<String>) {
    start_in(args, d, &std::env::temp_dir())
}

/// [`start`] with `tmp` as the child's temporary folder (`TMPDIR`).
fn start_in(args: &[&str], d: &Path, tmp: &Path) -> (Kill, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(args)
        .current_dir(d)
        .env("TMPDIR", tmp)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("galley starts");
    let err = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (Kill(child), rx)
}

fn wait_line(rx: &mpsc::Receiver<String>, want: &str) -> String {
    let end = Instant::now() + Duration::from_secs(20);
    while Instant::now() < end {
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(200))
            && l.contains(want)
        {
            return l;
        }
    }
    panic!("no stderr line containing {want:?}");
}

fn get(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

/// Reads the event stream until `want` appears (or 20 s pass).
fn wait_event(events: &mut TcpStream, want: &str) -> String {
    let end = Instant::now() + Duration::from_secs(20);
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while Instant::now() < end {
        match events.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                seen.push_str(&String::from_utf8_lossy(&buf[..n]));
                if seen.contains(want) {
                    return seen;
                }
            }
            Err(_) => {}
        }
    }
    panic!("no {want:?} in the event stream: {seen}");
}

#[test]
fn serve_reloads_on_change_and_reports_errors_without_stopping() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    book(d);
    let (_child, rx) = start(&["serve", "--port", "0"], d);
    let line = wait_line(&rx, "serving");
    let port: u16 = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .expect("a port in the serving line");

    let index = get(port, "/html/");
    assert!(index.starts_with("HTTP/1.1 200"), "{index}");
    assert!(index.contains("/__galley/events"), "the hook is injected");
    let page = get(
        port,
        "/html/harbour-council-approves-new-ferry-timetable.html",
    );
    assert!(page.contains("evening ferry crossings"), "{page}");
    assert!(get(port, "/html/../../etc/passwd").starts_with("HTTP/1.1 404"));
    // The bare address and a folder without its slash lead to the site.
    for (from, to) in [("/", "/html/"), ("/html", "/html/")] {
        let r = get(port, from);
        assert!(
            r.starts_with("HTTP/1.1 302") && r.contains(&format!("Location: {to}\r\n")),
            "{from}: {r}"
        );
    }
    // serve never writes into the book folder.
    assert!(!d.join("book").exists());

    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    write!(
        events,
        "GET /__galley/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();

    // The stream names the current build when it connects: the build the
    // page was served from (pages with another reload), and a new one after
    // each rebuild.
    let build = index
        .split("const mine = \"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the page names its build");
    wait_event(&mut events, &format!("event: build\ndata: {build}\n\n"));
    // The pages share one stream through this worker.
    let worker = get(port, "/__galley/live.js");
    assert!(
        worker.starts_with("HTTP/1.1 200") && worker.contains("text/javascript"),
        "{worker}"
    );
    assert!(worker.contains("new EventSource(\"/__galley/events\")"));

    std::fs::write(
        d.join("articles/ferry.txt"),
        ARTICLE.replace("evening ferry crossings", "night ferry crossings"),
    )
    .unwrap();
    let ev = wait_event(&mut events, "event: reload\ndata: ");
    let next = ev
        .split("event: reload\ndata: ")
        .nth(1)
        .and_then(|r| r.split('\n').next())
        .expect("a build in the reload event");
    assert_ne!(next, build, "a rebuild is a new build");
    let page = get(
        port,
        "/html/harbour-council-approves-new-ferry-timetable.html",
    );
    assert!(page.contains("night ferry crossings"), "rebuilt: {page}");
    assert!(page.contains(&format!("const mine = \"{next}\"")), "{page}");

    std::fs::write(d.join("book.toml"), "[book\ntitle = 3\n").unwrap();
    let ev = wait_event(&mut events, "event: error");
    assert!(ev.contains("book.toml"), "{ev}");
    wait_line(&rx, "build failed");
    // Still serving the last good build.
    assert!(get(port, "/html/").starts_with("HTTP/1.1 200"));

    std::fs::write(d.join("book.toml"), BOOK).unwrap();
    wait_event(&mut events, "event: reload");
}

#[test]
fn serve_on_a_port_in_use_is_a_clear_error() {
    let t = tempfile::tempdir().unwrap();
    book(t.path());
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let o = Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(["serve", "--port", &port])
        .current_dir(t.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("in use") && err.contains("--port"), "{err}");
}

#[test]
fn watch_rebuilds_the_configured_formats() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    book(d);
    let (_child, rx) = start(&["watch"], d);
    wait_line(&rx, "watching");
    let md = d.join("book/markdown/harbour-council-approves-new-ferry-timetable.md");
    assert!(std::fs::read_to_string(&md).unwrap().contains("evening"));
    std::fs::write(
        d.join("articles/ferry.txt"),
        ARTICLE.replace("evening ferry crossings", "night ferry crossings"),
    )
    .unwrap();
    let end = Instant::now() + Duration::from_secs(20);
    while Instant::now() < end {
        if std::fs::read_to_string(&md).is_ok_and(|t| t.contains("night")) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains("night ferry crossings"), "{text}");
    // Built files never carry the preview hook.
    let html = std::fs::read_dir(d.join("book/html")).unwrap();
    for f in html.flatten() {
        let t = std::fs::read_to_string(f.path()).unwrap_or_default();
        assert!(!t.contains("__galley"), "{}", f.path().display());
    }
}

/// The serve preview folders in `tmp`.
fn preview_folders(tmp: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(tmp)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("galley-serve-"))
        })
        .collect()
}

/// Ctrl-C (SIGINT) and SIGTERM stop serve and remove its private build
/// folder; a folder left by a serve killed with SIGKILL is removed by the
/// next serve.
#[cfg(unix)]
#[test]
fn a_signal_stops_serve_and_removes_its_preview_folder() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("book");
    book(&d);
    let tmp = t.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    for sig in ["-INT", "-TERM"] {
        let (mut child, rx) = start_in(&["serve", "--port", "0"], &d, &tmp);
        wait_line(&rx, "serving");
        let folders = preview_folders(&tmp);
        assert_eq!(folders.len(), 1, "{folders:?}");
        assert!(folders[0].join("html/index.html").is_file());
        let status = signal(&mut child.0, sig).expect("serve exits on the signal");
        assert!(!status.success(), "{sig}: {status:?}");
        assert!(
            preview_folders(&tmp).is_empty(),
            "{sig} left {:?}",
            preview_folders(&tmp)
        );
    }
    // SIGKILL cannot be caught: the folder stays until the next serve starts.
    let (mut child, rx) = start_in(&["serve", "--port", "0"], &d, &tmp);
    wait_line(&rx, "serving");
    let killed = preview_folders(&tmp);
    child.0.kill().unwrap();
    child.0.wait().unwrap();
    assert_eq!(preview_folders(&tmp), killed, "still there after SIGKILL");
    let (_next, rx) = start_in(&["serve", "--port", "0"], &d, &tmp);
    wait_line(&rx, "serving");
    let now = preview_folders(&tmp);
    assert_eq!(now.len(), 1, "{now:?}");
    assert_ne!(now, killed, "the killed serve's folder is removed");
}

/// `galley serve path/book.toml` serves that book; another file is an error
/// that says to pass the folder.
#[test]
fn serve_accepts_the_book_toml_file() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("mybook");
    book(&d);
    let (_child, rx) = start(&["serve", "--port", "0", "mybook/book.toml"], t.path());
    let line = wait_line(&rx, "serving");
    assert!(line.contains("mybook"), "{line}");
    let o = Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(["watch", "mybook/articles/ferry.txt"])
        .current_dir(t.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("pass the folder that holds book.toml"),
        "{err}"
    );
}

/// A book folder moved away: the open pages are told (an error event), and
/// when it comes back the site is rebuilt from it and they reload.
#[test]
fn serve_tells_the_pages_when_the_book_folder_goes_away() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("b");
    book(&d);
    // Started in the book folder: builds must read the watched folder, not
    // follow the moved one through the working directory.
    let (_child, rx) = start(&["serve", "--port", "0"], &d);
    let line = wait_line(&rx, "serving");
    let port: u16 = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .expect("a port in the serving line");
    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    write!(
        events,
        "GET /__galley/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    wait_event(&mut events, ": galley");
    let away = t.path().join("away");
    std::fs::rename(&d, &away).unwrap();
    let ev = wait_event(&mut events, "waiting for it to come back");
    assert!(!ev.contains("event: reload"), "{ev}");
    std::fs::write(
        away.join("articles/ferry.txt"),
        ARTICLE.replace("evening ferry crossings", "night ferry crossings"),
    )
    .unwrap();
    std::fs::rename(&away, &d).unwrap();
    wait_event(&mut events, "event: reload");
    let page = get(
        port,
        "/html/harbour-council-approves-new-ferry-timetable.html",
    );
    assert!(page.contains("night ferry crossings"), "{page}");
}

/// With `allow-outside = true`, a theme folder outside the book is watched
/// too: editing its CSS rebuilds and reloads.
#[test]
fn serve_watches_a_theme_outside_the_book_when_allowed() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("b");
    book(&d);
    let o = Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(["theme", "export", "default", "theme"])
        .current_dir(t.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::write(
        d.join("book.toml"),
        BOOK.replace("[output.html]\n", "[output.html]\ntheme = \"../theme\"\n")
            + "[build]\nallow-outside = true\n",
    )
    .unwrap();
    let (_child, rx) = start(&["serve", "--port", "0"], &d);
    let line = wait_line(&rx, "serving");
    let port: u16 = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .expect("a port in the serving line");
    wait_line(&rx, "watching for changes");
    let css = t.path().join("theme/css/article.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\nh1 { letter-spacing: 0.0123em }\n");
    std::fs::write(&css, text).unwrap();
    wait_line(&rx, "built 1 article");
    let end = Instant::now() + Duration::from_secs(20);
    let mut served = String::new();
    while Instant::now() < end {
        served = get(port, "/html/style.css");
        if served.contains("0.0123em") {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(served.contains("0.0123em"), "the theme edit is served");
}
