//! A hash map keyed by words, fast for the short words most text is made of.
//!
//! Every token of every case is looked up at least once, so this lookup is the inner
//! loop of analysis and featurisation. Words of up to 7 bytes (most of them) are
//! packed into one `u64` key and words of up to 15 bytes into one `u128` key: hashing
//! and comparing them is one or two machine words, with no string comparison call,
//! and the smaller the entries the fewer cache lines a text's lookups touch. Longer
//! words fall back to an ordinary string map.

use rustc_hash::FxHashMap;

/// Words of at most this many bytes are packed into one `u64` key.
const SMALL: usize = 7;
/// Words of at most this many bytes are packed into one `u128` key.
const SHORT: usize = 15;

/// A map from words to `V`.
///
/// Most words of a text are short, so they are kept apart in a map with the smallest
/// entries: the fewer bytes a lookup has to bring into the cache, the faster it is.
#[derive(Debug, Clone, PartialEq)]
pub struct WordMap<V> {
    small: FxHashMap<u64, V>,
    short: FxHashMap<u128, V>,
    long: FxHashMap<Box<str>, V>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap {
            small: FxHashMap::default(),
            short: FxHashMap::default(),
            long: FxHashMap::default(),
        }
    }
}

/// A word as a key of one of [`WordMap`]'s maps.
enum Key<'w> {
    Small(u64),
    Short(u128),
    Long(&'w [u8]),
}

impl<V> WordMap<V> {
    /// The value stored for `word`.
    #[inline]
    pub fn get(&self, word: &str) -> Option<&V> {
        self.get_bytes(word.as_bytes())
    }

    /// The value stored for the word whose UTF-8 bytes are `word`: for callers that
    /// hold a word's bytes, which need no check of where its characters start.
    #[inline]
    pub fn get_bytes(&self, word: &[u8]) -> Option<&V> {
        match packed(word) {
            Key::Small(key) => self.small.get(&key),
            Key::Short(key) => self.short.get(&key),
            Key::Long(word) => std::str::from_utf8(word)
                .ok()
                .and_then(|word| self.long.get(word)),
        }
    }

    /// The value stored for the lowercase of `word`.
    #[inline]
    pub fn get_lowercase(&self, word: &str) -> Option<&V> {
        if !word.is_ascii() {
            return self.get(&word.to_lowercase());
        }
        match packed(word.as_bytes()) {
            Key::Small(key) => self.small.get(&lowercase_ascii(key)),
            Key::Short(key) => self.short.get(&lowercase_packed(key)),
            Key::Long(_) => self.long.get(word.to_ascii_lowercase().as_str()),
        }
    }

    /// Stores `value` for `word`, returning the value it replaces.
    pub fn insert(&mut self, word: &str, value: V) -> Option<V> {
        match packed(word.as_bytes()) {
            Key::Small(key) => self.small.insert(key, value),
            Key::Short(key) => self.short.insert(key, value),
            Key::Long(_) => self.long.insert(word.into(), value),
        }
    }

    /// Number of words stored.
    pub fn len(&self) -> usize {
        self.small.len() + self.short.len() + self.long.len()
    }

    /// Whether no word is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every word.
    pub fn clear(&mut self) {
        self.small.clear();
        self.short.clear();
        self.long.clear();
    }
}

/// `word` packed into an integer with its length, when it is short enough. The
/// length sits in the top byte, so words that differ only by trailing zero bytes get
/// different keys.
#[inline]
fn packed(bytes: &[u8]) -> Key<'_> {
    let len = bytes.len();
    if len <= SMALL {
        return Key::Small(little_endian(bytes) | (len as u64) << 56);
    }
    if len > SHORT {
        return Key::Long(bytes);
    }
    let (first, rest) = bytes.split_at(8);
    let low = u64::from_le_bytes(first.try_into().unwrap_or_default());
    let high = little_endian(rest) | (len as u64) << 56;
    Key::Short((high as u128) << 64 | low as u128)
}

/// Up to 8 bytes as a little-endian integer, missing bytes zero. Two overlapping
/// loads cover the bytes; where they overlap they carry the same bytes, so OR-ing
/// them is exact.
#[inline]
fn little_endian(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let load4 = |at: usize| {
        let four: [u8; 4] = bytes[at..at + 4].try_into().unwrap_or_default();
        u64::from(u32::from_le_bytes(four))
    };
    match len {
        0 => 0,
        1..=3 => {
            u64::from(bytes[0])
                | u64::from(bytes[len / 2]) << (8 * (len / 2))
                | u64::from(bytes[len - 1]) << (8 * (len - 1))
        }
        4..=7 => load4(0) | load4(len - 4) << (8 * (len - 4)),
        _ => u64::from_le_bytes(bytes[..8].try_into().unwrap_or_default()),
    }
}

