//! tipsom: tells trafficking in persons apart from smuggling of migrants in free-text
//! case descriptions, and explains itself in the terms of the UN protocols.
//!
//! The data flow, one module per stage:
//! CSV rows ([`input`]) → text analysis ([`analysis`]) → features ([`features`]) →
//! model ([`model`]) → verdict and explanation ([`verdict`]) → writers ([`output`]).
//! The subcommands in [`cmd`] only wire the stages together.
#![forbid(unsafe_code)]

pub mod analysis;
pub mod cli;
pub mod cmd;
pub mod decimal;
pub mod error;
pub mod features;
pub mod input;
pub mod label;
pub mod metrics;
pub mod model;
pub mod output;
pub mod verdict;
pub mod wordmap;
