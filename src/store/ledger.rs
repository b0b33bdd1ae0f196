//! Appending to the ledger, inside the caller's transaction.
//!
//! An entry lands in the same transaction as the change it records, so the
//! ledger can never disagree with the store about what happened.

use anyhow::Result;
use rusqlite::Transaction;
use serde_json::{Value, json};

use crate::audit::canonical::to_canonical_vec;

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

    /// The canonical (RFC 8785) bytes that are stored and hashed.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        Ok(to_canonical_vec(&self.0)?)
    }
}

pub fn append(tx: &Transaction, entry: &LedgerEntry) -> Result<()> {
    tx.execute(
        "INSERT INTO ledger (entry) VALUES (?1)",
        [entry.to_bytes()?],
    )?;
    Ok(())
}
