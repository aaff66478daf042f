//! `tipsom classify`: cases in, one verdict per case out, streaming.

use crate::error::{Error, Result};
use crate::input::{Case, CaseReader};
use crate::model::Model;
use crate::output::progress::Progress;
use crate::output::{open_sink, Format, Row, RowFormat, Sink, Target};
use crate::verdict::{classify_text_into, Verdict};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

/// Cases classified per parallel batch: enough to keep every thread busy between
/// hand-overs; bounds memory whatever the input size.
const BATCH: usize = 2048;

/// Cases classified per batch with one thread: few enough that each case's text and
/// verdict are still in the processor's caches when they are written out.
const BATCH_ONE_THREAD: usize = 64;

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
///
/// With more than one thread, reading and writing overlap the classification: for
/// sinks whose rows stand alone (CSV, JSON Lines), see [`classify_formatted`]; for
/// the others (aligned columns, reports), while the pool classifies one batch, this
/// thread writes the previous batch's verdicts and reads the next batch. With one
/// thread, everything runs in turn on this thread, in small batches, so no case
/// moves between threads or out of the caches.
pub fn classify_stream(
    pool: &rayon::ThreadPool,
    model: &Model,
    reader: &mut CaseReader,
    sink: &mut dyn Sink,
    progress: &Progress,
) -> Result<()> {
    if pool.current_num_threads() == 1 {
        let (mut spare, mut spare_verdicts) = (Vec::new(), Vec::new());
        loop {
            let batch = read_batch(reader, spare, BATCH_ONE_THREAD)?;
            if batch.is_empty() {
                return Ok(());
            }
            let verdicts = classify_batch(model, &batch, spare_verdicts, false);
            write_batch(sink, &batch, &verdicts, progress)?;
            (spare, spare_verdicts) = (batch, verdicts);
        }
    }
    if let Some((format, target)) = sink.formatted() {
        return classify_formatted(pool, model, format, reader, target, progress);
    }
    let mut current = read_batch(reader, Vec::new(), BATCH)?;
    let mut done: Option<(Vec<Case>, Vec<Verdict>)> = None;
    let mut spare_verdicts = Vec::new();
    while !current.is_empty() || done.is_some() {
        let (verdicts, next) = std::thread::scope(|scope| {
            let spare = std::mem::take(&mut spare_verdicts);
            let classified =
                scope.spawn(|| pool.install(|| classify_batch(model, &current, spare, true)));
            let next = write_then_read(done.take(), reader, sink, progress, current.is_empty());
            let verdicts = classified
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (verdicts, next)
        });
        let (next, written) = next?;
        spare_verdicts = written;
        done = (!current.is_empty()).then(|| (std::mem::take(&mut current), verdicts));
        current = next;
    }
    Ok(())
}

/// Cases per piece of work in [`classify_formatted`].
const PIECE: usize = 64;

/// Pieces of work in flight per thread in [`classify_formatted`]: enough that no
/// thread waits for work, few enough that memory stays flat.
const PIECES_PER_THREAD: usize = 4;

/// A piece of work done: its number, its cases and their rows as bytes, or the
/// panic that stopped it.
type Piece = (u64, std::thread::Result<(Vec<Case>, Vec<u8>)>);

