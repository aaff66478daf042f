//! Expansion of the lexicon's compact pattern syntax into plain phrases.
//!
//! `(a|b)` groups (nested, with optional empty alternatives) expand to every
//! combination; a trailing `*` marks a prefix pattern; a `*` inside a pattern
//! expands to the common English inflections ([`SUFFIXES`]). Expansion happens
//! once, when the analyser is built.

/// Endings a `*` inside a pattern stands for.
const SUFFIXES: &[&str] = &[
    "", "s", "es", "e", "ed", "d", "ing", "er", "ers", "y", "ies", "ied", "ation", "ations", "able",
];

/// One plain phrase to match, as expanded from a lexicon pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The words to find, single-spaced and lowercase.
    pub text: String,
    /// Whether the last word may continue (`recruit*` matches "recruited").
    pub prefix: bool,
}

/// Expands one lexicon pattern into its phrases.
///
/// Returns an error naming the pattern when its syntax is broken, so a mistake
/// in the lexicon fails the unit tests rather than matching nothing.
pub fn expand(pattern: &str) -> Result<Vec<Phrase>, String> {
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
    let mut pos = 0;
    let alternatives = parse_sequence(&chars, &mut pos)
        .map_err(|problem| format!("lexicon pattern {pattern:?}: {problem}"))?;
    if pos != chars.len() {
        return Err(format!("lexicon pattern {pattern:?}: unbalanced ')'"));
    }
    let mut phrases: Vec<Phrase> = alternatives
        .into_iter()
        .map(|text| Phrase {
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            prefix,
        })
        .filter(|phrase| !phrase.text.is_empty())
        .collect();
    phrases.dedup();
    Ok(phrases)
}

/// Parses literals and groups until the end or a closing `)` / `|`.
fn parse_sequence(chars: &[char], pos: &mut usize) -> Result<Vec<String>, String> {
    let mut results = vec![String::new()];
    while *pos < chars.len() {
        match chars[*pos] {
            '(' => {
                *pos += 1;
                let options = parse_group(chars, pos)?;
                results = results
                    .iter()
                    .flat_map(|head| options.iter().map(move |tail| format!("{head}{tail}")))
                    .collect();
            }
            ')' | '|' => break,
            '*' => {
                *pos += 1;
                results = results
                    .iter()
                    .flat_map(|head| SUFFIXES.iter().map(move |tail| format!("{head}{tail}")))
                    .collect();
            }
            ch => {
                for result in &mut results {
                    result.push(ch);
                }
                *pos += 1;
            }
        }
    }
    Ok(results)
}

/// Parses the alternatives of a group whose `(` was just consumed.
fn parse_group(chars: &[char], pos: &mut usize) -> Result<Vec<String>, String> {
    let mut options = Vec::new();
    loop {
        options.extend(parse_sequence(chars, pos)?);
        match chars.get(*pos) {
            Some('|') => *pos += 1,
            Some(')') => {
                *pos += 1;
                return Ok(options);
            }
            _ => return Err("unclosed '('".to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(pattern: &str) -> Vec<String> {
        expand(pattern)
            .unwrap()
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn expands_groups_and_optional_words() {
        assert_eq!(
            texts("took (her |his |)passport"),
            ["took her passport", "took his passport", "took passport"]
        );
    }

    #[test]
    fn expands_nested_groups() {
        assert_eq!(
            texts("(call (the |)police|report)"),
            ["call the police", "call police", "report"]
        );
    }

    #[test]
    fn inner_star_expands_to_inflections() {
        let all = texts("injur* (him|her)");
        assert!(all.contains(&"injured him".to_string()));
        assert!(all.contains(&"injuring her".to_string()));
    }

    #[test]
    fn marks_prefix_patterns() {
        let phrases = expand("recruit*").unwrap();
        assert_eq!(phrases.len(), 1);
        assert!(phrases[0].prefix);
    }

    #[test]
    fn rejects_broken_syntax() {
        assert!(expand("(a|b").is_err());
        assert!(expand("a)").is_err());
        assert!(expand("passports?").is_err());
        assert!(expand("x[ab]").is_err());
    }
}
