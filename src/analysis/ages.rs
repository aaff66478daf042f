//! Stated ages: "a 16-year-old", "aged fifteen", "Amina, 14,", "17 years of age".
//!
//! The child rule of the Trafficking Protocol (art. 3(c), 3(d)) turns on whether the
//! person is under 18, so a stated age is the strongest evidence for or against it.

use super::matcher::{TokenKey, AGE_BEFORE, AGE_LEAD, NUMBER};
use super::tokens::{Kind, Token};
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
/// 15", "aged between 14", "at only 15", "was just 15", "aged about 15", "as young as
/// 12", "a girl of 14").
pub const BRIDGE_BEFORE_NUMBER: [&str; 10] = [
    "of",
    "between",
    "from",
    "just",
    "only",
    "barely",
    "about",
    "around",
    "approximately",
    "as",
];

/// Words that can come before a [`BRIDGE_BEFORE_NUMBER`] word in an age phrase.
pub const LEAD_BEFORE_BRIDGE: [&str; 19] = [
    "aged", "age", "at", "was", "is", "were", "am", "turned", "being", "now", "as", "young", "boy",
    "boys", "girl", "girls", "child", "son", "daughter",
];

/// Words an age phrase below can have shortly after its number.
pub const AFTER_NUMBER: [&str; 4] = ["year", "years", "yr", "yrs"];

/// "Name, 16," as news writes it: needs the original capitalisation.
static APPOSITIVE_AGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)\p{Lu}\p{Ll}+, (\d{1,2}),(?:\s|$)")
        .expect("appositive age pattern is valid")
});

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

/// Appends the ages that tokens `first..=last` of a text state, in text order: "a
/// 16-year-old", "aged 15", "17 years of age", "was only 15 when", "says she is 14".
/// `lower` is the text's lowercase copy, which the tokens index, and `keys` has each
/// token's marks, which say where a phrase may begin.
///
/// The stretch is read as a regular expression would read its lowercase words (kept
/// in the tests as the oracle): each phrase from the leftmost token where one begins,
/// trying the phrases in the order above, then on from the token after it. Between
/// words only ASCII white space counts as space; a phrase's last word may run on
/// ("was 15 whenever" states 15 through "when").
pub(super) fn in_tokens(
    tokens: &[Token],
    keys: &[TokenKey],
    lower: &str,
    (first, last): (usize, usize),
    found: &mut Vec<StatedAge>,
) {
    let stretch = Stretch {
        tokens: &tokens[..=last],
        keys,
        lower,
    };
    let mut at = first;
    while at <= last {
        match stretch.phrase_at(at) {
            Some(phrase) => {
                found.push(StatedAge {
                    years: phrase.years,
                    start: tokens[at].start as usize,
                    end: phrase.end,
                });
                at = phrase.last + 1;
            }
            None => at += 1,
        }
    }
}

/// An age phrase found: the age, its last token and the byte just past it.
struct Phrase {
    years: u32,
    last: usize,
    end: usize,
}

/// The tokens an age phrase may use (those past the stretch are cut off) and the
/// lowercase copy of their text.
struct Stretch<'a> {
    tokens: &'a [Token],
    keys: &'a [TokenKey],
    lower: &'a str,
}

/// Words that can lead "aged 15" phrases, in the order they are tried. "As young as
/// 12" and "a girl of 14" are how news gives the age of the youngest victims.
const AGED: [&[&str]; 23] = [
    &["aged"],
    &["age"],
    &["ages"],
    &["age", "of"],
    &["aged", "between"],
    &["aged", "from"],
    &["aged", "just"],
    &["aged", "only"],
    &["aged", "about"],
    &["aged", "around"],
    &["aged", "approximately"],
    &["at", "just"],
    &["at", "only"],
    &["at", "about"],
    &["at", "around"],
    &["as", "young", "as"],
    &["boy", "of"],
    &["boys", "of"],
    &["girl", "of"],
    &["girls", "of"],
    &["child", "of"],
    &["son", "of"],
    &["daughter", "of"],
];

