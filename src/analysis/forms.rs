//! Forms: check boxes and field values that deny an indicator.
//!
//! NGOs, hotlines and police keep cases as records as often as prose: screening
//! checklists ("[x] recruited abroad [ ] debt") and labelled fields ("Debt: none",
//! "Threats: no"). There the words of an indicator are only a label, and the box or
//! the value says whether it applies. An empty box before an indicator, or a field
//! value after it that says no, denies it as "not" would in a sentence.

use super::tokens::{Kind, Token};
use super::Evidence;
use memchr::memmem;
use std::sync::LazyLock;

/// Marks that are an empty check box on their own.
const EMPTY_BOXES: [char; 3] = ['\u{2610}', '\u{25A1}', '\u{274F}'];

/// How many words an indicator may stand after its check box ("[ ] passport retained by
/// employer" is one item).
const WORDS_AFTER_BOX: usize = 6;

/// Field values that deny the field ("Debt: none"), when nothing but punctuation or the
/// end of the text follows them.
const DENYING_VALUES: [&str; 8] = [
    "no", "none", "nil", "negative", "unknown", "na", "nothing", "never",
];

/// Field values that deny the field whatever follows ("Passport: not retained").
const DENYING_OPENINGS: [&str; 3] = ["not", "denies", "denied"];

/// Marks evidence that a form denies as negated: an indicator after an empty check box
/// ("[ ] debt", "☐ threats") or followed by a field value that says no ("Debt: none",
/// "Threats - no", "Exploitation: N/A", "Passport: not retained").
// Out of line: forms are rare, and the analysis loop around this call stays small.
#[inline(never)]
pub(super) fn deny_form_fields(tokens: &[Token], lower: &str, evidence: &mut [Evidence]) {
    if !may_hold_form_marks(lower) {
        return;
    }
    let marks = FormMarks::of(tokens, lower);
    if !marks.empty_box && !marks.denying_value {
        return;
    }
    for e in evidence.iter_mut().filter(|e| !e.negated) {
        let boxed = marks.empty_box && {
            let first = tokens.partition_point(|t| (t.start as usize) < e.start);
            after_empty_box(tokens, first)
        };
        let valued = marks.denying_value && {
            let after = tokens.partition_point(|t| (t.start as usize) < e.end);
            value_denies(tokens, lower, after)
        };
        if boxed || valued {
            e.negated = true;
        }
    }
}

/// Finds the spaced dash of a field ("Debt - none").
static SPACED_DASH: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(" - "));

/// Whether `text` has what a form mark needs: a check box's bracket, a field separator
/// (":", "|", " - ") or an empty box character. Most prose has none, and then the
/// text costs a few vectorised scans here.
fn may_hold_form_marks(text: &str) -> bool {
    let bytes = text.as_bytes();
    // The UTF-8 of the empty boxes, less their shared first byte.
    let empty_box = |at: usize| {
        matches!(
            bytes.get(at + 1..at + 3),
            Some([0x98, 0x90] | [0x96, 0xA1] | [0x9D, 0x8F])
        )
    };
    memchr::memchr3(b'[', b':', b'|', bytes).is_some()
        || SPACED_DASH.find(bytes).is_some()
        || memchr::memchr_iter(0xE2, bytes).any(empty_box)
}

/// Which form marks a text has at all, from one look at each punctuation mark, so a
/// text without them costs nothing per piece of evidence.
struct FormMarks {
    empty_box: bool,
    denying_value: bool,
}

impl FormMarks {
    fn of(tokens: &[Token], lower: &str) -> Self {
        let mut marks = FormMarks {
            empty_box: false,
            denying_value: false,
        };
        for (at, token) in tokens.iter().enumerate() {
            let Kind::Punct(mark) = token.kind else {
                continue;
            };
            let next = tokens.get(at + 1).map(|t| t.kind);
            marks.empty_box |=
                EMPTY_BOXES.contains(&mark) || (mark == '[' && next == Some(Kind::Punct(']')));
            marks.denying_value |= matches!(mark, ':' | '|' | '-')
                && next == Some(Kind::Word)
                && value_denies(tokens, lower, at);
        }
        marks
    }
}

