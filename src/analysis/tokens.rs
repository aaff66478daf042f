//! Splitting a case text into tokens the lexicon is matched against.
//!
//! A token is a run of letters and digits (a word) or one punctuation mark; spaces
//! only separate tokens. Tokens keep byte offsets into the original text, so evidence
//! can quote it exactly. Alongside, the text is lowercased into a copy with the same
//! byte offsets (curly quotes and dashes folded to ASCII), which the age patterns read.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters and digits.
    Word,
    /// One punctuation mark, folded to ASCII where it has an ASCII twin.
    Punct(char),
}

/// One token of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the token in the original text (and in the lowercase copy).
    pub start: u32,
    /// Byte offset just past the token.
    pub end: u32,
    /// Word or punctuation.
    pub kind: Kind,
    /// Whether white space separates it from the previous token.
    pub space_before: bool,
}

impl Token {
    /// The token's lowercase text, from the lowercase copy of its text.
    pub fn text<'a>(&self, lower: &'a str) -> &'a str {
        lower
            .get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

/// Fills `tokens` with the tokens of `text` and `lower` with its lowercase copy, and
/// calls `each` with every token and the lowercase copy as the token is found, so
/// callers can look tokens up in the same pass.
///
/// Both buffers are cleared first, so one pair can serve many texts without allocating.
/// Always inlined into the analyser, so its per-token closure compiles into the loop
/// (left to itself the compiler stopped inlining it when the analyser grew).
#[inline(always)]
pub fn tokenize(
    text: &str,
    tokens: &mut Vec<Token>,
    lower: &mut String,
    mut each: impl FnMut(&Token, &str),
) {
    tokens.clear();
    lowercase_copy(text, lower);
    let lower: &str = lower;
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut space_before = true;
    while at < bytes.len() {
        let byte = bytes[at];
        let class = ASCII_CLASS[byte as usize];
        let (kind, end) = if class & ALNUM != 0 {
            (Kind::Word, word_end(text, at))
        } else if class & SPACE != 0 {
            space_before = true;
            at += 1;
            continue;
        } else if byte.is_ascii() {
            (Kind::Punct(byte as char), at + 1)
        } else {
            let ch = text[at..].chars().next().unwrap_or(' ');
            let len = ch.len_utf8();
            if ch.is_alphanumeric() {
                (Kind::Word, word_end(text, at))
            } else if ch.is_whitespace() || ch.is_control() {
                space_before = true;
                at += len;
                continue;
            } else {
                (Kind::Punct(fold(ch).unwrap_or(ch)), at + len)
            }
        };
        let token = Token {
            start: at as u32,
            end: end as u32,
            kind,
            space_before,
        };
        each(&token, lower);
        tokens.push(token);
        // Most tokens are followed by one plain space: step over it here.
        space_before = bytes.get(end) == Some(&b' ');
        at = end + usize::from(space_before);
    }
}

/// An ASCII letter or digit.
const ALNUM: u8 = 1;
/// ASCII white space or a control character.
const SPACE: u8 = 4;

/// How the tokenizer sees each ASCII byte (non-ASCII bytes are 0 and read as chars).
static ASCII_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_alphanumeric() {
            ALNUM
        } else if byte.is_ascii_whitespace() || byte.is_ascii_control() {
            SPACE
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Where the word beginning at byte `at` ends, with a fast path for ASCII letters and
/// digits.
#[inline(always)]
fn word_end(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        while at < bytes.len() && ASCII_CLASS[bytes[at] as usize] & ALNUM != 0 {
            at += 1;
        }
        if at == bytes.len() || bytes[at].is_ascii() {
            return at;
        }
        match text[at..].chars().next() {
            Some(ch) if ch.is_alphanumeric() => at += ch.len_utf8(),
            _ => return at,
        }
    }
}

/// Writes the lowercase copy of `text` into `lower`, byte for byte at the same offsets.
/// Runs of ASCII are copied whole and lowercased at the end; only the other
/// characters are handled one by one.
fn lowercase_copy(text: &str, lower: &mut String) {
    lower.clear();
    if text.is_ascii() {
        lower.push_str(text);
        lower.make_ascii_lowercase();
        return;
    }
    lower.reserve(text.len());
    let mut rest = text;
    while let Some(at) = first_non_ascii(rest.as_bytes()) {
        lower.push_str(&rest[..at]);
        let ch = rest[at..].chars().next().unwrap_or(' ');
        match fold(ch) {
            Some(folded) => {
                lower.push(folded);
                lower.extend(std::iter::repeat_n(' ', ch.len_utf8() - 1));
            }
            None => push_same_length_lowercase(lower, ch),
        }
        rest = &rest[at + ch.len_utf8()..];
    }
    lower.push_str(rest);
    lower.make_ascii_lowercase();
}

