//! The ledger: appending inside the caller's transaction, and reading back.
//!
//! An entry lands in the same transaction as the change it records, so the
//! ledger can never disagree with the store about what happened. Each entry
//! carries its own sequence number, so that an entry moved to another place
//! in an export no longer hashes to the same leaf.

use anyhow::{Context, Result};
use rusqlite::{Connection, Transaction, params};
use serde_json::{Value, json};

use crate::proof::canonical::to_canonical_vec;

/// One event, as the JSON object that is stored.
pub struct LedgerEntry(Value);

impl LedgerEntry {
    /// `fields` must hold ids, kinds, counts, times and hashes only.
    pub fn new(event: &str, at: &str, fields: Value) -> LedgerEntry {
        let mut entry = json!({ "event": event, "at": at });
        if let (Value::Object(map), Value::Object(extra)) = (&mut entry, fields) {
            map.extend(extra);
        }
        LedgerEntry(entry)
    }

    fn event(&self) -> &str {
        self.0["event"].as_str().unwrap_or_default()
    }

    fn receipt(&self) -> Option<&str> {
        self.0["receipt"].as_str()
    }
}

/// Appends `entry` as the next one and returns its sequence number.
pub fn append(tx: &Transaction, mut entry: LedgerEntry) -> Result<i64> {
    let seq: i64 = tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM ledger", [], |row| {
        row.get(0)
    })?;
    entry.0["seq"] = json!(seq);
    let bytes = to_canonical_vec(&entry.0).context("a ledger entry is not canonical JSON")?;
    let text = String::from_utf8(bytes).expect("canonical JSON is UTF-8");
    tx.execute(
        "INSERT INTO ledger (seq, event, receipt, entry) VALUES (?1, ?2, ?3, ?4)",
        params![seq, entry.event(), entry.receipt(), text],
    )?;
    Ok(seq)
}

/// Number of entries.
pub fn size(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row("SELECT count(*) FROM ledger", [], |row| row.get(0))?)
}

/// Calls `each` with every entry's canonical bytes in order, reading one
/// row at a time.
pub fn for_each(conn: &Connection, mut each: impl FnMut(&[u8]) -> Result<()>) -> Result<()> {
    let mut stmt = conn.prepare("SELECT entry FROM ledger ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let entry = row.get_ref(0)?.as_str()?;
        each(entry.as_bytes())?;
    }
    Ok(())
}
