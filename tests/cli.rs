//! End-to-end tests of the `galley` binary: bad input, atomic outputs,
//! encodings, escaping.

use std::path::Path;
use std::process::{Command, Output};

fn galley(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("galley runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const ARTICLE: &str = "Harbour council approves new ferry timetable\n\nThe change adds two evening crossings from May.\n\nBy Ana Lima, Harbour Post\n\nThe harbour council voted on Tuesday to add two evening ferry crossings.\n\nRead\u{a0} Storm closes coastal road for a second day\n\nAdvertisement\n\nResidents had asked for later boats for years, the council said.\n";

/// One clear error line naming the file, exit code 1, no output left behind.
fn assert_clean_failure(o: &Output, name: &str, out: &Path) {
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(o));
    let err = stderr(o);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("error")).collect();
    assert_eq!(lines.len(), 1, "one error line expected, got: {err}");
    assert!(lines[0].contains(name), "error names the file: {err}");
    assert!(!out.exists(), "no partial output at {}", out.display());
}

#[test]
fn bad_inputs_fail_cleanly() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(d.join("blank.txt"), " \n\u{a0}\n\t\n").unwrap();
    std::fs::write(
        d.join("binary.txt"),
        b"\x7fELF\x02\x01\x01\0\0\0\0\x03\0>\0\x01\0\0\0",
    )
    .unwrap();
    std::fs::write(
        d.join("controls.txt"),
        b"abc\x01\x02\x03\x04\x05\x06def\x07\x08\x0e\x0f",
    )
    .unwrap();
    std::fs::create_dir(d.join("folder.txt")).unwrap();
    for name in [
        "empty.txt",
        "blank.txt",
        "binary.txt",
        "controls.txt",
        "folder.txt",
        "missing.txt",
    ] {
        let out = d.join("out.md");
        let o = galley(&["convert", name, "--to", "md", "-o", "out.md"], d);
        assert_clean_failure(&o, name, &out);
        let o = galley(&["check", name], d);
        assert_eq!(o.status.code(), Some(1), "{name}");
    }
}

#[test]
fn unreadable_file_fails_cleanly() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    // Root reads any file whatever its mode, so as root use a file whose
    // read fails for real (/proc/self/mem at offset 0 gives EIO).
    let is_root = std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false);
    let path = if is_root {
        "/proc/self/mem".to_string()
    } else {
        use std::os::unix::fs::PermissionsExt;
        let p = d.join("secret.txt");
        std::fs::write(&p, ARTICLE).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
        p.display().to_string()
    };
    let o = galley(&["convert", &path, "--to", "md", "-o", "out.md"], d);
    assert_clean_failure(&o, &path, &d.join("out.md"));
}

#[test]
fn several_inputs_and_formats_go_to_a_folder() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("a.txt"), ARTICLE).unwrap();
    std::fs::write(d.join("b.md"), "---\ntitle: B\n---\n\nBody *text*.\n").unwrap();
    let o = galley(
        &["convert", "a.txt", "b.md", "--to", "md,html", "-o", "out"],
        d,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["a.md", "a.html", "b.md", "b.html"] {
        assert!(d.join("out").join(f).is_file(), "{f}");
    }
    let md = std::fs::read_to_string(d.join("out/a.md")).unwrap();
    assert!(md.starts_with("---\ntitle: Harbour council approves new ferry timetable\n"));
    assert!(md.contains("authors:\n- Ana Lima\nsource: Harbour Post\n"));
    assert!(!md.contains("Storm closes") && !md.contains("Advertisement"));
    assert!(md.contains("Residents had asked for later boats for years, the council said."));
    // No temp files left behind.
    let left: Vec<_> = std::fs::read_dir(d.join("out"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 4, "{left:?}");
}

#[test]
fn one_failing_input_does_not_stop_the_others() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("a.txt"), ARTICLE).unwrap();
    let o = galley(
        &["convert", "a.txt", "nope.txt", "--to", "md", "-o", "out"],
        d,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(d.join("out/a.md").is_file());
    assert!(stderr(&o).contains("nope.txt"));
}

