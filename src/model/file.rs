//! The model file: versioned JSON with a checksum, replaced atomically.
//!
//! A model file holds the vocabulary (personal data: see SECURITY.md), the two heads
//! and how they were trained. Loading refuses anything that does not check out
//! (wrong shape, other format version, other lexicon, broken checksum, non-finite
//! weights) instead of giving silently wrong answers. Saving writes beside the
//! target, syncs, and renames, so a crash leaves the old model intact.

use super::{Head, Model};
use crate::analysis::lexicon::LEXICON_VERSION;
use crate::error::{Error, Result};
use crate::features::{evidence_feature_names, Vocabulary};
use crate::metrics::Scores;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The format name written at the top of every model file.
const FORMAT: &str = "tipsom-model";
/// The format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// The default model, trained on `data/cases.csv`, built into the binary: the
/// MessagePack that `build.rs` makes from `models/tipsom.json`.
static BUILT_IN_MODEL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tipsom.msgpack"));

/// Where a model comes from.
#[derive(Debug, Clone)]
pub enum ModelSource {
    /// The default model built into the binary.
    Embedded,
    /// A model file.
    File(PathBuf),
}

impl ModelSource {
    /// A name for messages.
    pub fn describe(&self) -> String {
        match self {
            ModelSource::Embedded => "the built-in model".to_string(),
            ModelSource::File(path) => format!("model file {}", path.display()),
        }
    }
}

/// A data file the model was trained on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataFile {
    /// The path as given to `tipsom train`.
    pub path: String,
    /// SHA-256 of the file's bytes, so anyone can check which data made the model.
    pub sha256: String,
    /// Labeled rows read from it.
    pub rows: usize,
}

/// Cross-validated quality of the chosen settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossValidation {
    /// How the scores below were held out: k-fold cross-validation, or one stratified
    /// hold-out for large data. Empty in model files written before it was recorded.
    #[serde(default)]
    pub protocol: String,
    /// Number of folds.
    pub folds: usize,
    /// Seed of the fold shuffle.
    pub seed: u64,
    /// Macro-F1 over the four labels.
    pub macro_f1: f64,
    /// Share of cases labeled correctly.
    pub accuracy: f64,
    /// Precision, recall and F1 per label.
    pub per_label: BTreeMap<String, Scores>,
    /// Confusion matrix, rows true label, columns predicted, in label order.
    pub confusion: [[usize; 4]; 4],
    /// Mean cross-validated macro-F1 of each regularisation strength tried.
    pub alpha_search: Vec<(f64, f64)>,
}

impl CrossValidation {
    /// "held-out macro-F1 0.858 (5-fold cross-validation)", for headers and reports.
    pub fn summary(&self) -> String {
        if self.protocol.is_empty() {
            format!("cross-validated macro-F1 {:.3}", self.macro_f1)
        } else {
            format!("held-out macro-F1 {:.3} ({})", self.macro_f1, self.protocol)
        }
    }
}

/// How, when and on what a model was trained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingMetadata {
    /// Version of tipsom that trained it.
    pub tipsom_version: String,
    /// When it was trained (RFC 3339, UTC).
    pub trained_at: String,
    /// Number of training cases.
    pub rows: usize,
    /// Cases per label.
    pub label_counts: BTreeMap<String, usize>,
    /// The data files, with checksums.
    pub data_files: Vec<DataFile>,
    /// The L2 regularisation strength chosen by cross-validation.
    pub alpha: f64,
    /// Factor applied to each offence head's log-odds (trafficking, smuggling), chosen on
    /// out-of-fold predictions so the probabilities are calibrated.
    pub calibration_scale: [f64; 2],
    /// Minimum number of training cases a vocabulary term must appear in.
    pub min_cases_per_term: usize,
    /// Cross-validated quality.
    pub cross_validation: CrossValidation,
}

/// The checksummed content of a model file.
#[derive(Debug, Serialize, Deserialize)]
struct Body {
    lexicon_version: String,
    evidence_features: Vec<String>,
    vocabulary: Vec<String>,
    idf: Vec<f32>,
    trafficking: Head,
    smuggling: Head,
    #[serde(default)]
    element_heads: Vec<Head>,
    training: TrainingMetadata,
}