/// Where the first byte that is not ASCII is in `bytes`, eight bytes at a time (the
/// texts that need it have runs of ASCII between their few other characters).
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let high = u64::from_le_bytes(chunk.try_into().unwrap_or_default()) & HIGH_BITS;
        if high != 0 {
            return Some(at + high.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let rest = chunks.remainder().iter().position(|b| !b.is_ascii());
    rest.map(|p| at + p)
}

/// Pushes the lowercase of `ch` when it has the same UTF-8 length, else `ch` itself,
/// so the lowercase copy keeps the original's byte offsets.
fn push_same_length_lowercase(lower: &mut String, ch: char) {
    let mut lowered = ch.to_lowercase();
    match (lowered.next(), lowered.next()) {
        (Some(single), None) if single.len_utf8() == ch.len_utf8() => lower.push(single),
        _ => lower.push(ch),
    }
}

/// A word the features' text block reads: letters only, two or more of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Byte offset of the word in the original text.
    pub start: u32,
    /// Byte offset just past it.
    pub end: u32,
    /// Whether only spaces, apostrophes, hyphens and one-letter words separate it from
    /// the previous word, so the two may form a bigram (no clause break between them).
    pub follows_directly: bool,
    /// The word's number in the word cache that analysed it: the same lowercase word
    /// gets the same number within one [`crate::analysis::Analysis::word_epoch`].
    pub id: u32,
    /// Whether a negation cue earlier in its clause denies it, by the rules that deny
    /// an indicator ("no fee was paid": "fee", "was" and "paid"), so the text block can
    /// tell a denied word from an affirmed one.
    pub negated: bool,
}

impl Word {
    /// The word as written in `text` (not lowercased).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

/// What a word is made of, as far as the features' word list cares. It depends only on
/// the word's characters, not their case, so a word cache can work it out once per
/// distinct word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Not a word: a punctuation mark.
    NotAWord,
    /// One letter.
    OneLetter,
    /// Two or more letters and nothing else: a word the text block reads.
    Letters,
    /// Has a digit or another character that is not a letter.
    NotLetters,
}

impl Shape {
    /// The shape of `word`, a word token's text (any case).
    pub fn of(word: &str) -> Shape {
        if !word.chars().all(char::is_alphabetic) {
            Shape::NotLetters
        } else if word.chars().nth(1).is_some() {
            Shape::Letters
        } else {
            Shape::OneLetter
        }
    }
}

/// Builds the list of words the features' text block reads, one token at a time.
/// Digits, phone numbers and the parts of e-mail addresses that identify a person are
/// never words.
#[derive(Debug, Default)]
pub struct WordList {
    /// Whether a word just went by with nothing but soft marks after it.
    soft: bool,
}

impl WordList {
    /// Appends `token`, of shape `shape` ([`Shape::of`] its text), to `words` if it is
    /// a word the text block reads, numbered `id`.
    #[inline]
    pub fn push(&mut self, token: &Token, shape: Shape, id: u32, words: &mut Vec<Word>) {
        match (token.kind, shape) {
            (Kind::Punct('\'' | '-'), _) | (Kind::Word, Shape::OneLetter) => {}
            (Kind::Word, Shape::Letters) => {
                words.push(Word {
                    start: token.start,
                    end: token.end,
                    follows_directly: self.soft,
                    id,
                    negated: false,
                });
                self.soft = true;
            }
            _ => self.soft = false,
        }
    }
}

