//! Per-stage benchmarks: where classification time goes.
//!
//! The corpus is the project's own training texts (`data/cases.csv`), so the figures
//! are for realistic case prose. Run with `cargo bench --bench stages`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use tipsom::analysis::analyze;
use tipsom::input::{Case, CaseReader, InputOptions};
use tipsom::model::{load, ModelSource};
use tipsom::output::{open_sink, Format, Row};
use tipsom::verdict::{classify_text, judge};

fn corpus() -> Vec<String> {
    let mut reader =
        csv::Reader::from_path("data/cases.csv").expect("run from the repository root");
    reader
        .records()
        .map(|r| r.expect("valid data file")[1].to_string())
        .collect()
}

fn stages(c: &mut Criterion) {
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let model = load(&ModelSource::Embedded).expect("built-in model");
    let analyses: Vec<_> = texts.iter().map(|t| analyze(t)).collect();
    let vectors: Vec<_> = texts
        .iter()
        .zip(&analyses)
        .map(|(t, a)| model.features(t, a))
        .collect();
    let verdicts: Vec<_> = texts.iter().map(|t| classify_text(&model, t)).collect();

    let mut group = c.benchmark_group("per corpus of training texts");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("0 CSV reading (checked, with line numbers)", |b| {
        let options = InputOptions::default();
        let mut case = Case::default();
        b.iter(|| {
            let mut reader = CaseReader::open("data/cases.csv", &options).expect("data file");
            let mut read = 0;
            while reader.read_into(&mut case).expect("valid data file") {
                read += case.text.len();
            }
            read
        })
    });
    group.bench_function("1 analysis (lexicon, negation, ages)", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| analyze(black_box(t)).evidence.len())
                .sum::<usize>()
        })
    });
    group.bench_function("2 features (evidence block + TF-IDF)", |b| {
        b.iter(|| {
            texts
                .iter()
                .zip(&analyses)
                .map(|(t, a)| model.features(black_box(t), a).len())
                .sum::<usize>()
        })
    });
    group.bench_function("3 prediction (eight heads)", |b| {
        b.iter(|| {
            vectors
                .iter()
                .map(|x| model.predict(black_box(x)).p_trafficking)
                .sum::<f64>()
        })
    });
    group.bench_function("4 verdict (rules, wording, review)", |b| {
        b.iter(|| {
            texts
                .iter()
                .zip(&analyses)
                .zip(&vectors)
                .map(|((t, a), x)| judge(t, a, model.predict(x)).review_reasons.len())
                .sum::<usize>()
        })
    });
    group.bench_function("5 CSV writing (with evidence column)", |b| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.csv");
        b.iter(|| {
            let mut sink = open_sink(Format::Csv, Some(&path), &[]).expect("sink");
            for (t, v) in texts.iter().zip(&verdicts) {
                sink.write(&Row {
                    id: "id",
                    text: t,
                    verdict: v,
                    kept: &[],
                })
                .expect("write");
            }
            sink.finish().expect("finish");
        })
    });
    group.bench_function("all stages (classify_text)", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| classify_text(&model, black_box(t)).p_smuggling)
                .sum::<f64>()
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
