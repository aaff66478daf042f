//! A hash map keyed by words, fast for the short words most text is made of.
//!
//! Every token of every case is looked up at least once, so this lookup is the inner
//! loop of analysis and featurisation. Words of up to 15 bytes are packed into one
//! `u128` key: hashing and comparing them is two machine words, with no string
//! comparison call. Longer words fall back to an ordinary string map.

use rustc_hash::FxHashMap;

/// Words of at most this many bytes are packed into an integer key.
const SHORT: usize = 15;

/// A map from words to `V`.
#[derive(Debug, Clone, PartialEq)]
pub struct WordMap<V> {
    short: FxHashMap<u128, V>,
    long: FxHashMap<Box<str>, V>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap {
            short: FxHashMap::default(),
            long: FxHashMap::default(),
        }
    }
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
            Some(key) => self.short.get(&key),
            None => std::str::from_utf8(word)
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
            Some(key) => self.short.get(&lowercase_packed(key)),
            None => self.long.get(word.to_ascii_lowercase().as_str()),
        }
    }

    /// Stores `value` for `word`, returning the value it replaces.
    pub fn insert(&mut self, word: &str, value: V) -> Option<V> {
        match packed(word.as_bytes()) {
            Some(key) => self.short.insert(key, value),
            None => self.long.insert(word.into(), value),
        }
    }

    /// Number of words stored.
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// Whether no word is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every word.
    pub fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
    }
}

/// `word` packed into an integer with its length, when it is short enough.
#[inline]
fn packed(bytes: &[u8]) -> Option<u128> {
    let len = bytes.len();
    if len > SHORT {
        return None;
    }
    let (low, high) = if len >= 8 {
        let (first, rest) = bytes.split_at(8);
        let first: [u8; 8] = first.try_into().unwrap_or_default();
        (u64::from_le_bytes(first), little_endian(rest))
    } else {
        (little_endian(bytes), 0)
    };
    let high = high | (len as u64) << 56;
    Some((high as u128) << 64 | low as u128)
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
    fn trailing_zero_bytes_do_not_collide() {
        let mut map = WordMap::default();
        map.insert("a", 1);
        map.insert("a\0", 2);
        assert_eq!(map.get("a"), Some(&1));
        assert_eq!(map.get("a\0"), Some(&2));
    }
}
