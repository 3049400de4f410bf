//! Passes propose, one applier decides: nothing in the draft changes without
//! a finding (property test over random drafts), and every pass of the
//! registry can be switched off alone.

use galley::model::{Block, Inline, Meta, block_text};
use galley::normalize::{Action, NormalizeConfig, Normalizer, REGISTRY, Report};
use galley::read::{Draft, Format, Item, read_str};
use proptest::prelude::*;
use std::collections::HashMap;

/// Lines in the shapes the passes look for: prose, headlines, menus, promos,
/// bylines, dates, credits, Reply buttons, slide counters, scores, repeats.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("The council met on Tuesday and agreed to widen the harbour road, which floods every spring.".to_string()),
        Just("Residents said the new schedule would help, though some asked for more seats on the boats.".to_string()),
        Just("It will cost more than planned, the council said in a statement issued after the vote.".to_string()),
        Just("Harbour road to be widened".to_string()),
        Just("Home".to_string()),
        Just("News".to_string()),
        Just("Sport".to_string()),
        Just("Menu".to_string()),
        Just("Facebook".to_string()),
        Just("Share this article".to_string()),
        Just("Advertisement".to_string()),
        Just("Read more: Ferry fares rise again".to_string()),
        Just("Sign up for our newsletter".to_string()),
        Just("By Ana Lima, Coast Gazette".to_string()),
        Just("April 2, 2024".to_string()),
        Just("Reporting by Ana Lima; Editing by Tom Berg".to_string()),
        Just("Credit: STR/AFP".to_string()),
        Just("Reply".to_string()),
        Just("March 3, 2024 at 10:15 am".to_string()),
        Just("1/6 Harbour crane arrives".to_string()),
        Just("2/6 The crane at dawn".to_string()),
        Just("3/6 Workers at the quay".to_string()),
        Just("4/6 Night shift".to_string()),
        Just("Melbourne d. Cocoa 8-0".to_string()),
        Just("* * *".to_string()),
        Just("-----".to_string()),
        Just("Caf\u{e9} owners reacted with \u{c3}\u{a2}\u{e2}\u{201a}\u{ac}\u{cb}\u{153}relief\u{c3}\u{a2}\u{e2}\u{201a}\u{ac}\u{e2}\u{201e}\u{a2}.".to_string()),
        Just("Tabs\tand  double  spaces \u{200b}inside.".to_string()),
        Just("\u{200b}".to_string()),
        "[A-Z][a-z]{2,8}( [a-z]{2,8}){0,12}[.]?",
    ]
}

fn block(text: String, heading: bool, list: bool) -> Block {
    if list {
        return Block::List {
            ordered: false,
            items: text
                .split(' ')
                .map(|w| vec![Block::para(w.to_string())])
                .collect(),
        };
    }
    let content = vec![Inline::Text { text }];
    if heading {
        Block::Heading { level: 2, content }
    } else {
        Block::Paragraph { content }
    }
}

fn draft() -> impl Strategy<Value = Draft> {
    (
        prop::collection::vec((line(), 0u8..10), 0..40),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(Just(
            "Harbour road to be widened - Coast Gazette".to_string(),
        )),
    )
        .prop_map(|(lines, plain, authored, title)| {
            let mut meta = Meta::default();
            meta.title = title;
            let items = lines
                .into_iter()
                .enumerate()
                .map(|(k, (t, shape))| Item::new(block(t, shape == 0, shape == 1), 2 * k + 1))
                .collect();
            let mut draft = Draft::new(meta, items);
            draft.plain = plain;
            draft.authored = authored;
            draft
        })
}

