//! Text normalisation that keeps a map back to the original bytes.
//!
//! Matching runs over a lowercased, whitespace-collapsed copy of the text with
//! curly quotes and dashes folded, so one lexicon entry covers many spellings.
//! Every evidence span must still point into the user's original text, so the
//! normalised copy carries, for each of its bytes, the offset of the original
//! character it came from.

/// A normalised copy of a text and the way back to the original byte offsets.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// Lowercased text with runs of white space collapsed to one space.
    pub text: String,
    /// `origin[i]` is the byte offset in the original text of the character that
    /// produced normalised byte `i`; one extra entry holds the original length.
    origin: Vec<u32>,
}

impl Normalized {
    /// Normalises `original` for matching.
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        let mut last_was_space = true;
        for (at, ch) in original.char_indices() {
            let at = at as u32;
            if ch.is_whitespace() || ch.is_control() {
                if !last_was_space {
                    text.push(' ');
                    origin.push(at);
                    last_was_space = true;
                }
                continue;
            }
            last_was_space = false;
            match fold(ch) {
                Some(folded) => push_char(&mut text, &mut origin, folded, at),
                None => {
                    for lower in ch.to_lowercase() {
                        push_char(&mut text, &mut origin, lower, at);
                    }
                }
            }
        }
        origin.push(original.len() as u32);
        fold_pronouns(Normalized { text, origin })
    }

    /// Maps a byte range of the normalised text back to the original text.
    ///
    /// Both ends land on character boundaries of the original.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let from = self.origin[start] as usize;
        let to = if end >= self.text.len() {
            *self.origin.last().unwrap_or(&0) as usize
        } else {
            self.origin[end] as usize
        };
        (from, to.max(from))
    }
}

/// Object and possessive pronouns, folded to one word so that one lexicon phrase
/// ("took pron passport") covers "took her passport", "took their passports"...
const PRONOUNS: [&str; 10] = [
    "her", "him", "them", "us", "me", "his", "their", "my", "our", "its",
];

/// The word every pronoun in [`PRONOUNS`] becomes.
pub const PRONOUN: &str = "pron";

/// Folds the pronouns of an already lowercase, single-spaced lexicon phrase.
pub fn fold_phrase_pronouns(phrase: &str) -> String {
    phrase
        .split(' ')
        .map(|word| {
            if PRONOUNS.contains(&word) {
                PRONOUN
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn fold_pronouns(normalized: Normalized) -> Normalized {
    let Normalized { text, origin } = normalized;
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut out_origin = Vec::with_capacity(origin.len());
    let mut at = 0;
    while at < bytes.len() {
        let word_end = if bytes[at].is_ascii_lowercase()
            && (at == 0 || !bytes[at - 1].is_ascii_alphanumeric())
        {
            let end = at
                + bytes[at..]
                    .iter()
                    .take_while(|b| b.is_ascii_lowercase())
                    .count();
            let followed_by_letter = text[end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            (!followed_by_letter && PRONOUNS.contains(&&text[at..end])).then_some(end)
        } else {
            None
        };
        match word_end {
            Some(end) => {
                out.push_str(PRONOUN);
                out_origin.extend(std::iter::repeat_n(origin[at], PRONOUN.len()));
                at = end;
            }
            None => {
                let len = text[at..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&text[at..at + len]);
                out_origin.extend_from_slice(&origin[at..at + len]);
                at += len;
            }
        }
    }
    out_origin.push(*origin.last().unwrap_or(&0));
    Normalized {
        text: out,
        origin: out_origin,
    }
}

fn push_char(text: &mut String, origin: &mut Vec<u32>, ch: char, at: u32) {
    let before = text.len();
    text.push(ch);
    origin.extend(std::iter::repeat_n(at, text.len() - before));
}

/// Folds typographic variants onto the ASCII character the lexicon uses.
fn fold(ch: char) -> Option<char> {
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

    #[test]
    fn lowercases_and_collapses_space() {
        let n = Normalized::new("She  WAS\n\tForced");
        assert_eq!(n.text, "she was forced");
    }

    #[test]
    fn spans_map_back_through_multibyte_characters() {
        let original = "Él dijo: “they’re Locked in”";
        let n = Normalized::new(original);
        let at = n.text.find("locked in").unwrap();
        let (s, e) = n.original_span(at, at + "locked in".len());
        assert_eq!(&original[s..e], "Locked in");
    }

    #[test]
    fn folds_pronouns_and_keeps_spans() {
        let original = "They took HER passport and his phone; a hermit watched.";
        let n = Normalized::new(original);
        assert_eq!(
            n.text,
            "they took pron passport and pron phone; a hermit watched."
        );
        let at = n.text.find("pron passport").unwrap();
        let (s, e) = n.original_span(at, at + "pron passport".len());
        assert_eq!(&original[s..e], "HER passport");
    }

    #[test]
    fn folds_curly_apostrophes_and_dashes() {
        let n = Normalized::new("couldn’t leave — 16‐year‐old");
        assert_eq!(n.text, "couldn't leave - 16-year-old");
    }
}
