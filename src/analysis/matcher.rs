//! The compiled lexicon: every pattern's token automaton merged into one table, and
//! the search that runs it over a text's tokens.
//!
//! Words are interned once per distinct word (see [`WordCache`]): each word the lexicon
//! can read gets a symbol class, and every other word shares one "nothing" class. The
//! search is a deterministic automaton over those classes, built lazily from the merged
//! automaton as texts need its states and kept per thread (see [`Search`]), so reading a
//! token costs one table lookup however many patterns are alive.

use super::lexicon::{Family, GOODS};
use super::patterns::{self, Label};
use super::tokens::{Kind, Shape, Token};
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
/// Mark of a word that can state a number (digits, "fifteen", "17yo").
pub const NUMBER: u8 = 2;
/// Mark of a word an age phrase can have right before its number ("aged", "was").
pub const AGE_BEFORE: u8 = 4;
/// Mark of a word that can link an age phrase's lead word to its number ("of", "only").
pub const AGE_BRIDGE: u8 = 32;
/// Mark of a word that can lead an age phrase before a bridge word ("age", "at").
pub const AGE_LEAD: u8 = 64;
/// Mark of a word an age phrase can have just after its number ("years").
pub const AGE_AFTER: u8 = 8;
/// Mark of a word that names one of the offences ("trafficked", "smugglers").
pub const OFFENCE_NAME: u8 = 16;
/// Mark of a word in which one of the [`GOODS`] may stand as a word of its own for
/// an ASCII-only word pattern: the whole word, or a part bounded by non-ASCII letters.
pub const GOODS_NAME: u8 = 128;

/// Beginnings of the words that name an offence.
const OFFENCE_NAMES: [&str; 2] = ["traffick", "smuggl"];

/// The symbol class of tokens the lexicon never reads.
const NOTHING: u16 = 0;

/// What the search needs to know about one token of a text.
///
/// Eight bytes, so the word cache's entries are small and a text's lookups touch few
/// cache lines: classes fit in 16 bits because tokens that the lexicon reads alike share
/// one (see [`Matcher::most_classes`]).
#[derive(Debug, Clone, Copy)]
pub struct TokenKey {
    /// For a word, its number in the [`WordCache`]: one per distinct lowercase word.
    pub word: u32,
    /// The token's symbol class in its thread's [`WordCache`], or [`NOTHING`].
    class: u16,
    /// [`NEGATION_CUE`], [`NUMBER`], [`AGE_BEFORE`], [`AGE_BRIDGE`], [`AGE_LEAD`],
    /// [`AGE_AFTER`], [`OFFENCE_NAME`] and [`GOODS_NAME`] bits.
    pub marks: u8,
    /// What the word is made of, for the features' word list.
    pub shape: Shape,
}

const _: () = assert!(std::mem::size_of::<TokenKey>() == 8);

/// Not worked out yet, in [`WordCache`]'s table of ASCII punctuation classes.
const UNSET: u16 = u16::MAX;
/// The class of a hyphen joining two words ("people-smuggling"): the search passes
/// over it, so a phrase the lexicon writes with spaces is found when its words are
/// hyphenated, as writers often join them. A dash with a space before it is
/// punctuation like any other.
const JOINER: u16 = u16::MAX - 1;
/// The key of a hyphen joining two words.
const JOINER_KEY: TokenKey = TokenKey {
    class: JOINER,
    word: NOT_A_WORD,
    marks: 0,
    shape: Shape::NotAWord,
};

/// The word number of a token that is not a word.
pub const NOT_A_WORD: u32 = u32::MAX;

/// Source of [`WordCache`] epochs: each cache, and each fresh start of one, gets its own.
static NEXT_EPOCH: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// What the merged automaton can read in a token of one symbol class.
#[derive(Debug, Clone, Copy)]
struct Symbols {
    /// Word or punctuation id, or [`NONE`] when the lexicon never uses it.
    key: u32,
    /// Where its prefix ids start in the cache's pool, and how many.
    prefixes: (u32, u32),
    /// The [`key_bit`]s of every edge key it can follow: its word or punctuation id
    /// and its prefix ids.
    reads: u64,
}

