//! `panel audit export`: the whole account, streamed.
//!
//! Every format is written as the store is read, one receipt and one ledger
//! entry at a time, so memory stays flat however long the ledger is. Ledger
//! entries are written as the exact canonical bytes that were hashed, each
//! with its leaf hash, and the tree size and root follow them, so `verify`
//! can recompute the tree from the file alone.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use data_encoding::HEXLOWER;
use serde::Serialize;
use serde_json::json;

use super::gdpr::{self, ConsentFacts};
use super::receipt_json;
use crate::config::Config;
use crate::device::{DeviceInfo, DeviceSharing};
use crate::money::format_minor;
use crate::month::Month;
use crate::program::progress::MonthProgress;
use crate::program::reward::{RewardModel, RewardState, RewardTerms};
use crate::proof::merkle::{Hash, RootBuilder, leaf_hash, to_hex};
use crate::proof::record;
use crate::store::ProgramToday;
use crate::store::audit::{self, AuditReceipt, Period};
use crate::store::consents::{self, ConsentChange, ConsentKind};
use crate::store::months::{self, MonthSelection};
use crate::store::receipts::rfc3339;
use crate::store::surveys;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON document (the format `audit verify` reads best)
    Json,
    /// One JSON record per line, with a `type` field
    Jsonl,
    /// One row per receipt
    Csv,
    /// A summary for people
    Md,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Md => "md",
        }
    }
}

/// The identity of an export, written at its head.
pub const FORMAT_NAME: &str = "panel-audit-export";
pub const FORMAT_VERSION: u64 = 2;

pub struct ExportContext<'a> {
    pub config: &'a Config,
    /// The export's instant, open month and rules.
    pub at: ProgramToday<'a>,
    pub period: Period,
    /// The device data read now, exported only while device consent is on.
    pub device: DeviceInfo,
}

/// A month's reward as exported: frozen once the month has ended.
#[derive(Debug, Serialize)]
struct Reward {
    month: String,
    counted: u32,
    receipts: u32,
    reward_minor: i64,
    surveys: u32,
    survey_minor: i64,
    total_minor: i64,
    currency: String,
    /// `balance` or `charity:ID`.
    destination: String,
    /// pending, earned, paid or none.
    state: RewardState,
    closed_at: Option<String>,
}

pub fn write(
    tx: &rusqlite::Transaction,
    ctx: &ExportContext,
    format: Format,
    out: &mut dyn Write,
) -> Result<(u64, String)> {
    match format {
        Format::Json => write_json(tx, ctx, out),
        Format::Jsonl => write_jsonl(tx, ctx, out),
        Format::Csv => write_csv(tx, ctx, out),
        Format::Md => write_md(tx, ctx, out),
    }
}

/// What the `export_made` entry holds to bind this export's head, rewards
/// and surveys to the ledger: the SHA-256 of each in canonical form.
pub fn bindings(tx: &rusqlite::Transaction, ctx: &ExportContext) -> Result<serde_json::Value> {
    let head = header(tx, ctx)?;
    let head = record::head_of(head.as_object().expect("the head is an object"));
    Ok(json!({
        "head": record::digest(&head)?,
        "rewards": rewards(tx, ctx)?
            .iter()
            .map(|r| Ok((r.month.clone(), json!(record::digest(&serde_json::to_value(r)?)?))))
            .collect::<Result<serde_json::Map<_, _>>>()?,
        "surveys": record::digest(&serde_json::to_value(surveys::surveys(tx, None)?)?)?,
    }))
}

/// Whether device data is shared, since when, and (only when it is) what
/// it is.
fn device_shared(tx: &rusqlite::Transaction, ctx: &ExportContext) -> Result<DeviceSharing> {
    let consent = consents::device_consent(tx)?;
    Ok(DeviceSharing {
        consent: consent.granted,
        since: consent.since,
        data: consent.granted.then(|| ctx.device.clone()),
    })
}

