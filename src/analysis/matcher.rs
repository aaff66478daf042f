//! The compiled lexicon: every pattern's token automaton merged into one table, and
//! the search that runs it over a text's tokens.
//!
//! Words are interned once per distinct word (see [`WordCache`]), so the search itself
//! only compares integers: for each token it follows the edges leaving the states
//! still alive, and reports every state that ends a pattern.

use super::lexicon::Family;
use super::patterns::{self, Label};
use super::tokens::{Kind, Token};
use crate::wordmap::WordMap;
use rustc_hash::FxHashMap;

/// Marks a token key as a prefix id rather than a word or punctuation id.
const PREFIX_BIT: u32 = 1 << 31;
/// No id.
const NONE: u32 = u32::MAX;
/// The start state every pattern shares.
const START: u32 = 0;

/// Object and possessive pronouns: one token, so "took her passport" and "took their
/// passports" are the same indicator.
const PRONOUNS: [&str; 10] = [
    "her", "him", "them", "us", "me", "his", "their", "my", "our", "its",
];

/// One lexicon pattern and the family it belongs to.
#[derive(Debug)]
pub struct Pattern {
    /// Index of its family in the family list.
    pub family: usize,
    /// The pattern as the lexicon writes it.
    pub source: &'static str,
}

/// A pattern found in a text: tokens `first..=last` read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Index into [`Matcher::patterns`].
    pub pattern: u32,
    /// First token.
    pub first: u32,
    /// Last token.
    pub last: u32,
    /// Whether the last word was read as a prefix (and may run on past a hyphen).
    pub prefix: bool,
}

/// Mark of a word that can begin a negation cue ("not", "never", the "t" of "n't").
pub const NEGATION_CUE: u8 = 1;
/// Mark of a word that can state a number (digits, "fifteen").
pub const NUMBER: u8 = 2;
/// Mark of a word an age phrase can have just before its number ("aged", "was").
pub const AGE_BEFORE: u8 = 4;
/// Mark of a word an age phrase can have just after its number ("years").
pub const AGE_AFTER: u8 = 8;
/// Mark of a word that names one of the offences ("trafficked", "smugglers").
pub const OFFENCE_NAME: u8 = 16;

/// Beginnings of the words that name an offence.
const OFFENCE_NAMES: [&str; 2] = ["traffick", "smuggl"];

/// What the search needs to know about one token of a text.
#[derive(Debug, Clone, Copy)]
pub struct TokenKey {
    /// Word or punctuation id, or none when the lexicon never uses it.
    key: u32,
    /// Where its prefix ids start in the cache's pool, and how many.
    prefixes: (u32, u32),
    /// [`NEGATION_CUE`], [`NUMBER`], [`AGE_BEFORE`], [`AGE_AFTER`] and [`OFFENCE_NAME`] bits.
    pub marks: u8,
}

/// The merged automaton of the whole lexicon.
#[derive(Debug)]
pub struct Matcher {
    /// Every pattern, in lexicon order.
    pub patterns: Vec<Pattern>,
    marked: WordMap<u8>,
    words: WordMap<u32>,
    puncts: FxHashMap<char, u32>,
    prefixes: WordMap<u32>,
    /// Bit `n` is set when some prefix is `n` bytes long.
    prefix_lengths: u64,
    /// Edges from [`START`], by word or punctuation id.
    start_words: Vec<(u32, u32)>,
    /// Edges from [`START`], by prefix id.
    start_prefixes: Vec<(u32, u32)>,
    /// Edges from other states: per state, a range of `edge_keys` (sorted).
    state_edges: Vec<(u32, u32)>,
    /// The token key of each edge group.
    edge_keys: Vec<u32>,
    /// The range of `targets` each edge group leads to.
    edge_targets: Vec<(u32, u32)>,
    targets: Vec<u32>,
    /// Per first-token symbol (word keys, then prefix ids): a range of
    /// `targets_of_first`, the states after it that end a pattern.
    first_accepting: Vec<(u32, u32)>,
    targets_of_first: Vec<u32>,
    /// Per pair of first two symbols: a range of `targets_of_pairs`, the states after them.
    pairs: FxHashMap<u64, (u32, u32)>,
    targets_of_pairs: Vec<u32>,
    /// Per state: the pattern it ends, or [`NONE`].
    ends: Vec<u32>,
    /// Per state: whether a prefix edge enters it.
    entered_by_prefix: Vec<bool>,
    /// Per state: whether prefix edges leave it.
    leaves_by_prefix: Vec<bool>,
}

