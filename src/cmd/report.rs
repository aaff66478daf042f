//! `tipsom report`: the verdicts of `classify` as one self-contained HTML page.

use crate::error::Result;
use crate::model::Model;
use crate::output::html::{HtmlSink, ReportInfo};
use crate::output::progress::Progress;
use crate::output::{Sink, Target};
use std::path::PathBuf;
use std::time::SystemTime;

/// Default cap on the cases shown as cards.
pub const DEFAULT_MAX_CARDS: usize = 2000;

/// Write an HTML report: summary charts, elements per label, one card per case.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tipsom report data/sample.csv -o report.html
  tipsom report cases.csv more.csv -o report.html --max-cards 500
  cat cases.csv | tipsom report > report.html

The page is one file with no scripts and nothing to download: it opens offline and is
safe to e-mail. The summary counts every case; cards show the first --max-cards cases
(each card holds its text in memory until the page is written).")]
pub struct Args {
    /// CSV files with a header row; `-` reads standard input.
    #[arg(default_value = "-")]
    pub inputs: Vec<String>,
    /// Write here instead of standard output (replaced only when complete).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Most cases shown as cards (the first ones, in input order); the summary counts all.
    #[arg(long, default_value_t = DEFAULT_MAX_CARDS)]
    pub max_cards: usize,
    /// Input, model and thread options.
    #[command(flatten)]
    pub source: super::SourceArgs,
}

/// Runs `report`: reads and classifies like `classify`, streaming, then writes the page.
pub fn run(args: Args) -> Result<()> {
    super::classify::refuse_overwriting_inputs(&args.inputs, args.output.as_deref())?;
    let super::Sources {
        model,
        helpers,
        mut readers,
    } = args.source.open(&args.inputs, &[])?;
    let info = report_info(&args, &model);
    let target = Target::open(args.output.as_deref())?;
    let mut sink: Box<dyn Sink> = Box::new(HtmlSink::new(target, info, args.max_cards));
    let progress = Progress::counter("classifying");
    for reader in &mut readers {
        super::classify::classify_stream(
            helpers.as_ref(),
            &model,
            reader,
            sink.as_mut(),
            &progress,
        )?;
    }
    sink.finish()
}

/// The page's header facts: inputs, model, time.
fn report_info(args: &Args, model: &Model) -> ReportInfo {
    let source = match &args.source.model {
        Some(path) => format!("Model {}", path.display()),
        None => "Built-in model".to_string(),
    };
    ReportInfo {
        inputs: args
            .inputs
            .iter()
            .map(|i| crate::input::display_name(i))
            .collect(),
        model: format!(
            "{source}, trained {} on {} cases, {}",
            model.training.trained_at,
            model.training.rows,
            model.training.cross_validation.summary()
        ),
        generated: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
    }
}
