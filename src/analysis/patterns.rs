//! The lexicon's compact pattern syntax, compiled into token-level automata.
//!
//! `(a|b)` groups (nested, with optional empty alternatives) offer alternatives; a
//! trailing `*` marks a prefix pattern; a `*` inside a pattern stands for the common
//! English inflections ([`SUFFIXES`]). A pattern is compiled into a small automaton
//! over tokens (words and punctuation marks) rather than expanded into every phrase it
//! allows, so a pattern with many alternatives costs its size, not their product, and
//! the lexicon compiles in well under a millisecond.

use super::tokens::fold;

/// Endings a `*` inside a pattern stands for.
const SUFFIXES: &[&str] = &[
    "", "s", "es", "e", "ed", "d", "ing", "er", "ers", "y", "ies", "ied", "ation", "ations", "able",
];

/// What a token edge reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    /// A whole word, lowercase.
    Word(String),
    /// A word beginning with these letters (the last word of a prefix pattern).
    Prefix(String),
    /// One punctuation mark.
    Punct(char),
}

/// One step of a compiled pattern: from state `from`, reading `label`, to state `to`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    /// State before the token.
    pub from: u32,
    /// The token read.
    pub label: Label,
    /// State after the token.
    pub to: u32,
}

/// A pattern compiled into a token automaton whose start state is 0.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// Number of states.
    pub states: u32,
    /// Token edges, sorted and without duplicates.
    pub edges: Vec<Edge>,
    /// Whether each state ends a match.
    pub accepting: Vec<bool>,
}

/// Compiles lexicon patterns one after another, reusing its buffers: the lexicon's
/// thousand patterns would otherwise allocate every state's list of moves afresh, at
/// every start of the program.
#[derive(Debug, Default)]
pub struct Compiler {
    nfa: CharNfa,
}

impl Compiler {
    /// Compiles one lexicon pattern.
    ///
    /// Returns an error naming the pattern when its syntax is broken, so a mistake in
    /// the lexicon fails the unit tests rather than matching nothing.
    pub fn compile(&mut self, pattern: &str) -> Result<Compiled, String> {
        compile(pattern, &mut self.nfa)
    }
}

/// Compiles `pattern` with `nfa` (emptied first) as the character automaton.
fn compile(pattern: &str, nfa: &mut CharNfa) -> Result<Compiled, String> {
    let (body, prefix) = match pattern.strip_suffix('*') {
        Some(body) => (body, true),
        None => (pattern, false),
    };
    if body.contains(['?', '[', ']', '.']) {
        return Err(format!(
            "lexicon pattern {pattern:?}: only '*' and (a|b) groups are special"
        ));
    }
    let chars: Vec<char> = body.chars().collect();
    nfa.clear();
    let start = nfa.state();
    let mut pos = 0;
    let end = nfa
        .sequence(&chars, &mut pos, start)
        .map_err(|problem| format!("lexicon pattern {pattern:?}: {problem}"))?;
    if pos != chars.len() {
        return Err(format!("lexicon pattern {pattern:?}: unbalanced ')'"));
    }
    let compiled = nfa.tokenize(start, end, prefix);
    if compiled.edges.is_empty() {
        return Err(format!("lexicon pattern {pattern:?} matches nothing"));
    }
    Ok(compiled)
}

/// A character-level automaton: `None` labels are empty moves.
#[derive(Debug, Default)]
struct CharNfa {
    /// The moves out of each state. Only the first `states` lists are in use; the
    /// others are kept from earlier patterns, to be emptied and reused.
    moves: Vec<Vec<(Option<char>, usize)>>,
    /// Number of states.
    states: usize,
}

impl CharNfa {
    /// Forgets every state, keeping the lists' memory.
    fn clear(&mut self) {
        self.states = 0;
    }

    fn state(&mut self) -> usize {
        if self.states == self.moves.len() {
            self.moves.push(Vec::new());
        } else {
            self.moves[self.states].clear();
        }
        self.states += 1;
        self.states - 1
    }

    fn link(&mut self, from: usize, label: Option<char>, to: usize) {
        self.moves[from].push((label, to));
    }

    /// Reads literals and groups until the end or a closing `)` / `|`; returns the end state.
    fn sequence(&mut self, chars: &[char], pos: &mut usize, from: usize) -> Result<usize, String> {
        let mut at = from;
        while *pos < chars.len() {
            match chars[*pos] {
                '(' => {
                    *pos += 1;
                    at = self.group(chars, pos, at)?;
                }
                ')' | '|' => break,
                '*' => {
                    *pos += 1;
                    let end = self.state();
                    for suffix in SUFFIXES {
                        let last = self.literal(suffix, at);
                        self.link(last, None, end);
                    }
                    at = end;
                }
                ch => {
                    *pos += 1;
                    let next = self.state();
                    self.link(at, Some(ch), next);
                    at = next;
                }
            }
        }
        Ok(at)
    }

    /// Reads the alternatives of a group whose `(` was just consumed.
    fn group(&mut self, chars: &[char], pos: &mut usize, from: usize) -> Result<usize, String> {
        let end = self.state();
        loop {
            let last = self.sequence(chars, pos, from)?;
            self.link(last, None, end);
            match chars.get(*pos) {
                Some('|') => *pos += 1,
                Some(')') => {
                    *pos += 1;
                    return Ok(end);
                }
                _ => return Err("unclosed '('".to_string()),
            }
        }
    }

