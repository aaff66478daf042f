//! Verdict: the model's probabilities and the evidence, turned into a label that a
//! person can check.
//!
//! Three independent readings of a case meet here: the model's two heads, the
//! protocols' rules applied to the evidence alone ([`rules`]), and the words the
//! writer used ([`wording`]). Where the first two disagree, or the model is unsure,
//! the verdict says so: tipsom assists a human judgement and decides nothing.

pub mod rules;
pub mod wording;

use crate::analysis::{stated_age_family_index, Analysis, Element, Evidence};
use crate::decimal::push_fixed;
use crate::features::SparseVector;
use crate::label::Label;
use crate::model::{at_least_even_odds, element_probabilities, Model, Prediction};
use arrayvec::ArrayVec;
pub use rules::{apply_rules, RuleVerdict};
use std::cell::RefCell;

/// How close to its threshold a probability must be for the case to need review.
pub const REVIEW_MARGIN: f64 = 0.15;

/// Most review reasons one case can have: one per check in [`judge`] (empty text,
/// rules disagree, and each of the two offences near its threshold).
pub const MOST_REVIEW_REASONS: usize = 4;

/// Everything tipsom says about one case.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// The model's label.
    pub label: Label,
    /// P(trafficking elements met).
    pub p_trafficking: f64,
    /// P(smuggling elements met).
    pub p_smuggling: f64,
    /// The six elements: the model's element heads when it has them, else the evidence.
    pub elements: [bool; 6],
    /// The log-odds of each element from the model's element heads, when it has them
    /// (see [`Verdict::element_probabilities`]).
    pub element_scores: Option<[f64; 6]>,
    /// The protocols' rules applied to the evidence alone.
    pub rules: RuleVerdict,
    /// Why a person should look at this case; empty when nothing calls for it.
    pub review_reasons: ArrayVec<ReviewReason, MOST_REVIEW_REASONS>,
    /// When the text's own words for the crime disagree with the facts: how.
    pub wording: Option<&'static str>,
    /// The evidence found, in text order.
    pub evidence: Vec<Evidence>,
}

impl Verdict {
    /// A verdict to be written over by [`classify_text_into`]: neither offence, nothing
    /// found.
    pub fn blank() -> Verdict {
        Verdict {
            label: Label::Neither,
            p_trafficking: 0.0,
            p_smuggling: 0.0,
            elements: [false; 6],
            element_scores: None,
            rules: RuleVerdict {
                label: Label::Neither,
                findings: ArrayVec::new(),
            },
            review_reasons: ArrayVec::new(),
            wording: None,
            evidence: Vec::new(),
        }
    }

    /// P(element present) from the model's element heads, when it has them.
    pub fn element_probabilities(&self) -> Option<[f64; 6]> {
        element_probabilities(self.element_scores)
    }

    /// Whether a person should review this case before relying on it.
    pub fn needs_review(&self) -> bool {
        !self.review_reasons.is_empty()
    }

    /// The review reasons as one line, joined by "; ".
    pub fn review_text(&self) -> String {
        let mut out = String::new();
        self.write_review_text(&mut out);
        out
    }

    /// Appends [`Verdict::review_text`] to `out`, so a writer can reuse one buffer.
    pub fn write_review_text(&self, out: &mut String) {
        for (i, reason) in self.review_reasons.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            reason.push_to(out);
        }
    }
}

/// Why a person should look at a case. Kept as data and worded only when written,
/// straight into the writer's buffer, so no string is built and dropped per case.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReviewReason {
    /// The text is empty or blank.
    EmptyText,
    /// The model and the protocol rules give different labels.
    RulesDisagree {
        /// The model's label.
        model: Label,
        /// The rules' label.
        rules: Label,
    },
    /// A probability lies within [`REVIEW_MARGIN`] of its threshold.
    NearThreshold {
        /// "trafficking" or "smuggling".
        offence: &'static str,
        /// The probability.
        p: f64,
        /// The head's threshold.
        threshold: f64,
    },
}

impl ReviewReason {
    /// Appends the reason in words.
    pub fn push_to(&self, out: &mut String) {
        match self {
            ReviewReason::EmptyText => out.push_str("the text is empty: nothing to judge"),
            ReviewReason::RulesDisagree { model, rules } => {
                out.push_str("the model says ");
                out.push_str(model.as_str());
                out.push_str(" but the protocol rules applied to the evidence say ");
                out.push_str(rules.as_str());
            }
            ReviewReason::NearThreshold {
                offence,
                p,
                threshold,
            } => {
                out.push_str("P(");
                out.push_str(offence);
                out.push_str(") = ");
                push_fixed(*p, 2, out);
                out.push_str(" is close to its threshold ");
                push_fixed(*threshold, 2, out);
            }
        }
    }
}

