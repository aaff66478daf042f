//! `tipsom train`: labeled cases in, a cross-validated model file out, saved atomically.

use crate::analysis::analyze;
use crate::error::{Error, Result};
use crate::features::VocabularyOptions;
use crate::input::labeled::{read_labeled, LabeledCase};
use crate::label::Label;
use crate::metrics::offence_reliability;
use crate::model::file::{sha256_hex, DataFile};
use crate::model::train::{confusion_of, default_max_terms, train, Example, TrainOptions};
use crate::model::{self, Model, ModelSource};

use crate::output::progress::Progress;
use crate::output::{neutralize, probability, Target};
use crate::verdict::classify_text;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Train a model on labeled CSV files, with cross-validation.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tipsom train data/cases.csv
  tipsom train data/cases.csv my-cases.csv -o models/mine.json
  tipsom train data/cases.csv --folds 10 --seed 7
  tipsom train my-cases.csv -o models/mine.json --held-out check-these.csv

Each file needs the columns id, text and label (trafficking, smuggling, both, neither);
see data/README.md. Retraining on new data = adding files. The model is written beside
the target and renamed into place, so an interrupted run never damages the old model.
--held-out writes every case's cross-validated verdict, from a model that never saw that
case, the most surprising first: where the model and the label disagree with confidence,
check the label before blaming the model.")]
pub struct Args {
    /// Labeled CSV files.
    #[arg(required = true)]
    pub data: Vec<String>,
    /// Where to save the model.
    #[arg(short, long, default_value = "models/tipsom.json")]
    pub output: PathBuf,
    /// Cross-validation folds.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Seed for the fold shuffle (same data and seed give the same model).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Largest vocabulary kept [default: 20000, fewer above about 10,000 cases, so that
    /// the dense matrix linfa-logistic fits on stays within 800 MiB]
    #[arg(long)]
    pub max_terms: Option<usize>,
    /// A word must occur in at least this many cases to enter the vocabulary.
    #[arg(long, default_value_t = 3)]
    pub min_cases: usize,
    /// Convergence tolerance of each fit, on the mean gradient (scikit-learn's `tol`).
    #[arg(long, default_value_t = 1e-4)]
    pub tolerance: f64,
    /// Above this many cases, choose the regularisation on one stratified hold-out
    /// (1/folds of the cases) instead of all folds.
    #[arg(long, default_value_t = 20_000)]
    pub holdout_above: usize,
    /// Also write each case's held-out verdict to this CSV, most surprising first.
    #[arg(long, value_name = "FILE")]
    pub held_out: Option<PathBuf>,
    /// Regularisation strengths to choose from by cross-validation, comma-separated
    /// [default: 0.03,0.01,0.003,0.001]; give one to fix it.
    #[arg(long, value_delimiter = ',', value_name = "ALPHA,...")]
    pub alphas: Vec<f64>,
}

/// Runs `train`.
pub fn run(args: Args) -> Result<()> {
    if args.min_cases < 2 {
        return Err(Error::usage(
            "--min-cases must be at least 2, so no single case's words (names) enter the model",
        ));
    }
    if !(args.tolerance.is_finite() && args.tolerance > 0.0) {
        return Err(Error::usage("--tolerance must be a positive number"));
    }
    if !args.alphas.iter().all(|a| a.is_finite() && *a > 0.0) {
        return Err(Error::usage(
            "--alphas must be positive numbers, e.g. --alphas 0.1",
        ));
    }
    // Opened before training, so a bad path fails at once, not after the work.
    let held_out = args
        .held_out
        .as_deref()
        .map(|path| {
            Target::open(Some(path)).map_err(|mut e| {
                e.message = e.message.replace("-o path", "--held-out path");
                e
            })
        })
        .transpose()?;
    let cases = read_labeled(&args.data, None, false)?;
    let examples = to_examples(&cases, &Progress::counter("analysing"));
    let mut options = TrainOptions {
        folds: args.folds,
        seed: args.seed,
        vocabulary: VocabularyOptions {
            min_cases: args.min_cases,
            max_terms: args
                .max_terms
                .unwrap_or_else(|| default_max_terms(examples.len())),
        },
        tolerance: args.tolerance,
        holdout_above: args.holdout_above,
        ..TrainOptions::default()
    };
    if !args.alphas.is_empty() {
        options.alphas = args.alphas;
    }
    eprintln!(
        "tipsom: training on {} cases from {} file(s), {}-fold cross-validation...",
        examples.len(),
        args.data.len(),
        args.folds
    );
    let trained = {
        let _spinner = Progress::stage("training and cross-validating");
        train(&examples, &options)?
    };
    let mut model = trained.model;
    model.training.data_files = data_files(&args.data, &cases)?;
    let cv = &model.training.cross_validation;
    println!(
        "Held-out scores ({}, seed {}), regularisation alpha = {}:",
        trained.protocol, cv.seed, model.training.alpha
    );
    println!("{}", confusion_of(&examples, &trained.out_of_fold).report());
    println!(
        "{}",
        held_out_calibration(&examples, &trained.out_of_fold_probabilities)
    );
    for (alpha, f1) in &cv.alpha_search {
        println!("  alpha {alpha:<6} held-out macro-F1 {f1:.3}");
    }
    if let Some(target) = held_out {
        let name = target.name().to_string();
        write_held_out(target, &cases, &trained.out_of_fold_probabilities)?;
        println!("\nWrote each case's held-out verdict to {name}");
    }
    compare_with_existing(&args.output, &cases)?;
    for warning in &trained.warnings {
        eprintln!("tipsom: warning: {warning}");
    }
    model::save(&model, &args.output)?;
    println!("\nSaved the model to {}", args.output.display());
    Ok(())
}