impl Stretch<'_> {
    /// The age phrase that begins at token `at`, if one does. Its first word's marks
    /// rule out the phrases that cannot begin there: a number begins "16-year-old" and
    /// "17 years of age", a word marked to come before a number or to lead to one
    /// begins "aged 15" and "was 15", and "says" needs an "s" or a "c".
    fn phrase_at(&self, at: usize) -> Option<Phrase> {
        let marks = self.keys[at].marks;
        let (number, lead) = (marks & NUMBER != 0, marks & (AGE_BEFORE | AGE_LEAD) != 0);
        let may_say = self.word(at).is_some_and(|w| w.starts_with(['s', 'c']));
        None.or_else(|| number.then(|| self.years_old(at))?)
            .or_else(|| lead.then(|| self.aged(at))?)
            .or_else(|| number.then(|| self.years_of_age(at))?)
            .or_else(|| lead.then(|| self.was(at))?)
            .or_else(|| may_say.then(|| self.says(at))?)
    }

    /// "16-year-old", "fifteen years old".
    fn years_old(&self, at: usize) -> Option<Phrase> {
        let years = self.number(at)?;
        let unit = self.after_dash_or_space(at)?;
        self.is_one_of(unit, &AFTER_NUMBER).then_some(())?;
        let old = self.after_dash_or_space(unit)?;
        self.is_one_of(old, &["old", "olds"]).then_some(())?;
        Some(self.ending_with(years, old))
    }

    /// "aged 15", "age of 15", "at only 15", "as young as 12", "a girl of 14".
    fn aged(&self, at: usize) -> Option<Phrase> {
        AGED.iter().find_map(|lead| {
            let number = at + lead.len();
            let words_fit = lead.iter().enumerate().all(|(i, word)| {
                self.word(at + i) == Some(*word) && (i == 0 || self.gap(at + i - 1) == b" ")
            });
            let spaced = words_fit && self.spaced(number - 1);
            spaced.then(|| Some(self.ending_with(self.number(number)?, number)))?
        })
    }

    /// "17 years of age".
    fn years_of_age(&self, at: usize) -> Option<Phrase> {
        let years = self.number(at)?;
        let words = ["years", "of", "age"];
        let fit = words
            .iter()
            .enumerate()
            .all(|(i, word)| self.spaced(at + i) && self.word(at + i + 1) == Some(*word));
        fit.then(|| self.ending_with(years, at + words.len()))
    }

    /// "was 16 when", "is only 14,", "now 13 and 15,": the number must be followed by
    /// "when", "at the time", "then" or "year(s)", by a comma, full stop, semicolon or
    /// closing bracket, or by the end of the stretch.
    fn was(&self, at: usize) -> Option<Phrase> {
        let verbs = ["was", "is", "were", "am", "turned", "being", "now"];
        if !self.is_one_of(at, &verbs) || !self.spaced(at) {
            return None;
        }
        let mut number = at + 1;
        if self.is_one_of(number, &["only", "just", "barely"]) && self.spaced(number) {
            number += 1;
        }
        let years = self.number(number)?;
        let second = number + 2;
        let and_or = self.spaced(number)
            && self.is_one_of(number + 1, &["and", "or"])
            && self.spaced(number + 1)
            && self
                .word(second)
                .is_some_and(|w| w.len() <= 2 && is_digits(w));
        let (last, end) = and_or
            .then(|| self.after_age(second))
            .flatten()
            .or_else(|| self.after_age(number))?;
        Some(Phrase { years, last, end })
    }

    /// What may follow the age in [`Stretch::was`]: its last token and end.
    fn after_age(&self, number: usize) -> Option<(usize, usize)> {
        let next = number + 1;
        let word = self.word(next).filter(|_| self.spaced(number));
        if let Some(found) = word.and_then(|word| self.time_word(next, word)) {
            return Some(found);
        }
        match self.tokens.get(next).map(|t| t.kind) {
            Some(Kind::Punct(',' | '.' | ';' | ')')) if is_space(self.gap(number)) => {
                Some((next, self.tokens[next].end as usize))
            }
            None => Some((number, self.tokens[number].end as usize)),
            _ => None,
        }
    }

    /// "when", "at the time", "then" or "year(s)" from token `next` (whose text is
    /// `word`) on: its last token and end. "when" and "then" may begin a longer word,
    /// "time" too.
    fn time_word(&self, next: usize, word: &str) -> Option<(usize, usize)> {
        for lead in ["when", "then"] {
            if word.starts_with(lead) {
                return Some((next, self.tokens[next].start as usize + lead.len()));
            }
        }
        if word == "year" || word == "years" {
            return Some((next, self.tokens[next].end as usize));
        }
        let time = next + 2;
        let at_the_time = word == "at"
            && self.spaced(next)
            && self.word(next + 1) == Some("the")
            && self.spaced(next + 1)
            && self.word(time).is_some_and(|w| w.starts_with("time"));
        at_the_time.then(|| (time, self.tokens[time].start as usize + "time".len()))
    }

    /// "says she is 14", "claimed they were 15".
    fn says(&self, at: usize) -> Option<Phrase> {
        let words: [&[&str]; 3] = [
            &["says", "said", "claims", "claimed"],
            &["he", "she", "they"],
            &["is", "was", "are", "were"],
        ];
        let fit = words
            .iter()
            .enumerate()
            .all(|(i, one_of)| self.is_one_of(at + i, one_of) && self.spaced(at + i));
        let number = at + words.len();
        fit.then(|| Some(self.ending_with(self.number(number)?, number)))?
    }

    /// A phrase stating `years` whose last token is `last`.
    fn ending_with(&self, years: u32, last: usize) -> Phrase {
        Phrase {
            years,
            last,
            end: self.tokens[last].end as usize,
        }
    }

    /// The token after a hyphen or after white space following token `at`.
    fn after_dash_or_space(&self, at: usize) -> Option<usize> {
        // A dash folded from a wider character is a '-' and spaces in the lowercase
        // copy, so its token reads as a hyphen and white space.
        let dash = self.tokens.get(at + 1)?.kind == Kind::Punct('-');
        if dash && is_space(self.gap(at)) && is_space(self.gap(at + 1)) {
            return Some(at + 2);
        }
        self.spaced(at).then_some(at + 1)
    }

    /// The value of token `at` if it is a number an age can be written in: one to
    /// three digits, or a number word.
    fn number(&self, at: usize) -> Option<u32> {
        let word = self.word(at)?;
        if word.len() > 3 && is_digits(word) {
            return None;
        }
        number_value(word)
    }

    /// The lowercase text of token `at` if it is a word of the stretch.
    fn word(&self, at: usize) -> Option<&str> {
        let token = self.tokens.get(at)?;
        (token.kind == Kind::Word).then(|| token.text(self.lower))
    }

    fn is_one_of(&self, at: usize, words: &[&str]) -> bool {
        self.word(at).is_some_and(|word| words.contains(&word))
    }

    /// The bytes between token `at` and the next one of the stretch (none past it).
    fn gap(&self, at: usize) -> &[u8] {
        match (self.tokens.get(at), self.tokens.get(at + 1)) {
            (Some(this), Some(next)) => {
                &self.lower.as_bytes()[this.end as usize..next.start as usize]
            }
            _ => &[],
        }
    }

    /// Whether white space, and nothing else, lies between token `at` and a next one.
    fn spaced(&self, at: usize) -> bool {
        at + 1 < self.tokens.len() && !self.gap(at).is_empty() && is_space(self.gap(at))
    }
}

