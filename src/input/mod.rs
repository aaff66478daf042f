//! CSV rows in: open a file or stdin, check it is really a CSV, resolve columns,
//! and hand out cases one at a time with their line numbers.
//!
//! Guards the `csv` crate's traps (see the engineering notes): an empty file, an
//! `.xlsx` or UTF-16 file saved under a `.csv` name, another delimiter, an
//! unterminated quote that swallows the rest of the file, an oversized field.
//! Every error names the file, the line and what to do.

pub mod labeled;

use crate::error::{column_list, excerpt, Error, Result};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::rc::Rc;

/// Default cap on one record's size, in bytes.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 1 << 20;

/// How to read case files.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// Column holding the case text.
    pub text_column: String,
    /// Column holding the case id; `None` means "id if present, else the row number".
    pub id_column: Option<String>,
    /// Columns to carry through to the output.
    pub keep: Vec<String>,
    /// Field delimiter; `None` detects comma, semicolon or tab from the header.
    pub delimiter: Option<u8>,
    /// Largest record accepted, in bytes.
    pub max_record_bytes: usize,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            text_column: "text".to_string(),
            id_column: None,
            keep: Vec::new(),
            delimiter: None,
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
        }
    }
}

/// One case read from a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Case {
    /// 1-based number of the data record (header excluded).
    pub record: u64,
    /// Line where the record starts.
    pub line: u64,
    /// The id column's value, or the record number.
    pub id: String,
    /// The case text.
    pub text: String,
    /// Values of the `--keep` columns, in order.
    pub kept: Vec<String>,
}

/// Reads cases from one CSV source, streaming.
pub struct CaseReader {
    name: String,
    reader: csv::Reader<Box<dyn Read>>,
    headers: Vec<String>,
    text_index: usize,
    id_index: Option<usize>,
    keep_index: Vec<usize>,
    record: csv::ByteRecord,
    count: u64,
    stream: Rc<RefCell<StreamCounts>>,
    /// The line where the last record read starts.
    last_line: u64,
    /// Whether the last record holds a line break, which only a quoted field can: with
    /// an odd number of quotes in the file, the sign of a quote never closed.
    last_record_spans_lines: bool,
    max_record_bytes: usize,
}

