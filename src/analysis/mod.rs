//! Text analysis: from a case text to evidence for each legal element, with spans.
//!
//! This is the first stage of the data flow and the only one that reads the words.
//! Everything later (features, model, verdict, explanation) works from the
//! [`Analysis`] it returns, so what tipsom can say about a case is bounded by the
//! evidence found here, and every claim can quote the words behind it.

pub mod ages;
mod forms;
pub mod lexicon;
mod matcher;
mod negation;
mod patterns;
mod tokens;

use arrayvec::ArrayVec;
use lexicon::{Family, Strength, FAMILIES};
pub use matcher::NOT_A_WORD;
use matcher::{Found, Matcher, Search, TokenKey, WordCache};
use serde::Serialize;
use std::cell::RefCell;
use std::sync::LazyLock;
use tokens::Token;
pub use tokens::Word;

/// The elements of the two offences, as the annotation guide defines them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Element {
    /// Recruitment, transportation, transfer, harbouring or receipt of persons.
    Act,
    /// Force, threats, coercion, abduction, fraud, deception, abuse of vulnerability...
    Means,
    /// Exploitation intended or happening.
    Purpose,
    /// The person moved or exploited is under 18.
    Child,
    /// Irregular entry, fraudulent documents, or illegal stay by illegal means.
    IllegalEntry,
    /// Someone gained money or a material benefit for arranging the entry or stay.
    FacilitatorBenefit,
}

impl Element {
    /// All elements, in the order of the CSV columns.
    pub const ALL: [Element; 6] = [
        Element::Act,
        Element::Means,
        Element::Purpose,
        Element::Child,
        Element::IllegalEntry,
        Element::FacilitatorBenefit,
    ];

    /// The element's CSV column name.
    pub fn column(self) -> &'static str {
        match self {
            Element::Act => "act",
            Element::Means => "means",
            Element::Purpose => "purpose",
            Element::Child => "child",
            Element::IllegalEntry => "illegal_entry",
            Element::FacilitatorBenefit => "facilitator_benefit",
        }
    }

    /// The element's name for people.
    pub fn title(self) -> &'static str {
        match self {
            Element::Act => "act",
            Element::Means => "means",
            Element::Purpose => "purpose (exploitation)",
            Element::Child => "child (under 18)",
            Element::IllegalEntry => "illegal entry or stay",
            Element::FacilitatorBenefit => "benefit to a facilitator",
        }
    }

    /// Position in [`Element::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One piece of evidence: an indicator found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The element it is evidence of.
    pub element: Element,
    /// The indicator family (see [`lexicon::FAMILIES`]).
    pub family: &'static str,
    /// The family's place in [`families`], so later stages look it up by number
    /// rather than by name.
    #[serde(skip)]
    pub family_index: usize,
    /// Whether the family sets its element on its own.
    #[serde(skip)]
    pub strength: Strength,
    /// The lexicon pattern that matched (or a description, for ages).
    pub indicator: &'static str,
    /// Byte offset of the first matched byte in the original text.
    pub start: usize,
    /// Byte offset just past the matched words in the original text.
    pub end: usize,
    /// Whether the text denies it ("no fee was paid"); negated evidence is shown but not counted.
    pub negated: bool,
}

impl Evidence {
    /// Whether this evidence sets its element.
    pub fn counts(&self) -> bool {
        !self.negated && self.strength == Strength::Strong
    }

    /// The words of `text` this evidence points at.
    pub fn quote<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Everything the analyser found in one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Evidence in text order.
    pub evidence: Vec<Evidence>,
    /// The words of the text, for the features' text block, so the text is split once.
    pub words: Vec<Word>,
    /// Whether a word of the text begins with "traffick" or "smuggl": whether the
    /// writer named an offence at all.
    pub names_offence: bool,
    /// Whether a word of the text may be one of the goods (drugs, arms...) that are
    /// "trafficked" or "smuggled" in the non-human sense (see [`lexicon::GOODS`]).
    pub names_goods: bool,
    /// Identifies the numbering of [`Word::id`]: analyses with the same epoch number
    /// their words alike, so the features stage can memoise its lookups by number.
    pub word_epoch: u64,
}

impl Analysis {
    /// Whether an element is established by counting evidence.
    pub fn has(&self, element: Element) -> bool {
        self.evidence
            .iter()
            .any(|e| e.element == element && e.counts())
    }

    /// The families with evidence the text does not deny, as a set, so later stages
    /// ask about a family by number rather than comparing names.
    pub fn affirmed_families(&self) -> FamilySet {
        FamilySet(
            self.evidence
                .iter()
                .filter(|e| !e.negated)
                .fold(0, |bits, e| bits | 1 << e.family_index),
        )
    }

    /// The six elements as booleans, in [`Element::ALL`] order: [`Analysis::has`] for
    /// each, in one pass over the evidence.
    pub fn elements(&self) -> [bool; 6] {
        let mut found = [false; 6];
        for evidence in self.evidence.iter().filter(|e| e.counts()) {
            found[evidence.element.index()] = true;
        }
        found
    }
}

/// Family used for stated ages (found by [`ages`], not by the lexicon).
pub const STATED_AGE_FAMILY: &str = "stated_age";
/// Family for money told in the same sentence as an illegal crossing ("paid up to Tk 6
/// lakh each to reach Malaysia"): real reports often give the fee without the words
/// the lexicon's fee patterns need. Found by a sentence rule, not by the lexicon.
pub const FEE_WITH_CROSSING_FAMILY: &str = "fee_with_crossing";
const FEE_WITH_CROSSING: &str = "money in the same sentence as an illegal crossing";
/// Family for a journey word in the same sentence as a smuggling fee ("paid the agent
/// 8,000 euros for the boat"), in a text that tells of no illegal crossing otherwise.
/// Found by a sentence rule, not by the lexicon.
pub const CROSSING_WITH_FEE_FAMILY: &str = "crossing_with_fee";
const CROSSING_WITH_FEE: &str = "a journey word in the same sentence as a smuggling fee";
/// Family for work told in the same sentence as a means of coercion ("kept her passport
/// and her wages"), or in the sentence just before or after one, in a text that tells
/// of no exploitation purpose otherwise.
pub const WORK_UNDER_COERCION_FAMILY: &str = "work_under_coercion";
const WORK_UNDER_COERCION: &str =
    "work in the same sentence as a means of coercion, or in the sentence next to one";
/// The crossing hints that tell of a journey across a border (not "migrant", "asylum").
const JOURNEY_HINTS: [&str; 12] = [
    "border*",
    "crossing*",
    "boat*",
    "lorry",
    "lorries",
    "truck*",
    "channel",
    "mediterranean",
    "aegean",
    "darien",
    "darién",
    "rio grande",
];
const MINOR_AGE: &str = "stated age under 18";
const ADULT_AGE: &str = "stated age 18 or over";

/// Analyses one case text.
pub fn analyze(text: &str) -> Analysis {
    let mut analysis = Analysis::default();
    analyze_into(text, &mut analysis);
    analysis
}

/// Analyses one case text into `analysis`, reusing its buffers, so a caller that
/// analyses many texts in turn allocates nothing per text for them.
pub fn analyze_into(text: &str, analysis: &mut Analysis) {
    SCRATCH.with_borrow_mut(|scratch| ANALYZER.analyze(text, scratch, analysis));
}

/// Tokenises `text` and keys its tokens as the analyser does, for the tests of the
/// stages that read the keys.
#[cfg(test)]
fn with_keys(text: &str, tokens: &mut Vec<Token>, keys: &mut Vec<TokenKey>, lower: &mut String) {
    let mut cache = WordCache::default();
    tokens::tokenize(text, tokens, lower, |token, lower| {
        keys.push(cache.key(&ANALYZER.matcher, token, lower));
    });
}

/// A set of indicator families, by their place in [`families`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FamilySet(u64);

impl FamilySet {
    /// Whether the family at `index` in [`families`] is in the set.
    pub fn contains(self, index: usize) -> bool {
        self.0 >> index & 1 != 0
    }
}

/// The place in [`families`] of the family named `name`, if there is one.
pub fn family_index(name: &str) -> Option<usize> {
    families().position(|(_, family, _)| family == name)
}

/// The place of [`STATED_AGE_FAMILY`] in [`families`]: the last.
pub fn stated_age_family_index() -> usize {
    FAMILIES.len()
}

/// The place of [`FEE_WITH_CROSSING_FAMILY`] in [`families`]: after the stated ages.
fn fee_with_crossing_family_index() -> usize {
    FAMILIES.len() + 1
}

/// The place of [`CROSSING_WITH_FEE_FAMILY`] in [`families`].
fn crossing_with_fee_family_index() -> usize {
    FAMILIES.len() + 2
}

/// The place of [`WORK_UNDER_COERCION_FAMILY`] in [`families`]: the last.
fn work_under_coercion_family_index() -> usize {
    FAMILIES.len() + 3
}

/// Every indicator family, including the families found apart from the lexicon (stated
/// ages and the sentence rules), in a fixed order (the order of
/// [`Evidence::family_index`]).
pub fn families() -> impl Iterator<Item = (Element, &'static str, Strength)> {
    FAMILIES
        .iter()
        .map(|f| (f.element, f.name, f.strength))
        .chain([
            (Element::Child, STATED_AGE_FAMILY, Strength::Strong),
            (
                Element::FacilitatorBenefit,
                FEE_WITH_CROSSING_FAMILY,
                Strength::Strong,
            ),
            (
                Element::IllegalEntry,
                CROSSING_WITH_FEE_FAMILY,
                Strength::Strong,
            ),
            (
                Element::Purpose,
                WORK_UNDER_COERCION_FAMILY,
                Strength::Strong,
            ),
        ])
}

/// Compiles the lexicon now rather than at the first text, so that a command can do it
/// beside other start-up work (loading the model) instead of after it.
pub fn prepare() {
    LazyLock::force(&ANALYZER);
}