#[test]
fn many_inputs_report_in_input_order() {
    // Inputs are converted in parallel; messages still come in input order.
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let mut args = vec!["convert".to_string()];
    for k in 0..12 {
        if k % 3 == 0 {
            args.push(format!("missing-{k:02}.txt"));
        } else {
            std::fs::write(d.join(format!("a{k:02}.txt")), ARTICLE).unwrap();
            args.push(format!("a{k:02}.txt"));
        }
    }
    args.extend(["--to", "md,html", "-o", "out"].map(String::from));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = galley(&argv, d);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let missing: Vec<&str> = err
        .lines()
        .filter_map(|l| l.split_whitespace().find(|w| w.contains("missing-")))
        .collect();
    assert_eq!(missing.len(), 4, "{err}");
    let mut sorted = missing.clone();
    sorted.sort();
    assert_eq!(missing, sorted, "{err}");
    for k in (0..12).filter(|k| k % 3 != 0) {
        assert!(d.join(format!("out/a{k:02}.md")).is_file());
        assert!(d.join(format!("out/a{k:02}.html")).is_file());
    }
}

#[test]
fn pdf_font_warnings_follow_quiet() {
    // A character the fonts lack is a warning from the PDF backend; it goes
    // through the CLI's reporting, so --quiet silences it.
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    // A private-use character: no installed font has it, whatever the
    // machine (港口 would print where Noto CJK is installed).
    let text = format!("{ARTICLE}\n\nThe harbour sign also reads \u{10FFFD} in one character.\n");
    std::fs::write(d.join("a.txt"), text).unwrap();
    let o = galley(&["convert", "a.txt", "--to", "pdf", "-o", "out"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("have no glyphs"), "{}", stderr(&o));
    let o = galley(
        &["convert", "--quiet", "a.txt", "--to", "pdf", "-o", "out2"],
        d,
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    assert!(d.join("out2/a.pdf").is_file());
}

#[test]
fn stdin_to_stdout() {
    let t = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(["convert", "-", "--to", "html", "-o", "-"])
        .current_dir(t.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ARTICLE.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let html = String::from_utf8(o.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<h1>Harbour council approves new ferry timetable</h1>"));
}

#[test]
fn windows_1252_converts_with_a_warning() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let mut bytes = b"Caf\xe9 owners welcome new rules\n\n".to_vec();
    bytes.extend_from_slice(
        b"The owners of the caf\xe9 said the rules were \x93long overdue\x94 and fair.\n",
    );
    std::fs::write(d.join("legacy.txt"), &bytes).unwrap();
    let o = galley(
        &["convert", "legacy.txt", "--to", "md", "-o", "legacy.md"],
        d,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("warning") && err.contains("legacy.txt") && err.contains("windows-1252"),
        "{err}"
    );
    let md = std::fs::read_to_string(d.join("legacy.md")).unwrap();
    assert!(md.contains("title: Café owners welcome new rules"));
    assert!(md.contains("“long overdue”"));
}

const HOSTILE: &str = "Escaping test\n\n<script>alert(1)</script> and *stars* and _under_ here.\n\n# not a heading\n\n[x](javascript:alert(1)) & `ticks` here\n\n---\n\nTom & Jerry <b>bold</b> ![img](data:text/html,x)\n";

#[test]
fn input_text_stays_literal_and_safe() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("h.txt"), HOSTILE).unwrap();
    let o = galley(
        &[
            "convert",
            "h.txt",
            "--to",
            "md,html",
            "-o",
            "out",
            "--no",
            "delimiters",
        ],
        d,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(d.join("out/h.html")).unwrap();
    let body = &html[html.find("<div class=\"article-body\">").unwrap()..];
    assert!(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("href=\"javascript"));
    assert!(!html.to_lowercase().contains("src=\"data:"));
    assert!(body.contains("[x](javascript:alert(1)) &amp; `ticks`"));
    assert!(body.contains("<p># not a heading</p>"));
    assert!(body.contains("<p>---</p>"));
    // The Markdown re-parsed gives back the same literal text.
    let md = std::fs::read_to_string(d.join("out/h.md")).unwrap();
    let again = galley::read::read_str(&md, galley::read::Format::Markdown).into_document();
    let texts: Vec<String> = again.blocks.iter().map(galley::model::block_text).collect();
    assert_eq!(
        texts,
        [
            "<script>alert(1)</script> and *stars* and _under_ here.",
            "# not a heading",
            "[x](javascript:alert(1)) & `ticks` here",
            "---",
            "Tom & Jerry <b>bold</b> ![img](data:text/html,x)",
        ]
    );
    assert!(
        again.blocks.iter().all(
            |b| matches!(b, galley::model::Block::Paragraph { content } if content.len() == 1)
        )
    );
}

#[test]
fn markdown_links_with_unsafe_schemes_are_dropped() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("l.md"), "---\ntitle: L\n---\n\nSee [this](javascript:alert(1)) and [that](JAVASCRIPT:x) and [ok](https://example.org).\n\n![p](data:image/png;base64,AAAA)\n").unwrap();
    let o = galley(&["convert", "l.md", "--to", "md,html", "-o", "out"], d);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["out/l.md", "out/l.html"] {
        let s = std::fs::read_to_string(d.join(f)).unwrap().to_lowercase();
        assert!(!s.contains("javascript:"), "{f}: {s}");
        assert!(!s.contains("data:image"), "{f}");
        assert!(s.contains("https://example.org"), "{f}");
    }
}

