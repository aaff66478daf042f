//! `tipsom classify`: cases in, one verdict per case out, streaming.

use crate::error::{Error, Result};
use crate::input::{Case, CaseReader};
use crate::model::Model;
use crate::output::progress::Progress;
use crate::output::{open_sink, Format, Row, Sink};
use crate::verdict::{classify_text_into, Verdict};
use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

/// Cases read, classified and written together: few enough that each case's text
/// and verdict are still in the processor's caches when they are written out.
const PIECE: usize = 64;

/// Pieces of work queued per helper thread in [`classify_in_pieces`]: enough that a
/// helper never waits for work, few enough that memory stays flat.
const PIECES_PER_HELPER: usize = 4;

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
        helpers,
        mut readers,
    } = args.source.open(&args.inputs, &args.keep)?;
    let mut sink = open_sink(args.format, args.output.as_deref(), &args.keep)?;
    let progress = Progress::counter("classifying");
    for reader in &mut readers {
        classify_stream(helpers.as_ref(), &model, reader, sink.as_mut(), &progress)?;
    }
    sink.finish()
}

/// Classifies every case of one reader, in input order, a piece of `PIECE` cases at
/// a time, counting each piece on `progress`. Shared with `report`, which writes to
/// an HTML sink.
///
/// Without helper threads, everything runs in turn on this thread, so no case moves
/// between threads or out of the caches. With helpers, see `classify_in_pieces`:
/// for sinks whose rows stand alone (CSV, JSON Lines) the rows are formatted where
/// they are classified, and only their bytes are written in order; the other sinks
/// (aligned columns, reports) get each piece's verdicts.
pub fn classify_stream(
    helpers: Option<&rayon::ThreadPool>,
    model: &Model,
    reader: &mut CaseReader,
    sink: &mut dyn Sink,
    progress: &Progress,
) -> Result<()> {
    let Some(helpers) = helpers else {
        let (mut cases, mut verdicts) = (Vec::new(), Vec::new());
        loop {
            cases = read_piece(reader, cases)?;
            if cases.is_empty() {
                return Ok(());
            }
            classify_into(model, &cases, &mut verdicts);
            write_rows(sink, &cases, &verdicts)?;
            progress.inc(cases.len() as u64);
        }
    };
    if let Some((format, target)) = sink.formatted() {
        let classify_and_format = |cases: &[Case], bytes: &mut Vec<u8>| {
            bytes.clear();
            let mut verdict = Verdict::blank();
            for case in cases {
                classify_text_into(model, &case.text, &mut verdict);
                format.format(&case_row(case, &verdict), bytes);
            }
        };
        let write = |_: &[Case], bytes: &Vec<u8>| target.write_all(bytes);
        return classify_in_pieces(helpers, reader, progress, classify_and_format, write);
    }
    let classify = |cases: &[Case], verdicts: &mut Vec<Verdict>| {
        classify_into(model, cases, verdicts);
    };
    let write = |cases: &[Case], verdicts: &Vec<Verdict>| write_rows(sink, cases, verdicts);
    classify_in_pieces(helpers, reader, progress, classify, write)
}

/// A piece of work done by a helper: its number, its cases and what `work` made of
/// them, or the panic that stopped it.
type Done<T> = (u64, std::thread::Result<(Vec<Case>, T)>);

/// Runs `work` over every case of `reader`, on this thread and the `helpers`, and
/// `write`s its output in input order, counting on `progress`.
///
/// This thread reads every piece of [`PIECE`] cases. It hands a piece to the helpers
/// while fewer than [`PIECES_PER_HELPER`] per helper wait there, and otherwise does the
/// work on the piece itself, while its cases are in this thread's caches; it writes
/// the finished pieces in input order. So as many threads are busy as `--threads`
/// asks for, and none of them waits for work or for a core. Only a few pieces are in
/// flight at once, so memory stays flat however long the input; a written piece's
/// buffers are used again for a later one.
fn classify_in_pieces<T: Send + Default>(
    helpers: &rayon::ThreadPool,
    reader: &mut CaseReader,
    progress: &Progress,
    work: impl Fn(&[Case], &mut T) + Sync,
    mut write: impl FnMut(&[Case], &T) -> Result<()>,
) -> Result<()> {
    let queue_limit = helpers.current_num_threads() * PIECES_PER_HELPER;
    // Most pieces read but not yet written: the helpers' queue, as many again finished
    // out of turn (by this thread, while an older piece was still queued), and one.
    let in_flight_limit = 2 * queue_limit as u64 + 1;
    let (finished, results) = std::sync::mpsc::channel::<Done<T>>();
    let mut waiting = BTreeMap::new();
    let mut spares: Vec<(Vec<Case>, T)> = Vec::new();
    let (mut read, mut written, mut queued) = (0u64, 0u64, 0usize);
    let mut input_done = false;
    let work = &work;
    helpers.in_place_scope(|scope| {
        while !input_done || written < read {
            let must_wait = input_done || read - written >= in_flight_limit;
            let blocked = must_wait && !waiting.contains_key(&written);
            let first = blocked.then(|| {
                results
                    .recv()
                    .expect("this thread holds a sender, so receiving waits for a piece")
            });
            for (number, piece) in first.into_iter().chain(results.try_iter()) {
                queued -= 1;
                let piece = piece.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                waiting.insert(number, piece);
            }
            while let Some((cases, output)) = waiting.remove(&written) {
                write(&cases, &output)?;
                progress.inc(cases.len() as u64);
                spares.push((cases, output));
                written += 1;
            }
            if must_wait {
                continue;
            }
            let (cases, mut output) = spares.pop().unwrap_or_default();
            let cases = read_piece(reader, cases)?;
            if cases.is_empty() {
                input_done = true;
                continue;
            }
            let number = read;
            read += 1;
            if queued >= queue_limit {
                work(&cases, &mut output);
                waiting.insert(number, (cases, output));
                continue;
            }
            queued += 1;
            let finished = finished.clone();
            scope.spawn(move |_| {
                let done = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    work(&cases, &mut output);
                    (cases, output)
                }));
                // The receiver outlives the scope, so the result always arrives.
                let _ = finished.send((number, done));
            });
        }
        Ok(())
    })
}

/// Up to [`PIECE`] cases from `reader`, read into the buffers of `spare` (the cases
/// of a piece already written); empty at the end of the input.
fn read_piece(reader: &mut CaseReader, mut spare: Vec<Case>) -> Result<Vec<Case>> {
    let mut filled = 0;
    while filled < PIECE {
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

/// Classifies `cases` on this thread into `verdicts`, in their order, over verdicts
/// already written (whose memory is used again).
fn classify_into(model: &Model, cases: &[Case], verdicts: &mut Vec<Verdict>) {
    verdicts.resize_with(cases.len(), Verdict::blank);
    for (case, verdict) in cases.iter().zip(verdicts.iter_mut()) {
        classify_text_into(model, &case.text, verdict);
    }
}

/// Writes the rows of `cases` and their verdicts, in input order.
fn write_rows(sink: &mut dyn Sink, cases: &[Case], verdicts: &[Verdict]) -> Result<()> {
    cases
        .iter()
        .zip(verdicts)
        .try_for_each(|(case, verdict)| sink.write(&case_row(case, verdict)))
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
