//! Fitting the two heads with linfa-logistic, and choosing regularisation by
//! stratified k-fold cross-validation.
//!
//! Guards against linfa-logistic 0.8.1's traps (see the engineering notes): targets
//! are `bool` and the positive class is read back so the sign can never flip; shapes
//! and classes are checked before fitting; the final gradient is measured so silent
//! non-convergence becomes a warning. Folds are shuffled with a seeded ChaCha RNG,
//! so the same data and seed give the same model.

use super::file::CrossValidation;
use super::{sigmoid, Head, Model, TrainingMetadata};
use crate::analysis::{Analysis, Element};
use crate::error::{Error, Result};
use crate::features::{Featurizer, SparseVector, Vocabulary, VocabularyOptions};
use crate::label::Label;
use crate::metrics::Confusion;
use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Number of cross-validation folds.
    pub folds: usize,
    /// Seed for the fold shuffle.
    pub seed: u64,
    /// L2 strengths to try (linfa's loss is a sum, so these scale with the data).
    pub alphas: Vec<f64>,
    /// Vocabulary settings.
    pub vocabulary: VocabularyOptions,
    /// Iteration cap for the optimiser.
    pub max_iterations: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            folds: 5,
            seed: 42,
            alphas: vec![0.3, 0.1, 0.03, 0.01],
            vocabulary: VocabularyOptions {
                min_cases: 3,
                max_terms: 2000,
            },
            max_iterations: 300,
        }
    }
}

/// One labeled training case, analysed.
#[derive(Debug, Clone)]
pub struct Example {
    /// The case text.
    pub text: String,
    /// Its label.
    pub label: Label,
    /// The analyser's evidence for it.
    pub analysis: Analysis,
    /// The annotated element columns, when the data has them.
    pub elements: Option<[bool; 6]>,
}

/// What training produced besides the model: notes for the user.
#[derive(Debug)]
pub struct Trained {
    /// The fitted model (its metadata's data files are left for the caller to fill).
    pub model: Model,
    /// Out-of-fold predicted label of every example, for the chosen alpha.
    pub out_of_fold: Vec<Label>,
    /// Things the user should know (e.g. the optimiser did not converge).
    pub warnings: Vec<String>,
}

/// Checks that the examples can train both heads with the requested folds.
pub fn check_trainable(examples: &[Example], folds: usize) -> Result<()> {
    if folds < 2 {
        return Err(Error::usage("--folds must be at least 2"));
    }
    if examples.len() < folds * 2 {
        return Err(Error::input(format!(
            "only {} labeled cases: cross-validation with {folds} folds needs at least {}. Add cases or lower --folds.",
            examples.len(),
            folds * 2
        )));
    }
    for (offence, is_positive) in [
        ("trafficking", Label::is_trafficking as fn(Label) -> bool),
        ("smuggling", Label::is_smuggling),
    ] {
        let positives = examples.iter().filter(|e| is_positive(e.label)).count();
        let negatives = examples.len() - positives;
        if positives < folds || negatives < folds {
            return Err(Error::input(format!(
                "the {offence} head needs at least {folds} cases with and {folds} without the offence (labels {}); the data has {positives} with and {negatives} without. Add cases of the missing kind.",
                if offence == "trafficking" { "trafficking/both" } else { "smuggling/both" }
            )));
        }
    }
    Ok(())
}

