//! `tipsom evaluate`: a model measured on labeled data, with the keyword shortcut
//! beside it for scale.

use crate::analysis::Element;
use crate::error::{Error, Result};
use crate::input::labeled::{read_labeled, LabeledCase};
use crate::label::Label;
use crate::metrics::{
    offence_log_loss, offence_reliability, Confusion, Reliability, Scores, RELIABILITY_BINS,
};
use crate::output::Target;
use crate::verdict::{classify_text, Verdict};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Measure a model on labeled data it was not trained on.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tipsom evaluate data/validation.csv
  tipsom evaluate data/validation.csv --by subset
  tipsom evaluate data/validation.csv --by set
  tipsom evaluate my-labeled.csv --model models/mine.json")]
pub struct Args {
    /// Labeled CSV files (id, text, label; element columns optional).
    #[arg(required = true)]
    pub data: Vec<String>,
    /// Model file (default: the built-in model).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Break the figures down by the values of this column (e.g. subset, style).
    #[arg(long)]
    pub by: Option<String>,
}

/// Runs `evaluate`.
pub fn run(args: Args) -> Result<()> {
    let model = super::load_model(args.model.as_ref())?;
    let cases = read_labeled(&args.data, args.by.as_deref(), true)?;
    if cases.is_empty() {
        return Err(Error::input(format!(
            "{} holds no labeled cases, so there is nothing to measure. Add rows with an id, a text and a label under the header.",
            crate::output::terminal::escape(&args.data.join(", "))
        )));
    }
    let verdicts: Vec<Verdict> = cases
        .par_iter()
        .map(|c| classify_text(&model, &c.text))
        .collect();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "tipsom on {} ({} cases)\n",
        crate::output::terminal::escape(&args.data.join(", ")),
        cases.len()
    );
    s.push_str(&confusion(&cases, &verdicts, |_| true).report());
    let _ = writeln!(
        s,
        "\nlog-loss {:.4} (mean over both probabilities of each case, each kept within [{LOSS_FLOOR}, {}])",
        mean_log_loss(&cases, &verdicts, |_| true),
        1.0 - LOSS_FLOOR
    );
    s.push_str(&calibration_report(&cases, &verdicts));
    s.push_str(&review_report(&cases, &verdicts));
    if cases.iter().all(|c| c.elements.is_some()) {
        s.push_str(&element_report(&cases, &verdicts));
    }
    let keyword = keyword_confusion(&cases, |_| true);
    let _ = writeln!(
        s,
        "\nFor scale, the keyword shortcut (label from the words traffick*/smuggl* alone): macro-F1 {:.3}, accuracy {:.3}",
        keyword.macro_f1(),
        keyword.accuracy()
    );
    if let Some(column) = &args.by {
        s.push_str(&breakdown(column, &cases, &verdicts));
    }
    let mut out = Target::open(None)?;
    out.write_all(s.as_bytes())?;
    out.finish()
}

/// How well the review flag sorts the cases: how many it marks, how many of the
/// mistakes are among them, and how often an unflagged label is wrong, so a user can
/// see on their own labeled sample what leaving the unflagged cases unread would cost.
fn review_report(cases: &[LabeledCase], verdicts: &[Verdict]) -> String {
    let (mut flagged, mut mistakes, mut caught) = (0usize, 0usize, 0usize);
    for (case, verdict) in cases.iter().zip(verdicts) {
        let wrong = case.label != verdict.label;
        flagged += usize::from(verdict.needs_review());
        mistakes += usize::from(wrong);
        caught += usize::from(wrong && verdict.needs_review());
    }
    let share = |part: usize, whole: usize| 100.0 * part as f64 / whole.max(1) as f64;
    let unflagged = cases.len() - flagged;
    format!(
        "
review flag: {flagged} of {} cases flagged ({:.0}%), holding {caught} of the {mistakes} wrong labels ({:.0}%); an unflagged label was wrong {:.1}% of the time
",
        cases.len(),
        share(flagged, cases.len()),
        share(caught, mistakes),
        share(mistakes - caught, unflagged),
    )
}

