//! Verdict: the model's probabilities and the evidence, turned into a label that a
//! person can check.
//!
//! Three independent readings of a case meet here: the model's two heads, the
//! protocols' rules applied to the evidence alone ([`rules`]), and the words the
//! writer used ([`wording`]). Where the model is unsure of its label, or no quoted
//! evidence supports it, the verdict says so: tipsom assists a human judgement and
//! decides nothing.

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

/// The probability the model must give its own label for the case to pass without review.
///
/// The probabilities are calibrated, so this asks that the label be right about four
/// times in five. Measured on the 1,633 cases of the former validation sets, each
/// predicted by a model trained without its set, this flags 28% of the cases and 74% of
/// the mistakes, where the rule before it (the rules disagree with the model, or a
/// probability within 0.15 of its threshold) flagged 37% and 57%.
pub const REVIEW_BELOW: f64 = 0.8;

/// Most review reasons one case can have: one per check in [`judge`] (empty text,
/// the model unsure, and each offence of the label without quoted evidence).
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
    /// The model gives its label less than [`REVIEW_BELOW`].
    Unsure {
        /// The model's label.
        label: Label,
        /// The probability it gives that label.
        p: f64,
    },
    /// The label names an offence none of whose elements the text was found to state
    /// in words (for trafficking: no act, means or purpose; an age alone is not one):
    /// nothing can be quoted for it.
    Unsupported {
        /// "trafficking" or "smuggling".
        offence: &'static str,
    },
}

impl ReviewReason {
    /// Appends the reason in words.
    pub fn push_to(&self, out: &mut String) {
        match self {
            ReviewReason::EmptyText => out.push_str("the text is empty: nothing to judge"),
            ReviewReason::Unsure { label, p } => {
                out.push_str("the model gives ");
                out.push_str(label.as_str());
                out.push_str(" only ");
                push_fixed(*p, 2, out);
                out.push_str(" (a label needs ");
                push_fixed(REVIEW_BELOW, 2, out);
                out.push_str(" to pass without review)");
            }
            ReviewReason::Unsupported { offence } => {
                out.push_str("no element of ");
                out.push_str(offence);
                out.push_str(" was found in the words of the text; the label rests on the model's reading of the whole");
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
pub fn judge(text: &str, analysis: &Analysis, prediction: Prediction) -> Verdict {
    let mut verdict = Verdict::blank();
    judge_into(text, analysis, prediction, &mut verdict);
    verdict.evidence.clone_from(&analysis.evidence);
    verdict
}

/// [`judge`], written over `verdict` in place (a verdict is a few hundred bytes, and
/// classifying in batches writes each into its slot rather than moving it there);
/// every field but the evidence list is set.
fn judge_into(text: &str, analysis: &Analysis, prediction: Prediction, verdict: &mut Verdict) {
    verdict.rules = apply_rules(analysis);
    let review_reasons = &mut verdict.review_reasons;
    review_reasons.clear();
    if text.trim().is_empty() {
        review_reasons.push(ReviewReason::EmptyText);
    }
    let p = label_probability(&prediction);
    if p < REVIEW_BELOW {
        review_reasons.push(ReviewReason::Unsure {
            label: prediction.label,
            p,
        });
    }
    // A stated age is not evidence of a crime: the trafficking label needs an act, a
    // means or a purpose in words.
    let [act, means, purpose, _child, entry, benefit] = analysis.elements();
    if prediction.label.is_trafficking() && !(act || means || purpose) {
        review_reasons.push(ReviewReason::Unsupported {
            offence: "trafficking",
        });
    }
    if prediction.label.is_smuggling() && !(entry || benefit) {
        review_reasons.push(ReviewReason::Unsupported {
            offence: "smuggling",
        });
    }
    verdict.wording = wording::check(text, analysis, prediction.label);
    verdict.label = prediction.label;
    verdict.p_trafficking = prediction.p_trafficking;
    verdict.p_smuggling = prediction.p_smuggling;
    verdict.elements = decide_elements(analysis, prediction.element_scores);
    verdict.element_scores = prediction.element_scores;
}

/// The probability the model gives its own label: each offence's probability, or its
/// complement, as the label has or lacks it.
fn label_probability(prediction: &Prediction) -> f64 {
    let t = prediction.p_trafficking;
    let s = prediction.p_smuggling;
    let t = if prediction.label.is_trafficking() {
        t
    } else {
        1.0 - t
    };
    let s = if prediction.label.is_smuggling() {
        s
    } else {
        1.0 - s
    };
    t * s
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
        judge_into(text, analysis, prediction, verdict);
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

    fn prediction(p_trafficking: f64, p_smuggling: f64) -> Prediction {
        Prediction {
            element_scores: None,
            p_trafficking,
            p_smuggling,
            label: Label::from_offences(p_trafficking >= 0.5, p_smuggling >= 0.5),
        }
    }

    fn reasons(text: &str, p_trafficking: f64, p_smuggling: f64) -> Vec<ReviewReason> {
        judge(text, &analyze(text), prediction(p_trafficking, p_smuggling))
            .review_reasons
            .to_vec()
    }

    #[test]
    fn the_label_probability_is_that_of_each_offence_had_or_lacked() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(label_probability(&prediction(0.9, 0.2)), 0.9 * 0.8));
        assert!(close(label_probability(&prediction(0.9, 0.6)), 0.9 * 0.6));
        assert!(close(label_probability(&prediction(0.3, 0.6)), 0.7 * 0.6));
        assert!(close(label_probability(&prediction(0.3, 0.1)), 0.7 * 0.9));
    }

    #[test]
    fn a_sure_label_with_quoted_evidence_needs_no_review() {
        let text = "She was recruited with a false job offer and forced into prostitution.";
        assert_eq!(reasons(text, 0.97, 0.02), []);
    }

    #[test]
    fn an_unsure_label_needs_review_and_says_how_sure() {
        let text = "She was recruited with a false job offer and forced into prostitution.";
        let found = reasons(text, 0.9, 0.3);
        assert_eq!(
            found,
            [ReviewReason::Unsure {
                label: Label::Trafficking,
                p: 0.9 * 0.7
            }]
        );
        assert!(found[0].to_string().contains("trafficking only 0.63"));
    }

    #[test]
    fn a_label_nothing_in_the_words_supports_needs_review() {
        assert_eq!(
            reasons("girl, 16", 0.97, 0.01),
            [ReviewReason::Unsupported {
                offence: "trafficking"
            }]
        );
        let both = reasons(
            "Her boyfriend beat her and forced her into prostitution in a flat in Leeds.",
            0.97,
            0.99,
        );
        assert_eq!(
            both,
            [ReviewReason::Unsupported {
                offence: "smuggling"
            }]
        );
    }

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
