//! `tipsom explain`: the verdict and its reasoning, in the protocols' terms.

use crate::analysis::lexicon::Strength;
use crate::analysis::{Element, Evidence};
use crate::error::{Error, Result};
use crate::input::{CaseReader, InputOptions};
use crate::model::{Head, Model};
use crate::output::style::Palette;
use crate::output::terminal::escape;
use crate::output::{jsonl::verdict_json, Row, Target};
use crate::verdict::{classify_text, short_quote, Verdict};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Explain the verdict for cases in the protocols' terms.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tipsom explain --text \"They paid the smugglers 4,000 dollars each to cross the river at night.\"
  tipsom explain data/sample.csv --id s03
  tipsom explain data/sample.csv --format json")]
pub struct Args {
    /// CSV file of cases (`-` for standard input); not needed with --text.
    pub input: Option<String>,
    /// Explain only the case with this id.
    #[arg(long)]
    pub id: Option<String>,
    /// Explain this text instead of reading a file.
    #[arg(long, conflicts_with = "input")]
    pub text: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
    /// Model file (default: the built-in model).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Column holding the case text.
    #[arg(long, default_value = "text")]
    pub text_column: String,
    /// Column holding the case id.
    #[arg(long)]
    pub id_column: Option<String>,
    /// How many model features to show per head.
    #[arg(long, default_value_t = 6)]
    pub top: usize,
}

/// Formats for `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    /// Readable report.
    Text,
    /// One JSON object per case.
    Json,
}

/// Runs `explain`.
pub fn run(args: Args) -> Result<()> {
    let model = super::load_model(args.model.as_ref())?;
    let mut out = Target::open(None)?;
    if let Some(text) = &args.text {
        let id = args.id.clone().unwrap_or_else(|| "text".to_string());
        return write_case(&mut out, &model, &args, &id, text).and_then(|_| out.finish());
    }
    let path = args.input.clone().unwrap_or_else(|| "-".to_string());
    let options = InputOptions {
        text_column: args.text_column.clone(),
        id_column: args.id_column.clone(),
        ..InputOptions::default()
    };
    let mut reader = CaseReader::open(&path, &options)?;
    let mut found = false;
    while let Some(case) = reader.next_case()? {
        if args.id.as_ref().is_some_and(|id| *id != case.id) {
            continue;
        }
        found = true;
        write_case(&mut out, &model, &args, &case.id, &case.text)?;
    }
    if let (Some(id), false) = (&args.id, found) {
        return Err(Error::input(format!(
            "{}: no case with id {:?}.",
            reader.name(),
            escape(id)
        )));
    }
    out.finish()
}

fn write_case(out: &mut Target, model: &Model, args: &Args, id: &str, text: &str) -> Result<()> {
    let verdict = classify_text(model, text);
    let rendered = match args.format {
        ExplainFormat::Json => {
            let row = Row {
                id,
                text,
                verdict: &verdict,
                kept: &[],
            };
            let mut value = verdict_json(&row);
            value["model_features"] = serde_json::json!({
                "trafficking": top_features(model, &model.trafficking, text, args.top),
                "smuggling": top_features(model, &model.smuggling, text, args.top),
            });
            format!("{value}\n")
        }
        ExplainFormat::Text => explanation(model, id, text, &verdict, args.top, out.palette()),
    };
    out.write_all(rendered.as_bytes())
}

fn top_features(model: &Model, head: &Head, text: &str, top: usize) -> Vec<(String, f64)> {
    let names = model.featurizer.feature_names();
    let analysis = crate::analysis::analyze(text);
    head.contributions(&model.features(text, &analysis))
        .into_iter()
        .take(top)
        .map(|(i, push)| (names[i].clone(), push))
        .collect()
}

