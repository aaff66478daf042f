//! The command line: one subcommand per job, each defined beside its code in `cmd/`.

use crate::cmd;
use clap::{Parser, Subcommand};

/// Tells trafficking in persons apart from smuggling of migrants in case descriptions.
#[derive(Debug, Parser)]
#[command(
    name = "tipsom",
    version,
    about = "Tells trafficking in persons apart from smuggling of migrants in free-text case descriptions",
    long_about = "tipsom reads case descriptions and says, for each, whether the facts show trafficking in persons, \
smuggling of migrants, both or neither, with probabilities and the words that show each legal element \
(UN Trafficking Protocol art. 3; Smuggling Protocol art. 3 and 6).\n\n\
It assists a human judgement; it decides nothing. Nothing leaves your machine.",
    after_help = "Examples:\n  tipsom classify data/sample.csv\n  tipsom report data/sample.csv -o report.html\n  tipsom explain --text \"She was promised a job in a hotel, then locked in and forced to sell sex.\"\n  tipsom evaluate data/validation.csv\n  tipsom train data/cases.csv my-cases.csv -o models/mine.json\n  tipsom rules"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Classify cases from CSV files (or stdin) and write one verdict per case.
    Classify(cmd::classify::Args),
    /// Train a model on labeled CSV files, with cross-validation.
    Train(cmd::train::Args),
    /// Explain the verdict for cases in the protocols' terms.
    Explain(cmd::explain::Args),
    /// Print the rule book: definitions, indicators and what the model learned.
    Rules(cmd::rules::Args),
    /// Measure a model on labeled data it was not trained on.
    Evaluate(cmd::evaluate::Args),
    /// Write an HTML report: summary charts, elements per label, one card per case.
    Report(cmd::report::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(cmd::completions::Args),
    /// Print the manual page (roff), or write one per subcommand with --dir.
    Man(cmd::man::Args),
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> crate::error::Result<()> {
    match cli.command {
        Command::Classify(args) => cmd::classify::run(args),
        Command::Train(args) => cmd::train::run(args),
        Command::Explain(args) => cmd::explain::run(args),
        Command::Rules(args) => cmd::rules::run(args),
        Command::Evaluate(args) => cmd::evaluate::run(args),
        Command::Report(args) => cmd::report::run(args),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Man(args) => cmd::man::run(args),
    }
}
