//! Fitting the heads with linfa-logistic, and choosing regularisation by stratified
//! k-fold cross-validation (or, for large data, one stratified hold-out).
//!
//! Guards against linfa-logistic 0.8.1's traps (see the engineering notes): targets
//! are `bool` and the positive class is read back so the sign can never flip; shapes
//! and classes are checked before fitting; the final gradient is measured so silent
//! non-convergence becomes a warning. Folds are shuffled with a seeded ChaCha RNG,
//! so the same data and seed give the same model.
//!
//! Speed (issue 5). linfa only takes a dense matrix and runs L-BFGS over it, so its
//! time is (passes over the matrix) × (matrix size), while our rows are ~97% zeros.
//! So each head's optimum is first found on the sparse rows by the same solver and
//! objective (`sparse_start`): model selection scores those optima directly, and
//! each offence head of the shipped model is then fitted by linfa-logistic starting
//! there, which checks its own stopping rule on the dense matrix and goes on if it is
//! not met. The six element heads keep their sparse optimum: linfa's refit of it moved
//! no element probability by more than 4e-8 on the validation cases, and its input
//! check alone took a third of the training time.
//! The dense matrix is built once, for those final fits:
//! - `f32`, column-major: half the bytes of `f64`, and linfa's gradient (`xᵀ·r`)
//!   walks contiguous columns instead of striding across rows;
//! - centred columns: `x·w + b = (x - μ)·w + (b + μ·w)`, so the optimum is the same
//!   model (the penalty is on `w` alone), but the intercept no longer fights the
//!   always-on evidence columns and L-BFGS needs fewer iterations.
//!
//! A cold fit on more than twice `COARSE_ROWS` rows starts from the optimum on every
//! k-th row (about `COARSE_ROWS` of them, alpha scaled to match), which is cheap and
//! near the full optimum, so the fit on all rows needs fewer steps.
//!
//! Every fit stops on a tolerance scaled by the number of rows, because linfa's loss
//! is a sum: the mean gradient must fall below [`TrainOptions::tolerance`],
//! scikit-learn's convention. Each fold and head walks the alphas from the strongest
//! regularisation to the weakest, starting each fit at the previous optimum, and the
//! walk stops at the first alpha whose held-out macro-F1 does not rise.
//!
//! Independent fits (folds × heads, then the final heads) run in parallel.

use super::file::CrossValidation;
use super::sparse_start::{self, SparseRows};
use super::{sigmoid, Head, Model, TrainingMetadata};
use crate::analysis::{Analysis, Element};
use crate::error::{Error, Result};
use crate::features::{Featurizer, SparseVector, Vocabulary, VocabularyOptions};
use crate::label::Label;
use crate::metrics::Confusion;
use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2, ArrayView1, ShapeBuilder};
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
    /// Convergence target on the mean gradient: a fit stops when the norm of linfa's
    /// (summed) gradient falls below `tolerance × rows`. A fixed tolerance on a sum
    /// would get stricter as the data grows; this is scikit-learn's convention.
    pub tolerance: f64,
    /// With more rows than this, model selection uses one stratified hold-out (the
    /// first of the k folds, 1/k of the rows) instead of all k folds: k times fewer
    /// fits, where a large held-out set already gives a stable estimate.
    pub holdout_above: usize,
}

/// The largest vocabulary kept by default: trained without one of the three sets of real
/// cases in outside writers' registers (`P`, `Q`, `S`), 20,000 terms predict that set
/// better than 5,000 or 10,000, as they do the real-case cross-validation (README, Quality).
pub const DEFAULT_MAX_TERMS: usize = 20_000;

/// Bytes the dense matrix linfa-logistic fits on may take by default (800 MiB): at
/// 100,000 cases that keeps about 2,000 terms, where training stays faster than
/// scikit-learn's and within 2 GB (BENCHMARKS.md, Training).
const DENSE_MATRIX_BUDGET: usize = 800 << 20;