impl Matcher {
    /// Compiles every pattern of `families`; `marked` words carry the given marks.
    pub fn new(families: &'static [Family], marked: &[(&str, u8)]) -> Result<Self, String> {
        let mut builder = Builder::default();
        for (family, f) in families.iter().enumerate() {
            for source in f.patterns {
                builder.add(family, source, patterns::compile(source)?);
            }
        }
        let mut matcher = builder.finish();
        for &(word, mark) in marked {
            let marks = matcher.marked.get(word).copied().unwrap_or(0) | mark;
            matcher.marked.insert(word, marks);
        }
        Ok(matcher)
    }

    /// The marks of a word.
    fn marks_of(&self, word: &str) -> u8 {
        let digits = !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit());
        let names = OFFENCE_NAMES.iter().any(|name| word.starts_with(name));
        self.marked.get(word).copied().unwrap_or(0)
            | if digits { NUMBER } else { 0 }
            | if names { OFFENCE_NAME } else { 0 }
    }

    /// The search key of a word the lexicon may use (pronouns fold to one).
    fn word_key(&self, word: &str) -> u32 {
        self.words.get(word).copied().unwrap_or(NONE)
    }

    /// Prefix ids of every lexicon prefix `word` starts with, appended to `pool`.
    fn prefixes_of(&self, word: &str, pool: &mut Vec<u32>) {
        let mut lengths = self.prefix_lengths;
        while lengths != 0 {
            let len = lengths.trailing_zeros() as usize;
            lengths &= lengths - 1;
            if len > word.len() {
                break;
            }
            if let Some(head) = word.get(..len) {
                if let Some(&id) = self.prefixes.get(head) {
                    pool.push(id);
                }
            }
        }
    }

    /// Every pattern occurrence in a tokenised text, for every start token.
    ///
    /// Patterns of one token are read from [`Matcher::first_accepting`] and longer ones
    /// start from [`Matcher::pairs`], so a start token costs a lookup or two however
    /// many patterns begin with it; only patterns alive after two tokens are followed
    /// state by state.
    pub fn find(
        &self,
        keys: &[TokenKey],
        pool: &[u32],
        scratch: &mut Search,
        out: &mut Vec<Found>,
    ) {
        for first in 0..keys.len() {
            let token = keys[first];
            if !self.may_start(token) {
                continue;
            }
            for symbol in symbols(token, pool) {
                let (from, to) = self.first_accepting[self.symbol_index(symbol)];
                self.report(
                    &self.targets_of_first[from as usize..to as usize],
                    first,
                    first,
                    out,
                );
            }
            let Some(&second) = keys.get(first + 1) else {
                continue;
            };
            scratch.alive.clear();
            for one in symbols(token, pool) {
                for two in symbols(second, pool) {
                    if let Some(&(from, to)) = self.pairs.get(&pair_key(one, two)) {
                        scratch
                            .alive
                            .extend_from_slice(&self.targets_of_pairs[from as usize..to as usize]);
                    }
                }
            }
            let mut last = first + 1;
            while !scratch.alive.is_empty() {
                if scratch.alive.len() > 1 {
                    scratch.alive.sort_unstable();
                    scratch.alive.dedup();
                }
                self.report(&scratch.alive, first, last, out);
                last += 1;
                if last == keys.len() {
                    break;
                }
                scratch.next.clear();
                for &state in &scratch.alive {
                    self.step(state, keys[last], pool, &mut scratch.next);
                }
                std::mem::swap(&mut scratch.alive, &mut scratch.next);
            }
        }
    }

    /// Whether some pattern can begin with `token`: most tokens begin none, and this
    /// quick test spares them the lookups below.
    #[inline]
    fn may_start(&self, token: TokenKey) -> bool {
        let begins = |(from, to): (u32, u32)| from != to;
        token.prefixes.1 != 0
            || self
                .start_words
                .get(token.key as usize)
                .is_some_and(|&r| begins(r))
    }

    /// Position of a first-token symbol in [`Matcher::first_accepting`].
    fn symbol_index(&self, symbol: u32) -> usize {
        if symbol & PREFIX_BIT == 0 {
            symbol as usize
        } else {
            self.start_words.len() + (symbol & !PREFIX_BIT) as usize
        }
    }

    /// States reached from the start by `symbol` (a word key or a prefix id).
    fn first_targets(&self, symbol: u32) -> &[u32] {
        let (from, to) = if symbol & PREFIX_BIT == 0 {
            self.start_words[symbol as usize]
        } else {
            self.start_prefixes[(symbol & !PREFIX_BIT) as usize]
        };
        &self.targets[from as usize..to as usize]
    }

    /// Fills [`Matcher::first_accepting`] and [`Matcher::pairs`] from the edges.
    fn build_shortcuts(&mut self) {
        let symbols = (0..self.start_words.len() as u32)
            .chain((0..self.start_prefixes.len() as u32).map(|p| p | PREFIX_BIT));
        let mut pairs: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        let mut first_accepting = Vec::new();
        let mut targets_of_first = Vec::new();
        for one in symbols {
            let from = targets_of_first.len() as u32;
            for &state in self.first_targets(one) {
                if self.ends[state as usize] != NONE {
                    targets_of_first.push(state);
                }
                let (first, end) = self.state_edges[state as usize];
                for edge in first..end {
                    let (to_from, to_end) = self.edge_targets[edge as usize];
                    pairs
                        .entry(pair_key(one, self.edge_keys[edge as usize]))
                        .or_default()
                        .extend_from_slice(&self.targets[to_from as usize..to_end as usize]);
                }
            }
            first_accepting.push((from, targets_of_first.len() as u32));
        }
        self.first_accepting = first_accepting;
        self.targets_of_first = targets_of_first;
        for (key, mut states) in pairs {
            states.sort_unstable();
            states.dedup();
            let from = self.targets_of_pairs.len() as u32;
            self.targets_of_pairs.extend(states);
            self.pairs
                .insert(key, (from, self.targets_of_pairs.len() as u32));
        }
    }

    fn report(&self, alive: &[u32], first: usize, last: usize, out: &mut Vec<Found>) {
        for &state in alive {
            let pattern = self.ends[state as usize];
            if pattern != NONE {
                out.push(Found {
                    pattern,
                    first: first as u32,
                    last: last as u32,
                    prefix: self.entered_by_prefix[state as usize],
                });
            }
        }
    }

    fn step(&self, state: u32, token: TokenKey, pool: &[u32], into: &mut Vec<u32>) {
        if token.key != NONE {
            self.follow(state, token.key, into);
        }
        if self.leaves_by_prefix[state as usize] {
            for &prefix in token_prefixes(token, pool) {
                self.follow(state, prefix | PREFIX_BIT, into);
            }
        }
    }

    fn follow(&self, state: u32, key: u32, into: &mut Vec<u32>) {
        let (first, end) = self.state_edges[state as usize];
        let keys = &self.edge_keys[first as usize..end as usize];
        let found = if keys.len() <= 8 {
            keys.iter().position(|&k| k == key)
        } else {
            keys.binary_search(&key).ok()
        };
        if let Some(i) = found {
            let (from, to) = self.edge_targets[first as usize + i];
            into.extend_from_slice(&self.targets[from as usize..to as usize]);
        }
    }

    /// The search key of a punctuation token.
    fn punct_key(&self, mark: char) -> u32 {
        self.puncts.get(&mark).copied().unwrap_or(NONE)
    }
}

