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
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use super::gdpr;
use super::merkle::{RootBuilder, leaf_hash, to_hex};
use crate::config::Config;
use crate::store::audit::{self, AuditReceipt, Period};
use crate::store::receipts::rfc3339;

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
pub const FORMAT_VERSION: u64 = 1;

pub struct ExportContext<'a> {
    pub config: &'a Config,
    pub now: DateTime<Utc>,
    pub period: Period,
}

/// A month's reward as exported.
#[derive(Debug, Serialize)]
struct Reward {
    month: String,
    counted: u32,
    receipts: u32,
    reward_minor: i64,
    currency: String,
    destination: &'static str,
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

fn header(ctx: &ExportContext) -> serde_json::Value {
    json!({
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "panel_version": env!("CARGO_PKG_VERSION"),
        "generated_at": rfc3339(ctx.now),
        "period": {
            "since": ctx.period.since.map(|d| d.to_string()),
            "until": ctx.period.until.map(|d| d.to_string()),
        },
        "program": ctx.config.program,
        "reward_model": {
            "model": "monthly",
            "quota": ctx.config.program.quota,
            "reward_minor": ctx.config.program.reward_minor,
            "currency": ctx.config.program.reward_currency,
        },
        "charities": [],
        "consents": [],
        "device_shared": null,
        "gdpr": gdpr::section(ctx.config),
    })
}

fn rewards(tx: &rusqlite::Transaction, config: &Config) -> Result<Vec<Reward>> {
    Ok(audit::months(tx)?
        .into_iter()
        .map(|(month, counted, receipts)| Reward {
            month,
            counted,
            receipts,
            reward_minor: if counted >= config.program.quota {
                config.program.reward_minor
            } else {
                0
            },
            currency: config.program.reward_currency.clone(),
            destination: "balance",
        })
        .collect())
}

/// Streams the ledger, writing each entry with `write_entry(leaf_hex,
/// entry_bytes)`, and returns the tree size and root.
fn stream_ledger(
    tx: &rusqlite::Transaction,
    mut write_entry: impl FnMut(&str, &[u8]) -> Result<()>,
) -> Result<(u64, String)> {
    let mut tree = RootBuilder::new();
    audit::for_each_entry(tx, |entry| {
        let leaf = leaf_hash(entry);
        tree.push(leaf);
        write_entry(&to_hex(&leaf), entry)
    })?;
    Ok((tree.len(), to_hex(&tree.root())))
}

fn write_json(
    tx: &rusqlite::Transaction,
    ctx: &ExportContext,
    out: &mut dyn Write,
) -> Result<(u64, String)> {
    let head = serde_json::to_string(&header(ctx))?;
    // The header object without its closing brace, so the streamed arrays
    // can follow inside the same document.
    out.write_all(&head.as_bytes()[..head.len() - 1])?;
    out.write_all(b",\n\"receipts\":[")?;
    let mut first = true;
    audit::for_each_receipt(tx, &ctx.period, |receipt| {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        first = false;
        serde_json::to_writer(&mut *out, &receipt)?;
        Ok(())
    })?;
    out.write_all(b"\n],\n\"rewards\":")?;
    serde_json::to_writer(&mut *out, &rewards(tx, ctx.config)?)?;
    out.write_all(b",\n\"surveys\":[],\n\"ledger\":{\"entries\":[")?;
    let mut first = true;
    let (size, root) = stream_ledger(tx, |leaf, entry| {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        first = false;
        write!(out, "{{\"leaf\":\"{leaf}\",\"entry\":")?;
        out.write_all(entry)?;
        out.write_all(b"}")?;
        Ok(())
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
    let mut summary = header(ctx);
    summary["type"] = json!("summary");
    summary["size"] = json!(size);
    summary["root"] = json!(root);
    serde_json::to_writer(&mut *out, &summary)?;
    out.write_all(b"\n")?;
    audit::for_each_receipt(tx, &ctx.period, |receipt| {
        let mut record = serde_json::to_value(&receipt)?;
        record["type"] = json!("receipt");
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")?;
        Ok(())
    })?;
    for reward in rewards(tx, ctx.config)? {
        let mut record = serde_json::to_value(&reward)?;
        record["type"] = json!("reward");
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")?;
    }
    stream_ledger(tx, |leaf, entry| {
        write!(out, "{{\"type\":\"entry\",\"leaf\":\"{leaf}\",\"entry\":")?;
        out.write_all(entry)?;
        out.write_all(b"}\n")?;
        Ok(())
    })?;
    Ok((size, root))
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
    "health_consent",
    "shared_mime",
    "shared_size",
    "shared_sha256",
    "deleted_at",
    "deleted_cause",
];

fn write_csv(
    tx: &rusqlite::Transaction,
    ctx: &ExportContext,
    out: &mut dyn Write,
) -> Result<(u64, String)> {
    let mut csv = csv::Writer::from_writer(&mut *out);
    csv.write_record(CSV_HEADER)?;
    audit::for_each_receipt(tx, &ctx.period, |r| {
        csv.write_record(csv_row(&r))?;
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
        r.health_consent.to_string(),
        opt(content.map(|c| c.mime.clone())),
        opt(content.map(|c| c.size.to_string())),
        opt(content.map(|c| c.sha256.clone())),
        opt(r.deleted.as_ref().map(|d| d.at.clone())),
        opt(r.deleted.as_ref().map(|d| d.cause.clone())),
    ]
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
    let mut deletions: BTreeMap<String, u64> = BTreeMap::new();
    let mut total = 0u64;
    audit::for_each_receipt(tx, &ctx.period, |r| {
        total += 1;
        *by_month
            .entry(r.month.clone())
            .or_default()
            .entry(r.category.clone())
            .or_default() += 1;
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
        rfc3339(ctx.now),
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
    writeln!(
        out,
        "Kinds ever shared: none (every kind found is withheld).\n"
    )?;
    if withheld.is_empty() {
        writeln!(out, "Kinds withheld: none found.")?;
    } else {
        writeln!(out, "| kind withheld | times |\n|---|---|")?;
        for (kind, n) in &withheld {
            writeln!(out, "| {kind} | {n} |")?;
        }
    }
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
    let rewards = rewards(tx, ctx.config)?;
    let earned: i64 = rewards.iter().map(|r| r.reward_minor).sum();
    writeln!(
        out,
        "| destination | months earned | total |\n|---|---|---|\n| balance | {} | {} {} |",
        rewards.iter().filter(|r| r.reward_minor > 0).count(),
        crate::money::format_minor(earned, &ctx.config.program.reward_currency),
        ctx.config.program.reward_currency
    )?;
    writeln!(out, "\n## Ledger\n")?;
    writeln!(out, "Tree size {size}, root `{root}`.")?;
    writeln!(out, "Checkpoint: `{size}:{root}`")?;
    Ok((size, root))
}
