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
        Normalized { text, origin }
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
    fn folds_curly_apostrophes_and_dashes() {
        let n = Normalized::new("couldn’t leave — 16‐year‐old");
        assert_eq!(n.text, "couldn't leave - 16-year-old");
    }
}