impl Symbols {
    /// The symbols of a token with word or punctuation id `key` and the prefix ids at
    /// `prefixes` in `pool`.
    fn new(key: u32, prefixes: (u32, u32), pool: &[u32]) -> Symbols {
        let mut symbols = Symbols {
            key,
            prefixes,
            reads: 0,
        };
        let word = if key == NONE { 0 } else { key_bit(key) };
        symbols.reads = prefixes_in(symbols, pool)
            .iter()
            .fold(word, |bits, &prefix| bits | key_bit(prefix | PREFIX_BIT));
        symbols
    }
}

/// Whether the hyphen at byte `at` of `lower` follows the word "cross", which makes
/// adjectives ("cross-border cooperation", "cross-Channel ferries") that do not say
/// anyone crossed anything, so the hyphen is not read as a space there.
fn after_cross(lower: &str, at: u32) -> bool {
    lower.get(..at as usize).is_some_and(|before| {
        before
            .strip_suffix("cross")
            .is_some_and(|rest| !rest.chars().next_back().is_some_and(char::is_alphanumeric))
    })
}

/// The token a match of `depth` tokens after the first, ending at token `last`,
/// starts at: `depth` tokens back, not counting the hyphens the search passed over.
fn first_token(keys: &[TokenKey], last: usize, depth: u32) -> usize {
    let mut first = last;
    let mut left = depth;
    while left > 0 {
        first -= 1;
        if keys[first].class != JOINER {
            left -= 1;
        }
    }
    first
}

