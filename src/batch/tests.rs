use super::*;
use proptest::prelude::*;
use serde_json::Value;

fn opts(formats: &[&str]) -> BatchOptions {
    BatchOptions {
        formats: formats.iter().filter_map(|f| formats::find(f)).collect(),
        jobs: 2,
        window: 3,
        ..BatchOptions::default()
    }
}

fn run_str(input: &[u8], o: &BatchOptions) -> (Vec<Value>, Summary) {
    let mut src = LineSource::new(input, 1 << 20);
    let mut out = Vec::new();
    let s = run(&mut src, &mut out, o, &Normalizer::default_config(), None).unwrap();
    let text = String::from_utf8(out).unwrap();
    let records = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (records, s)
}

const ARTICLE: &str = "Harbour ferry fares rise\n\nBy Ana Lima\n\nThe harbour board raised ferry fares on Monday after a long meeting.\n\nAdvertisement\n\nCommuters said the rise was steep, and the board promised a review in spring.\n";

#[test]
fn records_come_back_in_order_with_their_ids_and_reports() {
    let mut input = String::new();
    for i in 0..7 {
        let rec = serde_json::json!({"id": format!("a{i}"), "text": ARTICLE, "url": "https://example.org/x"});
        input.push_str(&rec.to_string());
        input.push('\n');
    }
    input.push_str("{\"id\": \"h\", \"html\": \"<html><head><title>Pier</title></head><body><article><h1>Pier opens</h1><p>The new pier opened to walkers on Sunday morning, after two years of building work by the town.</p></article></body></html>\"}\n");
    let (recs, s) = run_str(input.as_bytes(), &opts(&["markdown", "txt"]));
    assert_eq!(
        s,
        Summary {
            records: 8,
            failed: 0,
            closed: false
        }
    );
    for (i, r) in recs.iter().take(7).enumerate() {
        assert_eq!(r["id"], format!("a{i}"));
        assert_eq!(r["meta"]["title"], "Harbour ferry fares rise");
        assert_eq!(r["meta"]["url"], "https://example.org/x");
        assert_eq!(r["report"]["removed"], 1, "{r}");
        assert!(r["report"].get("findings").is_none());
        let md = r["markdown"].as_str().unwrap();
        assert!(
            md.contains("The harbour board raised") && !md.contains("Advertisement"),
            "{md}"
        );
        assert!(r["txt"].as_str().unwrap().contains("Commuters said"));
        assert!(r.get("html").is_none());
    }
    assert_eq!(recs[7]["id"], "h");
    assert!(
        recs[7]["markdown"]
            .as_str()
            .unwrap()
            .contains("new pier opened")
    );
    // The keys of a record, in the issue's order.
    let line = serde_json::to_string(&recs[0]).unwrap();
    assert!(line.starts_with("{\"id\""), "{line}");
}

#[test]
fn stated_metadata_wins_and_findings_are_there_on_request() {
    let rec = serde_json::json!({
        "id": 3, "text": ARTICLE, "title": "Fares up", "authors": ["B. Ames"],
        "date": "2025-03-14", "language": "en", "source": "Harbour Post"
    });
    let mut o = opts(&["html"]);
    o.findings = true;
    let (recs, _) = run_str(format!("{rec}\n").as_bytes(), &o);
    let r = &recs[0];
    assert_eq!(r["id"], 3);
    assert_eq!(r["meta"]["title"], "Fares up");
    assert_eq!(r["meta"]["authors"], serde_json::json!(["B. Ames"]));
    assert_eq!(r["meta"]["source"], "Harbour Post");
    assert_eq!(r["meta"]["date"], "2025-03-14");
    assert!(r["html"].as_str().unwrap().contains("<html"));
    let findings = r["report"]["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["pass"] == "boilerplate"),
        "{findings:?}"
    );
}

#[test]
fn broken_lines_are_error_records_and_the_stream_goes_on() {
    let good = serde_json::json!({"id": "ok", "text": ARTICLE}).to_string();
    let mut input = Vec::new();
    for line in [
        good.as_bytes(),
        b"\x00\x01\x02\xff\xfe binary",
        b"{not json",
        br#"{"id": "no-text", "url": "x"}"#,
        br#"{"id": "empty", "text": ""}"#,
        b"",
        good.as_bytes(),
    ] {
        input.extend_from_slice(line);
        input.push(b'\n');
    }
    // A line over the limit (1 MB here): skipped, never held.
    input.extend(std::iter::repeat_n(b'x', (1 << 20) + 10));
    input.push(b'\n');
    input.extend_from_slice(good.as_bytes());
    let (recs, s) = run_str(&input, &opts(&["markdown"]));
    assert_eq!((s.records, s.failed), (9, 6));
    let errors: Vec<(u64, &str)> = recs
        .iter()
        .filter(|r| r.get("error").is_some())
        .map(|r| (r["line"].as_u64().unwrap(), r["error"].as_str().unwrap()))
        .collect();
    let lines: Vec<u64> = errors.iter().map(|e| e.0).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 8]);
    assert!(errors[0].1.contains("not UTF-8"));
    assert!(errors[1].1.contains("not JSON"));
    assert!(errors[2].1.contains("no article"));
    assert!(errors[3].1.contains("is empty"));
    assert!(errors[5].1.contains("over the limit"));
    assert_eq!(recs[3]["id"], "no-text");
    assert!(recs[1].get("id").is_none());
    for i in [0, 6, 8] {
        assert_eq!(recs[i]["id"], "ok");
    }
}

