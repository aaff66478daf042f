//! Any bytes as a case file: CaseReader::open, then next_case until the end or an
//! error. Errors are fine; a panic is a finding. The same file is also read with
//! an id column, a kept column and a small record limit, and as a labeled file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;
use tipsom::input::labeled::read_labeled;
use tipsom::input::{CaseReader, InputOptions};

/// One scratch file, rewritten for every input (libFuzzer runs inputs one at a time).
fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("tipsom-fuzz-cases-")
            .tempdir()
            .expect("a temporary folder");
        let path = dir.path().join("cases.csv");
        (dir, path)
    })
    .1
}

fn read_all(path: &str, options: &InputOptions) {
    let Ok(mut reader) = CaseReader::open(path, options) else {
        return;
    };
    // A reader of N bytes holds at most N+1 records; the bound catches a reader that
    // would loop forever without reading.
    for _ in 0..100_000 {
        match reader.next_case() {
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return,
        }
    }
    panic!("next_case never reached the end");
}

fuzz_target!(|data: &[u8]| {
    let path = scratch();
    std::fs::write(path, data).expect("write the scratch file");
    let path = path.to_str().expect("a UTF-8 temp path");
    read_all(path, &InputOptions::default());
    read_all(
        path,
        &InputOptions {
            id_column: Some("id".to_string()),
            keep: vec!["label".to_string()],
            max_record_bytes: 64,
            ..InputOptions::default()
        },
    );
    let _ = read_labeled(&[path.to_string()], Some("label"), false);
});
