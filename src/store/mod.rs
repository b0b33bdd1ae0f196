//! The panel's one SQLite file, opened one way only.
//!
//! `Store::open` is the single door: it creates the folder and file private to
//! their owner, sets the pragmas every connection needs (WAL, `secure_delete`,
//! foreign keys, a busy timeout), and brings the schema up to date or refuses a
//! store written by a newer `panel`. Writes go through [`Store::write`], which
//! always takes an IMMEDIATE transaction so concurrent `panel` processes queue
//! on the busy timeout instead of failing halfway through.
//!
//! Every write a command makes goes through [`Store::write_at`], which first
//! does the program's housekeeping in the same transaction: it freezes each
//! month that has ended since the last write, so that nothing done later can
//! change what an ended month earned. When receipts are older than the
//! retention period, a transaction of its own purges them first, followed by
//! the checkpoint that takes their pages out of the write-ahead log.

pub mod audit;
pub mod consents;
mod keys;
mod ledger;
mod migrations;
pub mod months;
pub mod receipts;
mod retention;
pub mod surveys;

use std::fs::OpenOptions;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};
use thiserror::Error;

pub use keys::StoreKey;

use crate::config::Program;
use crate::program::month::Month;

/// When a command runs and under which rules: the instant, the panel month
/// it falls in (in the panelist's time zone) and the program's rules. The
/// store never reads a clock or the configuration itself.
#[derive(Debug, Clone, Copy)]
pub struct Moment<'a> {
    pub now: DateTime<Utc>,
    /// The open month.
    pub month: Month,
    pub rules: &'a Program,
}

/// How long a command waits for another `panel` process to finish writing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// A store that cannot be used at all: exit code 3.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "{path} was written by a newer panel (schema {found}, this panel knows up to {known}); \
         upgrade panel to use it"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "{path} is busy: another panel process held it for more than {}s; try again when it ends",
        BUSY_TIMEOUT.as_secs()
    )]
    Busy { path: PathBuf },
    #[error(
        "{path} is damaged or not a panel store ({detail}); restore it from a backup or move it away"
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "after the delete, the write-ahead log of {path} could not be emptied because another \
         panel process is reading it; the deleted data may remain in {path}-wal until `panel delete` \
         or any write runs again with no other panel process open"
    )]
    CheckpointBlocked { path: PathBuf },
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    key: StoreKey,
}

impl Store {
    pub fn open(path: &Path) -> Result<Store> {
        create_private_file(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| classify(e, path))
            .with_context(|| format!("cannot open the panel store {}", path.display()))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            key: StoreKey::placeholder(),
        };
        store.configure().map_err(|e| classify_anyhow(e, path))?;
        migrations::migrate(&mut store.conn, path).map_err(|e| classify_anyhow(e, path))?;
        store.key = match keys::load(&store.conn).map_err(|e| classify_anyhow(e, path))? {
            Some(key) => key,
            None => store
                .write(keys::load_or_create)
                .map_err(|e| classify_anyhow(e, path))?,
        };
        Ok(store)
    }

    fn configure(&mut self) -> Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        self.conn.pragma_update(None, "secure_delete", "ON")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        // Several processes opening a new store at once race to switch it to
        // WAL; the loser sees SQLITE_BUSY without the busy handler running.
        let mut attempts = 0;
        loop {
            match self
                .conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
            {
                Ok(_) => break,
                Err(e) if is_busy(&e) && attempts < 200 => {
                    attempts += 1;
                    std::thread::sleep(Duration::from_millis(25));
                }
                Err(e) => return Err(e.into()),
            }
        }
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(())
    }

    pub fn key(&self) -> &StoreKey {
        &self.key
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `work` in one IMMEDIATE transaction: all of it lands or none.
    pub fn write<T>(&mut self, work: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| classify(e, &self.path))?;
        let value = work(&tx)?;
        tx.commit().map_err(|e| classify(e, &self.path))?;
        Ok(value)
    }

    /// Runs `work` in one IMMEDIATE transaction after the housekeeping every
    /// write does (see the module notes).
    pub fn write_at<T>(
        &mut self,
        at: &Moment,
        work: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        if retention::is_due(self.conn(), at)? {
            let purged = self.write(|tx| {
                months::close_ended(tx, at)?;
                retention::purge(tx, at)
            })?;
            if purged > 0 {
                self.checkpoint_truncate()?;
            }
        }
        self.write(|tx| {
            months::close_ended(tx, at)?;
            work(tx)
        })
    }

    /// Empties the write-ahead log into the main file and truncates it, so
    /// pages holding deleted data leave `-wal`.
    pub fn checkpoint_truncate(&self) -> Result<()> {
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))
            .map_err(|e| classify(e, &self.path))?;
        if busy != 0 {
            return Err(StoreError::CheckpointBlocked {
                path: self.path.clone(),
            }
            .into());
        }
        Ok(())
    }
}

/// Creates the store file with mode 0600 before SQLite does, so that SQLite's
/// `-wal` and `-shm` files, which copy its mode, are private too.
fn create_private_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent() {
        crate::paths::create_private_dir(dir)?;
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot open the panel store {}", path.display()))?;
    let mode = file.metadata()?.permissions().mode() & 0o777;
    if mode != 0o600 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("cannot make {} private (mode 0600)", path.display()))?;
    }
    Ok(())
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// Turns SQLite's "busy" and "corrupt" into the store errors that exit 3.
fn classify(e: rusqlite::Error, path: &Path) -> anyhow::Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy {
            path: path.to_path_buf(),
        }
        .into(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        }
        .into(),
        _ => e.into(),
    }
}

fn classify_anyhow(e: anyhow::Error, path: &Path) -> anyhow::Error {
    if e.downcast_ref::<StoreError>().is_some() {
        return e;
    }
    match e.downcast::<rusqlite::Error>() {
        Ok(sqlite) => classify(sqlite, path),
        Err(other) => other,
    }
}