/// The default vocabulary cap for `rows` training cases: [`DEFAULT_MAX_TERMS`], or
/// fewer when the dense `f32` matrix of that many rows would exceed its budget (large
/// data needs the memory more than the extra terms; at least 500 terms are kept).
pub fn default_max_terms(rows: usize) -> usize {
    let evidence_columns = crate::features::evidence_feature_names().len();
    let columns_in_budget = DENSE_MATRIX_BUDGET / (rows.max(1) * std::mem::size_of::<f32>());
    columns_in_budget
        .saturating_sub(evidence_columns)
        .clamp(500, DEFAULT_MAX_TERMS)
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            folds: 5,
            seed: 42,
            alphas: vec![0.03, 0.01, 0.003, 0.001],
            vocabulary: VocabularyOptions {
                min_cases: 3,
                max_terms: DEFAULT_MAX_TERMS,
            },
            max_iterations: 300,
            tolerance: 1e-4,
            holdout_above: 20_000,
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
    /// Held-out predicted label of each example for the chosen alpha; `None` for the
    /// examples that were never held out (the hold-out protocol of large data).
    pub out_of_fold: Vec<Option<Label>>,
    /// Held-out calibrated (P(trafficking), P(smuggling)) of each example for the chosen
    /// alpha, as the final model would give them; `None` where `out_of_fold` is.
    pub out_of_fold_probabilities: Vec<Option<[f64; 2]>>,
    /// How the alpha was chosen, in words (e.g. "5-fold cross-validation").
    pub protocol: String,
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

/// Whether a label has an offence's elements met.
type Offence = fn(Label) -> bool;

/// The two offence heads' names and targets, in head order.
const OFFENCES: [(&str, Offence); 2] = [
    ("trafficking", Label::is_trafficking),
    ("smuggling", Label::is_smuggling),
];

/// Trains a model: scores each alpha on held-out folds, keeps the best, refits on all data.
pub fn train(examples: &[Example], options: &TrainOptions) -> Result<Trained> {
    check_trainable(examples, options.folds)?;
    if options.alphas.is_empty() {
        return Err(Error::usage("no regularisation strength to try"));
    }
    let folds = stratified_folds(examples, options.folds, options.seed);
    let (held_folds, protocol) = if examples.len() > options.holdout_above {
        (
            vec![0],
            format!(
                "one stratified hold-out of 1/{} of the cases, as there are more than {}",
                options.folds, options.holdout_above
            ),
        )
    } else {
        (
            (0..options.folds).collect(),
            format!("{}-fold cross-validation", options.folds),
        )
    };
    let held: Vec<bool> = folds.iter().map(|f| held_folds.contains(f)).collect();
    let mut steps = regularisation_path(examples, &folds, &held_folds, &held, options)?;
    let search: Vec<(f64, f64)> = steps.iter().map(|s| (s.alpha, s.macro_f1)).collect();
    // The first step with the best macro-F1: on a tie, the stronger regularisation.
    let best = (0..steps.len())
        .reduce(|best, i| {
            if steps[i].macro_f1 > steps[best].macro_f1 + 1e-9 {
                i
            } else {
                best
            }
        })
        .ok_or_else(|| Error::usage("no regularisation strength to try"))?;
    let PathStep {
        alpha,
        scores,
        last: last_heads,
        ..
    } = steps.swap_remove(best);
    let out_of_fold: Vec<Option<Label>> = labels_of(&scores)
        .into_iter()
        .zip(&held)
        .map(|(label, held)| held.then_some(label))
        .collect();
    let scale_t = calibration_scale(&scores, examples, &held, 0, Label::is_trafficking);
    let scale_s = calibration_scale(&scores, examples, &held, 1, Label::is_smuggling);
    let out_of_fold_probabilities = scores
        .iter()
        .zip(&held)
        .map(|([t, s], held)| held.then(|| [sigmoid(scale_t * t), sigmoid(scale_s * s)]))
        .collect();

    let vocabulary = Vocabulary::fit_words(
        examples
            .iter()
            .map(|e| (e.text.as_str(), e.analysis.words.as_slice())),
        options.vocabulary,
    );
    let featurizer = Featurizer::new(vocabulary.clone());
    let x = Design::new(&featurizer, examples.iter().collect());
    let dense = x.dense_centred();
    let mut targets: Vec<(String, Vec<bool>)> = OFFENCES
        .iter()
        .map(|(name, offence)| {
            (
                name.to_string(),
                examples.iter().map(|e| offence(e.label)).collect(),
            )
        })
        .collect();
    let mut warnings = Vec::new();
    let annotated: Option<Vec<[bool; 6]>> = examples.iter().map(|e| e.elements).collect();
    if let Some(annotated) = annotated {
        let elements: Vec<(String, Vec<bool>)> = Element::ALL
            .iter()
            .map(|element| {
                (
                    element.column().to_string(),
                    annotated.iter().map(|a| a[element.index()]).collect(),
                )
            })
            .collect();
        match elements
            .iter()
            .find(|(_, y)| y.iter().all(|v| *v) || !y.iter().any(|v| *v))
        {
            Some((column, _)) => warnings.push(format!(
                "the element column {column} is never (or always) 1, so no element heads were trained; element columns will come from the evidence alone"
            )),
            None => targets.extend(elements),
        }
    }
    // The offence heads start from the last fold's heads for this alpha and are fitted
    // by linfa-logistic; the element heads keep their sparse optimum (see the module's notes).
    let starts: Vec<Head> = last_heads
        .iter()
        .map(|(head, from)| remap(head, from, &vocabulary))
        .collect();
    let fitted: Vec<Result<(Head, Option<String>)>> = targets
        .par_iter()
        .enumerate()
        .map(|(i, (name, y))| {
            if i < OFFENCES.len() {
                fit_head(&x, &dense, y, alpha, starts.get(i), options, name)
            } else {
                sparse_head(&x, y, alpha, options, name)
            }
        })
        .collect();
    let mut heads = Vec::with_capacity(fitted.len());
    for result in fitted {
        let (head, note) = result?;
        warnings.extend(note);
        heads.push(head);
    }
    let mut heads = heads.into_iter();
    let (Some(trafficking), Some(smuggling)) = (heads.next(), heads.next()) else {
        return Err(Error::input("the offence heads were not fitted"));
    };
    let trafficking = trafficking.scaled(scale_t);
    let smuggling = smuggling.scaled(scale_s);
    let element_heads: Vec<Head> = heads.collect();
    let confusion = held_out_confusion(examples, &held, &scores);
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
            protocol: protocol.clone(),
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
        out_of_fold_probabilities,
        protocol,
        warnings,
    })
}

