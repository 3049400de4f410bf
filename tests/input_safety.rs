//! Issue 10, input side: bounded reads, stdin, all-or-nothing outputs per
//! input, dangling `-o` links, `galley init` that fails, closed stderr, and
//! terminal escapes in what galley prints.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_galley");

const ARTICLE: &str = "Harbour council approves new ferry timetable\n\nThe change adds two evening crossings from May.\n\nBy Ana Lima, Harbour Post\n\nThe harbour council voted on Tuesday to add two evening ferry crossings.\n\nResidents had asked for later boats for years, the council said.\n";

fn galley(args: &[&str], dir: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("galley runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// galley under a 2 GB address-space limit (so a regression cannot eat the
/// machine), with stdout and stderr captured.
fn limited(args: &[&str], dir: &Path) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg("ulimit -v 2000000 2>/dev/null; exec \"$0\" \"$@\"")
        .arg(BIN)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Waits for `child` at most `limit`; a child still running is killed and
/// the test fails: that is the hang the test protects against.
fn wait_within(mut child: Child, limit: Duration, what: &str) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn names(d: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------- limits

#[test]
fn convert_dev_zero_and_urandom_are_refused_quickly() {
    let t = tempfile::tempdir().unwrap();
    for dev in ["/dev/zero", "/dev/urandom"] {
        if !Path::new(dev).exists() {
            eprintln!("skipped: no {dev}");
            continue;
        }
        let child = limited(&["convert", dev], t.path())
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        let o = wait_within(child, Duration::from_secs(10), dev);
        assert_eq!(o.status.code(), Some(1), "{dev}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(dev) && err.contains("binary"), "{err}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn endless_stdin_stops_at_the_size_limit() {
    // `yes | galley convert -`: text that never ends. The default limit
    // (64 MB) stops it with a message naming stdin and the limit.
    let t = tempfile::tempdir().unwrap();
    let mut child = limited(&["convert", "-"], t.path())
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let block = "y\n".repeat(32 * 1024);
        // Ends when galley stops reading (a broken pipe).
        while stdin.write_all(block.as_bytes()).is_ok() {}
    });
    let o = wait_within(child, Duration::from_secs(60), "yes | galley convert -");
    writer.join().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("stdin: larger than the 64 MB input limit")
            && err.contains("--max-input-size"),
        "{err}"
    );
}

#[test]
fn inputs_over_the_limit_are_refused_and_the_limit_can_be_raised() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let big = format!(
        "{ARTICLE}\n{}",
        "The ferry ran late again today.\n\n".repeat(100)
    );
    assert!(big.len() > 2048);
    std::fs::write(d.join("a.txt"), &big).unwrap();
    for cmd in ["convert", "check"] {
        let o = galley(&[cmd, "a.txt", "--max-input-size", "2K"], d);
        assert_eq!(o.status.code(), Some(1), "{cmd}");
        assert!(
            stderr(&o).contains(
                "a.txt: larger than the 2 KB input limit; raise it with --max-input-size"
            ),
            "{cmd}: {}",
            stderr(&o)
        );
        let o = galley(&[cmd, "a.txt", "--max-input-size", "64KB"], d);
        assert_eq!(o.status.code(), Some(0), "{cmd}: {}", stderr(&o));
    }
    // A file over the default limit is refused before it is read (sparse:
    // no 64 MB written).
    let f = std::fs::File::create(d.join("huge.txt")).unwrap();
    f.set_len(64 * 1024 * 1024 + 1).unwrap();
    let o = galley(&["convert", "huge.txt", "-o", "out"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("huge.txt: larger than the 64 MB input limit"),
        "{}",
        stderr(&o)
    );
    assert!(!d.join("out").exists());
    // A bad size is bad usage.
    let o = galley(&["convert", "a.txt", "--max-input-size", "lots"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("64M"), "{}", stderr(&o));
}

#[test]
fn fifty_megabytes_of_text_is_within_the_default_limit() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("long.txt");
    let para = "The council met again and agreed on the timetable for the ferry.\n\n";
    let text = para.repeat(50 * 1024 * 1024 / para.len() + 1);
    std::fs::write(&p, &text).unwrap();
    let limits = galley::ReadLimits::default();
    assert_eq!(limits.max_bytes, 64 * 1024 * 1024);
    let bytes = galley::read::read_input(&p, &limits).unwrap();
    assert_eq!(bytes.len(), text.len());
    // The library refuses what is not a regular file, so a book build never
    // waits on a FIFO or streams a device.
    let normalizer =
        galley::normalize::Normalizer::new(galley::normalize::NormalizeConfig::default()).unwrap();
    let e =
        galley::convert_file_with(Path::new("/dev/zero"), None, &normalizer, &limits).unwrap_err();
    assert!(e.to_string().contains("not a regular file"), "{e}");
}

// ----------------------------------------------------------------- stdin

#[test]
fn utf16_without_a_bom_converts_with_a_warning() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let le: Vec<u8> = ARTICLE
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let be: Vec<u8> = ARTICLE
        .encode_utf16()
        .flat_map(|u| u.to_be_bytes())
        .collect();
    std::fs::write(d.join("le.txt"), le).unwrap();
    std::fs::write(d.join("be.txt"), be).unwrap();
    for (f, enc) in [("le.txt", "UTF-16LE"), ("be.txt", "UTF-16BE")] {
        let o = galley(&["convert", f], d);
        assert_eq!(o.status.code(), Some(0), "{f}: {}", stderr(&o));
        let err = stderr(&o);
        let md = String::from_utf8(o.stdout).unwrap();
        assert!(
            md.contains("title: Harbour council approves new ferry timetable"),
            "{md}"
        );
        assert!(
            err.contains("warning") && err.contains(f) && err.contains(enc),
            "{err}"
        );
    }
    // A saved page in UTF-16 without a BOM, on stdin: sniffed and decoded.
    let page: Vec<u8> = PAGE.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let o = with_stdin(&["convert", "-"], d, &page);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = String::from_utf8(o.stdout).unwrap();
    assert!(md.contains("title: Bridge reopens"), "{md}");
}

fn with_stdin(args: &[&str], dir: &Path, input: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let o = wait_within(child, Duration::from_secs(30), "galley with stdin");
    writer.join().unwrap();
    o
}

#[test]
fn closed_and_empty_stdin_say_what_they_are() {
    let t = tempfile::tempdir().unwrap();
    for cmd in ["convert", "check"] {
        let o = Command::new("sh")
            .arg("-c")
            .arg("exec \"$0\" \"$@\" <&-")
            .arg(BIN)
            .args([cmd, "-"])
            .current_dir(t.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{cmd}");
        assert!(
            stderr(&o).contains("stdin: is closed"),
            "{cmd}: {}",
            stderr(&o)
        );
        let o = with_stdin(&[cmd, "-"], t.path(), b"");
        assert_eq!(o.status.code(), Some(1), "{cmd}");
        assert!(
            stderr(&o).contains("stdin: is empty"),
            "{cmd}: {}",
            stderr(&o)
        );
    }
}

const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><title>Bridge reopens</title>
<meta name="description" content="meta description text">
<script>var tracker = "analytics";</script></head><body><nav>Home News Sport</nav><article>
<h1>Bridge reopens</h1>
<p>The old stone bridge over the river Wend reopened to traffic on Wednesday after eight months of repairs.</p>
<p>Engineers replaced three of the arches and strengthened the foundations, which floods had damaged.</p>
</article></body></html>"#;

#[test]
fn a_saved_page_on_stdin_is_read_as_html() {
    let t = tempfile::tempdir().unwrap();
    let o = with_stdin(&["convert", "-"], t.path(), PAGE.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = String::from_utf8(o.stdout).unwrap();
    assert!(md.contains("title: Bridge reopens"), "{md}");
    assert!(md.contains("reopened to traffic on Wednesday"), "{md}");
    assert!(!md.contains("tracker") && !md.contains("DOCTYPE"), "{md}");
    // check sniffs stdin the same way.
    let o = with_stdin(&["check", "-"], t.path(), PAGE.as_bytes());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("title     Bridge reopens"), "{out}");
}

#[test]
fn stdin_given_twice_is_a_usage_error() {
    let t = tempfile::tempdir().unwrap();
    for cmd in ["convert", "check"] {
        let o = with_stdin(&[cmd, "-", "-"], t.path(), ARTICLE.as_bytes());
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", stderr(&o));
        assert!(stderr(&o).contains("more than once"), "{}", stderr(&o));
    }
}

#[test]
fn one_binary_output_goes_to_redirected_stdout() {
    // `galley convert - --to pdf > s.pdf` and `galley convert a.txt --to
    // epub > a.epub`: the output is on stdout, no file appears.
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let o = with_stdin(&["convert", "-", "--to", "pdf"], d, ARTICLE.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.starts_with(b"%PDF-"), "stdout holds the PDF");
    std::fs::write(d.join("a.txt"), ARTICLE).unwrap();
    let o = galley(&["convert", "a.txt", "--to", "epub"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.starts_with(b"PK"), "stdout holds the EPUB");
    assert_eq!(names(d), ["a.txt"], "no file written");
}

#[test]
fn one_binary_output_is_not_written_to_a_terminal() {
    // `script` gives galley a terminal as stdout (util-linux).
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("a.txt"), ARTICLE).unwrap();
    let probe = Command::new("script").arg("--version").output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: no util-linux `script` to give galley a terminal");
        return;
    }
    let o = Command::new("script")
        .args([
            "-qec",
            &format!("{BIN} convert a.txt --to pdf"),
            "/dev/null",
        ])
        .current_dir(d)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let all = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(2), "{all}");
    assert!(
        all.contains("stdout is a terminal") && all.contains("-o FILE.pdf"),
        "{all}"
    );
    assert!(!all.contains("%PDF"));
    assert_eq!(names(d), ["a.txt"]);
}

// --------------------------------------------------------------- outputs

#[test]
fn outputs_of_one_input_are_all_or_nothing() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("a.txt"), ARTICLE).unwrap();
    std::fs::write(d.join("b.txt"), ARTICLE.replace("ferry", "tram")).unwrap();
    std::fs::create_dir(d.join("out")).unwrap();
    std::fs::write(d.join("out/a.md"), "old a.md").unwrap();
    // a.html cannot be written: a folder holds its name.
    std::fs::create_dir(d.join("out/a.html")).unwrap();
    let o = galley(
        &[
            "convert",
            "a.txt",
            "b.txt",
            "--to",
            "md,html,pdf",
            "-o",
            "out",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains("error")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(errors[0].contains("a.html"), "{err}");
    // a: nothing changed (the old a.md is intact, no a.pdf); b: all three.
    assert_eq!(
        std::fs::read_to_string(d.join("out/a.md")).unwrap(),
        "old a.md"
    );
    assert_eq!(
        names(&d.join("out")),
        ["a.html", "a.md", "b.html", "b.md", "b.pdf"],
        "no temp file, no a.pdf"
    );
}

#[cfg(unix)]
#[test]
fn a_full_disk_on_one_format_leaves_the_others_old() {
    // out/a.pdf is a link to /dev/full: writing it fails with "No space
    // left on device" after a.md and a.html are ready; they are rolled back.
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("a.txt"), ARTICLE).unwrap();
    std::fs::create_dir(d.join("out")).unwrap();
    std::fs::write(d.join("out/a.md"), "old a.md").unwrap();
    std::os::unix::fs::symlink("/dev/full", d.join("out/a.pdf")).unwrap();
    let o = galley(&["convert", "a.txt", "--to", "md,html,pdf", "-o", "out"], d);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("/dev/full"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(d.join("out/a.md")).unwrap(),
        "old a.md"
    );
    assert_eq!(
        names(&d.join("out")),
        ["a.md", "a.pdf"],
        "no a.html, no temp file"
    );
}

