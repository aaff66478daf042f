//! tipsom: trafficking in persons or smuggling of migrants? See README.md.
#![forbid(unsafe_code)]

mod analysis;
mod cli;
mod cmd;
mod error;
mod features;
mod input;
mod label;
mod metrics;
mod model;
mod output;
mod verdict;

use clap::Parser;

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