/// One bit of 64 standing for an edge key, so whether a token can continue any
/// alive pattern is tested with one AND of two sets of bits (which may say yes
/// wrongly, never no wrongly).
#[inline]
fn key_bit(key: u32) -> u64 {
    1 << (key.wrapping_mul(0x9E37_79B1) >> 26)
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
        let mut compiler = patterns::Compiler::default();
        for (family, f) in families.iter().enumerate() {
            for source in f.patterns {
                builder.add(family, source, compiler.compile(source)?);
            }
        }
        let mut matcher = builder.finish();
        if matcher.most_classes() >= usize::from(JOINER) {
            return Err(format!(
                "the lexicon reads tokens in {} ways, more than a token key can number",
                matcher.most_classes()
            ));
        }
        for &(word, mark) in marked {
            let marks = matcher.marked.get(word).copied().unwrap_or(0) | mark;
            matcher.marked.insert(word, marks);
        }
        Ok(matcher)
    }

    /// The most symbol classes a [`WordCache`] can give out, whatever the text: "nothing",
    /// one per punctuation mark and per word the lexicon names, and one per prefix. A word
    /// the lexicon does not name reads as the prefixes it starts with, and those are all
    /// the prefixes of the longest one, so it has the class of that prefix.
    fn most_classes(&self) -> usize {
        1 + self.puncts.len() + self.words.len() + self.prefixes.len()
    }

    /// The marks of a word.
    fn marks_of(&self, word: &str) -> u8 {
        let digits = !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit())
            || super::ages::glued_age(word).is_some();
        let names = OFFENCE_NAMES.iter().any(|name| word.starts_with(name));
        self.marked.get(word).copied().unwrap_or(0)
            | if digits { NUMBER } else { 0 }
            | if names { OFFENCE_NAME } else { 0 }
            | if may_name_goods(word) { GOODS_NAME } else { 0 }
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

    /// Every pattern occurrence in a tokenised text, ending at each token in turn.
    ///
    /// `keys` must come from `cache`, and `search` must be used with `cache` only
    /// (both are per-thread): the automaton's transitions are keyed by its classes.
    pub fn find(
        &self,
        keys: &[TokenKey],
        cache: &WordCache,
        search: &mut Search,
        out: &mut Vec<Found>,
    ) {
        let mut state = Search::EMPTY;
        for (at, token) in keys.iter().enumerate() {
            // One test for both classes that read nothing: NOTHING (0) wraps to the top.
            if token.class.wrapping_sub(1) >= JOINER - 1 {
                if token.class == NOTHING {
                    // No pattern reads the token, so nothing is alive after it.
                    state = Search::EMPTY;
                }
                // A joining hyphen leaves the state as it is.
                continue;
            }
            state = search.next(self, cache, state, u32::from(token.class));
            if !Search::accepts_some(state) {
                continue;
            }
            for accept in search.accepts(state) {
                out.push(Found {
                    pattern: accept.pattern,
                    first: first_token(keys, at, accept.depth) as u32,
                    last: at as u32,
                    prefix: accept.prefix,
                });
            }
        }
    }

    /// The merged automaton's states after reading `symbols`, from `items` (states with
    /// their match depth) and from the start, into `into` (sorted, without repeats).
    fn step_all(
        &self,
        items: &[(u32, u32)],
        symbols: Symbols,
        pool: &[u32],
        into: &mut Vec<(u32, u32)>,
    ) {
        into.clear();
        let prefixes = prefixes_in(symbols, pool);
        for &(state, depth) in items {
            let mut reached = |target| into.push((target, depth + 1));
            if symbols.key != NONE {
                self.follow(state, symbols.key, &mut reached);
            }
            if self.leaves_by_prefix[state as usize] {
                for &prefix in prefixes {
                    self.follow(state, prefix | PREFIX_BIT, &mut reached);
                }
            }
        }
        let mut started = |(from, to): (u32, u32)| {
            into.extend(
                self.targets[from as usize..to as usize]
                    .iter()
                    .map(|&t| (t, 0)),
            );
        };
        if let Some(&range) = self.start_words.get(symbols.key as usize) {
            started(range);
        }
        for &prefix in prefixes {
            started(self.start_prefixes[prefix as usize]);
        }
        into.sort_unstable();
        into.dedup();
    }

    fn follow(&self, state: u32, key: u32, reached: &mut impl FnMut(u32)) {
        let (first, end) = self.state_edges[state as usize];
        let keys = &self.edge_keys[first as usize..end as usize];
        let found = if keys.len() <= 8 {
            keys.iter().position(|&k| k == key)
        } else {
            keys.binary_search(&key).ok()
        };
        if let Some(i) = found {
            let (from, to) = self.edge_targets[first as usize + i];
            for &target in &self.targets[from as usize..to as usize] {
                reached(target);
            }
        }
    }

    /// The [`key_bit`]s of the keys of the edges leaving merged-automaton state `state`.
    fn leaving_bits(&self, state: u32) -> u64 {
        let (first, end) = self.state_edges[state as usize];
        self.edge_keys[first as usize..end as usize]
            .iter()
            .fold(0, |bits, &key| bits | key_bit(key))
    }

    /// The search key of a punctuation token.
    fn punct_key(&self, mark: char) -> u32 {
        self.puncts.get(&mark).copied().unwrap_or(NONE)
    }
}

/// Whether one of the [`GOODS`] occurs in `word` (lowercase) with nothing but the
/// word's ends or non-ASCII characters on either side, the only places where a
/// case-insensitive, ASCII-only `\b` pattern could find it: whether a run of ASCII
/// characters in the word is one of them.
fn may_name_goods(word: &str) -> bool {
    word.split(|c: char| !c.is_ascii())
        .any(|run| GOODS.contains(&run))
}

fn prefixes_in(symbols: Symbols, pool: &[u32]) -> &[u32] {
    let (start, len) = symbols.prefixes;
    pool.get(start as usize..(start + len) as usize)
        .unwrap_or(&[])
}

/// A pattern that ends in a state of the search automaton.
#[derive(Debug, Clone, Copy)]
struct Accept {
    pattern: u32,
    /// Tokens before the last one since the match began.
    depth: u32,
    prefix: bool,
}