/// The export's head. `consents` is not in it: the formats stream it.
fn header(tx: &rusqlite::Transaction, ctx: &ExportContext) -> Result<serde_json::Value> {
    let facts = ConsentFacts {
        device: consents::device_consent(tx)?,
        device_ever_granted: consents::device_ever_granted(tx)?,
        health_granted: consents::health_granted(tx)?,
    };
    Ok(json!({
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "panel_version": env!("CARGO_PKG_VERSION"),
        "generated_at": rfc3339(ctx.at.now),
        "period": {
            "since": ctx.period.since.map(|d| d.to_string()),
            "until": ctx.period.until.map(|d| d.to_string()),
        },
        "scope": if ctx.period.since.is_none() && ctx.period.until.is_none() {
            "full"
        } else {
            "partial"
        },
        "program": ctx.config.program,
        "reward_model": reward_model(ctx.config),
        "charities": ctx.config.charities,
        "device_shared": device_shared(tx, ctx)?,
        "gdpr": gdpr::section(ctx.config, &facts),
    }))
}

fn reward_model(config: &Config) -> serde_json::Value {
    let p = &config.program;
    let scheme = RewardTerms::of(p);
    match p.reward_model {
        RewardModel::Monthly => json!({
            "model": "monthly",
            "quota": p.quota,
            "reward_minor": p.reward_minor,
            "currency": p.reward_currency,
        }),
        RewardModel::PerReceipt => json!({
            "model": "per_receipt",
            "quota": scheme.limit(),
            "per_receipt_minor": p.per_receipt_minor,
            "cap_minor": p.per_receipt_cap_minor,
            "currency": p.reward_currency,
        }),
    }
}

/// Every month up to the open one that has receipts, surveys or a frozen
/// reward.
fn rewards(tx: &rusqlite::Transaction, ctx: &ExportContext) -> Result<Vec<Reward>> {
    let at = &ctx.at;
    Ok(
        months::records(tx, Month::FIRST, at.month, at, MonthSelection::WithActivity)?
            .values()
            .map(|record| {
                let p = MonthProgress::new(record, 0, record.month == at.month, at.rules);
                Reward {
                    month: p.month.to_string(),
                    counted: p.counted,
                    receipts: p.counted + p.extra,
                    reward_minor: p.reward_minor,
                    surveys: p.surveys,
                    survey_minor: p.survey_minor,
                    total_minor: p.total_minor,
                    currency: p.currency,
                    destination: p.destination.to_string(),
                    state: p.reward_state,
                    closed_at: p.closed_at.map(rfc3339),
                }
            })
            .collect(),
    )
}

/// Streams the ledger, writing each entry with `write_entry(leaf,
/// entry_bytes)`, and returns the tree size and root.
fn stream_ledger(
    tx: &rusqlite::Transaction,
    mut write_entry: impl FnMut(&Hash, &[u8]) -> Result<()>,
) -> Result<(u64, String)> {
    let mut tree = RootBuilder::new();
    audit::for_each_entry(tx, |entry| {
        let leaf = leaf_hash(entry);
        tree.push(leaf);
        write_entry(&leaf, entry)
    })?;
    Ok((tree.len(), to_hex(&tree.root())))
}

/// Writes `OPENING"leaf":"HEX","entry":ENTRY}CLOSING` in one write, the
/// opening up to the object's first member: an export holds millions of
/// them, and each small write to the output costs more than its bytes.
fn write_entry(
    out: &mut dyn Write,
    line: &mut Vec<u8>,
    opening: &[u8],
    leaf: &Hash,
    entry: &[u8],
    closing: &[u8],
) -> Result<()> {
    let mut hex = [0u8; 64];
    HEXLOWER.encode_mut(leaf, &mut hex);
    line.clear();
    line.extend_from_slice(opening);
    line.extend_from_slice(b"\"leaf\":\"");
    line.extend_from_slice(&hex);
    line.extend_from_slice(b"\",\"entry\":");
    line.extend_from_slice(entry);
    line.push(b'}');
    line.extend_from_slice(closing);
    out.write_all(line)?;
    Ok(())
}

