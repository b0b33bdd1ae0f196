//! `panel submit FILE...`: each file through intake → extract → privacy →
//! plan → store, reported in input order. Files are read in parallel, one
//! per core (reading a picture runs one Tesseract process); the store takes
//! them one at a time in input order. One file's failure never stops the
//! others, and nothing of a failed file reaches the store.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::app::{Ctx, Outcome};
use crate::clock::parse_date;
use crate::extract::{self, CATEGORIES, Confidence, Fields, Item, Overrides, normalise_category};
use crate::money::Money;
use crate::plan::{self, Choices, Refusal, SharePlan};
use crate::privacy::Kind;
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
    pub error: Option<String>,
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
    };
    let mut store = ctx.open_store()?;
    if store.device_consent()? {
        reader.choices.device = Some(ctx.device());
    }
    let files = expand_folders(&args.files);
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
            progress.set_message(file.to_string_lossy().into_owned());
            let report =
                match plan.and_then(|plan| store_one(ctx, &mut store, file, plan, args.dry_run)) {
                    Ok(report) => report,
                    Err(e) if is_store_failure(&e) => return Err(e),
                    Err(e) => FileReport::failed(file, args.dry_run, format!("{e:#}")),
                };
            if !args.json && (report.ok || files.len() > 1) {
                progress.suspend(|| print_human(ctx, &report))?;
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

/// Each folder replaced by the files directly inside it, by name; hidden
/// files and subfolders are left out. An empty folder is refused.
fn expand_folders(paths: &[PathBuf]) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if !path.is_dir() {
            inputs.push(Input::File(path.clone()));
            continue;
        }
        let mut inside: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(entries) => entries
                .filter_map(|e| e.ok())
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(|e| e.path())
                .filter(|p| !p.is_dir())
                .collect(),
            Err(e) => {
                inputs.push(Input::Refused(
                    path.clone(),
                    format!("is a folder that cannot be listed: {e}"),
                ));
                continue;
            }
        };
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
    inputs
}

/// A lone file's failure is the command's failure: exit 1 with its message.
fn bail_single(report: &FileReport) -> Result<Outcome> {
    bail!(
        "{}: {}",
        report.file,
        report.error.as_deref().unwrap_or("failed")
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
        max_bytes: ctx.config.submit.max_file_bytes,
        ocr: intake::OcrSettings {
            program: ocr.program.clone(),
            languages,
            timeout: Duration::from_secs(ocr.timeout_secs),
        },
        ocr_optional: overrides.complete(),
        second_pass: Some(Arc::new(move |text: &str| {
            extract::is_unsure(text, &settings)
        })),
        privacy_look: Some(Arc::new(move |text: &str| {
            privacy::prints_a_card(text, &detectors)
        })),
        ..intake::Options::default()
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
        let mut documents = intake::read_all(&paths, &self.options).into_iter();
        run.iter()
            .map(|input| match input {
                Input::File(_) => self.plan(documents.next().expect("one per file")?),
                Input::Refused(_, reason) => Err(anyhow::anyhow!("{reason}")),
            })
            .collect()
    }

    fn plan(&self, document: intake::Document) -> Result<SharePlan> {
        let fields = extract::extract(&document, &self.overrides, &self.settings);
        let findings = privacy::detect_with(&document, &self.detectors);
        let plan = plan::build(
            document,
            fields,
            &findings,
            &self.choices,
            &self.rules,
            self.today,
        );
        plan.map_err(|refusal| match refusal {
            Refusal::Ineligible(reason) => anyhow::Error::new(reason),
            Refusal::Failed(e) => e,
        })
    }
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
            bail!(conflict);
        }
        let state = store.next_state(&at)?;
        let mut report = FileReport::planned(file, &plan, None, state);
        report.preview = write_preview(&plan)?;
        return Ok(report);
    }
    match store.record(&plan, &at)? {
        Ok((id, state)) => Ok(FileReport::planned(file, &plan, Some(id), state)),
        Err(conflict) => bail!(conflict),
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
    fn planned(file: &Path, plan: &SharePlan, id: Option<String>, state: State) -> FileReport {
        let fields: &Fields = &plan.fields;
        FileReport {
            file: file.to_string_lossy().into_owned(),
            ok: true,
            dry_run: id.is_none(),
            id,
            state: Some(state),
            merchant: fields.merchant.clone(),
            purchase_date: fields.purchase_date,
            total_minor: fields.total.as_ref().map(|t| t.minor),
            currency: Some(fields.currency().to_string()),
            category: Some(fields.category.clone()),
            items: fields.items.clone(),
            confidence: Some(fields.confidence),
            review: fields.to_review().into_iter().map(String::from).collect(),
            withheld: plan.withheld.clone(),
            shared_findings: plan.shared_findings.clone(),
            health_receipt: plan.health.receipt,
            health_consent: plan.health.consent,
            items_withheld: plan.health.items_withheld,
            device_shared: plan.device.is_some(),
            shared_bytes: plan.shared.as_ref().map(|s| s.bytes.len() as u64),
            preview: None,
            values: plan.preview_values.clone(),
            error: None,
        }
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
            error: Some(error),
        }
    }
}

fn print_human(ctx: &mut Ctx, report: &FileReport) -> Result<()> {
    if let Some(error) = &report.error {
        ctx.out
            .note(format!("failed    {}: {error}", report.file))?;
        return Ok(());
    }
    let verb = if report.dry_run {
        "would record"
    } else {
        "recorded"
    };
    let id = report.id.as_deref().unwrap_or("-");
    let state = report.state.map_or("-", State::as_str);
    let currency = report.currency.as_deref().unwrap_or("");
    let mut line = format!(
        "{verb}  {id}  {}  {} · {} · {} · {} · {state}",
        report.file,
        render::or_dash(report.merchant.as_deref()),
        render::or_dash(report.purchase_date),
        render::money(report.total_minor, currency),
        report.category.as_deref().unwrap_or("-"),
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
        ctx.out.line(format!("    {:<8} {value}", kind.as_str()))?;
    }
    if let Some(health) = health_line(report) {
        ctx.out.line(format!("  {health}"))?;
    }
    if let Some(preview) = &report.preview {
        ctx.out.line(format!("  preview:  {preview}"))?;
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
