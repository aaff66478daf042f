//! Labeled case files for `train` and `evaluate`: the annotation guide's format,
//! checked row by row.
//!
//! Required columns: `id`, `text`, `label`. Optional: the six element columns
//! (`0`/`1`). Other columns are ignored. Every problem is reported with the file
//! and line, and the whole set is refused rather than trained on half of it.

use super::{CaseReader, InputOptions};
use crate::analysis::Element;
use crate::error::{column_list, excerpt, Error, Result};
use crate::label::Label;
use std::collections::HashMap;

/// One labeled case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabeledCase {
    /// File it came from.
    pub file: String,
    /// Line where its record starts.
    pub line: u64,
    /// Its id.
    pub id: String,
    /// The case text.
    pub text: String,
    /// The label.
    pub label: Label,
    /// The element columns, when the file has them.
    pub elements: Option<[bool; 6]>,
    /// The values of a `--by` column, when asked for.
    pub group: Option<String>,
}

/// Reads and checks labeled files; `group_by` names a column to keep for breakdowns.
pub fn read_labeled(
    paths: &[String],
    group_by: Option<&str>,
    allow_empty_text: bool,
) -> Result<Vec<LabeledCase>> {
    let mut cases = Vec::new();
    let mut first_columns: Option<(String, bool)> = None;
    let mut seen_ids: HashMap<String, (String, u64)> = HashMap::new();
    for path in paths {
        let mut keep = vec!["label".to_string()];
        keep.extend(Element::ALL.iter().map(|e| e.column().to_string()));
        let probe = CaseReader::open(path, &InputOptions::default())?;
        let name = probe.name().to_string();
        let headers = probe.headers().to_vec();
        drop(probe);
        for required in ["id", "text", "label"] {
            if !headers.iter().any(|h| h == required) {
                return Err(Error::input(format!(
                    "{name}: no {required:?} column. Labeled files need the columns id, text and label (see data/README.md). Columns found: {}.",
                    column_list(&headers)
                )));
            }
        }
        let present: Vec<&str> = Element::ALL
            .iter()
            .map(|e| e.column())
            .filter(|c| headers.iter().any(|h| h == c))
            .collect();
        if !present.is_empty() && present.len() != 6 {
            return Err(Error::input(format!(
                "{name}: has some element columns ({}) but not all six. Give all of act, means, purpose, child, illegal_entry, facilitator_benefit, or none.",
                present.join(", ")
            )));
        }
        let has_elements = present.len() == 6;
        match &first_columns {
            None => first_columns = Some((name.clone(), has_elements)),
            Some((first, first_has)) if *first_has != has_elements => {
                return Err(Error::input(format!(
                    "{name} and {first} have different columns: one has the six element columns and the other does not. Give all training files the same columns."
                )));
            }
            _ => {}
        }
        if !has_elements {
            keep.truncate(1);
        }
        if let Some(column) = group_by {
            if !headers.iter().any(|h| h == column) {
                return Err(Error::input(format!(
                    "{name}: no column named {column:?} to break results down by. Columns found: {}.",
                    column_list(&headers)
                )));
            }
            keep.push(column.to_string());
        }
        let options = InputOptions {
            id_column: Some("id".to_string()),
            keep,
            ..InputOptions::default()
        };
        let mut reader = CaseReader::open(path, &options)?;
        while let Some(case) = reader.next_case()? {
            let at = format!("{name}: line {} (id {})", case.line, excerpt(&case.id));
            if case.id.trim().is_empty() {
                return Err(Error::input(format!(
                    "{name}: line {}: the id is empty. Give every case a unique id.",
                    case.line
                )));
            }
            if let Some((file, line)) = seen_ids.insert(case.id.clone(), (name.clone(), case.line))
            {
                return Err(Error::input(format!(
                    "{at}: the id is used twice (first at {file}: line {line}). Give every case a unique id."
                )));
            }
            if !allow_empty_text && case.text.trim().is_empty() {
                return Err(Error::input(format!(
                    "{at}: the text is empty. Write the case text or remove the row."
                )));
            }
            let label = Label::parse(&case.kept[0]).ok_or_else(|| {
                Error::input(format!(
                    "{at}: unknown label {}. Valid labels: trafficking, smuggling, both, neither.",
                    excerpt(&case.kept[0])
                ))
            })?;
            let elements = if has_elements {
                let mut values = [false; 6];
                for (i, element) in Element::ALL.iter().enumerate() {
                    values[i] = match case.kept[1 + i].trim() {
                        "1" => true,
                        "0" => false,
                        other => {
                            return Err(Error::input(format!(
                                "{at}: column {:?} is {}; element columns must be 0 or 1.",
                                element.column(),
                                excerpt(other)
                            )))
                        }
                    };
                }
                Some(values)
            } else {
                None
            };
            cases.push(LabeledCase {
                file: name.clone(),
                line: case.line,
                id: case.id,
                text: case.text,
                label,
                elements,
                group: group_by.and_then(|_| case.kept.last().cloned()),
            });
        }
    }
    Ok(cases)
}
