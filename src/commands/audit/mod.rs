//! `panel audit export | verify | checkpoint`.

mod checkpoint;
mod export;
mod verify;

use std::path::PathBuf;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use crate::app::{Ctx, Outcome};
use crate::audit::export::Format;
use crate::audit::verify::Checkpoint;
use crate::clock::parse_date;
use crate::commands::Output;
use crate::store::audit::Period;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Write the complete account of what was shared, withheld and deleted
    Export {
        /// Output format
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Only receipts submitted on or after this day (the ledger is always whole)
        #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
        since: Option<NaiveDate>,
        /// Only receipts submitted on or before this day
        #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
        until: Option<NaiveDate>,
        /// Write to FILE instead of standard output. A regular file is replaced
        /// only once the export is complete; a FIFO or device such as /dev/null
        /// is written in place; a block device is refused
        #[arg(short, long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
        output: Option<PathBuf>,
        /// Write through FILE when it is a symbolic link (refused otherwise)
        #[arg(long, requires = "output")]
        follow_symlink: bool,
    },
    /// Check exports offline: entries, tree, every record against the entry
    /// that commits to it, and an earlier checkpoint
    Verify {
        /// Exports in json or jsonl format, or folders of them (every .json and
        /// .jsonl file inside, checked in parallel); - reads standard input
        #[arg(value_name = "FILE", required = true, value_hint = clap::ValueHint::AnyPath)]
        files: Vec<PathBuf>,
        /// SIZE:ROOT from an earlier `panel audit checkpoint`; proves the log only grew
        #[arg(long, value_name = "SIZE:ROOT")]
        checkpoint: Option<Checkpoint>,
        #[command(flatten)]
        output: Output,
    },
    /// Print the ledger's tree size and root as SIZE:ROOT
    Checkpoint {
        #[command(flatten)]
        output: Output,
    },
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<Outcome> {
    match &args.action {
        Action::Export {
            format,
            since,
            until,
            output,
            follow_symlink,
        } => {
            if let (Some(since), Some(until)) = (since, until)
                && since > until
            {
                bail!("--since {since} is after --until {until}; swap them");
            }
            let period = Period {
                since: *since,
                until: *until,
            };
            export::export_to(ctx, *format, period, output.as_deref(), *follow_symlink)?;
            Ok(Outcome::Success)
        }
        Action::Verify {
            files,
            checkpoint,
            output,
        } => verify::verify_files(ctx, files, *checkpoint, output.json),
        Action::Checkpoint { output } => {
            checkpoint::print(ctx, output.json).map(|()| Outcome::Success)
        }
    }
}
