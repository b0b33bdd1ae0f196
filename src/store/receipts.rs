//! Receipts in the store: recording a new one, reading, resolving ids,
//! and deleting without residue.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;
use thiserror::Error;

use super::consents::{self, ConsentKind};
use super::keys::{keyed_hash, random_bytes};
use super::ledger::{self, LedgerEntry};
use super::{ProgramToday, Store, read_instant};
use crate::device::DeviceInfo;
use crate::extract::Fields;
use crate::month::Month;
use crate::program::receipt_marks::ReceiptMarks;
use crate::program::reward::RewardTerms;

/// The time format is the clock's; the audit ledger and export name it here.
pub use crate::clock::rfc3339;

/// Whether a receipt counts toward its month's reward, or is kept as extra
/// beyond the month's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReceiptState {
    Counted,
    Extra,
}

impl ReceiptState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReceiptState::Counted => "counted",
            ReceiptState::Extra => "extra",
        }
    }

    pub fn parse(text: &str) -> Option<ReceiptState> {
        match text {
            "counted" => Some(ReceiptState::Counted),
            "extra" => Some(ReceiptState::Extra),
            _ => None,
        }
    }
}

/// A stored receipt, as `list` and `show` print it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub id: String,
    #[serde(with = "crate::clock::as_rfc3339")]
    pub submitted_at: DateTime<Utc>,
    pub month: Month,
    pub purchase_date: Option<NaiveDate>,
    pub merchant: Option<String>,
    pub total_minor: Option<i64>,
    pub currency: String,
    pub category: String,
    pub state: ReceiptState,
    pub source_kind: String,
    pub withheld: BTreeMap<String, u64>,
    /// Line items shared with the receipt.
    #[serde(default)]
    pub items: Vec<crate::extract::Item>,
    /// The panelist consented to sharing this receipt's health data.
    #[serde(default)]
    pub health_consent: bool,
    /// Device data went with this receipt (device consent was on).
    #[serde(default)]
    pub device_shared: bool,
}

/// What the shared content of a receipt is, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedSummary {
    pub mime: String,
    pub size: u64,
}

/// Why a receipt was not recorded although it was eligible.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum Conflict {
    #[error("duplicate: the same file was already submitted as receipt {0}")]
    SameContent(String),
    #[error(
        "duplicate: receipt {0} has the same merchant, date and total, and no printed time or \
         receipt number that differs"
    )]
    SameFields(String),
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub month: Option<Month>,
    pub merchant: Option<String>,
    pub state: Option<ReceiptState>,
}

/// A receipt to record, in the store's terms: what was read of it, what
/// is shared and withheld, and what it is matched on for duplicates. The
/// share plan decides all of it (`plan::SharePlan::receipt`); the store
/// keeps it as it is.
pub struct NewReceipt<'a> {
    pub fields: &'a Fields,
    pub source_kind: &'a str,
    /// SHA-256 of the original file; the store keeps a keyed hash of it.
    pub content_digest: &'a [u8; 32],
    /// The content shared; `None` when only the fields are.
    pub shared: Option<SharedBytes<'a>>,
    /// Kind → how many were withheld.
    pub withheld: &'a BTreeMap<String, u64>,
    /// Kind → how many were found and shared by the panelist's choice.
    pub shared_findings: &'a BTreeMap<String, u64>,
    /// The panelist consented to sharing this receipt's health data.
    pub health_consent: bool,
    /// Device data shared with the receipt, by the panelist's consent.
    pub device: Option<&'a DeviceInfo>,
    /// The printed time and receipt number; kept as keyed hashes only.
    pub marks: &'a ReceiptMarks,
}

/// Shared content as the store keeps it: its type and exact bytes.
#[derive(Debug, Clone, Copy)]
pub struct SharedBytes<'a> {
    pub mime: &'a str,
    pub bytes: &'a [u8],
}

/// The keyed hashes a receipt is matched on for duplicates.
struct Keys {
    content: [u8; 32],
    fields: Option<[u8; 32]>,
    time: Option<[u8; 32]>,
    number: Option<[u8; 32]>,
}

const COLUMNS: &str = "id, submitted_at, month, purchase_date, merchant, total_minor, currency, \
                       category, state, source_kind, withheld, items, health_consent, \
                       device IS NOT NULL";

