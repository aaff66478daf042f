//! The four case labels of the annotation guide.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a case is, by the facts: one offence, both, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// Trafficking elements met, smuggling elements not.
    Trafficking,
    /// Smuggling elements met, trafficking elements not.
    Smuggling,
    /// Both sets of elements met.
    Both,
    /// Neither set met.
    Neither,
}

impl Label {
    /// All labels, in report order.
    pub const ALL: [Label; 4] = [
        Label::Trafficking,
        Label::Smuggling,
        Label::Both,
        Label::Neither,
    ];

    /// The label that follows from whether each offence's elements are met.
    pub fn from_offences(trafficking: bool, smuggling: bool) -> Self {
        match (trafficking, smuggling) {
            (true, true) => Label::Both,
            (true, false) => Label::Trafficking,
            (false, true) => Label::Smuggling,
            (false, false) => Label::Neither,
        }
    }

    /// Whether the trafficking elements are met under this label.
    pub fn is_trafficking(self) -> bool {
        matches!(self, Label::Trafficking | Label::Both)
    }

    /// Whether the smuggling elements are met under this label.
    pub fn is_smuggling(self) -> bool {
        matches!(self, Label::Smuggling | Label::Both)
    }

    /// The label as written in CSV files.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Trafficking => "trafficking",
            Label::Smuggling => "smuggling",
            Label::Both => "both",
            Label::Neither => "neither",
        }
    }

    /// Parses a label as written in CSV files (case and surrounding space ignored).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        Label::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(text))
    }

    /// Position in [`Label::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offences_map_to_labels_and_back() {
        for label in Label::ALL {
            let back = Label::from_offences(label.is_trafficking(), label.is_smuggling());
            assert_eq!(back, label);
            assert_eq!(Label::parse(label.as_str()), Some(label));
        }
        assert_eq!(Label::parse(" Both "), Some(Label::Both));
        assert_eq!(Label::parse("traffic"), None);
    }
}
