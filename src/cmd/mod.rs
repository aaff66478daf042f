//! One module per subcommand: its arguments, usage examples and wiring.

pub mod classify;
pub mod completions;
pub mod evaluate;
pub mod explain;
pub mod man;
pub mod report;
pub mod rules;
pub mod train;

use crate::error::{Error, Result};
use crate::model::{self, Model, ModelSource};
use std::path::PathBuf;

/// Loads the model given by `--model`, or the built-in one.
pub fn load_model(path: Option<&PathBuf>) -> Result<Model> {
    let source = match path {
        Some(p) => ModelSource::File(p.clone()),
        None => ModelSource::Embedded,
    };
    model::load(&source)
}

/// Parses a one-character delimiter argument.
pub fn delimiter(value: Option<char>) -> Result<Option<u8>> {
    value
        .map(|c| {
            u8::try_from(c).ok().filter(u8::is_ascii).ok_or_else(|| {
                Error::usage(format!(
                    "--delimiter must be one ASCII character, not {c:?}"
                ))
            })
        })
        .transpose()
}

/// The worker pool for `--threads` (0 or `None`: one thread per core).
pub fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let threads = threads.unwrap_or(0);
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::usage(format!("cannot start {threads} threads: {e}")))
}
