//! Text analysis: from a case text to evidence for each legal element, with spans.
//!
//! This is the first stage of the data flow and the only one that reads the words.
//! Everything later (features, model, verdict, explanation) works from the
//! [`Analysis`] it returns, so what tipsom can say about a case is bounded by the
//! evidence found here, and every claim can quote the words behind it.

pub mod ages;
pub mod lexicon;
mod negation;
pub mod normalize;
mod patterns;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use lexicon::{Family, Strength, FAMILIES};
use normalize::Normalized;
use serde::Serialize;
use std::sync::LazyLock;

/// The elements of the two offences, as the annotation guide defines them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Element {
    /// Recruitment, transportation, transfer, harbouring or receipt of persons.
    Act,
    /// Force, threats, coercion, abduction, fraud, deception, abuse of vulnerability...
    Means,
    /// Exploitation intended or happening.
    Purpose,
    /// The person moved or exploited is under 18.
    Child,
    /// Irregular entry, fraudulent documents, or illegal stay by illegal means.
    IllegalEntry,
    /// Someone gained money or a material benefit for arranging the entry or stay.
    FacilitatorBenefit,
}

impl Element {
    /// All elements, in the order of the CSV columns.
    pub const ALL: [Element; 6] = [
        Element::Act,
        Element::Means,
        Element::Purpose,
        Element::Child,
        Element::IllegalEntry,
        Element::FacilitatorBenefit,
    ];

    /// The element's CSV column name.
    pub fn column(self) -> &'static str {
        match self {
            Element::Act => "act",
            Element::Means => "means",
            Element::Purpose => "purpose",
            Element::Child => "child",
            Element::IllegalEntry => "illegal_entry",
            Element::FacilitatorBenefit => "facilitator_benefit",
        }
    }

    /// The element's name for people.
    pub fn title(self) -> &'static str {
        match self {
            Element::Act => "act",
            Element::Means => "means",
            Element::Purpose => "purpose (exploitation)",
            Element::Child => "child (under 18)",
            Element::IllegalEntry => "illegal entry or stay",
            Element::FacilitatorBenefit => "benefit to a facilitator",
        }
    }

    /// Position in [`Element::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One piece of evidence: an indicator found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The element it is evidence of.
    pub element: Element,
    /// The indicator family (see [`lexicon::FAMILIES`]).
    pub family: &'static str,
    /// Whether the family sets its element on its own.
    #[serde(skip)]
    pub strength: Strength,
    /// The lexicon phrase that matched (or a description, for ages).
    pub indicator: &'static str,
    /// Byte offset of the first matched byte in the original text.
    pub start: usize,
    /// Byte offset just past the matched words in the original text.
    pub end: usize,
    /// Whether the text denies it ("no fee was paid"); negated evidence is shown but not counted.
    pub negated: bool,
}

impl Evidence {
    /// Whether this evidence sets its element.
    pub fn counts(&self) -> bool {
        !self.negated && self.strength == Strength::Strong
    }

    /// The words of `text` this evidence points at.
    pub fn quote<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Everything the analyser found in one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Evidence in text order.
    pub evidence: Vec<Evidence>,
}

impl Analysis {
    /// Whether an element is established by counting evidence.
    pub fn has(&self, element: Element) -> bool {
        self.evidence
            .iter()
            .any(|e| e.element == element && e.counts())
    }

    /// The six elements as booleans, in [`Element::ALL`] order.
    pub fn elements(&self) -> [bool; 6] {
        Element::ALL.map(|element| self.has(element))
    }
}

/// Family used for stated ages (found by [`ages`], not by the lexicon).
pub const STATED_AGE_FAMILY: &str = "stated_age";
const MINOR_AGE: &str = "stated age under 18";
const ADULT_AGE: &str = "stated age 18 or over";

/// Analyses one case text.
pub fn analyze(text: &str) -> Analysis {
    ANALYZER.analyze(text)
}

