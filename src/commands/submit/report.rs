//! What became of each file: the `--json` object and the lines for people,
//! with what was read of a refused file and, in a dry run, its share plan.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::reader::Refused;
use crate::app::Ctx;
use crate::extract::{Confidence, Fields, Item};
use crate::plan::SharePlan;
use crate::privacy::Kind;
use crate::render;
use crate::store::receipts::ReceiptState;

/// What happened to one file; also the `--json` object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    pub file: String,
    pub ok: bool,
    pub dry_run: bool,
    pub id: Option<String>,
    pub state: Option<ReceiptState>,
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

impl FileReport {
    pub fn planned(
        file: &Path,
        plan: &SharePlan,
        id: Option<String>,
        state: Option<ReceiptState>,
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
    pub fn refused(file: &Path, dry_run: bool, refused: Refused) -> Result<FileReport> {
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

    pub fn failed(file: &Path, dry_run: bool, error: String) -> FileReport {
        FileReport {
            file: file.to_string_lossy().into_owned(),
            dry_run,
            error: Some(error),
            ..FileReport::default()
        }
    }
}

/// One file's report for people. `headline`: print the failure line of a
/// failed file (not when the command's error says it).
pub fn print_human(ctx: &mut Ctx, report: &FileReport, headline: bool) -> Result<()> {
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
    let state = report.state.map_or("-", ReceiptState::as_str);
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

/// Writes the content that would be shared to a new temporary file only
/// the panelist can read, and returns its path (it lives a day: see
/// `previews`).
pub fn write_preview(plan: &SharePlan) -> Result<Option<String>> {
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
