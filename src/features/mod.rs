//! Features: from a text and its evidence to one sparse vector the model reads.
//!
//! Two blocks, in a fixed column order. First the evidence block, built from the
//! analyser's findings (per element, per indicator family, negated evidence, and
//! the protocol's rule combinations); it carries across writers because it encodes
//! the law's elements, not one writer's words. Then the text block: word unigrams
//! and bigrams weighted by TF-IDF with the IDF stored at training time, so a case
//! gets the same vector alone or in a batch. A word that a negation cue denies ("no
//! fee was paid") counts as a unigram of its own, [`DENIED`] before it ("not_fee"), so
//! a denied fee does not read as a fee.

use crate::analysis::{analyze, families, Analysis, Element, Word, NOT_A_WORD};
use crate::wordmap::WordMap;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

/// A sparse feature vector: (column, value) pairs with distinct columns.
pub type SparseVector = Vec<(u32, f32)>;

/// Names of the evidence-block columns, in order. They depend only on the lexicon.
pub fn evidence_feature_names() -> Vec<String> {
    let mut names = Vec::new();
    for element in Element::ALL {
        names.push(format!("element:{}", element.column()));
    }
    for element in Element::ALL {
        names.push(format!("negated:{}", element.column()));
    }
    for (_, family, _) in families() {
        names.push(format!("family:{family}"));
    }
    for rule in RULE_FEATURES {
        names.push(format!("rule:{rule}"));
    }
    names
}

/// The evidence block's first family column: after the six element and six negated
/// element columns. Family `i` of [`families`] has column `FAMILY_COLUMNS + i`.
const FAMILY_COLUMNS: usize = 2 * Element::ALL.len();

const RULE_FEATURES: [&str; 5] = [
    "act_means_purpose",
    "child_act_purpose",
    "entry_and_benefit",
    "purpose_without_means",
    "entry_without_benefit",
];

/// The learned text vocabulary and the IDF of each term, fixed at training time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vocabulary {
    /// Terms (a word or two words joined by a space), sorted.
    pub terms: Vec<String>,
    /// Inverse document frequency of each term, from the training cases.
    pub idf: Vec<f32>,
    #[serde(skip)]
    index: TermIndex,
}

/// Finds a text's terms by word: each word is looked up once, and a bigram is a pair
/// of word numbers rather than a string to build and hash.
#[derive(Debug, Clone, Default)]
struct TermIndex {
    /// Distinguishes this index from every other one built in the process, so memos of
    /// its lookups (see [`TermMemo`]) are never read against another vocabulary.
    id: u64,
    /// Every word that occurs in some term, with its number.
    words: WordMap<u32>,
    /// What each word number can be in a term.
    roles: Vec<WordRole>,
    /// The term index of each pair of word numbers that is a bigram term.
    bigrams: FxHashMap<u64, u32>,
}

impl PartialEq for TermIndex {
    /// Indexes of the same terms are equal whatever their ids.
    fn eq(&self, other: &Self) -> bool {
        self.words == other.words && self.roles == other.roles && self.bigrams == other.bigrams
    }
}

/// What a denied word ([`Word::negated`]) is written with before it, as a unigram term
/// of its own: "not_paid". Words are letters only, so no text spells such a term.
pub const DENIED: &str = "not_";

/// Writes the denied form of `word` ([`DENIED`] before it) into `spelled`.
fn spell_denied(word: &str, spelled: &mut String) {
    spelled.clear();
    spelled.push_str(DENIED);
    spelled.push_str(word);
}

/// No term: the word is known only as part of a bigram.
const NO_TERM: u32 = u32::MAX;

/// Source of [`TermIndex::id`]s.
static NEXT_INDEX_ID: AtomicU64 = AtomicU64::new(1);