/// Checks that every change from `before` to `after` has a finding.
fn every_change_has_a_finding(before: &Draft, after: &Draft, report: &Report) {
    let at = |line: usize, actions: &[Action]| {
        report
            .findings
            .iter()
            .any(|f| f.line == line && actions.contains(&f.action))
    };
    let out: HashMap<usize, &Block> = after.items.iter().map(|i| (i.line, &i.block)).collect();
    for item in &before.items {
        let visible = !block_text(&item.block).trim().is_empty();
        match out.get(&item.line) {
            None => assert!(
                !visible || at(item.line, &[Action::Removed, Action::Lifted]),
                "line {} removed without a finding: {:?}",
                item.line,
                item.block
            ),
            Some(b) if **b != item.block => assert!(
                at(item.line, &[Action::Rewritten, Action::Removed]),
                "line {} changed without a finding: {:?} -> {:?}",
                item.line,
                item.block,
                b
            ),
            Some(_) => {}
        }
    }
    // Nothing appears that was not there.
    let lines: Vec<usize> = before.items.iter().map(|i| i.line).collect();
    assert!(after.items.iter().all(|i| lines.contains(&i.line)));
    if after.meta != before.meta {
        assert!(
            report.findings.iter().any(|f| matches!(
                f.action,
                Action::Lifted | Action::Noted | Action::Removed | Action::Rewritten
            )),
            "metadata changed without a finding"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn nothing_changes_without_a_finding(d in draft(), blocks in any::<bool>(), keep in any::<bool>()) {
        let mut cfg = NormalizeConfig { blocks, ..NormalizeConfig::default() };
        if keep {
            cfg.keep.push("(?i)harbour".to_string());
        }
        let n = Normalizer::new(cfg).unwrap();
        let (after, report) = n.run_draft(d.clone());
        every_change_has_a_finding(&d, &after, &report);
        if keep {
            // A protected block is never removed (lifts move text, they
            // don't lose it).
            for f in &report.findings {
                if f.action == Action::Removed && !f.rule.starts_with("title-repeat") {
                    prop_assert!(!f.text.to_lowercase().contains("harbour"), "{f:?}");
                }
            }
        }
    }
}

/// Article text in which every pass of the registry finds something.
fn fixtures() -> Vec<(String, Format)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/normalize");
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if let Ok(t) = std::fs::read_to_string(e.path().join("input.txt")) {
            out.push((t, Format::Text));
        }
        if let Ok(t) = std::fs::read_to_string(e.path().join("input.md")) {
            out.push((t, Format::Markdown));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn each_pass_switches_off_alone_and_each_finds_something() {
    let inputs = fixtures();
    assert!(inputs.len() >= 10);
    for spec in REGISTRY {
        // On (blocks is off by default): the fixtures exercise the pass.
        let mut on = NormalizeConfig::default();
        on.set_pass(spec.name, true).unwrap();
        let n = Normalizer::new(on).unwrap();
        let found = inputs.iter().any(|(t, f)| {
            let (_, r) = n.run(read_str(t, *f));
            r.findings
                .iter()
                .any(|x| x.pass == spec.name && x.action != Action::Flagged)
        });
        assert!(found, "no fixture exercises pass {}", spec.name);
        // Off: no finding of it, and the other passes still run.
        let mut off = NormalizeConfig::default();
        off.set_pass(spec.name, false).unwrap();
        let n = Normalizer::new(off).unwrap();
        let mut others = 0;
        for (t, f) in &inputs {
            let (_, r) = n.run(read_str(t, *f));
            assert!(
                r.findings.iter().all(|x| x.pass != spec.name),
                "pass {} is off but reported",
                spec.name
            );
            others += r.findings.len();
        }
        assert!(others > 0);
    }
}

#[test]
fn group_switches_and_config_keys() {
    let cfg: NormalizeConfig = toml::from_str("tail-run = false\ncontext = true").unwrap();
    assert!(!cfg.is_on("tail-run") && cfg.is_on("head-run"));
    let cfg: NormalizeConfig = toml::from_str("context = false").unwrap();
    for name in [
        "head-chrome",
        "comment-thread",
        "gallery",
        "tail-run",
        "tail-blurbs",
        "head-run",
    ] {
        assert!(!cfg.is_on(name), "{name}");
    }
    assert!(cfg.is_on("structure") && cfg.is_on("dedupe"));
    let cfg: NormalizeConfig = toml::from_str("repair = false").unwrap();
    assert!(!cfg.is_on("mojibake") && !cfg.is_on("whitespace"));
    assert!(toml::from_str::<NormalizeConfig>("tail_run = false").is_err());
    assert!(NormalizeConfig::default().set_pass("nope", false).is_err());
    // `--no context --with tail-run`: tail-run alone of its group.
    let mut cfg = NormalizeConfig::default();
    cfg.set_pass("context", false).unwrap();
    cfg.set_pass("tail-run", true).unwrap();
    assert!(cfg.is_on("tail-run") && !cfg.is_on("head-run") && !cfg.is_on("comment-thread"));
    // The default switches come from the registry.
    let d = NormalizeConfig::default();
    for s in REGISTRY {
        assert_eq!(d.is_on(s.name), s.on_by_default, "{}", s.name);
    }
}