/// How close to 0 or 1 a probability may come in the log-loss: one confident miss then
/// costs at most about 6.9, so it cannot swamp the mean of a small group.
const LOSS_FLOOR: f64 = 0.001;

/// The mean log-loss of the model's two probabilities over the cases `keep` selects.
fn mean_log_loss(
    cases: &[LabeledCase],
    verdicts: &[Verdict],
    keep: impl Fn(&LabeledCase) -> bool,
) -> f64 {
    let (sum, n) = cases
        .iter()
        .zip(verdicts)
        .filter(|(case, _)| keep(case))
        .map(|(case, v)| offence_log_loss(case.label, [v.p_trafficking, v.p_smuggling], LOSS_FLOOR))
        .fold((0.0, 0usize), |(sum, n), loss| (sum + loss, n + 1));
    sum / n.max(1) as f64
}

fn confusion(
    cases: &[LabeledCase],
    verdicts: &[Verdict],
    keep: impl Fn(&LabeledCase) -> bool,
) -> Confusion {
    let mut c = Confusion::default();
    for (case, verdict) in cases.iter().zip(verdicts).filter(|(case, _)| keep(case)) {
        c.add(case.label, verdict.label);
    }
    c
}

/// The label the words "traffick*" and "smuggl*" alone would give.
pub fn keyword_label(text: &str) -> Label {
    let lower = text.to_lowercase();
    Label::from_offences(lower.contains("traffick"), lower.contains("smuggl"))
}

fn keyword_confusion(cases: &[LabeledCase], keep: impl Fn(&LabeledCase) -> bool) -> Confusion {
    let mut c = Confusion::default();
    for case in cases.iter().filter(|c| keep(c)) {
        c.add(case.label, keyword_label(&case.text));
    }
    c
}

/// The calibration of P(trafficking) and P(smuggling) over the cases `keep` selects.
fn reliability(
    cases: &[LabeledCase],
    verdicts: &[Verdict],
    keep: impl Fn(&LabeledCase) -> bool,
) -> [Reliability; 2] {
    offence_reliability(
        cases
            .iter()
            .zip(verdicts)
            .filter(|(case, _)| keep(case))
            .map(|(case, v)| (case.label, [v.p_trafficking, v.p_smuggling])),
    )
}

/// The mean of the two offences' expected calibration errors over the cases `keep`
/// selects: one figure per group for the breakdown table.
fn calibration_error(
    cases: &[LabeledCase],
    verdicts: &[Verdict],
    keep: impl Fn(&LabeledCase) -> bool,
) -> f64 {
    let [t, s] = reliability(cases, verdicts, keep);
    (t.expected_calibration_error() + s.expected_calibration_error()) / 2.0
}

/// How often the offence was there among the cases given each probability, for both
/// offences, with the expected calibration error and Brier score of each.
fn calibration_report(cases: &[LabeledCase], verdicts: &[Verdict]) -> String {
    let offences = reliability(cases, verdicts, |_| true);
    let mut s = String::from(
        "\ncalibration: the cases grouped by the probability given, and how many had the offence\n",
    );
    let heads = format!("{:<12} {:^29} {:^29}", "", "P(trafficking)", "P(smuggling)");
    let _ = writeln!(s, "{}", heads.trim_end());
    let _ = writeln!(
        s,
        "{:<12} {:>7} {:>10} {:>10} {:>7} {:>10} {:>10}",
        "probability", "cases", "mean given", "present", "cases", "mean given", "present"
    );
    let share = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |x| format!("{x:.3}"));
    for bin in 0..RELIABILITY_BINS {
        let _ = write!(
            s,
            "{:<12}",
            format!(
                "{:.1}-{:.1}",
                bin as f64 / RELIABILITY_BINS as f64,
                (bin + 1) as f64 / RELIABILITY_BINS as f64
            )
        );
        for offence in &offences {
            let b = offence.bins()[bin];
            let _ = write!(
                s,
                " {:>7} {:>10} {:>10}",
                b.cases,
                share(b.mean_given()),
                share(b.share_present())
            );
        }
        s.push('\n');
    }
    let [t, sm] = &offences;
    let _ = writeln!(
        s,
        "expected calibration error: P(trafficking) {:.3}, P(smuggling) {:.3} (the mean gap between the probability given and the share present; 0 is perfect)",
        t.expected_calibration_error(),
        sm.expected_calibration_error()
    );
    let _ = writeln!(
        s,
        "Brier score: P(trafficking) {:.3}, P(smuggling) {:.3} (the mean squared gap between each probability and what happened; always saying 0.5 scores 0.250)",
        t.brier(),
        sm.brier()
    );
    s
}