impl CaseReader {
    /// Opens `path` (or stdin for `-`) and resolves the columns.
    pub fn open(path: &str, options: &InputOptions) -> Result<Self> {
        let name = display_name(path);
        let source: Box<dyn Read> = if path == "-" {
            Box::new(io::stdin())
        } else {
            Box::new(open_file(path, &name)?)
        };
        let mut buffered = BufReader::with_capacity(1 << 16, source);
        let head = buffered
            .fill_buf()
            .map_err(|e| Error::input(format!("cannot read {name}: {e}")))?;
        let delimiter = sniff(head, &name, options.delimiter)?;
        let stream = Rc::new(RefCell::new(StreamCounts::default()));
        let counted: Box<dyn Read> = Box::new(Counted {
            inner: buffered,
            counts: Rc::clone(&stream),
        });
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .from_reader(counted);
        let headers: Vec<String> = reader
            .byte_headers()
            .map_err(|e| csv_error(&name, e, 1))?
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect();
        let find = |column: &str| headers.iter().position(|h| h == column);
        let text_index = find(&options.text_column).ok_or_else(|| {
            Error::input(format!(
                "{name}: no column named {:?}. Columns found: {}. Use --text-column NAME to say which column holds the case text.",
                options.text_column,
                column_list(&headers)
            ))
        })?;
        let id_index = match &options.id_column {
            Some(column) => Some(find(column).ok_or_else(|| {
                Error::input(format!(
                    "{name}: no column named {column:?} for the ids. Columns found: {}. Use --id-column NAME, or leave it out to number the rows.",
                    column_list(&headers)
                ))
            })?),
            None => find("id"),
        };
        let keep_index = options
            .keep
            .iter()
            .map(|column| {
                find(column).ok_or_else(|| {
                    Error::input(format!(
                        "{name}: no column named {column:?} to keep. Columns found: {}.",
                        column_list(&headers)
                    ))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(CaseReader {
            name,
            reader,
            headers,
            text_index,
            id_index,
            keep_index,
            record: csv::ByteRecord::new(),
            count: 0,
            stream,
            last_line: 1,
            last_record_spans_lines: false,
            max_record_bytes: options.max_record_bytes,
        })
    }

    /// The file's name for messages ("standard input" for `-`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The header row.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Reads the next case, or `None` at the end of the file.
    pub fn next_case(&mut self) -> Result<Option<Case>> {
        let mut case = Case::default();
        Ok(self.read_into(&mut case)?.then_some(case))
    }

    /// Reads the next case into `case`, reusing its buffers; `false` at the end of
    /// the input (and `case` is then unspecified).
    pub fn read_into(&mut self, case: &mut Case) -> Result<bool> {
        if !self.read_record()? {
            return Ok(false);
        }
        let line = self.last_line;
        case.record = self.count;
        case.line = line;
        self.field_into(self.text_index, line, &mut case.text)?;
        match self.id_index {
            Some(i) => self.field_into(i, line, &mut case.id)?,
            None => {
                use std::fmt::Write;
                case.id.clear();
                let _ = write!(case.id, "{}", self.count);
            }
        }
        case.kept.resize_with(self.keep_index.len(), String::new);
        for (slot, &i) in self.keep_index.iter().enumerate() {
            self.field_into(i, line, &mut case.kept[slot])?;
        }
        Ok(true)
    }

    /// Reads the next raw record; checks size and, at the end, unclosed quotes.
    fn read_record(&mut self) -> Result<bool> {
        let read = self.reader.read_byte_record(&mut self.record);
        let (start, spans_lines) = self.locate_record();
        let more = read.map_err(|e| self.read_error(e, start, spans_lines))?;
        if !more {
            let last =
                self.unclosed_quote(self.last_line, self.count, self.last_record_spans_lines);
            return last.map_or(Ok(false), Err);
        }
        self.count += 1;
        self.last_line = start;
        self.last_record_spans_lines = spans_lines;
        if self.record.as_slice().len() > self.max_record_bytes {
            return Err(Error::input(format!(
                "{}: line {start} (record {}): the record is {} bytes, over the limit of {} bytes. If a quote (\") is never closed, close it; if the text really is that long, raise the limit with --max-record-bytes.",
                self.name,
                self.count,
                self.record.as_slice().len(),
                self.max_record_bytes
            )));
        }
        Ok(true)
    }

    /// The line where the record just read (or refused) starts, and whether its
    /// fields hold a line break.
    ///
    /// The csv crate's own line count lags one behind after a CRLF line end (it counts
    /// the `\n` only once the next record starts), which would put every message about
    /// a spreadsheet-saved file one line early. So the line is counted from the line
    /// breaks themselves: the crate's record position may point at the `\n` of a CRLF
    /// or at skipped blank lines, and the line breaks there are stepped over (no
    /// record starts with a line break).
    fn locate_record(&self) -> (u64, bool) {
        let spans_lines = memchr::memchr2(b'\n', b'\r', self.record.as_slice()).is_some();
        let position = self.record.position().map_or(0, |p| p.byte());
        let line = self.stream.borrow_mut().line_of_record_at(position);
        (line, spans_lines)
    }

    /// The error for a record starting on `line` that the csv crate refused. A quote
    /// never closed makes the rest of the file one record, whose field count is then
    /// usually wrong too: that is reported as the unclosed quote it comes from.
    fn read_error(&self, error: csv::Error, line: u64, spans_lines: bool) -> Error {
        // The reader asks for more of the stream only when the record it is reading
        // needs it, so a stream that has ended was read to its end by this record.
        let ended = self.stream.borrow().ended;
        let unclosed = ended.then(|| self.unclosed_quote(line, self.count + 1, spans_lines));
        unclosed
            .flatten()
            .unwrap_or_else(|| csv_error(&self.name, error, line))
    }

    /// At the end of the stream: whether record number `record`, the last, starting
    /// on `line`, opens a quote that is never closed.
    fn unclosed_quote(&self, line: u64, record: u64, spans_lines: bool) -> Option<Error> {
        (self.stream.borrow().quotes % 2 == 1 && spans_lines).then(|| {
            Error::input(format!(
                "{}: line {line} (record {record}): a quoted field opens here and is never closed, so the rest of the file would be read as one text. Close the quote (\") or fix the cell and save the file again.",
                self.name
            ))
        })
    }

    /// Copies field `index` of the current record into `out`, checking it is UTF-8.
    fn field_into(&self, index: usize, line: u64, out: &mut String) -> Result<()> {
        let bytes = self.record.get(index).unwrap_or_default();
        let text = std::str::from_utf8(bytes).map_err(|e| {
            Error::input(format!(
                "{}: line {line} (record {}), column {}: the bytes at position {} are not valid UTF-8. Save the file as \"CSV UTF-8\" in your spreadsheet program.",
                self.name,
                self.count,
                excerpt(self.headers.get(index).map(String::as_str).unwrap_or("?")),
                e.valid_up_to()
            ))
        })?;
        out.clear();
        out.push_str(text);
        Ok(())
    }
}

/// The name of an input for messages.
pub fn display_name(path: &str) -> String {
    if path == "-" {
        "standard input".to_string()
    } else {
        path.to_string()
    }
}

fn open_file(path: &str, name: &str) -> Result<File> {
    let meta = std::fs::metadata(path).map_err(|e| {
        let hint = if e.kind() == io::ErrorKind::NotFound {
            "Check the path, or run the command from the folder that holds the file."
        } else {
            "Check that you may read it."
        };
        Error::input(format!("cannot open {name}: {e}. {hint}"))
    })?;
    if meta.is_dir() {
        return Err(Error::input(format!(
            "{name} is a folder, not a CSV file. Give the path of a .csv file inside it."
        )));
    }
    File::open(path).map_err(|e| {
        Error::input(format!(
            "cannot open {name}: {e}. Check that you may read it."
        ))
    })
}

/// Checks the first bytes: real CSV text, not empty, and which delimiter.
fn sniff(head: &[u8], name: &str, delimiter: Option<u8>) -> Result<u8> {
    if head.is_empty() {
        return Err(Error::input(format!(
            "{name} is empty. A case file needs a header row (at least a \"text\" column) and one row per case."
        )));
    }
    if head.starts_with(b"PK\x03\x04") {
        return Err(Error::input(format!(
            "{name} is a spreadsheet workbook (.xlsx), not a CSV file. Open it in your spreadsheet program and save as \"CSV UTF-8\"."
        )));
    }
    let nul_heavy = head.iter().take(512).filter(|b| **b == 0).count() > 4;
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) || nul_heavy {
        return Err(Error::input(format!(
            "{name} is encoded as UTF-16, not UTF-8. Save it as \"CSV UTF-8\" in your spreadsheet program."
        )));
    }
    if let Some(d) = delimiter {
        return Ok(d);
    }
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or(head);
    let count = |d: u8| first_line.iter().filter(|b| **b == d).count();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (count(*d), *d == b','))
        .unwrap_or(b',');
    Ok(if count(delimiter) == 0 {
        b','
    } else {
        delimiter
    })
}

/// Turns a `csv` reading error in the record starting on `line` into a message with
/// the line and advice.
fn csv_error(name: &str, error: csv::Error, line: u64) -> Error {
    let position = error
        .position()
        .map(|p| format!("line {line} (record {})", p.record()))
        .unwrap_or_else(|| "the header".to_string());
    match error.into_kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Error::input(format!(
            "{name}: {position}: this row has {len} fields but the header has {expected_len}. A comma inside a text must be inside double quotes; check for a missing or extra quote (\")."
        )),
        csv::ErrorKind::Io(e) => Error::input(format!("cannot read {name}: {e}")),
        csv::ErrorKind::Utf8 { err, .. } => Error::input(format!(
            "{name}: {position}, field {}: not valid UTF-8. Save the file as \"CSV UTF-8\" in your spreadsheet program.",
            err.field() + 1
        )),
        other => Error::input(format!("{name}: {position}: cannot read the CSV: {other:?}")),
    }
}

/// What [`Counted`] has seen of the stream: its double quotes, to detect an unclosed
/// quote at the end, and its line breaks, to give each record the line a text editor
/// shows (see [`CaseReader::locate_record`]).
#[derive(Debug, Default)]
struct StreamCounts {
    quotes: u64,
    /// Whether the stream has ended.
    ended: bool,
    /// Bytes seen so far.
    seen: u64,
    /// `\n` bytes at offsets already passed by [`StreamCounts::line_of_record_at`].
    lines_passed: u64,
    /// Offsets of the `\r` and `\n` bytes seen and not yet passed, in order, each
    /// with whether it is a `\n`; at most a buffer's and a record's worth.
    ahead: VecDeque<(u64, bool)>,
}

impl StreamCounts {
    fn count(&mut self, bytes: &[u8]) {
        self.quotes += memchr::memchr_iter(b'"', bytes).count() as u64;
        let seen = self.seen;
        self.ahead.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .map(|at| (seen + at as u64, bytes[at] == b'\n')),
        );
        self.seen += bytes.len() as u64;
    }