#[test]
fn good_inputs_convert_when_others_fail() {
    // As cp and gzip do with several operands: the good ones are written,
    // one error line per failure, exit code 1.
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("good.txt"), ARTICLE).unwrap();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    let o = galley(
        &[
            "convert",
            "good.txt",
            "empty.txt",
            "missing.txt",
            "-o",
            "out",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains("error")).collect();
    assert_eq!(errors.len(), 2, "{err}");
    assert!(
        errors[0].contains("empty.txt") && errors[1].contains("missing.txt"),
        "{err}"
    );
    assert_eq!(names(&d.join("out")), ["good.md"]);
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_output_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("a.txt"), ARTICLE).unwrap();
    std::os::unix::fs::symlink("missing/deeper/a.md", d.join("link.md")).unwrap();
    std::os::unix::fs::symlink("gone/folder", d.join("outlink")).unwrap();
    for args in [
        &["convert", "a.txt", "-o", "link.md"][..],
        &["convert", "a.txt", "--to", "md,html", "-o", "outlink"][..],
    ] {
        let o = galley(args, d);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("dangling"), "{}", stderr(&o));
    }
    assert!(!d.join("missing").exists() && !d.join("gone").exists());
    // A link to an existing file is written through, as before.
    std::fs::create_dir_all(d.join("missing/deeper")).unwrap();
    std::fs::write(d.join("missing/deeper/a.md"), "old").unwrap();
    let o = galley(&["convert", "a.txt", "-o", "link.md"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(d.join("missing/deeper/a.md")).unwrap();
    assert!(md.contains("Harbour council"), "{md}");
    // `/dev/stdout` is a link the kernel resolves (to a pipe here): not
    // dangling.
    if Path::new("/dev/stdout").exists() {
        let o = galley(&["convert", "a.txt", "-o", "/dev/stdout"], d);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(String::from_utf8_lossy(&o.stdout).contains("Harbour council"));
    }
    assert!(
        std::fs::symlink_metadata(d.join("link.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

// ------------------------------------------------------------------ init

#[test]
fn a_failed_init_writes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    // `articles` is a file: the folder cannot be made.
    std::fs::create_dir(d.join("book1")).unwrap();
    std::fs::write(d.join("book1/articles"), "not a folder").unwrap();
    let o = galley(&["init", "book1"], d);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("articles"), "{}", stderr(&o));
    assert_eq!(names(&d.join("book1")), ["articles"]);
    // Once the obstacle is gone, a rerun works.
    std::fs::remove_file(d.join("book1/articles")).unwrap();
    let o = galley(&["init", "book1"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        names(&d.join("book1")),
        [".gitignore", "articles", "book.toml"]
    );
    #[cfg(unix)]
    {
        // `articles`, or the book folder itself, a dangling link: refused,
        // the link stays as it was.
        std::fs::create_dir(d.join("book2")).unwrap();
        std::os::unix::fs::symlink("nowhere", d.join("book2/articles")).unwrap();
        let o = galley(&["init", "book2"], d);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("dangling"), "{}", stderr(&o));
        assert_eq!(names(&d.join("book2")), ["articles"]);
        std::os::unix::fs::symlink("nowhere", d.join("book3")).unwrap();
        let o = galley(&["init", "book3"], d);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(
            std::fs::symlink_metadata(d.join("book3"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
}

#[test]
fn init_of_a_new_folder_leaves_no_staging_folder() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let o = galley(&["init", "news"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(names(d), ["news"]);
    assert_eq!(
        names(&d.join("news")),
        [".gitignore", "articles", "book.toml"]
    );
    assert!(d.join("news/articles/lighthouse.txt").is_file());
    #[cfg(unix)]
    {
        // The folder gets the usual mode (as mkdir makes it), not a temp
        // folder's owner-only 0o700.
        use std::os::unix::fs::PermissionsExt;
        std::fs::create_dir(d.join("plain")).unwrap();
        let mode = |p: &str| std::fs::metadata(d.join(p)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode("news"), mode("plain"));
    }
}

// ------------------------------------------------------- closed pipes

#[test]
fn closed_stderr_ends_quietly_with_the_normal_exit_code() {
    // `galley convert *.html -o out/ 2>&1 | head -5`: stderr goes away
    // while galley still has (here 100 KB of) messages to print.
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("a.txt"), ARTICLE).unwrap();
    let long = "x".repeat(200);
    let mut args: Vec<String> = vec!["convert".into(), "a.txt".into()];
    for k in 0..400 {
        args.push(format!("missing-{k:03}-{long}.txt"));
    }
    args.extend(["-o".into(), "out".into()]);
    let mut child = Command::new(BIN)
        .args(&args)
        .current_dir(d)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = child.stderr.take().unwrap();
    let mut first = [0u8; 16];
    let _ = err.read(&mut first);
    drop(err);
    let o = wait_within(child, Duration::from_secs(30), "galley with stderr closed");
    assert_eq!(o.status.code(), Some(1), "not a panic (101)");
    assert!(d.join("out/a.md").is_file());
}

// ------------------------------------------------------- terminal escapes

#[test]
fn printed_reports_and_messages_escape_terminal_controls() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let page = "<!DOCTYPE html><html><head><title>Ferry &#x1b;]0;PWNED&#x7; news</title></head><body><article><h1>Ferry &#x1b;]0;PWNED&#x7; news \u{202e}</h1><p>The ferry company said fares to the outer islands will rise by a fifth in May.</p></article></body></html>";
    std::fs::write(d.join("p.html"), page).unwrap();
    // A legacy-encoded file whose name holds an escape: its warning names it.
    let hostile = "n\u{1b}]0;OWNED\u{7}.txt";
    std::fs::write(
        d.join(hostile),
        b"Caf\xe9 owners welcome new rules\n\nThe owners of the caf\xe9 said the rules were \x93long overdue\x94.\n",
    )
    .unwrap();
    let raw = |b: &[u8]| {
        b.iter().any(|&c| c == 0x1b || c == 0x07) || String::from_utf8_lossy(b).contains('\u{202e}')
    };
    for args in [
        &["check", "p.html"][..],
        &["check", "p.html", "--no", "repair"][..],
        &["check", "p.html", "--no", "repair", "--format", "json"][..],
        &["check", hostile][..],
        &["convert", hostile, "-o", "out"][..],
        &["convert", "missing-\u{1b}[2J.txt"][..],
    ] {
        let o = galley(args, d);
        assert!(
            !raw(&o.stdout),
            "{args:?} stdout: {:?}",
            String::from_utf8_lossy(&o.stdout)
        );
        assert!(!raw(&o.stderr), "{args:?} stderr: {:?}", stderr(&o));
    }
    let o = galley(&["check", "p.html", "--no", "repair"], d);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("\\x1b]0;PWNED\\x07"), "{out}");
    let o = galley(&["check", hostile], d);
    assert!(
        stderr(&o).contains("n\\x1b]0;OWNED\\x07.txt"),
        "{}",
        stderr(&o)
    );
    // JSON still reads back to the page's own text.
    let o = galley(
        &["check", "p.html", "--no", "repair", "--format", "json"],
        d,
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v[0]["meta"]["title"].as_str().unwrap().contains('\u{1b}'));
}
