//! `panel audit export | verify | checkpoint`.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use serde_json::json;

use crate::app::Ctx;
use crate::audit::export::{self, ExportContext, Format};
use crate::audit::merkle::{RootBuilder, leaf_hash, to_hex};
use crate::audit::verify::{self, Checkpoint};
use crate::clock::parse_date;
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
        /// Write to FILE instead of standard output
        #[arg(short, long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
        output: Option<PathBuf>,
    },
    /// Check an export offline: entries, tree, receipts, and an earlier checkpoint
    Verify {
        /// An export in json or jsonl format
        #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
        file: PathBuf,
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

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.action {
        Action::Export {
            format,
            since,
            until,
            output,
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
            export_to(ctx, *format, period, output.as_deref())
        }
        Action::Verify {
            file,
            checkpoint,
            json,
        } => verify_file(ctx, file, *checkpoint, *json),
        Action::Checkpoint { json } => checkpoint(ctx, *json),
    }
}

fn export_to(
    ctx: &mut Ctx,
    format: Format,
    period: Period,
    output: Option<&std::path::Path>,
) -> Result<()> {
    let mut store = ctx.read_store()?;
    let at = ctx.moment();
    let export_ctx = ExportContext {
        config: &ctx.config,
        at,
        period,
        device: ctx.device(),
    };
    match output {
        None => {
            let stdout = std::io::stdout();
            let mut writer = BufWriter::with_capacity(1 << 16, stdout.lock());
            store.audit_snapshot(&at, format.name(), |tx| {
                export::write(tx, &export_ctx, format, &mut writer)
            })?;
            writer.flush()?;
        }
        Some(path) => {
            // Written beside the target and renamed, so a failed export never
            // leaves a half-written file under the name asked for.
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let temp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("cannot write in {}", dir.display()))?;
            let mut writer = BufWriter::with_capacity(1 << 16, temp);
            let (size, root) = store.audit_snapshot(&at, format.name(), |tx| {
                export::write(tx, &export_ctx, format, &mut writer)
            })?;
            let temp = writer.into_inner().map_err(|e| e.into_error())?;
            temp.persist(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            ctx.out.note(format!(
                "wrote {} ({size} ledger entries, root {root})",
                path.display()
            ))?;
        }
    }
    Ok(())
}

fn verify_file(
    ctx: &mut Ctx,
    file: &std::path::Path,
    checkpoint: Option<Checkpoint>,
    json: bool,
) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let verified = verify::verify(&bytes, checkpoint)
        .map_err(|problem| anyhow::anyhow!("{}: {problem}", file.display()))?;
    let root = to_hex(&verified.root);
    if json {
        ctx.out.json(&json!({
            "ok": true,
            "size": verified.size,
            "root": root,
            "receipts": verified.receipts,
            "extends": verified.extends.map(|c| c.to_string()),
        }))?;
    } else {
        ctx.out.line(format!("ok {}:{root}", verified.size))?;
        if let Some(c) = verified.extends {
            ctx.out.note(format!("the log extends checkpoint {c}"))?;
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