/// Trains a model: cross-validates each alpha, keeps the best, refits on all data.
pub fn train(examples: &[Example], options: &TrainOptions) -> Result<Trained> {
    check_trainable(examples, options.folds)?;
    let folds = stratified_folds(examples, options.folds, options.seed);
    let prepared: Vec<FoldData> = (0..options.folds)
        .into_par_iter()
        .map(|fold| FoldData::new(examples, &folds, fold, options))
        .collect();
    let mut search = Vec::new();
    let mut best: Option<(f64, f64, Vec<[f64; 2]>)> = None;
    let mut warnings = Vec::new();
    for &alpha in &options.alphas {
        let results: Vec<Result<HeldOutScores>> = prepared
            .par_iter()
            .map(|fold| fold.held_out_scores(alpha, options.max_iterations))
            .collect();
        let mut scores = vec![[0.0; 2]; examples.len()];
        for result in results {
            for (i, score) in result? {
                scores[i] = score;
            }
        }
        let f1 = confusion_of(examples, &labels_of(&scores)).macro_f1();
        search.push((alpha, f1));
        if best
            .as_ref()
            .is_none_or(|(_, best_f1, _)| f1 > *best_f1 + 1e-9)
        {
            best = Some((alpha, f1, scores));
        }
    }
    let (alpha, _, scores) =
        best.ok_or_else(|| Error::usage("no regularisation strength to try"))?;
    let out_of_fold = labels_of(&scores);
    let scale_t = calibration_scale(&scores, examples, 0, Label::is_trafficking);
    let scale_s = calibration_scale(&scores, examples, 1, Label::is_smuggling);
    let vocabulary = Vocabulary::fit(examples.iter().map(|e| e.text.as_str()), options.vocabulary);
    let featurizer = Featurizer::new(vocabulary.clone());
    let x = dense(&featurizer, examples.iter());
    let (trafficking, note_t) = fit_head(
        x.view(),
        &targets(examples.iter(), Label::is_trafficking),
        alpha,
        options.max_iterations,
        "trafficking",
    )?;
    let (smuggling, note_s) = fit_head(
        x.view(),
        &targets(examples.iter(), Label::is_smuggling),
        alpha,
        options.max_iterations,
        "smuggling",
    )?;
    warnings.extend(note_t.into_iter().chain(note_s));
    let trafficking = trafficking.scaled(scale_t);
    let smuggling = smuggling.scaled(scale_s);
    let element_heads = fit_element_heads(
        examples,
        x.view(),
        alpha,
        options.max_iterations,
        &mut warnings,
    )?;
    let confusion = confusion_of(examples, &out_of_fold);
    let training = TrainingMetadata {
        tipsom_version: env!("CARGO_PKG_VERSION").to_string(),
        trained_at: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        rows: examples.len(),
        label_counts: Label::ALL
            .iter()
            .map(|l| {
                (
                    l.to_string(),
                    examples.iter().filter(|e| e.label == *l).count(),
                )
            })
            .collect(),
        data_files: Vec::new(),
        alpha,
        calibration_scale: [scale_t, scale_s],
        min_cases_per_term: options.vocabulary.min_cases,
        cross_validation: CrossValidation {
            folds: options.folds,
            seed: options.seed,
            macro_f1: confusion.macro_f1(),
            accuracy: confusion.accuracy(),
            per_label: Label::ALL
                .iter()
                .map(|l| (l.to_string(), confusion.scores(*l)))
                .collect(),
            confusion: confusion.counts,
            alpha_search: search,
        },
    };
    Ok(Trained {
        model: Model::new(vocabulary, trafficking, smuggling, element_heads, training),
        out_of_fold,
        warnings,
    })
}

/// Fits one head per element when every example has annotated element columns
/// and each element occurs both present and absent; otherwise returns none.
fn fit_element_heads(
    examples: &[Example],
    x: ArrayView2<f64>,
    alpha: f64,
    max_iterations: u64,
    warnings: &mut Vec<String>,
) -> Result<Vec<Head>> {
    let Some(annotated) = examples
        .iter()
        .map(|e| e.elements)
        .collect::<Option<Vec<_>>>()
    else {
        return Ok(Vec::new());
    };
    let mut heads = Vec::with_capacity(6);
    for element in Element::ALL {
        let y: Array1<bool> = annotated.iter().map(|a| a[element.index()]).collect();
        let positives = y.iter().filter(|v| **v).count();
        if positives == 0 || positives == y.len() {
            warnings.push(format!(
                "the element column {} is never (or always) 1, so no element heads were trained; element columns will come from the evidence alone",
                element.column()
            ));
            return Ok(Vec::new());
        }
        let (head, note) = fit_head(x, &y, alpha, max_iterations, element.column())?;
        warnings.extend(note);
        heads.push(head);
    }
    Ok(heads)
}

/// Labels from the two heads' log-odds (threshold 0.5 is log-odds 0).
fn labels_of(scores: &[[f64; 2]]) -> Vec<Label> {
    scores
        .iter()
        .map(|[t, s]| Label::from_offences(*t >= 0.0, *s >= 0.0))
        .collect()
}