impl TermIndex {
    fn new(terms: &[String]) -> Self {
        let mut index = TermIndex {
            id: NEXT_INDEX_ID.fetch_add(1, Ordering::Relaxed),
            ..TermIndex::default()
        };
        for (term, text) in terms.iter().enumerate() {
            let term = term as u32;
            match text.split_once(' ') {
                Some((first, second)) => {
                    let (first, second) = (index.word(first), index.word(second));
                    index.roles[first as usize].opens_bigram = true;
                    index.roles[second as usize].closes_bigram = true;
                    index.bigrams.insert(pair(first, second), term);
                }
                None => {
                    let word = index.word(text);
                    index.roles[word as usize].unigram = term;
                }
            }
        }
        index
    }

    /// The number of `word`, as denied when `denied` ([`DENIED`] before it), if some
    /// term has it; `spelled` is room to write the denied form.
    fn lookup(&self, word: &str, denied: bool, spelled: &mut String) -> Option<u32> {
        if !denied {
            return self.words.get_lowercase(word).copied();
        }
        spell_denied(word, spelled);
        self.words.get_lowercase(spelled).copied()
    }

    fn word(&mut self, word: &str) -> u32 {
        if let Some(&number) = self.words.get(word) {
            return number;
        }
        let number = self.roles.len() as u32;
        self.words.insert(word, number);
        self.roles.push(WordRole {
            unigram: NO_TERM,
            opens_bigram: false,
            closes_bigram: false,
        });
        number
    }
}

/// What a word of a [`TermIndex`] can be in a term. Most pairs of words in a text are
/// no bigram term, and these flags rule most of them out without a lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WordRole {
    /// Its term index as a unigram, or [`NO_TERM`].
    unigram: u32,
    /// Whether some bigram term begins with it.
    opens_bigram: bool,
    /// Whether some bigram term ends with it.
    closes_bigram: bool,
}

/// Per thread: the [`TermIndex`] word number of each analyser word number, affirmed
/// and denied, for one word-cache epoch and one index, filled as words are met. Most
/// words of a text have been seen before, so a lookup by string becomes an array read.
#[derive(Debug, Default)]
struct TermMemo {
    epoch: u64,
    index: u64,
    /// By `2 × word number`, plus one for the denied form.
    numbers: Vec<u32>,
    /// Room to write a denied word.
    spelled: String,
}

/// Not looked up yet.
const UNSEEN: u32 = u32::MAX;
/// Looked up: in no term.
const UNKNOWN: u32 = u32::MAX - 1;

impl TermMemo {
    /// Starts afresh unless it already memoises `index` for word numbers of `epoch`.
    fn follow(&mut self, epoch: u64, index: &TermIndex) {
        if self.epoch != epoch || self.index != index.id {
            self.epoch = epoch;
            self.index = index.id;
            self.numbers.clear();
        }
    }

    /// The index's number for `word`, as denied when `denied`, memoised by its
    /// analyser number.
    #[inline]
    fn number(&mut self, index: &TermIndex, text: &str, word: &Word, denied: bool) -> Option<u32> {
        let slot = 2 * word.id as usize + usize::from(denied);
        match self.numbers.get(slot) {
            Some(&number) if number != UNSEEN => (number != UNKNOWN).then_some(number),
            _ => self.look_up(index, text, word, (denied, slot)),
        }
    }

    /// [`TermMemo::number`] for a word not memoised yet, whose memo is at `slot`.
    #[cold]
    fn look_up(
        &mut self,
        index: &TermIndex,
        text: &str,
        word: &Word,
        (denied, slot): (bool, usize),
    ) -> Option<u32> {
        let number = index.lookup(word.text(text), denied, &mut self.spelled);
        if word.id != NOT_A_WORD {
            if slot >= self.numbers.len() {
                self.numbers.resize(slot + 2, UNSEEN);
            }
            self.numbers[slot] = number.unwrap_or(UNKNOWN);
        }
        number
    }
}

/// Whether a term contains a word that names one of the offences ("trafficked",
/// "smugglers"). Such words are the writer's label, not a fact of the case: texts
/// that misname a case would teach the model to read them backwards.
fn names_an_offence(term: &str) -> bool {
    term.split(' ')
        .map(|word| word.strip_prefix(DENIED).unwrap_or(word))
        .any(|word| word.starts_with("traffick") || word.starts_with("smuggl"))
}

