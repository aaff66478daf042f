//! Progress on standard error for runs that take more than a moment.
//!
//! Shown only when stderr is a terminal, so logs, pipes and CI output never fill
//! with redraws; a counter appears only once a run has lasted [`SHOW_AFTER`], so
//! small inputs stay quiet. The line is cleared when the [`Progress`] is dropped,
//! on success and on error alike, so error messages start on a clean line.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long a counted run must last before its progress is shown.
pub const SHOW_AFTER: Duration = Duration::from_millis(800);

/// The counter's line: `classifying: 12,288 cases, 4096 cases/s, 3s`.
const COUNTER_TEMPLATE: &str = "{spinner} {msg}: {human_pos} cases, {rate}, {elapsed}";

/// The stage spinner's line: `training and cross-validating (12s)`.
const STAGE_TEMPLATE: &str = "{spinner} {msg} ({elapsed})";

/// How often a spinner redraws by itself.
const TICK: Duration = Duration::from_millis(120);

/// A progress line on stderr: a case counter with its rate, or a spinner for a
/// stage that cannot count.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    terminal: bool,
    shown: AtomicBool,
}

impl Progress {
    /// A counter of cases (`"classifying"`, `"analysing"`): count, cases per second
    /// and elapsed time, shown once the run has lasted [`SHOW_AFTER`].
    pub fn counter(message: &'static str) -> Self {
        let style = style(COUNTER_TEMPLATE).with_key(
            "rate",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0} cases/s", state.per_sec());
            },
        );
        Progress::hidden(message, style)
    }

    /// A spinner with elapsed time for a stage that cannot count (model training),
    /// shown at once when stderr is a terminal.
    pub fn stage(message: &'static str) -> Self {
        let progress = Progress::hidden(message, style(STAGE_TEMPLATE));
        progress.show_if(progress.terminal);
        progress
    }

    fn hidden(message: &'static str, style: ProgressStyle) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(style);
        bar.set_message(message);
        Progress {
            bar,
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
        }
    }

    /// Counts `n` more cases; shows the line once the run is long enough.
    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
        self.show_if(due(self.started.elapsed(), self.terminal));
    }

    fn show_if(&self, show: bool) {
        if show && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(TICK);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// Whether a counter that has run for `elapsed` should now be visible.
fn due(elapsed: Duration, terminal: bool) -> bool {
    terminal && elapsed >= SHOW_AFTER
}

/// A style from a template that is known to be valid; the default spinner otherwise.
fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_only_on_a_terminal_after_a_moment() {
        assert!(!due(Duration::from_secs(60), false));
        assert!(!due(Duration::from_millis(10), true));
        assert!(due(SHOW_AFTER, true));
    }

    #[test]
    fn counting_without_a_terminal_draws_nothing_and_never_panics() {
        let progress = Progress::counter("classifying");
        progress.inc(5);
        assert_eq!(progress.bar.position(), 5);
        assert!(progress.bar.is_hidden() || progress.terminal);
    }

    #[test]
    fn templates_are_valid() {
        for template in [COUNTER_TEMPLATE, STAGE_TEMPLATE] {
            assert!(ProgressStyle::with_template(template).is_ok(), "{template}");
        }
    }
}
