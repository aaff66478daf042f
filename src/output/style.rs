//! Colour for the terminal: one colour per label and per element, the same wherever
//! they appear (table, explanation, rule book), so the eye learns them once.
//!
//! Colour is decided once per output, by [`Palette::new`]: on only when writing to a
//! terminal that supports it and `NO_COLOR` is not set (the `anstream` rules, which
//! also honour `CLICOLOR` and `CLICOLOR_FORCE`). Files and pipes get plain text, so
//! scripts and `grep` never see escape codes. Callers pad text before painting it,
//! so escape codes never upset the alignment.

use crate::analysis::Element;
use crate::label::Label;
use anstyle::{AnsiColor, Effects, Style};

/// Paints text with ANSI styles, or leaves it plain when colour is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    enabled: bool,
}

impl Palette {
    /// A palette that paints only when `enabled`.
    pub fn new(enabled: bool) -> Self {
        Palette { enabled }
    }

    /// `text` in `style`, or `text` unchanged when colour is off.
    pub fn paint(self, style: Style, text: &str) -> String {
        if self.enabled {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    /// `text` in the colour of `label`.
    pub fn label(self, label: Label, text: &str) -> String {
        self.paint(label_style(label), text)
    }

    /// `text` in the colour of `element`.
    pub fn element(self, element: Element, text: &str) -> String {
        self.paint(element_style(element), text)
    }

    /// A heading.
    pub fn heading(self, text: &str) -> String {
        self.paint(Style::new().effects(Effects::BOLD), text)
    }

    /// Something a person should look at (needs review, a disagreement).
    pub fn warning(self, text: &str) -> String {
        self.paint(AnsiColor::Yellow.on_default().effects(Effects::BOLD), text)
    }

    /// Something met or found.
    pub fn good(self, text: &str) -> String {
        self.paint(AnsiColor::Green.on_default(), text)
    }

    /// Background detail: missing elements, rules not met, weak hints.
    pub fn dim(self, text: &str) -> String {
        self.paint(Style::new().effects(Effects::DIMMED), text)
    }
}

/// The style of a label: bold, one hue per label; "neither" stays plain.
fn label_style(label: Label) -> Style {
    let bold = |c: AnsiColor| c.on_default().effects(Effects::BOLD);
    match label {
        Label::Trafficking => bold(AnsiColor::Red),
        Label::Smuggling => bold(AnsiColor::Blue),
        Label::Both => bold(AnsiColor::Magenta),
        Label::Neither => Style::new().effects(Effects::BOLD),
    }
}

/// The style of an element, matching the highlight colours of the HTML report.
fn element_style(element: Element) -> Style {
    let colour = match element {
        Element::Act => AnsiColor::Yellow,
        Element::Means => AnsiColor::Red,
        Element::Purpose => AnsiColor::Magenta,
        Element::Child => AnsiColor::Green,
        Element::IllegalEntry => AnsiColor::Blue,
        Element::FacilitatorBenefit => AnsiColor::Cyan,
    };
    colour.on_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_palette_adds_nothing() {
        let plain = Palette::new(false);
        assert_eq!(
            plain.label(Label::Trafficking, "trafficking"),
            "trafficking"
        );
        assert_eq!(plain.element(Element::Act, "A"), "A");
        assert_eq!(plain.warning("yes"), "yes");
    }

    #[test]
    fn coloured_palette_wraps_and_resets() {
        let painted = Palette::new(true).label(Label::Smuggling, "smuggling");
        assert!(painted.starts_with("\u{1b}["), "{painted:?}");
        assert!(painted.contains("smuggling"));
        assert!(painted.ends_with("\u{1b}[0m"), "{painted:?}");
    }
}
