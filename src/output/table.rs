//! Aligned text table for reading verdicts in a terminal: coloured by label and
//! element on a terminal that wants colour, plain in files, pipes and under `NO_COLOR`.

use super::style::Palette;
use super::terminal::escape;
use super::{Row, Sink, Target};
use crate::analysis::Element;
use crate::error::Result;
use crate::verdict::Verdict;

/// Writes verdicts as aligned columns.
pub struct TableSink {
    target: Target,
    palette: Palette,
    header_written: bool,
}

impl TableSink {
    /// A sink over `target`, coloured as the target allows.
    pub fn new(target: Target) -> Self {
        TableSink {
            palette: target.palette(),
            target,
            header_written: false,
        }
    }
}

/// One letter per element, in [`Element::ALL`] order: Act, Means, Purpose, Child,
/// illegal Entry, Benefit.
const ELEMENT_LETTERS: [&str; 6] = ["A", "M", "P", "C", "E", "B"];

/// Widths of the id and label columns.
const ID_WIDTH: usize = 14;
const LABEL_WIDTH: usize = 12;

impl Sink for TableSink {
    fn write(&mut self, row: &Row) -> Result<()> {
        if !self.header_written {
            self.header_written = true;
            let header = format!(
                "{:<14} {:<12} {:>6} {:>6}  {:<6}  {:<12} {:<6} {}",
                "id", "label", "p_traf", "p_smug", "AMPCEB", "rules", "review", "wording"
            );
            let line = format!("{}\n", self.palette.heading(&header));
            self.target.write_all(line.as_bytes())?;
        }
        let line = table_line(self.palette, row);
        self.target.write_all(line.as_bytes())
    }

    fn finish(self: Box<Self>) -> Result<()> {
        self.target.finish()
    }
}

/// One row of the table; padding is applied before colour so columns stay aligned.
fn table_line(palette: Palette, row: &Row) -> String {
    let v = row.verdict;
    let id: String = escape(row.id).chars().take(ID_WIDTH).collect();
    let label = palette.label(v.label, &format!("{:<LABEL_WIDTH$}", v.label.as_str()));
    let rules = palette.label(
        v.rules.label,
        &format!("{:<LABEL_WIDTH$}", v.rules.label.as_str()),
    );
    let review = if v.needs_review() {
        palette.warning("yes   ")
    } else {
        "      ".to_string()
    };
    let wording = v.wording.map(|w| palette.warning(w));
    format!(
        "{id:<ID_WIDTH$} {label} {:>6.3} {:>6.3}  {}  {rules} {review} {}\n",
        v.p_trafficking,
        v.p_smuggling,
        element_letters(palette, v),
        wording.unwrap_or_default()
    )
}

/// The six element letters, each in its element's colour; a dot where missing.
fn element_letters(palette: Palette, verdict: &Verdict) -> String {
    Element::ALL
        .iter()
        .map(|e| {
            if verdict.elements[e.index()] {
                palette.element(*e, ELEMENT_LETTERS[e.index()])
            } else {
                palette.dim(".")
            }
        })
        .collect()
}
