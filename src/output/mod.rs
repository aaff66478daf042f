//! Verdicts out: one [`Sink`] trait with CSV, JSON Lines and table writers.
//!
//! The classifier never formats; writers never classify (ripgrep's split between
//! searching and printing). Output goes to stdout through one buffered lock, or to
//! a file written beside its target and renamed into place only when complete, so
//! a failed run never leaves a half-written result.

mod csv_sink;
pub mod html;
pub mod jsonl;
pub mod progress;
pub mod style;
mod table;
pub mod terminal;

use crate::error::{Error, Kind, Result};
use crate::verdict::Verdict;
use anstream::{AutoStream, ColorChoice};
pub use csv_sink::neutralize;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use style::Palette;

/// One classified case, ready to write.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The case id.
    pub id: &'a str,
    /// The case text (for evidence quotes).
    pub text: &'a str,
    /// What tipsom says about it.
    pub verdict: &'a Verdict,
    /// Values of the columns carried through with `--keep`.
    pub kept: &'a [String],
}

/// A destination for verdicts.
pub trait Sink {
    /// Writes one row.
    fn write(&mut self, row: &Row) -> Result<()>;
    /// For formats whose rows stand alone: how a row is formatted, and where the
    /// bytes of formatted rows go, in input order. `None` for sinks that must see
    /// each row themselves (aligned columns, reports).
    fn formatted(&mut self) -> Option<(&dyn RowFormat, &mut Target)> {
        None
    }
    /// Flushes everything; for files, moves the finished file into place.
    fn finish(self: Box<Self>) -> Result<()>;
}

/// Formats a row into bytes on any thread, so the threads that classify cases can
/// format them too, while each case is still in their caches.
pub trait RowFormat: Sync {
    /// Appends `row` as its sink writes it, line end included, to `out`.
    fn format(&self, row: &Row, out: &mut Vec<u8>);
}

/// A sink for a [`RowFormat`] (CSV, JSON Lines): each row is formatted into a reused
/// line and written whole.
struct RowSink<F> {
    target: Target,
    format: F,
    /// Reused for the bytes of one row.
    line: Vec<u8>,
}

impl<F: RowFormat> RowSink<F> {
    fn new(target: Target, format: F) -> Self {
        RowSink {
            target,
            format,
            line: Vec::with_capacity(1024),
        }
    }
}

impl<F: RowFormat> Sink for RowSink<F> {
    fn write(&mut self, row: &Row) -> Result<()> {
        self.line.clear();
        self.format.format(row, &mut self.line);
        self.target.write_all(&self.line)
    }

    fn formatted(&mut self) -> Option<(&dyn RowFormat, &mut Target)> {
        Some((&self.format, &mut self.target))
    }

    fn finish(self: Box<Self>) -> Result<()> {
        self.target.finish()
    }
}

/// Output formats for `classify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Comma-separated values, spreadsheet-safe.
    Csv,
    /// One JSON object per line, exact values.
    Jsonl,
    /// Aligned columns for reading in a terminal.
    Table,
}

/// Opens a sink for `format` writing to `output` (stdout when `None`).
pub fn open_sink(
    format: Format,
    output: Option<&Path>,
    kept_columns: &[String],
) -> Result<Box<dyn Sink>> {
    let mut target = Target::open(output)?;
    Ok(match format {
        Format::Csv => {
            let format = csv_sink::start(&mut target, kept_columns)?;
            Box::new(RowSink::new(target, format))
        }
        Format::Jsonl => Box::new(RowSink::new(target, jsonl::JsonlFormat::new(kept_columns))),
        Format::Table => Box::new(table::TableSink::new(target)),
    })
}

/// A new temporary file in `dir`, named with the given prefix and suffix, to be renamed
/// over `path` once complete. A new file is readable by its owner only, as case texts
/// and models are confidential (SECURITY.md); a file it replaces keeps its permissions,
/// so a results file or model the user has shared with a team stays shared.
pub(crate) fn replacement_file(
    path: &Path,
    dir: &Path,
    (prefix, suffix): (&str, &str),
) -> io::Result<tempfile::NamedTempFile> {
    let replaced = std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.permissions());
    let file = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(suffix)
        .tempfile_in(dir)?;
    if let Some(permissions) = replaced {
        file.as_file().set_permissions(permissions)?;
    }
    Ok(file)
}

