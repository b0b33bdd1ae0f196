//! What an audit export reads from the store: the ledger, and every receipt
//! ever shared, live or deleted, one row at a time.
//!
//! A deleted receipt is known only from its ledger entries, so what an export
//! says of it is what the ledger holds: ids, times, kinds and counts.

use std::collections::BTreeMap;

use anyhow::Result;
use rusqlite::{Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::ledger::{self, LedgerEntry};
use super::receipts::rfc3339;
use super::{Moment, Store};

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
}

#[derive(Deserialize)]
struct DeletedEntry {
    at: String,
    cause: String,
}

impl Store {
    /// Appends the `export_made` entry (after the housekeeping of every
    /// write), then gives `read` a snapshot of the store that includes it.
    pub fn audit_snapshot<T>(
        &mut self,
        at: &Moment,
        format: &str,
        read: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        self.write_at(at, |tx| {
            let size = ledger::size(tx)?;
            ledger::append(
                tx,
                LedgerEntry::new(
                    "export_made",
                    &rfc3339(at.now),
                    serde_json::json!({ "format": format, "entries_before": size }),
                ),
            )?;
            Ok(())
        })?;
        let tx = Transaction::new_unchecked(self.conn(), TransactionBehavior::Deferred)?;
        let value = read(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

pub use ledger::{for_each as for_each_entry, size as ledger_size};

/// Calls `each` with every receipt ever shared in `period`, in the order
/// they were shared.
pub fn for_each_receipt(
    tx: &Transaction,
    period: &Period,
    mut each: impl FnMut(AuditReceipt) -> Result<()>,
) -> Result<()> {
    let mut stmt = tx.prepare(
        "SELECT s.receipt, s.entry, d.entry, r.state, r.merchant, r.purchase_date,
                r.total_minor, r.currency, c.mime, c.bytes, r.device, r.items
         FROM ledger s
         LEFT JOIN ledger d ON d.receipt = s.receipt AND d.event = 'receipt_deleted'
         LEFT JOIN receipts r ON r.id = s.receipt
         LEFT JOIN shared_content c ON c.receipt_id = s.receipt
         WHERE s.event = 'receipt_shared'
           AND (?1 IS NULL OR substr(json_extract(s.entry, '$.at'), 1, 10) >= ?1)
           AND (?2 IS NULL OR substr(json_extract(s.entry, '$.at'), 1, 10) <= ?2)
         ORDER BY s.seq",
    )?;
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
        let state: Option<String> = row.get(3)?;
        let fields = match &state {
            Some(_) => Some(SharedFields {
                merchant: row.get(4)?,
                purchase_date: row.get(5)?,
                total_minor: row.get(6)?,
                currency: row.get(7)?,
                items: serde_json::from_str(row.get_ref(11)?.as_str()?)?,
            }),
            None => None,
        };
        let content = match row.get_ref(9)?.as_blob_or_null()? {
            Some(bytes) => Some(SharedContentFacts {
                mime: row.get(8)?,
                size: bytes.len() as u64,
                sha256: data_encoding::HEXLOWER.encode(&Sha256::digest(bytes)),
            }),
            None => None,
        };
        let device = row
            .get_ref(10)?
            .as_str_or_null()?
            .map(serde_json::from_str)
            .transpose()?;
        each(AuditReceipt {
            id: row.get(0)?,
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
        })?;
    }
    Ok(())
}
