//! `panel audit export | verify | checkpoint`.

mod verify;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use chrono::NaiveDate;
use serde_json::json;

use crate::app::{Ctx, Outcome};
use crate::audit::export::{self, ExportContext, Format};
use crate::audit::output::Target;
use crate::audit::verify::Checkpoint;
use crate::clock::parse_date;
use crate::proof::merkle::{RootBuilder, leaf_hash, to_hex};
use crate::store::audit::{self as store_audit, Period};

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
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Print the ledger's tree size and root as SIZE:ROOT
    Checkpoint {
        /// Print JSON
        #[arg(long)]
        json: bool,
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
            export_to(ctx, *format, period, output.as_deref(), *follow_symlink)?;
            Ok(Outcome::Success)
        }
        Action::Verify {
            files,
            checkpoint,
            json,
        } => verify::verify_files(ctx, files, *checkpoint, *json),
        Action::Checkpoint { json } => checkpoint(ctx, *json).map(|()| Outcome::Success),
    }
}

fn export_to(
    ctx: &mut Ctx,
    format: Format,
    period: Period,
    output: Option<&Path>,
    follow_symlink: bool,
) -> Result<()> {
    // The destination is checked before the store is touched.
    let target = output
        .map(|path| Target::open(path, follow_symlink))
        .transpose()?;
    let mut store = ctx.read_store()?;
    let at = ctx.moment();
    let export_ctx = ExportContext {
        config: &ctx.config,
        at,
        period,
        device: ctx.device(),
    };
    let bind = |tx: &rusqlite::Transaction| export::bindings(tx, &export_ctx);
    // The export is written and delivered inside the transaction that
    // records it, so an export that fails leaves no `export_made` entry.
    match target {
        None => {
            let stdout = std::io::stdout();
            store.audit_export(&at, format.name(), bind, |tx| {
                let mut writer = BufWriter::with_capacity(1 << 16, stdout.lock());
                export::write(tx, &export_ctx, format, &mut writer)?;
                writer.flush()?;
                Ok(())
            })?;
        }
        Some(target) => {
            let (size, root) = store.audit_export(&at, format.name(), bind, |tx| {
                let mut writer = BufWriter::with_capacity(1 << 16, target);
                let written = export::write(tx, &export_ctx, format, &mut writer)?;
                writer.into_inner().map_err(|e| e.into_error())?.deliver()?;
                Ok(written)
            })?;
            let path = output.expect("a target has a path");
            ctx.out.note(format!(
                "wrote {} ({size} ledger entries, root {root})",
                path.display()
            ))?;
        }
    }
    Ok(())
}

fn checkpoint(ctx: &mut Ctx, json: bool) -> Result<()> {
    let store = ctx.read_store()?;
    let mut tree = RootBuilder::new();
    store_audit::for_each_entry(store.conn(), |entry| {
        tree.push(leaf_hash(entry));
        Ok(())
    })?;
    let checkpoint = Checkpoint {
        size: tree.len(),
        root: tree.root(),
    };
    if json {
        ctx.out
            .json(&json!({ "size": checkpoint.size, "root": to_hex(&checkpoint.root) }))?;
    } else {
        ctx.out.line(checkpoint.to_string())?;
    }
    Ok(())
}