static ANALYZER: LazyLock<Analyzer> = LazyLock::new(|| {
    Analyzer::new(FAMILIES)
        .unwrap_or_else(|problem| panic!("the built-in lexicon is broken: {problem}"))
});

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// Buffers one thread reuses from text to text, so analysis allocates little.
#[derive(Debug, Default)]
struct Scratch {
    tokens: Vec<Token>,
    lower: String,
    keys: Vec<TokenKey>,
    words: WordCache,
    search: Search,
    found: Vec<Found>,
    matches: Vec<RawMatch>,
    reach: Vec<usize>,
    spelled: String,
    sentence_ends: Vec<usize>,
}

/// The compiled lexicon.
struct Analyzer {
    matcher: Matcher,
}

/// A lexicon match in original byte offsets, before negation.
#[derive(Debug, Clone, Copy)]
struct RawMatch {
    pattern: u32,
    family: usize,
    first: usize,
    start: usize,
    end: usize,
}

impl Analyzer {
    fn new(families: &'static [Family]) -> Result<Self, String> {
        let mut marked: Vec<(&str, u8)> = ages::NUMBERS
            .iter()
            .map(|(word, _)| (*word, matcher::NUMBER))
            .collect();
        marked.extend(negation::cue_words().map(|word| (word, matcher::NEGATION_CUE)));
        marked.extend(
            ages::BEFORE_NUMBER
                .iter()
                .map(|w| (*w, matcher::AGE_BEFORE)),
        );
        marked.extend(
            ages::BRIDGE_BEFORE_NUMBER
                .iter()
                .map(|w| (*w, matcher::AGE_BRIDGE)),
        );
        marked.extend(
            ages::LEAD_BEFORE_BRIDGE
                .iter()
                .map(|w| (*w, matcher::AGE_LEAD)),
        );
        marked.extend(ages::AFTER_NUMBER.iter().map(|w| (*w, matcher::AGE_AFTER)));
        Ok(Analyzer {
            matcher: Matcher::new(families, &marked)?,
        })
    }

    fn analyze(&'static self, text: &str, scratch: &mut Scratch, analysis: &mut Analysis) {
        let Scratch {
            tokens,
            lower,
            keys,
            words: cache,
            search,
            found,
            matches,
            reach,
            spelled,
            sentence_ends,
        } = scratch;
        if cache.trim() {
            search.clear();
        }
        keys.clear();
        analysis.words.clear();
        let mut word_list = tokens::WordList::default();
        tokens::tokenize(text, tokens, lower, |token, lower| {
            let key = cache.key(&self.matcher, token, lower);
            word_list.push(token, key.shape, key.word, &mut analysis.words);
            keys.push(key);
        });
        found.clear();
        self.matcher.find(keys, cache, search, found);
        self.raw_matches(tokens, found, matches);
        reach.clear();
        let mut furthest = 0;
        reach.extend(matches.iter().map(|m| {
            furthest = furthest.max(m.end);
            furthest
        }));
        let inside_some_match = inside_some_match(matches, reach);
        let view = ScratchView::new(tokens, keys, lower);
        deny_words(view, &mut analysis.words, inside_some_match, spelled);
        let ages = age_evidence(text, view);
        let evidence = &mut analysis.evidence;
        evidence.clear();
        evidence.extend(matches.iter().map(|m| {
            let family = &FAMILIES[m.family];
            Evidence {
                element: family.element,
                family: family.name,
                family_index: m.family,
                strength: family.strength,
                indicator: self.matcher.patterns[m.pattern as usize].source,
                start: m.start,
                end: m.end,
                negated: is_negated(view, m, inside_some_match, spelled),
            }
        }));
        deny_listed_items(view, evidence);
        forms::deny_form_fields(tokens, lower, evidence);
        sentence_rules(tokens, lower, evidence, sentence_ends);
        evidence.extend(ages);
        evidence.sort_by_key(|e| (e.start, e.end, e.element));
        evidence.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.family == b.family);
        analysis.names_offence = view.any(matcher::OFFENCE_NAME);
        analysis.names_goods = view.any(matcher::GOODS_NAME);
        analysis.word_epoch = cache.epoch();
    }

    /// Lexicon matches, into `kept` in text order; within a family, contained
    /// matches are dropped.
    fn raw_matches(&self, tokens: &[Token], found: &[Found], kept: &mut Vec<RawMatch>) {
        let raw = |f: &Found| {
            let mut last = f.last as usize;
            if f.prefix {
                last = hyphenated_word_end(tokens, last);
            }
            RawMatch {
                pattern: f.pattern,
                family: self.matcher.patterns[f.pattern as usize].family,
                first: f.first as usize,
                start: tokens[f.first as usize].start as usize,
                end: tokens[last].end as usize,
            }
        };
        kept.clear();
        kept.extend(found.iter().map(raw));
        kept.sort_unstable_by(|a, b| {
            a.family
                .cmp(&b.family)
                .then(a.start.cmp(&b.start))
                .then(b.end.cmp(&a.end))
                .then(a.pattern.cmp(&b.pattern))
        });
        let mut family_reach: Option<(usize, usize)> = None;
        kept.retain(|m| {
            let contained = family_reach.is_some_and(|(f, end)| f == m.family && m.end <= end);
            if !contained {
                let reach = match family_reach {
                    Some((f, end)) if f == m.family => end.max(m.end),
                    _ => m.end,
                };
                family_reach = Some((m.family, reach));
            }
            !contained
        });
        kept.sort_by_key(|m| (m.start, m.end));
    }
}

/// Whether a negation cue earlier in the clause denies the match.
///
/// Reads the tokens back from the match, a word at a time as the negation rules see
/// words (letters and digits joined by apostrophes and hyphens, as in "wasn't" or
/// "no-one"), up to [`negation::MAX_WORDS_BEFORE`] of them, [`negation::MAX_BYTES_BEFORE`]
/// bytes, the clause's start or a clause break word, whichever comes first. Only a
/// word holding a negation cue word is spelled out, into `spelled`, for the full
/// check of its cue phrase.
fn is_negated(
    view: ScratchView<'_>,
    m: &RawMatch,
    inside_some_match: impl Fn(usize) -> bool,
    spelled: &mut String,
) -> bool {
    let window_start = m.start.saturating_sub(negation::MAX_BYTES_BEFORE);
    if !cue_in_clause(view, m.first, window_start) {
        return false;
    }
    let first = view.tokens[..m.first].partition_point(|t| (t.start as usize) < window_start);
    let mut end = m.first;
    let mut words = 0;
    // How many words back from the match the nearest "was", "were"... stands (0: the
    // match begins with it).
    let mut nearest_verb = (ends_word(view.tokens, m.first)
        && negation::is_main_verb(view.tokens[m.first].text(view.lower)))
    .then_some(0);
    while end > first && words < negation::MAX_WORDS_BEFORE {
        let last = end - 1;
        let token = &view.tokens[last];
        if !joins_words(token) {
            if matches!(token.kind, tokens::Kind::Punct(mark) if negation::ends_clause(mark)) {
                return false;
            }
            end = last;
            continue;
        }
        let mut start = last;
        while start > first
            && !view.tokens[start].space_before
            && joins_words(&view.tokens[start - 1])
        {
            start -= 1;
        }
        words += 1;
        if start == last && negation::is_clause_break(token.text(view.lower)) {
            return false;
        }
        if start == last && and_begins_clause(view, last, first) {
            return false;
        }
        let holds_cue = view.keys[start..=last]
            .iter()
            .any(|key| key.marks & matcher::NEGATION_CUE != 0);
        if holds_cue
            && denies_from(view, start, m, spelled)
            && !inside_some_match(view.tokens[start].start as usize)
        {
            let relative_clause_ended = nearest_verb.is_some_and(|verb| verb + 1 < words)
                && who_just_before(view, start, first);
            return !relative_clause_ended;
        }
        if start == last && nearest_verb.is_none() && negation::is_main_verb(token.text(view.lower))
        {
            nearest_verb = Some(words);
        }
        end = start;
    }
    false
}

/// Marks the `words` (the text block's, in text order) that a negation cue earlier in
/// their clause denies, by the rules [`is_negated`] applies to an indicator, read in one
/// pass forward: a cue that denies (not "not only", not part of an indicator) reaches
/// the [`negation::MAX_WORDS_BEFORE`] words after it, up to the end of its clause, a
/// clause break ("but", "and" before a new subject) or the main verb after a relative
/// clause ("those who could not pay were sold").
fn deny_words(
    view: ScratchView<'_>,
    words: &mut [Word],
    inside_some_match: impl Fn(usize) -> bool + Copy,
    spelled: &mut String,
) {
    let is_cue = |key: &TokenKey| key.marks & matcher::NEGATION_CUE != 0;
    let tokens = view.tokens;
    let mut words = words.iter_mut().peekable();
    let mut cue: Option<DenyingCue> = None;
    let mut at = 0;
    while at < tokens.len() {
        if cue.is_none() {
            // Nothing is denied before the next cue word.
            let Some(next_cue) = view.keys[at..].iter().position(is_cue) else {
                return;
            };
            at = word_start(tokens, at + next_cue).max(at);
        }
        let token = &tokens[at];
        if !joins_words(token) {
            if matches!(token.kind, tokens::Kind::Punct(mark) if negation::ends_clause(mark)) {
                cue = None;
            }
            at += 1;
            continue;
        }
        let (first, last) = (at, word_end(tokens, at));
        at = last + 1;
        let holds_cue = view.keys[first..=last].iter().any(is_cue);
        if let Some(more_words) = holds_cue
            .then(|| cue_denies(view, (first, last), inside_some_match, spelled))
            .flatten()
        {
            cue = Some(DenyingCue {
                token: first,
                more_words,
                words_after: 0,
                in_relative_clause: who_just_before(view, first, 0),
            });
            continue;
        }
        let Some(reach) = cue.as_mut() else {
            continue;
        };
        reach.words_after += 1;
        if reach.words_after <= reach.more_words {
            continue;
        }
        let single = first == last;
        let text = token.text(view.lower);
        let ended = reach.words_after > negation::MAX_WORDS_BEFORE
            || token.start - tokens[reach.token].start > negation::MAX_BYTES_BEFORE as u32
            || single && negation::is_clause_break(text)
            || single && and_begins_clause(view, first, 0)
            || single
                && reach.in_relative_clause
                && reach.words_after > 1
                && negation::is_main_verb(text);
        if ended {
            cue = None;
            continue;
        }
        let end = tokens[last].end;
        while words.next_if(|word| word.start < token.start).is_some() {}
        while let Some(word) = words.next_if(|word| word.start < end) {
            word.negated = true;
        }
    }
}

