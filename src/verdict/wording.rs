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
use std::cell::RefCell;
use std::sync::LazyLock;

/// Goods named as trafficked or smuggled ("drug trafficking", "smuggling of arms"),
/// in text whose ASCII letters are lower-cased: the same matches as the pattern with
/// `(?i-u)` on the text itself, since lower-casing ASCII moves no byte and changes no
/// `\b`, `\w` or `\s`, but without case variants of every word the regex compiles and
/// searches several times faster.
static GOODS_CRIME: LazyLock<Regex> = LazyLock::new(|| {
    let goods = GOODS.join("|");
    Regex::new(&format!(
        r"(?-u)\b(?:(?:{goods})[\s-]+(?:traffick\w*|smuggl\w*)|(?:traffick\w*|smuggl\w*)\s+(?:of|in)\s+(?:illegal\s+|illicit\s+)?(?:{goods}))\b"
    ))
    .expect("goods pattern is valid")
});
/// What the text's own words call the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Naming {
    trafficking: bool,
    smuggling: bool,
    goods_only: bool,
}

/// What `text` calls the case; `names_goods` says whether some word of it may be one
/// of the [`GOODS`], without which the goods pattern cannot match and is not run.
///
/// A word names an offence when it begins with "traffick" or "smuggl" (ASCII case
/// ignored) at a word boundary: the matches of `(?i-u)\btraffick\w*` and
/// `(?i-u)\bsmuggl\w*`, found by [`stem_words`] without running a regex over the text.
/// Every match of the goods pattern holds such a word, so the goods pattern runs only
/// when there is one.
fn naming(text: &str, names_goods: bool) -> Naming {
    let mut trafficking_words = stem_words(text, b"traffick", 7).peekable();
    let mut smuggling_words = stem_words(text, b"smuggl", 3).peekable();
    if trafficking_words.peek().is_none() && smuggling_words.peek().is_none() {
        return Naming::default();
    }
    GOODS_SCRATCH.with_borrow_mut(|(lower, goods)| {
        goods.clear();
        if names_goods {
            lower.clear();
            lower.push_str(text);
            lower.make_ascii_lowercase();
            goods.extend(GOODS_CRIME.find_iter(lower).map(|m| (m.start(), m.end())));
        }
        let outside_goods =
            |(start, end): (usize, usize)| !goods.iter().any(|(s, e)| *s <= start && end <= *e);
        let trafficking = trafficking_words.any(outside_goods);
        let smuggling = smuggling_words.any(outside_goods);
        Naming {
            trafficking,
            smuggling,
            goods_only: !goods.is_empty() && !trafficking && !smuggling,
        }
    })
}

thread_local! {
    /// The lower-cased text the goods pattern reads and the goods it found, reused
    /// from text to text so the check allocates nothing per text.
    static GOODS_SCRATCH: RefCell<(String, Vec<(usize, usize)>)> = RefCell::default();
}

/// The words of `text` that begin with `stem` (lower-case ASCII; case ignored) at an
/// ASCII word boundary, as (start, end) byte offsets, the word running on over ASCII
/// letters, digits and `_`: what `(?i-u)\bstem\w*` finds, in text order.
///
/// Every occurrence of `stem` has the byte `stem[probe]` at `probe` bytes from its
/// start, so memchr finds the candidates and only those are compared.
fn stem_words<'t>(
    text: &'t str,
    stem: &'static [u8],
    probe: usize,
) -> impl Iterator<Item = (usize, usize)> + 't {
    let bytes = text.as_bytes();
    let byte = stem[probe];
    memchr::memchr2_iter(byte, byte.to_ascii_uppercase(), bytes).filter_map(move |hit| {
        let start = hit.checked_sub(probe)?;
        let after = start + stem.len();
        let starts_word = start == 0 || !is_word_byte(bytes[start - 1]);
        if !starts_word || !bytes.get(start..after)?.eq_ignore_ascii_case(stem) {
            return None;
        }
        let rest = bytes[after..]
            .iter()
            .take_while(|&&b| is_word_byte(b))
            .count();
        Some((start, after + rest))
    })
}

/// Whether `byte` is in the ASCII `\w` class: a letter, a digit or `_`.
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
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
    use proptest::prelude::*;

    /// The goods pattern as it was, with `(?i-u)`, run on the text itself.
    static GOODS_CRIME_ANY_CASE: LazyLock<Regex> = LazyLock::new(|| {
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

    /// The naming as it was computed with a regex per offence word: the oracle.
    fn regex_naming(text: &str, names_goods: bool) -> Naming {
        let goods: Vec<(usize, usize)> = if names_goods {
            GOODS_CRIME_ANY_CASE
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

    fn same_naming_as_the_regexes(text: &str) {
        for names_goods in [false, true] {
            assert_eq!(
                naming(text, names_goods),
                regex_naming(text, names_goods),
                "{text:?}, names_goods {names_goods}"
            );
        }
        let words = |regex: &Regex| {
            regex
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            stem_words(text, b"traffick", 7).collect::<Vec<_>>(),
            words(&TRAFFICKING_WORD),
            "{text:?}"
        );
        assert_eq!(
            stem_words(text, b"smuggl", 3).collect::<Vec<_>>(),
            words(&SMUGGLING_WORD),
            "{text:?}"
        );
    }

    /// Text made of offence words, goods, their connecting words, word and non-word
    /// bytes, and characters whose Unicode case folds to ASCII letters.
    fn wordy_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            proptest::sample::select(vec![
                "traffick",
                "Trafficking",
                "TRAFFICKED",
                "traffic",
                "trafficker_s",
                "smuggl",
                "Smuggling",
                "SMUGGLERS",
                "smug",
                "smuggled2",
                "of",
                "in",
                "illegal",
                "illicit",
                "Of",
                "IN",
                " ",
                "  ",
                "-",
                "\t",
                "\n",
                "\r",
                "\u{b}",
                "\u{c}",
                "_",
                "é",
                "\u{212a}",
                "\u{17f}",
                "x",
                "7",
                ".",
                ",",
                "’",
            ])
            .prop_map(str::to_string),
            proptest::sample::select(GOODS.to_vec()).prop_map(str::to_string),
            proptest::sample::select(GOODS.to_vec()).prop_map(str::to_uppercase),
            "[a-zA-Z_ -]{0,6}",
            any::<String>(),
        ];
        proptest::collection::vec(piece, 0..24).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn naming_is_what_the_regexes_say(text in wordy_text()) {
            same_naming_as_the_regexes(&text);
        }
    }

    #[test]
    fn goods_are_lower_case_ascii_letters() {
        for g in GOODS {
            assert!(
                !g.is_empty() && g.bytes().all(|b| b.is_ascii_lowercase()),
                "{g:?}"
            );
        }
    }

    #[test]
    fn naming_is_what_the_regexes_say_on_the_data() {
        for text in crate::data_texts() {
            same_naming_as_the_regexes(&text);
        }
        for text in [
            "trafficking",
            "xtrafficking",
            "_smuggling",
            "drug-trafficking",
            "trafficking of illegal drugs",
            "drug trafficking and human trafficking",
            "smuggling in\n illicit \tarms",
            "ÉTRAFFICKING",
            "trafficK\u{212a}",
            "DRUG TRAFFICKING",
            "Trafficking Of Illegal Arms",
            "gun-\n-Smuggling",
            "cocainesmuggling",
            "trafficking in drugsX",
        ] {
            same_naming_as_the_regexes(text);
        }
    }

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
