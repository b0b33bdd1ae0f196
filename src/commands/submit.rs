//! `panel submit FILE...`: each file through intake → extract → privacy →
//! plan → store, reported in input order. Files are read in parallel, one
//! per core (reading a picture runs one Tesseract process); the store takes
//! them one at a time in input order. One file's failure never stops the
//! others, and nothing of a failed file reaches the store.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::app::{Ctx, Outcome};
use crate::clock::parse_date;
use crate::extract::{self, CATEGORIES, Confidence, Fields, Item, Overrides, normalise_category};
use crate::isolate;
use crate::money::Money;
use crate::plan::{self, Choices, SharePlan};
use crate::privacy::Kind;
use crate::program::eligibility::{self, Ineligible};
use crate::render;
use crate::store::Store;
use crate::store::receipts::State;
use crate::{intake, privacy};

#[derive(Debug, clap::Args)]
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
    /// Print a JSON array, one object per file in input order
    #[arg(long)]
    pub json: bool,
}

/// What happened to one file; also the `--json` object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    pub file: String,
    pub ok: bool,
    pub dry_run: bool,
    pub id: Option<String>,
    pub state: Option<State>,
    pub merchant: Option<String>,
    pub purchase_date: Option<NaiveDate>,
    pub total_minor: Option<i64>,
    pub currency: Option<String>,
    pub category: Option<String>,
    #[serde(default)]
    pub items: Vec<Item>,
    /// 0 to 100 per field; 100 when given on the command line.
    pub confidence: Option<Confidence>,
    /// Fields read with low confidence: check them.
    #[serde(default)]
    pub review: Vec<String>,
    /// Kind of personal data → how many were withheld.
    pub withheld: BTreeMap<String, u64>,
    /// Kind → how many were found and shared by the panelist's choice.
    #[serde(default)]
    pub shared_findings: BTreeMap<String, u64>,
    /// A pharmacy or drugstore receipt.
    #[serde(default)]
    pub health_receipt: bool,
    /// Health data shared by `--consent-health`.
    #[serde(default)]
    pub health_consent: bool,
    /// Line items withheld as health data.
    #[serde(default)]
    pub items_withheld: u64,
    /// Device data goes with the receipt (`panel consent device on`).
    #[serde(default)]
    pub device_shared: bool,
    pub shared_bytes: Option<u64>,
    /// `--dry-run`: a temporary file holding the content that would be
    /// shared.
    #[serde(default)]
    pub preview: Option<String>,
    /// The withheld values, printed in a dry run on a terminal and nowhere
    /// else.
    #[serde(skip)]
    pub values: Vec<(Kind, String)>,
    /// Fields that could not be read, each with the flag that gives it.
    #[serde(default)]
    pub missing: Vec<MissingField>,
    pub error: Option<String>,
}

/// A field the receipt did not yield and the flag that supplies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingField {
    pub field: String,
    pub flag: String,
}