/// Where output bytes go: stdout, or a temporary file renamed into place at the end.
pub struct Target {
    name: String,
    writer: BufWriter<Box<dyn Write>>,
    pending: Option<(tempfile::TempPath, PathBuf)>,
    palette: Palette,
}

impl Target {
    /// Stdout for `None`, else a temporary file beside `path`.
    pub fn open(path: Option<&Path>) -> Result<Self> {
        let Some(path) = path else {
            return Ok(Target::stdout());
        };
        let name = path.display().to_string();
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(Error {
                kind: Kind::Output,
                message: format!("cannot write {name}: the folder {} does not exist. Create it first or choose another -o path.", dir.display()),
            });
        }
        if path.is_dir() {
            return Err(Error {
                kind: Kind::Output,
                message: format!(
                    "cannot write {name}: it is a folder. Give a file name, e.g. {}/results.csv.",
                    name.trim_end_matches('/')
                ),
            });
        }
        if path.metadata().is_ok_and(|m| !m.is_file()) {
            return Target::special(path, name);
        }
        let file = replacement_file(path, &dir, (".tipsom-out-", ""))
            .map_err(|e| Error::output(&name, &e))?;
        let (file, temp_path) = file.into_parts();
        Ok(Target {
            name,
            writer: BufWriter::with_capacity(1 << 16, Box::new(file)),
            pending: Some((temp_path, path.to_path_buf())),
            palette: Palette::new(false),
        })
    }

    /// A device or pipe such as `/dev/null` or a named pipe: written in place, since
    /// renaming a file over it would replace the device itself.
    fn special(path: &Path, name: String) -> Result<Self> {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| Error::output(&name, &e))?;
        Ok(Target {
            name,
            writer: BufWriter::with_capacity(1 << 16, Box::new(file)),
            pending: None,
            palette: Palette::new(false),
        })
    }

    /// Stdout, coloured only when it is a terminal that wants colour (see [`style`]).
    /// A plain stdout is written directly, so piped output costs nothing extra.
    fn stdout() -> Self {
        let choice = AutoStream::choice(&io::stdout());
        let (writer, colour): (Box<dyn Write>, bool) = if choice == ColorChoice::Never {
            (Box::new(io::stdout().lock()), false)
        } else {
            (Box::new(AutoStream::new(io::stdout().lock(), choice)), true)
        };
        Target {
            name: "standard output".to_string(),
            writer: BufWriter::with_capacity(1 << 16, writer),
            pending: None,
            palette: Palette::new(colour),
        }
    }

    /// How to colour what is written here: plain for files, pipes and `NO_COLOR`.
    pub fn palette(&self) -> Palette {
        self.palette
    }

    /// The destination's name for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Writes all bytes, mapping errors (a closed pipe becomes a quiet exit).
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer
            .write_all(bytes)
            .map_err(|e| Error::output(&self.name, &e))
    }

    /// Flushes and, for a file, moves it into place.
    pub fn finish(mut self) -> Result<()> {
        self.writer
            .flush()
            .map_err(|e| Error::output(&self.name, &e))?;
        if let Some((temp, path)) = self.pending.take() {
            drop(self.writer);
            temp.persist(&path)
                .map_err(|e| Error::output(&self.name, &e.error))?;
        }
        Ok(())
    }
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// Formats a probability for output.
pub fn probability(p: f64) -> String {
    let mut out = String::new();
    push_probability(p, &mut out);
    out
}

/// Appends a probability as [`probability`] writes it: three decimals, as `{:.3}` would.
pub fn push_probability(p: f64, out: &mut String) {
    crate::decimal::push_fixed(p, 3, out);
}

/// Appends the bytes [`push_probability`] would append, for writers that build their
/// output as bytes (the CSV rows).
pub fn push_probability_bytes(p: f64, out: &mut Vec<u8>) {
    crate::decimal::push_fixed_bytes(p, 3, out);
}