/// The regularisation path: the alphas from the strongest to the weakest, each fold
/// and offence head starting every fit where its previous one ended, until the
/// held-out macro-F1 stops rising (the alpha where it first fails to rise is the last
/// one fitted). One step per alpha fitted, in path order.
///
/// Within a step the folds and heads are fitted in parallel. A fold never starts from
/// another fold's head: that head has seen this fold's held-out cases, and a fit that
/// stops at a finite tolerance keeps a trace of its start, which would leak them into
/// the held-out score. Stopping early spares the weakest strengths, the slowest to fit
/// (many more optimiser steps as the data nears separation), when they cannot win.
fn regularisation_path(
    examples: &[Example],
    folds: &[usize],
    held_folds: &[usize],
    held: &[bool],
    options: &TrainOptions,
) -> Result<Vec<PathStep>> {
    let prepared: Vec<FoldData> = held_folds
        .par_iter()
        .map(|&fold| FoldData::new(examples, folds, fold, options))
        .collect();
    let tasks: Vec<(usize, usize)> = (0..prepared.len())
        .flat_map(|fold| (0..OFFENCES.len()).map(move |head| (fold, head)))
        .collect();
    let targets: Vec<Vec<bool>> = tasks
        .iter()
        .map(|&(fold, head)| {
            let offence = OFFENCES[head].1;
            prepared[fold]
                .train
                .iter()
                .map(|&i| offence(examples[i].label))
                .collect()
        })
        .collect();
    let mut strongest_first = options.alphas.clone();
    strongest_first.sort_by(|a, b| b.total_cmp(a));
    let mut steps: Vec<PathStep> = Vec::new();
    let mut previous: Vec<Option<Head>> = vec![None; tasks.len()];
    for alpha in strongest_first {
        let fits = tasks
            .par_iter()
            .zip(&targets)
            .zip(&previous)
            .map(|((&(fold, head), y), start)| {
                let x = &prepared[fold].x;
                optimum_head(x, y, alpha, start.as_ref(), options, OFFENCES[head].0)
            })
            .collect::<Result<Vec<Head>>>()?;
        let step = PathStep::new(alpha, examples, held, &prepared, &tasks, &fits);
        let rose = steps.iter().all(|s| step.macro_f1 > s.macro_f1 + 1e-9);
        steps.push(step);
        if !rose {
            break;
        }
        previous = fits.into_iter().map(Some).collect();
    }
    Ok(steps)
}