#[derive(Serialize, Deserialize)]
struct Envelope<'a> {
    format: String,
    format_version: u32,
    checksum: String,
    #[serde(borrow)]
    model: &'a RawValue,
}

/// Loads and checks a model.
pub fn load(source: &ModelSource) -> Result<Model> {
    match source {
        ModelSource::Embedded => model_from(built_in_body(source)?, source),
        ModelSource::File(path) => {
            let bytes = std::fs::read(path).map_err(|e| {
                Error::model(format!(
                    "cannot read model file {}: {e}. Give the path of a model made by `tipsom train`, or leave out --model to use the built-in one.",
                    path.display()
                ))
            })?;
            let text = String::from_utf8(bytes).map_err(|_| bad(source, "it is not UTF-8 text"))?;
            parse(&text, source)
        }
    }
}

fn bad(source: &ModelSource, problem: &str) -> Error {
    let remedy = match source {
        // Only a build from changed sources gets here: its lexicon or features moved on
        // without models/tipsom.json.
        ModelSource::Embedded => "Retrain it with `tipsom train data/cases.csv` and build tipsom again, or give a model with --model",
        ModelSource::File(_) => "Retrain it with `tipsom train`, or leave out --model to use the built-in one",
    };
    Error::model(format!(
        "{} is not a usable tipsom model: {problem}. {remedy}.",
        source.describe()
    ))
}

/// Whether a JSON error lies on the text's last character: a file cut short in the
/// middle of a number or a word fails there as "invalid" rather than at its end.
fn stops_at_the_end(text: &str, error: &serde_json::Error) -> bool {
    let last_line = text.lines().count();
    let last_len = text.lines().last().map_or(0, str::len);
    error.line() == last_line && error.column() >= last_len
}

/// The model in a model file's text.
fn parse(text: &str, source: &ModelSource) -> Result<Model> {
    if text.trim().is_empty() {
        return Err(bad(source, "the file is empty"));
    }
    model_from(checked_body(text, source)?, source)
}

/// The model a body gives, once it checks out.
fn model_from(body: Body, source: &ModelSource) -> Result<Model> {
    check(&body).map_err(|problem| bad(source, &problem))?;
    Ok(Model::new(
        Vocabulary::new(body.vocabulary, body.idf),
        body.trafficking,
        body.smuggling,
        body.element_heads,
        body.training,
    ))
}

/// The envelope of the model built into the binary, read in one pass with its body.
#[derive(Deserialize)]
struct BuiltInEnvelope {
    format: String,
    format_version: u32,
    model: Body,
}

/// The built-in model's body. Its checksum is checked by a test rather than at every
/// start: the model cannot change after the build, and skipping the hash takes about a
/// fifth off the start-up of a short file.
fn built_in_body(source: &ModelSource) -> Result<Body> {
    let envelope: BuiltInEnvelope = rmp_serde::from_slice(BUILT_IN_MODEL)
        .map_err(|e| bad(source, &format!("its content has the wrong shape: {e}")))?;
    check_format(&envelope.format, envelope.format_version, source)?;
    Ok(envelope.model)
}

/// A model file's body, once its format and checksum check out.
fn checked_body(text: &str, source: &ModelSource) -> Result<Body> {
    let envelope: Envelope =
        serde_json::from_str(text).map_err(|e| unreadable(text, &e, source))?;
    check_format(&envelope.format, envelope.format_version, source)?;
    if envelope.checksum != sha256_hex(envelope.model.get().as_bytes()) {
        return Err(bad(
            source,
            "its checksum does not match its content (edited or corrupted)",
        ));
    }
    serde_json::from_str(envelope.model.get())
        .map_err(|e| bad(source, &format!("its content has the wrong shape: {e}")))
}

