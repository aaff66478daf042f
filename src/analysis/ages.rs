//! Stated ages: "a 16-year-old", "aged fifteen", "Amina, 14,", "17 years of age".
//!
//! The child rule of the Trafficking Protocol (art. 3(c), 3(d)) turns on whether the
//! person is under 18, so a stated age is the strongest evidence for or against it.

use regex::Regex;
use std::sync::LazyLock;

/// An age stated in the text, with the byte span of the words that state it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatedAge {
    /// The age in years.
    pub years: u32,
    /// Start of the words in the searched text.
    pub start: usize,
    /// End of the words in the searched text.
    pub end: usize,
}

/// Number words an age can be written in, with their values; a text without these or
/// digits states no age.
pub const NUMBERS: [(&str, u32); 24] = [
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
];

/// Words an age phrase below can have right before its number ("aged 15", "was 15",
/// "she is 15"). A number without one of these (or [`BRIDGE_BEFORE_NUMBER`] after a
/// [`LEAD_BEFORE_BRIDGE`] word) right before it, and without [`AFTER_NUMBER`] shortly
/// after it, starts no age phrase, so the age patterns need not run around it.
pub const BEFORE_NUMBER: [&str; 11] = [
    "aged", "age", "ages", "was", "is", "were", "am", "are", "turned", "being", "now",
];

/// Words that can stand between a [`LEAD_BEFORE_BRIDGE`] word and the number ("age of
/// 15", "aged between 14", "at only 15", "was just 15").
pub const BRIDGE_BEFORE_NUMBER: [&str; 6] = ["of", "between", "from", "just", "only", "barely"];

/// Words that can come before a [`BRIDGE_BEFORE_NUMBER`] word in an age phrase.
pub const LEAD_BEFORE_BRIDGE: [&str; 10] = [
    "aged", "age", "at", "was", "is", "were", "am", "turned", "being", "now",
];

/// Words an age phrase below can have shortly after its number.
pub const AFTER_NUMBER: [&str; 4] = ["year", "years", "yr", "yrs"];

/// Age phrases in lowercased text.
static LOWERCASE_AGE: LazyLock<Regex> = LazyLock::new(|| {
    let words: Vec<&str> = NUMBERS.iter().map(|(word, _)| *word).collect();
    let number = format!(r"(\d{{1,3}}|{})", words.join("|"));
    let number = number.as_str();
    let patterns = [
        format!(r"\b{number}(?:\s*-\s*|\s+)(?:years?|yrs?)(?:\s*-\s*|\s+)olds?\b"),
        format!(
            r"\b(?:aged|age|ages|age of|aged between|aged from|aged just|aged only|at just|at only)\s+{number}\b"
        ),
        format!(r"\b{number}\s+years\s+of\s+age\b"),
        format!(
            r"\b(?:was|is|were|am|turned|being|now)\s+(?:only\s+|just\s+|barely\s+)?{number}(?:\s+(?:and|or)\s+\d{{1,2}})?(?:\s+(?:when|at\s+the\s+time|then|years?\b)|\s*[,.;)]|\s*$)"
        ),
        format!(
            r"\b(?:says|said|claims|claimed)\s+(?:he|she|they)\s+(?:is|was|are|were)\s+{number}\b"
        ),
    ];
    Regex::new(&format!("(?-u){}", patterns.join("|"))).expect("age patterns are valid")
});

/// "Name, 16," as news writes it: needs the original capitalisation.
static APPOSITIVE_AGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)\p{Lu}\p{Ll}+, (\d{1,2}),(?:\s|$)")
        .expect("appositive age pattern is valid")
});

/// Finds ages stated in `lowercase` (the normalised text).
pub fn in_lowercase(lowercase: &str) -> Vec<StatedAge> {
    captures(&LOWERCASE_AGE, lowercase)
}

/// Finds "Name, 16," ages in the original text.
pub fn appositive(original: &str) -> Vec<StatedAge> {
    captures(&APPOSITIVE_AGE, original)
}

/// The matches of `regex` with the age each states: the first number in the match,
/// which is the number its capture group holds (every word around the number in these
/// patterns is a fixed non-number word). Finding matches without captures keeps the
/// regex on its fastest engine.
fn captures(regex: &Regex, text: &str) -> Vec<StatedAge> {
    regex
        .find_iter(text)
        .filter_map(|found| {
            let years = found
                .as_str()
                .split(|c: char| !c.is_ascii_alphanumeric())
                .find_map(number_value)?;
            Some(StatedAge {
                years,
                start: found.start(),
                end: found.end(),
            })
        })
        .collect()
}

fn number_value(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse() {
        return Some(n);
    }
    NUMBERS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, value)| *value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(text: &str) -> Vec<u32> {
        in_lowercase(text).iter().map(|a| a.years).collect()
    }

    #[test]
    fn finds_common_forms() {
        assert_eq!(years("a 16-year-old girl"), [16]);
        assert_eq!(years("aged 15, she"), [15]);
        assert_eq!(years("a fifteen year old boy"), [15]);
        assert_eq!(years("he was 17 years of age"), [17]);
        assert_eq!(years("the 25-year-old woman"), [25]);
        assert_eq!(years("three 14-year-olds"), [14]);
    }

    #[test]
    fn ignores_other_numbers() {
        assert!(years("paid 3,000 euros for 16 people").is_empty());
        assert!(years("a two-year contract").is_empty());
        assert!(appositive("hotel jobs in Dubai, 1,800 AED").is_empty());
    }

    #[test]
    fn finds_ages_stated_with_a_verb() {
        assert_eq!(years("rupa was 16 when her friend"), [16]);
        assert_eq!(years("noy was fifteen when a woman"), [15]);
        assert_eq!(years("the boy says he is 14 and comes"), [14]);
        assert_eq!(years("the complainants, now 13 and 15, testified"), [13]);
        assert!(years("the boat was 16 metres long").is_empty());
    }

    #[test]
    fn finds_news_style_appositive_ages() {
        let found = appositive("Amina, 14, was taken");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].years, 14);
    }
}