/// The factor on a head's log-odds that makes its out-of-fold probabilities best
/// calibrated (least log-loss). Scaling keeps every decision at threshold 0.5 and
/// only stops a lightly regularised head from claiming certainty it has not earned.
fn calibration_scale(
    scores: &[[f64; 2]],
    examples: &[Example],
    head: usize,
    offence: fn(Label) -> bool,
) -> f64 {
    let log_loss = |scale: f64| -> f64 {
        scores
            .iter()
            .zip(examples)
            .map(|(score, e)| {
                let p = sigmoid(scale * score[head]).clamp(1e-12, 1.0 - 1e-12);
                if offence(e.label) {
                    -p.ln()
                } else {
                    -(1.0 - p).ln()
                }
            })
            .sum()
    };
    (1..=200)
        .map(|step| step as f64 * 0.01)
        .min_by(|a, b| log_loss(*a).total_cmp(&log_loss(*b)))
        .unwrap_or(1.0)
}

/// The confusion matrix of predictions against the examples' labels.
pub fn confusion_of(examples: &[Example], predicted: &[Label]) -> Confusion {
    let mut confusion = Confusion::default();
    for (example, label) in examples.iter().zip(predicted) {
        confusion.add(example.label, *label);
    }
    confusion
}

/// Assigns each example a fold, stratified by label, shuffled with the seed.
fn stratified_folds(examples: &[Example], folds: usize, seed: u64) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut fold_of = vec![0; examples.len()];
    let mut next = 0;
    for label in Label::ALL {
        let mut members: Vec<usize> = (0..examples.len())
            .filter(|&i| examples[i].label == label)
            .collect();
        members.shuffle(&mut rng);
        for i in members {
            fold_of[i] = next % folds;
            next += 1;
        }
    }
    fold_of
}

/// Held-out cases' indices with their (trafficking, smuggling) log-odds.
type HeldOutScores = Vec<(usize, [f64; 2])>;

/// One fold's training matrix and held-out vectors, built once for all alphas.
struct FoldData {
    x: Array2<f64>,
    trafficking: Array1<bool>,
    smuggling: Array1<bool>,
    held_out: Vec<(usize, SparseVector)>,
}

impl FoldData {
    fn new(examples: &[Example], folds: &[usize], fold: usize, options: &TrainOptions) -> Self {
        let train: Vec<&Example> = examples
            .iter()
            .zip(folds)
            .filter(|(_, f)| **f != fold)
            .map(|(e, _)| e)
            .collect();
        let vocabulary = Vocabulary::fit(train.iter().map(|e| e.text.as_str()), options.vocabulary);
        let featurizer = Featurizer::new(vocabulary);
        let held_out = examples
            .iter()
            .enumerate()
            .filter(|(i, _)| folds[*i] == fold)
            .map(|(i, e)| (i, featurizer.vector(&e.text, &e.analysis)))
            .collect();
        FoldData {
            x: dense(&featurizer, train.iter().copied()),
            trafficking: targets(train.iter().copied(), Label::is_trafficking),
            smuggling: targets(train.iter().copied(), Label::is_smuggling),
            held_out,
        }
    }

    /// Fits both heads on the fold's training part; returns the held-out cases' log-odds.
    fn held_out_scores(&self, alpha: f64, max_iterations: u64) -> Result<HeldOutScores> {
        let (t, _) = fit_head(
            self.x.view(),
            &self.trafficking,
            alpha,
            max_iterations,
            "trafficking",
        )?;
        let (s, _) = fit_head(
            self.x.view(),
            &self.smuggling,
            alpha,
            max_iterations,
            "smuggling",
        )?;
        Ok(self
            .held_out
            .iter()
            .map(|(i, x)| (*i, [t.score(x), s.score(x)]))
            .collect())
    }
}

fn dense<'a>(featurizer: &Featurizer, examples: impl Iterator<Item = &'a Example>) -> Array2<f64> {
    let rows: Vec<SparseVector> = examples
        .map(|e| featurizer.vector(&e.text, &e.analysis))
        .collect();
    let mut x = Array2::zeros((rows.len(), featurizer.width()));
    for (r, row) in rows.iter().enumerate() {
        for &(c, v) in row {
            x[[r, c as usize]] = v as f64;
        }
    }
    x
}

fn targets<'a>(
    examples: impl Iterator<Item = &'a Example>,
    offence: fn(Label) -> bool,
) -> Array1<bool> {
    examples.map(|e| offence(e.label)).collect()
}

