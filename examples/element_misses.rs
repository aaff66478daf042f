//! Developer tool for tuning the lexicon: element-level precision, recall and F1 of
//! the analyser on a labeled file, and the cases it gets wrong for one element.
//!
//! Tune on the training data only (`data/cases.csv`); the validation file must stay unseen.
//!
//! `cargo run --release --example element_misses -- data/cases.csv [ELEMENT] [--max N]`

use tipsom::analysis::{analyze, Element};
use tipsom::input::labeled::read_labeled;
use tipsom::metrics::Scores;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: element_misses FILE.csv [ELEMENT] [--max N]");
        std::process::exit(2);
    };
    let focus = args.get(1).filter(|a| !a.starts_with("--")).cloned();
    let max: usize = args
        .iter()
        .position(|a| a == "--max")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(15);
    let cases = match read_labeled(std::slice::from_ref(path), None, false) {
        Ok(cases) => cases,
        Err(e) => {
            eprintln!("{}", e.message);
            std::process::exit(3);
        }
    };
    let found: Vec<[bool; 6]> = cases.iter().map(|c| analyze(&c.text).elements()).collect();
    for element in Element::ALL {
        let i = element.index();
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for (case, f) in cases.iter().zip(&found) {
            match (case.elements.is_some_and(|e| e[i]), f[i]) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                _ => {}
            }
        }
        let s = Scores::from_counts(tp, fp, fn_);
        println!(
            "{:<20} P {:.3} R {:.3} F1 {:.3} (fp {fp}, fn {fn_})",
            element.column(),
            s.precision,
            s.recall,
            s.f1
        );
    }
    let Some(focus) = focus else { return };
    let Some(element) = Element::ALL.into_iter().find(|e| e.column() == focus) else {
        eprintln!("unknown element {focus}");
        std::process::exit(2);
    };
    let i = element.index();
    for (kind, want) in [
        ("MISSED (annotated 1, not found)", true),
        ("FALSE (found, annotated 0)", false),
    ] {
        println!("\n== {kind}");
        let misses = cases
            .iter()
            .zip(&found)
            .filter(|(c, f)| c.elements.is_some_and(|e| e[i] == want) && f[i] != want)
            .take(max);
        for (case, _) in misses {
            let evidence: Vec<String> = analyze(&case.text)
                .evidence
                .iter()
                .filter(|e| e.element == element)
                .map(|e| {
                    format!(
                        "{}{:?}",
                        if e.negated { "NOT " } else { "" },
                        e.quote(&case.text)
                    )
                })
                .collect();
            println!(
                "- {} [{}] {}\n  evidence: {}",
                case.id,
                case.label,
                case.text,
                evidence.join(", ")
            );
        }
    }
}
