//! Negation scope: is an indicator denied earlier in its own clause?
//!
//! "They were never forced to work", "no fee was paid": the cue comes before the
//! indicator, within a few words, in the same clause. A cue that is itself part of
//! another indicator ("could not leave", "no choice") belongs to that indicator and
//! negates nothing else.

use super::lexicon::{CLAUSE_BREAKS, NEGATION_CUES, NEGATION_EXCEPTIONS, NEW_CLAUSE_AFTER_AND};
use rustc_hash::FxHashSet;
use std::sync::LazyLock;

/// How many words before an indicator a cue may stand.
pub const MAX_WORDS_BEFORE: usize = 6;

/// How far back, in bytes, a cue is looked for: bounds the work per indicator, so
/// a long text without punctuation costs time in proportion to its length.
pub const MAX_BYTES_BEFORE: usize = 120;

/// How many words before a cue "who" may stand for the cue to be read as inside a
/// relative clause (see [`is_main_verb`]).
pub const WHO_WORDS_BEFORE_CUE: usize = 3;

/// Whether `word` (lowercase) is a form of "be" that, after a cue inside a relative
/// clause and the word the cue denies, begins the main clause: in "those who could not
/// pay were sold to brothels" the cue denies the paying, not the selling. The verb
/// must not follow the cue directly ("who were not paid" keeps its cue).
pub fn is_main_verb(word: &str) -> bool {
    MAIN_VERBS.contains(&word)
}

/// The verbs [`is_main_verb`] knows.
const MAIN_VERBS: &[&str] = &["was", "were", "is", "are"];

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

/// Whether `word` (one lowercase word) is one of the [`CLAUSE_BREAKS`]: negation does
/// not reach back across it.
pub fn is_clause_break(word: &str) -> bool {
    CLAUSE_BREAK_SET.contains(word)
}

/// Whether "and", followed by the word `next` (lowercase), begins a new clause that
/// negation does not reach back across (see [`NEW_CLAUSE_AFTER_AND`]).
pub fn starts_clause_after_and(next: &str) -> bool {
    NEW_CLAUSE_AFTER_AND.contains(&next)
}

/// Whether `words`, lowercase text from the start of a word up to and including an
/// indicator (which begins at byte `indicator_start`), begins with a negation cue
/// that ends before the indicator and is not one of the [`NEGATION_EXCEPTIONS`].
/// Between words, `words` has one space wherever the text has white space.
pub fn denies(words: &str, indicator_start: usize) -> bool {
    let before_indicator = words.get(..indicator_start).unwrap_or(words);
    cue_at(before_indicator) && !exception_at(words)
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

/// The negation check as it reads a lowercase text, character by character: the
/// definition the token walk in [`super::is_negated`] must agree with, for tests.
#[cfg(test)]
pub(super) mod oracle {
    use super::*;

    /// Whether the indicator starting at byte `start` of `lowercase` is negated:
    /// some word among the last [`MAX_WORDS_BEFORE`] of its clause, after the last
    /// clause break word, begins a negation cue that is no exception and lies inside
    /// no other indicator (`inside_other_indicator`, by byte offset).
    pub fn is_negated(
        lowercase: &str,
        start: usize,
        inside_other_indicator: impl Fn(usize) -> bool,
    ) -> bool {
        let mut window_start = start.saturating_sub(MAX_BYTES_BEFORE);
        while !lowercase.is_char_boundary(window_start) {
            window_start += 1;
        }
        let clause_start = lowercase[window_start..start]
            .rfind(|c: char| CLAUSE_PUNCTUATION.contains(&c))
            .map(|at| window_start + at + 1)
            .unwrap_or(window_start);
        let words = last_words(&lowercase[clause_start..start]);
        let after_break = words
            .iter()
            .rposition(|&(offset, word)| {
                is_clause_break(word)
                    || (word == "and" && and_begins_clause(lowercase, clause_start + offset))
            })
            .map_or(0, |at| at + 1);
        let cue = words[after_break..].iter().rposition(|(offset, _)| {
            let at = clause_start + offset;
            denies(&lowercase[at..], start - at) && !inside_other_indicator(at)
        });
        cue.is_some_and(|cue| {
            let cue = after_break + cue;
            !relative_clause_ended(lowercase, clause_start, start, &words, cue)
        })
    }

    /// Whether the cue at `words[cue]` stands in a relative clause that ends before the
    /// indicator: "who" among the few words before the cue, and a main verb among the
    /// words after it, not directly after it.
    fn relative_clause_ended(
        lowercase: &str,
        clause_start: usize,
        start: usize,
        words: &[(usize, &str)],
        cue: usize,
    ) -> bool {
        let after_cue = &words[cue + 1..];
        let indicator_begins_with_verb = lowercase[start..]
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
            .next()
            .is_some_and(is_main_verb);
        let verb_later = after_cue.iter().skip(1).any(|(_, word)| is_main_verb(word))
            || (!after_cue.is_empty() && indicator_begins_with_verb);
        let before_cue = last_words(&lowercase[clause_start..clause_start + words[cue].0]);
        let who_before = before_cue
            .iter()
            .rev()
            .take(WHO_WORDS_BEFORE_CUE)
            .any(|(_, word)| *word == "who");
        verb_later && who_before
    }

    /// Whether the word "and" at byte `at` of `lowercase` begins a new clause: a comma
    /// before it, or white space and then a word of [`NEW_CLAUSE_AFTER_AND`] after it
    /// (the word read as a run of letters and digits, as the tokens read it).
    fn and_begins_clause(lowercase: &str, at: usize) -> bool {
        let is_space = |c: char| c.is_whitespace() || c.is_control();
        if lowercase[..at].trim_end_matches(is_space).ends_with(',') {
            return true;
        }
        let after = &lowercase[at + "and".len()..];
        if !after.starts_with(is_space) {
            return false;
        }
        let next = after.trim_start_matches(is_space);
        let end = next
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(next.len());
        starts_clause_after_and(&next[..end])
    }

    /// The last [`MAX_WORDS_BEFORE`] words of `text` with their offsets, oldest
    /// first. A word is a run of letters, digits, apostrophes and hyphens.
    fn last_words(text: &str) -> Vec<(usize, &str)> {
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

    #[test]
    fn cue_before_indicator_negates() {
        let negated = |text: &str, indicator| {
            let start = text.find(indicator).unwrap();
            is_negated(text, start, |_| false)
        };
        assert!(negated("they were never forced to work", "forced"));
        assert!(negated("she said she wasn't beaten", "beaten"));
        assert!(!negated("no one helped them. they were beaten", "beaten"));
        assert!(!negated("they were not only beaten", "beaten"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cue_must_end_before_the_indicator() {
        assert!(denies("never forced", 6));
        assert!(denies("no-one took", 7));
        assert!(denies("wasn't beaten", 7));
        assert!(!denies("no", 1), "the cue runs into the indicator");
        assert!(!denies("nobodyx forced", 8));
    }

    #[test]
    fn exception_phrases_do_not_deny() {
        assert!(!denies("not only beaten", 9));
        assert!(!denies("no longer received wages", 18));
        assert!(denies("not beaten", 4));
    }

    #[test]
    fn clause_breaks_are_whole_words() {
        assert!(is_clause_break("but"));
        assert!(!is_clause_break("butter"));
    }
}