#[test]
fn one_job_and_many_jobs_give_the_same_bytes() {
    let mut input = String::new();
    for i in 0..20 {
        let text = ARTICLE.replace("Monday", &format!("day {i}"));
        input.push_str(&serde_json::json!({"id": i, "text": text}).to_string());
        input.push('\n');
    }
    let run_with = |jobs: usize, window: usize| {
        let o = BatchOptions {
            jobs,
            window,
            ..opts(&["markdown", "html"])
        };
        let mut out = Vec::new();
        let mut src = LineSource::new(input.as_bytes(), 1 << 20);
        run(&mut src, &mut out, &o, &Normalizer::default_config(), None).unwrap();
        out
    };
    let one = run_with(1, 1);
    assert_eq!(one, run_with(2, 7));
    assert_eq!(one, run_with(0, 256));
}

#[test]
fn to_dir_writes_files_and_never_overwrites_a_file_galley_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    std::fs::write(out_dir.join("mine.md"), "the user's own notes").unwrap();
    let input = [
        serde_json::json!({"id": "a", "text": ARTICLE}),
        serde_json::json!({"id": "mine", "text": ARTICLE}),
        serde_json::json!({"id": "../escape", "text": ARTICLE}),
        serde_json::json!({"id": "a", "text": ARTICLE}),
        serde_json::json!({"text": ARTICLE}),
    ]
    .map(|v| v.to_string())
    .join("\n");
    let go = || {
        let mut sink = DirSink::open(&out_dir, &|_| {}).unwrap();
        let mut src = LineSource::new(input.as_bytes(), 1 << 20);
        let mut out = Vec::new();
        let s = run(
            &mut src,
            &mut out,
            &opts(&["markdown"]),
            &Normalizer::default_config(),
            Some(&mut sink),
        )
        .unwrap();
        (s, String::from_utf8(out).unwrap())
    };
    let (s, text) = go();
    assert_eq!((s.records, s.failed), (5, 4), "{text}");
    let recs: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs[0]["files"], serde_json::json!(["a.md"]));
    assert!(recs[0].get("markdown").is_none());
    assert!(
        recs[1]["error"]
            .as_str()
            .unwrap()
            .contains("galley did not write it")
    );
    assert!(
        recs[2]["error"]
            .as_str()
            .unwrap()
            .contains("cannot be a file name")
    );
    assert!(recs[3]["error"].as_str().unwrap().contains("repeated id"));
    assert!(
        recs[4]["error"]
            .as_str()
            .unwrap()
            .contains("needs an \"id\"")
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join("mine.md")).unwrap(),
        "the user's own notes"
    );
    assert!(
        std::fs::read_to_string(out_dir.join("a.md"))
            .unwrap()
            .contains("harbour board")
    );
    assert!(!dir.path().join("escape.md").exists());
    // A second run replaces galley's own file, and still not the user's.
    let (s, _) = go();
    assert_eq!((s.records, s.failed), (5, 4));
}

#[test]
fn from_dir_reads_each_article_file_as_a_record() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.txt"), ARTICLE).unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "---\ntitle: Pier\n---\n\nThe pier opened.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("c.txt"), "").unwrap();
    std::fs::write(dir.path().join("notes.json"), "{}").unwrap();
    let mut src = DirSource::new(dir.path()).unwrap();
    let mut out = Vec::new();
    let s = run(
        &mut src,
        &mut out,
        &opts(&["markdown"]),
        &Normalizer::default_config(),
        None,
    )
    .unwrap();
    assert_eq!((s.records, s.failed), (3, 1));
    let recs: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs[0]["id"], "a");
    assert_eq!(recs[0]["meta"]["title"], "Pier");
    assert_eq!(recs[1]["id"], "b");
    assert_eq!(
        (recs[2]["id"].as_str(), recs[2]["line"].as_u64()),
        (Some("c"), Some(3))
    );
}

/// A line of the property test: an article, or something broken.
fn arb_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        ("[a-z]{1,8}", "[A-Za-z ,.]{0,200}").prop_map(|(id, text)| {
            serde_json::json!({"id": id, "text": text})
                .to_string()
                .into_bytes()
        }),
        ("[a-z]{1,8}", "[A-Za-z <>/p]{0,200}").prop_map(|(id, html)| {
            serde_json::json!({"id": id, "html": html})
                .to_string()
                .into_bytes()
        }),
        // Arbitrary bytes, without a newline (a line).
        proptest::collection::vec(
            any::<u8>().prop_filter("no newline", |b| *b != b'\n'),
            0..60
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn one_record_per_line_in_order_ids_kept(lines in proptest::collection::vec(arb_line(), 0..12)) {
        let mut input = Vec::new();
        for l in &lines {
            input.extend_from_slice(l);
            input.push(b'\n');
        }
        let (recs, s) = run_str(&input, &opts(&["markdown"]));
        prop_assert_eq!(recs.len(), lines.len());
        prop_assert_eq!(s.records as usize, lines.len());
        for (i, (r, l)) in recs.iter().zip(&lines).enumerate() {
            let given: Option<Value> = serde_json::from_slice::<Value>(l)
                .ok()
                .and_then(|v| v.get("id").cloned());
            if let Some(id) = given {
                prop_assert_eq!(&r["id"], &id);
            }
            if r.get("error").is_some() {
                prop_assert_eq!(r["line"].as_u64(), Some(i as u64 + 1));
            } else {
                prop_assert!(r.get("markdown").is_some());
            }
        }
    }
}
