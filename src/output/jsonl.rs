//! JSON Lines output: one object per case, values exact (no spreadsheet escaping).
//!
//! Each line is serialised straight from the verdict into the output buffer, with no
//! JSON tree built per case. Keys come in alphabetical order at every level, the
//! order the output has always had.

use super::{Row, RowFormat};
use crate::analysis::{Element, Evidence};
use crate::label::Label;
use crate::verdict::rules::RuleFinding;
use crate::verdict::ReviewReason;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::collections::BTreeMap;

/// How a verdict becomes a JSON line; any thread may run it (see [`RowFormat`]).
pub(super) struct JsonlFormat {
    /// The `--keep` columns as the `kept` object lists them: by name, and for a name
    /// given twice, the last column of that name (its position among the values).
    kept_columns: Vec<(String, usize)>,
}

impl JsonlFormat {
    /// The format of lines whose `--keep` values are named by `kept_columns`.
    pub(super) fn new(kept_columns: &[String]) -> Self {
        // A later column of the same name replaces an earlier one in the map.
        let by_name: BTreeMap<&String, usize> = kept_columns.iter().zip(0..).collect();
        JsonlFormat {
            kept_columns: by_name.into_iter().map(|(n, at)| (n.clone(), at)).collect(),
        }
    }
}

/// The JSON object for one verdict (shared with `explain --format json`, which adds
/// keys of its own).
pub fn verdict_json(row: &Row) -> Value {
    serde_json::to_value(Line::of(row, None)).expect("a verdict always converts to a JSON value")
}

impl RowFormat for JsonlFormat {
    fn format(&self, row: &Row, out: &mut Vec<u8>) {
        let kept = (!self.kept_columns.is_empty()).then(|| Kept {
            columns: &self.kept_columns,
            values: row.kept,
        });
        serde_json::to_writer(&mut *out, &Line::of(row, kept))
            .expect("a verdict always encodes into memory");
        out.push(b'\n');
    }
}

/// One output line, its fields in alphabetical order.
#[derive(Serialize)]
struct Line<'a> {
    element_probabilities: Option<ByElement<f64>>,
    elements: ByElement<bool>,
    evidence: EvidenceList<'a>,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kept: Option<Kept<'a>>,
    label: Label,
    needs_review: bool,
    p_smuggling: f64,
    p_trafficking: f64,
    review_reasons: &'a [ReviewReason],
    rule_label: Label,
    rules: Findings<'a>,
    wording: Option<&'static str>,
}

impl<'a> Line<'a> {
    fn of(row: &'a Row, kept: Option<Kept<'a>>) -> Self {
        let v = row.verdict;
        Line {
            element_probabilities: v.element_probabilities().map(ByElement),
            elements: ByElement(v.elements),
            evidence: EvidenceList {
                text: row.text,
                evidence: &v.evidence,
            },
            id: row.id,
            kept,
            label: v.label,
            needs_review: v.needs_review(),
            p_smuggling: v.p_smuggling,
            p_trafficking: v.p_trafficking,
            review_reasons: &v.review_reasons,
            rule_label: v.rules.label,
            rules: Findings(&v.rules.findings),
            wording: v.wording,
        }
    }
}

/// One value per element, as an object keyed by the elements' column names in
/// alphabetical order.
struct ByElement<T>([T; 6]);

impl<T: Serialize> Serialize for ByElement<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut elements = Element::ALL;
        elements.sort_by_key(|e| e.column());
        let mut map = serializer.serialize_map(Some(elements.len()))?;
        for element in elements {
            map.serialize_entry(element.column(), &self.0[element.index()])?;
        }
        map.end()
    }
}

/// The evidence of a case, each with its quote from the text.
struct EvidenceList<'a> {
    text: &'a str,
    evidence: &'a [Evidence],
}

impl Serialize for EvidenceList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut list = serializer.serialize_seq(Some(self.evidence.len()))?;
        for e in self.evidence {
            list.serialize_element(&EvidenceEntry {
                counts: e.counts(),
                element: e.element,
                end: e.end,
                family: e.family,
                indicator: e.indicator,
                negated: e.negated,
                quote: e.quote(self.text),
                start: e.start,
            })?;
        }
        list.end()
    }
}

