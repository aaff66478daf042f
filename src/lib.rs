//! tipsom: tells trafficking in persons apart from smuggling of migrants in free-text
//! case descriptions, and explains itself in the terms of the UN protocols.
//!
//! The data flow, one module per stage:
//! CSV rows ([`input`]) → text analysis ([`analysis`]) → features ([`features`]) →
//! model ([`model`]) → verdict and explanation ([`verdict`]) → writers ([`output`]).
//! The subcommands in [`cmd`] only wire the stages together.
#![forbid(unsafe_code)]

pub mod analysis;
pub mod cli;
pub mod cmd;
pub mod decimal;
pub mod error;
pub mod features;
pub mod input;
pub mod label;
pub mod metrics;
pub mod model;
pub mod output;
pub mod verdict;
pub mod wordmap;

/// The case texts of the shipped data files, for tests that check a faster way of reading
/// them against a plainer one.
#[cfg(test)]
pub(crate) fn data_texts() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let mut texts = Vec::new();
    for file in ["cases.csv", "validation.csv", "reserved.csv", "sample.csv"] {
        let data = std::fs::read_to_string(format!("{dir}/{file}")).expect("data file");
        let mut reader = csv::Reader::from_reader(data.as_bytes());
        for record in reader.records() {
            texts.push(record.expect("valid CSV")[1].to_string());
        }
    }
    texts
}