fn pair(first: u32, second: u32) -> u64 {
    ((first as u64) << 32) | second as u64
}

/// The two word numbers [`pair`] packed.
fn unpair(key: u64) -> (u32, u32) {
    ((key >> 32) as u32, key as u32)
}

/// Settings for learning a vocabulary.
#[derive(Debug, Clone, Copy)]
pub struct VocabularyOptions {
    /// A term must occur in at least this many training cases (privacy: no one-off names).
    pub min_cases: usize,
    /// Keep at most this many terms (the most widespread).
    pub max_terms: usize,
}

impl Vocabulary {
    /// Learns terms and IDF from training texts.
    pub fn fit<'a>(texts: impl IntoIterator<Item = &'a str>, options: VocabularyOptions) -> Self {
        let analysed: Vec<(&str, Vec<Word>)> = texts
            .into_iter()
            .map(|text| (text, analyze(text).words))
            .collect();
        Vocabulary::fit_words(
            analysed
                .iter()
                .map(|(text, words)| (*text, words.as_slice())),
            options,
        )
    }

    /// Learns terms and IDF from training texts and the words the analyser found in
    /// them, so training does not split its texts a second time.
    pub fn fit_words<'a>(
        cases: impl IntoIterator<Item = (&'a str, &'a [Word])>,
        options: VocabularyOptions,
    ) -> Self {
        let mut counts = TermCounts::default();
        for (text, words) in cases {
            counts.count_case(text, words);
        }
        let cases_seen = counts.cases;
        let mut kept: Vec<(String, usize)> = counts
            .terms(options.min_cases)
            .filter(|(term, _)| !names_an_offence(term))
            .collect();
        kept.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        kept.truncate(options.max_terms);
        kept.sort_by(|a, b| a.0.cmp(&b.0));
        let idf = kept
            .iter()
            .map(|(_, n)| ((1.0 + cases_seen as f32) / (1.0 + *n as f32)).ln() + 1.0)
            .collect();
        Vocabulary::new(kept.into_iter().map(|(t, _)| t).collect(), idf)
    }

    /// Builds a vocabulary from stored terms and IDF (as read from a model file).
    pub fn new(terms: Vec<String>, idf: Vec<f32>) -> Self {
        let index = TermIndex::new(&terms);
        Vocabulary { terms, idf, index }
    }

    /// Counts every occurrence of a vocabulary term among the words of `analysis`.
    fn terms_in(
        &self,
        text: &str,
        analysis: &Analysis,
        memo: &mut TermMemo,
        found: &mut TermTally,
    ) {
        let index = &self.index;
        memo.follow(analysis.word_epoch, index);
        // The number of the word before, if it may open a bigram term.
        let mut opener: Option<u32> = None;
        for word in &analysis.words {
            let number = memo.number(index, text, word, false);
            // A denied word's unigram is its denied form; its bigrams are its own.
            let unigram = match word.negated {
                false => number,
                true => memo.number(index, text, word, true),
            };
            if let Some(unigram) = unigram {
                let term = index.roles[unigram as usize].unigram;
                if term != NO_TERM {
                    found.add(term);
                }
            }
            let Some(number) = number else {
                opener = None;
                continue;
            };
            let role = index.roles[number as usize];
            if let (true, Some(before)) = (word.follows_directly && role.closes_bigram, opener) {
                if let Some(&bigram) = index.bigrams.get(&pair(before, number)) {
                    found.add(bigram);
                }
            }
            opener = role.opens_bigram.then_some(number);
        }
    }
}

thread_local! {
    /// Term counts of the text being featurised, reused across texts, and the
    /// thread's memo of word lookups.
    static SCRATCH: RefCell<(TermTally, TermMemo)> = RefCell::default();
}