/// The symbols a token can be read as: its word key, then each prefix it starts with.
fn symbols(token: TokenKey, pool: &[u32]) -> impl Iterator<Item = u32> + '_ {
    (token.key != NONE)
        .then_some(token.key)
        .into_iter()
        .chain(token_prefixes(token, pool).iter().map(|p| p | PREFIX_BIT))
}

/// The key of two consecutive symbols in [`Matcher::pairs`].
fn pair_key(one: u32, two: u32) -> u64 {
    ((one as u64) << 32) | two as u64
}

fn token_prefixes(token: TokenKey, pool: &[u32]) -> &[u32] {
    let (start, len) = token.prefixes;
    pool.get(start as usize..(start + len) as usize)
        .unwrap_or(&[])
}

/// Buffers the search reuses from one text to the next.
#[derive(Debug, Default)]
pub struct Search {
    alive: Vec<u32>,
    next: Vec<u32>,
}

/// What is known about one distinct word: its search key and prefix ids, worked out
/// the first time the word is seen and then looked up.
#[derive(Debug, Clone, Copy)]
struct CachedWord {
    key: TokenKey,
}

/// A per-thread memo of words already seen, so each token costs one hash lookup.
///
/// It is emptied when it grows past [`WordCache::LIMIT`] words, which keeps memory flat
/// however many texts pass through.
#[derive(Debug, Default)]
pub struct WordCache {
    words: WordMap<CachedWord>,
    pool: Vec<u32>,
}