impl std::fmt::Display for ReviewReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut words = String::new();
        self.push_to(&mut words);
        f.write_str(&words)
    }
}

impl serde::Serialize for ReviewReason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Judges one case from its text, analysis and the model's prediction.
pub fn judge(text: &str, analysis: &Analysis, prediction: Prediction, model: &Model) -> Verdict {
    let mut verdict = Verdict::blank();
    judge_into(text, analysis, prediction, model, &mut verdict);
    verdict.evidence.clone_from(&analysis.evidence);
    verdict
}

/// [`judge`], written over `verdict` in place (a verdict is a few hundred bytes, and
/// classifying in batches writes each into its slot rather than moving it there);
/// every field but the evidence list is set.
fn judge_into(
    text: &str,
    analysis: &Analysis,
    prediction: Prediction,
    model: &Model,
    verdict: &mut Verdict,
) {
    verdict.rules = apply_rules(analysis);
    let review_reasons = &mut verdict.review_reasons;
    review_reasons.clear();
    if text.trim().is_empty() {
        review_reasons.push(ReviewReason::EmptyText);
    }
    if verdict.rules.label != prediction.label {
        review_reasons.push(ReviewReason::RulesDisagree {
            model: prediction.label,
            rules: verdict.rules.label,
        });
    }
    for (offence, p, threshold) in [
        (
            "trafficking",
            prediction.p_trafficking,
            model.trafficking.threshold,
        ),
        (
            "smuggling",
            prediction.p_smuggling,
            model.smuggling.threshold,
        ),
    ] {
        if (p - threshold).abs() < REVIEW_MARGIN {
            review_reasons.push(ReviewReason::NearThreshold {
                offence,
                p,
                threshold,
            });
        }
    }
    verdict.wording = wording::check(text, analysis, prediction.label);
    verdict.label = prediction.label;
    verdict.p_trafficking = prediction.p_trafficking;
    verdict.p_smuggling = prediction.p_smuggling;
    verdict.elements = decide_elements(analysis, prediction.element_scores);
    verdict.element_scores = prediction.element_scores;
}

/// The six elements: the element heads' decisions when the model has them (they read
/// the evidence and the words, as annotators do), else the evidence alone. A stated age
/// under 18 always sets the child element: the law draws that line, not the model.
fn decide_elements(analysis: &Analysis, scores: Option<[f64; 6]>) -> [bool; 6] {
    let Some(scores) = scores else {
        return analysis.elements();
    };
    let mut elements = scores.map(at_least_even_odds);
    let stated_minor = analysis
        .evidence
        .iter()
        .any(|e| e.family_index == stated_age_family_index() && e.counts());
    elements[Element::Child.index()] |= stated_minor;
    elements
}

/// Classifies one text end to end: analysis, features, model, verdict.
pub fn classify_text(model: &Model, text: &str) -> Verdict {
    let mut verdict = Verdict::blank();
    classify_text_into(model, text, &mut verdict);
    verdict
}

/// [`classify_text`], written over `verdict`, a verdict no longer needed: its evidence
/// list's memory is used again, so classifying many texts in batches allocates nothing
/// per text once the lists are large enough, and nothing is moved.
pub fn classify_text_into(model: &Model, text: &str, verdict: &mut Verdict) {
    CLASSIFY_SCRATCH.with_borrow_mut(|(analysis, features)| {
        crate::analysis::analyze_into(text, analysis);
        model.features_into(text, analysis, features);
        let prediction = model.predict(features);
        judge_into(text, analysis, prediction, model, verdict);
        // The old list goes to the analysis, which empties it before its next use.
        std::mem::swap(&mut verdict.evidence, &mut analysis.evidence);
    })
}

thread_local! {
    /// The analysis and feature vector of the text being classified, reused from text
    /// to text, so analysing and featurising allocate nothing per text once warmed up.
    static CLASSIFY_SCRATCH: RefCell<(Analysis, SparseVector)> = RefCell::default();
}

/// One line quoting the evidence per element, for the CSV `evidence` column: counting
/// evidence first, then negated evidence as "not …".
pub fn evidence_summary(text: &str, evidence: &[Evidence]) -> String {
    let mut out = String::new();
    write_evidence_summary(text, evidence, QuoteMarks::Single, &mut out);
    out
}

