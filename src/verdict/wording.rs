//! The wording check: does the text call the crime by the right name?
//!
//! Media and officials often call a paid border crossing "human trafficking", or
//! debt bondage "smuggling". The label is judged on the facts; this check reports
//! when the writer's words point elsewhere, which is the confusion tipsom exists
//! to correct.

use crate::analysis::lexicon::GOODS;
use crate::analysis::Analysis;
use crate::label::Label;
use regex::Regex;
use std::sync::LazyLock;

static GOODS_CRIME: LazyLock<Regex> = LazyLock::new(|| {
    let goods = GOODS.join("|");
    Regex::new(&format!(
        r"(?i-u)\b(?:(?:{goods})[\s-]+(?:traffick\w*|smuggl\w*)|(?:traffick\w*|smuggl\w*)\s+(?:of|in)\s+(?:illegal\s+|illicit\s+)?(?:{goods}))\b"
    ))
    .expect("goods pattern is valid")
});
static TRAFFICKING_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)\btraffick\w*").expect("valid"));
static SMUGGLING_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)\bsmuggl\w*").expect("valid"));

/// What the text's own words call the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Naming {
    trafficking: bool,
    smuggling: bool,
    goods_only: bool,
}

/// What `text` calls the case; `names_goods` says whether some word of it may be one
/// of the [`GOODS`], without which the goods pattern cannot match and is not run.
fn naming(text: &str, names_goods: bool) -> Naming {
    let goods: Vec<(usize, usize)> = if names_goods {
        GOODS_CRIME
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect()
    } else {
        Vec::new()
    };
    let outside_goods = |regex: &Regex| {
        regex
            .find_iter(text)
            .any(|m| !goods.iter().any(|(s, e)| *s <= m.start() && m.end() <= *e))
    };
    let trafficking = outside_goods(&TRAFFICKING_WORD);
    let smuggling = outside_goods(&SMUGGLING_WORD);
    Naming {
        trafficking,
        smuggling,
        goods_only: !goods.is_empty() && !trafficking && !smuggling,
    }
}

/// Says how the text's wording disagrees with the label, if it does.
///
/// The analyser's [`Analysis::names_offence`] says whether some word begins with
/// "traffick" or "smuggl"; without one, the text names no offence and the wording is
/// not read.
pub fn check(text: &str, analysis: &Analysis, label: Label) -> Option<&'static str> {
    let named = if analysis.names_offence {
        naming(text, analysis.names_goods)
    } else {
        Naming::default()
    };
    let says = |t: bool, s: bool| named.trafficking == t && named.smuggling == s;
    let message = match label {
        Label::Smuggling if says(true, false) => {
            "the text calls it trafficking; the facts show smuggling of migrants (no exploitation purpose)"
        }
        Label::Trafficking if says(false, true) => {
            "the text calls it smuggling; the facts show trafficking in persons"
        }
        Label::Both if says(true, false) => {
            "the text calls it trafficking only; the facts show smuggling as well"
        }
        Label::Both if says(false, true) => {
            "the text calls it smuggling only; the facts show trafficking as well"
        }
        Label::Trafficking | Label::Both if named.goods_only => {
            "the text uses 'trafficking' or 'smuggling' for goods while people are exploited"
        }
        Label::Neither if named.trafficking => {
            "the text calls it trafficking; the facts show neither offence"
        }
        Label::Neither if named.smuggling => {
            "the text calls it smuggling of people; the facts show neither offence"
        }
        _ => return None,
    };
    Some(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(text: &str, label: Label) -> Option<&'static str> {
        check(text, &crate::analysis::analyze(text), label)
    }

    #[test]
    fn flags_a_paid_crossing_called_trafficking() {
        let text = "Police broke up a human trafficking ring that charged migrants for boat seats.";
        assert!(checked(text, Label::Smuggling)
            .unwrap()
            .contains("calls it trafficking"));
    }

    #[test]
    fn drug_trafficking_is_not_a_name_for_the_case() {
        let text = "The drug trafficking gang also kept two women locked in a flat.";
        assert!(checked(text, Label::Trafficking)
            .unwrap()
            .contains("for goods"));
        assert_eq!(
            checked("Drug trafficking arrests rose.", Label::Neither),
            None
        );
    }

    #[test]
    fn matching_words_need_no_comment() {
        assert_eq!(
            checked("Migrant smuggling network dismantled.", Label::Smuggling),
            None
        );
        assert_eq!(
            checked("A trafficking victim was rescued.", Label::Trafficking),
            None
        );
    }
}