/// A negation cue that denies the words after it, while it reaches them.
struct DenyingCue {
    /// Its first token.
    token: usize,
    /// How many words after the first it has ("rather than": one).
    more_words: usize,
    /// Words read since its first.
    words_after: usize,
    /// Whether it stands in a relative clause ("who could not pay"), which the next
    /// main verb ends.
    in_relative_clause: bool,
}

/// The first token of the word (as negation reads words) that token `at` is part of.
fn word_start(tokens: &[Token], mut at: usize) -> usize {
    while at > 0 && !begins_word(tokens, at) {
        at -= 1;
    }
    at
}

/// The last token of the word (as negation reads words) that begins at token `first`.
fn word_end(tokens: &[Token], first: usize) -> usize {
    let mut last = first;
    while tokens
        .get(last + 1)
        .is_some_and(|next| !next.space_before && joins_words(next))
    {
        last += 1;
    }
    last
}

/// Whether the word of tokens `first..=last`, which holds a cue word, begins a
/// negation cue that denies what follows it, read as [`is_negated`] reads a cue before
/// an indicator, and if so how many more words the cue has ("rather than": one). A cue
/// that is part of an indicator ("could not leave") denies nothing else.
fn cue_denies(
    view: ScratchView<'_>,
    (first, last): (usize, usize),
    inside_some_match: impl Fn(usize) -> bool,
    spelled: &mut String,
) -> Option<usize> {
    let tokens = view.tokens;
    if inside_some_match(tokens[first].start as usize) {
        return None;
    }
    let next_words: ArrayVec<usize, 5> = (last + 1..tokens.len())
        .filter(|&at| begins_word(tokens, at))
        .take(5)
        .collect();
    // The cue is tried as one, two and three words long; the three words after it
    // stand in for an indicator, so that "not only", "no longer" and the other
    // exceptions are read whole.
    (0..3.min(next_words.len())).find(|&more_words| {
        let after = next_words[(more_words + 2).min(next_words.len() - 1)];
        let start = next_words[more_words];
        let next = RawMatch {
            pattern: 0,
            family: 0,
            first: start,
            start: tokens[start].start as usize,
            end: tokens[word_end(tokens, after)].end as usize,
        };
        denies_from(view, first, &next, spelled)
    })
}

/// Whether "who" is one of the [`negation::WHO_WORDS_BEFORE_CUE`] words before the
/// word starting at token `cue` (and after token `first`), in the same clause: the cue
/// then stands in a relative clause ("those who could not pay were sold").
fn who_just_before(view: ScratchView<'_>, cue: usize, first: usize) -> bool {
    let mut words = 0;
    for at in (first..cue).rev() {
        let token = &view.tokens[at];
        if matches!(token.kind, tokens::Kind::Punct(mark) if negation::ends_clause(mark)) {
            return false;
        }
        if !begins_word(view.tokens, at) {
            continue;
        }
        if ends_word(view.tokens, at) && token.text(view.lower) == "who" {
            return true;
        }
        words += 1;
        if words == negation::WHO_WORDS_BEFORE_CUE {
            return false;
        }
    }
    false
}

/// Most words, besides "or" and "nor", that may stand between two items of a list
/// that one cue denies: "work" in "made to work, carry drugs".
const LIST_GAP_WORDS: usize = 2;

/// Denies the later items of a denied list: in "none was made to work, carry drugs or
/// provide sexual services" the cue denies all three, though it stands too far before
/// the last for [`is_negated`]. An indicator joins the list of the denied indicator
/// just before it when only commas, "or", "nor" and at most [`LIST_GAP_WORDS`] other
/// words separate them. "And" ends the list ("she was not paid, and was beaten"), as
/// do clause marks and clause break words. `evidence` is the lexicon's, in text order.
fn deny_listed_items(view: ScratchView<'_>, evidence: &mut [Evidence]) {
    let Some(first_denied) = evidence.iter().position(|e| e.negated) else {
        return;
    };
    for i in first_denied + 1..evidence.len() {
        if evidence[i].negated {
            continue;
        }
        let start = evidence[i].start;
        let Some(last_end) = evidence[..i]
            .iter()
            .map(|e| e.end)
            .filter(|&end| end <= start)
            .max()
        else {
            continue;
        };
        let follows_denied = evidence[..i].iter().any(|e| e.end == last_end && e.negated);
        if follows_denied && joins_list(view, last_end, start) {
            evidence[i].negated = true;
        }
    }
}

/// Whether the tokens from byte `from` to byte `to` join two items of one list (see
/// [`deny_listed_items`]).
fn joins_list(view: ScratchView<'_>, from: usize, to: usize) -> bool {
    let first = view.tokens.partition_point(|t| (t.start as usize) < from);
    let between = view.tokens[first..]
        .iter()
        .take_while(|t| (t.start as usize) < to);
    let (mut joined, mut words) = (false, 0);
    for token in between {
        match token.kind {
            tokens::Kind::Punct(',') => joined = true,
            tokens::Kind::Punct(_) => return false,
            tokens::Kind::Word => match token.text(view.lower) {
                "or" | "nor" => joined = true,
                "and" => return false,
                word if negation::is_clause_break(word) => return false,
                _ => words += 1,
            },
        }
    }
    joined && words <= LIST_GAP_WORDS
}

/// Whether token `at` is an "and" that begins a new clause: after a comma (within the
/// window that starts at token `first`), or before a verb or a new subject, written
/// after white space (see [`negation::starts_clause_after_and`]).
fn and_begins_clause(view: ScratchView<'_>, at: usize, first: usize) -> bool {
    if view.tokens[at].text(view.lower) != "and" {
        return false;
    }
    let after_comma = at > first && view.tokens[at - 1].kind == tokens::Kind::Punct(',');
    let next = view.tokens.get(at + 1);
    after_comma
        || next.is_some_and(|t| {
            t.kind == tokens::Kind::Word
                && t.space_before
                && negation::starts_clause_after_and(t.text(view.lower))
        })
}

/// Whether a token can be part of a word as the negation rules see words: letters
/// and digits, apostrophes and hyphens.
fn joins_words(token: &Token) -> bool {
    matches!(
        token.kind,
        tokens::Kind::Word | tokens::Kind::Punct('\'' | '-')
    )
}

/// Whether the word starting at token `start` begins a negation cue that denies the
/// match `m`: the lowercase tokens from there through the match, one space wherever
/// the text has white space, spelled into `spelled` and read by [`negation::denies`].
fn denies_from(view: ScratchView<'_>, start: usize, m: &RawMatch, spelled: &mut String) -> bool {
    spelled.clear();
    let mut match_start = 0;
    for (at, token) in view.tokens.iter().enumerate().skip(start) {
        if token.start as usize >= m.end {
            break;
        }
        if at > start && token.space_before {
            spelled.push(' ');
        }
        if at == m.first {
            match_start = spelled.len();
        }
        match token.kind {
            tokens::Kind::Word => spelled.push_str(token.text(view.lower)),
            tokens::Kind::Punct(mark) => spelled.push(mark),
        }
    }
    negation::denies(spelled, match_start)
}

/// Whether some negation cue word comes after the last clause mark before token
/// `before`, among the [`negation::MAX_WORDS_BEFORE`] words before it (counted as
/// [`is_negated`] counts them) that start at or after byte `window_start`: a quick
/// test that spares most matches the full check (and every match of a text without a
/// negation cue any walk through its tokens).
fn cue_in_clause(view: ScratchView<'_>, before: usize, window_start: usize) -> bool {
    if !view.any(matcher::NEGATION_CUE) {
        return false;
    }
    let mut words = 0;
    for at in (0..before).rev() {
        let token = &view.tokens[at];
        if (token.start as usize) < window_start {
            return false;
        }
        // Only words carry marks and only punctuation ends a clause, so the order of
        // these two tests does not matter.
        if view.keys[at].marks & matcher::NEGATION_CUE != 0 {
            return true;
        }
        if matches!(token.kind, tokens::Kind::Punct(mark) if negation::ends_clause(mark)) {
            return false;
        }
        if begins_word(view.tokens, at) {
            words += 1;
            if words == negation::MAX_WORDS_BEFORE {
                return false;
            }
        }
    }
    false
}

/// Whether token `at` begins a word as the negation rules see words (see
/// [`joins_words`]).
fn begins_word(tokens: &[Token], at: usize) -> bool {
    joins_words(&tokens[at])
        && (at == 0 || tokens[at].space_before || !joins_words(&tokens[at - 1]))
}

/// Whether token `at` ends a word as the negation rules see words: no letter, digit,
/// apostrophe or hyphen follows it without a space.
fn ends_word(tokens: &[Token], at: usize) -> bool {
    tokens
        .get(at + 1)
        .is_none_or(|next| next.space_before || !joins_words(next))
}

/// The parts of [`Scratch`] negation and ages read.
#[derive(Clone, Copy)]
struct ScratchView<'a> {
    tokens: &'a [Token],
    keys: &'a [TokenKey],
    lower: &'a str,
    /// Every mark some token of the text has.
    marked: u8,
}

impl<'a> ScratchView<'a> {
    fn new(tokens: &'a [Token], keys: &'a [TokenKey], lower: &'a str) -> Self {
        ScratchView {
            tokens,
            keys,
            lower,
            marked: keys.iter().fold(0, |marks, k| marks | k.marks),
        }
    }

