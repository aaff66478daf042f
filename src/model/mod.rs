//! The model: two logistic heads over the feature vector, one per offence.
//!
//! The law has two offences that can co-occur, so tipsom asks two questions:
//! P(trafficking elements met) and P(smuggling elements met). The label follows
//! from the two answers. Prediction is a sparse dot product per head; linfa is
//! only used to fit the weights (see [`train`]).

pub mod file;
mod sparse_start;
pub mod train;

use crate::analysis::Analysis;
#[cfg(doc)]
use crate::analysis::Element;
use crate::features::{Featurizer, SparseVector, Vocabulary};
use crate::label::Label;
pub use file::{load, save, ModelSource, TrainingMetadata};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// One logistic head: weights over the feature columns, an intercept and a threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Head {
    /// One weight per feature column, each an `f32` value: the model file keeps `f32`.
    #[serde(with = "f32_weights")]
    pub weights: Vec<f64>,
    /// The bias term.
    pub intercept: f64,
    /// Probability at or above which the offence is considered met.
    pub threshold: f64,
}

/// How a [`Head`]'s weights are written: each as an `f32`. The fit is in `f32` and
/// classification reads `f32`, so nothing is lost, and a 20,000-term model file is
/// about a third shorter and quicker to read (reading it is about half the start-up).
mod f32_weights {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(weights: &[f64], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(weights.iter().map(|w| *w as f32))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<f64>, D::Error> {
        let weights = Vec::<f32>::deserialize(deserializer)?;
        Ok(weights.into_iter().map(f64::from).collect())
    }
}

impl Head {
    /// The same head with each weight rounded to the `f32` the model file keeps, so a
    /// model in memory is the model its file gives back.
    fn with_f32_weights(mut self) -> Self {
        for weight in &mut self.weights {
            *weight = f64::from(*weight as f32);
        }
        self
    }

    /// The raw score (log-odds) of a feature vector.
    pub fn score(&self, x: &[(u32, f32)]) -> f64 {
        self.intercept
            + x.iter()
                .map(|&(i, v)| self.weights.get(i as usize).copied().unwrap_or(0.0) * v as f64)
                .sum::<f64>()
    }

    /// The same head with its log-odds multiplied by `factor` (probability calibration).
    pub fn scaled(self, factor: f64) -> Self {
        Head {
            weights: self.weights.iter().map(|w| w * factor).collect(),
            intercept: self.intercept * factor,
            threshold: self.threshold,
        }
    }

    /// The probability that the offence's elements are met.
    pub fn probability(&self, x: &SparseVector) -> f64 {
        sigmoid(self.score(x))
    }

    /// Each active feature's push on the score (weight × value), strongest first.
    pub fn contributions(&self, x: &SparseVector) -> Vec<(usize, f64)> {
        let mut pushes: Vec<(usize, f64)> = x
            .iter()
            .map(|&(i, v)| (i as usize, self.weights[i as usize] * v as f64))
            .filter(|(_, push)| *push != 0.0)
            .collect();
        pushes.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        pushes
    }
}

/// The logistic function, kept finite for any input.
pub fn sigmoid(z: f64) -> f64 {
    sigmoid_given(z, (-z.abs()).exp())
}

/// The logistic function at `z`, given `e = e^-|z|` (never overflows), for the
/// training loss, which needs `e^-|z|` for the loss as well.
pub(crate) fn sigmoid_given(z: f64, e: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    }
}

/// P(element present) for each element, from the log-odds in
/// [`Prediction::element_scores`].
pub fn element_probabilities(scores: Option<[f64; 6]>) -> Option<[f64; 6]> {
    scores.map(|scores| scores.map(sigmoid))
}

/// Whether the probability of log-odds `z` is at least one half: exactly
/// `sigmoid(z) >= 0.5`, without computing an exponential unless `z` is below zero.
pub fn at_least_even_odds(z: f64) -> bool {
    z >= 0.0 || sigmoid(z) >= 0.5
}

