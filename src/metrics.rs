//! Quality figures: confusion matrix, precision, recall, F1, macro-F1, and how well the
//! probabilities are calibrated.

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

/// How many equal-width bins [`Reliability`] splits the probabilities into.
pub const RELIABILITY_BINS: usize = 10;

/// Whether a probability means what it says: the cases grouped by the probability the
/// model gave (in tenths), with how often the offence was really there. When tipsom
/// says 0.8 for a group of cases, about 8 in 10 of them should be that offence; a
/// user who reads the probabilities as odds needs to know how far that holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reliability {
    bins: [ReliabilityBin; RELIABILITY_BINS],
    squared_error: f64,
}

/// The cases of one probability bin of a [`Reliability`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReliabilityBin {
    /// Cases whose probability fell in the bin.
    pub cases: usize,
    /// Sum of their probabilities.
    given: f64,
    /// How many of them had the offence.
    present: usize,
}

impl ReliabilityBin {
    /// The mean probability given to the bin's cases, if it has any.
    pub fn mean_given(&self) -> Option<f64> {
        (self.cases > 0).then(|| self.given / self.cases as f64)
    }

    /// The share of the bin's cases that had the offence, if it has any.
    pub fn share_present(&self) -> Option<f64> {
        (self.cases > 0).then(|| self.present as f64 / self.cases as f64)
    }
}

impl Reliability {
    /// Adds one case: the probability `p` given to an offence, and whether it was there.
    /// A probability outside `[0, 1]` counts as the nearest end.
    pub fn add(&mut self, p: f64, present: bool) {
        let p = if p.is_nan() { 0.5 } else { p.clamp(0.0, 1.0) };
        let bin = ((p * RELIABILITY_BINS as f64) as usize).min(RELIABILITY_BINS - 1);
        let bin = &mut self.bins[bin];
        bin.cases += 1;
        bin.given += p;
        bin.present += usize::from(present);
        self.squared_error += (p - f64::from(u8::from(present))).powi(2);
    }

    /// The bins, from the lowest probabilities to the highest.
    pub fn bins(&self) -> &[ReliabilityBin; RELIABILITY_BINS] {
        &self.bins
    }

    /// Number of cases added.
    pub fn cases(&self) -> usize {
        self.bins.iter().map(|b| b.cases).sum()
    }

    /// Expected calibration error: the gap between the mean probability given and the
    /// share present, averaged over the bins weighted by their cases. 0 is perfect; 0.05
    /// means the probabilities are off by about five points on average.
    pub fn expected_calibration_error(&self) -> f64 {
        let total = self.cases().max(1) as f64;
        self.bins
            .iter()
            .filter_map(|b| Some(b.cases as f64 * (b.mean_given()? - b.share_present()?).abs()))
            .sum::<f64>()
            / total
    }

    /// Brier score: the mean squared gap between each probability and what happened
    /// (1 if the offence was there, else 0). 0 is perfect; always saying 0.5 scores 0.25.
    pub fn brier(&self) -> f64 {
        self.squared_error / self.cases().max(1) as f64
    }
}

/// The calibration of both offence probabilities over cases given as their true label
/// and their (P(trafficking), P(smuggling)).
pub fn offence_reliability(cases: impl IntoIterator<Item = (Label, [f64; 2])>) -> [Reliability; 2] {
    let mut offences = [Reliability::default(), Reliability::default()];
    for (label, [t, s]) in cases {
        offences[0].add(t, label.is_trafficking());
        offences[1].add(s, label.is_smuggling());
    }
    offences
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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

    #[test]
    fn probabilities_that_come_true_as_often_as_they_say_have_no_calibration_error() {
        let mut r = Reliability::default();
        for i in 0..10 {
            r.add(0.25, i < 2);
        }
        // Ten cases given 0.25 of which two are present: a gap of 0.05 in one bin.
        assert!((r.expected_calibration_error() - 0.05).abs() < 1e-12);
        let mut calibrated = Reliability::default();
        for i in 0..20 {
            calibrated.add(0.95, i != 0);
            calibrated.add(0.05, i == 0);
        }
        assert!(calibrated.expected_calibration_error() < 1e-12);
        assert_eq!(calibrated.cases(), 40);
    }

    #[test]
    fn sure_and_wrong_is_the_worst_calibration() {
        let mut r = Reliability::default();
        r.add(1.0, false);
        r.add(0.0, true);
        assert_eq!(r.expected_calibration_error(), 1.0);
        assert_eq!(r.brier(), 1.0);
        // 1.0 falls in the top bin, 0.0 in the bottom one.
        assert_eq!(r.bins()[RELIABILITY_BINS - 1].cases, 1);
        assert_eq!(r.bins()[0].cases, 1);
    }

    #[test]
    fn brier_score_follows_the_definition() {
        let mut r = Reliability::default();
        r.add(0.5, true);
        r.add(0.5, false);
        r.add(0.8, true);
        assert!((r.brier() - (0.25 + 0.25 + 0.04) / 3.0).abs() < 1e-12);
        let bin = r.bins()[8];
        assert_eq!(
            (bin.cases, bin.mean_given(), bin.share_present()),
            (1, Some(0.8), Some(1.0))
        );
        assert_eq!(r.bins()[3].mean_given(), None);
    }

    #[test]
    fn out_of_range_probabilities_count_as_the_nearest_end_and_nan_as_even_odds() {
        let mut r = Reliability::default();
        r.add(1.7, true);
        r.add(-0.2, false);
        r.add(f64::NAN, true);
        assert_eq!(r.expected_calibration_error(), 1.0 / 6.0);
        assert_eq!(r.bins()[5].cases, 1);
    }

    proptest! {
        #[test]
        fn calibration_figures_stay_within_their_ranges(
            cases in proptest::collection::vec((proptest::num::f64::ANY, any::<bool>()), 0..200)
        ) {
            let mut r = Reliability::default();
            for (p, present) in &cases {
                r.add(*p, *present);
            }
            prop_assert_eq!(r.cases(), cases.len());
            let ece = r.expected_calibration_error();
            let brier = r.brier();
            prop_assert!((0.0..=1.0).contains(&ece), "ECE {}", ece);
            prop_assert!((0.0..=1.0).contains(&brier), "Brier {}", brier);
            for bin in r.bins() {
                for share in [bin.mean_given(), bin.share_present()].into_iter().flatten() {
                    prop_assert!((0.0..=1.0).contains(&share));
                }
            }
        }
    }

    #[test]
    fn an_empty_reliability_reads_zero() {
        let r = Reliability::default();
        assert_eq!(
            (r.cases(), r.expected_calibration_error(), r.brier()),
            (0, 0.0, 0.0)
        );
    }
}