/// The readable explanation of one verdict, coloured by `palette` (label, elements,
/// what is met, what needs review).
pub fn explanation(
    model: &Model,
    id: &str,
    text: &str,
    verdict: &Verdict,
    top: usize,
    palette: Palette,
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {}",
        palette.heading(&format!("Case {}:", escape(id))),
        palette.label(verdict.label, &verdict.label.as_str().to_uppercase())
    );
    let _ = writeln!(
        s,
        "  P(trafficking) {:.2}   P(smuggling) {:.2}   rules applied to the evidence: {} ({})",
        verdict.p_trafficking,
        verdict.p_smuggling,
        verdict.rules.label,
        if verdict.rules.label == verdict.label {
            "agree".to_string()
        } else {
            palette.warning("DISAGREE")
        }
    );
    let _ = writeln!(
        s,
        "\n{}",
        palette.heading("Trafficking in persons (Trafficking Protocol art. 3):")
    );
    for element in [
        Element::Act,
        Element::Means,
        Element::Purpose,
        Element::Child,
    ] {
        element_line(&mut s, element, text, verdict, palette);
    }
    let _ = writeln!(
        s,
        "{}",
        palette.heading("Smuggling of migrants (Smuggling Protocol art. 3 and 6):")
    );
    for element in [Element::IllegalEntry, Element::FacilitatorBenefit] {
        element_line(&mut s, element, text, verdict, palette);
    }
    let negated: Vec<&Evidence> = verdict.evidence.iter().filter(|e| e.negated).collect();
    if !negated.is_empty() {
        let _ = writeln!(s, "Denied or ruled out in the text (shown, not counted):");
        for e in negated {
            let title = format!("{:<26}", e.element.title());
            let _ = writeln!(s, "  {} {}", palette.dim(&title), quote(text, e));
        }
    }
    let hints = |strength: Strength, named: bool| -> Vec<String> {
        verdict
            .evidence
            .iter()
            .filter(|e| !e.negated && e.strength == strength)
            .take(12)
            .map(|e| {
                let quoted = format!("\"{}\"", escape(&short_quote(e.quote(text))));
                if named {
                    format!("{quoted} ({})", e.family.replace('_', " "))
                } else {
                    quoted
                }
            })
            .collect()
    };
    let context = hints(Strength::Weak, false);
    if !context.is_empty() {
        let _ = writeln!(
            s,
            "Context words (hints for the model, not proof): {}",
            palette.dim(&context.join(", "))
        );
    }
    let against = hints(Strength::Against, true);
    if !against.is_empty() {
        let _ = writeln!(
            s,
            "Hints against an element (for the model, not proof): {}",
            palette.dim(&against.join(", "))
        );
    }
    let _ = writeln!(s, "\n{}", palette.heading("The protocols' rules:"));
    for finding in &verdict.rules.findings {
        let met = if finding.met {
            palette.good("[met]")
        } else {
            palette.dim("[not met]")
        };
        let _ = writeln!(s, "  {met} {}: {}", finding.article, finding.statement);
    }
    let _ = writeln!(
        s,
        "\n{}",
        palette.heading("What moved the model most (weight × value):")
    );
    for (name, head) in [
        ("trafficking", &model.trafficking),
        ("smuggling", &model.smuggling),
    ] {
        let pushes: Vec<String> = top_features(model, head, text, top)
            .into_iter()
            .map(|(feature, push)| format!("{push:+.2} {}", escape(&feature)))
            .collect();
        let _ = writeln!(s, "  {name:<12} {}", pushes.join(", "));
    }
    if let Some(wording) = &verdict.wording {
        let _ = writeln!(s, "\n{} {wording}.", palette.warning("Wording:"));
    }
    if verdict.needs_review() {
        let _ = writeln!(
            s,
            "\n{} {}.",
            palette.warning("NEEDS REVIEW:"),
            verdict.review_text()
        );
    }
    s.push('\n');
    s
}

fn element_line(s: &mut String, element: Element, text: &str, verdict: &Verdict, palette: Palette) {
    let shown: Vec<String> = verdict
        .evidence
        .iter()
        .filter(|e| e.element == element && e.counts())
        .take(5)
        .map(|e| format!("{} [{}]", quote(text, e), e.family.replace('_', " ")))
        .collect();
    let title = format!("{:<26}", element.title());
    let found = verdict.elements[element.index()];
    let (title, status) = if found {
        (palette.element(element, &title), palette.good("FOUND  "))
    } else {
        (palette.dim(&title), palette.dim("missing"))
    };
    let probability = verdict
        .element_probabilities()
        .map(|p| format!("(p {:.2}) ", p[element.index()]))
        .unwrap_or_default();
    let note = match (found, shown.is_empty()) {
        (true, true) => {
            "read by the model from the text as a whole; no single phrase shows it".to_string()
        }
        (false, false) => format!("the model does not find it, despite: {}", shown.join("; ")),
        _ => shown.join("; "),
    };
    let line = format!("  {title} {status} {probability}{note}");
    let _ = writeln!(s, "{}", line.trim_end());
}

fn quote(text: &str, e: &Evidence) -> String {
    format!(
        "\"{}\" (bytes {}-{})",
        escape(&short_quote(e.quote(text))),
        e.start,
        e.end
    )
}
