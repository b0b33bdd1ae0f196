//! The schema, as an ordered list of steps tracked by `PRAGMA user_version`.
//!
//! Each step runs in its own IMMEDIATE transaction, so two processes opening an
//! old store at once apply it exactly once. A store whose version is above the
//! last step was written by a newer `panel` and is refused, never downgraded.

use std::path::Path;

use anyhow::Result;
use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// Step `i` takes the schema from version `i` to `i + 1`.
pub(super) const STEPS: &[&str] = &[
    include_str!("schema/v1.sql"),
    include_str!("schema/v2.sql"),
    include_str!("schema/v3.sql"),
    include_str!("schema/v4.sql"),
];

pub fn latest_version() -> i64 {
    STEPS.len() as i64
}

pub fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let current = user_version(conn)?;
    if current > latest_version() {
        return Err(too_new(path, current));
    }
    if current == latest_version() {
        return Ok(());
    }
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version > latest_version() {
            return Err(too_new(path, version));
        }
        if version == latest_version() {
            return Ok(());
        }
        tx.execute_batch(STEPS[version as usize])?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

pub(crate) fn too_new(path: &Path, found: i64) -> anyhow::Error {
    StoreError::TooNew {
        path: path.to_path_buf(),
        found,
        known: latest_version(),
    }
    .into()
}