/// One state of the search automaton: the merged automaton's states alive after the
/// tokens read so far, each with how many tokens ago its match began.
#[derive(Debug, Clone, Copy)]
struct SearchState {
    items: (u32, u32),
    accepts: (u32, u32),
    /// The [`key_bit`]s of the keys of every edge leaving its items: a token whose
    /// [`Symbols::reads`] share none continues no alive pattern.
    leaves: u64,
}

/// The search automaton, built lazily per thread: each state is a set of the merged
/// automaton's states, and each transition is worked out once and then looked up.
///
/// It starts afresh when it grows past [`Search::LIMIT`] states (or four times as many
/// transitions), which keeps memory flat however many texts pass through.
#[derive(Debug)]
pub struct Search {
    states: Vec<SearchState>,
    items: Vec<(u32, u32)>,
    accepts: Vec<Accept>,
    interned: FxHashMap<Vec<(u32, u32)>, u32>,
    /// Transitions from [`Search::EMPTY`], the most common state, by class.
    from_empty: Vec<u32>,
    /// Transitions from every other state, by state and class, for the classes some
    /// alive pattern may read (the others lead where they lead from [`Search::EMPTY`]).
    transitions: FxHashMap<u64, u32>,
    next_items: Vec<(u32, u32)>,
    limit: usize,
}

impl Default for Search {
    fn default() -> Self {
        let mut search = Search {
            states: Vec::new(),
            items: Vec::new(),
            accepts: Vec::new(),
            interned: FxHashMap::default(),
            from_empty: Vec::new(),
            transitions: FxHashMap::default(),
            next_items: Vec::new(),
            limit: Self::LIMIT,
        };
        search.clear();
        search
    }
}

impl Search {
    /// The state with nothing alive.
    const EMPTY: u32 = 0;
    /// A transition not worked out yet, in [`Search::from_empty`].
    const UNBUILT: u32 = u32::MAX;
    /// The most states kept before the automaton starts afresh.
    const LIMIT: usize = 100_000;
    /// How many transitions per state limit allows before it starts afresh: texts can
    /// keep adding transitions between known states, and memory must stay bounded.
    const TRANSITIONS_PER_STATE: usize = 4;

    /// Forgets every state; needed whenever the word cache's classes are renumbered.
    pub fn clear(&mut self) {
        self.states.clear();
        self.items.clear();
        self.accepts.clear();
        self.interned.clear();
        self.from_empty.clear();
        self.transitions.clear();
        self.states.push(SearchState {
            items: (0, 0),
            accepts: (0, 0),
            leaves: 0,
        });
        self.interned.insert(Vec::new(), Self::EMPTY);
    }

    /// The state after reading a token of `class` in `state`.
    #[inline]
    fn next(&mut self, matcher: &Matcher, cache: &WordCache, state: u32, class: u32) -> u32 {
        // A token no alive pattern can read leads where it leads from the empty state.
        let leaves = self.states[(state >> 1) as usize].leaves;
        let state = if leaves & cache.symbols[class as usize].reads == 0 {
            Self::EMPTY
        } else {
            state
        };
        let known = if state == Self::EMPTY {
            self.from_empty
                .get(class as usize)
                .copied()
                .filter(|&next| next != Self::UNBUILT)
        } else {
            let key = (u64::from(state) << 32) | u64::from(class);
            self.transitions.get(&key).copied()
        };
        match known {
            Some(next) => next,
            None => self.build(matcher, cache, state, class),
        }
    }

    #[cold]
    fn build(&mut self, matcher: &Matcher, cache: &WordCache, state: u32, class: u32) -> u32 {
        let mut state = state;
        let full = self.states.len() >= self.limit
            || self.transitions.len() >= self.limit * Self::TRANSITIONS_PER_STATE;
        if full {
            let alive = self.state_items(state).to_vec();
            self.clear();
            state = self.intern(matcher, &alive);
        }
        let mut next_items = std::mem::take(&mut self.next_items);
        matcher.step_all(
            self.state_items(state),
            cache.symbols[class as usize],
            &cache.pool,
            &mut next_items,
        );
        let next = self.intern(matcher, &next_items);
        self.next_items = next_items;
        if state == Self::EMPTY {
            let at = class as usize;
            if at >= self.from_empty.len() {
                self.from_empty.resize(at + 1, Self::UNBUILT);
            }
            self.from_empty[at] = next;
        } else {
            self.transitions
                .insert((u64::from(state) << 32) | u64::from(class), next);
        }
        next
    }