impl WordCache {
    /// The most distinct words kept before the cache starts afresh.
    const LIMIT: usize = 200_000;

    /// Empties the cache if it is full; call between texts only.
    pub fn trim(&mut self) {
        if self.words.len() > Self::LIMIT {
            self.words.clear();
            self.pool.clear();
        }
    }

    /// The prefix-id pool that [`TokenKey`]s point into.
    pub fn pool(&self) -> &[u32] {
        &self.pool
    }

    /// Search keys of `tokens` (whose lowercase text is in `lower`), into `keys`.
    pub fn keys(
        &mut self,
        matcher: &Matcher,
        tokens: &[Token],
        lower: &str,
        keys: &mut Vec<TokenKey>,
    ) {
        keys.clear();
        keys.extend(tokens.iter().map(|token| match token.kind {
            Kind::Punct(mark) => TokenKey {
                key: matcher.punct_key(mark),
                prefixes: (0, 0),
                marks: 0,
            },
            Kind::Word => self.word(matcher, token.text(lower)),
        }));
    }

    fn word(&mut self, matcher: &Matcher, word: &str) -> TokenKey {
        if let Some(cached) = self.words.get(word) {
            return cached.key;
        }
        let start = self.pool.len();
        matcher.prefixes_of(word, &mut self.pool);
        let key = TokenKey {
            key: matcher.word_key(word),
            prefixes: (start as u32, (self.pool.len() - start) as u32),
            marks: matcher.marks_of(word),
        };
        self.words.insert(word, CachedWord { key });
        key
    }
}

/// Collects patterns into the merged automaton.
#[derive(Debug, Default)]
struct Builder {
    patterns: Vec<Pattern>,
    words: WordMap<u32>,
    puncts: FxHashMap<char, u32>,
    prefixes: WordMap<u32>,
    prefix_lengths: u64,
    next_key: u32,
    states: u32,
    edges: Vec<(u32, u32, u32)>,
    ends: Vec<u32>,
    entered_by_prefix: Vec<bool>,
}

impl Builder {
    fn add(&mut self, family: usize, source: &'static str, compiled: patterns::Compiled) {
        if self.states == 0 {
            self.states = 1;
            self.ends.push(NONE);
            self.entered_by_prefix.push(false);
        }
        let pattern = self.patterns.len() as u32;
        self.patterns.push(Pattern { family, source });
        let base = self.states - 1;
        let global = |local: u32| if local == 0 { START } else { base + local };
        for local in 1..compiled.states {
            self.ends.push(if compiled.accepting[local as usize] {
                pattern
            } else {
                NONE
            });
            self.entered_by_prefix.push(false);
        }
        self.states += compiled.states - 1;
        for edge in compiled.edges {
            let to = global(edge.to);
            let key = match &edge.label {
                Label::Word(word) => self.word_key(word),
                Label::Punct(mark) => {
                    let next = &mut self.next_key;
                    *self.puncts.entry(*mark).or_insert_with(|| take(next))
                }
                Label::Prefix(prefix) if PRONOUNS.contains(&prefix.as_str()) => {
                    // A pronoun stands for all pronouns, never for longer words ("here").
                    self.word_key(prefix)
                }
                Label::Prefix(prefix) => {
                    self.entered_by_prefix[to as usize] = true;
                    self.prefix_key(prefix)
                }
            };
            self.edges.push((global(edge.from), key, to));
        }
    }

    fn prefix_key(&mut self, prefix: &str) -> u32 {
        if let Some(&id) = self.prefixes.get(prefix) {
            return id | PREFIX_BIT;
        }
        let id = self.prefixes.len() as u32;
        self.prefixes.insert(prefix, id);
        if prefix.len() < 64 {
            self.prefix_lengths |= 1 << prefix.len();
        }
        id | PREFIX_BIT
    }