#[test]
fn check_reports_removals_with_lines_and_json() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("a.txt"), ARTICLE).unwrap();
    let o = galley(&["check", "a.txt"], d);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("line    9  removed promos/read-nbsp"), "{out}");
    assert!(
        out.contains("line   11  removed boilerplate/advertisement"),
        "{out}"
    );
    let o = galley(&["check", "a.txt", "--format", "json"], d);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["meta"]["authors"][0], "Ana Lima");
    assert_eq!(v[0]["removed"], 2);
}

#[test]
fn bad_usage_exits_2() {
    let t = tempfile::tempdir().unwrap();
    let o = galley(&["convert"], t.path());
    assert_eq!(o.status.code(), Some(2));
    let o = galley(&["frobnicate"], t.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn bad_pattern_and_unknown_format_are_clear_errors() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("a.txt"), ARTICLE).unwrap();
    // Bad usage: exit code 2 and one line naming what is wrong.
    let o = galley(&["convert", "a.txt", "--remove", "(unclosed"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("(unclosed"));
    assert_eq!(stderr(&o).trim().lines().count(), 1, "{}", stderr(&o));
    let o = galley(&["convert", "a.txt", "--to", "docx"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("docx"));
    let o = galley(&["convert", "a.txt", "--no", "promoz"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--no \"promoz\": no such pass"));
    let o = galley(&["convert", "a.txt", "a.txt", "-o", "-"], d);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn keep_and_remove_patterns_apply() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("a.txt"), ARTICLE).unwrap();
    let o = galley(
        &[
            "convert",
            "a.txt",
            "--keep",
            "^Advertisement$",
            "--remove",
            "^Residents",
            "-o",
            "-",
        ],
        d,
    );
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(md.contains("\nAdvertisement\n"));
    assert!(!md.contains("Residents"));
}

#[test]
fn dates_read_the_same_in_every_format() {
    // A source date as the page wrote it: machine-readable in the HTML and
    // shown as `7 March 2025` (as the EPUB and PDF show it); the Markdown
    // keeps the source's text.
    let t = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Ferry fares rise\ndate: March 7, 2025\n---\n\nThe ferry company said fares to the outer islands will rise by a fifth in May.\n";
    std::fs::write(t.path().join("a.md"), md).unwrap();
    let o = galley(
        &["convert", "a.md", "--to", "html,md", "-o", "out"],
        t.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(t.path().join("out/a.html")).unwrap();
    assert!(
        html.contains(r#"<time datetime="2025-03-07">7 March 2025</time>"#),
        "{html}"
    );
    assert!(html.contains(r#""datePublished":"2025-03-07""#));
    let out = std::fs::read_to_string(t.path().join("out/a.md")).unwrap();
    assert!(out.contains("date: March 7, 2025"), "{out}");
}

#[test]
fn closed_stdout_stops_quietly() {
    // `galley check big.txt | head -1`: the reader goes away; galley stops
    // printing without a panic or an error.
    let t = tempfile::tempdir().unwrap();
    let mut text = String::from("Harbour council approves new ferry timetable\n\n");
    for i in 0..4000 {
        text.push_str(&format!(
            "The council met for the {i}th time and agreed on the timetable for the ferry.\n\nAdvertisement\n\n"
        ));
    }
    std::fs::write(t.path().join("big.txt"), text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(["check", "big.txt"])
        .current_dir(t.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");
}

#[test]
fn outputs_never_overwrite_inputs_or_each_other() {
    let t = tempfile::tempdir().unwrap();
    let md = "---\ntitle: Ferry fares rise\n---\n\nThe ferry company said fares will rise by a fifth in May.\n\nAdvertisement\n";
    std::fs::write(t.path().join("front.md"), md).unwrap();
    // Converting Markdown to Markdown in place would destroy the input.
    for args in [
        &["convert", "front.md", "--to", "md,html"][..],
        &["convert", "front.md", "-o", "./front.md"][..],
    ] {
        let o = galley(args, t.path());
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&o).contains("would overwrite this input"),
            "{}",
            stderr(&o)
        );
        assert_eq!(
            std::fs::read_to_string(t.path().join("front.md")).unwrap(),
            md
        );
    }
    assert!(!t.path().join("front.html").exists());
    // Two inputs with one name: refused before anything is written.
    for d in ["a", "b"] {
        std::fs::create_dir(t.path().join(d)).unwrap();
        std::fs::write(t.path().join(d).join("story.md"), md).unwrap();
    }
    let o = galley(
        &["convert", "a/story.md", "b/story.md", "-o", "out"],
        t.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("both would be written as"),
        "{}",
        stderr(&o)
    );
    assert!(!t.path().join("out").exists());
}

#[test]
fn a_page_date_is_not_repeated_in_the_body() {
    let t = tempfile::tempdir().unwrap();
    let page = r#"<!DOCTYPE html><html lang="en"><head><title>Bridge reopens</title>
<meta property="article:published_time" content="2025-01-15T09:00:00Z"></head><body><article>
<h1>Bridge reopens</h1><time datetime="2025-01-15">15 January 2025</time>
<p>The old stone bridge over the river Wend reopened to traffic on Wednesday after eight months of repairs.</p>
<p>Engineers replaced three of the arches and strengthened the foundations, which floods had damaged.</p>
<p>The council said weight limits would stay until a final inspection in the spring, 15 January 2025 or later.</p>
</article></body></html>"#;
    std::fs::write(t.path().join("page.html"), page).unwrap();
    let o = galley(&["convert", "page.html", "--to", "md"], t.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let md = String::from_utf8(o.stdout).unwrap();
    assert!(md.contains("date: 2025-01-15"), "{md}");
    assert!(!md.contains("\n15 January 2025\n"), "{md}");
    // A sentence that mentions the date stays.
    assert!(md.contains("spring, 15 January 2025 or later."), "{md}");
}

/// `galley completions SHELL` prints a script that names the commands and
/// options; an unknown shell is a usage error.
#[test]
fn completions_for_every_shell() {
    let t = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef galley"),
        ("fish", "complete -c galley"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let o = galley(&["completions", shell], t.path());
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains(marker), "{shell}: no {marker:?}");
        assert!(
            out.contains("convert") && out.contains("--dest-dir"),
            "{shell}"
        );
    }
    let o = galley(&["completions", "tcsh"], t.path());
    assert_eq!(o.status.code(), Some(2));
}

/// `galley manpage DIR` writes roff pages for galley and every command.
#[test]
fn man_pages_for_every_command() {
    let t = tempfile::tempdir().unwrap();
    let o = galley(&["manpage", "man"], t.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for page in [
        "galley",
        "galley-convert",
        "galley-build",
        "galley-check",
        "galley-theme-export",
    ] {
        let text = std::fs::read_to_string(t.path().join(format!("man/{page}.1"))).unwrap();
        assert!(
            text.starts_with(".ie") || text.contains(".TH"),
            "{page}: not roff"
        );
        assert!(
            text.contains(&page.to_uppercase().replace('-', "\\-")) || text.contains(page),
            "{page}"
        );
    }
    let build = std::fs::read_to_string(t.path().join("man/galley-build.1")).unwrap();
    assert!(build.contains("dest"), "build's page lists --dest");
}

/// `--color`: warnings are coloured with `always`, plain with `never`, and
/// `auto` (the default) is plain into a pipe and with NO_COLOR.
#[test]
fn colour_follows_color_and_no_color() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("a.txt"), ARTICLE).unwrap();
    let run = |extra: &[&str], no_color: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_galley"));
        c.args(["check", "a.txt", "--keep", "("])
            .args(extra)
            .current_dir(d);
        if no_color {
            c.env("NO_COLOR", "1");
        } else {
            c.env_remove("NO_COLOR");
        }
        c.output().expect("galley runs")
    };
    let always = run(&["--color", "always"], true);
    assert!(
        stderr(&always).contains("\x1b[1;31merror:\x1b[0m"),
        "{}",
        stderr(&always)
    );
    let never = run(&["--color", "never"], false);
    assert!(!stderr(&never).contains('\x1b') && stderr(&never).contains("error:"));
    let auto = run(&[], false);
    assert!(!stderr(&auto).contains('\x1b'), "a pipe is not a terminal");
    // The check summary on stdout: coloured actions with `always`.
    let ok = Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(["check", "a.txt", "--color", "always"])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&ok.stdout).contains("\x1b[31mremoved"));
}

/// `galley build -d DIR` and `--dest-dir DIR` (mdBook's spelling) are
/// `--dest DIR`.
#[test]
fn dest_dir_spellings() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::create_dir(d.join("articles")).unwrap();
    std::fs::write(d.join("articles/a.txt"), ARTICLE).unwrap();
    std::fs::write(
        d.join("book.toml"),
        "[book]\ntitle = \"T\"\nsrc = \"articles\"\n[output.markdown]\n",
    )
    .unwrap();
    for (flag, dir) in [("-d", "out1"), ("--dest-dir", "out2"), ("--dest", "out3")] {
        let o = galley(&["build", "-q", flag, dir], d);
        assert_eq!(o.status.code(), Some(0), "{flag}: {}", stderr(&o));
        assert!(d.join(dir).is_dir(), "{flag}");
    }
    // The book.toml itself names its folder (as for serve and watch).
    std::fs::create_dir(d.join("up")).unwrap();
    let o = galley(
        &["build", "-q", "-d", "../out4", "../book.toml"],
        &d.join("up"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(d.join("out4").is_dir());
}

/// `GALLEY_BOOK__TITLE` sets `[book] title` (the EPUB's name and the HTML
/// title change); a misspelt key in a variable fails with exit code 1 and
/// names the variable and the key meant.
#[test]
fn environment_variables_set_book_toml_keys() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::create_dir(d.join("articles")).unwrap();
    std::fs::write(d.join("articles/a.txt"), ARTICLE).unwrap();
    std::fs::write(
        d.join("book.toml"),
        "[book]\ntitle = \"From File\"\nsrc = \"articles\"\n[output.html]\n",
    )
    .unwrap();
    let run = |vars: &[(&str, &str)], dest: &str| {
        Command::new(env!("CARGO_BIN_EXE_galley"))
            .args(["build", "-q", "-d", dest])
            .envs(vars.iter().copied())
            .current_dir(d)
            .output()
            .unwrap()
    };
    let o = run(
        &[
            ("GALLEY_BOOK__TITLE", "Title From Env"),
            ("GALLEY_OUTPUT__EPUB", "{}"),
        ],
        "out",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let index = std::fs::read_to_string(d.join("out/html/index.html")).unwrap();
    assert!(index.contains("<title>Title From Env"), "{index}");
    assert!(d.join("out/title-from-env.epub").is_file());

    let o = run(&[("GALLEY_BOOK__TITEL", "Typo")], "bad");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("GALLEY_BOOK__TITEL: unknown key `titel` in [book]; did you mean `title`?"),
        "{}",
        stderr(&o)
    );
    assert!(!d.join("bad").exists());
}

/// A JSON-LD headline with HTML entities (`&#8217;`, `&ldquo;`) reaches the
/// page's `<title>` and `<h1>` decoded.
#[test]
fn jsonld_entities_reach_the_title_decoded() {
    let t = tempfile::tempdir().unwrap();
    let page = r#"<!DOCTYPE html><html lang="en"><head>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Council&#8217;s &ldquo;plan&rdquo; &amp; more","datePublished":"2025-01-15"}</script>
</head><body><article>
<p>The harbour council published its plan for the waterfront on Tuesday after a year of consultations.</p>
<p>Residents will be able to comment on the proposals until the end of March, the council said.</p>
<p>A final vote on the plan is expected in the summer, after the comments have been read.</p>
</article></body></html>"#;
    std::fs::write(t.path().join("page.html"), page).unwrap();
    let o = galley(
        &["convert", "page.html", "--to", "html", "-o", "-"],
        t.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = String::from_utf8(o.stdout).unwrap();
    let want = "Council\u{2019}s \u{201c}plan\u{201d} &amp; more";
    assert!(html.contains(&format!("<title>{want}")), "{html}");
    assert!(html.contains(&format!(">{want}</h1>")), "{html}");
    assert!(!html.contains("#8217"), "{html}");
}