    fn literal(&mut self, text: &str, from: usize) -> usize {
        text.chars().fold(from, |at, ch| {
            let next = self.state();
            self.link(at, Some(ch), next);
            next
        })
    }

    /// Turns the character automaton into token edges between "token boundary" states.
    fn tokenize(&self, start: usize, end: usize, prefix: bool) -> Compiled {
        let mut ids = vec![u32::MAX; self.states];
        let mut order = vec![start];
        ids[start] = 0;
        let mut edges = Vec::new();
        let mut next = 0;
        let (mut word, mut found) = (String::new(), Vec::new());
        while next < order.len() {
            let from = order[next];
            next += 1;
            self.tokens_from(from, &mut word, end, prefix, &mut found);
            for (label, to) in found.drain(..) {
                if ids[to] == u32::MAX {
                    ids[to] = order.len() as u32;
                    order.push(to);
                }
                edges.push(Edge {
                    from: ids[from],
                    label,
                    to: ids[to],
                });
            }
        }
        edges.sort();
        edges.dedup();
        let accepting = order.iter().map(|&s| self.ends_here(s, end)).collect();
        Compiled {
            states: order.len() as u32,
            edges,
            accepting,
        }
    }

    /// Every token readable from `at` with `word` already read, and the state after it.
    fn tokens_from(
        &self,
        at: usize,
        word: &mut String,
        end: usize,
        prefix: bool,
        found: &mut Vec<(Label, usize)>,
    ) {
        if at == end && !word.is_empty() {
            let label = if prefix {
                Label::Prefix(word.clone())
            } else {
                Label::Word(word.clone())
            };
            found.push((label, at));
        }
        for &(label, to) in &self.moves[at] {
            match label {
                None => self.tokens_from(to, word, end, prefix, found),
                Some(ch) if ch.is_alphanumeric() => {
                    word.push(ch);
                    self.tokens_from(to, word, end, prefix, found);
                    word.pop();
                }
                Some(_) if !word.is_empty() => {
                    // The word ends before this space or mark; the next token starts at `at`.
                    found.push((Label::Word(word.clone()), at));
                }
                // A hyphen joining two words reads as a space: the search passes over
                // hyphens inside words (see `matcher::JOINER`), so "sub-agent" is
                // found in "sub-agent" and "sub agent" alike.
                Some(ch) if ch.is_whitespace() || ch == '-' => {
                    self.tokens_from(to, word, end, prefix, found);
                }
                Some(ch) => found.push((Label::Punct(fold(ch).unwrap_or(ch)), to)),
            }
        }
    }

    /// Whether the pattern can end at `at` with nothing but empty moves and spaces.
    fn ends_here(&self, at: usize, end: usize) -> bool {
        at == end
            || self.moves[at]
                .iter()
                .any(|&(label, to)| matches!(label, None | Some(' ')) && self.ends_here(to, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(pattern: &str) -> Result<Compiled, String> {
        Compiler::default().compile(pattern)
    }

    /// Every token sequence the compiled pattern accepts, as space-joined strings.
    fn phrases(pattern: &str) -> Vec<String> {
        let compiled = compile(pattern).unwrap();
        let mut out = Vec::new();
        walk(&compiled, 0, &mut Vec::new(), &mut out);
        out.sort();
        out.dedup();
        out
    }

    fn walk(c: &Compiled, state: u32, path: &mut Vec<String>, out: &mut Vec<String>) {
        if c.accepting[state as usize] && !path.is_empty() {
            out.push(path.join(" "));
        }
        for edge in c.edges.iter().filter(|e| e.from == state) {
            path.push(match &edge.label {
                Label::Word(w) => w.clone(),
                Label::Prefix(p) => format!("{p}*"),
                Label::Punct(c) => c.to_string(),
            });
            walk(c, edge.to, path, out);
            path.pop();
        }
    }

    #[test]
    fn groups_and_optional_words() {
        assert_eq!(
            phrases("took (her |his |)passport"),
            ["took her passport", "took his passport", "took passport"]
        );
    }

    #[test]
    fn nested_groups() {
        assert_eq!(
            phrases("(call (the |)police|report)"),
            ["call police", "call the police", "report"]
        );
    }

    #[test]
    fn groups_inside_words() {
        assert_eq!(phrases("recruit(er|ment)s"), ["recruiters", "recruitments"]);
    }

    #[test]
    fn inner_star_stands_for_inflections() {
        let all = phrases("injur* (him|her)");
        assert!(all.contains(&"injured him".to_string()));
        assert!(all.contains(&"injuring her".to_string()));
    }

    #[test]
    fn trailing_star_makes_the_last_word_a_prefix() {
        assert_eq!(phrases("job offer*"), ["job offer*"]);
        assert_eq!(phrases("recruit*"), ["recruit*"]);
    }

    #[test]
    fn punctuation_becomes_its_own_token_and_a_hyphen_a_space() {
        assert_eq!(phrases("didn’t dare"), ["didn ' t dare"]);
        assert_eq!(phrases("sub-agent"), ["sub agent"]);
    }

    #[test]
    fn size_grows_with_the_pattern_not_the_product_of_its_groups() {
        let c = compile("(a|b|c|d) (e|f|g|h) (i|j|k|l) (m|n|o|p)").unwrap();
        assert!(c.edges.len() <= 16, "{} edges", c.edges.len());
    }

    #[test]
    fn rejects_broken_syntax() {
        assert!(compile("(a|b").is_err());
        assert!(compile("a)").is_err());
        assert!(compile("passports?").is_err());
        assert!(compile("x[ab]").is_err());
    }
}
