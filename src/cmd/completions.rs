//! `tipsom completions`: a shell completion script, from the same definition as `--help`.

use crate::error::Result;
use crate::output::Target;
use clap::CommandFactory;
use clap_complete::Shell;

/// Print a shell completion script.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tipsom completions bash > ~/.local/share/bash-completion/completions/tipsom
  tipsom completions zsh > ~/.zfunc/_tipsom      # with fpath+=(~/.zfunc) in ~/.zshrc
  tipsom completions fish > ~/.config/fish/completions/tipsom.fish
  tipsom completions powershell >> $PROFILE")]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Runs `completions`: renders the script in memory, then writes it to stdout.
pub fn run(args: Args) -> Result<()> {
    let mut command = crate::cli::Cli::command();
    let mut script = Vec::new();
    // Rendered into memory first: clap_complete panics on a write error, and a
    // closed pipe must stay a quiet exit instead.
    clap_complete::generate(args.shell, &mut command, "tipsom", &mut script);
    let mut out = Target::open(None)?;
    out.write_all(&script)?;
    out.finish()
}