/// One piece of evidence, its fields in alphabetical order.
#[derive(Serialize)]
struct EvidenceEntry<'a> {
    counts: bool,
    element: Element,
    end: usize,
    family: &'static str,
    indicator: &'static str,
    negated: bool,
    quote: &'a str,
    start: usize,
}

/// The rules considered, each with its fields in alphabetical order.
struct Findings<'a>(&'a [RuleFinding]);

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Entry {
            article: &'static str,
            met: bool,
            statement: &'static str,
        }
        serializer.collect_seq(self.0.iter().map(|f| Entry {
            article: f.article,
            met: f.met,
            statement: f.statement,
        }))
    }
}

/// The `--keep` values of a case, keyed by column name.
struct Kept<'a> {
    columns: &'a [(String, usize)],
    values: &'a [String],
}

impl Serialize for Kept<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            self.columns
                .iter()
                .filter_map(|(name, at)| Some((name, self.values.get(*at)?))),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::file::{load, ModelSource};
    use crate::verdict::classify_text;
    use serde_json::{json, Map};

    /// The object as it was built before lines were serialised straight from the
    /// verdict: a JSON tree, whose maps order their keys alphabetically.
    fn tree(row: &Row, kept_columns: &[String]) -> Value {
        let v = row.verdict;
        let by_element = |values: [f64; 6]| -> Map<String, Value> {
            Element::ALL
                .iter()
                .map(|e| (e.column().to_string(), json!(values[e.index()])))
                .collect()
        };
        let elements: Map<String, Value> = Element::ALL
            .iter()
            .map(|e| (e.column().to_string(), json!(v.elements[e.index()])))
            .collect();
        let evidence: Vec<Value> = v
            .evidence
            .iter()
            .map(|e| {
                json!({
                    "element": e.element, "family": e.family, "indicator": e.indicator,
                    "quote": e.quote(row.text), "start": e.start, "end": e.end,
                    "negated": e.negated, "counts": e.counts(),
                })
            })
            .collect();
        let mut value = json!({
            "id": row.id, "label": v.label, "p_trafficking": v.p_trafficking,
            "p_smuggling": v.p_smuggling, "elements": elements,
            "element_probabilities": v.element_probabilities().map(by_element),
            "rule_label": v.rules.label, "rules": v.rules.findings,
            "needs_review": v.needs_review(), "review_reasons": v.review_reasons,
            "wording": v.wording, "evidence": evidence,
        });
        if !kept_columns.is_empty() {
            let kept: Map<String, Value> = kept_columns
                .iter()
                .zip(row.kept)
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect();
            value["kept"] = Value::Object(kept);
        }
        value
    }

    #[test]
    fn lines_are_the_json_trees_byte_for_byte() {
        let model = load(&ModelSource::Embedded).expect("the built-in model loads");
        let kept_columns = ["source", "date", "source"].map(String::from);
        let kept = ["court", "2024", "news"].map(String::from);
        let texts = include_str!("../../data/sample.csv").lines().chain([
            "",
            "\"Quotes\" and \\ back\tslashes \u{1F600} \u{0007}",
            "She was 15. No one paid the smuggler; he was never forced.",
        ]);
        for (i, text) in texts.enumerate() {
            let verdict = classify_text(&model, text);
            let id = format!("case \"{i}\"");
            for columns in [&kept_columns[..0], &kept_columns[..]] {
                let row = Row {
                    id: &id,
                    text,
                    verdict: &verdict,
                    kept: &kept[..columns.len()],
                };
                let mut line = Vec::new();
                JsonlFormat::new(columns).format(&row, &mut line);
                let expected = format!("{}\n", tree(&row, columns));
                assert_eq!(String::from_utf8(line).unwrap(), expected, "{text:?}");
            }
            let row = Row {
                id: &id,
                text,
                verdict: &verdict,
                kept: &[],
            };
            assert_eq!(verdict_json(&row), tree(&row, &[]));
        }
    }
}
