//! `tipsom rules`: the rule book: the definitions as applied, every indicator, and
//! what each head of the model learned.

use crate::analysis::lexicon::{Strength, FAMILIES};
use crate::analysis::Element;
use crate::error::Result;
use crate::label::Label;
use crate::model::{Head, Model};
use crate::output::style::Palette;
use crate::output::Target;
use serde_json::json;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Print the rule book: definitions, indicators and what the model learned.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tipsom rules
  tipsom rules --top 30
  tipsom rules --model models/mine.json --format json")]
pub struct Args {
    /// Model file (default: the built-in model).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = super::explain::ExplainFormat::Text)]
    pub format: super::explain::ExplainFormat,
    /// How many of the strongest learned features to show per head and direction.
    #[arg(long, default_value_t = 15)]
    pub top: usize,
}

const DEFINITIONS: &str = "\
Trafficking in persons (UN Trafficking Protocol, art. 3)
  art. 3(a)  an ACT (recruitment, transportation, transfer, harbouring, receipt of persons)
             by a MEANS (threat or use of force, coercion, abduction, fraud, deception, abuse of
             power or of vulnerability, payments to a person in control of the victim)
             for the PURPOSE of exploitation (sexual exploitation, forced labour or services,
             slavery or similar practices, servitude, removal of organs; also forced begging,
             forced criminality, forced marriage).
  art. 3(b)  once a means is used, the victim's consent is irrelevant.
  art. 3(c)  a CHILD (under 18, art. 3(d)): act + purpose suffice; no means is needed.
  No border crossing is needed.

Smuggling of migrants (UN Smuggling Protocol, art. 3 and 6)
  art. 3(a)  procuring, for a financial or other material BENEFIT, the ILLEGAL ENTRY of a person
             into a state of which they are not a national or permanent resident.
  art. 6(1)(b) producing or supplying fraudulent travel or identity documents for that purpose.
  art. 6(1)(c) enabling a person to remain illegally by illegal means, for a benefit.
  art. 6(3)  danger to life or inhuman or degrading treatment aggravates smuggling;
             it does not make it trafficking without an exploitation purpose.

How tipsom applies them: an element is found when a strong indicator below matches and is not
denied earlier in its clause (\"no one forced them\"). Weak indicators are hints for the model
only; [against] ones are hints that an element is missing. A case is trafficking when act + means + purpose (or act + purpose for a child) are found;
smuggling when illegal entry + benefit are found; both when both; neither otherwise.
";

/// Runs `rules`.
pub fn run(args: Args) -> Result<()> {
    let model = super::load_model(args.model.as_ref())?;
    let mut out = Target::open(None)?;
    let text = match args.format {
        super::explain::ExplainFormat::Text => rule_book(&model, args.top, out.palette()),
        super::explain::ExplainFormat::Json => format!("{}\n", rule_book_json(&model, args.top)),
    };
    out.write_all(text.as_bytes())?;
    out.finish()
}

/// The rule book as text, coloured by `palette` (elements, strong indicators, heads).
fn rule_book(model: &Model, top: usize, palette: Palette) -> String {
    let mut s = String::from(DEFINITIONS);
    let _ = writeln!(
        s,
        "\n{}",
        palette.heading("Indicators per element ('*' also matches longer words; (a|b) either):")
    );
    for element in Element::ALL {
        let title = element.title().to_uppercase();
        let _ = writeln!(s, "\n{}", palette.element(element, &title));
        if element == Element::Child {
            let _ = writeln!(s, "  {} stated_age: \"16-year-old\", \"aged 15\", \"Amina, 14,\" (under 18 counts; 18 or over counts against)", palette.good("[strong]"));
        }
        if element == Element::Purpose {
            let _ = writeln!(s, "  {} work_under_coercion: work (an exploitative_work_hint) in the same sentence as a means or in the sentence next to one, in a text that tells of no purpose otherwise", palette.good("[strong]"));
        }
        if element == Element::IllegalEntry {
            let _ = writeln!(s, "  {} crossing_with_fee: a journey word (border, crossing, boat, lorry, truck, channel...) in the same sentence as a smuggling fee, in a text that tells of no illegal crossing otherwise", palette.good("[strong]"));
        }
        if element == Element::FacilitatorBenefit {
            let _ = writeln!(s, "  {} fee_with_crossing: money (a money_hint) in the same sentence as strong evidence of an illegal crossing, when that sentence names no fee", palette.good("[strong]"));
        }
        for family in FAMILIES.iter().filter(|f| f.element == element) {
            let strength = match family.strength {
                Strength::Strong => palette.good("[strong]"),
                Strength::Weak => palette.dim("[weak]"),
                Strength::Against => palette.dim("[against]"),
            };
            let _ = writeln!(
                s,
                "  {strength} {}: {}",
                family.name,
                family.patterns.join(" | ")
            );
        }
    }
    let learned = format!(
        "What the model learned (trained {} on {} cases; {}):",
        crate::output::terminal::escape(&model.training.trained_at),
        model.training.rows,
        crate::output::terminal::escape(&model.training.cross_validation.summary())
    );
    let _ = writeln!(s, "\n{}", palette.heading(&learned));
    let _ = writeln!(
        s,
        "  (element:, negated:, family: and rule: are the protocols' evidence; word: a learned word or pair of words; word:{denied}fee is \"fee\" where a negation cue denies it, as in \"no fee was paid\")",
        denied = crate::features::DENIED
    );
    for (name, label, head) in [
        ("trafficking", Label::Trafficking, &model.trafficking),
        ("smuggling", Label::Smuggling, &model.smuggling),
    ] {
        let (up, down) = strongest(model, head, top);
        let _ = writeln!(
            s,
            "\n  {} (intercept {:+.2}, threshold {:.2})",
            palette.label(label, &format!("{name} head")),
            head.intercept,
            head.threshold
        );
        let _ = writeln!(s, "    pushes towards {name}: {}", join(&up));
        let _ = writeln!(s, "    pushes away:           {}", join(&down));
    }
    s
}

fn join(features: &[(String, f64)]) -> String {
    features
        .iter()
        .map(|(n, w)| format!("{} {w:+.2}", crate::output::terminal::escape(n)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Feature names with their weights.
type Weights = Vec<(String, f64)>;

/// The `top` most positive and most negative weights of a head, with feature names.
fn strongest(model: &Model, head: &Head, top: usize) -> (Weights, Weights) {
    let names = model.featurizer.feature_names();
    let mut weighted: Vec<(String, f64)> = names
        .into_iter()
        .zip(head.weights.iter().copied())
        .collect();
    weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let up = weighted
        .iter()
        .take(top)
        .filter(|(_, w)| *w > 0.0)
        .cloned()
        .collect();
    let down = weighted
        .iter()
        .rev()
        .take(top)
        .filter(|(_, w)| *w < 0.0)
        .cloned()
        .collect();
    (up, down)
}

fn rule_book_json(model: &Model, top: usize) -> serde_json::Value {
    let indicators: Vec<_> = FAMILIES
        .iter()
        .map(|f| json!({"element": f.element, "family": f.name, "strong": f.strength == Strength::Strong, "against": f.strength == Strength::Against, "patterns": f.patterns}))
        .collect();
    let head = |h: &Head| {
        let (up, down) = strongest(model, h, top);
        json!({"intercept": h.intercept, "threshold": h.threshold, "towards": up, "away": down})
    };
    json!({
        "definitions": DEFINITIONS,
        "indicators": indicators,
        "trafficking_head": head(&model.trafficking),
        "smuggling_head": head(&model.smuggling),
        "training": model.training,
    })
}