/// Every indicator family, including the stated-age family, in a fixed order.
pub fn families() -> impl Iterator<Item = (Element, &'static str, Strength)> {
    FAMILIES
        .iter()
        .map(|f| (f.element, f.name, f.strength))
        .chain(std::iter::once((
            Element::Child,
            STATED_AGE_FAMILY,
            Strength::Strong,
        )))
}

static ANALYZER: LazyLock<Analyzer> = LazyLock::new(|| {
    Analyzer::new(FAMILIES)
        .unwrap_or_else(|problem| panic!("the built-in lexicon is broken: {problem}"))
});

/// A phrase of the automaton and the family it belongs to.
struct PhraseInfo {
    family: &'static Family,
    /// The phrase as matched: normalised, pronouns folded.
    text: String,
    /// The phrase as the lexicon spells it, for explanations.
    display: String,
    prefix: bool,
}

/// The compiled lexicon.
struct Analyzer {
    automaton: AhoCorasick,
    phrases: Vec<PhraseInfo>,
}

/// A lexicon match in the normalised text, before negation.
#[derive(Debug, Clone, Copy)]
struct RawMatch {
    phrase: usize,
    start: usize,
    end: usize,
}

impl Analyzer {
    fn new(families: &'static [Family]) -> Result<Self, String> {
        let mut phrases: Vec<PhraseInfo> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for family in families {
            for pattern in family.patterns {
                for phrase in patterns::expand(pattern)? {
                    let folded = normalize::fold_phrase_pronouns(&phrase.text);
                    if seen.insert((folded.clone(), family.name, phrase.prefix)) {
                        phrases.push(PhraseInfo {
                            family,
                            display: phrase.text,
                            text: folded,
                            prefix: phrase.prefix,
                        });
                    }
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(phrases.iter().map(|p| p.text.as_str()))
            .map_err(|e| e.to_string())?;
        Ok(Analyzer { automaton, phrases })
    }

    fn analyze(&'static self, text: &str) -> Analysis {
        let normalized = Normalized::new(text);
        let lower = normalized.text.as_str();
        let matches = self.raw_matches(lower);
        let mut reach = 0;
        let furthest_end: Vec<usize> = matches
            .iter()
            .map(|m| {
                reach = reach.max(m.end);
                reach
            })
            .collect();
        let inside_some_match = |at: usize| {
            let before = matches.partition_point(|o| o.start <= at);
            before > 0 && furthest_end[before - 1] > at
        };
        let mut evidence: Vec<Evidence> = matches
            .iter()
            .map(|m| {
                let info = &self.phrases[m.phrase];
                let (start, end) = normalized.original_span(m.start, m.end);
                Evidence {
                    element: info.family.element,
                    family: info.family.name,
                    strength: info.family.strength,
                    indicator: info.display.as_str(),
                    start,
                    end,
                    negated: negation::is_negated(lower, m.start, inside_some_match),
                }
            })
            .collect();
        evidence.extend(age_evidence(text, &normalized));
        evidence.sort_by_key(|e| (e.start, e.end, e.element));
        evidence.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.family == b.family);
        Analysis { evidence }
    }

    /// Lexicon matches on word boundaries; within a family, contained matches are dropped.
    fn raw_matches(&self, lower: &str) -> Vec<RawMatch> {
        let mut found: Vec<RawMatch> = self
            .automaton
            .find_overlapping_iter(lower)
            .filter_map(|m| {
                let info = &self.phrases[m.pattern().as_usize()];
                if !word_boundary_before(lower, m.start()) {
                    return None;
                }
                let end = if info.prefix {
                    word_end(lower, m.end())
                } else if word_boundary_after(lower, m.end()) {
                    m.end()
                } else {
                    return None;
                };
                Some(RawMatch {
                    phrase: m.pattern().as_usize(),
                    start: m.start(),
                    end,
                })
            })
            .collect();
        let family_of = |m: &RawMatch| self.phrases[m.phrase].family.name;
        found.sort_by(|a, b| {
            family_of(a)
                .cmp(family_of(b))
                .then(a.start.cmp(&b.start))
                .then(b.end.cmp(&a.end))
        });
        let mut kept: Vec<RawMatch> = Vec::with_capacity(found.len());
        let mut family_reach: Option<(&str, usize)> = None;
        for m in found {
            let family = family_of(&m);
            let contained = family_reach.is_some_and(|(f, end)| f == family && m.end <= end);
            if !contained {
                let reach = match family_reach {
                    Some((f, end)) if f == family => end.max(m.end),
                    _ => m.end,
                };
                family_reach = Some((family, reach));
                kept.push(m);
            }
        }
        kept.sort_by_key(|m| (m.start, m.end));
        kept
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn word_boundary_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c))
}

fn word_boundary_after(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_none_or(|c| !is_word_char(c))
}

fn word_end(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|(_, c)| !is_word_char(*c) && *c != '-')
        .map(|(i, _)| from + i)
        .unwrap_or(text.len())
}

