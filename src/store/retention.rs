//! The retention rule: receipts whose month is more than
//! `retention_months` before the open month are purged exactly as a
//! panelist's delete would remove them (row, shared content, secret), each
//! with a `receipt_deleted` entry whose cause is `retention`, and the purge
//! as a whole with a `retention_purge` entry. Months are frozen before, so a
//! purge never changes what a month earned.
//!
//! A purge cannot be undone, and it follows the clock: a clock set years
//! ahead (a typo in `PANEL_NOW`, a machine whose clock jumped) would purge
//! every receipt. In a store used as intended, each month's first write
//! purges one month of receipts, and the clock is never far past the store's
//! own newest entry. So a purge that would take more than one month of
//! receipts, or that follows a clock more than a month past the newest entry,
//! is not made without the panelist's yes ([`Due::concern`]).

use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde_json::json;

use super::ledger::{self, LedgerEntry};
use super::receipts::delete_row;
use super::{ProgramToday, read_instant};
use crate::clock::rfc3339;
use crate::month::Month;

/// The first month kept; `None` when receipts are kept until deleted.
pub fn first_kept(at: &ProgramToday) -> Option<Month> {
    match at.rules.retention_months {
        0 => None,
        n => at.month.months_before(n),
    }
}

/// The receipts a purge would remove now, and what the store knows of time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub receipts: u64,
    /// The first and the last month of the receipts due.
    pub oldest: Month,
    pub newest: Month,
    /// Receipts of months before this one are due.
    pub first_kept: Month,
    pub now: DateTime<Utc>,
    /// The open month, by the clock.
    pub open_month: Month,
    /// The newest submission the store holds.
    pub store_newest: Option<DateTime<Utc>>,
    /// The panel month of that submission.
    pub store_newest_month: Option<Month>,
}

impl Due {
    /// Why this purge should not go ahead unasked; `None` for the usual
    /// monthly purge.
    pub fn concern(&self) -> Option<String> {
        // A month without receipts is usual; more than one whole month
        // between the newest receipt and the clock is not.
        if let (Some(newest), Some(month)) = (self.store_newest, self.store_newest_month)
            && month.next().next() < self.open_month
        {
            return Some(format!(
                "the clock says {}, more than a whole month after the store's newest receipt \
                 ({}); if the clock or PANEL_NOW is wrong, the purge would delete receipts that \
                 are not due",
                rfc3339(self.now),
                rfc3339(newest)
            ));
        }
        if self.oldest != self.newest {
            return Some(format!(
                "receipts of several months ({} to {}) would go at once, where one month goes in \
                 a usual month",
                self.oldest, self.newest
            ));
        }
        None
    }

    /// What the purge would do, in one sentence.
    pub fn describe(&self) -> String {
        let months = if self.oldest == self.newest {
            format!("of {}", self.oldest)
        } else {
            format!("of {} to {}", self.oldest, self.newest)
        };
        format!(
            "the retention rule would delete {} receipt(s) {months} (everything before {}), \
             for good",
            self.receipts, self.first_kept
        )
    }
}

/// The purge due now, if any: an index seek when none is.
pub fn due(conn: &Connection, at: &ProgramToday) -> Result<Option<Due>> {
    let Some(first) = first_kept(at) else {
        return Ok(None);
    };
    let any: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM receipts WHERE month < ?1)",
        [first.to_string()],
        |row| row.get(0),
    )?;
    if !any {
        return Ok(None);
    }
    let (newest_time, newest_month) = store_newest(conn)?;
    let (receipts, oldest, newest): (u64, String, String) = conn.query_row(
        "SELECT count(*), min(month), max(month) FROM receipts WHERE month < ?1",
        [first.to_string()],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    Ok(Some(Due {
        receipts,
        oldest: oldest.parse()?,
        newest: newest.parse()?,
        first_kept: first,
        now: at.now,
        open_month: at.month,
        store_newest: newest_time,
        store_newest_month: newest_month.map(|m| m.parse()).transpose()?,
    }))
}

/// The newest time in the store: its last submission. (Not the ledger's
/// last entry: an export made under a wrong clock writes one.)
fn store_newest(conn: &Connection) -> Result<(Option<DateTime<Utc>>, Option<String>)> {
    // Full scan, made only when a purge is due: about once a month.
    let newest: Option<(Option<DateTime<Utc>>, String)> = conn
        .query_row(
            "SELECT submitted_at, month FROM receipts ORDER BY submitted_at DESC LIMIT 1",
            [],
            |row| Ok((read_instant(row, 0).ok(), row.get(1)?)),
        )
        .optional()?;
    Ok(match newest {
        Some((at, month)) => (at, Some(month)),
        None => (None, None),
    })
}

/// Purges the receipts due; returns how many.
pub(super) fn purge(tx: &Transaction, at: &ProgramToday) -> Result<u64> {
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