fn write_json(
    tx: &rusqlite::Transaction,
    ctx: &ExportContext,
    out: &mut dyn Write,
) -> Result<(u64, String)> {
    let head = serde_json::to_string(&header(tx, ctx)?)?;
    // The header object without its closing brace, so the streamed arrays
    // can follow inside the same document.
    out.write_all(&head.as_bytes()[..head.len() - 1])?;
    out.write_all(b",\n\"consents\":[")?;
    let mut first = true;
    consents::for_each(tx, |change| {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        first = false;
        serde_json::to_writer(&mut *out, &change)?;
        Ok(())
    })?;
    out.write_all(b"\n],\n\"receipts\":[")?;
    let mut first = true;
    let mut line = Vec::new();
    audit::for_each_receipt(tx, &ctx.period, |receipt| {
        line.clear();
        line.extend_from_slice(if first { b"\n" } else { b",\n" });
        first = false;
        receipt_json::write(&mut line, &receipt, None)?;
        out.write_all(&line)?;
        Ok(())
    })?;
    out.write_all(b"\n],\n\"rewards\":")?;
    serde_json::to_writer(&mut *out, &rewards(tx, ctx)?)?;
    out.write_all(b",\n\"surveys\":")?;
    serde_json::to_writer(&mut *out, &surveys::surveys(tx, None)?)?;
    out.write_all(b",\n\"ledger\":{\"entries\":[")?;
    let mut first = true;
    let (size, root) = stream_ledger(tx, |leaf, entry| {
        let opening: &[u8] = if first { b"\n{" } else { b",\n{" };
        first = false;
        write_entry(out, &mut line, opening, leaf, entry, b"")
    })?;
    write!(out, "\n],\"size\":{size},\"root\":\"{root}\"}}\n}}\n")?;
    Ok((size, root))
}

/// The summary comes first, so that tools which infer a schema from the
/// first records (DuckDB's `read_json_auto`) see its fields; the tree is
/// hashed once before the records are written and once as they are.
fn write_jsonl(
    tx: &rusqlite::Transaction,
    ctx: &ExportContext,
    out: &mut dyn Write,
) -> Result<(u64, String)> {
    let (size, root) = tree_of(tx)?;
    let mut summary = header(tx, ctx)?;
    summary["size"] = json!(size);
    summary["root"] = json!(root);
    write_record(out, "summary", &summary)?;
    consents::for_each(tx, |change| write_record(out, "consent", &change))?;
    let mut line = Vec::new();
    audit::for_each_receipt(tx, &ctx.period, |receipt| {
        line.clear();
        receipt_json::write(&mut line, &receipt, Some("receipt"))?;
        line.push(b'\n');
        out.write_all(&line)?;
        Ok(())
    })?;
    for reward in rewards(tx, ctx)? {
        write_record(out, "reward", &reward)?;
    }
    for survey in surveys::surveys(tx, None)? {
        write_record(out, "survey", &survey)?;
    }
    stream_ledger(tx, |leaf, entry| {
        write_entry(out, &mut line, b"{\"type\":\"entry\",", leaf, entry, b"\n")
    })?;
    Ok((size, root))
}

/// One JSONL line: `value`'s fields with its `type`.
fn write_record(out: &mut dyn Write, kind: &str, value: &impl Serialize) -> Result<()> {
    let mut record = serde_json::to_value(value)?;
    record["type"] = json!(kind);
    serde_json::to_writer(&mut *out, &record)?;
    out.write_all(b"\n")?;
    Ok(())
}

const CSV_HEADER: &[&str] = &[
    "id",
    "submitted_at",
    "month",
    "purchase_date",
    "merchant",
    "total_minor",
    "currency",
    "category",
    "state",
    "withheld",
    "shared_by_choice",
    "health_consent",
    "items",
    "shared_mime",
    "shared_size",
    "shared_sha256",
    "deleted_at",
    "deleted_cause",
    "device",
];

fn write_csv(
    tx: &rusqlite::Transaction,
    ctx: &ExportContext,
    out: &mut dyn Write,
) -> Result<(u64, String)> {
    let mut csv = csv::Writer::from_writer(&mut *out);
    csv.write_record(CSV_HEADER)?;
    audit::for_each_receipt(tx, &ctx.period, |r| {
        csv.write_record(
            csv_row(&r)
                .iter()
                .map(|cell| neutralise_cell(cell).into_owned()),
        )?;
        Ok(())
    })?;
    csv.flush()?;
    drop(csv);
    tree_of(tx)
}

fn csv_row(r: &AuditReceipt) -> Vec<String> {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let fields = r.fields.as_ref();
    let content = r.shared_content.as_ref();
    vec![
        r.id.clone(),
        r.submitted_at.clone(),
        r.month.clone(),
        opt(fields.and_then(|f| f.purchase_date.clone())),
        opt(fields.and_then(|f| f.merchant.clone())),
        opt(fields.and_then(|f| f.total_minor).map(|t| t.to_string())),
        opt(fields.map(|f| f.currency.clone())),
        r.category.clone(),
        r.state.clone(),
        withheld_text(&r.withheld),
        withheld_text(&r.shared_by_choice),
        r.health_consent.to_string(),
        opt(fields.map(|f| f.items.len().to_string())),
        opt(content.map(|c| c.mime.clone())),
        opt(content.map(|c| c.size.to_string())),
        opt(content.map(|c| c.sha256.clone())),
        opt(r.deleted.as_ref().map(|d| d.at.clone())),
        opt(r.deleted.as_ref().map(|d| d.cause.clone())),
        opt(r.device.as_ref().map(|d| d.to_string())),
    ]
}

