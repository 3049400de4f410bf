//! Library use: scraped text in, clean Markdown and the Report out.
//!
//! `cargo run --example normalize_one -- article.txt`

use galley::normalize::{Action, Normalizer};
use galley::read::Format;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: normalize_one FILE")?;
    let normalizer = Normalizer::default_config();
    let converted = galley::convert_file(path.as_ref(), Some(Format::Text), &normalizer)?;
    print!("{}", galley::render::markdown::document(&converted.doc)?);
    for f in converted.report.sorted() {
        if f.action != Action::Rewritten {
            eprintln!(
                "line {}: {:?} by {}/{}: {}",
                f.line, f.action, f.pass, f.rule, f.text
            );
        }
    }
    Ok(())
}
