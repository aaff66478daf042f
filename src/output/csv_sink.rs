//! CSV output, in the column order the README documents, safe to open in a spreadsheet.

use super::{probability, Row, Sink, Target};
use crate::analysis::Element;
use crate::error::{Error, Result};
use crate::verdict::evidence_summary;

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
}

impl CsvSink {
    /// Starts the file with its header row.
    pub fn new(target: Target, kept_columns: &[String]) -> Result<Self> {
        let mut sink = CsvSink {
            name: target.name().to_string(),
            writer: csv::Writer::from_writer(target),
        };
        let header: Vec<String> = COLUMNS
            .iter()
            .map(|c| c.to_string())
            .chain(kept_columns.iter().map(|c| neutralize(c)))
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
        let v = row.verdict;
        let flag = |b: bool| if b { "1" } else { "0" };
        let elements = Element::ALL.map(|e| flag(v.elements[e.index()]));
        let fields: Vec<String> = [
            neutralize(row.id),
            v.label.to_string(),
            probability(v.p_trafficking),
            probability(v.p_smuggling),
        ]
        .into_iter()
        .chain(elements.iter().map(|s| s.to_string()))
        .chain([
            v.rules.label.to_string(),
            v.needs_review().to_string(),
            v.wording.clone().unwrap_or_default(),
            neutralize(&evidence_summary(row.text, &v.evidence)),
            neutralize(&v.review_reasons.join("; ")),
        ])
        .chain(row.kept.iter().map(|k| neutralize(k)))
        .collect();
        self.record(fields.iter().map(String::as_str))
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

/// Neutralises a cell a spreadsheet would run as a formula (OWASP CSV injection):
/// a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front.
pub fn neutralize(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
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