    /// The state whose alive items are `items`, added if new.
    fn intern(&mut self, matcher: &Matcher, items: &[(u32, u32)]) -> u32 {
        if let Some(&known) = self.interned.get(items) {
            return known;
        }
        let items_from = self.items.len() as u32;
        let accepts_from = self.accepts.len() as u32;
        for &(nfa, depth) in items {
            let pattern = matcher.ends[nfa as usize];
            if pattern != NONE {
                self.accepts.push(Accept {
                    pattern,
                    depth,
                    prefix: matcher.entered_by_prefix[nfa as usize],
                });
            }
        }
        self.items.extend_from_slice(items);
        let accepting = self.accepts.len() as u32 > accepts_from;
        let id = (self.states.len() as u32) << 1 | u32::from(accepting);
        self.states.push(SearchState {
            items: (items_from, self.items.len() as u32),
            accepts: (accepts_from, self.accepts.len() as u32),
            leaves: items
                .iter()
                .fold(0, |bits, &(nfa, _)| bits | matcher.leaving_bits(nfa)),
        });
        self.interned.insert(items.to_vec(), id);
        id
    }

    /// Whether some pattern ends in `state`: a state's id is its index in `states`
    /// shifted left once, its lowest bit set when it accepts, so the search reads a
    /// state's accept list only when there is one.
    #[inline]
    fn accepts_some(state: u32) -> bool {
        state & 1 != 0
    }

    fn state_items(&self, state: u32) -> &[(u32, u32)] {
        let (from, to) = self.states[(state >> 1) as usize].items;
        &self.items[from as usize..to as usize]
    }

    #[inline]
    fn accepts(&self, state: u32) -> &[Accept] {
        let (from, to) = self.states[(state >> 1) as usize].accepts;
        &self.accepts[from as usize..to as usize]
    }
}

/// A per-thread memo of words already seen, so each token costs one hash lookup.
///
/// It is emptied when it grows past [`WordCache::LIMIT`] words, which keeps memory flat
/// however many texts pass through.
#[derive(Debug)]
pub struct WordCache {
    epoch: u64,
    words: WordMap<TokenKey>,
    /// The class of each ASCII punctuation mark met so far, or [`UNSET`].
    ascii_puncts: [u16; 128],
    /// The class of each way of reading a token met so far: its word or punctuation
    /// key and its prefix ids.
    classes: FxHashMap<(u32, Vec<u32>), u16>,
    /// What each class reads, by class.
    symbols: Vec<Symbols>,
    pool: Vec<u32>,
}

impl Default for WordCache {
    fn default() -> Self {
        WordCache {
            epoch: NEXT_EPOCH.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            words: WordMap::default(),
            ascii_puncts: [UNSET; 128],
            classes: FxHashMap::default(),
            symbols: vec![Symbols::new(NONE, (0, 0), &[])],
            pool: Vec::new(),
        }
    }
}

impl WordCache {
    /// The most distinct words kept before the cache starts afresh.
    const LIMIT: usize = 200_000;

    /// Empties the cache if it is full; call between texts only. Returns whether it
    /// did, in which case every [`Search`] used with it must be cleared too.
    pub fn trim(&mut self) -> bool {
        let full = self.words.len() > Self::LIMIT;
        if full {
            *self = WordCache::default();
        }
        full
    }