/// How often each term occurs in one text, by term index, so the terms come out in
/// index order from set bits rather than by sorting every occurrence.
///
/// Two levels of bits: one per term, and one per block of 64 terms, so reading the
/// tally costs the blocks the text touches, whatever the vocabulary's size. Reading
/// it with [`TermTally::drain`] leaves it empty, ready for the next text (of any
/// vocabulary: it grows to the largest met).
#[derive(Debug, Default)]
struct TermTally {
    /// Occurrences of each term.
    counts: Vec<u32>,
    /// Bit `t % 64` of block `t / 64` is set when term `t` occurs.
    terms: Vec<u64>,
    /// Bit `b % 64` of word `b / 64` is set when block `b` has a term.
    blocks: Vec<u64>,
}

impl TermTally {
    /// Makes room for the term indexes of a vocabulary of `terms` terms.
    fn fit(&mut self, terms: usize) {
        if self.counts.len() < terms {
            self.counts.resize(terms, 0);
            self.terms.resize(terms.div_ceil(64), 0);
            self.blocks.resize(terms.div_ceil(64 * 64), 0);
        }
    }

    /// Counts one occurrence of `term`.
    #[inline]
    fn add(&mut self, term: u32) {
        let term = term as usize;
        self.counts[term] += 1;
        self.terms[term / 64] |= 1 << (term % 64);
        self.blocks[term / (64 * 64)] |= 1 << (term / 64 % 64);
    }

    /// Calls `f` with each term counted and its count, in term order, and empties the tally.
    fn drain(&mut self, mut f: impl FnMut(u32, u32)) {
        for (word, blocks) in self.blocks.iter_mut().enumerate() {
            let mut blocks = std::mem::take(blocks);
            while blocks != 0 {
                let block = word * 64 + blocks.trailing_zeros() as usize;
                blocks &= blocks - 1;
                let mut terms = std::mem::take(&mut self.terms[block]);
                while terms != 0 {
                    let term = block * 64 + terms.trailing_zeros() as usize;
                    terms &= terms - 1;
                    f(term as u32, std::mem::take(&mut self.counts[term]));
                }
            }
        }
    }
}

/// In how many cases each unigram and bigram occurs, for learning a vocabulary.
///
/// Each distinct lowercase word gets a number when first met, so a bigram is counted
/// under a pair of numbers: no term string is built or hashed per occurrence, which
/// on 100,000 training texts was a tenth of the training's profile.
#[derive(Debug, Default)]
struct TermCounts {
    /// The number of each lowercase word met.
    numbers: WordMap<u32>,
    /// The lowercase words, by number.
    words: Vec<String>,
    /// Per word number: (cases it occurs in, the last case that counted).
    unigrams: Vec<(usize, usize)>,
    /// Per pair of word numbers, as for `unigrams`.
    bigrams: FxHashMap<u64, (usize, usize)>,
    /// The cases counted so far.
    cases: usize,
}

impl TermCounts {
    /// Counts the terms of one case: its `words`, found in `text`.
    fn count_case(&mut self, text: &str, words: &[Word]) {
        self.cases += 1;
        let case = self.cases;
        let mut previous: Option<u32> = None;
        for word in words {
            let number = self.number(word.text(text));
            let unigram = match word.negated {
                false => number,
                true => {
                    let mut denied = String::new();
                    spell_denied(word.text(text), &mut denied);
                    self.number(&denied)
                }
            };
            count_once(&mut self.unigrams[unigram as usize], case);
            if let (true, Some(before)) = (word.follows_directly, previous) {
                count_once(self.bigrams.entry(pair(before, number)).or_default(), case);
            }
            previous = Some(number);
        }
    }

    /// The number of `word`'s lowercase, given one if it is new.
    fn number(&mut self, word: &str) -> u32 {
        if let Some(&number) = self.numbers.get_lowercase(word) {
            return number;
        }
        let lower = word.to_lowercase();
        let number = self.words.len() as u32;
        self.numbers.insert(&lower, number);
        self.words.push(lower);
        self.unigrams.push((0, 0));
        number
    }