impl Store {
    fn keys_of(&self, receipt: &NewReceipt) -> Keys {
        let fields = receipt
            .fields
            .duplicate_identity()
            .map(|identity| self.key().keyed_hash(&[b"fields", identity.as_bytes()]));
        let mark = |kind: &[u8], value: &Option<String>| {
            value
                .as_ref()
                .map(|v| self.key().keyed_hash(&[kind, v.as_bytes()]))
        };
        Keys {
            content: self.key().keyed_hash(&[b"content", receipt.content_digest]),
            fields,
            time: mark(b"time", &receipt.marks.time),
            number: mark(b"number", &receipt.marks.number),
        }
    }

    /// Refuses `receipt` if an earlier one has the same content or fields.
    pub fn check_duplicate(&self, receipt: &NewReceipt) -> Result<Option<Conflict>> {
        find_conflict(self.conn(), &self.keys_of(receipt))
    }

    /// The state the next receipt of the open month would get.
    pub fn next_state(&self, at: &ProgramToday) -> Result<ReceiptState> {
        next_state(self.conn(), at)
    }

    /// Records `receipt` as a new receipt of the open month, with its
    /// shared content and ledger entry, in one transaction. Returns the new
    /// id and its state, or the conflict that refused it.
    pub fn record(
        &mut self,
        receipt: &NewReceipt,
        at: &ProgramToday,
    ) -> Result<std::result::Result<(String, ReceiptState), Conflict>> {
        let keys = self.keys_of(receipt);
        self.write_at(at, |tx| {
            if let Some(conflict) = find_conflict(tx, &keys)? {
                return Ok(Err(conflict));
            }
            let state = next_state(tx, at)?;
            let id = insert_new(tx, receipt, &keys, at.now, at.month, state)?;
            Ok(Ok((id, state)))
        })
    }

    pub fn list(&self, filter: &Filter) -> Result<Vec<Receipt>> {
        let mut sql = format!("SELECT {COLUMNS} FROM receipts WHERE 1 = 1");
        let mut args: Vec<String> = Vec::new();
        if let Some(month) = filter.month {
            args.push(month.to_string());
            sql.push_str(&format!(" AND month = ?{}", args.len()));
        }
        if let Some(state) = filter.state {
            args.push(state.as_str().to_string());
            sql.push_str(&format!(" AND state = ?{}", args.len()));
        }
        if let Some(merchant) = &filter.merchant {
            args.push(format!("%{}%", escape_like(merchant)));
            sql.push_str(&format!(" AND merchant LIKE ?{} ESCAPE '\\'", args.len()));
        }
        // rowid follows insertion, which orders receipts of the same second.
        sql.push_str(" ORDER BY submitted_at, rowid");
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), read_receipt)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn get(&self, id: &str) -> Result<Receipt> {
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM receipts WHERE id = ?1"),
                [id],
                read_receipt,
            )
            .optional()?
            .with_context(|| format!("no receipt {id}"))
    }

    pub fn shared_summary(&self, id: &str) -> Result<Option<SharedSummary>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT mime, length(bytes) FROM shared_content WHERE receipt_id = ?1",
                [id],
                |row| {
                    Ok(SharedSummary {
                        mime: row.get(0)?,
                        size: row.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn shared_bytes(&self, id: &str) -> Result<Option<(String, Vec<u8>)>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT mime, bytes FROM shared_content WHERE receipt_id = ?1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?)
    }

    /// The full id of the one receipt whose id starts with `prefix`.
    pub fn resolve_id(&self, prefix: &str) -> Result<String> {
        let prefix = prefix.trim().to_ascii_lowercase();
        if prefix.len() < 4 {
            bail!("receipt id {prefix:?} is too short; give at least 4 characters of it");
        }
        if !prefix.bytes().all(|b| b.is_ascii_alphanumeric()) {
            bail!("{prefix:?} is not a receipt id; ids are letters and digits, see `panel list`");
        }
        // A range of the primary key: ids are lowercase letters and digits,
        // all below `~`, so every id starting with the prefix is in it.
        let mut stmt = self.conn().prepare_cached(
            "SELECT id FROM receipts WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 6",
        )?;
        let ids: Vec<String> = stmt
            .query_map(params![&prefix, format!("{prefix}~")], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        match ids.as_slice() {
            [] => bail!("no receipt has an id starting with {prefix:?}; see `panel list`"),
            [id] => Ok(id.clone()),
            several => bail!(
                "{prefix:?} matches several receipts ({}); give more characters of the id",
                several.join(", ")
            ),
        }
    }

    /// Deletes the receipts `ids` with their shared content in one
    /// transaction that also records each deletion; when one was counted in
    /// the open month, the oldest extra receipt of that month takes its place.
    /// A month that has ended is frozen first, so its reward stays what it
    /// was. Then the write-ahead log is emptied so no page of them is left in
    /// `-wal`.
    /// `deleted` is told after each receipt, for a progress bar.
    pub fn delete(
        &mut self,
        ids: &[String],
        at: &ProgramToday,
        cause: &str,
        mut deleted: impl FnMut(),
    ) -> Result<()> {
        self.write_at(at, |tx| {
            for id in ids {
                delete_row(tx, id, at.now, at.month, cause)?;
                deleted();
            }
            Ok(())
        })?;
        self.checkpoint_truncate()
    }
}

/// Deletes one receipt and its shared content inside `tx` and records why.
pub(super) fn delete_row(
    tx: &Transaction,
    id: &str,
    now: DateTime<Utc>,
    open_month: Month,
    cause: &str,
) -> Result<()> {
    let (month, state): (String, String) = tx
        .prepare_cached("SELECT month, state FROM receipts WHERE id = ?1")?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?
        .with_context(|| format!("no receipt {id}"))?;
    tx.prepare_cached("DELETE FROM shared_content WHERE receipt_id = ?1")?
        .execute([id])?;
    tx.prepare_cached("DELETE FROM receipts WHERE id = ?1")?
        .execute([id])?;
    if state == ReceiptState::Counted.as_str() && month == open_month.to_string() {
        tx.execute(
            "UPDATE receipts SET state = 'counted' WHERE id = (
                 SELECT id FROM receipts WHERE month = ?1 AND state = 'extra'
                 ORDER BY submitted_at, rowid LIMIT 1)",
            [&month],
        )?;
    }
    ledger::append(
        tx,
        LedgerEntry::new(
            "receipt_deleted",
            &rfc3339(now),
            json!({ "receipt": id, "cause": cause }),
        ),
    )?;
    Ok(())
}

