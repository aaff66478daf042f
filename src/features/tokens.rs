//! Word tokens for the text block: lowercase runs of letters, with their offsets.
//!
//! Only letters make words, so digits, phone numbers and the parts of e-mail
//! addresses that identify a person never become vocabulary terms.

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word, lowercased.
    pub text: String,
    /// Byte offset of the word in the text.
    pub start: usize,
    /// Whether only spaces or letters-joining marks separate it from the previous word,
    /// so the two may form a bigram (no sentence or clause break between them).
    pub follows_directly: bool,
}

/// Splits a text into words of two or more letters.
pub fn words(text: &str) -> impl Iterator<Item = Word> + '_ {
    let mut chars = text.char_indices().peekable();
    let mut gap_is_soft = false;
    std::iter::from_fn(move || loop {
        let (start, first) = chars.next()?;
        if !first.is_alphabetic() {
            if !(first.is_whitespace() || first == '\'' || first == '-') {
                gap_is_soft = false;
            }
            continue;
        }
        let mut word: String = first.to_lowercase().collect();
        while let Some(&(_, c)) = chars.peek() {
            if !c.is_alphabetic() {
                break;
            }
            word.extend(c.to_lowercase());
            chars.next();
        }
        let follows_directly = gap_is_soft;
        gap_is_soft = true;
        if word.chars().count() >= 2 {
            return Some(Word {
                text: word,
                start,
                follows_directly,
            });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_non_letters_and_lowercases() {
        let got: Vec<String> = words("Paid €2,000. Then LEFT").map(|w| w.text).collect();
        assert_eq!(got, ["paid", "then", "left"]);
    }

    #[test]
    fn punctuation_breaks_bigrams() {
        let got: Vec<bool> = words("was paid. then left")
            .map(|w| w.follows_directly)
            .collect();
        assert_eq!(got, [false, true, false, true]);
    }
}
