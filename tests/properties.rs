//! Property and metamorphic tests of the analyser and the classifier.

use proptest::prelude::*;
use std::sync::LazyLock;
use tipsom::analysis::{analyze, Element};
use tipsom::model::{load, Model, ModelSource};
use tipsom::verdict::classify_text;

static MODEL: LazyLock<Model> = LazyLock::new(|| load(&ModelSource::Embedded).unwrap());

/// Text made of case-like words, punctuation and arbitrary Unicode.
fn casey_text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("forced".to_string()),
        Just("not".to_string()),
        Just("paid".to_string()),
        Just("smuggler".to_string()),
        Just("16-year-old".to_string()),
        Just("aged".to_string()),
        // Short ages and their near misses: "17yo", "15 y/o", "16 y.o.", "17yrs old".
        Just("17yo".to_string()),
        Just("17yrs".to_string()),
        Just("old".to_string()),
        Just("y".to_string()),
        Just("15 y/o".to_string()),
        Just("y/".to_string()),
        Just("16 y.o.".to_string()),
        Just("yo".to_string()),
        Just("passport".to_string()),
        // Negation: cues of one and two words, an exception, a clause break, a relative
        // clause and its main verb.
        Just("didn't".to_string()),
        Just("rather than".to_string()),
        Just("no".to_string()),
        Just("only".to_string()),
        Just("but".to_string()),
        Just("who".to_string()),
        Just("were".to_string()),
        Just("’".to_string()),
        Just("İ".to_string()),
        Just(".".to_string()),
        // Form marks: check boxes and field values.
        Just("[ ]".to_string()),
        Just("[".to_string()),
        Just(":".to_string()),
        Just("none".to_string()),
        Just("N/A".to_string()),
        Just("\u{2610}".to_string()),
        Just("|".to_string()),
        "\\PC{0,8}",
        any::<String>(),
    ];
    prop::collection::vec(word, 0..40).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn analyser_spans_lie_on_char_boundaries(text in casey_text()) {
        for e in analyze(&text).evidence {
            prop_assert!(e.start <= e.end && e.end <= text.len());
            prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        }
    }

    #[test]
    fn probabilities_are_finite_and_in_range(text in casey_text()) {
        let v = classify_text(&MODEL, &text);
        for p in [v.p_trafficking, v.p_smuggling] {
            prop_assert!(p.is_finite() && (0.0..=1.0).contains(&p));
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        let _ = classify_text(&MODEL, &text);
    }

    #[test]
    fn verdicts_do_not_depend_on_other_cases(a in casey_text(), b in casey_text()) {
        let alone = classify_text(&MODEL, &a);
        let _ = classify_text(&MODEL, &b);
        let again = classify_text(&MODEL, &a);
        prop_assert_eq!(alone.label, again.label);
        prop_assert_eq!(alone.p_trafficking.to_bits(), again.p_trafficking.to_bits());
    }
}

#[test]
fn removing_the_coercion_sentence_removes_the_means() {
    let with = "Mira was recruited in Chisinau for a job in a Milan bakery. When she arrived, the men took her passport and beat her. She was made to sell sex in a flat.";
    let without = "Mira was recruited in Chisinau for a job in a Milan bakery. She was made to sell sex in a flat.";
    assert!(analyze(with).has(Element::Means));
    let means: Vec<_> = analyze(without)
        .evidence
        .into_iter()
        .filter(|e| e.element == Element::Means && e.counts())
        .map(|e| e.family)
        .collect();
    assert!(
        !means.contains(&"force_or_violence") && !means.contains(&"document_confiscation"),
        "{means:?}"
    );
}

#[test]
fn changing_the_age_from_17_to_19_turns_off_the_child_rule() {
    let minor =
        "The girl, aged 17, was recruited by a neighbour and taken to a brothel in the capital.";
    let adult = minor
        .replace("aged 17", "aged 19")
        .replace("The girl", "The woman");
    assert!(analyze(minor).has(Element::Child));
    assert!(!analyze(&adult).has(Element::Child));
    let rules = |t: &str| {
        classify_text(&MODEL, t)
            .rules
            .findings
            .iter()
            .any(|f| f.article.contains("3(c)") && f.met)
    };
    assert!(rules(minor));
    assert!(!rules(&adult));
}

#[test]
fn negating_the_fee_removes_the_benefit() {
    let paid = "The fisherman took the family across the strait at night and they paid him 500 dollars each.";
    let unpaid =
        "The fisherman took the family across the strait at night and refused any payment.";
    assert!(analyze(paid).has(Element::FacilitatorBenefit));
    assert!(!analyze(unpaid).has(Element::FacilitatorBenefit));
}
