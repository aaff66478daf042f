//! `tipsom classify`: cases in, one verdict per case out, streaming.

use crate::error::{Error, Result};
use crate::input::CaseReader;
use crate::model::Model;
use crate::output::progress::Progress;
use crate::output::{open_sink, Format, Row, Sink};
use crate::verdict::{classify_text, Verdict};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Cases classified per parallel batch: bounds memory whatever the input size.
const BATCH: usize = 2048;

/// Classify cases from CSV files (or stdin) and write one verdict per case.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tipsom classify data/sample.csv
  tipsom classify cases.csv -o verdicts.csv
  tipsom classify cases.csv --format table
  tipsom classify cases.csv --text-column description --id-column case_no --keep source,date
  cat cases.csv | tipsom classify --format jsonl

CSV columns: id,label,p_trafficking,p_smuggling,act,means,purpose,child,illegal_entry,
facilitator_benefit,rule_label,needs_review,wording,evidence,review_reason, then --keep columns.")]
pub struct Args {
    /// CSV files with a header row; `-` reads standard input.
    #[arg(default_value = "-")]
    pub inputs: Vec<String>,
    /// Write here instead of standard output (replaced only when complete).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Input columns to carry through to the output, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub keep: Vec<String>,
    /// Input, model and thread options.
    #[command(flatten)]
    pub source: super::SourceArgs,
}

/// Runs `classify`.
pub fn run(args: Args) -> Result<()> {
    refuse_overwriting_inputs(&args.inputs, args.output.as_deref())?;
    let super::Sources {
        model,
        pool,
        mut readers,
    } = args.source.open(&args.inputs, &args.keep)?;
    let mut sink = open_sink(args.format, args.output.as_deref(), &args.keep)?;
    let progress = Progress::counter("classifying");
    for reader in &mut readers {
        classify_stream(&pool, &model, reader, sink.as_mut(), &progress)?;
    }
    sink.finish()
}

/// Classifies every case of one reader, in input order, a batch at a time, counting
/// each batch on `progress`. Shared with `report`, which writes to an HTML sink.
pub fn classify_stream(
    pool: &rayon::ThreadPool,
    model: &Model,
    reader: &mut CaseReader,
    sink: &mut dyn Sink,
    progress: &Progress,
) -> Result<()> {
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        batch.clear();
        while batch.len() < BATCH {
            match reader.next_case()? {
                Some(case) => batch.push(case),
                None => break,
            }
        }
        if batch.is_empty() {
            return Ok(());
        }
        let verdicts: Vec<Verdict> = pool.install(|| {
            batch
                .par_iter()
                .map(|case| classify_text(model, &case.text))
                .collect()
        });
        for (case, verdict) in batch.iter().zip(&verdicts) {
            sink.write(&Row {
                id: &case.id,
                text: &case.text,
                verdict,
                kept: &case.kept,
            })?;
        }
        progress.inc(batch.len() as u64);
    }
}

/// Refuses `-o` naming one of the inputs: the results would destroy the cases.
pub fn refuse_overwriting_inputs(inputs: &[String], output: Option<&Path>) -> Result<()> {
    let Some(output) = output else { return Ok(()) };
    let Ok(out) = output.canonicalize() else {
        return Ok(());
    };
    for input in inputs.iter().filter(|i| *i != "-") {
        if Path::new(input).canonicalize().is_ok_and(|i| i == out) {
            return Err(Error::usage(format!(
                "-o {} is also an input file; writing there would destroy the cases. Choose another output path.",
                output.display()
            )));
        }
    }
    Ok(())
}