    /// Whether some token of the text has `mark`.
    fn any(self, mark: u8) -> bool {
        self.marked & mark != 0
    }
}

/// Whether a byte offset lies inside one of `matches` (in text order), given
/// `reach`, the furthest end of each match and those before it.
fn inside_some_match<'a>(
    matches: &'a [RawMatch],
    reach: &'a [usize],
) -> impl Fn(usize) -> bool + Copy + 'a {
    move |at| {
        let before = matches.partition_point(|o| o.start <= at);
        before > 0 && reach[before - 1] > at
    }
}

/// Extends a prefix match over "-word" pieces joined to it ("recruitment-related").
fn hyphenated_word_end(tokens: &[Token], mut last: usize) -> usize {
    while let [hyphen, word, ..] = &tokens[last + 1..] {
        let joined = hyphen.kind == tokens::Kind::Punct('-')
            && !hyphen.space_before
            && word.kind == tokens::Kind::Word
            && !word.space_before;
        if !joined {
            break;
        }
        last += 2;
    }
    last
}

/// Tokens of context an age phrase can have before its number ("says she is 16").
const AGE_CONTEXT_BEFORE: usize = 6;
/// Tokens of context an age phrase can have after its number ("15 at the time").
const AGE_CONTEXT_AFTER: usize = 6;

/// Evidence from stated ages: under 18 counts for the child element; 18 or over is
/// shown as evidence against it. The age patterns only run on short stretches
/// around the numbers of the text, so texts without numbers cost nothing here.
fn age_evidence(original: &str, view: ScratchView<'_>) -> Vec<Evidence> {
    if !view.any(matcher::NUMBER) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut stretch: Option<(usize, usize)> = None;
    let numbers = view.keys.iter().enumerate();
    for (i, _) in numbers.filter(|(_, key)| key.marks & matcher::NUMBER != 0) {
        found.extend(
            appositive_age(original, view.tokens, i)
                .or_else(|| record_age(view, i))
                .or_else(|| short_age(view, i)),
        );
        if !age_context(view.keys, i) {
            continue;
        }
        let first = i.saturating_sub(AGE_CONTEXT_BEFORE);
        let last = (i + AGE_CONTEXT_AFTER).min(view.tokens.len() - 1);
        stretch = match stretch {
            // Stretches that touch are read as one.
            Some((from, to)) if view.tokens[first].start <= view.tokens[to].end => {
                Some((from, last.max(to)))
            }
            Some(done) => {
                ages::in_tokens(view.tokens, view.keys, view.lower, done, &mut found);
                Some((first, last))
            }
            None => Some((first, last)),
        };
    }
    if let Some(done) = stretch {
        ages::in_tokens(view.tokens, view.keys, view.lower, done, &mut found);
    }
    found.sort_by_key(|age| (age.start, age.end));
    found.dedup();
    found
        .into_iter()
        .filter(|age| age.years > 0 && age.years < 120)
        .map(|age| {
            let minor = age.years < 18;
            Evidence {
                element: Element::Child,
                family: STATED_AGE_FAMILY,
                family_index: stated_age_family_index(),
                strength: Strength::Strong,
                indicator: if minor { MINOR_AGE } else { ADULT_AGE },
                start: age.start,
                end: age.end,
                negated: !minor,
            }
        })
        .collect()
}

/// A piece of evidence found from two others in one sentence rather than by the
/// lexicon: real reports often tell an element by putting two facts side by side.
struct SentenceRule {
    family: &'static str,
    family_index: fn() -> usize,
    indicator: &'static str,
    /// The evidence quoted as the new evidence (its element is the new one's).
    quoted: fn(&Evidence, &str) -> bool,
    /// Evidence the sentence must also hold.
    needs: fn(&Evidence) -> bool,
    /// Evidence that rules the sentence out.
    blocks: fn(&Evidence) -> bool,
    /// How many sentences before or after the quoted one may hold what it needs.
    reach: usize,
}

/// Money in a sentence with strong evidence of an illegal crossing, where the sentence
/// names no fee and does not say the help was unpaid or that there was no helper, is a fee.
const FEE_WITH_CROSSING_RULE: SentenceRule = SentenceRule {
    family: FEE_WITH_CROSSING_FAMILY,
    family_index: fee_with_crossing_family_index,
    indicator: FEE_WITH_CROSSING,
    quoted: |e, _| e.family == "money_hint" && !e.negated,
    needs: |e| strong_and_counted(e, Element::IllegalEntry),
    blocks: |e| {
        (e.element == Element::FacilitatorBenefit && e.counts())
            || (matches!(e.family, "unpaid_help" | "no_facilitator") && !e.negated)
    },
    reach: 0,
};

/// A journey word ([`JOURNEY_HINTS`], not "Border Protection") in a sentence with a
/// smuggling fee is an illegal crossing.
const CROSSING_WITH_FEE_RULE: SentenceRule = SentenceRule {
    family: CROSSING_WITH_FEE_FAMILY,
    family_index: crossing_with_fee_family_index,
    indicator: CROSSING_WITH_FEE,
    quoted: |e, lower| {
        let agency = lower
            .get(e.end..)
            .is_some_and(|after| after.trim_start().starts_with("protection"));
        e.family == "crossing_hint" && !e.negated && JOURNEY_HINTS.contains(&e.indicator) && !agency
    },
    needs: |e| e.family == "smuggling_fee" && e.counts(),
    blocks: |_| false,
    reach: 0,
};

/// Work ([`exploitative_work_hint`](lexicon::FAMILIES)) in a sentence with a means of
/// coercion, or next to one, is work exacted by that means: an exploitation purpose.
const WORK_UNDER_COERCION_RULE: SentenceRule = SentenceRule {
    family: WORK_UNDER_COERCION_FAMILY,
    family_index: work_under_coercion_family_index,
    indicator: WORK_UNDER_COERCION,
    quoted: |e, _| e.family == "exploitative_work_hint" && !e.negated,
    needs: |e| e.element == Element::Means && e.counts(),
    blocks: |_| false,
    // Reports often tell the coercion and the work in consecutive sentences ("They
    // took his passport. He worked in the kitchen until midnight."): on the training
    // texts, reaching one sentence further finds 73 more purposes at the same precision.
    reach: 1,
};

fn strong_and_counted(e: &Evidence, element: Element) -> bool {
    e.element == element && e.strength == Strength::Strong && e.counts()
}

/// Adds the evidence the [`SentenceRule`]s find: a crossing from a fee when the text
/// tells of no crossing, a fee from money beside a crossing, and a purpose from work
/// under coercion when the text tells of no purpose.
fn sentence_rules(
    tokens: &[Token],
    lower: &str,
    evidence: &mut Vec<Evidence>,
    ends: &mut Vec<usize>,
) {
    let told = |evidence: &[Evidence], element: Element| {
        evidence.iter().any(|e| e.element == element && e.counts())
    };
    let mut ends_found = false;
    let mut apply = |rule: &SentenceRule, evidence: &mut Vec<Evidence>| {
        if !ends_found {
            sentence_ends(tokens, ends);
            ends_found = true;
        }
        apply_sentence_rule(rule, lower, ends, evidence);
    };
    if !told(evidence, Element::IllegalEntry) && evidence.iter().any(CROSSING_WITH_FEE_RULE.needs) {
        apply(&CROSSING_WITH_FEE_RULE, evidence);
    }
    if evidence.iter().any(FEE_WITH_CROSSING_RULE.needs) {
        apply(&FEE_WITH_CROSSING_RULE, evidence);
    }
    if !told(evidence, Element::Purpose) && evidence.iter().any(WORK_UNDER_COERCION_RULE.needs) {
        apply(&WORK_UNDER_COERCION_RULE, evidence);
    }
}

/// Adds `rule`'s evidence once per sentence (sentences end at `ends`), quoting the first
/// quotable evidence of each sentence that has what the rule needs and nothing that
/// blocks it.
fn apply_sentence_rule(
    rule: &SentenceRule,
    lower: &str,
    ends: &[usize],
    evidence: &mut Vec<Evidence>,
) {
    let sentence = |at: usize| ends.partition_point(|&end| end <= at);
    let mut found: Vec<Evidence> = Vec::new();
    for quoted in evidence.iter().filter(|e| (rule.quoted)(e, lower)) {
        let here = sentence(quoted.start);
        let near = |e: &&Evidence| sentence(e.start).abs_diff(here) <= rule.reach;
        let holds = evidence.iter().filter(near).any(rule.needs)
            && !evidence
                .iter()
                .filter(|e| sentence(e.start) == here)
                .any(rule.blocks);
        let first = found.last().is_none_or(|f| sentence(f.start) != here);
        if holds && first {
            found.push(Evidence {
                family: rule.family,
                family_index: (rule.family_index)(),
                strength: Strength::Strong,
                indicator: rule.indicator,
                ..*quoted
            });
        }
    }
    evidence.extend(found);
}

/// Byte offsets where sentences end: after a full stop, question or exclamation mark
/// or semicolon followed by white space or the end of the text ("1.5" and "U.S." go on).
fn sentence_ends(tokens: &[Token], ends: &mut Vec<usize>) {
    ends.clear();
    ends.extend(
        tokens
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                matches!(t.kind, tokens::Kind::Punct('.' | '!' | '?' | ';'))
                    && tokens.get(i + 1).is_none_or(|next| next.space_before)
            })
            .map(|(_, t)| t.end as usize),
    );
}

/// Whether the number token `i` can be the number of an age phrase: right after
/// "aged", "was", "is"..., after "age of", "at only", "was just"..., or with "year(s)"
/// shortly after it. Every age pattern needs one of these, so numbers without one are
/// spared the age patterns.
fn age_context(keys: &[TokenKey], i: usize) -> bool {
    let marks_at = |back: usize| {
        i.checked_sub(back)
            .and_then(|j| keys.get(j))
            .map_or(0, |k| k.marks)
    };
    let (before, lead) = (marks_at(1), marks_at(2));
    let after = &keys[(i + 1).min(keys.len())..(i + 4).min(keys.len())];
    before & matcher::AGE_BEFORE != 0
        || (before & matcher::AGE_BRIDGE != 0 && lead & matcher::AGE_LEAD != 0)
        || after.iter().any(|k| k.marks & matcher::AGE_AFTER != 0)
}

