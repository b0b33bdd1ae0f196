//! The retention rule: receipts whose month is more than
//! `retention_months` before the open month are purged exactly as a
//! panelist's delete would remove them (row, shared content, secret), each
//! with a `receipt_deleted` entry whose cause is `retention`, and the purge
//! as a whole with a `retention_purge` entry. Months are frozen before, so a
//! purge never changes what a month earned.

use anyhow::Result;
use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::Moment;
use super::ledger::{self, LedgerEntry};
use super::receipts::{delete_row, rfc3339};
use crate::program::month::Month;

/// The first month kept; `None` when receipts are kept until deleted.
pub fn first_kept(at: &Moment) -> Option<Month> {
    match at.rules.retention_months {
        0 => None,
        n => at.month.months_before(n),
    }
}

/// Whether any receipt is due for the purge: one index seek.
pub(super) fn is_due(conn: &Connection, at: &Moment) -> Result<bool> {
    let Some(first) = first_kept(at) else {
        return Ok(false);
    };
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM receipts WHERE month < ?1)",
        [first.to_string()],
        |row| row.get(0),
    )?)
}

/// Purges the receipts due; returns how many.
pub(super) fn purge(tx: &Transaction, at: &Moment) -> Result<u64> {
    let Some(first) = first_kept(at) else {
        return Ok(0);
    };
    let ids: Vec<String> = tx
        .prepare("SELECT id FROM receipts WHERE month < ?1 ORDER BY submitted_at, rowid")?
        .query_map([first.to_string()], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &ids {
        delete_row(tx, id, at.now, at.month, "retention")?;
    }
    if !ids.is_empty() {
        ledger::append(
            tx,
            LedgerEntry::new(
                "retention_purge",
                &rfc3339(at.now),
                json!({
                    "retention_months": at.rules.retention_months,
                    "before_month": first.to_string(),
                    "receipts": ids.len(),
                }),
            ),
        )?;
    }
    Ok(ids.len() as u64)
}