/// A cell a spreadsheet would run as a formula (it starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) gets a leading `'`, as OWASP
/// advises against CSV injection; a plain number such as `-250` stays a
/// number.
fn neutralise_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell
        .strip_prefix('-')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
    if formula && !number {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

fn withheld_text(withheld: &BTreeMap<String, u64>) -> String {
    withheld
        .iter()
        .map(|(kind, n)| format!("{kind}:{n}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn tree_of(tx: &rusqlite::Transaction) -> Result<(u64, String)> {
    stream_ledger(tx, |_, _| Ok(()))
}

fn write_md(
    tx: &rusqlite::Transaction,
    ctx: &ExportContext,
    out: &mut dyn Write,
) -> Result<(u64, String)> {
    let mut by_month: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let mut withheld: BTreeMap<String, u64> = BTreeMap::new();
    let mut shared: BTreeMap<String, u64> = BTreeMap::new();
    let mut deletions: BTreeMap<String, u64> = BTreeMap::new();
    let mut total = 0u64;
    audit::for_each_receipt(tx, &ctx.period, |r| {
        total += 1;
        *by_month
            .entry(r.month.clone())
            .or_default()
            .entry(r.category.clone())
            .or_default() += 1;
        for (kind, n) in &r.shared_by_choice {
            *shared.entry(kind.clone()).or_default() += n;
        }
        for (kind, n) in &r.withheld {
            *withheld.entry(kind.clone()).or_default() += n;
        }
        if let Some(d) = &r.deleted {
            *deletions.entry(d.cause.clone()).or_default() += 1;
        }
        Ok(())
    })?;
    let (size, root) = tree_of(tx)?;
    writeln!(out, "# Panel audit summary\n")?;
    writeln!(
        out,
        "Generated {} by panel {}.\n",
        rfc3339(ctx.at.now),
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(out, "## Receipts shared by month and category\n")?;
    writeln!(out, "{total} receipt(s) shared in all.\n")?;
    writeln!(out, "| month | category | receipts |\n|---|---|---|")?;
    for (month, categories) in &by_month {
        for (category, n) in categories {
            writeln!(out, "| {month} | {category} | {n} |")?;
        }
    }
    writeln!(out, "\n## Personal data\n")?;
    if shared.is_empty() {
        writeln!(
            out,
            "Kinds ever shared: none (every kind found is withheld).\n"
        )?;
    } else {
        writeln!(
            out,
            "| kind shared by the panelist's choice | times |\n|---|---|"
        )?;
        for (kind, n) in &shared {
            writeln!(out, "| {kind} | {n} |")?;
        }
        writeln!(out)?;
    }
    if withheld.is_empty() {
        writeln!(out, "Kinds withheld: none found.")?;
    } else {
        writeln!(out, "| kind withheld | times |\n|---|---|")?;
        for (kind, n) in &withheld {
            writeln!(out, "| {kind} | {n} |")?;
        }
    }
    write_md_consents(tx, ctx, out)?;
    writeln!(out, "\n## Deletions\n")?;
    if deletions.is_empty() {
        writeln!(out, "None.")?;
    } else {
        writeln!(out, "| cause | receipts |\n|---|---|")?;
        for (cause, n) in &deletions {
            writeln!(out, "| {cause} | {n} |")?;
        }
    }
    writeln!(out, "\n## Rewards by destination\n")?;
    let rewards = rewards(tx, ctx)?;
    let mut by_destination: BTreeMap<(String, String), (u64, i64)> = BTreeMap::new();
    for r in rewards.iter().filter(|r| r.state == RewardState::Paid) {
        let entry = by_destination
            .entry((r.destination.clone(), r.currency.clone()))
            .or_default();
        entry.0 += 1;
        entry.1 += r.total_minor;
    }
    if by_destination.is_empty() {
        writeln!(
            out,
            "Nothing paid yet: a month's reward is paid when the month ends."
        )?;
    } else {
        writeln!(out, "| destination | months paid | total |\n|---|---|---|")?;
        for ((destination, currency), (months, total)) in &by_destination {
            writeln!(
                out,
                "| {destination} | {months} | {} {currency} |",
                format_minor(*total, currency)
            )?;
        }
    }
    if let Some(open) = rewards.iter().find(|r| {
        r.closed_at.is_none() && r.state != RewardState::Paid && r.state != RewardState::None
    }) {
        writeln!(
            out,
            "\nThe open month {} has earned {} {} so far, for {}.",
            open.month,
            format_minor(open.total_minor, &open.currency),
            open.currency,
            open.destination
        )?;
    }
    writeln!(out, "\n## Surveys\n")?;
    let surveys = surveys::surveys(tx, None)?;
    if surveys.is_empty() {
        writeln!(out, "None.")?;
    } else {
        writeln!(out, "| month | surveys | reward |\n|---|---|---|")?;
        let mut by_month: BTreeMap<(String, String), (u64, i64)> = BTreeMap::new();
        for s in &surveys {
            let entry = by_month
                .entry((s.month.to_string(), s.currency.clone()))
                .or_default();
            entry.0 += 1;
            entry.1 += s.reward_minor;
        }
        for ((month, currency), (n, total)) in &by_month {
            writeln!(
                out,
                "| {month} | {n} | {} {currency} |",
                format_minor(*total, currency)
            )?;
        }
    }
    writeln!(out, "\n## Ledger\n")?;
    writeln!(out, "Tree size {size}, root `{root}`.")?;
    writeln!(out, "Checkpoint: `{size}:{root}`")?;
    Ok((size, root))
}

/// Device data in effect, each change of the device consent, and how many
/// receipts were shared with health data by consent.
fn write_md_consents(
    tx: &rusqlite::Transaction,
    ctx: &ExportContext,
    out: &mut dyn Write,
) -> Result<()> {
    writeln!(out, "\n## Consents and device data\n")?;
    let sharing = device_shared(tx, ctx)?;
    match (&sharing.data, sharing.since.map(rfc3339)) {
        (Some(data), since) => {
            writeln!(
                out,
                "Device data is shared with each receipt submitted, since {}:\n",
                since.as_deref().unwrap_or("-")
            )?;
            writeln!(
                out,
                "| os | os version | model | app version | locale |\n|---|---|---|---|---|"
            )?;
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                md_cell(&data.os),
                md_cell(&data.os_version),
                md_cell(data.model.as_deref().unwrap_or("-")),
                md_cell(&data.app_version),
                md_cell(data.locale.as_deref().unwrap_or("-")),
            )?;
        }
        (None, Some(since)) => writeln!(
            out,
            "Device data is not shared: consent was withdrawn {since}."
        )?,
        (None, None) => writeln!(out, "Device data is not shared: consent was never given.")?,
    }
    let mut device: Vec<ConsentChange> = Vec::new();
    let (mut health_given, mut health_withdrawn) = (0u64, 0u64);
    consents::for_each(tx, |change| {
        match (change.kind, change.granted) {
            (ConsentKind::Device, _) => device.push(change),
            (ConsentKind::Health, true) => health_given += 1,
            (ConsentKind::Health, false) => health_withdrawn += 1,
        }
        Ok(())
    })?;
    if !device.is_empty() {
        writeln!(out, "\n| time | device consent |\n|---|---|")?;
        for change in &device {
            let state = if change.granted { "given" } else { "withdrawn" };
            writeln!(out, "| {} | {state} |", rfc3339(change.at))?;
        }
    }
    writeln!(
        out,
        "\nHealth data: consent given for {health_given} receipt(s), withdrawn for {health_withdrawn}."
    )?;
    Ok(())
}

/// Text for one Markdown table cell: no pipes or line breaks.
fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod csv_tests {
    use super::neutralise_cell;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(
            neutralise_cell("=HYPERLINK(\"http://evil/\",\"x\")"),
            "'=HYPERLINK(\"http://evil/\",\"x\")"
        );
        for cell in ["+1", "@SUM(A1)", "\tx", "-A1", "-"] {
            assert!(neutralise_cell(cell).starts_with('\''), "{cell}");
        }
        for cell in ["-250", "1200", "Corner Shop", ""] {
            assert_eq!(neutralise_cell(cell), cell);
        }
    }
}
