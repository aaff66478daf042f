//! Any bytes as a model file: model::load must refuse or accept, never panic.
//!
//! The checksum stops almost every mutated file before the model body is parsed,
//! so each input is also tried as the body of a correctly checksummed envelope:
//! that reaches the shape and consistency checks (and, for a body that passes
//! them, one prediction with the loaded model).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::OnceLock;
use tipsom::model::{self, ModelSource};

fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("tipsom-fuzz-model-")
            .tempdir()
            .expect("a temporary folder");
        let path = dir.path().join("model.json");
        (dir, path)
    })
    .1
}

fn load(bytes: &[u8]) {
    let path = scratch();
    std::fs::write(path, bytes).expect("write the scratch file");
    if let Ok(model) = model::load(&ModelSource::File(path.clone())) {
        // A model that loads must also be usable.
        let _ = tipsom::verdict::classify_text(
            &model,
            "They paid a smuggler 2,000 euros to cross the border, then were forced to work.",
        );
    }
}

fuzz_target!(|data: &[u8]| {
    load(data);
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(raw) = serde_json::value::RawValue::from_string(body.trim().to_string()) else {
        return;
    };
    let checksum: String = Sha256::digest(raw.get().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let envelope = format!(
        "{{\"format\":\"tipsom-model\",\"format_version\":1,\"checksum\":\"{checksum}\",\"model\":{}}}",
        raw.get()
    );
    load(envelope.as_bytes());
});