/// "Amina, 14," around the number token `i`, read from the original capitalisation.
fn appositive_age(original: &str, tokens: &[Token], i: usize) -> Option<ages::StatedAge> {
    let is_comma = |t: &Token| t.kind == tokens::Kind::Punct(',');
    let name = tokens.get(i.checked_sub(2)?)?;
    let around = (tokens.get(i - 1)?, tokens.get(i + 1)?);
    if !(is_comma(around.0) && is_comma(around.1)) {
        return None;
    }
    let start = name.start as usize;
    let end = tokens.get(i + 2).map_or(original.len(), |t| t.end as usize);
    let age = ages::appositive(&original[start..end]).into_iter().next()?;
    Some(shifted(age, start))
}

/// Words a record or a terse note puts before a person's age: "girl, 16", "F, 17".
const RECORD_PERSONS: [&str; 10] = [
    "girl", "boy", "female", "male", "f", "m", "minor", "child", "son", "daughter",
];

/// "Girl, 16" or "F, 17" around the number token `i`, as intake forms and notes give
/// an age: a person word, a comma, the number, then a field's end (a comma, full stop,
/// semicolon, bracket, bar, a new line or the end of the text).
fn record_age(view: ScratchView<'_>, i: usize) -> Option<ages::StatedAge> {
    let tokens = view.tokens;
    let person = tokens.get(i.checked_sub(2)?)?;
    let is_person =
        person.kind == tokens::Kind::Word && RECORD_PERSONS.contains(&person.text(view.lower));
    if !is_person || tokens[i - 1].kind != tokens::Kind::Punct(',') {
        return None;
    }
    let number = tokens[i].text(view.lower);
    let digits = number.bytes().all(|b| b.is_ascii_digit());
    let years = ages::number_value(number).filter(|_| !digits || number.len() <= 2)?;
    // A mark glued to the next token ("2,000", "16.5") continues the number.
    let continues = |at: usize| tokens.get(at).is_some_and(|t| !t.space_before);
    let field_ends = match tokens.get(i + 1) {
        None => true,
        Some(next) => {
            let mark = matches!(next.kind, tokens::Kind::Punct(',' | '.' | ';' | ')' | '|'));
            let gap = &view.lower[tokens[i].end as usize..next.start as usize];
            (mark && !continues(i + 2)) || gap.contains('\n')
        }
    };
    field_ends.then(|| ages::StatedAge {
        years,
        start: person.start as usize,
        end: tokens[i].end as usize,
    })
}

/// An age as notes and records shorten "years old", at the number token `i`: "17yo",
/// "17yrs old", "17 yo", "17 y/o", "17 y.o.".
fn short_age(view: ScratchView<'_>, i: usize) -> Option<ages::StatedAge> {
    let tokens = view.tokens;
    let word_at = |at: usize| {
        tokens
            .get(at)
            .filter(|t| t.kind == tokens::Kind::Word)
            .map(|t| t.text(view.lower))
    };
    let spaced_word = |at: usize| {
        tokens
            .get(at)
            .filter(|t| t.space_before)
            .and_then(|_| word_at(at))
    };
    let glued = |at: usize| tokens.get(at).is_some_and(|t| !t.space_before);
    let number = word_at(i)?;
    let (years, last) = if let Some((years, needs_old)) = ages::glued_age(number) {
        match needs_old {
            false => (years, i),
            true => (years, (spaced_word(i + 1) == Some("old")).then_some(i + 1)?),
        }
    } else if number.len() <= 2 && number.bytes().all(|b| b.is_ascii_digit()) {
        let years = number.parse().ok()?;
        match spaced_word(i + 1)? {
            "yo" | "yoa" => (years, i + 1),
            "y" => {
                let mark = tokens.get(i + 2)?.kind;
                let dotted_or_slashed = matches!(mark, tokens::Kind::Punct('/' | '.'));
                let o = dotted_or_slashed && glued(i + 2) && glued(i + 3);
                (o && word_at(i + 3) == Some("o")).then_some((years, i + 3))?
            }
            _ => return None,
        }
    } else {
        return None;
    };
    Some(ages::StatedAge {
        years,
        start: tokens[i].start as usize,
        end: tokens[last].end as usize,
    })
}