fn element_report(cases: &[LabeledCase], verdicts: &[Verdict]) -> String {
    let mut s =
        String::from("\nelements found in the text, against the annotators' element columns\n");
    let _ = writeln!(
        s,
        "{:<20} {:>9} {:>9} {:>9} {:>8}",
        "element", "precision", "recall", "F1", "present"
    );
    for element in Element::ALL {
        let i = element.index();
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for (case, verdict) in cases.iter().zip(verdicts) {
            let truth = case.elements.is_some_and(|e| e[i]);
            match (truth, verdict.elements[i]) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                _ => {}
            }
        }
        let sc = Scores::from_counts(tp, fp, fn_);
        let _ = writeln!(
            s,
            "{:<20} {:>9.3} {:>9.3} {:>9.3} {:>8}",
            element.column(),
            sc.precision,
            sc.recall,
            sc.f1,
            sc.support
        );
    }
    s
}

fn breakdown(column: &str, cases: &[LabeledCase], verdicts: &[Verdict]) -> String {
    let mut groups: BTreeMap<&str, usize> = BTreeMap::new();
    for case in cases {
        *groups
            .entry(case.group.as_deref().unwrap_or(""))
            .or_default() += 1;
    }
    let mut s = format!(
        "\nby {column}\n{:<16} {:>6} {:>9} {:>9} {:>9} {:>12} {:>18}\n",
        column, "cases", "accuracy", "macro-F1", "log-loss", "calibration", "keyword macro-F1"
    );
    for (value, n) in groups {
        let in_group = |c: &LabeledCase| c.group.as_deref().unwrap_or("") == value;
        let model = confusion(cases, verdicts, in_group);
        let keyword = keyword_confusion(cases, in_group);
        let _ = writeln!(
            s,
            "{:<16} {:>6} {:>9.3} {:>9.3} {:>9.4} {:>12.3} {:>18.3}",
            crate::output::terminal::escape(value),
            n,
            model.accuracy(),
            model.macro_f1(),
            mean_log_loss(cases, verdicts, in_group),
            calibration_error(cases, verdicts, in_group),
            keyword.macro_f1()
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::ReviewReason;

    fn case(label: Label) -> LabeledCase {
        LabeledCase {
            file: "t.csv".into(),
            line: 2,
            id: "c".into(),
            text: "text".into(),
            label,
            elements: None,
            group: None,
        }
    }

    fn verdict(label: Label, flagged: bool) -> Verdict {
        let mut v = Verdict::blank();
        v.label = label;
        if flagged {
            v.review_reasons.push(ReviewReason::EmptyText);
        }
        v
    }

    #[test]
    fn the_review_report_counts_flags_and_the_mistakes_among_them() {
        use Label::*;
        let cases = [
            case(Trafficking),
            case(Smuggling),
            case(Both),
            case(Neither),
        ];
        let verdicts = [
            verdict(Trafficking, false),
            verdict(Neither, true),
            verdict(Trafficking, false),
            verdict(Neither, true),
        ];
        assert_eq!(
            review_report(&cases, &verdicts),
            "\nreview flag: 2 of 4 cases flagged (50%), holding 1 of the 2 wrong labels (50%); an unflagged label was wrong 50.0% of the time\n"
        );
    }
}
