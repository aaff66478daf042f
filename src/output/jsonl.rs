//! JSON Lines output: one object per case, values exact (no spreadsheet escaping).

use super::{Row, RowFormat};
use crate::analysis::Element;
use serde_json::{json, Map, Value};

/// How a verdict becomes a JSON line; any thread may run it (see [`RowFormat`]).
pub(super) struct JsonlFormat {
    /// The names of the `--keep` values.
    kept_columns: Vec<String>,
}

impl JsonlFormat {
    /// The format of lines whose `--keep` values are named by `kept_columns`.
    pub(super) fn new(kept_columns: &[String]) -> Self {
        JsonlFormat {
            kept_columns: kept_columns.to_vec(),
        }
    }
}

/// The JSON object for one verdict (shared with `explain --format json`).
pub fn verdict_json(row: &Row) -> Value {
    let v = row.verdict;
    let elements: Map<String, Value> = Element::ALL
        .iter()
        .map(|e| (e.column().to_string(), json!(v.elements[e.index()])))
        .collect();
    let evidence: Vec<Value> = v
        .evidence
        .iter()
        .map(|e| {
            json!({
                "element": e.element,
                "family": e.family,
                "indicator": e.indicator,
                "quote": e.quote(row.text),
                "start": e.start,
                "end": e.end,
                "negated": e.negated,
                "counts": e.counts(),
            })
        })
        .collect();
    json!({
        "id": row.id,
        "label": v.label,
        "p_trafficking": v.p_trafficking,
        "p_smuggling": v.p_smuggling,
        "elements": elements,
        "element_probabilities": v.element_probabilities().map(|p| {
            Element::ALL
                .iter()
                .map(|e| (e.column().to_string(), json!(p[e.index()])))
                .collect::<Map<String, Value>>()
        }),
        "rule_label": v.rules.label,
        "rules": v.rules.findings,
        "needs_review": v.needs_review(),
        "review_reasons": v.review_reasons,
        "wording": v.wording,
        "evidence": evidence,
    })
}

impl RowFormat for JsonlFormat {
    fn format(&self, row: &Row, out: &mut Vec<u8>) {
        let mut value = verdict_json(row);
        if !self.kept_columns.is_empty() {
            let kept: Map<String, Value> = self
                .kept_columns
                .iter()
                .zip(row.kept)
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect();
            value["kept"] = Value::Object(kept);
        }
        serde_json::to_writer(&mut *out, &value)
            .expect("a JSON value with string keys always encodes into memory");
        out.push(b'\n');
    }
}
