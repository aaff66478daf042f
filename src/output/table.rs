//! Aligned plain-text table for reading verdicts in a terminal.

use super::terminal::escape;
use super::{Row, Sink, Target};
use crate::analysis::Element;
use crate::error::Result;

/// Writes verdicts as aligned columns.
pub struct TableSink {
    target: Target,
    header_written: bool,
}

impl TableSink {
    /// A sink over `target`.
    pub fn new(target: Target) -> Self {
        TableSink {
            target,
            header_written: false,
        }
    }
}

const ELEMENT_LETTERS: [&str; 6] = ["A", "M", "P", "C", "E", "B"];

impl Sink for TableSink {
    fn write(&mut self, row: &Row) -> Result<()> {
        if !self.header_written {
            self.header_written = true;
            let header = format!(
                "{:<14} {:<12} {:>6} {:>6}  {:<6}  {:<12} {:<6} {}\n",
                "id", "label", "p_traf", "p_smug", "AMPCEB", "rules", "review", "wording"
            );
            self.target.write_all(header.as_bytes())?;
        }
        let v = row.verdict;
        let elements: String = Element::ALL
            .iter()
            .map(|e| {
                if v.elements[e.index()] {
                    ELEMENT_LETTERS[e.index()]
                } else {
                    "."
                }
            })
            .collect();
        let id: String = escape(row.id).chars().take(14).collect();
        let line = format!(
            "{:<14} {:<12} {:>6.3} {:>6.3}  {:<6}  {:<12} {:<6} {}\n",
            id,
            v.label.as_str(),
            v.p_trafficking,
            v.p_smuggling,
            elements,
            v.rules.label.as_str(),
            if v.needs_review() { "yes" } else { "" },
            v.wording.as_deref().unwrap_or("")
        );
        self.target.write_all(line.as_bytes())
    }

    fn finish(self: Box<Self>) -> Result<()> {
        self.target.finish()
    }
}