    /// Identifies this cache's numbering of words: two word numbers from caches of the
    /// same epoch name the same word, so later stages can memoise by number.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// The search key of `token`, whose lowercase text is in `lower`.
    #[inline]
    pub fn key(&mut self, matcher: &Matcher, token: &Token, lower: &str) -> TokenKey {
        match token.kind {
            Kind::Punct(mark) => {
                if mark == '-' && !token.space_before && !after_cross(lower, token.start) {
                    return JOINER_KEY;
                }
                self.punct(matcher, mark)
            }
            Kind::Word => {
                let bytes = lower
                    .as_bytes()
                    .get(token.start as usize..token.end as usize);
                match self.words.get_bytes(bytes.unwrap_or_default()) {
                    Some(&cached) => cached,
                    None => self.first_sight(matcher, token.text(lower)),
                }
            }
        }
    }

    fn punct(&mut self, matcher: &Matcher, mark: char) -> TokenKey {
        let slot = mark as usize;
        let class = match self.ascii_puncts.get(slot) {
            Some(&known) if known != UNSET => known,
            _ => {
                let class = self.punct_class(matcher, mark);
                if let Some(cached) = self.ascii_puncts.get_mut(slot) {
                    *cached = class;
                }
                class
            }
        };
        TokenKey {
            class,
            word: NOT_A_WORD,
            marks: 0,
            shape: Shape::NotAWord,
        }
    }

    /// The symbol class of a punctuation mark.
    fn punct_class(&mut self, matcher: &Matcher, mark: char) -> u16 {
        let start = self.pool.len();
        self.class_of(matcher.punct_key(mark), start)
    }

    /// The class of a token with word or punctuation key `key` and the prefix ids
    /// pushed onto the pool from `start`: the class of an earlier token read the same
    /// way (whose prefix ids are already pooled), else a new one. Fewer than
    /// [`Matcher::most_classes`] are ever given out, which `Matcher::new` checks fits.
    fn class_of(&mut self, key: u32, start: usize) -> u16 {
        if key == NONE && self.pool.len() == start {
            return NOTHING;
        }
        let reading = (key, self.pool[start..].to_vec());
        if let Some(&known) = self.classes.get(&reading) {
            self.pool.truncate(start);
            return known;
        }
        let prefixes = (start as u32, (self.pool.len() - start) as u32);
        let class = self.symbols.len() as u16;
        self.symbols.push(Symbols::new(key, prefixes, &self.pool));
        self.classes.insert(reading, class);
        class
    }

    /// Works out and remembers what the search needs to know about a new word.
    #[cold]
    fn first_sight(&mut self, matcher: &Matcher, word: &str) -> TokenKey {
        let start = self.pool.len();
        matcher.prefixes_of(word, &mut self.pool);
        let class = self.class_of(matcher.word_key(word), start);
        let key = TokenKey {
            class,
            word: self.words.len() as u32,
            marks: matcher.marks_of(word),
            shape: Shape::of(word),
        };
        self.words.insert(word, key);
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
        Matcher {
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
        }
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
        find_with(text, &mut WordCache::default(), &mut Search::default())
    }