/// One line on how well the held-out probabilities match the labels. The calibration
/// scales were fitted on these same predictions, so this reads a little better than
/// `tipsom evaluate` will on new data.
fn held_out_calibration(examples: &[Example], probabilities: &[Option<[f64; 2]>]) -> String {
    let [t, s] = offence_reliability(
        examples
            .iter()
            .zip(probabilities)
            .filter_map(|(example, p)| Some((example.label, (*p)?))),
    );
    format!(
        "held-out calibration error: P(trafficking) {:.3}, P(smuggling) {:.3} (0 is perfect; the scales were fitted on these same predictions)",
        t.expected_calibration_error(),
        s.expected_calibration_error()
    )
}

/// Writes the held-out verdict of every case that was held out, as CSV: where it came
/// from, its label, the label and probabilities a model that never saw it gives, and
/// how surprised that model is by the label (the mean log-loss of its two
/// probabilities), most surprising first. Replaced atomically, like every output.
fn write_held_out(
    mut target: Target,
    cases: &[LabeledCase],
    probabilities: &[Option<[f64; 2]>],
) -> Result<()> {
    let mut rows: Vec<(f64, &LabeledCase, [f64; 2])> = cases
        .iter()
        .zip(probabilities)
        .filter_map(|(case, p)| p.map(|p| (surprise(case.label, p), case, p)))
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "file",
        "line",
        "id",
        "label",
        "held_out_label",
        "p_trafficking",
        "p_smuggling",
        "surprise",
    ];
    writer
        .write_record(header)
        .map_err(|e| Error::input(e.to_string()))?;
    for (surprise, case, [t, s]) in rows {
        let held_out = Label::from_offences(t >= 0.5, s >= 0.5);
        writer
            .write_record([
                neutralize(&case.file).as_ref(),
                &case.line.to_string(),
                neutralize(&case.id).as_ref(),
                case.label.as_str(),
                held_out.as_str(),
                &probability(t),
                &probability(s),
                &probability(surprise),
            ])
            .map_err(|e| Error::input(e.to_string()))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::input(e.to_string()))?;
    target.write_all(&bytes)?;
    target.finish()
}

/// How surprised the held-out model is by `label`: the mean log-loss of its two offence
/// probabilities, kept finite but barely capped so the most surprising cases still rank.
fn surprise(label: Label, p: [f64; 2]) -> f64 {
    crate::metrics::offence_log_loss(label, p, 1e-6)
}

/// Analyses the labeled cases (in parallel) for training, counting them on `progress`.
pub fn to_examples(cases: &[LabeledCase], progress: &Progress) -> Vec<Example> {
    cases
        .par_iter()
        .map(|c| {
            progress.inc(1);
            Example {
                text: c.text.clone(),
                label: c.label,
                analysis: analyze(&c.text),
                elements: c.elements,
            }
        })
        .collect()
}

fn data_files(paths: &[String], cases: &[LabeledCase]) -> Result<Vec<DataFile>> {
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path)
                .map_err(|e| Error::input(format!("cannot read {path}: {e}")))?;
            Ok(DataFile {
                path: path.clone(),
                sha256: sha256_hex(&bytes),
                rows: cases.iter().filter(|c| &c.file == path).count(),
            })
        })
        .collect()
}

/// When a model already exists at the output path, shows its score on the same data.
fn compare_with_existing(path: &Path, cases: &[LabeledCase]) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    match model::load(&ModelSource::File(path.to_path_buf())) {
        Ok(existing) => {
            let confusion = score(&existing, cases);
            println!(
                "\nThe model now at {} scores macro-F1 {:.3} (accuracy {:.3}) on this same data. It may have been trained on some of it, so compare with care: the cross-validated figure above is the fair one for the new model.",
                path.display(),
                confusion.macro_f1(),
                confusion.accuracy()
            );
        }
        Err(e) => println!(
            "\nThe file now at {} will be replaced; it could not be loaded: {}",
            path.display(),
            crate::output::terminal::escape(&e.message)
        ),
    }
    Ok(())
}

/// A model's confusion matrix on labeled cases.
pub fn score(model: &Model, cases: &[LabeledCase]) -> crate::metrics::Confusion {
    let predicted: Vec<_> = cases
        .par_iter()
        .map(|c| classify_text(model, &c.text).label)
        .collect();
    let mut confusion = crate::metrics::Confusion::default();
    for (case, label) in cases.iter().zip(predicted) {
        confusion.add(case.label, label);
    }
    confusion
}
