//! The protocols' rules applied to the evidence alone, each citing its article.
//!
//! This is the reading a lawyer would do with a highlighter: no learned weights,
//! only the definitions. It is shown next to the model's answer so that a reader
//! can see where the two part ways.

use crate::analysis::{family_index, Analysis, Element};
use crate::label::Label;
use arrayvec::ArrayVec;
use serde::Serialize;
use std::sync::LazyLock;

/// One rule of the protocols, and whether the evidence meets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleFinding {
    /// The article, e.g. "Trafficking Protocol art. 3(a)".
    pub article: &'static str,
    /// What the rule says and how the evidence stands against it.
    pub statement: &'static str,
    /// Whether the rule is met (or, for a note, applies).
    pub met: bool,
}

/// The label the rules give and the reasoning behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleVerdict {
    /// The label that follows from the rules.
    pub label: Label,
    /// Every rule considered, met or not (a fixed-capacity list: no allocation per case).
    pub findings: ArrayVec<RuleFinding, MOST_FINDINGS>,
}

const T_3A: &str = "Trafficking Protocol art. 3(a)";
const T_3B: &str = "Trafficking Protocol art. 3(b)";
const T_3CD: &str = "Trafficking Protocol art. 3(c), 3(d)";
const S_3A: &str = "Smuggling Protocol art. 3(a), 6(1)(a)";
const S_6B: &str = "Smuggling Protocol art. 3(c), 6(1)(b)";
const S_6C: &str = "Smuggling Protocol art. 6(1)(c)";
const S_6_3: &str = "Smuggling Protocol art. 6(3)";

/// Most findings one verdict can have: one per article below.
pub const MOST_FINDINGS: usize = 7;

/// The places in [`crate::analysis::families`] of the indicator families the rules ask
/// about beyond the elements, found once by name.
struct RuleFamilies {
    freedom_signs: usize,
    fraudulent_documents: usize,
    illegal_stay: usize,
    danger_to_life: usize,
}

static RULE_FAMILIES: LazyLock<RuleFamilies> = LazyLock::new(|| {
    let find = |name: &str| {
        family_index(name).unwrap_or_else(|| panic!("the built-in lexicon has no family {name:?}"))
    };
    RuleFamilies {
        freedom_signs: find("freedom_signs"),
        fraudulent_documents: find("fraudulent_documents"),
        illegal_stay: find("illegal_stay"),
        danger_to_life: find("danger_to_life"),
    }
});

/// Applies the definitions of both protocols to the evidence.
pub fn apply_rules(analysis: &Analysis) -> RuleVerdict {
    let [act, means, purpose, child, entry, benefit] = analysis.elements();
    let affirmed = analysis.affirmed_families();
    let families = &*RULE_FAMILIES;
    let adult_trafficking = act && means && purpose;
    let child_trafficking = act && purpose && child;
    let smuggling = entry && benefit;
    let mut findings = ArrayVec::new();
    findings.push(RuleFinding {
        article: T_3A,
        statement: Combination::AdultTrafficking.statement(&[act, means, purpose]),
        met: adult_trafficking,
    });
    if child {
        findings.push(RuleFinding {
            article: T_3CD,
            statement: Combination::ChildTrafficking.statement(&[act, purpose]),
            met: child_trafficking,
        });
    }
    if means && affirmed.contains(families.freedom_signs) {
        findings.push(RuleFinding {
            article: T_3B,
            statement: "the text speaks of consent or free choice, but once a means is used the victim's consent is irrelevant",
            met: true,
        });
    }
    findings.push(RuleFinding {
        article: S_3A,
        statement: Combination::Smuggling.statement(&[entry, benefit]),
        met: smuggling,
    });
    if affirmed.contains(families.fraudulent_documents) {
        findings.push(RuleFinding {
            article: S_6B,
            statement: "fraudulent travel or identity documents (or a visa obtained by misrepresentation) are involved",
            met: benefit,
        });
    }
    if affirmed.contains(families.illegal_stay) {
        findings.push(RuleFinding {
            article: S_6C,
            statement: "enabling someone to remain illegally, by illegal means, for a benefit, is smuggling too",
            met: benefit,
        });
    }
    if smuggling && affirmed.contains(families.danger_to_life) {
        findings.push(RuleFinding {
            article: S_6_3,
            statement: "danger to life or inhuman or degrading treatment is an aggravating circumstance of smuggling; it does not by itself make it trafficking",
            met: true,
        });
    }
    RuleVerdict {
        label: Label::from_offences(adult_trafficking || child_trafficking, smuggling),
        findings,
    }
}