/// Whether every byte is ASCII white space as a regular expression's `\s` reads it
/// without Unicode (vertical tab included).
fn is_space(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'))
}

fn is_digits(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit())
}

/// Endings that make "17yo" or "17yrs" of one or two digits: the short ways notes
/// and records write "years old" ("yrs" and "yr" only with "old" after them).
const GLUED_YEARS_OLD: [&str; 5] = ["yo", "yoa", "yrsold", "yrold", "yearsold"];
/// Endings glued to a number that need "old" after them: "17yrs old".
const GLUED_YEARS: [&str; 4] = ["yrs", "yr", "years", "year"];

/// The age a word of one or two digits glued to a "years" ending states, and whether
/// it needs the word "old" after it to be an age: "17yo" is 17 on its own, "17yrs"
/// only in "17yrs old" (alone it may be a prison term).
pub fn glued_age(word: &str) -> Option<(u32, bool)> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let (number, ending) = word.split_at(digits);
    if !(1..=2).contains(&digits) {
        return None;
    }
    let needs_old = if GLUED_YEARS_OLD.contains(&ending) {
        false
    } else if GLUED_YEARS.contains(&ending) {
        true
    } else {
        return None;
    };
    Some((number.parse().ok()?, needs_old))
}

/// The value of a number an age can be written in: digits, or a number word.
pub(super) fn number_value(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse() {
        return Some(n);
    }
    NUMBERS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, value)| *value)
}

