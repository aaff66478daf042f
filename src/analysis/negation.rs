//! Negation scope: is an indicator denied earlier in its own clause?
//!
//! "They were never forced to work", "no fee was paid": the cue comes before the
//! indicator, within a few words, in the same clause. A cue that is itself part of
//! another indicator ("could not leave", "no choice") belongs to that indicator and
//! negates nothing else.

use super::lexicon::{CLAUSE_BREAKS, NEGATION_CUES, NEGATION_EXCEPTIONS};
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

/// How many words before an indicator a cue may stand.
const MAX_WORDS_BEFORE: usize = 6;

/// How far back, in bytes, a cue is looked for: bounds the work per indicator, so
/// a long text without punctuation costs time in proportion to its length.
pub const MAX_BYTES_BEFORE: usize = 120;

/// Characters that end a clause.
pub const CLAUSE_PUNCTUATION: &[char] = &['.', ';', ':', '!', '?', '(', ')', '"', '[', ']'];

/// [`CLAUSE_PUNCTUATION`] as a table by character code (all of it is ASCII).
static ENDS_CLAUSE: [bool; 128] = {
    let mut table = [false; 128];
    let mut i = 0;
    while i < CLAUSE_PUNCTUATION.len() {
        let mark = CLAUSE_PUNCTUATION[i] as usize;
        assert!(mark < 128, "clause punctuation must be ASCII");
        table[mark] = true;
        i += 1;
    }
    table
};

/// Whether `mark` is one of the [`CLAUSE_PUNCTUATION`], with one table read.
#[inline]
pub fn ends_clause(mark: char) -> bool {
    ENDS_CLAUSE.get(mark as usize).copied().unwrap_or(false)
}

/// Whether the indicator starting at byte `start` of `lowercase` is negated.
///
/// `inside_other_indicator` says whether a byte offset lies inside some other
/// indicator's words; cues there do not count.
pub fn is_negated(
    lowercase: &str,
    start: usize,
    inside_other_indicator: impl Fn(usize) -> bool,
) -> bool {
    let mut window_start = start.saturating_sub(MAX_BYTES_BEFORE);
    while !lowercase.is_char_boundary(window_start) {
        window_start += 1;
    }
    // Clause punctuation is ASCII, and no byte of another character is ASCII.
    let clause_start = lowercase.as_bytes()[window_start..start]
        .iter()
        .rposition(|&byte| ends_clause(byte as char))
        .map(|at| window_start + at + 1)
        .unwrap_or(window_start);
    let clause = &lowercase[clause_start..start];
    let (last_words, count) = last_words(clause);
    let window = &last_words[..count];
    let after_break = window
        .iter()
        .rposition(|(_, word)| CLAUSE_BREAK_SET.contains(word))
        .map(|at| at + 1)
        .unwrap_or(0);
    window[after_break..].iter().any(|(offset, _)| {
        let at = clause_start + offset;
        cue_at(&lowercase[at..start])
            && !exception_at(&lowercase[at..])
            && !inside_other_indicator(at)
    })
}

/// [`CLAUSE_BREAKS`] for lookup.
static CLAUSE_BREAK_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| CLAUSE_BREAKS.iter().copied().collect());

/// [`NEGATION_CUES`] by their first byte, so a word is only compared with the cues
/// that could begin it.
static CUES_BY_FIRST_BYTE: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    let mut table = vec![Vec::new(); 256];
    for cue in NEGATION_CUES {
        if let Some(&first) = cue.as_bytes().first() {
            table[first as usize].push(*cue);
        }
    }
    table
});

/// The first word of every negation cue: a clause without one of these is never negated.
pub fn cue_words() -> impl Iterator<Item = &'static str> {
    NEGATION_CUES
        .iter()
        .filter_map(|cue| {
            cue.split(|c: char| !c.is_alphanumeric())
                .find(|word| !word.is_empty())
        })
        .chain(["t"])
}