/// Evidence from stated ages: under 18 counts for the child element; 18 or over is
/// shown as evidence against it.
fn age_evidence(original: &str, normalized: &Normalized) -> Vec<Evidence> {
    let in_original = ages::in_lowercase(&normalized.text).into_iter().map(|age| {
        let (start, end) = normalized.original_span(age.start, age.end);
        (age.years, start, end)
    });
    let appositive = ages::appositive(original)
        .into_iter()
        .map(|age| (age.years, age.start, age.end));
    in_original
        .chain(appositive)
        .filter(|(years, _, _)| *years > 0 && *years < 120)
        .map(|(years, start, end)| {
            let minor = years < 18;
            Evidence {
                element: Element::Child,
                family: STATED_AGE_FAMILY,
                strength: Strength::Strong,
                indicator: if minor { MINOR_AGE } else { ADULT_AGE },
                start,
                end,
                negated: !minor,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> [bool; 6] {
        analyze(text).elements()
    }

    #[test]
    fn lexicon_expands_without_errors() {
        for family in FAMILIES {
            for pattern in family.patterns {
                patterns::expand(pattern).unwrap();
            }
        }
        assert!(ANALYZER.phrases.len() > 1000);
    }

    #[test]
    fn finds_trafficking_elements_with_spans() {
        let text = "She was recruited with a false promise of hotel work, her passport was confiscated and she was forced into prostitution.";
        let analysis = analyze(text);
        assert_eq!(found(text), [true, true, true, false, false, false]);
        let quotes: Vec<&str> = analysis.evidence.iter().map(|e| e.quote(text)).collect();
        assert!(quotes.contains(&"recruited"), "{quotes:?}");
        assert!(quotes.contains(&"prostitution"), "{quotes:?}");
    }

    #[test]
    fn finds_smuggling_elements() {
        let text = "Each migrant paid the smugglers 3,000 euros to cross the border at night in a small boat.";
        let [_, means, purpose, _, entry, benefit] = found(text);
        assert!(entry && benefit && !means && !purpose);
    }

    #[test]
    fn negated_evidence_does_not_count() {
        let text = "The men were never forced to work and no one took their passports.";
        assert!(!analyze(text).has(Element::Means));
        assert!(analyze(text).evidence.iter().any(|e| e.negated));
    }

    #[test]
    fn ages_set_the_child_element_only_under_18() {
        assert!(analyze("A 16-year-old was sold to a brothel owner.").has(Element::Child));
        assert!(!analyze("A 25-year-old was sold to a brothel owner.").has(Element::Child));
        assert!(analyze("Amina, 14, was taken to the city.").has(Element::Child));
    }

    #[test]
    fn words_inside_other_words_do_not_match() {
        assert!(!analyze("The organised gang sold cigarettes.")
            .evidence
            .iter()
            .any(|e| e.family == "organ_removal"));
    }
}