/// The ASCII twin of typographic quotes and dashes.
pub fn fold(ch: char) -> Option<char> {
    match ch {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => Some('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => Some('-'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (Vec<String>, String) {
        let mut tokens = Vec::new();
        let mut lower = String::new();
        tokenize(text, &mut tokens, &mut lower, |_, _| {});
        let texts = tokens
            .iter()
            .map(|t| match t.kind {
                Kind::Word => t.text(&lower).to_string(),
                Kind::Punct(c) => c.to_string(),
            })
            .collect();
        (texts, lower)
    }

    #[test]
    fn words_and_punctuation_become_tokens() {
        let (texts, _) = split("She WAS  forced, then\tpaid 3,000.");
        assert_eq!(
            texts,
            ["she", "was", "forced", ",", "then", "paid", "3", ",", "000", "."]
        );
    }

    #[test]
    fn lowercase_copy_keeps_byte_offsets() {
        let text = "Él dijo: “they’re Locked in” — 16‐year‐old";
        let (_, lower) = split(text);
        assert_eq!(lower.len(), text.len());
        assert!(lower.contains("locked in"));
        assert!(lower.contains("16-  year-  old"));
    }

    #[test]
    fn typographic_marks_fold_to_ascii_tokens() {
        let (texts, _) = split("couldn’t leave");
        assert_eq!(texts, ["couldn", "'", "t", "leave"]);
    }

    #[test]
    fn words_are_letters_only_and_bigrams_stop_at_breaks() {
        let text = "Paid a smuggler 3000 euros. Then left, sub-agent’s call";
        let found = word_list(text);
        let got: Vec<(&str, bool)> = found
            .iter()
            .map(|w| (w.text(text), w.follows_directly))
            .collect();
        assert_eq!(
            got,
            [
                ("Paid", false),
                ("smuggler", true),
                ("euros", false),
                ("Then", false),
                ("left", true),
                ("sub", false),
                ("agent", true),
                ("call", true)
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn finds_the_first_byte_that_is_not_ascii(text in "\\PC{0,40}") {
            let bytes = text.as_bytes();
            for from in 0..=bytes.len() {
                let expected = bytes[from..].iter().position(|b| !b.is_ascii());
                proptest::prop_assert_eq!(first_non_ascii(&bytes[from..]), expected);
            }
        }
    }

    /// The word list as it was built from the original text's characters, token by
    /// token (before shapes were read from the lowercase words): the oracle.
    fn oracle_word_list(text: &str) -> Vec<Word> {
        let mut tokens = Vec::new();
        tokenize(text, &mut tokens, &mut String::new(), |_, _| {});
        let (mut words, mut soft) = (Vec::new(), false);
        for (id, token) in tokens.iter().enumerate() {
            let word = &text[token.start as usize..token.end as usize];
            match token.kind {
                Kind::Punct('\'' | '-') => {}
                Kind::Punct(_) => soft = false,
                Kind::Word if !word.chars().all(char::is_alphabetic) => soft = false,
                Kind::Word if word.chars().nth(1).is_some() => {
                    words.push(Word {
                        start: token.start,
                        end: token.end,
                        follows_directly: soft,
                        id: id as u32,
                        negated: false,
                    });
                    soft = true;
                }
                Kind::Word => {}
            }
        }
        words
    }

    /// The word list with each word's shape read from its lowercase text, as a word
    /// cache does.
    fn word_list(text: &str) -> Vec<Word> {
        let (mut tokens, mut words, mut list) = (Vec::new(), Vec::new(), WordList::default());
        let mut id = 0;
        tokenize(text, &mut tokens, &mut String::new(), |token, lower| {
            let shape = match token.kind {
                Kind::Word => Shape::of(token.text(lower)),
                Kind::Punct(_) => Shape::NotAWord,
            };
            list.push(token, shape, id, &mut words);
            id += 1;
        });
        words
    }

    #[test]
    fn shapes_from_lowercase_words_give_the_same_word_lists_on_the_data() {
        for text in crate::data_texts() {
            assert_eq!(word_list(&text), oracle_word_list(&text), "{text}");
        }
        for text in [
            "İstanbul x², Ⅻ ǅemal 3rd a b ΣΑΣ ß ǈ",
            "١٢ sub-agent’s é",
            "",
        ] {
            assert_eq!(word_list(text), oracle_word_list(text), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn shapes_from_lowercase_words_give_the_same_word_lists(text in "\\PC{0,60}") {
            proptest::prop_assert_eq!(word_list(&text), oracle_word_list(&text));
        }
    }

    #[test]
    fn records_spacing_between_tokens() {
        let mut tokens = Vec::new();
        let mut lower = String::new();
        tokenize("sub-agent paid", &mut tokens, &mut lower, |_, _| {});
        let spaced: Vec<bool> = tokens.iter().map(|t| t.space_before).collect();
        assert_eq!(spaced, [true, false, false, true]);
    }
}