    /// Every term met in at least `min_cases` cases, with its number of cases.
    fn terms(&self, min_cases: usize) -> impl Iterator<Item = (String, usize)> + '_ {
        let unigrams = self
            .unigrams
            .iter()
            .enumerate()
            .filter(move |(_, (n, _))| *n >= min_cases)
            .map(|(number, (n, _))| (self.words[number].clone(), *n));
        let bigrams = self
            .bigrams
            .iter()
            .filter(move |(_, (n, _))| *n >= min_cases)
            .map(|(&key, (n, _))| {
                let (first, second) = unpair(key);
                let (first, second) = (&self.words[first as usize], &self.words[second as usize]);
                (format!("{first} {second}"), *n)
            });
        unigrams.chain(bigrams)
    }
}

/// Counts `case` in a term's (cases, last case) tally, once however often it occurs there.
fn count_once((count, last): &mut (usize, usize), case: usize) {
    if *last != case {
        *count += 1;
        *last = case;
    }
}

/// Most evidence-block columns: the block is built as the bits of a `u128`.
const EVIDENCE_LIMIT: usize = 128;

/// Turns texts and their analyses into feature vectors, with a fixed column layout.
#[derive(Debug, Clone)]
pub struct Featurizer {
    vocabulary: Vocabulary,
    evidence_width: usize,
}

impl Featurizer {
    /// A featurizer over the given vocabulary.
    pub fn new(vocabulary: Vocabulary) -> Self {
        let evidence_width = evidence_feature_names().len();
        assert!(
            evidence_width <= EVIDENCE_LIMIT,
            "the lexicon has more indicator families than the evidence block can hold"
        );
        Featurizer {
            vocabulary,
            evidence_width,
        }
    }

    /// The vocabulary it uses.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// Total number of columns.
    pub fn width(&self) -> usize {
        self.evidence_width + self.vocabulary.terms.len()
    }

    /// The name of every column, for explanations and the rule book.
    pub fn feature_names(&self) -> Vec<String> {
        let mut names = evidence_feature_names();
        names.extend(self.vocabulary.terms.iter().map(|t| format!("word:{t}")));
        names
    }

    /// The feature vector of one case.
    pub fn vector(&self, text: &str, analysis: &Analysis) -> SparseVector {
        let mut vector = SparseVector::new();
        self.vector_into(text, analysis, &mut vector);
        vector
    }

    /// The feature vector of one case, into `vector` (cleared first, capacity reused).
    pub fn vector_into(&self, text: &str, analysis: &Analysis, vector: &mut SparseVector) {
        SCRATCH.with_borrow_mut(|(found, memo)| {
            found.fit(self.vocabulary.terms.len());
            self.vocabulary.terms_in(text, analysis, memo, found);
            vector.clear();
            self.evidence_block(analysis, vector);
            self.text_block(found, vector);
        })
    }

    /// Appends the evidence-block columns that are on, in column order.
    fn evidence_block(&self, analysis: &Analysis, vector: &mut SparseVector) {
        let mut on: u128 = 0;
        let elements = analysis.elements();
        for (i, present) in elements.iter().enumerate() {
            on |= u128::from(*present) << i;
        }
        for evidence in &analysis.evidence {
            let element = evidence.element.index();
            if evidence.negated {
                on |= u128::from(!elements[element]) << (6 + element);
            } else {
                on |= 1 << (FAMILY_COLUMNS + evidence.family_index);
            }
        }
        let [act, means, purpose, child, entry, benefit] = elements;
        let rules = [
            act && means && purpose,
            act && purpose && child,
            entry && benefit,
            purpose && !means && !child,
            entry && !benefit,
        ];
        let first_rule = self.evidence_width - RULE_FEATURES.len();
        for (i, met) in rules.into_iter().enumerate() {
            on |= u128::from(met) << (first_rule + i);
        }
        while on != 0 {
            vector.push((on.trailing_zeros(), 1.0));
            on &= on - 1;
        }
    }

