use super::*;
use crate::model::{Item, Meta};

const SENTENCES: &str = include_str!("../../../tests/fixtures/lang/sentences.tsv");

fn corpus() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for line in SENTENCES.lines().filter(|l| !l.starts_with('#')) {
        let Some((lang, text)) = line.split_once('\t') else {
            continue;
        };
        match out.last_mut() {
            Some((l, v)) if *l == lang => v.push(text),
            _ => out.push((lang, vec![text])),
        }
    }
    out
}

fn primary(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

#[test]
fn every_language_of_the_corpus_is_detected_from_a_paragraph() {
    let corpus = corpus();
    assert_eq!(corpus.len(), 22, "22 languages in the corpus");
    for (lang, sentences) in &corpus {
        assert_eq!(sentences.len(), 5, "{lang}");
        let paragraph = sentences.join(" ");
        let (got, source) = detect(&paragraph);
        assert_eq!(got.as_deref().map(primary), Some(*lang), "{lang}: {source}");
        assert!(
            matches!(source, LanguageSource::Detected { confidence } if confidence >= 30),
            "{lang}: {source}"
        );
    }
}

#[test]
fn single_sentences_are_mostly_right_and_never_wrong_with_confidence() {
    let (mut right, mut declined, mut wrong) = (0, 0, Vec::new());
    for (lang, sentences) in corpus() {
        for s in sentences {
            match detect(s) {
                (Some(t), _) if primary(&t) == lang => right += 1,
                (None, src) => {
                    println!("declined {lang}: {src}: {s}");
                    declined += 1
                }
                (Some(t), src) => wrong.push(format!("{lang} read as {t} ({src}): {s}")),
            }
        }
    }
    println!(
        "single sentences: {right} right, {declined} declined, {} wrong",
        wrong.len()
    );
    // One short sentence each: the close pairs (es/pt, cs/pl) may be
    // confused now and then; most are right.
    assert!(right >= 100, "{right} right; wrong: {wrong:#?}");
    assert!(wrong.len() <= 3, "{wrong:#?}");
}

#[test]
fn tiny_inputs_stay_undetermined() {
    for t in ["", "OK", "Hi there", "12 345 678", "Ja.", "Paris, 2025"] {
        let (got, source) = detect(t);
        assert_eq!(got, None, "{t:?}");
        assert!(
            matches!(
                source,
                LanguageSource::Undetermined(Undetermined::TooShort { .. })
            ),
            "{t:?}: {source}"
        );
    }
    // A short run in a script only one language writes is enough.
    assert_eq!(detect("대통령이 오늘 발표했다").0.as_deref(), Some("ko"));
}

#[test]
fn chinese_script_variants() {
    assert_eq!(
        detect("市议会星期二批准了渡轮的新时刻表。部长说，与工会的谈判将于下周恢复。这个问题还没有结论。").0.as_deref(),
        Some("zh-Hans")
    );
    assert_eq!(
        detect("市議會星期二批准了渡輪的新時刻表。部長說，與工會的談判將於下週恢復。這個問題還沒有結論。").0.as_deref(),
        Some("zh-Hant")
    );
    assert_eq!(chinese_script("天气"), None);
}

#[test]
fn a_declared_language_is_kept_and_the_sample_is_bounded() {
    let long = "Der Stadtrat hat am Dienstag den neuen Fahrplan beschlossen. ".repeat(500);
    let mut d = Draft::new(
        Meta {
            language: Some("fr".into()),
            language_source: Some(LanguageSource::FrontMatter),
            ..Meta::default()
        },
        vec![Item::new(Block::para(long.clone()), 1)],
    );
    settle(&mut d);
    assert_eq!(d.meta.language.as_deref(), Some("fr"));
    assert_eq!(d.meta.language_source, Some(LanguageSource::FrontMatter));
    d.meta.language = None;
    assert!(sample(&d).len() <= SAMPLE_BYTES);
    settle(&mut d);
    assert_eq!(d.meta.language.as_deref(), Some("de"));
    assert!(matches!(
        d.meta.language_source,
        Some(LanguageSource::Detected { .. })
    ));
}