/// The message for a model text that is not the JSON of a model file.
fn unreadable(text: &str, error: &serde_json::Error, source: &ModelSource) -> Error {
    let problem = if error.is_eof() || stops_at_the_end(text, error) {
        format!("it ends early (truncated?) at line {}", error.line())
    } else {
        format!("line {} column {}: {error}", error.line(), error.column())
    };
    bad(source, &problem)
}

/// Refuses a file of another format, or of a newer version of this one.
fn check_format(format: &str, version: u32, source: &ModelSource) -> Result<()> {
    if format != FORMAT {
        return Err(bad(
            source,
            &format!("its format is {format:?}, not {FORMAT:?}"),
        ));
    }
    if version > FORMAT_VERSION {
        return Err(Error::model(format!(
            "{} was written by a newer tipsom (model format {version}, this one reads {FORMAT_VERSION}). Upgrade tipsom or retrain the model with this version.",
            source.describe(),
        )));
    }
    Ok(())
}

fn check(body: &Body) -> std::result::Result<(), String> {
    if body.lexicon_version != LEXICON_VERSION {
        return Err(format!(
            "it was trained with lexicon {}, and this tipsom has lexicon {LEXICON_VERSION}",
            body.lexicon_version
        ));
    }
    if body.evidence_features != evidence_feature_names() {
        return Err("its evidence features differ from this tipsom's".to_string());
    }
    if body.idf.len() != body.vocabulary.len() {
        return Err(format!(
            "{} vocabulary terms but {} IDF values",
            body.vocabulary.len(),
            body.idf.len()
        ));
    }
    if body.vocabulary.windows(2).any(|w| w[0] >= w[1]) {
        return Err("its vocabulary is not sorted and unique".to_string());
    }
    if body.idf.iter().any(|v| !v.is_finite()) {
        return Err("it has non-finite IDF values".to_string());
    }
    let width = body.evidence_features.len() + body.vocabulary.len();
    if !matches!(body.element_heads.len(), 0 | 6) {
        return Err(format!(
            "it has {} element heads; a model has six or none",
            body.element_heads.len()
        ));
    }
    let offences = [
        ("trafficking", &body.trafficking),
        ("smuggling", &body.smuggling),
    ];
    let elements = body.element_heads.iter().map(|head| ("element", head));
    for (name, head) in offences.into_iter().chain(elements) {
        if head.weights.len() != width {
            return Err(format!(
                "the {name} head has {} weights for {width} features",
                head.weights.len()
            ));
        }
        if head.weights.iter().any(|w| !w.is_finite()) || !head.intercept.is_finite() {
            return Err(format!("the {name} head has non-finite weights"));
        }
        if !(head.threshold > 0.0 && head.threshold < 1.0) {
            return Err(format!(
                "the {name} head's threshold is not between 0 and 1"
            ));
        }
    }
    Ok(())
}

/// Writes a model atomically: beside the target, synced, then renamed over it.
pub fn save(model: &Model, path: &Path) -> Result<()> {
    let text = to_json(model)?;
    let target = path.display().to_string();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Error {
            kind: crate::error::Kind::Output,
            message: format!("cannot save the model to {target}: the folder {} does not exist. Create it first or choose another -o path.", dir.display()),
        });
    }
    let mut temp = crate::output::replacement_file(path, &dir, (".tipsom-model-", ".tmp"))
        .map_err(|e| Error::output(&target, &e))?;
    temp.write_all(text.as_bytes())
        .and_then(|_| temp.as_file().sync_all())
        .map_err(|e| Error::output(&target, &e))?;
    temp.persist(path)
        .map_err(|e| Error::output(&target, &e.error))?;
    if let Ok(dir) = std::fs::File::open(&dir) {
        // Makes the rename itself durable; failure here leaves a complete file either way.
        let _ = dir.sync_all();
    }
    Ok(())
}