/// Classifies and writes every case of `reader` for a sink whose rows stand alone.
///
/// This thread reads pieces of [`PIECE`] cases and hands each to the pool, which
/// classifies and formats them while each case is in one thread's caches; this
/// thread then writes the finished pieces' bytes in input order. Only a few pieces
/// per thread are in flight at once, so memory stays flat however long the input.
fn classify_formatted(
    pool: &rayon::ThreadPool,
    model: &Model,
    format: &dyn RowFormat,
    reader: &mut CaseReader,
    target: &mut Target,
    progress: &Progress,
) -> Result<()> {
    let in_flight = (pool.current_num_threads() * PIECES_PER_THREAD) as u64;
    let (finished, results) = std::sync::mpsc::channel::<Piece>();
    let mut waiting = BTreeMap::new();
    let mut spares: Vec<(Vec<Case>, Vec<u8>)> = Vec::new();
    let (mut sent, mut written, mut input_done) = (0u64, 0u64, false);
    pool.in_place_scope(|scope| {
        while !input_done || written < sent {
            if input_done || sent - written >= in_flight {
                let (number, piece) = results
                    .recv()
                    .expect("this thread holds a sender, so receiving waits for a piece");
                let piece = piece.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                waiting.insert(number, piece);
                while let Some((cases, bytes)) = waiting.remove(&written) {
                    target.write_all(&bytes)?;
                    progress.inc(cases.len() as u64);
                    spares.push((cases, bytes));
                    written += 1;
                }
                continue;
            }
            let (cases, mut bytes) = spares.pop().unwrap_or_default();
            let cases = read_batch(reader, cases, PIECE)?;
            if cases.is_empty() {
                input_done = true;
                continue;
            }
            let (finished, number) = (finished.clone(), sent);
            sent += 1;
            scope.spawn(move |_| {
                let done = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    bytes.clear();
                    let mut verdict = Verdict::blank();
                    for case in &cases {
                        classify_text_into(model, &case.text, &mut verdict);
                        format.format(&case_row(case, &verdict), &mut bytes);
                    }
                    (cases, bytes)
                }));
                // The receiver outlives the scope, so the result always arrives.
                let _ = finished.send((number, done));
            });
        }
        Ok(())
    })
}

/// Writes a classified batch (if any), then reads the next one into its cases'
/// buffers unless the input is done; gives back the next batch and the written
/// verdicts, which a later batch is written over.
fn write_then_read(
    done: Option<(Vec<Case>, Vec<Verdict>)>,
    reader: &mut CaseReader,
    sink: &mut dyn Sink,
    progress: &Progress,
    input_done: bool,
) -> Result<(Vec<Case>, Vec<Verdict>)> {
    let (mut spare, mut written) = (Vec::new(), Vec::new());
    if let Some((cases, verdicts)) = done {
        write_batch(sink, &cases, &verdicts, progress)?;
        (spare, written) = (cases, verdicts);
    }
    let next = if input_done {
        Vec::new()
    } else {
        read_batch(reader, spare, BATCH)?
    };
    Ok((next, written))
}

/// Up to `size` cases from `reader`, read into the buffers of `spare` (the cases of a
/// batch already written); empty at the end of the input.
fn read_batch(reader: &mut CaseReader, mut spare: Vec<Case>, size: usize) -> Result<Vec<Case>> {
    let mut filled = 0;
    while filled < size {
        if filled == spare.len() {
            spare.push(Case::default());
        }
        if !reader.read_into(&mut spare[filled])? {
            break;
        }
        filled += 1;
    }
    spare.truncate(filled);
    Ok(spare)
}

/// The verdicts of a batch, in its order, written over `written`, verdicts already
/// written (whose memory is used again): computed on the current rayon pool when
/// `in_parallel`, else on this thread.
fn classify_batch(
    model: &Model,
    batch: &[Case],
    written: Vec<Verdict>,
    in_parallel: bool,
) -> Vec<Verdict> {
    let mut verdicts = written;
    verdicts.resize_with(batch.len(), Verdict::blank);
    let classify = |(case, verdict): (&Case, &mut Verdict)| {
        classify_text_into(model, &case.text, verdict);
    };
    if in_parallel {
        batch
            .par_iter()
            .zip(verdicts.par_iter_mut())
            .for_each(classify);
    } else {
        batch.iter().zip(verdicts.iter_mut()).for_each(classify);
    }
    verdicts
}

/// Writes a batch's verdicts in input order and counts them on `progress`.
fn write_batch(
    sink: &mut dyn Sink,
    cases: &[Case],
    verdicts: &[Verdict],
    progress: &Progress,
) -> Result<()> {
    for (case, verdict) in cases.iter().zip(verdicts) {
        sink.write(&case_row(case, verdict))?;
    }
    progress.inc(cases.len() as u64);
    Ok(())
}

/// The row that shows `verdict` for `case`.
fn case_row<'a>(case: &'a Case, verdict: &'a Verdict) -> Row<'a> {
    Row {
        id: &case.id,
        text: &case.text,
        verdict,
        kept: &case.kept,
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
