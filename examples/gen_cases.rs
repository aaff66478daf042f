//! Generates a large, varied, deterministic case file for benchmarks.
//!
//! Default mode (unlabeled, for `classify`): each row's text is stitched from sentences
//! of `data/cases.csv` chosen with a seeded RNG and trimmed to about `--bytes` bytes, so
//! rows differ (caches and branch predictors are not flattered by repeats) but the
//! vocabulary stays realistic.
//!
//! `--labeled` mode (for `train`): each row takes ONE source case of `data/cases.csv`,
//! all of its sentences in a seeded shuffled order, and keeps that case's label and six
//! element columns. No sentence is dropped and none is borrowed from another case, so
//! the facts that decided the annotators' label are all still there and the label stays
//! defensible; only the order (and with it the bigrams across sentence joins) changes.
//! Cases with a single sentence repeat verbatim, as real duplicates do.
//!
//! `cargo run --release --example gen_cases -- --rows 1000000 [--bytes 210] [--seed 1] > big.csv`
//! `cargo run --release --example gen_cases -- --labeled --rows 100000 [--seed 1] > train.csv`

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::{self, BufWriter, Write};
use tipsom::analysis::Element;

/// The label and element columns copied from a source case in `--labeled` mode.
fn label_column_names() -> Vec<&'static str> {
    std::iter::once("label")
        .chain(Element::ALL.iter().map(|e| e.column()))
        .collect()
}

fn arg(args: &[String], name: &str, default: u64) -> u64 {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Splits a case text into sentences (at ". "), trimmed, empty ones dropped.
fn sentences(text: &str) -> Vec<String> {
    text.split_inclusive(". ")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rows = arg(&args, "--rows", 100_000);
    let mut rng = ChaCha8Rng::seed_from_u64(arg(&args, "--seed", 1));
    let mut reader = csv::Reader::from_path("data/cases.csv")?;
    let headers = reader.headers().map_err(io::Error::other)?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| io::Error::other(format!("data/cases.csv has no {name} column")))
    };
    let text_column = column("text")?;
    let label_columns = label_column_names()
        .iter()
        .map(|c| column(c))
        .collect::<io::Result<Vec<_>>>()?;
    let records = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(io::Error::other)?;
    let out = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    if args.iter().any(|a| a == "--labeled") {
        labeled(&records, text_column, &label_columns, rows, &mut rng, out)
    } else {
        let bytes = arg(&args, "--bytes", 210) as usize;
        let pool: Vec<String> = records
            .iter()
            .flat_map(|r| sentences(r.get(text_column).unwrap_or_default()))
            .filter(|s| s.len() > 20)
            .collect();
        unlabeled(&pool, bytes, rows, &mut rng, out)
    }
}

/// Rows of `id,text`: sentences from anywhere, trimmed to about `bytes` bytes.
fn unlabeled(
    sentences: &[String],
    bytes: usize,
    rows: u64,
    rng: &mut ChaCha8Rng,
    out: impl Write,
) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(["id", "text"])?;
    let mut text = String::with_capacity(bytes * 2);
    for row in 0..rows {
        text.clear();
        while text.len() < bytes {
            let sentence = &sentences[rng.gen_range(0..sentences.len())];
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(sentence);
        }
        let mut cut = bytes.min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        writer.write_record([format!("g{row}").as_str(), text.as_str()])?;
    }
    writer.flush()
}

/// Rows of `id,text,label,<six elements>`: one source case's sentences, shuffled,
/// with that case's label and element columns.
fn labeled(
    records: &[csv::StringRecord],
    text_column: usize,
    label_columns: &[usize],
    rows: u64,
    rng: &mut ChaCha8Rng,
    out: impl Write,
) -> io::Result<()> {
    let sources: Vec<(Vec<String>, Vec<&str>)> = records
        .iter()
        .map(|r| {
            (
                sentences(r.get(text_column).unwrap_or_default()),
                label_columns
                    .iter()
                    .map(|&c| r.get(c).unwrap_or_default())
                    .collect(),
            )
        })
        .filter(|(s, _)| !s.is_empty())
        .collect();
    if sources.is_empty() {
        return Err(io::Error::other("data/cases.csv has no case text"));
    }
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec!["id", "text"];
    header.extend(label_column_names());
    writer.write_record(&header)?;
    for row in 0..rows {
        let (sentences, labels) = &sources[rng.gen_range(0..sources.len())];
        let mut order: Vec<&str> = sentences.iter().map(String::as_str).collect();
        order.shuffle(rng);
        let id = format!("g{row}");
        let text = order.join(" ");
        let mut record = vec![id.as_str(), text.as_str()];
        record.extend(labels.iter().copied());
        writer.write_record(&record)?;
    }
    writer.flush()
}