/// The fields the program needs that `fields` lacks.
fn missing(fields: &Fields) -> Vec<MissingField> {
    [
        ("merchant", fields.merchant.is_none(), "--merchant NAME"),
        (
            "purchase date",
            fields.purchase_date.is_none(),
            "--date YYYY-MM-DD",
        ),
        ("total", fields.total.is_none(), "--total AMOUNT"),
    ]
    .into_iter()
    .filter(|(_, absent, _)| *absent)
    .map(|(field, _, flag)| MissingField {
        field: field.into(),
        flag: flag.into(),
    })
    .collect()
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<Outcome> {
    let overrides = overrides(ctx, args)?;
    let mut choices = Choices::new(
        &ctx.config.privacy.share,
        &args.share,
        &args.withhold,
        args.consent_health,
    )?;
    choices.show_values = args.dry_run && !args.json && ctx.out.stdout_is_terminal;
    let mut reader = Reader {
        options: read_options(ctx, args, &overrides)?,
        settings: extract_settings(ctx),
        overrides,
        detectors: ctx.config.privacy.clone(),
        choices,
        rules: ctx.config.program.clone(),
        today: ctx.clock.today(),
        dry_run: args.dry_run,
    };
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
            if !args.json {
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
    if args.json {
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

/// A file to submit, or a path that holds none.
enum Input {
    File(PathBuf),
    Refused(PathBuf, String),
}

impl Input {
    fn path(&self) -> &Path {
        match self {
            Input::File(p) | Input::Refused(p, _) => p,
        }
    }
}

/// What a folder held besides receipt files: named in a note, not read.
#[derive(Debug, Default, PartialEq, Eq)]
struct Skipped {
    folders: Vec<PathBuf>,
    /// Pipes, sockets and devices: reading one could wait forever.
    special: Vec<PathBuf>,
}

/// Each folder replaced by the regular files directly inside it, by name;
/// hidden files are left out. Subfolders are not walked (a folder of
/// receipts is one month's pile, and walking would pick up whatever else
/// lies below it): they are named in a note, as are pipes, sockets and
/// devices, which are never opened. A folder with nothing to read is
/// refused.
fn expand_folders(paths: &[PathBuf]) -> (Vec<Input>, Skipped) {
    let mut inputs = Vec::new();
    let mut skipped = Skipped::default();
    for path in paths {
        if !path.is_dir() {
            inputs.push(Input::File(path.clone()));
            continue;
        }
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => {
                inputs.push(Input::Refused(
                    path.clone(),
                    format!("is a folder that cannot be listed: {e}"),
                ));
                continue;
            }
        };
        let mut inside = Vec::new();
        for entry in entries.filter_map(|e| e.ok()) {
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            // Following links: a link to a receipt is a receipt.
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => skipped.folders.push(path),
                Ok(meta) if !meta.is_file() => skipped.special.push(path),
                _ => inside.push(path),
            }
        }
        if inside.is_empty() {
            inputs.push(Input::Refused(
                path.clone(),
                "is a folder with no receipt files in it; put receipts in it or pass the files"
                    .into(),
            ));
            continue;
        }
        inside.sort();
        inputs.extend(inside.into_iter().map(Input::File));
    }
    skipped.folders.sort();
    skipped.special.sort();
    (inputs, skipped)
}

/// Names what folders held that was not read, on standard error.
fn note_skipped(ctx: &mut Ctx, skipped: &Skipped) -> Result<()> {
    let names = |paths: &[PathBuf]| {
        paths
            .iter()
            .map(|p| render::path(p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !skipped.folders.is_empty() {
        ctx.out.note(format!(
            "note: subfolders are not read: {}; pass them too to submit what they hold",
            names(&skipped.folders)
        ))?;
    }
    if !skipped.special.is_empty() {
        ctx.out.note(format!(
            "note: skipped what is not a regular file (a pipe, socket or device): {}",
            names(&skipped.special)
        ))?;
    }
    Ok(())
}

/// A lone file's failure is the command's failure: exit 1 with its message.
fn bail_single(report: &FileReport) -> Result<Outcome> {
    bail!(
        "{}: {}",
        render::safe(&report.file),
        render::safe(report.error.as_deref().unwrap_or("failed"))
    )
}

fn overrides(ctx: &Ctx, args: &Args) -> Result<Overrides> {
    let currency = &ctx.config.submit.default_currency;
    let total = match &args.total {
        Some(text) => {
            Some(Money::parse_typed(text, currency).map_err(|e| anyhow::anyhow!("--total: {e}"))?)
        }
        None => None,
    };
    let category = match &args.category {
        Some(text) => {
            let category = normalise_category(text);
            let excluded = &ctx.config.program.excluded_kinds;
            if !CATEGORIES.contains(&category.as_str())
                && !excluded.iter().any(|k| normalise_category(k) == category)
            {
                bail!(
                    "--category {text:?} is not a category; use one of: {}",
                    CATEGORIES.join(", ")
                );
            }
            Some(category)
        }
        None => None,
    };
    let merchant = match &args.merchant {
        Some(m) if m.trim().is_empty() => bail!("--merchant is empty; give the shop's name"),
        Some(m) => Some(m.trim().to_string()),
        None => None,
    };
    Ok(Overrides {
        merchant,
        purchase_date: args.date,
        total,
        category,
    })
}

fn read_options(ctx: &Ctx, args: &Args, overrides: &Overrides) -> Result<intake::Options> {
    let ocr = &ctx.config.ocr;
    let languages = match &args.lang {
        Some(lang) => {
            crate::config::check_languages(lang).map_err(|e| anyhow::anyhow!("--lang: {e}"))?;
            lang.clone()
        }
        None => ocr.languages.clone(),
    };
    let settings = extract_settings(ctx);
    let detectors = ctx.config.privacy.clone();
    Ok(intake::Options {
        ocr_optional: overrides.complete(),
        second_pass: Some(Arc::new(move |text: &str| {
            extract::is_unsure(text, &settings)
        })),
        privacy_look: Some(Arc::new(move |text: &str| {
            privacy::prints_a_card(text, &detectors)
        })),
        ..intake::Options::from_config(&ctx.config, languages)
    })
}

fn extract_settings(ctx: &Ctx) -> extract::Settings {
    extract::Settings::from_config(&ctx.config, ctx.clock.today())
}

/// What reading one file needs, shared by the worker threads.
struct Reader {
    options: intake::Options,
    settings: extract::Settings,
    overrides: Overrides,
    detectors: privacy::DetectorConfig,
    choices: Choices,
    rules: crate::config::Program,
    today: NaiveDate,
    dry_run: bool,
}

impl Reader {
    /// Everything up to the store for a run of files read together:
    /// read, extract, find personal data, plan. Runs on a worker thread.
    fn read_all(&self, run: &[Input]) -> Vec<Result<SharePlan>> {
        let paths: Vec<&Path> = run
            .iter()
            .filter_map(|input| match input {
                Input::File(path) => Some(path.as_path()),
                Input::Refused(..) => None,
            })
            .collect();
        let mut documents = self.read_isolated(&paths).into_iter();
        run.iter()
            .map(|input| match input {
                Input::File(_) => {
                    let document = documents.next().expect("one per file")?;
                    isolate::catch(|| self.plan(document)).unwrap_or_else(|p| Err(internal(p)))
                }
                Input::Refused(_, reason) => Err(anyhow::anyhow!("{reason}")),
            })
            .collect()
    }

    /// Reads files together; when that panics, reads each alone, so that
    /// the panic fails only the file that caused it.
    fn read_isolated(&self, paths: &[&Path]) -> Vec<Result<intake::Document>> {
        let read = |paths: &[&Path]| {
            isolate::catch(|| {
                for path in paths {
                    isolate::test_trigger(&path.to_string_lossy());
                }
                intake::read_all(paths, &self.options)
            })
        };
        match read(paths) {
            Ok(documents) => documents,
            Err(panicked) if paths.len() == 1 => vec![Err(internal(panicked))],
            Err(_) => paths
                .iter()
                .map(|path| match read(std::slice::from_ref(path)) {
                    Ok(mut one) => one.pop().expect("one per file"),
                    Err(panicked) => Err(internal(panicked)),
                })
                .collect(),
        }
    }

    fn plan(&self, document: intake::Document) -> Result<SharePlan> {
        match &document.body {
            intake::Body::Text(text) => isolate::test_trigger(text),
            intake::Body::Picture(picture) => picture
                .all_readings()
                .for_each(|reading| isolate::test_trigger(&reading.text)),
            intake::Body::Opaque => {}
        }
        let unreadable = document.hints.unreadable.clone();
        let fields = extract::extract(&document, &self.overrides, &self.settings);
        let findings = privacy::detect_with(&document, &self.detectors);
        let sender_domain = document.hints.sender_domain.as_deref();
        if let Err(reason) = eligibility::check(&fields, sender_domain, &self.rules, self.today) {
            let reason = match (reason, unreadable) {
                // A file that could not be read at all misses every field:
                // say why, not which field came first.
                (Ineligible::Missing { .. }, Some(why)) => anyhow::anyhow!(
                    "{why}; give its fields with --merchant, --date and --total, or submit a \
                     picture of it"
                ),
                (reason, _) => anyhow::Error::new(reason),
            };
            let plan = match self.dry_run {
                true => Some(plan::build_unchecked(
                    document,
                    fields.clone(),
                    &findings,
                    &self.choices,
                )?),
                false => None,
            };
            return Err(anyhow::Error::new(Refused {
                reason,
                fields,
                plan,
            }));
        }
        plan::build_unchecked(document, fields, &findings, &self.choices)
    }
}

/// A receipt that was read but is not taken: why, with what was read of
/// it, and in a dry run the plan it would have had.
struct Refused {
    reason: anyhow::Error,
    fields: Fields,
    plan: Option<SharePlan>,
}

impl Refused {
    fn error(reason: impl std::fmt::Display, plan: SharePlan, dry_run: bool) -> anyhow::Error {
        anyhow::Error::new(Refused {
            reason: anyhow::anyhow!("{reason}"),
            fields: plan.fields.clone(),
            plan: dry_run.then_some(plan),
        })
    }
}

impl std::fmt::Debug for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Refused({:#})", self.reason)
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#}", self.reason)
    }
}

impl std::error::Error for Refused {}

/// A bug met while reading one file, as that file's failure.
fn internal(panicked: isolate::Panicked) -> anyhow::Error {
    anyhow::anyhow!(
        "internal error while reading this file: {panicked}; please report it \
         (the other files are not affected)"
    )
}

fn store_one(
    ctx: &Ctx,
    store: &mut Store,
    file: &Path,
    plan: SharePlan,
    dry_run: bool,
) -> Result<FileReport> {
    let at = ctx.moment();
    if dry_run {
        if let Some(conflict) = store.check_duplicate(&plan)? {
            return Err(Refused::error(conflict, plan, dry_run));
        }
        let state = store.next_state(&at)?;
        let mut report = FileReport::planned(file, &plan, None, Some(state));
        report.preview = write_preview(&plan)?;
        return Ok(report);
    }
    match store.record(&plan, &at)? {
        Ok((id, state)) => Ok(FileReport::planned(file, &plan, Some(id), Some(state))),
        Err(conflict) => Err(Refused::error(conflict, plan, dry_run)),
    }
}

/// Writes the content that would be shared to a new temporary file only
/// the panelist can read, and returns its path (it lives a day: see
/// `previews`).
fn write_preview(plan: &SharePlan) -> Result<Option<String>> {
    let Some(shared) = &plan.shared else {
        return Ok(None);
    };
    let suffix = match shared.mime {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        _ => ".txt",
    };
    let mut file = crate::previews::new_preview(suffix)?;
    file.write_all(&shared.bytes)
        .context("cannot write the preview")?;
    let (_, path) = file
        .keep()
        .context("cannot keep the preview's temporary file")?;
    Ok(Some(path.to_string_lossy().into_owned()))
}

fn is_store_failure(e: &anyhow::Error) -> bool {
    e.downcast_ref::<crate::store::StoreError>().is_some()
}

impl FileReport {
    fn planned(
        file: &Path,
        plan: &SharePlan,
        id: Option<String>,
        state: Option<State>,
    ) -> FileReport {
        FileReport {
            dry_run: id.is_none(),
            id,
            state,
            withheld: plan.withheld.clone(),
            shared_findings: plan.shared_findings.clone(),
            health_receipt: plan.health.receipt,
            health_consent: plan.health.consent,
            items_withheld: plan.health.items_withheld,
            device_shared: plan.device.is_some(),
            shared_bytes: plan.shared.as_ref().map(|s| s.bytes.len() as u64),
            preview: None,
            values: plan.preview_values.clone(),
            ..FileReport::read(file, &plan.fields)
        }
    }

    /// What was read of a file, whatever became of it.
    fn read(file: &Path, fields: &Fields) -> FileReport {
        FileReport {
            merchant: fields.merchant.clone(),
            purchase_date: fields.purchase_date,
            total_minor: fields.total.as_ref().map(|t| t.minor),
            currency: Some(fields.currency().to_string()),
            category: Some(fields.category.clone()),
            items: fields.items.clone(),
            confidence: Some(fields.confidence),
            review: fields.to_review().into_iter().map(String::from).collect(),
            missing: missing(fields),
            ok: true,
            error: None,
            ..FileReport::failed(file, false, String::new())
        }
    }

    /// A refused receipt: the fields read and, in a dry run, the plan.
    fn refused(file: &Path, dry_run: bool, refused: Refused) -> Result<FileReport> {
        let mut report = match &refused.plan {
            Some(plan) => {
                let mut report = FileReport::planned(file, plan, None, None);
                report.preview = write_preview(plan)?;
                report
            }
            None => FileReport::read(file, &refused.fields),
        };
        report.ok = false;
        report.dry_run = dry_run;
        report.error = Some(format!("{:#}", refused.reason));
        Ok(report)
    }

    fn failed(file: &Path, dry_run: bool, error: String) -> FileReport {
        FileReport {
            file: file.to_string_lossy().into_owned(),
            ok: false,
            dry_run,
            id: None,
            state: None,
            merchant: None,
            purchase_date: None,
            total_minor: None,
            currency: None,
            category: None,
            items: Vec::new(),
            confidence: None,
            review: Vec::new(),
            withheld: Default::default(),
            shared_findings: Default::default(),
            health_receipt: false,
            health_consent: false,
            items_withheld: 0,
            device_shared: false,
            shared_bytes: None,
            preview: None,
            values: Vec::new(),
            missing: Vec::new(),
            error: Some(error),
        }
    }
}

/// One file's report for people. `headline`: print the failure line of a
/// failed file (not when the command's error says it).
fn print_human(ctx: &mut Ctx, report: &FileReport, headline: bool) -> Result<()> {
    if let Some(error) = &report.error {
        if headline {
            ctx.out.note(format!(
                "failed    {}: {}",
                render::safe(&report.file),
                render::safe(error)
            ))?;
        }
        return print_what_was_read(ctx, report);
    }
    let verb = if report.dry_run {
        "would record"
    } else {
        "recorded"
    };
    let id = report.id.as_deref().unwrap_or("-");
    let state = report.state.map_or("-", State::as_str);
    let mut line = format!(
        "{verb}  {id}  {}  {} · {state}",
        render::safe(&report.file),
        fields_line(report),
    );
    if !report.dry_run && !report.withheld.is_empty() {
        line.push_str(&format!(
            " · withheld: {}",
            render::counts(&report.withheld)
        ));
    }
    if !report.review.is_empty() {
        line.push_str(&format!(
            " · check: {} (read with low confidence; correct with flags)",
            report.review.join(", ")
        ));
    }
    ctx.out.line(line)?;
    if report.dry_run {
        print_plan(ctx, report)?;
    } else if let Some(health) = health_line(report) {
        ctx.out.line(format!("  {health}"))?;
    }
    Ok(())
}

/// `merchant · date · total · category`, each escaped, `-` when unknown.
fn fields_line(report: &FileReport) -> String {
    format!(
        "{} · {} · {} · {}",
        render::or_dash(report.merchant.as_deref()),
        render::or_dash(report.purchase_date),
        render::money(
            report.total_minor,
            &render::safe(report.currency.as_deref().unwrap_or(""))
        ),
        render::or_dash(report.category.as_deref().filter(|c| !c.is_empty())),
    )
}

/// Under a failed file: what was read of it, what is missing and the
/// flags that give it, and in a dry run the plan it would have had.
fn print_what_was_read(ctx: &mut Ctx, report: &FileReport) -> Result<()> {
    if report.confidence.is_none() {
        return Ok(());
    }
    ctx.out
        .note(format!("  read:     {}", fields_line(report)))?;
    if !report.missing.is_empty() {
        let missing: Vec<String> = report
            .missing
            .iter()
            .map(|m| format!("{} ({})", m.field, m.flag))
            .collect();
        ctx.out.note(format!(
            "  missing:  {}; give them with these flags",
            missing.join(", ")
        ))?;
    }
    // A refused file in a dry run always carries its plan.
    if report.dry_run {
        print_plan(ctx, report)?;
    }
    Ok(())
}

/// The share plan of a dry run, under the receipt's line.
fn print_plan(ctx: &mut Ctx, report: &FileReport) -> Result<()> {
    let mut kept = vec!["merchant", "purchase date", "total", "currency", "category"];
    let items = match report.items.len() {
        1 => "1 line item".to_string(),
        n => format!("{n} line items"),
    };
    if !report.items.is_empty() {
        kept.push(&items);
    }
    if report.device_shared {
        kept.push("device data (panel consent device)");
    }
    let content = match report.shared_bytes {
        Some(bytes) => format!("the redacted content ({bytes} bytes)"),
        None => "no content (fields only)".to_string(),
    };
    ctx.out
        .line(format!("  shares:   {}; {content}", kept.join(", ")))?;
    if !report.shared_findings.is_empty() {
        ctx.out.line(format!(
            "  shares by your choice: {}",
            render::counts(&report.shared_findings)
        ))?;
    }
    let withheld = if !report.withheld.is_empty() {
        render::counts(&report.withheld)
    } else if report.shared_findings.is_empty() {
        "nothing (no personal data found)".to_string()
    } else {
        "nothing".to_string()
    };
    ctx.out.line(format!("  withholds: {withheld}"))?;
    for (kind, value) in &report.values {
        ctx.out
            .line(format!("    {:<8} {}", kind.as_str(), render::safe(value)))?;
    }
    if let Some(health) = health_line(report) {
        ctx.out.line(format!("  {health}"))?;
    }
    if let Some(preview) = &report.preview {
        ctx.out
            .line(format!("  preview:  {}", render::safe(preview)))?;
    }
    Ok(())
}

fn health_line(report: &FileReport) -> Option<String> {
    match (report.health_receipt, report.health_consent) {
        (_, true) => Some("health data shared: --consent-health given".to_string()),
        (true, false) => Some(format!(
            "health: a pharmacy or drugstore receipt, so its {} are withheld; \
             pass --consent-health to share them",
            match report.items_withheld {
                0 => "medicine lines".to_string(),
                n => format!("{n} line items and medicine lines"),
            }
        )),
        (false, false) if report.items_withheld > 0 => Some(format!(
            "health: {} medicine line items withheld; pass --consent-health to share them",
            report.items_withheld
        )),
        _ => None,
    }
}