/// Fits one head; returns it with a warning when the optimiser stopped short.
fn fit_head(
    x: ArrayView2<f64>,
    y: &Array1<bool>,
    alpha: f64,
    max_iterations: u64,
    name: &str,
) -> Result<(Head, Option<String>)> {
    if x.nrows() != y.len() || x.nrows() == 0 {
        return Err(Error::input(format!(
            "the {name} head has no training rows"
        )));
    }
    let dataset = DatasetBase::new(x, y.view());
    let fitted = LogisticRegression::default()
        .alpha(alpha)
        .max_iterations(max_iterations)
        .gradient_tolerance(1e-4)
        .fit(&dataset)
        .map_err(|e| {
            Error::input(format!(
                "fitting the {name} head failed: {e}. This happens when the data separates too easily; add more varied cases."
            ))
        })?;
    let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
    let head = Head {
        weights: fitted.params().iter().map(|w| sign * w).collect(),
        intercept: sign * fitted.intercept(),
        threshold: 0.5,
    };
    let norm = gradient_norm(&head, x, y.view(), alpha);
    let warning = (norm > 1e-2).then(|| {
        format!("the {name} head stopped before converging (gradient norm {norm:.3}); results may be slightly off")
    });
    Ok((head, warning))
}

/// Norm of the gradient of linfa's loss (summed log-loss + alpha/2 |w|²) at the head.
fn gradient_norm(head: &Head, x: ArrayView2<f64>, y: ArrayView1<bool>, alpha: f64) -> f64 {
    let w = Array1::from(head.weights.clone());
    let scores = x.dot(&w) + head.intercept;
    let residual: Array1<f64> = scores
        .iter()
        .zip(y.iter())
        .map(|(s, t)| sigmoid(*s) - if *t { 1.0 } else { 0.0 })
        .collect();
    let gradient = x.t().dot(&residual) + &w * alpha;
    let intercept = residual.sum();
    (gradient.mapv(|g| g * g).sum() + intercept * intercept).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    fn example(text: &str, label: Label) -> Example {
        Example {
            text: text.to_string(),
            label,
            analysis: analyze(text),
            elements: None,
        }
    }

    fn toy() -> Vec<Example> {
        let mut out = Vec::new();
        for i in 0..6 {
            out.push(example(
                &format!(
                    "case {i}: she was recruited, beaten and forced into prostitution in a brothel"
                ),
                Label::Trafficking,
            ));
            out.push(example(
                &format!("case {i}: they paid the smuggler to cross the border illegally by boat"),
                Label::Smuggling,
            ));
            out.push(example(&format!("case {i}: they paid a smuggler to cross the border illegally, then were locked up and forced to work to pay the debt"), Label::Both));
            out.push(example(
                &format!("case {i}: the police seized cocaine at the port and arrested two men"),
                Label::Neither,
            ));
        }
        out
    }

    #[test]
    fn folds_are_stratified_and_reproducible() {
        let data = toy();
        let a = stratified_folds(&data, 3, 7);
        assert_eq!(a, stratified_folds(&data, 3, 7));
        for fold in 0..3 {
            for label in Label::ALL {
                let n = data
                    .iter()
                    .zip(&a)
                    .filter(|(e, f)| e.label == label && **f == fold)
                    .count();
                assert_eq!(n, 2);
            }
        }
    }

    #[test]
    fn positive_class_orientation_is_right_whatever_the_class_balance() {
        let data = toy();
        let options = TrainOptions {
            folds: 3,
            alphas: vec![1.0],
            ..TrainOptions::default()
        };
        let trained = train(&data, &options).unwrap();
        let model = trained.model;
        for e in &data {
            let p = model.predict(&model.features(&e.text, &e.analysis));
            assert_eq!(p.label, e.label, "{}", e.text);
        }
    }

    #[test]
    fn one_class_data_is_refused() {
        let data: Vec<Example> = toy()
            .into_iter()
            .filter(|e| e.label == Label::Neither)
            .collect();
        let err = check_trainable(&data, 2).unwrap_err();
        assert!(err.message.contains("trafficking head"), "{}", err.message);
    }

    #[test]
    fn too_few_rows_for_the_folds_is_refused() {
        let data = toy();
        assert!(check_trainable(&data[..5], 5).is_err());
    }
}