fn shifted(age: ages::StatedAge, by: usize) -> ages::StatedAge {
    ages::StatedAge {
        start: age.start + by,
        end: age.end + by,
        ..age
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> [bool; 6] {
        analyze(text).elements()
    }

    /// The quotes of `text`'s counted evidence of `family`.
    fn counted_quotes(text: &str, family: &str) -> Vec<String> {
        analyze(text)
            .evidence
            .iter()
            .filter(|e| e.family == family && e.counts())
            .map(|e| e.quote(text).to_string())
            .collect()
    }

    #[test]
    fn words_a_cue_denies_are_marked_and_others_are_not() {
        let denied = |text: &str| -> Vec<String> {
            let analysis = analyze(text);
            analysis
                .words
                .iter()
                .filter(|w| w.negated)
                .map(|w| w.text(text).to_lowercase())
                .collect()
        };
        assert_eq!(
            denied("No fee was paid. She paid a fee."),
            ["fee", "was", "paid"]
        );
        assert_eq!(denied("They didn't pay him"), ["pay", "him"]);
        // Exceptions and clause breaks, as for indicators.
        assert!(denied("He was not only beaten but forced to work").is_empty());
        assert_eq!(denied("He wore no hat but smiled"), ["hat"]);
        // A cue inside an indicator belongs to it ("no papers": undocumented).
        assert!(denied("She had no papers").is_empty());
        assert!(denied("A fee was paid to the driver").is_empty());
        // A cue of two words; a relative clause that the main verb ends.
        assert_eq!(
            denied("It went to the police rather than to prosecutors"),
            ["to", "prosecutors"]
        );
        assert_eq!(denied("Those who could not pay were sold"), ["pay"]);
    }

    #[test]
    fn lexicon_compiles_without_errors() {
        let mut compiler = patterns::Compiler::default();
        for family in FAMILIES {
            for pattern in family.patterns {
                compiler.compile(pattern).unwrap();
            }
        }
        assert!(ANALYZER.matcher.patterns.len() > 500);
    }

    #[test]
    fn finds_trafficking_elements_with_spans() {
        let text = "She was recruited with a false promise of hotel work, her passport was confiscated and she was forced into prostitution.";
        let analysis = analyze(text);
        assert_eq!(found(text), [true, true, true, false, false, false]);
        let quotes: Vec<&str> = analysis.evidence.iter().map(|e| e.quote(text)).collect();
        assert!(quotes.contains(&"recruited"), "{quotes:?}");
        assert!(quotes.contains(&"prostitution"), "{quotes:?}");
    }

    #[test]
    fn finds_smuggling_elements() {
        let text = "Each migrant paid the smugglers 3,000 euros to cross the border at night in a small boat.";
        let [_, means, purpose, _, entry, benefit] = found(text);
        assert!(entry && benefit && !means && !purpose);
    }

    #[test]
    fn wages_and_rides_are_no_smuggling_fee() {
        let fee = |text: &str| analyze(text).has(Element::FacilitatorBenefit);
        // Object pronouns fold to one token, so a pattern naming "us" (as in "US$")
        // once read any "paid her" as a fee.
        assert!(!fee("The employer paid her 50 pounds a month."));
        assert!(!fee("Brokers took them to Chennai, promising jobs."));
        assert!(fee("The smugglers took 3,000 euros from each family."));
        assert!(fee("The coyote took their savings before the crossing."));
    }

    #[test]
    fn driving_or_sailing_people_over_is_a_crossing() {
        let entry = |text: &str| analyze(text).has(Element::IllegalEntry);
        assert!(entry("He drove them over the border at night."));
        assert!(entry("A fisherman sailed them across to the island."));
        assert!(!entry("He drove them to the factory every morning."));
    }

    #[test]
    fn forged_papers_of_a_named_country_and_currency_signs_count() {
        let families = |text: &str| -> Vec<&'static str> {
            analyze(text).evidence.iter().map(|e| e.family).collect()
        };
        assert!(
            families("They travelled on forged Slovenian identity cards.")
                .contains(&"fraudulent_documents")
        );
        assert!(
            families("Each was handed a fake Italian passport.").contains(&"fraudulent_documents")
        );
        assert!(!families("Each was handed an Italian passport.").contains(&"fraudulent_documents"));
        assert!(families("The fare was €3,000.").contains(&"money_hint"));
        assert!(families("It cost them $5,000.").contains(&"money_hint"));
    }

    #[test]
    fn fares_taken_and_papers_missing_read_as_smuggling() {
        let found = |text: &str| analyze(text).elements();
        let [.., entry, benefit] =
            found("Brokers had taken their money to slip them over the border.");
        assert!(entry && benefit);
        let [.., entry, benefit] = found("He moved paying migrants on the donkey route.");
        assert!(entry && benefit);
        let [.., entry, _] = found("The pickers had no residence papers.");
        assert!(entry);
        let [.., benefit] = found("The employer took their money for rent.");
        assert!(!benefit);
    }

    /// Asserts that `element` is found in each of `found` and in none of `not_found`.
    fn assert_element(element: Element, found: &[&str], not_found: &[&str]) {
        for text in found {
            assert!(
                analyze(text).has(element),
                "{element:?} not found in {text:?}"
            );
        }
        for text in not_found {
            assert!(!analyze(text).has(element), "{element:?} found in {text:?}");
        }
    }

    /// Asserts that `family` has undenied evidence in each of `found` and in none of
    /// `not_found` (for weak families, which set no element).
    fn assert_family(family: &str, found: &[&str], not_found: &[&str]) {
        let has = |text: &str| {
            analyze(text)
                .evidence
                .iter()
                .any(|e| e.family == family && !e.negated)
        };
        for text in found {
            assert!(has(text), "{family} not found in {text:?}");
        }
        for text in not_found {
            assert!(!has(text), "{family} found in {text:?}");
        }
    }

    #[test]
    fn entry_told_through_a_named_country_or_a_cover_story_counts() {
        assert_element(
            Element::IllegalEntry,
            &[
                "He paid to be brought into the UK illegally.",
                "Gangsters had brought her into Italy illegally.",
                "She entered Lebanon irregularly in 2019.",
                "Smuggled into France in a lorry, they then worked unpaid.",
                "The recruiters had them smuggled over the border.",
                "He conspired to smuggle people into the United States.",
                "They died while moved by a smuggling syndicate.",
                "She was travelling with a coyote.",
                "I crossed at the trocha near La Parada.",
                "The women reach Malaysia by boat.",
                "They were taken across the river without any immigration formalities.",
                "They were put on a longtail at night, no passport check.",
                "Croatian police pushed us back to Bosnia.",
                "She came on her cousin's passport.",
                "They flew on passports that belonged to other people.",
                "He took money, passing them off as members of his troupe.",
                "The broker presented them to the consulate as tourists.",
                "Their visas were issued on invented cover stories.",
                "Permits were obtained with fictitious contracts.",
                "She never had a valid work permit.",
            ],
            &[
                "He was brought into the UK as a child and stayed.",
                "She entered Lebanon on a work visa in 2019.",
                "She was travelling with her aunt.",
                "Her cousin's job was in the hotel.",
                "She had a valid work permit.",
            ],
        );
    }

    #[test]
    fn a_visitors_visa_used_as_cover_or_a_ban_evaded_is_an_illegal_entry() {
        assert_element(
            Element::IllegalEntry,
            &[
                "She flew to Dubai six weeks ago on a visit visa an agent arranged.",
                "They were flown first to Dubai on visitor visas so they would not be stopped.",
                "He came on a pilgrim visa arranged by the agency.",
                "She had come on a visitor's permit, which does not allow sex work.",
                "They had visas that did not allow them to work.",
                "He told her to say at the airport that she was on holiday.",
                "Agents moved women through Uganda to get around the deployment ban.",
                "Each paid for seasonal work permits that turned out to be fraudulent.",
            ],
            &[
                "She came on a tourist visa in 2015 and went home after two weeks.",
                "She came on a work visa that allowed her to work for one employer.",
                "The ban on deployment was lifted in 2018.",
                "He told the police that she was his cousin.",
                "Her passport was genuine and her visa was valid.",
            ],
        );
    }

    #[test]
    fn between_states_an_age_only_after_who_is_aged() {
        assert_element(
            Element::Child,
            &[
                "Girls aged between twelve and fifteen were sold.",
                "The boys were between ten and sixteen when they were taken.",
            ],
            &[
                "Seven smugglers got prison terms of between six and ten years.",
                "The women were held for between seven and fifteen months.",
            ],
        );
    }

    #[test]
    fn confinement_told_in_plain_words_is_a_means() {
        assert_element(
            Element::Means,
            &[
                "He kept them in a flat and would not let them go out.",
                "They may not leave the farm without his permission.",
                "She was told she would not be allowed to go home.",
            ],
            &[
                "They let the workers go home at six.",
                "He would not let them down.",
                "Visitors may not enter the farm without a permit.",
            ],
        );
    }

    #[test]
    fn sex_with_the_clients_and_the_sale_of_a_child_are_purposes() {
        assert_element(
            Element::Purpose,
            &[
                "They had to have sex with the clients he brought.",
                "The mother offered her three-month-old son for sale.",
                "Police stopped the sale of a baby at the bus station.",
            ],
            &[
                "The shop ran a sale of baby clothes.",
                "The clients he brought paid for dinner.",
            ],
        );
    }

    #[test]
    fn a_delegation_or_business_cover_is_an_illegal_entry() {
        assert_element(
            Element::IllegalEntry,
            &["For a fee they had six workers listed as entrepreneurs in a trade delegation."],
            &["The entrepreneurs in the trade delegation flew home."],
        );
    }

    #[test]
    fn fees_for_the_journey_and_statute_gain_are_benefits() {
        assert_element(
            Element::FacilitatorBenefit,
            &[
                "He paid £4,000 for the journey.",
                "They were charged with alien smuggling for commercial gain.",
                "They owed a debt for the journey.",
                "Brokers collect part of the fare up front.",
                "Girls are brought over by transporters paid by relatives.",
                "A Libyan organisation sold the crossings.",
                "Agents had sold the men the journey for millions of rupees.",
                "Smugglers paid to move the group sealed them inside.",
                "You pay the trochero and he carries your bags.",
                "Coaches misled officers, for fees of tens of thousands of dollars.",
                "He charged a young mother 5,000 dollars to take her across the border.",
                "Each family paid 3,000 dollars to smuggle the children.",
                "They moved 75 migrants, taking up to 45,000 dollars in fees from them.",
                "The ring collected money from would-be migrants before each flight.",
            ],
            &[
                "They were convicted of alien smuggling.",
                "Brokers collect the girls at the station.",
                "The shop sold the seats it had repaired.",
                "The madam spent the dollars to take her friends out.",
                "The inspectors collected evidence from the workers.",
            ],
        );
    }

    #[test]
    fn unpaid_work_bride_prices_and_nude_dancing_are_purposes() {
        // Who was not paid is left to the model: a smuggler, a helper and a worker
        // all go unpaid in the training texts.
        assert_element(
            Element::Purpose,
            &[
                "The men worked long days for nothing.",
                "They cleaned offices for nothing but a room and food.",
                "Workers were left unpaid for five months.",
                "At four his parents pledged him to a carpet maker.",
                "He gave fifty cows for me.",
                "She was taken as his third wife.",
                "They were driven to clubs to dance nude.",
                "He sent the boys to meet men in the park.",
            ],
            &[
                "We paid him nothing, he is family.",
                "The driver was never paid the balance.",
                "She danced at her cousin's wedding.",
            ],
        );
    }

    #[test]
    fn a_crossing_without_a_helper_is_told_apart_from_a_paid_one() {
        assert_family(
            "no_facilitator",
            &[
                "He made the crossing by himself, without help from anyone.",
                "Nobody guided them; they used an offline map.",
            ],
            &["A guide walked them over the mountains."],
        );
        // Money beside a crossing is not read as a fee where the sentence says no one helped.
        let unpaid = "They crossed the border at night with their own money and no guide.";
        assert!(!analyze(unpaid).has(Element::FacilitatorBenefit));
    }

    #[test]
    fn border_guards_are_not_a_crossing_but_being_caught_by_them_is() {
        assert_element(
            Element::IllegalEntry,
            &[
                "The boat was intercepted by the coast guard near Lampedusa.",
                "They were caught by Border Patrol near Sasabe.",
            ],
            &[
                "Border Patrol agents found 750 pounds of marijuana in the van.",
                "The coast guard held a ceremony for its new cutter.",
            ],
        );
        let drugs = "Border Patrol agents stopped a van near the Rio Grande, full of marijuana.";
        assert!(!analyze(drugs).has(Element::FacilitatorBenefit));
    }

    #[test]
    fn goods_smuggling_is_told_apart_from_people_smuggling() {
        assert_family(
            "goods_not_people",
            &[
                "He was jailed for cigarette smuggling at Dover.",
                "He oversaw the trafficking of tons of cocaine into the United States.",
                "Agents seized 180 pounds of marijuana near the border.",
            ],
            &[
                "The smugglers packed forty people into the lorry.",
                "She was trafficked into a brothel in Leeds.",
            ],
        );
    }

    #[test]
    fn a_lawful_journey_is_a_hint_against_illegal_entry() {
        assert_family(
            "lawful_entry",
            &[
                "She flew out with her own passport and a two-year domestic work visa.",
                "The workers entered on a valid H-2A visa that his company had petitioned for.",
                "As an EU citizen she was entitled to live and work in Germany.",
                "A licensed manning agency in Manila deployed them in 2022.",
                "He never needed a smuggler: Guineans do not need a visa for Morocco.",
            ],
            &[
                "None of them had a valid visa.",
                "They crossed the river at night, out of sight of the border post.",
            ],
        );
        let hinted = analyze("They all entered legally, through the official border crossing.");
        assert!(!hinted.has(Element::IllegalEntry));
    }

    #[test]
    fn lending_buying_and_keeping_people_are_acts() {
        assert_element(
            Element::Act,
            &[
                "They were lent to a labour-hire contractor.",
                "In 2015 he bought a Yazidi woman.",
                "He was keeping them in a cellar.",
                "She had been confined to her employer's flat.",
                "The girl was brought by a dalali on the bus.",
            ],
            &["He lent his car to a neighbour."],
        );
    }

    #[test]
    fn statute_wording_for_smuggling_counts() {
        let text = "He was charged with transporting aliens for private financial gain.";
        let found = analyze(text).elements();
        assert!(found[Element::IllegalEntry.index()]);
        assert!(found[Element::FacilitatorBenefit.index()]);
        let found = analyze("Harboring aliens for commercial advantage.").elements();
        assert!(found[Element::IllegalEntry.index()] && found[Element::FacilitatorBenefit.index()]);
    }

    #[test]
    fn who_was_not_paid_decides_between_wages_and_fees() {
        let families = |text: &str| -> Vec<(&'static str, bool)> {
            let analysis = analyze(text);
            let kept = analysis
                .evidence
                .iter()
                .filter(|e| e.family != "money_hint");
            kept.map(|e| (e.family, e.negated)).collect()
        };
        assert_eq!(families("She was never paid."), [("withheld_wages", false)]);
        assert_eq!(families("Overtime not paid."), [("withheld_wages", false)]);
        assert_eq!(
            families("He had not paid anyone to cross."),
            [("smuggling_fee", true)]
        );
        // The cue inside "not paid in full" denies nothing after it.
        let held = "Those whose families had not paid in full were confined.";
        assert!(analyze(held).evidence.iter().all(|e| !e.negated));
    }

    #[test]
    fn negated_evidence_does_not_count() {
        let text = "The men were never forced to work and no one took their passports.";
        assert!(!analyze(text).has(Element::Means));
        assert!(analyze(text).evidence.iter().any(|e| e.negated));
    }

    #[test]
    fn notes_shorten_years_old() {
        let years = |text: &str| -> Vec<(&'static str, bool, String)> {
            let analysis = analyze(text);
            let ages = analysis
                .evidence
                .iter()
                .filter(|e| e.family == STATED_AGE_FAMILY);
            ages.map(|e| (e.indicator, e.negated, e.quote(text).to_string()))
                .collect()
        };
        for (text, quote) in [
            ("F 17yo from Edo, sold to a madam.", "17yo"),
            ("Boy (15 y/o) made to beg.", "15 y/o"),
            ("Victim, 16 y.o. from Lagos.", "16 y.o"),
            ("a 14 yo girl", "14 yo"),
            ("He is 17yrs old.", "17yrs old"),
        ] {
            let found = years(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert!(!found[0].1, "{text}");
            assert_eq!(found[0].2, quote);
        }
        assert!(years("M 19yo, came alone.")[0].1, "an adult's age");
        for text in ["Sentenced to 15yrs.", "Room 17y/o", "12345yo", "17 y / o"] {
            assert!(years(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_debt_that_cannot_be_repaid_is_debt_bondage_not_a_denial() {
        for text in [
            "Families are tied to the kilns by advances they cannot repay.",
            "She could not pay off the debt.",
            "The men were unable to repay what they owed.",
        ] {
            assert!(analyze(text).has(Element::Means), "{text}");
        }
        assert!(!analyze("No debt was ever claimed from them.").has(Element::Means));
    }

    #[test]
    fn a_victims_refusal_denies_nothing_but_a_refused_payment_does() {
        assert!(analyze("When she refused he hit her.").has(Element::Means));
        assert!(analyze("Men who refused were beaten.").has(Element::Means));
        let text = "The fisherman who carried them over refused the money they offered.";
        let refused = analyze(text);
        assert!(refused
            .evidence
            .iter()
            .any(|e| e.element == Element::FacilitatorBenefit && e.negated));
    }

    #[test]
    fn people_smuggled_into_a_country_or_brought_by_smugglers_entered_illegally() {
        for text in [
            "A scheme to smuggle minors from Guatemala into the United States.",
            "The workers had been brought across the Arizona border by smugglers.",
            "They had them fly in as visitors.",
        ] {
            assert!(analyze(text).has(Element::IllegalEntry), "{text}");
        }
        let fee = analyze("The families signed over land as security for the smuggling debt.");
        assert!(fee.has(Element::FacilitatorBenefit));
    }

    #[test]
    fn a_journey_word_in_the_sentence_of_a_smuggling_fee_is_a_crossing() {
        let crossing = |text: &str| counted_quotes(text, CROSSING_WITH_FEE_FAMILY);
        let told = "The agent charged each family 3,000 dollars for a seat in the lorry.";
        assert_eq!(crossing(told), ["lorry"]);
        let agency =
            "Workers had paid recruiters; Customs and Border Protection blocked the gloves.";
        assert!(
            crossing(agency).is_empty(),
            "the agency's name is no journey"
        );
        let apart = "They paid the agent 2,000 dollars. The boat was full.";
        assert!(
            crossing(apart).is_empty(),
            "fee and journey in different sentences"
        );
    }

    #[test]
    fn work_beside_a_coercive_means_is_a_purpose() {
        let purpose = |text: &str| counted_quotes(text, WORK_UNDER_COERCION_FAMILY);
        let told = "On the farm the owner took their passports.";
        assert_eq!(purpose(told).len(), 1, "{:?}", purpose(told));
        let next = "The owner took their passports. The farm grew tomatoes.";
        assert_eq!(
            purpose(next).len(),
            1,
            "work in the sentence after the means"
        );
        let apart = "The owner took their passports. It rained. The farm grew tomatoes.";
        assert!(
            purpose(apart).is_empty(),
            "work two sentences from the means"
        );
        let free = "She worked at a farm and was paid fair wages.";
        assert!(purpose(free).is_empty(), "no means");
    }

    #[test]
    fn money_in_the_sentence_of_an_illegal_crossing_is_a_fee() {
        let fee = |text: &str| counted_quotes(text, FEE_WITH_CROSSING_FAMILY);
        let told =
            "Men who sold land to raise 6 lakh taka crossed the border illegally into India.";
        assert_eq!(fee(told), ["lakh"]);
        let decimal = "Each handed over 1.5 million rupees and crossed illegally by boat.";
        assert_eq!(fee(decimal).len(), 1, "1.5 does not end the sentence");
        let apart = "They crossed the border illegally. Years later they paid rent in cash.";
        assert!(fee(apart).is_empty(), "money in another sentence");
        assert!(fee("She paid 300 euros for a bus ticket to Lyon.").is_empty());
        let denied = "They crossed the border illegally and no money was paid.";
        assert!(fee(denied).is_empty(), "denied money");
        let unpaid = "He took them across the border at night and refused any payment.";
        assert!(fee(unpaid).is_empty(), "help said to be unpaid");
    }

    #[test]
    fn the_benefit_and_the_entry_in_the_words_of_charges_count() {
        assert_element(
            Element::FacilitatorBenefit,
            &[
                "Acting in order to obtain a material benefit for himself, he drove them to Sofia.",
                "He sought a financial advantage from moving the men.",
                "Drivers took the money offered for carrying undocumented foreigners.",
            ],
            &[
                "The material conditions of the camp were poor.",
                "He carried undocumented foreigners to the hospital.",
            ],
        );
        assert_element(
            Element::IllegalEntry,
            &[
                "Relatives paid coyoteros to take them illegally to the United States.",
                "He was jailed for running loads of migrants north from the valley.",
                "She gave false or misleading information to induce immigration to Canada.",
                "The ring organised illegal emigration to Cambodia for job seekers.",
            ],
            &[
                "They took them to the United States on valid visas.",
                "Loads of paperwork delayed the visas.",
            ],
        );
    }

    #[test]
    fn begging_taken_long_days_and_asking_to_leave_are_told() {
        assert_element(
            Element::Purpose,
            &[
                "The brothers kept everything they begged.",
                "I worked from morning to night in the house.",
                "The workers started work without any pay until the loan was repaid.",
            ],
            &[
                "She begged the court for mercy.",
                "He walked from morning to night.",
            ],
        );
        assert_element(
            Element::Means,
            &["Many times I asked them to let me go home and they said no."],
            &["I asked them to let me sit down."],
        );
        assert_family(
            "sexual_exploitation",
            &["He threatened to sell me to a connection house."],
            &[],
        );
    }

    #[test]
    fn exploitation_told_in_plain_report_words_is_a_purpose() {
        for text in [
            "The boy was then put to work in a brick kiln by the guide's brother.",
            "The agencies sold the girls on as live-in maids.",
            "The girls were passed among older men at parties.",
            "She was smuggled into Italy, then forced onto the streets of Turin.",
            "At 12 she was married off to a 40-year-old man; her father took a bride price.",
        ] {
            assert!(analyze(text).has(Element::Purpose), "{text}");
        }
    }

    #[test]
    fn a_smugglers_fee_and_a_hidden_crossing_read_as_smuggling() {
        for text in [
            "His mother borrowed against the house to cover the agent's fee.",
            "Cubans paid the organisation between $7,000 and $15,000.",
        ] {
            assert!(analyze(text).has(Element::FacilitatorBenefit), "{text}");
        }
        for text in [
            "He spoke no English and carried no passport.",
            "The group climbed into a freight car near Matamoros.",
        ] {
            assert!(analyze(text).has(Element::IllegalEntry), "{text}");
        }
        let goods = "Ivory was found hidden in a container of scrap metal.";
        assert!(!analyze(goods).has(Element::IllegalEntry));
    }

    #[test]
    fn ages_set_the_child_element_only_under_18() {
        assert!(analyze("A 16-year-old was sold to a brothel owner.").has(Element::Child));
        assert!(!analyze("A 25-year-old was sold to a brothel owner.").has(Element::Child));
        assert!(analyze("Amina, 14, was taken to the city.").has(Element::Child));
    }

    #[test]
    fn records_give_ages_after_a_person_word() {
        for text in [
            "Victim: girl, 16. Recruited online.",
            "Referral: F, 17; found in a flat.",
            "Boy, fourteen\nMoved from the village",
            "Second victim (male, 15)",
            "female, 16",
        ] {
            assert!(analyze(text).has(Element::Child), "{text}");
        }
        for text in [
            "Victim: female, 24. Recruited online.",
            "The girl, 16 others and their parents left.",
            "A boy, 2,000 euros and a phone were found.",
        ] {
            assert!(!analyze(text).has(Element::Child), "{text}");
        }
        // A capitalised "Girl, 16," is also a news-style appositive: one age, not two.
        let ages = analyze("Girl, 16, found in a flat.").evidence;
        assert_eq!(
            ages.iter()
                .filter(|e| e.family == STATED_AGE_FAMILY)
                .count(),
            1
        );
    }

    #[test]
    fn statute_and_report_wording_for_the_smuggling_elements_counts() {
        assert_element(
            Element::IllegalEntry,
            &[
                "They were charged with facilitating the bringing to Australia of a group of non-citizens.",
                "The boat carried 24 unlawful non-citizens.",
                "He was promised $700 for conveying him out of Singapore illegally.",
            ],
            &[
                "Non-citizens may apply for a permit at the embassy.",
                "She took them out of Singapore on a holiday.",
            ],
        );
        assert_element(
            Element::FacilitatorBenefit,
            &[
                "He had dozens of Filipinos come to the Netherlands in return for payments of thousands of euros.",
                "She placed a large debt on the woman for the journey and made her work it off.",
            ],
            &[
                "She placed a large debt on the woman for rent.",
                "He took out a loan for a car.",
            ],
        );
    }

    #[test]
    fn phrases_joined_by_hyphens_are_read_as_phrases() {
        assert_element(
            Element::IllegalEntry,
            &[
                "Rabat court jails 13 members of a people-smuggling ring",
                "He ran a migrant-smuggling network",
            ],
            &[
                "Rabat court jails 13 members of a drug ring",
                "The two police forces agreed on cross-border cooperation",
            ],
        );
        assert_element(
            Element::Purpose,
            &["The men were held in forced-labour camps"],
            &[
                "The men were held in camps",
                "Front-line staff and frontline workers should be trained",
            ],
        );
        assert_element(
            Element::Purpose,
            &["The boys were sent to the front line"],
            &[],
        );
        // The quote runs from the first word to the last, over the hyphens between.
        assert_eq!(
            counted_quotes(
                "Jailed for a migrant-smuggling scheme",
                "irregular_crossing"
            ),
            ["migrant-smuggling"]
        );
        assert_eq!(
            counted_quotes("They were kept in forced-labour camps", "forced_labour"),
            ["forced-labour"]
        );
    }

    #[test]
    fn words_inside_other_words_do_not_match() {
        assert!(!analyze("The organised gang sold cigarettes.")
            .evidence
            .iter()
            .any(|e| e.family == "organ_removal"));
    }

    /// Each lexicon match of `text` with whether the token walk and the oracle (the
    /// negation rules read from the text's lowercase words, without the quick test
    /// for a cue nearby) deny it.
    fn negations_both_ways(text: &str) -> Vec<(String, bool, bool)> {
        let mut scratch = Scratch::default();
        ANALYZER.analyze(text, &mut scratch, &mut Analysis::default());
        let view = ScratchView::new(&scratch.tokens, &scratch.keys, &scratch.lower);
        let inside = inside_some_match(&scratch.matches, &scratch.reach);
        let mut spelled = String::new();
        scratch
            .matches
            .iter()
            .map(|m| {
                let walked = is_negated(view, m, inside, &mut spelled);
                (
                    text[m.start..m.end].to_string(),
                    walked,
                    oracle_is_negated(view, m, inside),
                )
            })
            .collect()
    }

    /// The lowercase words of the 120 bytes before a match and the match itself, one
    /// space wherever the text has white space, read by [`negation::oracle`].
    fn oracle_is_negated(
        view: ScratchView<'_>,
        m: &RawMatch,
        inside: impl Fn(usize) -> bool,
    ) -> bool {
        let window_start = m.start.saturating_sub(negation::MAX_BYTES_BEFORE);
        let (mut text, mut starts, mut match_start) = (String::new(), Vec::new(), 0);
        let window = view.tokens.iter().enumerate();
        let window =
            window.filter(|(_, t)| t.start as usize >= window_start && (t.start as usize) < m.end);
        for (at, token) in window {
            if !starts.is_empty() && token.space_before {
                text.push(' ');
            }
            if at == m.first {
                match_start = text.len();
            }
            starts.push((text.len(), token.start as usize));
            match token.kind {
                tokens::Kind::Word => text.push_str(token.text(view.lower)),
                tokens::Kind::Punct(mark) => text.push(mark),
            }
        }
        let original = |at: usize| {
            starts
                .iter()
                .find(|(mini, _)| *mini == at)
                .map_or(usize::MAX, |s| s.1)
        };
        negation::oracle::is_negated(&text, match_start, |at| inside(original(at)))
    }

    #[test]
    fn cue_before_indicator_negates() {
        let denied = |text: &str, quote: &str| {
            let found = negations_both_ways(text);
            let m = found.iter().find(|(q, ..)| q == quote);
            m.unwrap_or_else(|| panic!("{quote:?} is no match in {text:?}: {found:?}"))
                .1
        };
        assert!(denied("They were never forced to work.", "forced to work"));
        assert!(denied("No fee was paid to anyone.", "fee"));
        assert!(denied("She said she wasn\u{2019}t beaten.", "beaten"));
        assert!(denied(
            "No-one took their passports.",
            "took their passports"
        ));
        assert!(!denied("No one helped them. They were beaten.", "beaten"));
        assert!(!denied(
            "They were not paid much, but the boss beat them.",
            "beat"
        ));
        assert!(!denied("They were not only beaten.", "beaten"));
        assert!(!denied(
            "Not a single official in the town ever asked how the men were beaten.",
            "beaten"
        ));
        assert!(!denied("They could not leave and were beaten.", "beaten"));
        assert!(!denied(
            "She had no money and was made to sell sex.",
            "sell sex"
        ));
        assert!(!denied(
            "They had never been abroad, and the recruiter threatened them.",
            "threatened"
        ));
        assert!(!denied("He had no papers and his boss beat him.", "beat"));
        assert!(!denied("The broker did not pay them, so we owe.", "owe"));
        assert!(denied(
            "They were never beaten and threatened.",
            "threatened"
        ));
    }

    #[test]
    fn a_cue_inside_a_relative_clause_ends_with_it() {
        let denied = |text: &str, quote: &str| {
            let found = negations_both_ways(text);
            let m = found.iter().find(|(q, ..)| q == quote);
            let (_, walked, oracle) =
                m.unwrap_or_else(|| panic!("{quote:?} is no match in {text:?}: {found:?}"));
            assert_eq!(walked, oracle, "{quote:?} in {text:?}");
            *walked
        };
        let sold = "Those who could not pay were sold to brothels.";
        assert!(denied(sold, "pay"));
        assert!(!denied(sold, "brothels"));
        assert!(!denied(sold, "were sold to"));
        assert!(!denied(
            "Migrants who had no money were forced to work.",
            "forced to work"
        ));
        assert!(denied(
            "Those who were not forced to work.",
            "forced to work"
        ));
        assert!(denied(
            "Those who did not pay were not sold to brothels.",
            "brothels"
        ));
        assert!(denied("No fee was paid to the smuggler.", "paid"));
    }

    proptest::proptest! {
        #[test]
        fn the_token_walk_denies_what_the_negation_rules_deny(
            pieces in proptest::collection::vec((0..NEGATION_WORDS.len(), 0..GAPS.len()), 0..40)
        ) {
            let text: String = pieces
                .iter()
                .map(|&(word, gap)| format!("{}{}", NEGATION_WORDS[word], GAPS[gap]))
                .collect();
            for (quote, walked, oracle) in negations_both_ways(&text) {
                proptest::prop_assert_eq!(walked, oracle, "{:?} in {:?}", quote, text);
            }
        }
    }

    /// Words and marks that negation turns on, with indicators for it to deny.
    const NEGATION_WORDS: &[&str] = &[
        "not",
        "No",
        "never",
        "no one",
        "no-one",
        "nobody",
        "didn't",
        "wasn\u{2019}t",
        "n't",
        "don",
        "'",
        "t",
        "-",
        "free of",
        "free from",
        "refused",
        "rather than",
        "only",
        "not only",
        "no longer",
        "whether or not",
        "but",
        "and then",
        "and",
        "was",
        "their",
        "then",
        "while",
        "forced",
        "beaten",
        "paid the smuggler",
        "fee",
        "locked in",
        "passport was taken",
        "could not leave",
        "debt",
        "recruited",
        "crossed the border",
        "sex work",
        "the",
        "men",
        "were",
        "who",
        "is",
        "were sold to",
        "3,000",
        ".",
        ",",
        ";",
        "(",
        "\u{201c}",
        "\u{2014}",
        "\u{e9}t\u{e9}",
        "caf\u{e9}",
        "x",
    ];

    /// What may stand between two of [`NEGATION_WORDS`].
    const GAPS: &[&str] = &[" ", " ", " ", "", "  ", "\t", "\u{a0}", "\n", ", ", "-"];

    #[test]
    fn a_denied_list_denies_every_item() {
        let denied = |text: &str| -> Vec<(String, bool)> {
            analyze(text)
                .evidence
                .iter()
                .map(|e| (e.quote(text).to_string(), e.negated))
                .collect()
        };
        let listed = denied(
            "None of those we met was made to work, carry drugs or provide sexual services.",
        );
        assert!(
            listed.iter().any(|(q, _)| q == "provide sexual services"),
            "{listed:?}"
        );
        assert!(listed.iter().all(|(_, negated)| *negated), "{listed:?}");
        for text in [
            "They were not beaten by anyone at the farm, and in May were forced to work in a bar.",
            "They were not beaten, but later forced to work in a bar.",
            "They were not beaten. Forced to work in a bar, they fled.",
            "They were not beaten by the men who ran the farm, forced to work in a bar.",
        ] {
            let found = denied(text);
            assert!(
                found
                    .iter()
                    .any(|(q, negated)| q.eq_ignore_ascii_case("forced to work") && !negated),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn affirmed_families_are_the_families_of_undenied_evidence() {
        assert!(families().count() <= 64, "a FamilySet holds 64 families");
        let (_, names): (Vec<_>, Vec<_>) = families().map(|(e, name, _)| (e, name)).unzip();
        for text in [
            "The men were never forced to work and no one took their passports.",
            "A 16-year-old was sold to a brothel owner; she paid the smuggler 500 dollars.",
            "He crossed with a forged passport and overstayed his visa.",
            "",
        ] {
            let analysis = analyze(text);
            let affirmed = analysis.affirmed_families();
            for (index, name) in names.iter().enumerate() {
                let by_name = analysis
                    .evidence
                    .iter()
                    .any(|e| e.family == *name && !e.negated);
                assert_eq!(affirmed.contains(index), by_name, "{name} in {text:?}");
                assert_eq!(family_index(name), Some(index));
            }
        }
    }
}
