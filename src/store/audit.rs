//! What an audit export reads from the store: the ledger, and every receipt
//! ever shared, live or deleted, one row at a time.
//!
//! A deleted receipt is known only from its ledger entries, so what an export
//! says of it is what the ledger holds: ids, times, kinds and counts.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::keys::keyed_hash;
use super::ledger::{self, LedgerEntry};
use super::receipts::rfc3339;
use super::{ProgramToday, Store};
use crate::proof::merkle::to_hex;
use crate::proof::record;

/// A receipt as an audit sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditReceipt {
    pub id: String,
    pub submitted_at: String,
    pub month: String,
    pub category: String,
    pub withheld: BTreeMap<String, u64>,
    /// Kinds of personal data found and shared by the panelist's choice.
    pub shared_by_choice: BTreeMap<String, u64>,
    pub health_consent: bool,
    /// `counted` or `extra` while the receipt lives; `deleted` after.
    pub state: String,
    /// The fields shared; absent once deleted.
    pub fields: Option<SharedFields>,
    pub shared_content: Option<SharedContentFacts>,
    /// The device data that accompanied the receipt (only when device
    /// consent was on); absent when none did, and once deleted.
    pub device: Option<serde_json::Value>,
    pub deleted: Option<Deletion>,
    /// The commitment its `receipt_shared` entry holds; absent when the
    /// entry was written before commitments were.
    pub commitment: Option<String>,
    /// The key that opens `commitment`: only while the receipt lives.
    pub opening: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedFields {
    pub merchant: Option<String>,
    pub purchase_date: Option<String>,
    pub total_minor: Option<i64>,
    pub currency: String,
    /// The line items shared (a health receipt's only with consent).
    pub items: Vec<crate::extract::Item>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedContentFacts {
    pub mime: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deletion {
    pub at: String,
    pub cause: String,
}

/// Dates limit receipts by the day they were submitted (UTC), inclusive.
#[derive(Debug, Clone, Default)]
pub struct Period {
    pub since: Option<chrono::NaiveDate>,
    pub until: Option<chrono::NaiveDate>,
}

/// The parts of a `receipt_shared` / `receipt_deleted` entry an export uses.
#[derive(Deserialize)]
struct SharedEntry {
    at: String,
    month: String,
    category: String,
    #[serde(default)]
    withheld: BTreeMap<String, u64>,
    #[serde(default)]
    shared_by_choice: BTreeMap<String, u64>,
    #[serde(default)]
    health_consent: bool,
    /// The commitment to the exported record; absent in entries written
    /// before commitments were.
    #[serde(default)]
    record: Option<String>,
}

#[derive(Deserialize)]
struct DeletedEntry {
    at: String,
    cause: String,
}

/// The version of a `receipt_shared` entry that commits to its record.
pub const COMMITTING_ENTRY: u64 = 2;

impl Store {
    /// Calls `each` with every ledger entry's bytes, oldest first.
    pub fn for_each_ledger_entry(&self, each: impl FnMut(&[u8]) -> Result<()>) -> Result<()> {
        ledger::for_each(self.conn(), each)
    }

    /// Runs an export in one write transaction: `bind` gives the fields
    /// that bind the export's head to the ledger, the `export_made` entry
    /// holding them is appended, and `write` writes and delivers the export
    /// from a snapshot that includes it. The entry lands only when `write`
    /// succeeds: an export that was never delivered leaves no trace.
    pub fn audit_export<T>(
        &mut self,
        at: &ProgramToday,
        format: &str,
        bind: impl FnOnce(&Transaction) -> Result<serde_json::Value>,
        write: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        self.write_at(at, |tx| {
            let size = ledger::size(tx)?;
            let mut fields = serde_json::json!({ "format": format, "entries_before": size });
            if let (Some(map), serde_json::Value::Object(extra)) =
                (fields.as_object_mut(), bind(tx)?)
            {
                map.extend(extra);
            }
            ledger::append(
                tx,
                LedgerEntry::new("export_made", &rfc3339(at.now), fields),
            )?;
            write(tx)
        })
    }
}

/// Adds to the `receipt_shared` entry `fields` of receipt `id`, just
/// stored, the commitment to its record as an export will show it.
pub(super) fn commit_shared(
    tx: &Transaction,
    id: &str,
    at: &str,
    fields: &mut serde_json::Value,
) -> Result<()> {
    let mut shared = fields.clone();
    shared["at"] = serde_json::json!(at);
    let shared: SharedEntry = serde_json::from_value(shared)?;
    let receipt = tx.query_row(
        &format!(
            "SELECT {LIVE_COLUMNS} FROM receipts r
             LEFT JOIN shared_content c ON c.receipt_id = r.id WHERE r.id = ?1"
        ),
        [id],
        |row| Ok(build(id.to_string(), shared, None, row, 0)),
    )??;
    let view = serde_json::to_value(&receipt)?;
    let secret: Vec<u8> = tx.query_row("SELECT secret FROM receipts WHERE id = ?1", [id], |r| {
        r.get(0)
    })?;
    let commitment = record::commit(
        &opening(&secret),
        &record::receipt_view(view.as_object().expect("a receipt is an object")),
    )
    .context("a receipt's record is not canonical JSON")?;
    fields["record"] = serde_json::json!(to_hex(&commitment));
    fields["v"] = serde_json::json!(COMMITTING_ENTRY);
    Ok(())
}

/// The key that opens a receipt's commitment, derived from its secret so
/// that exporting it shows nothing else the secret keys.
fn opening(secret: &[u8]) -> [u8; 32] {
    keyed_hash(secret, &[b"panel record opening"])
}

/// The receipt columns an export reads, `r` the receipt and `c` its shared
/// content; [`build`] reads them from `base` on.
const LIVE_COLUMNS: &str = "r.state, r.merchant, r.purchase_date, r.total_minor, r.currency, \
                            c.mime, c.bytes, r.device, r.items, r.secret";

fn build(
    id: String,
    shared: SharedEntry,
    deleted: Option<DeletedEntry>,
    row: &rusqlite::Row,
    base: usize,
) -> Result<AuditReceipt> {
    let state: Option<String> = row.get(base)?;
    let fields = match &state {
        Some(_) => Some(SharedFields {
            merchant: row.get(base + 1)?,
            purchase_date: row.get(base + 2)?,
            total_minor: row.get(base + 3)?,
            currency: row.get(base + 4)?,
            items: serde_json::from_str(row.get_ref(base + 8)?.as_str()?)?,
        }),
        None => None,
    };
    let content = match row.get_ref(base + 6)?.as_blob_or_null()? {
        Some(bytes) => Some(SharedContentFacts {
            mime: row.get(base + 5)?,
            size: bytes.len() as u64,
            sha256: data_encoding::HEXLOWER.encode(&Sha256::digest(bytes)),
        }),
        None => None,
    };
    let device = row
        .get_ref(base + 7)?
        .as_str_or_null()?
        .map(serde_json::from_str)
        .transpose()?;
    let opening = match (&shared.record, row.get_ref(base + 9)?.as_blob_or_null()?) {
        (Some(_), Some(secret)) => Some(to_hex(&opening(secret))),
        _ => None,
    };
    Ok(AuditReceipt {
        id,
        submitted_at: shared.at,
        month: shared.month,
        category: shared.category,
        withheld: shared.withheld,
        shared_by_choice: shared.shared_by_choice,
        health_consent: shared.health_consent,
        state: state.unwrap_or_else(|| "deleted".into()),
        fields,
        shared_content: content,
        device,
        deleted: deleted.map(|d| Deletion {
            at: d.at,
            cause: d.cause,
        }),
        commitment: shared.record,
        opening,
    })
}

pub use ledger::{for_each as for_each_entry, size as ledger_size};

/// Calls `each` with every receipt ever shared in `period`, in the order
/// they were shared.
///
/// A receipt's deletion is looked up only when its row is gone: a lookup
/// in the ledger's index for every live receipt was a third of the time an
/// export spent reading.
pub fn for_each_receipt(
    tx: &Transaction,
    period: &Period,
    mut each: impl FnMut(AuditReceipt) -> Result<()>,
) -> Result<()> {
    let mut stmt = tx.prepare(&format!(
        "SELECT s.receipt, s.entry,
                CASE WHEN r.id IS NULL THEN
                    (SELECT d.entry FROM ledger d
                     WHERE d.receipt = s.receipt AND d.event = 'receipt_deleted')
                END,
                {LIVE_COLUMNS}
         FROM ledger s
         LEFT JOIN receipts r ON r.id = s.receipt
         LEFT JOIN shared_content c ON c.receipt_id = s.receipt
         WHERE s.event = 'receipt_shared'
           AND (?1 IS NULL OR substr(json_extract(s.entry, '$.at'), 1, 10) >= ?1)
           AND (?2 IS NULL OR substr(json_extract(s.entry, '$.at'), 1, 10) <= ?2)
         ORDER BY s.seq"
    ))?;
    let since = period.since.map(|d| d.to_string());
    let until = period.until.map(|d| d.to_string());
    let mut rows = stmt.query([since, until])?;
    while let Some(row) = rows.next()? {
        let shared: SharedEntry = serde_json::from_str(row.get_ref(1)?.as_str()?)?;
        let deleted: Option<DeletedEntry> = row
            .get_ref(2)?
            .as_str_or_null()?
            .map(serde_json::from_str)
            .transpose()?;
        each(build(row.get(0)?, shared, deleted, row, 3)?)?;
    }
    Ok(())
}