/// The model's answer for one case.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// The log-odds of each element, in [`Element::ALL`] order, when the model has
    /// element heads (trained on annotated element columns); kept as log-odds because
    /// most outputs need only which side of even odds each is on, see
    /// [`element_probabilities`].
    pub element_scores: Option<[f64; 6]>,
    /// P(trafficking elements met).
    pub p_trafficking: f64,
    /// P(smuggling elements met).
    pub p_smuggling: f64,
    /// The label that follows from the two heads and their thresholds.
    pub label: Label,
}

/// A trained model, ready to classify.
#[derive(Debug, Clone)]
pub struct Model {
    /// Turns texts into feature vectors with the trained vocabulary.
    pub featurizer: Featurizer,
    /// P(trafficking elements met).
    pub trafficking: Head,
    /// P(smuggling elements met).
    pub smuggling: Head,
    /// One head per element, in [`Element::ALL`] order, when the training data had
    /// element columns: reads the evidence and the words, as the annotators did.
    pub element_heads: Vec<Head>,
    /// How, when and on what the model was trained.
    pub training: TrainingMetadata,
    /// All heads' weights interleaved by feature, built on the first prediction.
    packed: OnceLock<PackedHeads>,
}

/// Every head's weights for one feature side by side, so a prediction reads one short
/// row per active feature instead of one scattered weight per head.
#[derive(Debug, Clone)]
struct PackedHeads {
    /// Per feature column, the weight of each head (unused heads are zero), as `f32`:
    /// half a cache line per feature, where a 20,000-term vocabulary's `f64` rows
    /// missed the cache often enough to cost 5% of classification time. The rounding
    /// moves a probability by about 1e-7.
    weights: Vec<[f32; MAX_HEADS]>,
    /// Each head's intercept.
    intercepts: [f64; MAX_HEADS],
}

/// Two offence heads and six element heads.
const MAX_HEADS: usize = 8;

impl PackedHeads {
    fn new<'h>(heads: impl Iterator<Item = &'h Head>) -> Self {
        let heads: Vec<&Head> = heads.take(MAX_HEADS).collect();
        let width = heads.iter().map(|h| h.weights.len()).max().unwrap_or(0);
        let mut weights = vec![[0.0f32; MAX_HEADS]; width];
        let mut intercepts = [0.0; MAX_HEADS];
        for (slot, head) in heads.iter().enumerate() {
            intercepts[slot] = head.intercept;
            for (column, weight) in head.weights.iter().enumerate() {
                weights[column][slot] = *weight as f32;
            }
        }
        PackedHeads {
            weights,
            intercepts,
        }
    }

    /// Every head's log-odds, summed in the same order as [`Head::score`] (from the
    /// weights rounded to `f32`).
    fn scores(&self, x: &SparseVector) -> [f64; MAX_HEADS] {
        let mut sums = [0.0; MAX_HEADS];
        for &(column, value) in x {
            if let Some(row) = self.weights.get(column as usize) {
                for (sum, weight) in sums.iter_mut().zip(row) {
                    *sum += f64::from(*weight) * f64::from(value);
                }
            }
        }
        let mut scores = self.intercepts;
        for (score, sum) in scores.iter_mut().zip(sums) {
            *score += sum;
        }
        scores
    }
}

impl Model {
    /// Builds a model from its parts.
    pub fn new(
        vocabulary: Vocabulary,
        trafficking: Head,
        smuggling: Head,
        element_heads: Vec<Head>,
        training: TrainingMetadata,
    ) -> Self {
        Model {
            featurizer: Featurizer::new(vocabulary),
            trafficking: trafficking.with_f32_weights(),
            smuggling: smuggling.with_f32_weights(),
            element_heads: element_heads
                .into_iter()
                .map(Head::with_f32_weights)
                .collect(),
            training,
            packed: OnceLock::new(),
        }
    }

    /// The feature vector of a case.
    pub fn features(&self, text: &str, analysis: &Analysis) -> SparseVector {
        self.featurizer.vector(text, analysis)
    }