    /// The line on which a record starts, given the offset where its parse began:
    /// line breaks from there on are blank lines or the end of the previous line,
    /// since no record starts with one. Offsets asked for must not decrease.
    fn line_of_record_at(&mut self, position: u64) -> u64 {
        let mut start = position;
        while let Some(&(at, newline)) = self.ahead.front() {
            if at > start {
                break;
            }
            if at == start {
                start += 1;
            }
            self.ahead.pop_front();
            self.lines_passed += u64::from(newline);
        }
        self.lines_passed + 1
    }
}

/// Passes bytes through, counting them into [`StreamCounts`].
struct Counted<R> {
    inner: R,
    counts: Rc<RefCell<StreamCounts>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut counts = self.counts.borrow_mut();
        counts.count(&buf[..n]);
        counts.ended |= n == 0 && !buf.is_empty();
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A file of records `(text, blank lines before it)`, its line ends `eol`, and the
    /// line each record starts on, counted the plain way.
    fn file_with_lines(records: &[(String, usize)], eol: &str) -> (String, Vec<u64>) {
        let mut file = format!("id,text{eol}");
        let mut lines = Vec::new();
        for (i, (text, blanks)) in records.iter().enumerate() {
            file.push_str(&eol.repeat(*blanks));
            lines.push(file.matches('\n').count() as u64 + 1);
            file.push_str(&format!("{i},\"{}\"{eol}", text.replace('\n', eol)));
        }
        (file, lines)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn every_record_gets_the_line_it_starts_on(
            records in proptest::collection::vec(("[a-z \n]{0,12}", 0usize..3), 1..12),
            crlf in any::<bool>(),
        ) {
            let (file, lines) = file_with_lines(&records, if crlf { "\r\n" } else { "\n" });
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("cases.csv");
            std::fs::write(&path, file).unwrap();
            let mut reader =
                CaseReader::open(path.to_str().unwrap(), &InputOptions::default()).unwrap();
            let mut found = Vec::new();
            while let Some(case) = reader.next_case().unwrap() {
                found.push(case.line);
            }
            prop_assert_eq!(found, lines);
        }

        #[test]
        fn a_last_quote_never_closed_is_reported_on_its_line(
            records in proptest::collection::vec(("[a-z \n]{0,12}", 0usize..3), 0..6),
            blanks in 0usize..3,
            crlf in any::<bool>(),
            extra_field in any::<bool>(),
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let (mut file, _) = file_with_lines(&records, eol);
            file.push_str(&eol.repeat(blanks));
            let line = file.matches('\n').count() + 1;
            // With a field too many, the record swallowed by the quote has the wrong
            // field count too: the quote is still what is reported.
            let extra = if extra_field { "y," } else { "" };
            file.push_str(&format!("x,{extra}\"never closed{eol}"));
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("cases.csv");
            std::fs::write(&path, file).unwrap();
            let mut reader =
                CaseReader::open(path.to_str().unwrap(), &InputOptions::default()).unwrap();
            let error = loop {
                match reader.next_case() {
                    Ok(Some(_)) => continue,
                    Ok(None) => panic!("the unclosed quote was not reported"),
                    Err(error) => break error,
                }
            };
            prop_assert!(error.message.contains(&format!("line {line} ")), "{}", error.message);
            prop_assert!(error.message.contains("never closed"), "{}", error.message);
        }
    }

