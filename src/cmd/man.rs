//! `tipsom man`: the manual page, in roff, from the same definition as `--help`.

use crate::error::{Error, Kind, Result};
use crate::output::Target;
use clap::CommandFactory;
use std::path::PathBuf;

/// Print the manual page (or write one page per subcommand into a folder).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tipsom man | man -l -
  tipsom man > ~/.local/share/man/man1/tipsom.1
  tipsom man --dir ~/.local/share/man/man1      # tipsom.1, tipsom-classify.1, ...")]
pub struct Args {
    /// Write tipsom.1 and one page per subcommand (tipsom-classify.1, ...) into this folder.
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

/// Runs `man`.
pub fn run(args: Args) -> Result<()> {
    let command = crate::cli::Cli::command();
    if let Some(dir) = &args.dir {
        return write_pages(command, dir);
    }
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|e| Error::output("the manual page", &e))?;
    let mut out = Target::open(None)?;
    out.write_all(&page)?;
    out.finish()
}

/// Writes every page into `dir`, which must exist.
fn write_pages(command: clap::Command, dir: &std::path::Path) -> Result<()> {
    if !dir.is_dir() {
        return Err(Error {
            kind: Kind::Output,
            message: format!(
                "cannot write the manual pages: {} is not a folder. Create it first.",
                dir.display()
            ),
        });
    }
    clap_mangen::generate_to(command, dir)
        .map_err(|e| Error::output(&dir.display().to_string(), &e))
}
