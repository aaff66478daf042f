//! Quality figures: confusion matrix, precision, recall, F1, macro-F1.

use crate::label::Label;
use serde::{Deserialize, Serialize};

/// Precision, recall and F1 of one class or element.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Of the cases predicted positive, the share that are.
    pub precision: f64,
    /// Of the cases that are positive, the share predicted.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// How many cases are truly positive.
    pub support: usize,
}

impl Scores {
    /// Scores from true positives, false positives and false negatives.
    pub fn from_counts(tp: usize, fp: usize, fn_: usize) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Scores {
            precision,
            recall,
            f1,
            support: tp + fn_,
        }
    }
}

/// The mean log-loss of the two offence probabilities `p` (trafficking, smuggling)
/// against `label`: near 0 when the model is sure and right, large when it is sure and
/// wrong. Each probability is first kept within `[floor, 1 - floor]`, which caps what
/// one confident miss can cost.
pub fn offence_log_loss(label: Label, p: [f64; 2], floor: f64) -> f64 {
    let loss = |truth: bool, p: f64| {
        let p = p.clamp(floor, 1.0 - floor);
        -(if truth { p } else { 1.0 - p }).ln()
    };
    (loss(label.is_trafficking(), p[0]) + loss(label.is_smuggling(), p[1])) / 2.0
}

/// A 4×4 confusion matrix over the labels: `counts[truth][predicted]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Confusion {
    /// Counts indexed by true label, then predicted label, in [`Label::ALL`] order.
    pub counts: [[usize; 4]; 4],
}

impl Confusion {
    /// Adds one case.
    pub fn add(&mut self, truth: Label, predicted: Label) {
        self.counts[truth.index()][predicted.index()] += 1;
    }

    /// Number of cases.
    pub fn total(&self) -> usize {
        self.counts.iter().flatten().sum()
    }

    /// Share of cases labeled correctly.
    pub fn accuracy(&self) -> f64 {
        let right: usize = (0..4).map(|i| self.counts[i][i]).sum();
        right as f64 / self.total().max(1) as f64
    }

    /// Precision, recall and F1 of one label.
    pub fn scores(&self, label: Label) -> Scores {
        let i = label.index();
        let tp = self.counts[i][i];
        let fp = (0..4).filter(|&t| t != i).map(|t| self.counts[t][i]).sum();
        let fn_ = (0..4).filter(|&p| p != i).map(|p| self.counts[i][p]).sum();
        Scores::from_counts(tp, fp, fn_)
    }

    /// Unweighted mean F1 over the labels present in the truth.
    pub fn macro_f1(&self) -> f64 {
        let present: Vec<f64> = Label::ALL
            .iter()
            .map(|l| self.scores(*l))
            .filter(|s| s.support > 0)
            .map(|s| s.f1)
            .collect();
        present.iter().sum::<f64>() / present.len().max(1) as f64
    }

    /// The matrix and per-label scores as an aligned plain-text table.
    pub fn report(&self) -> String {
        let mut out = format!(
            "accuracy {:.3}   macro-F1 {:.3}   ({} cases)\n\n",
            self.accuracy(),
            self.macro_f1(),
            self.total()
        );
        out.push_str(&format!(
            "{:<12} {:>9} {:>9} {:>9} {:>8}\n",
            "label", "precision", "recall", "F1", "cases"
        ));
        for label in Label::ALL {
            let s = self.scores(label);
            out.push_str(&format!(
                "{:<12} {:>9.3} {:>9.3} {:>9.3} {:>8}\n",
                label.as_str(),
                s.precision,
                s.recall,
                s.f1,
                s.support
            ));
        }
        out.push_str("\nconfusion matrix (rows: true label, columns: predicted)\n");
        out.push_str(&format!("{:<12}", ""));
        for label in Label::ALL {
            out.push_str(&format!(" {:>11}", label.as_str()));
        }
        out.push('\n');
        for truth in Label::ALL {
            out.push_str(&format!("{:<12}", truth.as_str()));
            for predicted in Label::ALL {
                out.push_str(&format!(
                    " {:>11}",
                    self.counts[truth.index()][predicted.index()]
                ));
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_predictions_score_one() {
        let mut c = Confusion::default();
        for l in Label::ALL {
            c.add(l, l);
        }
        assert_eq!(c.accuracy(), 1.0);
        assert_eq!(c.macro_f1(), 1.0);
    }

    #[test]
    fn scores_follow_the_definitions() {
        let s = Scores::from_counts(3, 1, 2);
        assert!((s.precision - 0.75).abs() < 1e-12);
        assert!((s.recall - 0.6).abs() < 1e-12);
        assert!((s.f1 - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-12);
    }

    #[test]
    fn log_loss_follows_the_definition_and_is_capped_by_the_floor() {
        let both = offence_log_loss(Label::Both, [0.5, 0.25], 0.001);
        assert!((both - (2f64.ln() + 4f64.ln()) / 2.0).abs() < 1e-12);
        assert_eq!(
            offence_log_loss(Label::Neither, [0.0, 0.0], 0.001),
            -(0.999f64.ln())
        );
        let sure_and_wrong = offence_log_loss(Label::Neither, [1.0, 1.0], 0.001);
        assert!((sure_and_wrong - -(0.001f64.ln())).abs() < 1e-12);
    }

    #[test]
    fn all_wrong_scores_zero() {
        let mut c = Confusion::default();
        c.add(Label::Trafficking, Label::Smuggling);
        c.add(Label::Smuggling, Label::Trafficking);
        assert_eq!(c.macro_f1(), 0.0);
    }
}
