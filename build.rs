//! Puts the built-in model into the binary in MessagePack, which reads in a fraction of
//! the time its JSON takes (reading `models/tipsom.json` was about half the start-up of
//! a one-row file). The JSON file stays the model's one source: the MessagePack is the
//! same document, value for value, and a unit test in `src/model/file.rs` checks that
//! both give the same model.

use std::path::Path;

fn main() {
    let source = Path::new("models/tipsom.json");
    println!("cargo:rerun-if-changed={}", source.display());
    let json =
        std::fs::read(source).unwrap_or_else(|e| panic!("cannot read {}: {e}", source.display()));
    let mut packed = Vec::with_capacity(json.len());
    let mut from = serde_json::Deserializer::from_slice(&json);
    // Objects stay maps with their field names, so the model's serde types read it as
    // they read the JSON.
    let mut to = rmp_serde::Serializer::new(&mut packed);
    serde_transcode::transcode(&mut from, &mut to)
        .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", source.display()));
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let target = Path::new(&out_dir).join("tipsom.msgpack");
    std::fs::write(&target, packed)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
}