/// The three rules that combine elements; their statements say which were found.
#[derive(Debug, Clone, Copy)]
enum Combination {
    AdultTrafficking,
    ChildTrafficking,
    Smuggling,
}

impl Combination {
    const ALL: [Combination; 3] = [
        Combination::AdultTrafficking,
        Combination::ChildTrafficking,
        Combination::Smuggling,
    ];

    fn rule(self) -> &'static str {
        match self {
            Combination::AdultTrafficking => {
                "trafficking needs an act, a means and an exploitation purpose"
            }
            Combination::ChildTrafficking => {
                "the person is under 18, so an act and an exploitation purpose suffice, with no means needed"
            }
            Combination::Smuggling => {
                "smuggling is procuring someone's illegal entry for a financial or material benefit"
            }
        }
    }

    fn elements(self) -> &'static [Element] {
        match self {
            Combination::AdultTrafficking => &[Element::Act, Element::Means, Element::Purpose],
            Combination::ChildTrafficking => &[Element::Act, Element::Purpose],
            Combination::Smuggling => &[Element::IllegalEntry, Element::FacilitatorBenefit],
        }
    }

    /// The statement for which of [`Combination::elements`] are present; written once
    /// per combination, so applying the rules to a case allocates nothing.
    fn statement(self, present: &[bool]) -> &'static str {
        static STATEMENTS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
            Combination::ALL
                .iter()
                .map(|rule| {
                    let n = rule.elements().len();
                    (0..1usize << n)
                        .map(|mask| {
                            let present: Vec<bool> = (0..n).map(|i| mask & (1 << i) != 0).collect();
                            format!("{}: {}", rule.rule(), presence(rule.elements(), &present))
                        })
                        .collect()
                })
                .collect()
        });
        let mask = present
            .iter()
            .enumerate()
            .fold(0, |mask, (i, p)| mask | (usize::from(*p) << i));
        &STATEMENTS[self as usize][mask]
    }
}

fn presence(elements: &[Element], present: &[bool]) -> String {
    let titles = |wanted: bool| -> Vec<&str> {
        elements
            .iter()
            .zip(present)
            .filter(|(_, p)| **p == wanted)
            .map(|(e, _)| e.title())
            .collect()
    };
    let (found, missing) = (titles(true), titles(false));
    match (found.is_empty(), missing.is_empty()) {
        (_, true) => "all found".to_string(),
        (true, false) => format!("none found (missing {})", missing.join(", ")),
        (false, false) => format!("found {}; missing {}", found.join(", "), missing.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    fn label(text: &str) -> Label {
        apply_rules(&analyze(text)).label
    }

    #[test]
    fn adult_trafficking_needs_all_three_elements() {
        assert_eq!(
            label("She was recruited, beaten and forced into prostitution."),
            Label::Trafficking
        );
        assert_eq!(label("She was recruited to work in a bar."), Label::Neither);
    }

    #[test]
    fn the_child_rule_needs_no_means() {
        let text = "A 15-year-old was recruited to work in a brothel.";
        let verdict = apply_rules(&analyze(text));
        assert_eq!(verdict.label, Label::Trafficking);
        assert!(verdict.findings.iter().any(|f| f.article == T_3CD && f.met));
    }

    #[test]
    fn smuggling_needs_entry_and_benefit() {
        assert_eq!(
            label("They paid the smuggler 2,000 dollars each to cross the border illegally."),
            Label::Smuggling
        );
        assert_eq!(
            label("They crossed the border illegally on foot."),
            Label::Neither
        );
    }
}