/// A packed ASCII word with its capital letters lowercased (the length byte is below
/// 16, so it is never a capital letter), eight bytes at a time.
#[inline]
fn lowercase_packed(key: u128) -> u128 {
    (lowercase_ascii(key as u64) as u128) | (lowercase_ascii((key >> 64) as u64) as u128) << 64
}

/// Lowercases the eight ASCII bytes of `x` at once: 0x20 is added to each byte from
/// 'A' to 'Z', found by adding to every byte the offsets that carry into its top bit.
#[inline]
fn lowercase_ascii(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let at_least_a = x + ONES * (0x80 - b'A' as u64);
    let past_z = x + ONES * (0x80 - b'Z' as u64 - 1);
    let capitals = at_least_a & !past_z & (ONES * 0x80);
    x | capitals >> 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_words_are_found_and_distinct() {
        let mut map = WordMap::default();
        map.insert("paid", 1);
        map.insert("pai", 2);
        map.insert("internationalisation", 3);
        assert_eq!(map.get("paid"), Some(&1));
        assert_eq!(map.get("pai"), Some(&2));
        assert_eq!(map.get("internationalisation"), Some(&3));
        assert_eq!(map.get("internationalisatio"), None);
        assert_eq!(map.get(""), None);
        assert_eq!(map.len(), 3);
    }

    #[test]
    fn lowercase_lookup_finds_capitalised_words() {
        let mut map = WordMap::default();
        map.insert("paid", 1);
        map.insert("internationalisation", 2);
        map.insert("café", 3);
        assert_eq!(map.get_lowercase("PAID"), Some(&1));
        assert_eq!(map.get_lowercase("Internationalisation"), Some(&2));
        assert_eq!(map.get_lowercase("CAFÉ"), Some(&3));
        assert_eq!(map.get_lowercase("Pai"), None);
    }

    #[test]
    fn eight_bytes_lowercase_at_once_exactly_like_std() {
        for start in 0u8..=120 {
            let bytes: Vec<u8> = (start..start + 8).collect();
            let x = u64::from_le_bytes(bytes.clone().try_into().unwrap());
            let expected = u64::from_le_bytes(bytes.to_ascii_lowercase().try_into().unwrap());
            assert_eq!(lowercase_ascii(x), expected, "bytes from {start}");
        }
    }

    #[test]
    fn packing_reads_every_byte_in_place() {
        let bytes: Vec<u8> = (1..=8).map(|b| b * 17).collect();
        for len in 0..=8 {
            let expected = bytes[..len]
                .iter()
                .rev()
                .fold(0u64, |value, &byte| value << 8 | u64::from(byte));
            assert_eq!(little_endian(&bytes[..len]), expected, "{len} bytes");
        }
    }

    #[test]
    fn words_either_side_of_each_key_size_are_found_apart() {
        let words = ["abcdefg", "abcdefgh", "abcdefghijklmno", "abcdefghijklmnop"];
        let mut map = WordMap::default();
        for (value, word) in words.iter().enumerate() {
            map.insert(word, value);
        }
        for (value, word) in words.iter().enumerate() {
            assert_eq!(map.get(word), Some(&value), "{word}");
            let capitalised = word.to_ascii_uppercase();
            assert_eq!(map.get_lowercase(&capitalised), Some(&value), "{word}");
            assert_eq!(map.get(&word[1..]), None, "{word} less its first letter");
        }
        assert_eq!(map.len(), words.len());
    }

    #[test]
    fn trailing_zero_bytes_do_not_collide() {
        let mut map = WordMap::default();
        map.insert("a", 1);
        map.insert("a\0", 2);
        map.insert("abcdefgh", 3);
        map.insert("abcdefgh\0", 4);
        assert_eq!(map.get("a"), Some(&1));
        assert_eq!(map.get("a\0"), Some(&2));
        assert_eq!(map.get("abcdefgh"), Some(&3));
        assert_eq!(map.get("abcdefgh\0"), Some(&4));
    }
}