/// The model file's text.
pub fn to_json(model: &Model) -> Result<String> {
    let vocabulary = model.featurizer.vocabulary();
    let body = Body {
        lexicon_version: LEXICON_VERSION.to_string(),
        evidence_features: evidence_feature_names(),
        vocabulary: vocabulary.terms.clone(),
        idf: vocabulary.idf.clone(),
        trafficking: model.trafficking.clone(),
        smuggling: model.smuggling.clone(),
        element_heads: model.element_heads.clone(),
        training: model.training.clone(),
    };
    let body_text = serde_json::to_string(&body)
        .map_err(|e| Error::model(format!("cannot encode the model: {e}")))?;
    let envelope = Envelope {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        checksum: sha256_hex(body_text.as_bytes()),
        model: &RawValue::from_string(body_text.clone())
            .map_err(|e| Error::model(format!("cannot encode the model: {e}")))?,
    };
    let mut text = serde_json::to_string_pretty(&envelope)
        .map_err(|e| Error::model(format!("cannot encode the model: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// Lowercase hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded() -> Model {
        load(&ModelSource::Embedded).expect("the built-in model loads")
    }

    fn reparse(text: &str) -> Result<Model> {
        parse(text, &ModelSource::File("test.json".into()))
    }

    #[test]
    fn built_in_model_is_models_tipsom_json_and_checks_out_as_a_file_would() {
        // The built-in model skips its checksum at start-up (see `built_in_body`), and is
        // read from build.rs's MessagePack rather than from the JSON.
        let file = reparse(include_str!("../../models/tipsom.json"))
            .expect("models/tipsom.json's checksum matches");
        let built_in = embedded();
        assert_eq!(built_in.trafficking, file.trafficking);
        assert_eq!(built_in.smuggling, file.smuggling);
        assert_eq!(built_in.element_heads, file.element_heads);
        assert_eq!(built_in.training, file.training);
        let (ours, theirs) = (
            built_in.featurizer.vocabulary(),
            file.featurizer.vocabulary(),
        );
        assert_eq!(ours.terms, theirs.terms);
        assert_eq!(ours.idf, theirs.idf);
    }

    #[test]
    fn saved_model_loads_back_identically() {
        let model = embedded();
        let text = to_json(&model).unwrap();
        let again = reparse(&text).unwrap();
        assert_eq!(again.trafficking, model.trafficking);
        assert_eq!(
            again.featurizer.vocabulary().terms,
            model.featurizer.vocabulary().terms
        );
    }

    #[test]
    fn edited_content_fails_the_checksum() {
        let text = to_json(&embedded()).unwrap();
        let edited = text.replacen("\"threshold\":0.5", "\"threshold\":0.6", 1);
        assert_ne!(edited, text);
        let err = reparse(&edited).unwrap_err();
        assert!(err.message.contains("checksum"), "{}", err.message);
    }

    #[test]
    fn truncated_file_is_refused_as_truncated_wherever_it_was_cut() {
        let text = to_json(&embedded()).unwrap();
        let in_a_number = text.find("0.").expect("the model has decimals") + 2;
        let in_a_word = text.find("true").or(text.find("false")).expect("a flag") + 2;
        for cut in [text.len() / 2, in_a_number, in_a_word] {
            let err = reparse(&text[..cut]).unwrap_err();
            assert_eq!(err.exit_code(), 4);
            assert!(
                err.message.contains("ends early"),
                "cut at {cut}: {}",
                err.message
            );
        }
        let err = reparse(&text.replacen("0.", "0.x", 1)).unwrap_err();
        assert!(!err.message.contains("ends early"), "{}", err.message);
    }

    #[test]
    fn advice_fits_where_the_model_came_from() {
        let from_file = reparse("").unwrap_err().message;
        assert!(from_file.contains("leave out --model"), "{from_file}");
        let built_in = bad(&ModelSource::Embedded, "it is broken").message;
        assert!(built_in.contains("build tipsom again"), "{built_in}");
        assert!(!built_in.contains("leave out --model"), "{built_in}");
    }

    #[test]
    fn newer_format_is_refused_with_advice() {
        let text = to_json(&embedded()).unwrap();
        let newer = text.replacen("\"format_version\": 1", "\"format_version\": 99", 1);
        let err = reparse(&newer).unwrap_err();
        assert!(err.message.contains("newer tipsom"), "{}", err.message);
    }
}
