//! whatlang vs lingua on short news text in the 22 languages of issue 13:
//! accuracy on single sentences and on three-sentence paragraphs, and
//! speed in MB/s over the same text. Sizes: build with one feature at a
//! time (see Cargo.toml).

#[cfg(any(feature = "whatlang", feature = "lingua"))]
use std::time::Instant;

#[cfg(any(feature = "whatlang", feature = "lingua"))]
const SENTENCES: &str = include_str!("../../../tests/fixtures/lang/sentences.tsv");

#[cfg(any(feature = "whatlang", feature = "lingua"))]
fn corpus() -> Vec<(String, String)> {
    SENTENCES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Paragraphs of three consecutive sentences of one language.
#[cfg(any(feature = "whatlang", feature = "lingua"))]
fn paragraphs(c: &[(String, String)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for w in c.windows(3) {
        if w[0].0 == w[2].0 {
            let text = w.iter().map(|x| x.1.as_str()).collect::<Vec<_>>().join(" ");
            out.push((w[0].0.clone(), text));
        }
    }
    out
}

#[cfg(any(feature = "whatlang", feature = "lingua"))]
fn score(name: &str, items: &[(String, String)], detect: &dyn Fn(&str) -> Option<String>) {
    let mut right = 0;
    let mut none = 0;
    let mut wrong = Vec::new();
    for (lang, text) in items {
        match detect(text) {
            Some(l) if l == *lang => right += 1,
            None => none += 1,
            Some(l) => wrong.push(format!("{lang}->{l}")),
        }
    }
    println!(
        "  {name:<28} {right:>3}/{} right ({:.1}%), {none} none, {} wrong {:?}",
        items.len(),
        100.0 * right as f64 / items.len() as f64,
        wrong.len(),
        wrong
    );
}

#[cfg(any(feature = "whatlang", feature = "lingua"))]
fn speed(name: &str, items: &[(String, String)], detect: &dyn Fn(&str) -> Option<String>) {
    let bytes: usize = items.iter().map(|(_, t)| t.len()).sum();
    // Warm up (lingua loads its models lazily).
    for (_, t) in items {
        std::hint::black_box(detect(t));
    }
    let rounds = 20;
    let t0 = Instant::now();
    for _ in 0..rounds {
        for (_, t) in items {
            std::hint::black_box(detect(t));
        }
    }
    let s = t0.elapsed().as_secs_f64();
    let kb = (bytes * rounds) as f64 / 1000.0;
    println!(
        "  {name:<28} {:.2} MB/s, {:.1} µs per kB",
        kb / 1000.0 / s,
        s * 1e6 / kb
    );
}

#[cfg(feature = "whatlang")]
fn whatlang_tag(l: whatlang::Lang) -> String {
    match l.code() {
        "eng" => "en", "fra" => "fr", "deu" => "de", "spa" => "es", "ita" => "it",
        "por" => "pt", "nld" => "nl", "swe" => "sv", "pol" => "pl", "ces" => "cs",
        "rus" => "ru", "ukr" => "uk", "tur" => "tr", "ara" => "ar", "heb" => "he",
        "pes" => "fa", "hin" => "hi", "cmn" => "zh", "jpn" => "ja", "kor" => "ko",
        "ind" => "id", "vie" => "vi", other => other,
    }
    .to_string()
}

fn main() {
    #[cfg(any(feature = "whatlang", feature = "lingua"))]
    {
        let c = corpus();
        let p = paragraphs(&c);
        println!("{} sentences, {} three-sentence paragraphs", c.len(), p.len());
        let mut detectors: Vec<(&str, Box<dyn Fn(&str) -> Option<String>>)> = Vec::new();
        #[cfg(feature = "whatlang")]
        {
            detectors.push((
                "whatlang (all 69)",
                Box::new(|t: &str| whatlang::detect(t).map(|i| whatlang_tag(i.lang()))),
            ));
            let ours: Vec<whatlang::Lang> = whatlang::Lang::all()
                .iter()
                .copied()
                .filter(|l| whatlang_tag(*l).len() == 2)
                .collect();
            let d = whatlang::Detector::with_allowlist(ours);
            detectors.push((
                "whatlang (the 22)",
                Box::new(move |t: &str| d.detect(t).map(|i| whatlang_tag(i.lang()))),
            ));
        }
        #[cfg(feature = "lingua")]
        {
            use lingua::Language::*;
            let langs = [
                English, French, German, Spanish, Italian, Portuguese, Dutch, Swedish, Polish,
                Czech, Russian, Ukrainian, Turkish, Arabic, Hebrew, Persian, Hindi, Chinese,
                Japanese, Korean, Indonesian, Vietnamese,
            ];
            let t0 = Instant::now();
            let d = lingua::LanguageDetectorBuilder::from_languages(&langs)
                .with_preloaded_language_models()
                .build();
            println!("  lingua: models loaded in {:.2} s", t0.elapsed().as_secs_f64());
            detectors.push((
                "lingua (the 22, high acc.)",
                Box::new(move |t: &str| {
                    d.detect_language_of(t)
                        .map(|l| l.iso_code_639_1().to_string())
                }),
            ));
            let d = lingua::LanguageDetectorBuilder::from_languages(&langs)
                .with_low_accuracy_mode()
                .build();
            detectors.push((
                "lingua (the 22, low acc.)",
                Box::new(move |t: &str| {
                    d.detect_language_of(t)
                        .map(|l| l.iso_code_639_1().to_string())
                }),
            ));
        }
        println!("single sentences:");
        for (n, d) in &detectors {
            score(n, &c, d.as_ref());
        }
        println!("three-sentence paragraphs:");
        for (n, d) in &detectors {
            score(n, &p, d.as_ref());
        }
        println!("speed (paragraphs):");
        for (n, d) in &detectors {
            speed(n, &p, d.as_ref());
        }
        // galley's sample: up to 3 kB of one article (its languages' five
        // sentences repeated); the cost per call, as galley pays it.
        println!("per call on a 3 kB and a 600-byte sample of each language:");
        let mut samples: Vec<(usize, String)> = Vec::new();
        for size in [3000usize, 600] {
            for lang in c.iter().map(|x| x.0.clone()).collect::<std::collections::BTreeSet<_>>() {
                let mut s = String::new();
                while s.len() < size {
                    for (_, t) in c.iter().filter(|x| x.0 == lang) {
                        s.push_str(t);
                        s.push(' ');
                    }
                }
                let mut end = size.min(s.len());
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                s.truncate(end);
                samples.push((size, s));
            }
        }
        for (n, d) in &detectors {
            for size in [3000usize, 600] {
                let texts: Vec<&String> = samples.iter().filter(|x| x.0 == size).map(|x| &x.1).collect();
                let rounds = 10;
                let t0 = Instant::now();
                for _ in 0..rounds {
                    for t in &texts {
                        std::hint::black_box(d(t));
                    }
                }
                let us = t0.elapsed().as_secs_f64() * 1e6 / (rounds * texts.len()) as f64;
                println!("  {n:<28} {size:>5} B: {us:.0} µs per call");
            }
        }
    }
    #[cfg(not(any(feature = "whatlang", feature = "lingua")))]
    println!("baseline: no detector");
}
