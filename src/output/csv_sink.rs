//! CSV output, in the column order the README documents, safe to open in a spreadsheet.

use super::{push_probability, Row, Sink, Target};
use crate::analysis::Element;
use crate::error::{Error, Result};
use crate::verdict::write_evidence_summary;
use std::borrow::Cow;

/// The fixed output columns, before any `--keep` columns.
pub const COLUMNS: [&str; 15] = [
    "id",
    "label",
    "p_trafficking",
    "p_smuggling",
    "act",
    "means",
    "purpose",
    "child",
    "illegal_entry",
    "facilitator_benefit",
    "rule_label",
    "needs_review",
    "wording",
    "evidence",
    "review_reason",
];

/// Writes verdicts as CSV rows.
pub struct CsvSink {
    writer: csv::Writer<Target>,
    name: String,
    /// Reused for the cells built per row (probabilities, evidence, reasons).
    buffer: String,
}

impl CsvSink {
    /// Starts the file with its header row.
    pub fn new(target: Target, kept_columns: &[String]) -> Result<Self> {
        let mut sink = CsvSink {
            name: target.name().to_string(),
            writer: csv::Writer::from_writer(target),
            buffer: String::new(),
        };
        let header: Vec<String> = COLUMNS
            .iter()
            .map(|c| c.to_string())
            .chain(kept_columns.iter().map(|c| neutralize(c).into_owned()))
            .collect();
        sink.record(header.iter().map(String::as_str))?;
        Ok(sink)
    }

    fn record<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) -> Result<()> {
        self.writer
            .write_record(fields)
            .map_err(|e| Error::csv_output(&self.name, e))
    }
}

impl Sink for CsvSink {
    fn write(&mut self, row: &Row) -> Result<()> {
        write_row(&mut self.writer, &mut self.buffer, row)
            .map_err(|e| Error::csv_output(&self.name, e))
    }

    fn finish(self: Box<Self>) -> Result<()> {
        let name = self.name;
        let target = self
            .writer
            .into_inner()
            .map_err(|e| Error::output(&name, e.error()))?;
        target.finish()
    }
}

/// Writes one verdict's cells, building the computed ones in `buffer`.
fn write_row(writer: &mut csv::Writer<Target>, buffer: &mut String, row: &Row) -> csv::Result<()> {
    let v = row.verdict;
    writer.write_field(neutralize(row.id).as_ref())?;
    writer.write_field(v.label.as_str())?;
    for p in [v.p_trafficking, v.p_smuggling] {
        buffer.clear();
        push_probability(p, buffer);
        writer.write_field(buffer.as_str())?;
    }
    for element in Element::ALL {
        writer.write_field(if v.elements[element.index()] {
            "1"
        } else {
            "0"
        })?;
    }
    writer.write_field(v.rules.label.as_str())?;
    writer.write_field(if v.needs_review() { "true" } else { "false" })?;
    writer.write_field(v.wording.unwrap_or_default())?;
    buffer.clear();
    write_evidence_summary(row.text, &v.evidence, buffer);
    writer.write_field(neutralize(buffer).as_ref())?;
    buffer.clear();
    v.write_review_text(buffer);
    writer.write_field(neutralize(buffer).as_ref())?;
    for kept in row.kept {
        writer.write_field(neutralize(kept).as_ref())?;
    }
    writer.write_record(None::<&[u8]>)
}

/// Neutralises a cell a spreadsheet would run as a formula (OWASP CSV injection):
/// a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(
            neutralize("=HYPERLINK(\"http://x\",\"click\")"),
            "'=HYPERLINK(\"http://x\",\"click\")"
        );
        assert_eq!(neutralize("+1"), "'+1");
        assert_eq!(neutralize("-2"), "'-2");
        assert_eq!(neutralize("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize("\tx"), "'\tx");
        assert_eq!(neutralize("c001"), "c001");
        assert_eq!(neutralize(""), "");
    }
}