    fn word_key(&mut self, word: &str) -> u32 {
        if let Some(&key) = self.words.get(word) {
            return key;
        }
        if PRONOUNS.contains(&word) {
            let key = take(&mut self.next_key);
            for pronoun in PRONOUNS {
                self.words.insert(pronoun, key);
            }
            return key;
        }
        let key = take(&mut self.next_key);
        self.words.insert(word, key);
        key
    }

    fn finish(mut self) -> Matcher {
        self.edges.sort_unstable();
        self.edges.dedup();
        let mut targets = Vec::with_capacity(self.edges.len());
        let mut start_words = vec![(0, 0); self.next_key as usize];
        let mut start_prefixes = vec![(0, 0); self.prefixes.len()];
        let mut state_edges = vec![(0, 0); self.states as usize];
        let mut edge_keys = Vec::new();
        let mut edge_targets = Vec::new();
        let mut leaves_by_prefix = vec![false; self.states as usize];
        for group in self.edges.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
            let (from, key, _) = group[0];
            let range = (targets.len() as u32, (targets.len() + group.len()) as u32);
            targets.extend(group.iter().map(|e| e.2));
            let is_prefix = key & PREFIX_BIT != 0;
            match (from == START, is_prefix) {
                (true, false) => start_words[key as usize] = range,
                (true, true) => start_prefixes[(key & !PREFIX_BIT) as usize] = range,
                (false, _) => {
                    leaves_by_prefix[from as usize] |= is_prefix;
                    let edges = &mut state_edges[from as usize];
                    if edges.0 == edges.1 {
                        *edges = (edge_keys.len() as u32, edge_keys.len() as u32);
                    }
                    edges.1 += 1;
                    edge_keys.push(key);
                    edge_targets.push(range);
                }
            }
        }
        let mut matcher = Matcher {
            patterns: self.patterns,
            marked: WordMap::default(),
            words: self.words,
            puncts: self.puncts,
            prefixes: self.prefixes,
            prefix_lengths: self.prefix_lengths,
            start_words,
            start_prefixes,
            state_edges,
            edge_keys,
            edge_targets,
            targets,
            ends: self.ends,
            entered_by_prefix: self.entered_by_prefix,
            leaves_by_prefix,
            first_accepting: Vec::new(),
            targets_of_first: Vec::new(),
            pairs: FxHashMap::default(),
            targets_of_pairs: Vec::new(),
        };
        matcher.build_shortcuts();
        matcher
    }
}

fn take(next: &mut u32) -> u32 {
    *next += 1;
    *next - 1
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::{Family, Strength};
    use super::super::tokens::tokenize;
    use super::super::Element;
    use super::*;

    static FAMILIES: &[Family] = &[
        Family {
            element: Element::Means,
            name: "documents",
            strength: Strength::Strong,
            patterns: &["took (her|his) passport*", "recruit*"],
        },
        Family {
            element: Element::Means,
            name: "threats",
            strength: Strength::Strong,
            patterns: &["threat* to (kill|hurt)", "didn't dare"],
        },
    ];

    fn find(text: &str) -> Vec<(&'static str, String)> {
        let matcher = Matcher::new(FAMILIES, &[]).unwrap();
        let (mut tokens, mut lower, mut keys, mut out) = (vec![], String::new(), vec![], vec![]);
        tokenize(text, &mut tokens, &mut lower);
        let mut cache = WordCache::default();
        cache.keys(&matcher, &tokens, &lower, &mut keys);
        matcher.find(&keys, cache.pool(), &mut Search::default(), &mut out);
        out.iter()
            .map(|f| {
                let start = tokens[f.first as usize].start as usize;
                let end = tokens[f.last as usize].end as usize;
                (
                    matcher.patterns[f.pattern as usize].source,
                    text[start..end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn finds_patterns_with_pronouns_folded() {
        assert_eq!(
            find("They took THEIR passports."),
            [(
                "took (her|his) passport*",
                "took THEIR passports".to_string()
            )]
        );
    }

    #[test]
    fn prefixes_match_longer_words_only_at_the_start() {
        assert_eq!(find("the recruiters").len(), 1);
        assert!(find("unrecruited").is_empty());
    }

    #[test]
    fn inflections_and_punctuation() {
        assert_eq!(find("he made threats to kill").len(), 1);
        assert_eq!(find("she didn’t dare").len(), 1);
        assert!(find("she didn t dare").is_empty());
    }

    #[test]
    fn spaces_between_tokens_do_not_matter() {
        assert_eq!(find("took  her\npassport").len(), 1);
    }
}
