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
use crate::input::{CaseReader, InputOptions, DEFAULT_MAX_RECORD_BYTES};
use crate::model::{self, Model, ModelSource};
use std::path::PathBuf;

/// How to read case files and which model to use: shared by `classify` and `report`.
#[derive(Debug, clap::Args)]
pub struct SourceArgs {
    /// Column holding the case text.
    #[arg(long, default_value = "text")]
    pub text_column: String,
    /// Column holding the case id (default: `id` if present, else the row number).
    #[arg(long)]
    pub id_column: Option<String>,
    /// Model file (default: the built-in model).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Field delimiter (default: detected from the header: comma, semicolon or tab).
    #[arg(long)]
    pub delimiter: Option<char>,
    /// Largest record accepted, in bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_RECORD_BYTES)]
    pub max_record_bytes: usize,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Everything a classifying command needs: the model, the workers, one reader per input.
pub struct Sources {
    /// The model to classify with.
    pub model: Model,
    /// The threads that classify beside this one (`--threads` less one), or `None`
    /// when this thread does everything.
    pub helpers: Option<rayon::ThreadPool>,
    /// One open reader per input file, in order.
    pub readers: Vec<CaseReader>,
}

impl SourceArgs {
    /// Loads the model, starts the workers and opens every input (checking each header)
    /// before any output is written.
    pub fn open(&self, inputs: &[String], keep: &[String]) -> Result<Sources> {
        // The lexicon compiles on a second thread while this one loads the model: the
        // two are most of the start-up of a short file.
        let model = std::thread::scope(|scope| {
            let lexicon = scope.spawn(crate::analysis::prepare);
            let model = load_model(self.model.as_ref());
            if let Err(panic) = lexicon.join() {
                std::panic::resume_unwind(panic);
            }
            model
        })?;
        let options = InputOptions {
            text_column: self.text_column.clone(),
            id_column: self.id_column.clone(),
            keep: keep.to_vec(),
            delimiter: delimiter(self.delimiter)?,
            max_record_bytes: self.max_record_bytes,
        };
        let helpers = helper_pool(self.threads)?;
        let readers = inputs
            .iter()
            .map(|path| CaseReader::open(path, &options))
            .collect::<Result<Vec<_>>>()?;
        Ok(Sources {
            model,
            helpers,
            readers,
        })
    }
}

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

/// The threads that work beside this one for `--threads` (0 or `None`: one thread
/// per core in all): one fewer than asked, because this thread classifies too, so
/// no more threads are busy than there are cores. `None` for one thread.
pub fn helper_pool(threads: Option<usize>) -> Result<Option<rayon::ThreadPool>> {
    let threads = match threads {
        Some(asked) if asked > 0 => asked,
        _ => std::thread::available_parallelism().map_or(1, usize::from),
    };
    if threads == 1 {
        return Ok(None);
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads - 1)
        .build()
        .map(Some)
        .map_err(|e| Error::usage(format!("cannot start {threads} threads: {e}")))
}
