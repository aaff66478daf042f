//! Generates a large, varied, deterministic case file for benchmarks.
//!
//! Each row's text is stitched from sentences of `data/cases.csv` chosen with a seeded
//! RNG and trimmed to about `--bytes` bytes, so rows differ (caches and branch
//! predictors are not flattered by repeats) but the vocabulary stays realistic.
//!
//! `cargo run --release --example gen_cases -- --rows 1000000 [--bytes 210] [--seed 1] > big.csv`

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::{self, BufWriter};

fn arg(args: &[String], name: &str, default: u64) -> u64 {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rows = arg(&args, "--rows", 100_000);
    let bytes = arg(&args, "--bytes", 210) as usize;
    let mut rng = ChaCha8Rng::seed_from_u64(arg(&args, "--seed", 1));
    let mut reader = csv::Reader::from_path("data/cases.csv")?;
    let mut sentences: Vec<String> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(io::Error::other)?;
        let text = record.get(1).unwrap_or_default();
        sentences.extend(
            text.split_inclusive(". ")
                .map(|s| s.trim().to_string())
                .filter(|s| s.len() > 20),
        );
    }
    let out = io::stdout().lock();
    let mut writer = csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, out));
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