/// One alpha of the regularisation path: the held-out scores it gives, their
/// macro-F1, and the last fold's heads (to warm-start the final fit).
struct PathStep {
    alpha: f64,
    /// Every example's held-out (trafficking, smuggling) log-odds (zeros for examples
    /// never held out).
    scores: Vec<[f64; 2]>,
    macro_f1: f64,
    /// The last fold's (trafficking, smuggling) heads with the vocabulary their
    /// columns follow.
    last: Vec<(Head, Vocabulary)>,
}

impl PathStep {
    fn new(
        alpha: f64,
        examples: &[Example],
        held: &[bool],
        prepared: &[FoldData],
        tasks: &[(usize, usize)],
        fits: &[Head],
    ) -> Self {
        let mut scores = vec![[0.0; 2]; examples.len()];
        let mut last = Vec::new();
        for (&(fold, head), fit) in tasks.iter().zip(fits) {
            let data = &prepared[fold];
            for (i, x) in &data.held_out {
                scores[*i][head] = fit.score(x);
            }
            if fold + 1 == prepared.len() {
                last.push((fit.clone(), data.vocabulary.clone()));
            }
        }
        let macro_f1 = held_out_confusion(examples, held, &scores).macro_f1();
        PathStep {
            alpha,
            scores,
            macro_f1,
            last,
        }
    }
}

/// Labels from the two heads' log-odds (threshold 0.5 is log-odds 0).
fn labels_of(scores: &[[f64; 2]]) -> Vec<Label> {
    scores
        .iter()
        .map(|[t, s]| Label::from_offences(*t >= 0.0, *s >= 0.0))
        .collect()
}

/// The confusion matrix of the held-out examples' predicted labels.
fn held_out_confusion(examples: &[Example], held: &[bool], scores: &[[f64; 2]]) -> Confusion {
    let mut confusion = Confusion::default();
    for ((example, label), held) in examples.iter().zip(labels_of(scores)).zip(held) {
        if *held {
            confusion.add(example.label, label);
        }
    }
    confusion
}