/// Whether the tokens before token `first` end in an empty check box ("[ ]", "☐")
/// within [`WORDS_AFTER_BOX`] words, with no other box or clause mark between (a ticked
/// box, "[x]" or "☑", ends the look back like any other mark).
fn after_empty_box(tokens: &[Token], first: usize) -> bool {
    let mut words = 0;
    for at in (0..first).rev() {
        match tokens[at].kind {
            Kind::Word => {
                words += 1;
                if words > WORDS_AFTER_BOX {
                    return false;
                }
            }
            Kind::Punct(']') => return at > 0 && tokens[at - 1].kind == Kind::Punct('['),
            Kind::Punct(mark) if EMPTY_BOXES.contains(&mark) => return true,
            Kind::Punct(',' | '-' | '/' | '\'' | '&') => {}
            Kind::Punct(_) => return false,
        }
    }
    false
}

/// Whether a field value that denies the field begins at token `after` (the first
/// token after an indicator): a colon, a bar or a spaced dash, then one of
/// [`DENYING_VALUES`] ending the field or one of [`DENYING_OPENINGS`].
fn value_denies(tokens: &[Token], lower: &str, after: usize) -> bool {
    let Some(separator) = tokens.get(after) else {
        return false;
    };
    let separates = match separator.kind {
        Kind::Punct(':' | '|') => true,
        Kind::Punct('-') => separator.space_before,
        _ => false,
    };
    if !separates {
        return false;
    }
    let Some(value) = tokens.get(after + 1).filter(|t| t.kind == Kind::Word) else {
        return false;
    };
    let word = value.text(lower);
    if DENYING_OPENINGS.contains(&word) {
        return true;
    }
    let rest = &tokens[after + 2..];
    let (word, rest) = match (word, rest) {
        // "N/A" is three tokens.
        ("n", [slash, a, rest @ ..])
            if slash.kind == Kind::Punct('/') && a.text(lower) == "a" && !a.space_before =>
        {
            ("na", rest)
        }
        _ => (word, rest),
    };
    DENYING_VALUES.contains(&word) && rest.first().is_none_or(|t| t.kind != Kind::Word)
}

#[cfg(test)]
mod tests {
    use crate::analysis::analyze;

    /// Each piece of evidence's quote and whether it is denied.
    fn denied(text: &str) -> Vec<(String, bool)> {
        analyze(text)
            .evidence
            .iter()
            .filter(|e| e.family != "money_hint")
            .map(|e| (e.quote(text).to_string(), e.negated))
            .collect()
    }

    fn is_denied(text: &str, quote: &str) -> bool {
        let found = denied(text);
        let hit = found.iter().find(|(q, _)| q == quote);
        hit.unwrap_or_else(|| panic!("{quote:?} not found in {found:?}"))
            .1
    }

    #[test]
    fn empty_boxes_deny_and_ticked_boxes_do_not() {
        let form =
            "[x] recruited abroad [ ] debt [] threats [ ] passport retained [X] paid smuggler";
        assert!(!is_denied(form, "recruited"));
        assert!(is_denied(form, "debt"));
        assert!(is_denied(form, "threats"));
        assert!(is_denied(form, "passport retained"));
        assert!(!is_denied(form, "paid smuggler"));
        assert!(is_denied("\u{2610} threats \u{2611} debt", "threats"));
        assert!(!is_denied("\u{2610} threats \u{2611} debt", "debt"));
    }

    #[test]
    fn a_box_reaches_only_its_own_item() {
        let text = "[ ] none of these. She was threatened daily.";
        assert!(!is_denied(text, "threatened"));
    }

    #[test]
    fn field_values_that_say_no_deny_the_field() {
        let record = "Debt: none. Threats - no; Exploitation: N/A. Passport: not retained.";
        assert!(is_denied(record, "Debt"));
        assert!(is_denied(record, "Threats"));
        assert!(is_denied(record, "Exploitation"));
        let kept = "Debt: USD 3,000 owed to the agent. Threats: yes.";
        assert!(!is_denied(kept, "Debt"));
        assert!(!is_denied(kept, "Threats"));
    }

    #[test]
    fn the_quick_test_sees_every_mark_the_rules_read() {
        use super::may_hold_form_marks;
        for text in ["[ ] debt", "Debt: none", "Debt | no"] {
            assert!(may_hold_form_marks(text), "{text}");
        }
        assert!(may_hold_form_marks("Debt - no"));
        assert!(may_hold_form_marks(
            "\u{2610} debt \u{25A1} threats \u{274F} fee"
        ));
        assert!(!may_hold_form_marks(
            "She said \u{201C}no\u{201D} to the well-paid job."
        ));
    }

    #[test]
    fn prose_after_a_colon_is_no_field_value() {
        let text = "They lived with threats: no one dared to leave.";
        assert!(!is_denied(text, "threats"));
    }
}