    /// Appends the TF-IDF weights of the terms counted in `found`, L2-normalised,
    /// and empties it.
    fn text_block(&self, found: &mut TermTally, vector: &mut SparseVector) {
        let first = vector.len();
        let offset = self.evidence_width as u32;
        found.drain(|term, tf| {
            let idf = self.vocabulary.idf[term as usize];
            let weight = match tf {
                // 1 + ln 1 is exactly 1: most terms occur once, and this spares the log.
                1 => idf,
                tf => (1.0 + (tf as f32).ln()) * idf,
            };
            vector.push((offset + term, weight));
        });
        let norm = vector[first..]
            .iter()
            .map(|(_, w)| w * w)
            .sum::<f32>()
            .sqrt();
        if norm > 0.0 {
            for (_, weight) in &mut vector[first..] {
                *weight /= norm;
            }
        } else {
            vector.truncate(first);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    /// The text-block terms of `vector`, in column order.
    fn terms_of(f: &Featurizer, vector: &SparseVector) -> Vec<String> {
        let names = f.feature_names();
        vector
            .iter()
            .filter_map(|(c, _)| names[*c as usize].strip_prefix("word:"))
            .map(String::from)
            .collect()
    }

    fn options() -> VocabularyOptions {
        VocabularyOptions {
            min_cases: 2,
            max_terms: 100,
        }
    }

    #[test]
    fn vocabulary_leaves_out_the_names_of_the_offences() {
        let vocab = Vocabulary::fit(
            [
                "she was trafficked by smugglers",
                "she was trafficked by smugglers",
            ],
            options(),
        );
        assert_eq!(vocab.terms, ["by", "she", "she was", "was"]);
    }

    #[test]
    fn vocabulary_is_sorted_and_keeps_only_repeated_terms() {
        let vocab = Vocabulary::fit(
            ["the boat left", "the boat sank", "Maria 0612 ran"],
            options(),
        );
        assert_eq!(vocab.terms, ["boat", "the", "the boat"]);
    }

    #[test]
    fn vocabulary_never_keeps_digits() {
        let vocab = Vocabulary::fit(["call 555 1234 now", "call 555 1234 now"], options());
        assert!(vocab
            .terms
            .iter()
            .all(|t| !t.chars().any(|c| c.is_ascii_digit())));
    }

    #[test]
    fn same_text_same_vector_regardless_of_other_cases() {
        let vocab = Vocabulary::fit(
            ["forced to work", "paid the smuggler", "forced labour"],
            options(),
        );
        let f = Featurizer::new(vocab);
        let text = "He was forced to work";
        assert_eq!(
            f.vector(text, &analyze(text)),
            f.vector(text, &analyze(text))
        );
    }

    #[test]
    fn memoised_lookups_never_cross_vocabularies_or_threads() {
        let fit = |text| Featurizer::new(Vocabulary::fit([text, text], options()));
        let (one, two) = (fit("forced to work"), fit("paid the driver"));
        let words = |f: &Featurizer, v: SparseVector| terms_of(f, &v);
        let text = "Forced to work, then paid the driver";
        let here = analyze(text);
        let there = std::thread::spawn(move || analyze(text)).join().unwrap();
        assert_ne!(here.word_epoch, there.word_epoch);
        let forced = ["forced", "forced to", "to", "to work", "work"];
        let paid = ["driver", "paid", "paid the", "the", "the driver"];
        for analysis in [&here, &there, &here] {
            assert_eq!(words(&one, one.vector(text, analysis)), forced);
            assert_eq!(words(&two, two.vector(text, analysis)), paid);
        }
    }

    #[test]
    fn bigrams_count_only_pairs_that_are_terms_and_follow_directly() {
        let vocab = Vocabulary::fit(["the boat left port", "the boat left port"], options());
        let f = Featurizer::new(vocab);
        let bigrams = |text: &str| -> Vec<String> {
            let mut terms = terms_of(&f, &f.vector(text, &analyze(text)));
            terms.retain(|term| term.contains(' '));
            terms
        };
        // "left the" is no term although "left" ends one and "the" begins one.
        assert_eq!(
            bigrams("They left the boat left port"),
            ["boat left", "left port", "the boat"]
        );
        // A comma between two words keeps them from forming a bigram.
        assert_eq!(bigrams("the boat, left port"), ["left port", "the boat"]);
    }

    #[test]
    fn a_denied_word_is_a_term_of_its_own() {
        let vocab = Vocabulary::fit(
            [
                "No fee was paid.",
                "No fee was paid.",
                "A fee was paid.",
                "A fee was paid.",
            ],
            options(),
        );
        for term in ["fee", "not_fee", "paid", "not_paid", "no fee", "fee was"] {
            assert!(
                vocab.terms.iter().any(|t| t == term),
                "{term}: {:?}",
                vocab.terms
            );
        }
        let f = Featurizer::new(vocab);
        let words = |text: &str| terms_of(&f, &f.vector(text, &analyze(text)));
        let denied = words("They said no fee was paid");
        assert!(denied.contains(&"not_fee".to_string()), "{denied:?}");
        assert!(denied.contains(&"fee was".to_string()), "{denied:?}");
        assert!(!denied.contains(&"fee".to_string()), "{denied:?}");
        let affirmed = words("They said a fee was paid");
        assert!(affirmed.contains(&"fee".to_string()), "{affirmed:?}");
        assert!(!affirmed.contains(&"not_fee".to_string()), "{affirmed:?}");
    }

    #[test]
    fn a_denied_offence_name_stays_out_of_the_vocabulary() {
        let text = "She was not trafficked, nor smuggled.";
        let vocab = Vocabulary::fit([text, text], options());
        assert!(
            vocab.terms.iter().all(|t| !names_an_offence(t)),
            "{:?}",
            vocab.terms
        );
        assert!(names_an_offence("not_trafficked"));
    }

    #[test]
    fn tally_reads_terms_in_order_with_counts_and_empties() {
        let mut tally = TermTally::default();
        tally.fit(5000);
        for term in [4100, 5, 64, 5, 63, 4100, 5] {
            tally.add(term);
        }
        let mut read = Vec::new();
        tally.drain(|term, count| read.push((term, count)));
        assert_eq!(read, [(5, 3), (63, 1), (64, 1), (4100, 2)]);
        tally.drain(|term, count| panic!("{term} counted {count} times after draining"));
    }

    #[test]
    fn family_columns_follow_the_family_order() {
        let names = evidence_feature_names();
        for (i, (_, family, _)) in families().enumerate() {
            assert_eq!(names[FAMILY_COLUMNS + i], format!("family:{family}"));
        }
        let text = "She was 15 and was recruited and beaten, and no fee was paid.";
        let analysis = analyze(text);
        let f = Featurizer::new(Vocabulary::fit([text], options()));
        let on: Vec<u32> = f.vector(text, &analysis).iter().map(|(c, _)| *c).collect();
        for e in analysis.evidence.iter().filter(|e| !e.negated) {
            let column = names
                .iter()
                .position(|n| *n == format!("family:{}", e.family));
            assert!(on.contains(&(column.unwrap() as u32)), "{}", e.family);
        }
    }

    #[test]
    fn evidence_block_fits_its_bits() {
        assert!(evidence_feature_names().len() <= EVIDENCE_LIMIT);
    }

    #[test]
    fn text_block_is_unit_length() {
        let vocab = Vocabulary::fit(["forced to work", "forced to work again"], options());
        let f = Featurizer::new(vocab);
        let text = "forced to work";
        let v = f.vector(text, &analyze(text));
        let evidence = evidence_feature_names().len() as u32;
        let norm: f32 = v
            .iter()
            .filter(|(i, _)| *i >= evidence)
            .map(|(_, w)| w * w)
            .sum();
        assert!((norm - 1.0).abs() < 1e-5);
    }
}