    fn find_with(
        text: &str,
        cache: &mut WordCache,
        search: &mut Search,
    ) -> Vec<(&'static str, String)> {
        let matcher = Matcher::new(FAMILIES, &[]).unwrap();
        let (mut tokens, mut lower, mut keys, mut out) = (vec![], String::new(), vec![], vec![]);
        tokenize(text, &mut tokens, &mut lower, |token, lower| {
            keys.push(cache.key(&matcher, token, lower));
        });
        matcher.find(&keys, cache, search, &mut out);
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
    fn overlapping_matches_are_all_found() {
        let got = find("they made threats to kill and threats to hurt; recruited");
        let quotes: Vec<&str> = got.iter().map(|(_, q)| q.as_str()).collect();
        assert_eq!(quotes, ["threats to kill", "threats to hurt", "recruited"]);
    }

    #[test]
    fn same_matches_with_a_warm_or_a_tiny_search_automaton() {
        let text = "He took her passport, made threats to kill, recruited and didn't dare.";
        let cold = find(text);
        let (mut cache, mut search) = (WordCache::default(), Search::default());
        find_with(
            "threats to hurt took his passports",
            &mut cache,
            &mut search,
        );
        assert_eq!(find_with(text, &mut cache, &mut search), cold);
        let mut tiny = Search {
            limit: 2,
            ..Search::default()
        };
        assert_eq!(find_with(text, &mut WordCache::default(), &mut tiny), cold);
        assert!(tiny.states.len() <= 3);
    }

    #[test]
    fn tokens_read_alike_share_a_class_and_classes_stay_within_the_bound() {
        let matcher = Matcher::new(FAMILIES, &[]).unwrap();
        let mut cache = WordCache::default();
        let (mut tokens, mut lower, mut keys) = (vec![], String::new(), vec![]);
        let text = "recruited recruiters recruitment recruit took her his passport passports \
                    passportless Recruited a b , ; , passport-holder";
        tokenize(text, &mut tokens, &mut lower, |token, lower| {
            keys.push(cache.key(&matcher, token, lower));
        });
        let class = |word: &str| {
            let at = tokens.iter().position(|t| t.text(&lower) == word).unwrap();
            keys[at].class
        };
        // The same prefixes and no word of their own: the same class.
        assert_eq!(class("recruited"), class("recruiters"));
        assert_eq!(class("recruited"), class("recruitment"));
        assert_eq!(class("passports"), class("passportless"));
        // Pronouns fold to one word.
        assert_eq!(class("her"), class("his"));
        // Read differently: different classes.
        assert_ne!(class("recruited"), class("passports"));
        assert_ne!(class("took"), class("her"));
        assert_ne!(class("a"), class("recruited"));
        assert_eq!(class("a"), NOTHING);
        assert!(cache.symbols.len() <= matcher.most_classes());
        let mut words = String::new();
        for n in 0..5_000 {
            words.push_str(&format!("recruit{n}x passport{n}y word{n} "));
        }
        tokenize(&words, &mut tokens, &mut lower, |token, lower| {
            cache.key(&matcher, token, lower);
        });
        assert!(cache.symbols.len() <= matcher.most_classes());
    }

    #[test]
    fn a_token_no_alive_pattern_reads_steps_as_from_the_empty_state() {
        let matcher = &super::super::ANALYZER.matcher;
        let (mut cache, mut search) = (WordCache::default(), Search::default());
        let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample.csv");
        let mut reader = csv::Reader::from_path(sample).unwrap();
        for record in reader.records() {
            let record = record.unwrap();
            let (mut tokens, mut lower, mut keys) = (vec![], String::new(), vec![]);
            tokenize(&record[1], &mut tokens, &mut lower, |token, lower| {
                keys.push(cache.key(matcher, token, lower));
            });
            matcher.find(&keys, &cache, &mut search, &mut Vec::new());
        }
        let (mut from_state, mut from_empty, mut shortcuts) = (vec![], vec![], 0);
        for state in &search.states {
            let items = &search.items[state.items.0 as usize..state.items.1 as usize];
            for &symbols in &cache.symbols {
                if state.leaves & symbols.reads != 0 {
                    continue;
                }
                shortcuts += 1;
                matcher.step_all(items, symbols, &cache.pool, &mut from_state);
                matcher.step_all(&[], symbols, &cache.pool, &mut from_empty);
                assert_eq!(from_state, from_empty, "{items:?} reading {symbols:?}");
            }
        }
        assert!(search.states.len() > 10 && shortcuts > 1000, "{shortcuts}");
    }

    #[test]
    fn goods_are_marked_where_a_word_pattern_could_see_them() {
        for word in ["drug", "drugs", "ñdrug", "drugñ", "arms"] {
            assert!(may_name_goods(word), "{word}");
        }
        for word in [
            "farms",
            "something",
            "begun",
            "toilet",
            "drug2",
            "2drug",
            "cashier",
        ] {
            assert!(!may_name_goods(word), "{word}");
        }
    }

    #[test]
    fn spaces_between_tokens_do_not_matter() {
        assert_eq!(find("took  her\npassport").len(), 1);
    }
}