    /// The feature vector of a case, into `vector` (its capacity reused).
    pub fn features_into(&self, text: &str, analysis: &Analysis, vector: &mut SparseVector) {
        self.featurizer.vector_into(text, analysis, vector);
    }

    /// Both heads' probabilities and the label for a feature vector.
    pub fn predict(&self, x: &SparseVector) -> Prediction {
        let packed = self.packed.get_or_init(|| {
            let offences = [&self.trafficking, &self.smuggling];
            PackedHeads::new(offences.into_iter().chain(&self.element_heads))
        });
        let scores = packed.scores(x);
        let p_trafficking = sigmoid(scores[0]);
        let p_smuggling = sigmoid(scores[1]);
        let element_scores = (self.element_heads.len() == 6).then(|| {
            let mut elements = [0.0; 6];
            elements.copy_from_slice(&scores[2..]);
            elements
        });
        Prediction {
            element_scores,
            p_trafficking,
            p_smuggling,
            label: Label::from_offences(
                p_trafficking >= self.trafficking.threshold,
                p_smuggling >= self.smuggling.threshold,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_written_as_f32_and_read_back_exactly() {
        // A file of an earlier tipsom, whose weights were written as `f64`, still reads.
        let earlier = r#"{"weights":[0.831794023513794,-3.670622110366821,0.1],"intercept":-1.5,"threshold":0.5}"#;
        let head: Head = serde_json::from_str(earlier).unwrap();
        let expected: Vec<f64> = [0.831794023513794f64, -3.670622110366821, 0.1]
            .iter()
            .map(|w| f64::from(*w as f32))
            .collect();
        assert_eq!(head.weights, expected);
        let written = serde_json::to_string(&head).unwrap();
        assert!(
            written.starts_with(r#"{"weights":[0.831794,-3.670622,0.1],"#),
            "{written}"
        );
        let again: Head = serde_json::from_str(&written).unwrap();
        assert_eq!(again, head);
    }

    #[test]
    fn sigmoid_is_finite_and_bounded() {
        for z in [-1e308, -800.0, -1.0, 0.0, 1.0, 800.0, 1e308] {
            let p = sigmoid(z);
            assert!(p.is_finite() && (0.0..=1.0).contains(&p), "{z} -> {p}");
        }
        assert_eq!(sigmoid(0.0), 0.5);
    }

    #[test]
    fn even_odds_test_agrees_with_the_probability() {
        let mut zs = vec![0.0, -0.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
        zs.extend(
            [1e-300, 1e-17, 1e-16, 1e-9, 0.3, 40.0]
                .iter()
                .flat_map(|z| [*z, -z]),
        );
        zs.extend((0..2000).map(|i| (i as f64 - 1000.0) * 1.7e-3));
        for z in zs {
            assert_eq!(at_least_even_odds(z), sigmoid(z) >= 0.5, "{z}");
        }
        assert!(at_least_even_odds(-1e-17), "rounds to one half");
        assert!(!at_least_even_odds(-1e-9));
    }

    #[test]
    fn packed_scores_equal_each_heads_own_score() {
        let heads = [
            Head {
                weights: vec![0.5, -2.0, 1.0],
                intercept: 0.25,
                threshold: 0.5,
            },
            Head {
                weights: vec![-1.5, 0.0, 3.0],
                intercept: -1.0,
                threshold: 0.5,
            },
        ];
        let x = vec![(0, 1.0), (2, 0.5), (7, 1.0)];
        let scores = PackedHeads::new(heads.iter()).scores(&x);
        assert_eq!(scores[0], heads[0].score(&x));
        assert_eq!(scores[1], heads[1].score(&x));
        assert!(scores[2..].iter().all(|s| *s == 0.0));
    }

    #[test]
    fn contributions_are_weight_times_value() {
        let head = Head {
            weights: vec![0.5, -2.0, 1.0],
            intercept: 0.0,
            threshold: 0.5,
        };
        let pushes = head.contributions(&vec![(0, 1.0), (1, 0.5), (2, 0.0)]);
        assert_eq!(pushes, vec![(1, -1.0), (0, 0.5)]);
    }
}
