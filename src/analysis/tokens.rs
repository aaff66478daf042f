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

/// Fills `tokens` with the tokens of `text` and `lower` with its lowercase copy.
///
/// Both buffers are cleared first, so one pair can serve many texts without allocating.
pub fn tokenize(text: &str, tokens: &mut Vec<Token>, lower: &mut String) {
    tokens.clear();
    lowercase_copy(text, lower);
    let mut at = 0;
    let mut space_before = true;
    while at < text.len() {
        let (class, len) = class_at(text, at);
        match class {
            Class::Space => space_before = true,
            Class::Mark(mark) => push(tokens, at, at + len, Kind::Punct(mark), &mut space_before),
            Class::Letter => {
                let end = word_end(text, at + len);
                push(tokens, at, end, Kind::Word, &mut space_before);
                at = end;
                continue;
            }
        }
        at += len;
    }
}

/// Where the word running on from byte `at` ends, with a fast path for ASCII letters.
fn word_end(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        while at < bytes.len() && bytes[at].is_ascii_alphanumeric() {
            at += 1;
        }
        if at == bytes.len() || bytes[at].is_ascii() {
            return at;
        }
        match class_at(text, at) {
            (Class::Letter, len) => at += len,
            _ => return at,
        }
    }
}

/// How the tokenizer sees one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A letter or digit.
    Letter,
    /// White space or a control character.
    Space,
    /// Anything else, folded to ASCII where it has a twin.
    Mark(char),
}

/// The class of the character at byte `at` and its length, with a fast path for ASCII.
#[inline(always)]
fn class_at(text: &str, at: usize) -> (Class, usize) {
    let byte = text.as_bytes()[at];
    if byte.is_ascii() {
        let class = if byte.is_ascii_alphanumeric() {
            Class::Letter
        } else if byte.is_ascii_whitespace() || byte.is_ascii_control() {
            Class::Space
        } else {
            Class::Mark(byte as char)
        };
        return (class, 1);
    }
    let ch = text[at..].chars().next().unwrap_or(' ');
    let class = if ch.is_alphanumeric() {
        Class::Letter
    } else if ch.is_whitespace() || ch.is_control() {
        Class::Space
    } else {
        Class::Mark(fold(ch).unwrap_or(ch))
    };
    (class, ch.len_utf8())
}

fn push(tokens: &mut Vec<Token>, start: usize, end: usize, kind: Kind, space_before: &mut bool) {
    tokens.push(Token {
        start: start as u32,
        end: end as u32,
        kind,
        space_before: *space_before,
    });
    *space_before = false;
}

/// Writes the lowercase copy of `text` into `lower`, byte for byte at the same offsets.
fn lowercase_copy(text: &str, lower: &mut String) {
    lower.clear();
    if text.is_ascii() {
        lower.push_str(text);
        lower.make_ascii_lowercase();
        return;
    }
    lower.reserve(text.len());
    for ch in text.chars() {
        match fold(ch) {
            Some(folded) => {
                lower.push(folded);
                lower.extend(std::iter::repeat_n(' ', ch.len_utf8() - 1));
            }
            None => push_same_length_lowercase(lower, ch),
        }
    }
}

/// Pushes the lowercase of `ch` when it has the same UTF-8 length, else `ch` itself,
/// so the lowercase copy keeps the original's byte offsets.
fn push_same_length_lowercase(lower: &mut String, ch: char) {
    if ch.is_ascii() {
        lower.push(ch.to_ascii_lowercase());
        return;
    }
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
}

impl Word {
    /// The word as written in `text` (not lowercased).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

/// Appends to `words` the words of `tokens` the text block reads. Digits, phone
/// numbers and the parts of e-mail addresses that identify a person are never words.
pub fn words(text: &str, tokens: &[Token], words: &mut Vec<Word>) {
    let mut soft = false;
    for token in tokens {
        match token.kind {
            Kind::Punct('\'' | '-') => {}
            Kind::Punct(_) => soft = false,
            Kind::Word => {
                let letters = &text[token.start as usize..token.end as usize];
                let all_letters = if letters.is_ascii() {
                    letters.bytes().all(|b| b.is_ascii_alphabetic())
                } else {
                    letters.chars().all(char::is_alphabetic)
                };
                if !all_letters {
                    soft = false;
                } else if letters.chars().nth(1).is_some() {
                    words.push(Word {
                        start: token.start,
                        end: token.end,
                        follows_directly: soft,
                    });
                    soft = true;
                }
            }
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
        tokenize(text, &mut tokens, &mut lower);
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
        let mut tokens = Vec::new();
        tokenize(text, &mut tokens, &mut String::new());
        let mut found = Vec::new();
        words(text, &tokens, &mut found);
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

    #[test]
    fn records_spacing_between_tokens() {
        let mut tokens = Vec::new();
        let mut lower = String::new();
        tokenize("sub-agent paid", &mut tokens, &mut lower);
        let spaced: Vec<bool> = tokens.iter().map(|t| t.space_before).collect();
        assert_eq!(spaced, [true, false, false, true]);
    }
}