/// Appends [`evidence_summary`] to `out`, so a writer can reuse one buffer per row,
/// with every quotation mark in it (around the quotes and inside them) written as
/// `marks` says: [`QuoteMarks::Doubled`] gives the inside of a CSV cell, which the
/// CSV writer then only has to put between quotes.
///
/// The evidence is read once to see which of the twelve groups (element, shown as
/// counting or as negated) have something to show, then once per such group; a quote
/// is left out when an earlier quote of its group reads the same (`same_words` is
/// an equivalence, so comparing with every earlier quote of the group leaves out
/// exactly what comparing with the quotes shown would).
pub fn write_evidence_summary(
    text: &str,
    evidence: &[Evidence],
    marks: QuoteMarks,
    out: &mut String,
) {
    let mut groups = evidence
        .iter()
        .filter_map(summary_group)
        .fold(0u16, |groups, group| groups | 1 << group);
    while groups != 0 {
        let group = groups.trailing_zeros() as usize;
        groups &= groups - 1;
        let in_group = |e: &&Evidence| summary_group(e) == Some(group);
        let mut first = true;
        for (i, e) in evidence.iter().enumerate() {
            if !in_group(&e) {
                continue;
            }
            let quote = e.quote(text);
            let shown_before = evidence[..i]
                .iter()
                .filter(in_group)
                .any(|earlier| same_words(earlier.quote(text), quote));
            if shown_before {
                continue;
            }
            if first {
                if !out.is_empty() {
                    out.push_str("; ");
                }
                if group >= Element::ALL.len() {
                    out.push_str("not ");
                }
                out.push_str(Element::ALL[group % Element::ALL.len()].column());
                out.push_str(": ");
                first = false;
            } else {
                out.push_str(", ");
            }
            marks.push_to(out);
            if is_plain(quote) {
                out.push_str(quote);
            } else {
                let start = out.len();
                push_short_quote(quote, out);
                if marks == QuoteMarks::Doubled && out.as_bytes()[start..].contains(&b'"') {
                    let shown = out.split_off(start);
                    out.push_str(&shown.replace('"', "\"\""));
                }
            }
            marks.push_to(out);
        }
    }
}

/// How [`write_evidence_summary`] writes a quotation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteMarks {
    /// As it is: the summary itself.
    Single,
    /// Twice, as a CSV cell between quotes holds it.
    Doubled,
}

impl QuoteMarks {
    /// Appends one quotation mark written this way.
    fn push_to(self, out: &mut String) {
        out.push('"');
        if self == QuoteMarks::Doubled {
            out.push('"');
        }
    }
}

/// Where the evidence summary shows `e`: counting evidence under its element (groups
/// 0 to 5, in column order), negated evidence after all of them (6 to 11), and
/// evidence that neither counts nor is negated not at all.
fn summary_group(e: &Evidence) -> Option<usize> {
    if e.negated {
        Some(Element::ALL.len() + e.element.index())
    } else if e.counts() {
        Some(e.element.index())
    } else {
        None
    }
}

/// Whether two quotes read the same, ignoring case and spacing.
fn same_words(a: &str, b: &str) -> bool {
    let mut a = a.split_whitespace();
    let mut b = b.split_whitespace();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if same_letters(x, y) => {}
            _ => return false,
        }
    }
}

/// Whether two words are the same but for case.
fn same_letters(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    let lower = |w: &str| w.chars().flat_map(char::to_lowercase).collect::<String>();
    lower(a) == lower(b)
}

/// Most characters of a quote shown before it is cut with "…".
const MAX_QUOTE: usize = 60;

/// Appends `quote` with its white space flattened, cut at [`MAX_QUOTE`] characters.
fn push_short_quote(quote: &str, out: &mut String) {
    if is_plain(quote) {
        out.push_str(quote);
        return;
    }
    let flat = quote.split_whitespace().enumerate().flat_map(|(i, word)| {
        let space = (i > 0).then_some(' ');
        space.into_iter().chain(word.chars())
    });
    if flat.clone().count() <= MAX_QUOTE {
        out.extend(flat);
    } else {
        out.extend(flat.take(MAX_QUOTE - 1));
        out.push('…');
    }
}

/// Whether `quote` is short printable ASCII whose only white space is single spaces
/// between words, so flattening it would change nothing (one pass over its bytes),
/// and holds no quotation mark, so a CSV cell takes it as it is.
fn is_plain(quote: &str) -> bool {
    let bytes = quote.as_bytes();
    if bytes.len() > MAX_QUOTE || bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    bytes.iter().all(|&b| {
        let ok = (b.is_ascii_graphic() && b != b'"') || (b == b' ' && !after_space);
        after_space = b == b' ';
        ok
    })
}