    #[test]
    fn records_start_after_the_line_breaks_at_their_parse_position() {
        let mut counts = StreamCounts::default();
        // Lines: 1 "h", 2 "a", 3 blank, 4 "b", 5 "c" (quoted break inside), 7 "d".
        let bytes = b"h\r\na\r\n\r\nb\n\"c\nc\"\nd";
        counts.count(bytes);
        let offset = |needle: u8| bytes.iter().position(|&b| b == needle).unwrap() as u64;
        // The crate may report a record's position at the \n of a CRLF, or before
        // blank lines: both are stepped over.
        assert_eq!(counts.line_of_record_at(offset(b'a') - 1), 2);
        assert_eq!(counts.line_of_record_at(offset(b'a') + 1), 4);
        assert_eq!(counts.line_of_record_at(offset(b'"')), 5);
        assert_eq!(counts.line_of_record_at(offset(b'd')), 7);
    }

    #[test]
    fn sniffs_delimiters_and_refuses_non_csv() {
        assert_eq!(sniff(b"id;text\n1;a", "f", None).unwrap(), b';');
        assert_eq!(sniff(b"id\ttext\n", "f", None).unwrap(), b'\t');
        assert_eq!(sniff(b"id,text\n", "f", None).unwrap(), b',');
        assert_eq!(sniff(b"text\n", "f", None).unwrap(), b',');
        assert!(sniff(b"", "f", None).unwrap_err().message.contains("empty"));
        assert!(sniff(b"PK\x03\x04rest", "f", None)
            .unwrap_err()
            .message
            .contains("xlsx"));
        assert!(sniff(&[0xFF, 0xFE, b'i', 0], "f", None)
            .unwrap_err()
            .message
            .contains("UTF-16"));
    }

    #[test]
    fn a_wrong_field_count_before_an_unclosed_quote_is_reported_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cases.csv");
        std::fs::write(&path, "id,text\n1,\"a\nb\",c\n2,\"d\n").unwrap();
        let mut reader =
            CaseReader::open(path.to_str().unwrap(), &InputOptions::default()).unwrap();
        let error = reader.next_case().unwrap_err();
        assert!(
            error
                .message
                .contains("line 2 (record 1): this row has 3 fields"),
            "{}",
            error.message
        );
    }
}
