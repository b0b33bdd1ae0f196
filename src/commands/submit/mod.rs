//! `panel submit FILE...`: each file through intake → extract → privacy →
//! plan → store, reported in input order. Files are read in parallel, one
//! per core (reading a picture runs one Tesseract process); the store takes
//! them one at a time in input order. One file's failure never stops the
//! others, and nothing of a failed file reaches the store.

mod inputs;
mod reader;
mod report;

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use chrono::NaiveDate;

use crate::app::{Ctx, Outcome};
use crate::clock::parse_date;
use crate::commands::Output;
use crate::intake;
use crate::plan::SharePlan;
use crate::privacy::Kind;
use crate::render;
use crate::store::Store;
use inputs::{Input, expand_folders, note_skipped};
use reader::{Reader, Refused};
use report::{print_human, write_preview};

pub use report::{FileReport, MissingField};

#[derive(Debug, clap::Args)]
#[command(mut_arg("json", |a| a.help("Print a JSON array, one object per file in input order")))]
pub struct Args {
    /// Receipt files (JPEG, PNG, WebP, TIFF, PDF, plain text or e-mail), or
    /// folders of them
    #[arg(required = true, value_name = "FILE", value_hint = clap::ValueHint::AnyPath)]
    pub files: Vec<PathBuf>,
    /// OCR languages in Tesseract's form, e.g. deu+eng (default: ocr.languages
    /// in config.toml)
    #[arg(long, value_name = "LANGS")]
    pub lang: Option<String>,
    /// The shop's name, replacing what is read from the receipt
    #[arg(long)]
    pub merchant: Option<String>,
    /// Purchase date, YYYY-MM-DD
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// Total paid, e.g. 12.34, 12,34, 1.234,56 or "12,34 EUR"
    #[arg(long, value_name = "AMOUNT")]
    pub total: Option<String>,
    /// Kind of shop: grocery, pharmacy, drugstore, restaurant, cinema,
    /// "department store", electronics, hardware, fuel or other
    #[arg(long)]
    pub category: Option<String>,
    /// Share this kind of personal data on these receipts although it is
    /// withheld by default (repeat or separate with commas): email, phone,
    /// card, iban, name, loyalty, address
    #[arg(long, value_name = "KIND", value_delimiter = ',')]
    pub share: Vec<Kind>,
    /// Withhold this kind although config.toml's privacy.share shares it
    #[arg(long, value_name = "KIND", value_delimiter = ',')]
    pub withhold: Vec<Kind>,
    /// Share the health data of these receipts (a pharmacy's line items,
    /// medicine lines); without it they are withheld. Recorded with the
    /// receipt.
    #[arg(long)]
    pub consent_health: bool,
    /// Show the share plan (what would be kept and withheld, with the
    /// withheld values on a terminal), write a preview of the shared
    /// content to a temporary file (removed a day later), and record nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub output: Output,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<Outcome> {
    let mut reader = Reader::new(ctx, args)?;
    let mut store = if args.dry_run {
        ctx.preview_store()?
    } else {
        ctx.open_store()?
    };
    if store.device_consent()? {
        reader.choices.device = Some(ctx.device());
    }
    let (files, skipped) = expand_folders(&args.files);
    note_skipped(ctx, &skipped)?;
    let mut reports = Vec::with_capacity(files.len());
    let progress = ctx.out.progress(files.len());
    let read = |_: usize, run: &[Input]| -> Vec<Result<SharePlan>> {
        let plans = reader.read_all(run);
        progress.inc(run.len() as u64);
        plans
    };
    let workers = crate::parallel::cores();
    let stored =
        crate::parallel::in_order_runs(&files, workers, intake::READ_TOGETHER, read, |i, plan| {
            let file = files[i].path();
            progress.set_message(render::path(file));
            let report =
                match plan.and_then(|plan| store_one(ctx, &mut store, file, plan, args.dry_run)) {
                    Ok(report) => report,
                    Err(e) if is_store_failure(&e) => return Err(e),
                    Err(e) => match e.downcast::<Refused>() {
                        Ok(refused) => FileReport::refused(file, args.dry_run, refused)?,
                        Err(e) => FileReport::failed(file, args.dry_run, format!("{e:#}")),
                    },
                };
            if !args.output.json {
                // A lone file's failure is printed as the command's error;
                // what was read of it comes first.
                let alone = files.len() == 1;
                progress.suspend(|| print_human(ctx, &report, !alone || report.ok))?;
            }
            reports.push(report);
            Ok(())
        });
    progress.finish_and_clear();
    stored?;
    let failed = reports.iter().filter(|r| !r.ok).count();
    if args.output.json {
        ctx.out.json(&reports)?;
    } else if reports.len() > 1 {
        let done = if args.dry_run {
            "would be recorded"
        } else {
            "recorded"
        };
        ctx.out.note(format!(
            "{} {done}, {failed} failed",
            reports.len() - failed
        ))?;
    }
    Ok(match failed {
        0 => Outcome::Success,
        _ if reports.len() > 1 => Outcome::Partial,
        _ => bail_single(&reports[0])?,
    })
}

/// A lone file's failure is the command's failure: exit 1 with its message.
fn bail_single(report: &FileReport) -> Result<Outcome> {
    bail!(
        "{}: {}",
        render::safe(&report.file),
        render::safe(report.error.as_deref().unwrap_or("failed"))
    )
}

fn store_one(
    ctx: &Ctx,
    store: &mut Store,
    file: &Path,
    plan: SharePlan,
    dry_run: bool,
) -> Result<FileReport> {
    let at = ctx.program_today();
    if dry_run {
        if let Some(conflict) = store.check_duplicate(&plan.receipt())? {
            return Err(Refused::error(conflict, plan, dry_run));
        }
        let state = store.next_state(&at)?;
        let mut report = FileReport::planned(file, &plan, None, Some(state));
        report.preview = write_preview(&plan)?;
        return Ok(report);
    }
    match store.record(&plan.receipt(), &at)? {
        Ok((id, state)) => Ok(FileReport::planned(file, &plan, Some(id), Some(state))),
        Err(conflict) => Err(Refused::error(conflict, plan, dry_run)),
    }
}

fn is_store_failure(e: &anyhow::Error) -> bool {
    e.downcast_ref::<crate::store::StoreError>().is_some()
}