/// The last [`MAX_WORDS_BEFORE`] words of `text` with their offsets, oldest first,
/// and how many there are. A word is a run of letters, digits, apostrophes and hyphens.
fn last_words(text: &str) -> ([(usize, &str); MAX_WORDS_BEFORE], usize) {
    let mut ring = [(0, ""); MAX_WORDS_BEFORE];
    let mut seen = 0;
    let mut push = |word| {
        ring[seen % MAX_WORDS_BEFORE] = word;
        seen += 1;
    };
    let mut word_start = None;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // ASCII bytes are read as they are; other characters are decoded.
        let (in_word, len) = match bytes[at] {
            byte if byte.is_ascii() => (
                byte.is_ascii_alphanumeric() || byte == b'\'' || byte == b'-',
                1,
            ),
            _ => {
                let ch = text[at..].chars().next().unwrap_or(' ');
                (ch.is_alphanumeric(), ch.len_utf8())
            }
        };
        match (in_word, word_start) {
            (true, None) => word_start = Some(at),
            (false, Some(s)) => {
                push((s, &text[s..at]));
                word_start = None;
            }
            _ => {}
        }
        at += len;
    }
    if let Some(s) = word_start {
        push((s, &text[s..]));
    }
    let count = seen.min(MAX_WORDS_BEFORE);
    ring.rotate_left(if seen > MAX_WORDS_BEFORE {
        seen % MAX_WORDS_BEFORE
    } else {
        0
    });
    (ring, count)
}

/// Whether `rest` (text from a word start) begins with a negation cue.
fn cue_at(rest: &str) -> bool {
    let cues = rest
        .as_bytes()
        .first()
        .map_or(&[][..], |&b| CUES_BY_FIRST_BYTE[b as usize].as_slice());
    cues.iter().any(|cue| starts_with_word(rest, cue)) || first_word(rest).ends_with("n't")
}

fn exception_at(rest: &str) -> bool {
    NEGATION_EXCEPTIONS
        .iter()
        .any(|phrase| starts_with_word(rest, phrase))
}

fn first_word(text: &str) -> &str {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .next()
        .unwrap_or("")
}

fn starts_with_word(text: &str, phrase: &str) -> bool {
    text.strip_prefix(phrase).is_some_and(|after| {
        after
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '\''))
    })
}

#[cfg(test)]
mod tests {
    /// The last words as they were found, character by character: the oracle.
    fn oracle_last_words(text: &str) -> Vec<(usize, &str)> {
        let mut words = Vec::new();
        let mut word_start = None;
        for (at, ch) in text.char_indices() {
            let in_word = ch.is_alphanumeric() || ch == '\'' || ch == '-';
            match (in_word, word_start) {
                (true, None) => word_start = Some(at),
                (false, Some(s)) => {
                    words.push((s, &text[s..at]));
                    word_start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = word_start {
            words.push((s, &text[s..]));
        }
        let skip = words.len().saturating_sub(MAX_WORDS_BEFORE);
        words.split_off(skip)
    }

    proptest::proptest! {
        #[test]
        fn last_words_read_bytes_as_the_characters_would(text in "\\PC{0,50}") {
            let (ring, count) = last_words(&text);
            proptest::prop_assert_eq!(ring[..count].to_vec(), oracle_last_words(&text));
        }
    }

    use super::*;

    fn negated(text: &str, indicator: &str) -> bool {
        let start = text.find(indicator).unwrap();
        is_negated(text, start, |_| false)
    }

    #[test]
    fn last_words_keeps_the_newest_in_order() {
        let (words, count) = last_words("one two-three four's five six seven eight");
        let got: Vec<&str> = words[..count].iter().map(|(_, w)| *w).collect();
        assert_eq!(
            got,
            ["two-three", "four's", "five", "six", "seven", "eight"]
        );
        let (words, count) = last_words(", so far");
        assert_eq!(&words[..count], &[(2, "so"), (5, "far")]);
        assert_eq!(last_words("  ").1, 0);
    }

    #[test]
    fn cue_before_indicator_negates() {
        assert!(negated("they were never forced to work", "forced"));
        assert!(negated("no fee was paid", "fee"));
        assert!(negated(
            "nobody took their passports",
            "took their passports"
        ));
        assert!(negated("she said she wasn't beaten", "beaten"));
    }

    #[test]
    fn negation_stops_at_clause_end() {
        assert!(!negated("no one helped them. they were beaten", "beaten"));
        assert!(!negated(
            "they were not paid much, but the boss beat them",
            "beat"
        ));
    }

    #[test]
    fn distant_cues_do_not_reach() {
        assert!(!negated(
            "not a single official in the town ever asked how the men were beaten",
            "beaten"
        ));
    }

    #[test]
    fn exceptions_do_not_negate() {
        assert!(!negated("they were not only beaten", "beaten"));
        assert!(!negated("she no longer received wages", "wages"));
    }

    #[test]
    fn cues_inside_other_indicators_do_not_negate() {
        let text = "they could not leave and were beaten";
        let start = text.find("beaten").unwrap();
        let not_at = text.find("not").unwrap();
        assert!(!is_negated(text, start, |at| at == not_at));
    }
}