/// The age phrases as a regular expression over lowercase text, which is how tipsom
/// read them before [`in_tokens`]: the tests check that both find the same.
#[cfg(test)]
pub(super) mod oracle {
    use super::*;

    /// Age phrases in lowercased text.
    static LOWERCASE_AGE: LazyLock<Regex> = LazyLock::new(|| {
        let words: Vec<&str> = NUMBERS.iter().map(|(word, _)| *word).collect();
        let number = format!(r"(\d{{1,3}}|{})", words.join("|"));
        let number = number.as_str();
        let patterns = [
            format!(r"\b{number}(?:\s*-\s*|\s+)(?:years?|yrs?)(?:\s*-\s*|\s+)olds?\b"),
            format!(
                r"\b(?:aged|age|ages|age of|aged between|aged from|aged just|aged only|aged about|aged around|aged approximately|at just|at only|at about|at around|as young as|boy of|boys of|girl of|girls of|child of|son of|daughter of)\s+{number}\b"
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

    /// Finds ages stated in `lowercase` (the normalised text).
    pub fn in_lowercase(lowercase: &str) -> Vec<StatedAge> {
        captures(&LOWERCASE_AGE, lowercase)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of `text`, their keys and its lowercase copy, as the analyser
    /// makes them.
    fn tokens_of(text: &str) -> (Vec<Token>, Vec<TokenKey>, String) {
        let (mut tokens, mut keys, mut lower) = (vec![], vec![], String::new());
        super::super::with_keys(text, &mut tokens, &mut keys, &mut lower);
        (tokens, keys, lower)
    }

    /// The ages stated anywhere in `text`, read from its tokens.
    fn ages(text: &str) -> Vec<StatedAge> {
        let (tokens, keys, lower) = tokens_of(text);
        let mut found = vec![];
        if !tokens.is_empty() {
            in_tokens(&tokens, &keys, &lower, (0, tokens.len() - 1), &mut found);
        }
        found
    }

    fn years(text: &str) -> Vec<u32> {
        ages(text).iter().map(|a| a.years).collect()
    }

    /// Words and numbers of age phrases, near misses and capitals, and pieces of
    /// phrases (so that whole phrases come up often), for texts the property test
    /// below builds.
    const WORDS: [&str; 95] = [
        "16",
        "5",
        "15",
        "150",
        "1500",
        "015",
        "0",
        "fifteen",
        "seven",
        "seventeen",
        "one",
        "Twenty",
        "aged",
        "Aged",
        "age",
        "ages",
        "of",
        "between",
        "from",
        "just",
        "only",
        "barely",
        "at",
        "was",
        "Was",
        "is",
        "were",
        "am",
        "are",
        "turned",
        "being",
        "now",
        "year",
        "years",
        "yr",
        "yrs",
        "old",
        "olds",
        "oldest",
        "says",
        "said",
        "claims",
        "claimed",
        "he",
        "she",
        "they",
        "and",
        "or",
        "when",
        "Whenever",
        "then",
        "thence",
        "the",
        "time",
        "times",
        "boat",
        "metres",
        "15th",
        "sevenfold",
        "yearly",
        "was 15",
        "is only 14",
        "were 13 and 15",
        "now 13 or 150",
        "aged between 14",
        "age of",
        "at just",
        "at the time",
        "at the timeline",
        "15 years of age",
        "16-year-old",
        "fifteen year",
        "says she is",
        "claimed they were 17",
        "was 16 then",
        "turned 15 years",
        "age  of 15",
        "aged\tbetween 14",
        "at\nonly 15",
        "16-\u{a0}year-old",
        "fifteen -\tyear - old",
        "16\u{a0}- year-old",
        "as",
        "young",
        "about",
        "around",
        "approximately",
        "girl",
        "boys",
        "children",
        "as young as",
        "aged about",
        "a girl of",
        "daughter of",
        "at around",
    ];

    /// What can stand between two words: white space of several kinds (some the
    /// tokens skip but the expression does not read as space), hyphens and dashes,
    /// and punctuation.
    const GAPS: [&str; 20] = [
        " ",
        " ",
        " ",
        "",
        "  ",
        "\t",
        "\n",
        "\u{b}",
        "\u{a0}",
        " - ",
        "-",
        "\u{2013}",
        " \u{2014} ",
        ", ",
        ",",
        ".",
        "; ",
        ")",
        " (",
        " ,",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
        #[test]
        fn tokens_find_what_the_expression_finds(
            pieces in proptest::collection::vec((0..WORDS.len(), 0..GAPS.len()), 1..30),
            cut in (0usize..64, 0usize..64),
        ) {
            let text: String = pieces.iter().map(|&(w, g)| [WORDS[w], GAPS[g]].concat()).collect();
            let (tokens, keys, lower) = tokens_of(&text);
            let n = tokens.len();
            let first = cut.0 % n;
            let last = first + cut.1 % (n - first);
            for (first, last) in [(0, n - 1), (first, last)] {
                let mut read = vec![];
                in_tokens(&tokens, &keys, &lower, (first, last), &mut read);
                let start = tokens[first].start as usize;
                let stretch = &lower[start..tokens[last].end as usize];
                let oracle: Vec<StatedAge> = oracle::in_lowercase(stretch)
                    .into_iter()
                    .map(|age| StatedAge { start: age.start + start, end: age.end + start, ..age })
                    .collect();
                proptest::prop_assert_eq!(read, oracle, "{:?} in {:?}", stretch, text);
            }
        }
    }

    #[test]
    fn finds_common_forms() {
        assert_eq!(years("a 16-year-old girl"), [16]);
        assert_eq!(years("aged 15, she"), [15]);
        assert_eq!(years("a fifteen year old boy"), [15]);
        assert_eq!(years("he was 17 years of age"), [17]);
        assert_eq!(years("the 25-year-old woman"), [25]);
        assert_eq!(years("three 14-year-olds"), [14]);
        assert_eq!(years("girls as young as 12 were"), [12]);
        assert_eq!(years("a boy of fourteen"), [14]);
        assert_eq!(years("aged about 16, she"), [16]);
        assert_eq!(years("recruited at around 15"), [15]);
    }

    #[test]
    fn ignores_other_numbers() {
        assert!(years("paid 3,000 euros for 16 people").is_empty());
        assert!(years("a two-year contract").is_empty());
        assert!(years("as many as 40 people").is_empty());
        assert!(years("the children of 12 families").is_empty());
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