/// The factor on a head's log-odds that makes its held-out probabilities best
/// calibrated (least log-loss). Scaling keeps every decision at threshold 0.5 and
/// only stops a lightly regularised head from claiming certainty it has not earned.
fn calibration_scale(
    scores: &[[f64; 2]],
    examples: &[Example],
    held: &[bool],
    head: usize,
    offence: Offence,
) -> f64 {
    let log_loss = |scale: f64| -> f64 {
        scores
            .iter()
            .zip(examples)
            .zip(held)
            .filter(|(_, held)| **held)
            .map(|((score, e), _)| {
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

/// The confusion matrix of predictions against the examples' labels; examples
/// without a prediction (`None`) are left out.
pub fn confusion_of(examples: &[Example], predicted: &[Option<Label>]) -> Confusion {
    let mut confusion = Confusion::default();
    for (example, label) in examples.iter().zip(predicted) {
        if let Some(label) = label {
            confusion.add(example.label, *label);
        }
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

/// One held-out fold: the training part's matrix (with the vocabulary learned on the
/// training part only) and the held-out cases' vectors.
struct FoldData {
    vocabulary: Vocabulary,
    x: Design,
    train: Vec<usize>,
    held_out: Vec<(usize, SparseVector)>,
}

impl FoldData {
    fn new(examples: &[Example], folds: &[usize], fold: usize, options: &TrainOptions) -> Self {
        let train: Vec<usize> = (0..examples.len()).filter(|&i| folds[i] != fold).collect();
        let vocabulary = Vocabulary::fit_words(
            train.iter().map(|&i| {
                let e = &examples[i];
                (e.text.as_str(), e.analysis.words.as_slice())
            }),
            options.vocabulary,
        );
        let featurizer = Featurizer::new(vocabulary.clone());
        let held_out = (0..examples.len())
            .into_par_iter()
            .filter(|&i| folds[i] == fold)
            .map(|i| {
                (
                    i,
                    featurizer.vector(&examples[i].text, &examples[i].analysis),
                )
            })
            .collect();
        FoldData {
            vocabulary,
            x: Design::new(&featurizer, train.iter().map(|&i| &examples[i]).collect()),
            train,
            held_out,
        }
    }
}

/// Training rows for the optimiser: sparse and uncentred, with the column means so
/// that the fit can centre them on the fly (see [`sparse_start`]).
struct Design {
    /// The rows, packed.
    rows: SparseRows,
    /// The column means (in `f64`, for mapping the intercept back exactly).
    mean: Vec<f64>,
}

impl Design {
    fn new(featurizer: &Featurizer, examples: Vec<&Example>) -> Self {
        let rows: Vec<SparseVector> = examples
            .par_iter()
            .map(|e| featurizer.vector(&e.text, &e.analysis))
            .collect();
        let mut mean = vec![0.0f64; featurizer.width()];
        for row in &rows {
            for &(c, v) in row {
                mean[c as usize] += v as f64;
            }
        }
        let n = rows.len().max(1) as f64;
        mean.iter_mut().for_each(|m| *m /= n);
        Design {
            rows: SparseRows::new(&rows),
            mean,
        }
    }

    /// The rows in the shape linfa fits fastest: `f32`, column-major (linfa's gradient
    /// `xᵀ·r` then walks contiguous columns), minus the column means.
    fn dense_centred(&self) -> Array2<f32> {
        let mut centred = Array2::<f32>::zeros((self.rows.len(), self.mean.len()).f());
        for (mut column, m) in centred.columns_mut().into_iter().zip(&self.mean) {
            column.fill(-*m as f32);
        }
        for (r, row) in self.rows.iter().enumerate() {
            for &(c, v) in row {
                centred[[r, c as usize]] = (v as f64 - self.mean[c as usize]) as f32;
            }
        }
        centred
    }
}

/// A head's weights carried over to another vocabulary's columns, to start a fit from:
/// the evidence block keeps its columns, each term keeps its weight when the other
/// vocabulary has it too (both are sorted), new terms start at zero.
fn remap(head: &Head, from: &Vocabulary, to: &Vocabulary) -> Head {
    let evidence = head.weights.len().saturating_sub(from.terms.len());
    let mut weights = head.weights[..evidence].to_vec();
    weights.extend(to.terms.iter().map(|term| {
        from.terms
            .binary_search(term)
            .ok()
            .and_then(|i| head.weights.get(evidence + i))
            .copied()
            .unwrap_or(0.0)
    }));
    Head {
        weights,
        intercept: head.intercept,
        threshold: head.threshold,
    }
}

/// Whether linfa-logistic 0.8.1 will call `true` its positive class for these targets:
/// the more frequent class is positive, and on a tie the first one seen. Only used to
/// orient a warm start; the fitted orientation is always read back from linfa.
fn linfa_positive_is_true(y: &[bool]) -> bool {
    let trues = y.iter().filter(|v| **v).count();
    let falses = y.len() - trues;
    trues > falses || (trues == falses && y.first() == Some(&true))
}

/// The optimum of linfa-logistic's objective for one head, found on the sparse rows
/// from `init` (an earlier head on the same columns), or on large data from a sample's
/// optimum, or else from the best constant model.
/// Model selection scores these directly; [`fit_head`] hands them to linfa.
fn optimum_head(
    x: &Design,
    y: &[bool],
    alpha: f64,
    init: Option<&Head>,
    options: &TrainOptions,
    name: &str,
) -> Result<Head> {
    let rows = x.rows.len();
    if rows != y.len() || rows == 0 {
        return Err(Error::input(format!(
            "the {name} head has no training rows"
        )));
    }
    if !y.iter().any(|v| *v) || y.iter().all(|v| *v) {
        return Err(Error::input(format!(
            "the {name} head's training rows are all of one class; add cases of the other"
        )));
    }
    // Without a warm start, start at the best constant model: w = 0 and, since the
    // columns are centred, the intercept at the log-odds of the base rate.
    let positives = y.iter().filter(|v| **v).count() as f64;
    let constant = Head {
        weights: vec![0.0; x.mean.len()],
        intercept: (positives / (rows as f64 - positives)).ln(),
        threshold: 0.5,
    };
    let coarse;
    let start = match init.filter(|h| h.weights.len() == x.mean.len()) {
        Some(head) => head,
        None if rows > 2 * COARSE_ROWS => {
            let step = rows.div_ceil(COARSE_ROWS);
            let sample = x.rows.every(step);
            let sample_y: Vec<bool> = y.iter().step_by(step).copied().collect();
            coarse = sparse_start::optimum(
                &sample,
                &x.mean,
                &sample_y,
                alpha * sample.len() as f64 / rows as f64,
                &constant,
                options.tolerance,
                options.max_iterations,
            )
            .unwrap_or_else(|_| constant.clone());
            &coarse
        }
        None => &constant,
    };
    // Half linfa's tolerance, so that f32 rounding on linfa's dense side cannot undo it.
    sparse_start::optimum(
        &x.rows,
        &x.mean,
        y,
        alpha,
        start,
        0.5 * options.tolerance,
        options.max_iterations,
    )
    .map_err(|e| fit_failed(name, e))
}

/// Rows in the sample a cold fit on large data starts from: enough for a start near
/// the full optimum, few enough to cost a small part of one fit on all rows.
const COARSE_ROWS: usize = 10_000;

/// The error for a fit that failed, with what to do about it.
fn fit_failed(name: &str, cause: impl std::fmt::Display) -> Error {
    Error::input(format!(
        "fitting the {name} head failed: {cause}. This happens when the data separates too easily; add more varied cases."
    ))
}

/// Fits one head with linfa-logistic on the dense, centred rows `dense` of `x`,
/// starting from the sparse optimum; returns it with a warning when the optimiser
/// stopped short.
fn fit_head(
    x: &Design,
    dense: &Array2<f32>,
    y: &[bool],
    alpha: f64,
    init: Option<&Head>,
    options: &TrainOptions,
    name: &str,
) -> Result<(Head, Option<String>)> {
    let start = optimum_head(x, y, alpha, init, options, name)?;
    let rows = y.len();
    let target = rows as f64 * options.tolerance;
    let params = LogisticRegression::<f32>::default()
        .alpha(alpha as f32)
        .max_iterations(options.max_iterations)
        .gradient_tolerance(target as f32)
        .initial_params(linfa_start(&start, x, y));
    let targets = ArrayView1::from(y);
    let fitted = params
        .fit(&DatasetBase::new(dense.view(), targets))
        .map_err(|e| fit_failed(name, e))?;
    let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
    let weights: Vec<f64> = fitted.params().iter().map(|w| sign * *w as f64).collect();
    let shift = sparse_start::centring_shift(&weights, &x.mean);
    let head = Head {
        intercept: sign * fitted.intercept() as f64 - shift,
        weights,
        threshold: 0.5,
    };
    let warning = convergence_warning(&head, x, y, alpha, options, name);
    Ok((head, warning))
}

/// Fits an element head on the sparse rows alone (see the module's notes); returns it
/// with a warning when the optimiser stopped short.
fn sparse_head(
    x: &Design,
    y: &[bool],
    alpha: f64,
    options: &TrainOptions,
    name: &str,
) -> Result<(Head, Option<String>)> {
    let head = optimum_head(x, y, alpha, None, options, name)?;
    let warning = convergence_warning(&head, x, y, alpha, options, name);
    Ok((head, warning))
}

/// A warning when the head's mean gradient is well above the tolerance.
fn convergence_warning(
    head: &Head,
    x: &Design,
    y: &[bool],
    alpha: f64,
    options: &TrainOptions,
    name: &str,
) -> Option<String> {
    let rows = y.len() as f64;
    let norm = gradient_norm(head, &x.rows, y, alpha);
    (norm > 10.0 * rows * options.tolerance).then(|| {
        format!("the {name} head stopped before converging (mean gradient norm {:.2e}, target {:.0e}); results may be slightly off", norm / rows, options.tolerance)
    })
}

/// A head in linfa's own parameters on the centred design: weights then intercept
/// (which becomes b + μ·w), both signed by the class linfa will call positive.
fn linfa_start(head: &Head, x: &Design, y: &[bool]) -> Array1<f32> {
    let sign = if linfa_positive_is_true(y) { 1.0 } else { -1.0 };
    let shift = sparse_start::centring_shift(&head.weights, &x.mean);
    head.weights
        .iter()
        .map(|w| (sign * w) as f32)
        .chain(std::iter::once((sign * (head.intercept + shift)) as f32))
        .collect()
}

/// Norm of the gradient of linfa's loss (summed log-loss + alpha/2 |w|²) at the head,
/// computed in `f64` on the sparse, uncentred rows.
pub(super) fn gradient_norm(head: &Head, rows: &SparseRows, y: &[bool], alpha: f64) -> f64 {
    let mut gradient: Vec<f64> = head.weights.iter().map(|w| alpha * w).collect();
    let mut intercept = 0.0;
    for (row, t) in rows.iter().zip(y) {
        let residual = sigmoid(head.score(row)) - if *t { 1.0 } else { 0.0 };
        intercept += residual;
        for &(c, v) in row {
            if let Some(g) = gradient.get_mut(c as usize) {
                *g += residual * v as f64;
            }
        }
    }
    (gradient.iter().map(|g| g * g).sum::<f64>() + intercept * intercept).sqrt()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_vocabulary_shrinks_only_for_large_data() {
        assert_eq!(super::default_max_terms(3_000), super::DEFAULT_MAX_TERMS);
        let large = super::default_max_terms(100_000);
        assert!((1900..=2100).contains(&large), "{large}");
        let columns = large + crate::features::evidence_feature_names().len();
        assert!(100_000 * columns * 4 <= super::DENSE_MATRIX_BUDGET);
        assert_eq!(super::default_max_terms(10_000_000), 500);
    }

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

    fn toy_design(data: &[Example]) -> (Vocabulary, Design) {
        let vocabulary = Vocabulary::fit(
            data.iter().map(|e| e.text.as_str()),
            VocabularyOptions {
                min_cases: 2,
                max_terms: 100,
            },
        );
        let featurizer = Featurizer::new(vocabulary.clone());
        let design = Design::new(&featurizer, data.iter().collect());
        (vocabulary, design)
    }

    #[test]
    fn warm_start_reaches_the_same_optimum() {
        let data = toy();
        let (_, x) = toy_design(&data);
        let y: Vec<bool> = data.iter().map(|e| e.label.is_trafficking()).collect();
        let options = TrainOptions {
            tolerance: 1e-6,
            max_iterations: 1000,
            ..TrainOptions::default()
        };
        let dense = x.dense_centred();
        let (cold, _) = fit_head(&x, &dense, &y, 0.1, None, &options, "t").unwrap();
        let (far, _) = fit_head(&x, &dense, &y, 3.0, None, &options, "t").unwrap();
        let (warm, _) = fit_head(&x, &dense, &y, 0.1, Some(&far), &options, "t").unwrap();
        for row in x.rows.iter() {
            let (a, b) = (cold.score(row), warm.score(row));
            assert!((a - b).abs() < 1e-2, "cold {a} warm {b}");
        }
        // The optimum is measured on the uncentred rows: centring was undone exactly.
        assert!(gradient_norm(&warm, &x.rows, &y, 0.1) < 1e-3 * y.len() as f64);
    }

    #[test]
    fn an_element_head_fitted_without_linfa_is_the_head_linfa_fits() {
        let data = toy();
        let (_, x) = toy_design(&data);
        let y: Vec<bool> = data.iter().map(|e| e.label.is_smuggling()).collect();
        let options = TrainOptions::default();
        let dense = x.dense_centred();
        let (linfa, _) = fit_head(&x, &dense, &y, 0.1, None, &options, "s").unwrap();
        let (sparse, warning) = sparse_head(&x, &y, 0.1, &options, "s").unwrap();
        assert_eq!(warning, None);
        for row in x.rows.iter() {
            let (a, b) = (linfa.score(row), sparse.score(row));
            assert!((a - b).abs() < 1e-3, "linfa {a} sparse {b}");
        }
    }

    #[test]
    fn warm_start_orientation_matches_linfa() {
        for y in [
            vec![true, true, false],
            vec![false, false, true],
            vec![true, false],
            vec![false, true],
        ] {
            let x = Array2::from_shape_fn((y.len(), 1), |(i, _)| i as f32);
            let fitted = LogisticRegression::<f32>::default()
                .fit(&DatasetBase::new(x.view(), ArrayView1::from(&y[..])))
                .unwrap();
            assert_eq!(
                fitted.labels().pos.class,
                linfa_positive_is_true(&y),
                "{y:?}"
            );
        }
    }

    #[test]
    fn remap_keeps_weights_by_term() {
        let from = Vocabulary::new(vec!["boat".into(), "debt".into()], vec![1.0; 2]);
        let to = Vocabulary::new(vec!["brothel".into(), "debt".into()], vec![1.0; 2]);
        let head = Head {
            weights: vec![0.5, 1.0, 2.0],
            intercept: -1.0,
            threshold: 0.5,
        };
        let moved = remap(&head, &from, &to);
        assert_eq!(moved.weights, vec![0.5, 0.0, 2.0]);
        assert_eq!(moved.intercept, -1.0);
    }

    #[test]
    fn a_cold_fit_on_large_data_still_reaches_the_full_optimum() {
        // More rows than the coarse sample, so the fit starts from the sample's optimum.
        let n = 2 * COARSE_ROWS + 5_000;
        let vectors: Vec<SparseVector> = (0..n)
            .map(|i| vec![(0, (i % 7) as f32 / 7.0), (1, (i % 5) as f32 / 5.0)])
            .collect();
        let y: Vec<bool> = (0..n).map(|i| (i % 7) + (i % 3) > 4).collect();
        let mut mean = vec![0.0; 2];
        for v in &vectors {
            for &(c, value) in v {
                mean[c as usize] += value as f64 / n as f64;
            }
        }
        let x = Design {
            rows: SparseRows::new(&vectors),
            mean,
        };
        let options = TrainOptions::default();
        let head = optimum_head(&x, &y, 0.1, None, &options, "t").unwrap();
        let norm = gradient_norm(&head, &x.rows, &y, 0.1);
        assert!(norm <= 0.5 * options.tolerance * n as f64, "{norm}");
    }

    #[test]
    fn held_out_probabilities_give_the_held_out_labels() {
        let data = toy();
        let options = TrainOptions {
            folds: 3,
            alphas: vec![1.0, 0.3],
            ..TrainOptions::default()
        };
        let trained = train(&data, &options).unwrap();
        for (label, p) in trained
            .out_of_fold
            .iter()
            .zip(&trained.out_of_fold_probabilities)
        {
            let (label, [t, s]) = (label.unwrap(), p.unwrap());
            assert!((0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&s));
            assert_eq!(label, Label::from_offences(t >= 0.5, s >= 0.5));
        }
    }

    #[test]
    fn the_path_stops_at_the_first_strength_whose_macro_f1_does_not_rise() {
        let options = TrainOptions {
            folds: 3,
            alphas: vec![0.01, 1.0, 0.3, 0.1, 0.03],
            ..TrainOptions::default()
        };
        let trained = train(&toy(), &options).unwrap();
        let cv = &trained.model.training.cross_validation;
        let tried: Vec<f64> = cv.alpha_search.iter().map(|(alpha, _)| *alpha).collect();
        let f1: Vec<f64> = cv.alpha_search.iter().map(|(_, f1)| *f1).collect();
        // Strongest first, whatever the order given.
        assert!(tried.windows(2).all(|w| w[0] > w[1]), "{tried:?}");
        let best_before = |i: usize| f1[..i].iter().copied().fold(f64::MIN, f64::max);
        for i in 1..f1.len() - 1 {
            assert!(f1[i] > best_before(i), "step {i} did not rise: {f1:?}");
        }
        // The toy cases separate at every strength, so the walk stops early.
        assert!(tried.len() < options.alphas.len(), "{tried:?}");
        assert!(f1[f1.len() - 1] <= best_before(f1.len() - 1), "{f1:?}");
        let best = f1.iter().position(|f| *f == best_before(f1.len())).unwrap();
        assert_eq!(trained.model.training.alpha, tried[best]);
    }

    #[test]
    fn large_data_uses_one_stratified_seeded_hold_out() {
        let mut data = toy();
        data.extend(toy());
        let options = TrainOptions {
            folds: 3,
            alphas: vec![1.0, 0.3],
            holdout_above: 10,
            ..TrainOptions::default()
        };
        let trained = train(&data, &options).unwrap();
        assert!(
            trained.protocol.contains("hold-out"),
            "{}",
            trained.protocol
        );
        let held: Vec<usize> = (0..data.len())
            .filter(|&i| trained.out_of_fold[i].is_some())
            .collect();
        // The first of three stratified folds: a third of each label.
        for label in Label::ALL {
            let n = held.iter().filter(|&&i| data[i].label == label).count();
            assert_eq!(n, 4, "{label}");
        }
        assert_eq!(
            held.len(),
            trained
                .model
                .training
                .cross_validation
                .confusion
                .iter()
                .flatten()
                .sum::<usize>()
        );
        for (label, p) in trained
            .out_of_fold
            .iter()
            .zip(&trained.out_of_fold_probabilities)
        {
            assert_eq!(label.is_some(), p.is_some());
        }
        let again = train(&data, &options).unwrap();
        assert_eq!(trained.out_of_fold, again.out_of_fold);
        assert_eq!(trained.model.trafficking, again.model.trafficking);
        let small = TrainOptions {
            holdout_above: 1000,
            ..options
        };
        let trained = train(&data, &small).unwrap();
        assert!(trained.out_of_fold.iter().all(Option::is_some));
    }
}