/// Receipts of `month` in `state`; an index lookup, never a scan of others.
pub(super) fn count_in(
    conn: &rusqlite::Connection,
    month: Month,
    state: ReceiptState,
) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT count(*) FROM receipts WHERE month = ?1 AND state = ?2",
        params![month.to_string(), state.as_str()],
        |row| row.get(0),
    )?)
}

fn find_conflict(conn: &rusqlite::Connection, keys: &Keys) -> Result<Option<Conflict>> {
    let same_content: Option<String> = conn
        .query_row(
            "SELECT id FROM receipts WHERE content_key = ?1",
            [&keys.content[..]],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(id) = same_content {
        return Ok(Some(Conflict::SameContent(id)));
    }
    if let Some(fields) = keys.fields {
        // Same merchant, date and total, and no mark read on both that
        // differs (see `program::receipt_marks`).
        let same_fields: Option<String> = conn
            .query_row(
                "SELECT id FROM receipts WHERE match_key = ?1
                   AND (?2 IS NULL OR time_key IS NULL OR time_key = ?2)
                   AND (?3 IS NULL OR number_key IS NULL OR number_key = ?3)
                 ORDER BY rowid LIMIT 1",
                params![
                    &fields[..],
                    keys.time.as_ref().map(|k| &k[..]),
                    keys.number.as_ref().map(|k| &k[..])
                ],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(id) = same_fields {
            return Ok(Some(Conflict::SameFields(id)));
        }
    }
    Ok(None)
}

fn next_state(conn: &rusqlite::Connection, at: &ProgramToday) -> Result<ReceiptState> {
    let counted = count_in(conn, at.month, ReceiptState::Counted)?;
    Ok(if counted < RewardTerms::of(at.rules).limit() {
        ReceiptState::Counted
    } else {
        ReceiptState::Extra
    })
}

fn insert_new(
    tx: &Transaction,
    receipt: &NewReceipt,
    keys: &Keys,
    now: DateTime<Utc>,
    month: Month,
    state: ReceiptState,
) -> Result<String> {
    let id = new_id(tx, "receipts")?;
    let secret = random_bytes::<32>();
    let fields = receipt.fields;
    // A receipt always has a category; one not read is `other`.
    let category = match fields.category.trim() {
        "" => "other",
        read => read,
    };
    let withheld = serde_json::to_string(&receipt.withheld)?;
    let items = serde_json::to_string(&fields.items)?;
    let device = receipt.device.map(serde_json::to_string).transpose()?;
    tx.execute(
        "INSERT INTO receipts (id, submitted_at, month, purchase_date, merchant, total_minor,
             currency, category, state, source_kind, content_key, match_key, secret, withheld,
             items, health_consent, device, time_key, number_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19)",
        params![
            id,
            rfc3339(now),
            month.to_string(),
            fields.purchase_date.map(|d| d.to_string()),
            fields.merchant,
            fields.total.as_ref().map(|m| m.minor),
            fields.currency(),
            category,
            state.as_str(),
            receipt.source_kind,
            &keys.content[..],
            keys.fields.as_ref().map(|k| &k[..]),
            &secret[..],
            withheld,
            items,
            receipt.health_consent,
            device,
            keys.time.as_ref().map(|k| &k[..]),
            keys.number.as_ref().map(|k| &k[..]),
        ],
    )?;
    if receipt.health_consent {
        consents::record(tx, ConsentKind::Health, Some(&id), true, &rfc3339(now))?;
    }
    if let Some(shared) = receipt.shared {
        tx.execute(
            "INSERT INTO shared_content (receipt_id, mime, bytes) VALUES (?1, ?2, ?3)",
            params![id, shared.mime, shared.bytes],
        )?;
    }
    // The commitment binds the entry to the content without revealing it;
    // once the row and its secret are deleted it cannot be linked back.
    let commitment = keyed_hash(&secret, &[&keys.content]);
    let mut entry = json!({
                "receipt": id,
                "month": month.to_string(),
                "category": category,
                "state": state.as_str(),
                "withheld": receipt.withheld,
                "shared_by_choice": receipt.shared_findings,
                "health_consent": receipt.health_consent,
                "device_shared": receipt.device.is_some(),
                "shared_bytes": receipt.shared.as_ref().map_or(0, |s| s.bytes.len()),
                "commitment": data_encoding::HEXLOWER.encode(&commitment),
    });
    super::audit::commit_shared(tx, &id, &rfc3339(now), &mut entry)?;
    ledger::append(tx, LedgerEntry::new("receipt_shared", &rfc3339(now), entry))?;
    Ok(id)
}

/// A random 10-character base32 id, unused in `table` (`receipts` or
/// `surveys`).
pub(super) fn new_id(tx: &Transaction, table: &str) -> Result<String> {
    loop {
        let bytes = random_bytes::<7>();
        let mut id = data_encoding::BASE32_NOPAD
            .encode(&bytes)
            .to_ascii_lowercase();
        id.truncate(10);
        let taken: bool = tx.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"),
            [&id],
            |row| row.get(0),
        )?;
        if !taken {
            return Ok(id);
        }
    }
}

fn read_receipt(row: &Row) -> rusqlite::Result<Receipt> {
    let text_err = |i: usize, e: anyhow::Error| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    };
    let month: String = row.get(2)?;
    let purchase: Option<String> = row.get(3)?;
    let state: String = row.get(8)?;
    let withheld: String = row.get(10)?;
    let items: String = row.get(11)?;
    Ok(Receipt {
        id: row.get(0)?,
        submitted_at: read_instant(row, 1)?,
        month: month.parse().map_err(|e| text_err(2, e))?,
        purchase_date: purchase
            .map(|d| d.parse::<NaiveDate>())
            .transpose()
            .map_err(|e| text_err(3, e.into()))?,
        merchant: row.get(4)?,
        total_minor: row.get(5)?,
        currency: row.get(6)?,
        category: row.get(7)?,
        state: ReceiptState::parse(&state)
            .ok_or_else(|| text_err(8, anyhow::anyhow!("unknown state {state}")))?,
        source_kind: row.get(9)?,
        withheld: serde_json::from_str(&withheld).map_err(|e| text_err(10, e.into()))?,
        items: serde_json::from_str(&items).map_err(|e| text_err(11, e.into()))?,
        health_consent: row.get(12)?,
        device_shared: row.get(13)?,
    })
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
