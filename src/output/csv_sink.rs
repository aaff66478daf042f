//! CSV output, in the column order the README documents, safe to open in a spreadsheet.
//!
//! Each row is built once in a reused byte buffer and handed to the [`Target`] in one
//! write. Cells that can never need quotes (labels, probabilities, 0/1 flags) are
//! appended as they are; every other cell is quoted by the csv crate's own rule
//! ([`csv_core::Writer::should_quote`] and [`csv_core::quote`]), so the bytes are
//! those `csv::Writer` would write, without its per-field bookkeeping.

use super::{push_probability_bytes, Row, RowFormat, Target};
use crate::analysis::Element;
use crate::error::Result;
use crate::verdict::{write_evidence_summary, QuoteMarks};
use std::borrow::Cow;
use std::cell::RefCell;

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

/// How a verdict becomes a CSV row; any thread may run it (see [`RowFormat`]).
pub(super) struct CsvFormat {
    /// The csv crate's writer in its default configuration (the one `csv::Writer`
    /// uses), consulted only for its quoting rule and quote bytes.
    quoting: csv_core::Writer,
}

thread_local! {
    /// Reused for the cells built per row (probabilities, evidence, reasons).
    static CELL: RefCell<String> = const { RefCell::new(String::new()) };
}

impl RowFormat for CsvFormat {
    fn format(&self, row: &Row, out: &mut Vec<u8>) {
        CELL.with_borrow_mut(|cell| push_row(&self.quoting, cell, row, out));
    }
}

/// Starts a CSV file in `target` with its header row, and gives the format of the
/// rows that follow it.
pub(super) fn start(target: &mut Target, kept_columns: &[String]) -> Result<CsvFormat> {
    let format = CsvFormat {
        quoting: csv_core::Writer::new(),
    };
    let header = COLUMNS
        .iter()
        .map(|c| Cow::Borrowed(*c))
        .chain(kept_columns.iter().map(|c| neutralize(c)));
    let mut line = Vec::new();
    for (i, name) in header.enumerate() {
        if i > 0 {
            line.push(b',');
        }
        push_cell(&format.quoting, &name, &mut line);
    }
    line.push(b'\n');
    target.write_all(&line)?;
    Ok(format)
}

/// Appends one verdict's row, its terminator included, building the computed cells
/// in `buffer`.
fn push_row(quoting: &csv_core::Writer, buffer: &mut String, row: &Row, line: &mut Vec<u8>) {
    let v = row.verdict;
    push_cell(quoting, &neutralize(row.id), line);
    line.push(b',');
    push_plain(v.label.as_str(), line);
    for p in [v.p_trafficking, v.p_smuggling] {
        push_probability_bytes(p, line);
        line.push(b',');
    }
    // The six element cells at once: each 0 or 1, which need no quotes.
    let mut flags = *b"0,0,0,0,0,0,";
    for (i, element) in Element::ALL.into_iter().enumerate() {
        if v.elements[element.index()] {
            flags[2 * i] = b'1';
        }
    }
    line.extend_from_slice(&flags);
    push_plain(v.rules.label.as_str(), line);
    push_plain(if v.needs_review() { "true" } else { "false" }, line);
    push_cell(quoting, v.wording.unwrap_or_default(), line);
    line.push(b',');
    // The summary with its quotation marks doubled is the inside of its cell as csv
    // writes it: a summary that says anything holds quotation marks, so csv quotes
    // it, and it starts with an element's name, so it is never a formula (the tests
    // compare whole rows with csv::Writer's).
    buffer.clear();
    write_evidence_summary(row.text, &v.evidence, QuoteMarks::Doubled, buffer);
    if !buffer.is_empty() {
        line.push(b'"');
        line.extend_from_slice(buffer.as_bytes());
        line.push(b'"');
    }
    line.push(b',');
    buffer.clear();
    v.write_review_text(buffer);
    push_cell(quoting, &neutralize(buffer), line);
    for kept in row.kept {
        line.push(b',');
        push_cell(quoting, &neutralize(kept), line);
    }
    line.push(b'\n');
}

/// Appends a cell that never needs quotes (a label, `true` or `false`; the tests
/// check each against the csv crate) and the delimiter after it.
fn push_plain(cell: &str, line: &mut Vec<u8>) {
    line.extend_from_slice(cell.as_bytes());
    line.push(b',');
}