/// A quote for display: white space flattened, cut at 60 characters with "…".
pub fn short_quote(quote: &str) -> String {
    let mut out = String::new();
    push_short_quote(quote, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use proptest::prelude::*;

    /// The summary as it was written with one pass over the evidence per group and a
    /// list of the quotes shown: the oracle.
    fn oracle_summary(text: &str, evidence: &[Evidence]) -> String {
        let mut out = String::new();
        let mut quoted: Vec<&str> = Vec::new();
        for negated in [false, true] {
            for element in Element::ALL {
                quoted.clear();
                let shown = evidence
                    .iter()
                    .filter(|e| e.element == element && e.negated == negated)
                    .filter(|e| negated || e.counts());
                for e in shown {
                    let quote = e.quote(text);
                    if quoted.iter().any(|q| same_words(q, quote)) {
                        continue;
                    }
                    if quoted.is_empty() {
                        if !out.is_empty() {
                            out.push_str("; ");
                        }
                        if negated {
                            out.push_str("not ");
                        }
                        out.push_str(element.column());
                        out.push_str(": ");
                    } else {
                        out.push_str(", ");
                    }
                    quoted.push(quote);
                    out.push('"');
                    push_short_quote(quote, &mut out);
                    out.push('"');
                }
            }
        }
        out
    }

    #[test]
    fn summary_is_the_oracle_s_on_the_data() {
        for text in crate::data_texts() {
            let evidence = analyze(&text).evidence;
            assert_eq!(
                evidence_summary(&text, &evidence),
                oracle_summary(&text, &evidence),
                "{text:?}"
            );
        }
    }

    proptest! {
        /// Evidence in any order and combination, with quotes that repeat in other
        /// case and spacing, as the analyser never quite produces it.
        #[test]
        fn summary_is_the_oracle_s_on_any_evidence(
            picks in proptest::collection::vec((0usize..6, any::<bool>(), any::<bool>(), 0usize..8), 0..24)
        ) {
            let text = "Forced to work forced  to WORK paid a fee Paid a fee \u{130}stanbul i\u{307}stanbul";
            let spans = [(0, 14), (15, 30), (31, 41), (42, 52), (0, 6), (53, 62), (63, 73), (0, 0)];
            let template = analyze("She was recruited and beaten.").evidence[0].clone();
            let evidence: Vec<Evidence> = picks
                .iter()
                .map(|&(element, negated, strong, span)| {
                    let mut e = template.clone();
                    e.element = Element::ALL[element];
                    e.negated = negated;
                    if !strong {
                        e.strength = crate::analysis::lexicon::Strength::Weak;
                    }
                    (e.start, e.end) = spans[span];
                    e
                })
                .collect();
            prop_assert_eq!(evidence_summary(text, &evidence), oracle_summary(text, &evidence));
        }
    }

    #[test]
    fn summary_lists_counting_and_negated_evidence() {
        let text = "She was recruited and beaten. No fee was paid to anyone.";
        let summary = evidence_summary(text, &analyze(text).evidence);
        assert!(summary.contains("act: \"recruited\""), "{summary}");
        assert!(summary.contains("means: \"beaten\""), "{summary}");
    }

    #[test]
    fn plain_quotes_are_kept_and_others_flattened() {
        for (quote, shown) in [
            ("forced to work", "forced to work"),
            ("said \"work\"", "said \"work\""),
            ("said  \"work\"", "said \"work\""),
            ("forced  to\twork", "forced to work"),
            (" forced ", "forced"),
            ("for\u{a0}free", "for free"),
            ("line\u{b}feed", "line feed"),
            ("niña trabajó", "niña trabajó"),
            ("", ""),
        ] {
            assert_eq!(short_quote(quote), shown, "{quote:?}");
        }
    }

    #[test]
    fn long_quotes_are_cut_on_char_boundaries() {
        let long = "é".repeat(100);
        let short = short_quote(&long);
        assert_eq!(short.chars().count(), 60);
    }

    #[test]
    fn a_verdict_written_over_another_is_a_fresh_one() {
        let model = crate::model::file::load(&crate::model::file::ModelSource::Embedded)
            .expect("the built-in model loads");
        let before = "He paid the driver 3,000 euros to cross the border at night. She is 15.";
        let text = "She was recruited, beaten and made to work without pay.";
        let mut verdict = classify_text(&model, before);
        assert!(!verdict.evidence.is_empty());
        verdict.review_reasons.clear();
        verdict.review_reasons.push(ReviewReason::EmptyText);
        verdict.wording = Some("stale");
        let fresh = classify_text(&model, text);
        classify_text_into(&model, text, &mut verdict);
        assert_eq!(format!("{verdict:?}"), format!("{fresh:?}"));
        // The old evidence list now serves the thread's analysis: the next text must
        // not see it.
        let mut next = Verdict::blank();
        classify_text_into(&model, text, &mut next);
        assert_eq!(format!("{next:?}"), format!("{fresh:?}"));
    }
}
