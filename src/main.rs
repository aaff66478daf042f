//! The `tipsom` command: parse, dispatch, map errors to exit codes. See README.md.
#![forbid(unsafe_code)]

use clap::Parser;
use tipsom::{cli, output};

fn main() {
    let cli = cli::Cli::parse();
    if let Err(error) = cli::run(cli) {
        if !error.message.is_empty() {
            eprintln!(
                "tipsom: error: {}",
                output::terminal::escape(&error.message)
            );
        }
        std::process::exit(error.exit_code());
    }
}