/// Appends `cell` as `csv::Writer` writes a field: quoted, with quotes doubled, when
/// the csv crate's rule says it must be, else as it is.
fn push_cell(quoting: &csv_core::Writer, cell: &str, line: &mut Vec<u8>) {
    let bytes = cell.as_bytes();
    if !quoting.should_quote(bytes) {
        line.extend_from_slice(bytes);
        return;
    }
    let quote = quoting.get_quote();
    line.push(quote);
    let start = line.len();
    // At most every byte doubled: csv_core's documented worst case.
    line.resize(start + 2 * bytes.len(), 0);
    let (_, _, written) = csv_core::quote(
        bytes,
        &mut line[start..],
        quote,
        quoting.get_escape(),
        quoting.get_double_quote(),
    );
    line.truncate(start + written);
    line.push(quote);
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
    use crate::label::Label;
    use crate::model::file::{load, ModelSource};
    use crate::verdict::classify_text;
    use proptest::prelude::*;

    /// The row as `csv::Writer` writes it, field by field: the writer this sink
    /// replaced, kept as the oracle.
    fn csv_crate_row(row: &Row) -> Vec<u8> {
        let v = row.verdict;
        let evidence = crate::verdict::evidence_summary(row.text, &v.evidence);
        let fields = [
            neutralize(row.id).into_owned(),
            v.label.as_str().to_string(),
            crate::output::probability(v.p_trafficking),
            crate::output::probability(v.p_smuggling),
        ]
        .into_iter()
        .chain(Element::ALL.map(|e| (if v.elements[e.index()] { "1" } else { "0" }).to_string()))
        .chain([
            v.rules.label.as_str().to_string(),
            v.needs_review().to_string(),
            v.wording.unwrap_or_default().to_string(),
            neutralize(&evidence).into_owned(),
            neutralize(&v.review_text()).into_owned(),
        ])
        .chain(row.kept.iter().map(|k| neutralize(k).into_owned()));
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(fields).expect("writes to memory");
        writer.into_inner().expect("flushes to memory")
    }

    fn our_row(row: &Row) -> Vec<u8> {
        let mut line = Vec::new();
        push_row(&csv_core::Writer::new(), &mut String::new(), row, &mut line);
        line
    }

    /// Cells `csv::Writer` writes as they are, with no quotes.
    fn csv_crate_leaves_alone(cell: &str) -> bool {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record([cell, cell]).expect("writes to memory");
        writer.into_inner().expect("flushes to memory") == format!("{cell},{cell}\n").as_bytes()
    }

    #[test]
    fn plain_cells_never_need_quotes() {
        let mut cells: Vec<String> = ["0", "1", "true", "false"].map(String::from).to_vec();
        cells.extend(Label::ALL.iter().map(|l| l.as_str().to_string()));
        for p in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.0,
            -0.5,
            1.5,
            1e300,
        ] {
            cells.push(crate::output::probability(p));
        }
        cells.extend((0..=2000).map(|i| crate::output::probability(f64::from(i) / 2000.0)));
        for cell in &cells {
            assert!(csv_crate_leaves_alone(cell), "{cell:?}");
        }
    }

    #[test]
    fn rows_are_byte_for_byte_what_the_csv_crate_writes() {
        let model = load(&ModelSource::Embedded).expect("the built-in model loads");
        let kept = [
            "plain",
            "",
            "a,b",
            "q\"uote",
            "line\nbreak",
            "cr\rx",
            "=1+1",
            "-2",
            "@x",
            "\tx",
            " lead",
            "é,ü",
            "#c",
        ]
        .map(String::from);
        let texts = include_str!("../../data/sample.csv").lines().chain([
            "",
            "   ",
            "\"quoted\" paid, \"forced\" to work",
            "=HYPERLINK(\"x\")",
        ]);
        for (i, text) in texts.enumerate() {
            let verdict = classify_text(&model, text);
            let id = &kept[i % kept.len()];
            for kept in [&kept[..], &[][..], &kept[i % kept.len()..]] {
                let row = Row {
                    id,
                    text,
                    verdict: &verdict,
                    kept,
                };
                assert_eq!(
                    String::from_utf8_lossy(&our_row(&row)),
                    String::from_utf8_lossy(&csv_crate_row(&row)),
                    "{text:?}"
                );
            }
        }
    }

    proptest! {
        /// Evidence quoting any words of any text, quotation marks and commas included,
        /// as the analyser rarely finds it.
        #[test]
        fn evidence_cells_are_what_the_csv_crate_writes(
            text in "([a-z ,\"\n=-]|\\PC){0,40}",
            picks in proptest::collection::vec((0usize..6, any::<bool>(), 0usize..48, 0usize..12), 0..8)
        ) {
            let model = load(&ModelSource::Embedded).expect("the built-in model loads");
            let mut verdict = classify_text(&model, "She was recruited and beaten.");
            let template = verdict.evidence[0].clone();
            verdict.evidence = picks
                .iter()
                .map(|&(element, negated, start, len)| {
                    let mut e = template.clone();
                    e.element = Element::ALL[element];
                    e.negated = negated;
                    (e.start, e.end) = (start, start + len);
                    e
                })
                .collect();
            let row = Row { id: "x", text: &text, verdict: &verdict, kept: &[] };
            let (ours, theirs) = (our_row(&row), csv_crate_row(&row));
            prop_assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs));
        }

        #[test]
        fn cells_are_quoted_as_the_csv_crate_quotes_them(
            cells in proptest::collection::vec(any::<String>(), 2..6),
            formulas in proptest::collection::vec(
                "[=+\\-@\t\r\n\",' a]{0,3}[a-z\",\r\n]{0,4}", 0..4)
        ) {
            let cells: Vec<String> = cells.into_iter().chain(formulas).collect();
            let mut ours = Vec::new();
            for (i, cell) in cells.iter().enumerate() {
                if i > 0 {
                    ours.push(b',');
                }
                push_cell(&csv_core::Writer::new(), &neutralize(cell), &mut ours);
            }
            ours.push(b'\n');
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(cells.iter().map(|c| neutralize(c).into_owned())).expect("writes to memory");
            prop_assert_eq!(ours, writer.into_inner().expect("flushes to memory"));
        }
    }

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
